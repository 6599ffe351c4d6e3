import { and, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, unitsWithRole } from '../../platform/access/actor';
import { atOrBelow, lower, titleFor } from '../../platform/access/classification';
import { forbidden, notFound } from '../../platform/errors';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { dispatch, task } from '../../platform/flow/schema';
import { stateName } from '../../platform/flow/states';
import { chinaToday } from '../../platform/workbench/service';
import { unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { lightOf } from './policy';
import { lightSettings } from './settings';
import { SUPERVISION_KIND } from './service';
import { STEP, SUPERVISE } from './flow';

// 一个单位的督办看板 (issue 16 §6): what one unit owes — items it is 主办 or 协办 on — from the kernel's own rows: the
// sendings still to sign for (dispatch, pending, not superseded) and the unit's 办理 tasks (task.for_unit_id). An item
// is in one group only: 待签收, 在办, 逾期 (either of those past the unit's date), 已办结 (its part given in within
// the last 90 days, and nothing open again — 退回重办 brings it back to 在办).

/** How far back the board shows the unit's handled items. */
const DONE_WITHIN_DAYS = 90;
const DAY_MS = 86_400_000;

type Stage = 'pending' | 'handling' | 'done';
type Role = 'lead' | 'assisting';

/** What the unit owes on one item, before the reader's rights are applied. */
interface Owed {
  itemId: string;
  role: Role;
  stage: Stage;
  dueDate: string | null;
  nextReportDate: string | null;
  doneAt: Date | null;
}

/**
 * Whose board the reader may see: their own unit's (the unit of the post they act in), another only as a supervisor
 * over it. A unit that does not exist is refused the same way, so an id tells nothing.
 */
function boardUnit(ctx: RequestContext, asked: string | undefined) {
  const { actor } = ctx;
  const unitId = asked ?? actor.unitId;
  if (!unitId) throw forbidden('您当前的岗位不属于任何单位，没有单位督办看板');
  if (unitId !== actor.unitId && !hasRoleOver(actor, 'supervisor', unitId)) throw forbidden('只能查看本单位的督办看板');
  return unitId;
}

/** The unit's part of each item: an open 办理 task first, then a sending to sign for, then its latest handled task. */
async function owedBy(db: Queryable, unitId: string, now: Date): Promise<Owed[]> {
  const since = new Date(now.getTime() - DONE_WITHIN_DAYS * DAY_MS);
  const [tasks, sendings] = await Promise.all([
    db
      .select({
        itemId: task.itemId,
        role: task.unitRole,
        state: task.state,
        dueDate: task.dueDate,
        progressDueDate: task.progressDueDate,
        completedAt: task.completedAt,
      })
      .from(task)
      .innerJoin(item, eq(item.id, task.itemId))
      .where(
        and(
          eq(task.forUnitId, unitId),
          eq(task.stepKey, STEP.handle),
          eq(item.kind, SUPERVISION_KIND),
          or(eq(task.state, 'open'), and(eq(task.state, 'done'), gte(task.completedAt, since))),
        ),
      )
      .orderBy(desc(task.completedAt)),
    db
      .select({ itemId: dispatch.itemId, role: dispatch.role, dueDate: dispatch.dueDate })
      .from(dispatch)
      .where(
        and(
          eq(dispatch.unitId, unitId),
          eq(dispatch.kind, SUPERVISE),
          eq(dispatch.state, 'pending'),
          isNull(dispatch.supersededAt),
        ),
      ),
  ]);
  const owed = new Map<string, Owed>();
  const role = (r: string | null): Role => (r === 'lead' ? 'lead' : 'assisting');
  for (const t of tasks.filter((x) => x.state === 'open'))
    owed.set(t.itemId, {
      itemId: t.itemId,
      role: role(t.role),
      stage: 'handling',
      dueDate: t.dueDate,
      nextReportDate: t.progressDueDate,
      doneAt: null,
    });
  for (const d of sendings)
    if (!owed.has(d.itemId))
      owed.set(d.itemId, {
        itemId: d.itemId,
        role: role(d.role),
        stage: 'pending',
        dueDate: d.dueDate,
        nextReportDate: null,
        doneAt: null,
      });
  // Newest first: the first handled task met on an item is its latest.
  for (const t of tasks.filter((x) => x.state === 'done'))
    if (!owed.has(t.itemId))
      owed.set(t.itemId, {
        itemId: t.itemId,
        role: role(t.role),
        stage: 'done',
        dueDate: t.dueDate,
        nextReportDate: null,
        doneAt: t.completedAt,
      });
  return [...owed.values()];
}

/**
 * A unit's board. Rows are the items the reader may open (`readableItemsWhere`); the unit's registrars, who sign for
 * every sending, see all of the unit's items their clearance allows. Items of the unit the reader may not open are
 * only counted (`unlisted`): a colleague's work is no secret from the unit, its content may be.
 */
export async function supervisionBoard(db: Queryable, ctx: RequestContext, asked: string | undefined) {
  const unitId = boardUnit(ctx, asked);
  const { actor } = ctx;
  const [u] = await db.select({ id: unit.id, name: unit.name }).from(unit).where(eq(unit.id, unitId));
  if (!u) throw notFound('单位');
  const today = chinaToday(ctx.now);
  const settings = await lightSettings(db);
  const owed = await owedBy(db, unitId, ctx.now);
  const registrar = hasRoleOver(actor, 'registrar', unitId);
  const levels = atOrBelow(lower(actor.clearance, ctx.ceiling));
  const items = owed.length
    ? await db
        .select({
          id: item.id,
          title: item.title,
          registryNo: item.registryNo,
          classification: item.classification,
          kind: item.kind,
          state: item.state,
          dueDate: item.dueDate,
          owningUnitId: item.owningUnitId,
          readable: sql<boolean>`(${readableItemsWhere(actor, ctx.ceiling)})`,
        })
        .from(item)
        .where(
          and(
            inArray(
              item.id,
              owed.map((o) => o.itemId),
            ),
            inArray(item.classification, levels),
          ),
        )
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const groups = { pending: [], handling: [], overdue: [], done: [] } as Record<
    'pending' | 'handling' | 'overdue' | 'done',
    ReturnType<typeof row>[]
  >;
  let unlisted = 0;
  function row(o: Owed, it: (typeof items)[number]) {
    const due = o.dueDate ?? it.dueDate;
    return {
      itemId: it.id,
      registryNo: it.registryNo ?? '',
      title: titleFor(actor, it.classification as Classification, it.title),
      role: o.role,
      stage: o.stage,
      dueDate: due,
      state: stateName(it.kind, it.state),
      stateKey: it.state,
      light:
        o.stage === 'done' || !due
          ? null
          : lightOf(
              { dueDate: due, progressOverdue: !!o.nextReportDate && o.nextReportDate < today },
              today,
              ctx.cal,
              settings.of(it.owningUnitId),
            ),
      nextReportDate: o.nextReportDate,
      doneOn: o.doneAt ? chinaToday(o.doneAt) : null,
    };
  }
  for (const o of owed) {
    const it = byId.get(o.itemId);
    if (!it) continue;
    if (!it.readable && !registrar) {
      unlisted += 1;
      continue;
    }
    const r = row(o, it);
    groups[o.stage !== 'done' && r.dueDate && r.dueDate < today ? 'overdue' : o.stage].push(r);
  }
  // Soonest due first; the handled ones latest first.
  const byDue = (a: { dueDate: string | null }, b: { dueDate: string | null }) =>
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
  for (const k of ['pending', 'handling', 'overdue'] as const) groups[k].sort(byDue);
  groups.done.sort((a, b) => (b.doneOn ?? '').localeCompare(a.doneOn ?? ''));
  const group = (k: keyof typeof groups) => ({ count: groups[k].length, items: groups[k] });
  return {
    unit: u,
    today,
    groups: { pending: group('pending'), handling: group('handling'), overdue: group('overdue'), done: group('done') },
    unlisted,
    supervises: unitsWithRole(actor, 'supervisor').length > 0,
  };
}

import { aliasedTable, and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { atOrBelow, lower, titleFor } from '../../platform/access/classification';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { progressOfTasks } from '../../platform/flow/progress';
import { task, taskProgress } from '../../platform/flow/schema';
import { stateName } from '../../platform/flow/states';
import { chinaToday } from '../../platform/workbench/service';
import { unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { lightOf } from './policy';
import { lightSettings } from './settings';
import { supervisionItem } from './schema';
import { progressOverdue } from './register';
import { SUPERVISION_KIND } from './service';
import { STEP } from './flow';

// 领导督办页 (issue 16 §6): "everything from my 批示 and where each stands" — the items carrying out the reader's 批示
// and those they answer for (责任领导), with the light, the lead unit's latest report, and whether the result came
// back to them (呈阅 at 销号, 件件有回音).

const leadUnit = aliasedTable(unit, 'lead_unit');

const reportLate = progressOverdue;

/**
 * The leader's items, open ones first by due date, then closed ones latest first. The leader is named on each item,
 * so sees it listed whatever else they may read (within their clearance); `readable` says whether its page opens.
 */
export async function supervisionLeaderPage(tx: Tx, ctx: RequestContext) {
  const { actor } = ctx;
  const me = actor.personId;
  const today = chinaToday(ctx.now);
  const settings = await lightSettings(tx);
  const rows = await tx
    .select({
      s: supervisionItem,
      it: item,
      lead: { id: leadUnit.id, name: leadUnit.name },
      late: reportLate(today),
      readable: sql<boolean>`(${readableItemsWhere(actor, ctx.ceiling)})`,
    })
    .from(supervisionItem)
    .innerJoin(item, eq(item.id, supervisionItem.itemId))
    .innerJoin(leadUnit, eq(leadUnit.id, supervisionItem.leadUnitId))
    .where(
      and(
        eq(item.kind, SUPERVISION_KIND),
        or(eq(supervisionItem.instructedByPersonId, me), eq(supervisionItem.leaderPersonId, me)),
        inArray(item.classification, atOrBelow(lower(actor.clearance, ctx.ceiling))),
      ),
    )
    .orderBy(
      sql`${item.closedAt} is not null`,
      sql`case when ${item.closedAt} is null then ${item.dueDate} end`,
      desc(item.closedAt),
    );
  const ids = rows.map((r) => r.it.id);
  const reports = ids.length
    ? await progressOfTasks(
        tx,
        and(
          inArray(taskProgress.itemId, ids),
          inArray(
            taskProgress.taskId,
            tx
              .select({ id: task.id })
              .from(task)
              .where(and(inArray(task.itemId, ids), eq(task.stepKey, STEP.handle))),
          ),
        )!,
      )
    : [];
  const itemOfTask = new Map<string, string>();
  if (reports.length)
    for (const t of await tx
      .select({ id: task.id, itemId: task.itemId })
      .from(task)
      .where(
        inArray(
          task.id,
          reports.map((r) => r.taskId),
        ),
      ))
      itemOfTask.set(t.id, t.itemId);
  // Oldest first: the last one met for an item is its latest.
  const latest = new Map<string, (typeof reports)[number]>();
  for (const r of reports) latest.set(itemOfTask.get(r.taskId)!, r);
  // 呈阅 at 销号: a 待阅 of the item for whoever reads the result (actions.ts afterStep), given since it closed.
  const readers = ids.length
    ? await tx
        .select({ itemId: task.itemId, person: task.assigneePersonId, state: task.state, createdAt: task.createdAt })
        .from(task)
        .innerJoin(item, eq(item.id, task.itemId))
        .where(
          and(inArray(task.itemId, ids), eq(task.kind, 'read'), isNull(task.stepKey), sql`${task.createdAt} >= ${item.closedAt}`),
        )
    : [];
  const counts = { green: 0, yellow: 0, red: 0, closed: 0 };
  const items = rows.map(({ s, it, lead, late, readable }) => {
    const light = lightOf(
      { dueDate: it.dueDate!, closedAt: it.closedAt, progressOverdue: late },
      today,
      ctx.cal,
      settings.of(it.owningUnitId),
    );
    counts[light ?? 'closed'] += 1;
    const resultReader = s.instructedByPersonId ?? (s.source === 'leaderInstruction' ? s.leaderPersonId : null);
    const sent = readers.filter((x) => x.itemId === it.id && x.person === resultReader && x.state !== 'cancelled');
    const report = latest.get(it.id);
    return {
      itemId: it.id,
      registryNo: it.registryNo ?? '',
      title: titleFor(actor, it.classification as Classification, it.title),
      instructed: s.instructedByPersonId === me,
      responsible: s.leaderPersonId === me,
      state: stateName(it.kind, it.state),
      stateKey: it.state,
      light,
      dueDate: it.dueDate!,
      leadUnit: lead,
      lastReport: report
        ? { text: report.text, date: chinaToday(new Date(report.createdAt)), signature: report.signature }
        : null,
      resultSent: sent.length > 0,
      resultRead: sent.some((x) => x.state === 'done'),
      readable: Boolean(readable),
    };
  });
  return { items, counts };
}

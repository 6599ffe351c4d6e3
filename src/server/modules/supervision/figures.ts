import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import type { WorkCalendar } from '../../platform/calendar/calendar';
import { item } from '../../platform/items/schema';
import { readableItemsWhere } from '../../platform/items/service';
import { task, taskExtension } from '../../platform/flow/schema';
import { chinaToday } from '../../platform/workbench/service';
import { unit } from '../../org/schema';
import type { SupervisionSource } from '../../../contract/supervision';
import { FIGURES, SOURCES } from './policy';
import { STEP } from './flow';
import { supervisionItem } from './schema';

// 效能 of 督查督办 (issue 16 §8, DOMAIN §6.4), as `policy.ts FIGURES` defines each figure: for a period, in total, by
// lead unit and by source. Outcomes only — nothing here counts activity (reports filed, logins). Computed from the
// items themselves so that the 督查通报 and the register agree with them.

/** One item as the figures see it: its dates, its outcome, and the deadline in force. */
interface Fact {
  itemId: string;
  registryNo: string;
  title: string;
  source: SupervisionSource;
  leadUnitId: string;
  openedOn: string;
  /** The deadline set at 立项 (or 交办), moved only by an approved 延期 of the lead unit — not by 退回重办's new date. */
  deadline: string;
  /** The day of 销号 (China time), or null. */
  closedOn: string | null;
  redone: boolean;
}

export interface FigureRow {
  opened: number;
  closed: number;
  /** Items whose deadline in force falls in the period: the denominator of 办结率, 按期办结率 and 超期. */
  due: number;
  dueClosed: number;
  onTime: number;
  closeRate: number | null;
  onTimeRate: number | null;
  extensions: number;
  overdue: number;
  redoRate: number | null;
  cycleWorkdays: number | null;
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/**
 * The figures of a set of items for [from, to], by FIGURES' definitions. `asOf` is the day the figures are read: an
 * item due in the period and still open is 超期 only once its deadline has passed by then.
 */
function figuresOf(facts: Fact[], extensions: number, p: { from: string; to: string; asOf: string }, cal: WorkCalendar) {
  const inPeriod = (d: string | null) => d !== null && d >= p.from && d <= p.to;
  const opened = facts.filter((f) => inPeriod(f.openedOn)).length;
  const closed = facts.filter((f) => inPeriod(f.closedOn));
  const due = facts.filter((f) => inPeriod(f.deadline));
  const dueClosed = due.filter((f) => f.closedOn !== null && f.closedOn <= p.to);
  const onTime = due.filter((f) => f.closedOn !== null && f.closedOn <= f.deadline);
  // 超期: due in the period and not closed by its deadline — closed late, or still open once the deadline has passed.
  const overdue = due.filter((f) => (f.closedOn !== null ? f.closedOn > f.deadline : f.deadline < p.asOf));
  const cycles = closed.map((f) => cal.workdaysBetween(f.openedOn, f.closedOn!).days);
  const row: FigureRow = {
    opened,
    closed: closed.length,
    due: due.length,
    dueClosed: dueClosed.length,
    onTime: onTime.length,
    closeRate: rate(dueClosed.length, due.length),
    onTimeRate: rate(onTime.length, due.length),
    extensions,
    overdue: overdue.length,
    redoRate: rate(closed.filter((f) => f.redone).length, closed.length),
    cycleWorkdays: cycles.length ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10 : null,
  };
  return { row, overdue };
}

/**
 * The items a period's figures need — opened, due or closed in it — of the office the reader supervises, or, for
 * anyone else, of their own unit as lead (any unit may see every figure published about it). Readable ones only.
 */
async function factsFor(db: Queryable, ctx: RequestContext, p: { from: string; to: string }) {
  const a = ctx.actor;
  const supervises = !!a.unitId && hasRoleOver(a, 'supervisor', a.unitId);
  const closedOn = sql<string | null>`(${item.closedAt} at time zone 'Asia/Shanghai')::date::text`;
  // The deadline in force: the latest date an approved 延期 of the lead unit's 办理 gave, else the one set.
  const extended = sql<string | null>`(select max(te.decided_date)::text from ${taskExtension} te
    join ${task} t on t.id = te.task_id
    where te.item_id = ${item.id} and te.state = 'approved' and t.step_key = ${STEP.handle} and t.unit_role = 'lead')`;
  const rows = await db
    .select({
      itemId: item.id,
      registryNo: item.registryNo,
      title: item.title,
      state: item.state,
      source: supervisionItem.source,
      leadUnitId: supervisionItem.leadUnitId,
      openedOn: supervisionItem.openedOn,
      original: supervisionItem.originalDueDate,
      dueDate: item.dueDate,
      extended,
      closedOn,
      redoCount: supervisionItem.redoCount,
    })
    .from(supervisionItem)
    .innerJoin(item, eq(item.id, supervisionItem.itemId))
    .where(
      and(
        readableItemsWhere(a, ctx.ceiling),
        supervises ? undefined : eq(supervisionItem.leadUnitId, a.unitId ?? '00000000-0000-0000-0000-000000000000'),
        // Opened by the period's end; which of them were due or closed in it is worked out below.
        lte(supervisionItem.openedOn, p.to),
      ),
    );
  return rows.map((r) => {
    const live = r.state !== 'withdrawn' && r.state !== 'declined';
    const set = r.original ?? r.dueDate!;
    return {
      live,
      fact: {
        itemId: r.itemId,
        registryNo: r.registryNo ?? '',
        title: r.title,
        source: r.source,
        leadUnitId: r.leadUnitId,
        openedOn: r.openedOn,
        deadline: r.extended && r.extended > set ? r.extended : set,
        closedOn: r.state === 'closed' ? r.closedOn : null,
        redone: r.redoCount > 0,
      } satisfies Fact,
    };
  });
}

/** Approved 延期 of the items' 办理 decided in the period, per item. */
async function extensionsIn(db: Queryable, itemIds: string[], p: { from: string; to: string }) {
  if (!itemIds.length) return new Map<string, number>();
  const rows = await db
    .select({ itemId: taskExtension.itemId, n: sql<number>`count(*)::int` })
    .from(taskExtension)
    .innerJoin(task, eq(task.id, taskExtension.taskId))
    .where(
      and(
        inArray(taskExtension.itemId, itemIds),
        eq(taskExtension.state, 'approved'),
        eq(task.stepKey, STEP.handle),
        sql`(${taskExtension.decidedAt} at time zone 'Asia/Shanghai')::date between ${p.from}::date and ${p.to}::date`,
      ),
    )
    .groupBy(taskExtension.itemId);
  return new Map(rows.map((r) => [r.itemId, Number(r.n)]));
}

/**
 * The module's figures for a period: in total, by lead unit and by source, and the items overdue (超期) — what the
 * 督查通报 states and the 效能 page shows.
 */
export async function supervisionFigures(db: Queryable, ctx: RequestContext, p: { from: string; to: string }) {
  const all = await factsFor(db, ctx, p);
  // 立项 counts every item opened, even one withdrawn later; the outcomes only the items that were to be done.
  const facts = all.filter((x) => x.live).map((x) => x.fact);
  const withdrawnOpened = all.filter((x) => !x.live && x.fact.openedOn >= p.from).map((x) => x.fact);
  const ext = await extensionsIn(
    db,
    facts.map((f) => f.itemId),
    p,
  );
  const period = { ...p, asOf: chinaToday(ctx.now) };
  const sum = (fs: Fact[]) => fs.reduce((n, f) => n + (ext.get(f.itemId) ?? 0), 0);
  const withOpened = (fs: Fact[], extra: Fact[]) => {
    const { row, overdue } = figuresOf(fs, sum(fs), period, ctx.cal);
    return { row: { ...row, opened: row.opened + extra.length }, overdue };
  };
  const total = withOpened(facts, withdrawnOpened);
  const unitIds = [...new Set([...facts, ...withdrawnOpened].map((f) => f.leadUnitId))];
  const names = unitIds.length
    ? new Map(
        (
          await db.select({ id: unit.id, name: unit.name, order: unit.sortOrder }).from(unit).where(inArray(unit.id, unitIds))
        ).map((u) => [u.id, u]),
      )
    : new Map<string, { name: string; order: number }>();
  const byUnit = unitIds
    .map((id) => ({
      unit: { id, name: names.get(id)?.name ?? '' },
      order: names.get(id)?.order ?? 0,
      ...withOpened(
        facts.filter((f) => f.leadUnitId === id),
        withdrawnOpened.filter((f) => f.leadUnitId === id),
      ).row,
    }))
    .sort((a, b) => a.order - b.order || a.unit.name.localeCompare(b.unit.name, 'zh-CN'))
    .map(({ order: _order, ...r }) => r);
  const bySource = (Object.keys(SOURCES) as SupervisionSource[])
    .map((source) => ({
      source,
      sourceName: SOURCES[source].name,
      ...withOpened(
        facts.filter((f) => f.source === source),
        withdrawnOpened.filter((f) => f.source === source),
      ).row,
    }))
    .filter((r) => r.opened || r.closed || r.due || r.extensions);
  return {
    period: p,
    asOf: period.asOf,
    definitions: Object.fromEntries(Object.entries(FIGURES).map(([k, v]) => [k, v.name])),
    total: total.row,
    byUnit,
    bySource,
    overdue: total.overdue
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map((f) => ({
        itemId: f.itemId,
        registryNo: f.registryNo,
        title: f.title,
        leadUnit: { id: f.leadUnitId, name: names.get(f.leadUnitId)?.name ?? '' },
        deadline: f.deadline,
        closedOn: f.closedOn,
      })),
  };
}

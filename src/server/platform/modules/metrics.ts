// Items closed in the ordinary way (办结) count; returned or withdrawn items close in other states.
import { CLOSED } from '../flow/states';
import { and, between, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import type { WorkCalendar } from '../calendar/calendar';
import { item } from '../items/schema';
import { task, taskExtension } from '../flow/schema';
import { unit } from '../../org/schema';
import type { MetricDef, ModuleDef } from './registry';
import { metricItemClosed, metricItemCreated, metricTaskDone, NO_UNIT } from './schema';
import type { MetricResult, MetricsReport } from '../../../contract/metrics';

// 效能 figures of one module for one office over a period: period figures from the daily rollups the
// database keeps from items and tasks (schema.ts, migration 0011), what is overdue now from the open tasks
// themselves (the outcome of every action is there; the event log holds the same history for audit).
// Days are China days: a timestamp counts on the date it has in Beijing, whatever the server's zone.

export interface MetricsScope {
  /** The office whose items are measured (the item's owning unit). */
  unitId: string;
  /** Inclusive China dates. */
  from: string;
  to: string;
  /** China today, for what is overdue now. */
  today: string;
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);

/** A count, in all and per unit the tasks were for (worst first is the caller's). */
function counted(
  base: Pick<MetricResult, 'key' | 'name' | 'type'>,
  rows: { unitId: string | null; n: number }[],
  byUnit: boolean | undefined,
): MetricResult {
  return {
    ...base,
    value: rows.reduce((a, r) => a + Number(r.n), 0),
    numerator: null,
    denominator: null,
    byUnit: byUnit
      ? rows
          .filter((r) => r.unitId)
          .map((r) => ({ unitId: r.unitId!, unitName: '', value: Number(r.n), numerator: null, denominator: null }))
      : null,
  };
}

async function measure(db: Queryable, cal: WorkCalendar, mod: ModuleDef, m: MetricDef, s: MetricsScope): Promise<MetricResult> {
  const mine = and(eq(item.kind, mod.kind), eq(item.owningUnitId, s.unitId));
  const base = { key: m.key, name: m.name, type: m.measure.type };
  // Period figures read the rollups the database keeps by China day (schema.ts beside this file):
  // a year is a few hundred rows, however many documents the office has had.
  switch (m.measure.type) {
    case 'created': {
      const c = metricItemCreated;
      const [r] = await db
        .select({ n: sql<number>`coalesce(sum(${c.n}), 0)::int` })
        .from(c)
        .where(and(eq(c.kind, mod.kind), eq(c.unitId, s.unitId), between(c.day, s.from, s.to)));
      return { ...base, value: Number(r?.n ?? 0), numerator: null, denominator: null, byUnit: null };
    }
    case 'closed': {
      const c = metricItemClosed;
      const [r] = await db
        .select({ n: sql<number>`coalesce(sum(${c.n}), 0)::int` })
        .from(c)
        .where(and(eq(c.kind, mod.kind), eq(c.unitId, s.unitId), eq(c.state, CLOSED), between(c.closedDay, s.from, s.to)));
      return { ...base, value: Number(r?.n ?? 0), numerator: null, denominator: null, byUnit: null };
    }
    case 'cycleWorkdays': {
      // By the pair of days, so the working days between them are counted once per pair.
      const c = metricItemClosed;
      const rows = await db
        .select({ created: c.createdDay, closed: c.closedDay, n: sql<number>`sum(${c.n})::int` })
        .from(c)
        .where(and(eq(c.kind, mod.kind), eq(c.unitId, s.unitId), eq(c.state, CLOSED), between(c.closedDay, s.from, s.to)))
        .groupBy(c.createdDay, c.closedDay);
      let days = 0;
      let n = 0;
      for (const r of rows) {
        days += cal.workdaysBetween(r.created, r.closed).days * Number(r.n);
        n += Number(r.n);
      }
      return { ...base, value: n ? Math.round((days / n) * 10) / 10 : null, numerator: days, denominator: n, byUnit: null };
    }
    case 'onTimeRate': {
      const c = metricTaskDone;
      const grouped = await db
        .select({ unitId: c.forUnitId, onTime: sql<number>`sum(${c.onTime})::int`, total: sql<number>`sum(${c.total})::int` })
        .from(c)
        .where(and(eq(c.kind, mod.kind), eq(c.unitId, s.unitId), eq(c.stepKey, m.measure.step), between(c.day, s.from, s.to)))
        .groupBy(c.forUnitId);
      const rows = grouped
        .filter((r) => Number(r.total) > 0)
        .map((r) => ({ ...r, unitId: r.unitId === NO_UNIT ? null : r.unitId }));
      const on = rows.reduce((a, r) => a + Number(r.onTime), 0);
      const all = rows.reduce((a, r) => a + Number(r.total), 0);
      return {
        ...base,
        value: pct(on, all),
        numerator: on,
        denominator: all,
        byUnit: m.byUnit
          ? rows
              .filter((r) => r.unitId)
              .map((r) => ({
                unitId: r.unitId!,
                unitName: '',
                value: pct(Number(r.onTime), Number(r.total)),
                numerator: Number(r.onTime),
                denominator: Number(r.total),
              }))
          : null,
      };
    }
    case 'overdueOpen': {
      const step = m.measure.step;
      const rows = await db
        .select({
          unitId: task.forUnitId,
          n: sql<number>`count(distinct coalesce(${task.groupId}::text, '') || coalesce(${task.slot}, ${task.id}::text))::int`,
        })
        .from(task)
        .innerJoin(item, eq(item.id, task.itemId))
        .where(and(mine, eq(task.state, 'open'), step ? eq(task.stepKey, step) : undefined, lt(task.dueDate, s.today)))
        .groupBy(task.forUnitId);
      return counted(base, rows, m.byUnit);
    }
    case 'extensions': {
      // Approved extensions are few (a handful per task at most): counted from the requests themselves, by the
      // China day they were approved, through task_extension_decided_idx.
      const step = m.measure.step;
      const rows = await db
        .select({ unitId: task.forUnitId, n: sql<number>`count(*)::int` })
        .from(taskExtension)
        .innerJoin(task, eq(task.id, taskExtension.taskId))
        .innerJoin(item, eq(item.id, taskExtension.itemId))
        .where(
          and(
            mine,
            eq(taskExtension.state, 'approved'),
            step ? eq(task.stepKey, step) : undefined,
            // The period's China days as instants, so the index on decided_at serves the range.
            gte(taskExtension.decidedAt, new Date(`${s.from}T00:00:00+08:00`)),
            lt(taskExtension.decidedAt, new Date(new Date(`${s.to}T00:00:00+08:00`).getTime() + 86_400_000)),
          ),
        )
        .groupBy(task.forUnitId);
      return counted(base, rows, m.byUnit);
    }
  }
}

/** Every metric the module declares, for the office and period. */
export async function computeMetrics(
  db: Queryable,
  cal: WorkCalendar,
  mod: ModuleDef,
  scope: MetricsScope,
): Promise<MetricsReport> {
  const metrics: MetricResult[] = [];
  for (const m of mod.metrics) metrics.push(await measure(db, cal, mod, m, scope));
  // Names of the office and of the units that appear, not of every unit of the deployment.
  const ids = [...new Set([scope.unitId, ...metrics.flatMap((m) => (m.byUnit ?? []).map((u) => u.unitId))])];
  const unitNames = new Map(
    (await db.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, ids))).map((u) => [u.id, u.name]),
  );
  for (const m of metrics) {
    if (!m.byUnit) continue;
    for (const u of m.byUnit) u.unitName = unitNames.get(u.unitId) ?? '';
    // Worst first: the lowest on-time rate, the most overdue.
    const worse =
      m.type === 'onTimeRate'
        ? (a: number | null, b: number | null) => (a ?? 101) - (b ?? 101)
        : (a: number | null, b: number | null) => (b ?? 0) - (a ?? 0);
    m.byUnit.sort((a, b) => worse(a.value, b.value) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  }
  const years = new Set(cal.loadedYears());
  const missingYears: number[] = [];
  for (let y = Number(scope.from.slice(0, 4)); y <= Number(scope.to.slice(0, 4)); y++) if (!years.has(y)) missingYears.push(y);
  return {
    kind: mod.kind,
    module: mod.name,
    unitId: scope.unitId,
    unitName: unitNames.get(scope.unitId) ?? '',
    from: scope.from,
    to: scope.to,
    metrics,
    calendarComplete: missingYears.length === 0,
    missingYears,
  };
}

import { sql } from 'drizzle-orm';
import { date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

// 效能 figures kept up to date by the database itself (triggers on item and task, migration 0011): per
// module, office and China day, so that a year's figures read a few hundred rows however long the history
// is. Derived data: every path that writes items or tasks (the kernel, a retract, a restore, the bench's
// bulk writer) keeps them right because the triggers see every row; the backup leaves them out and a
// restore rebuilds them. `metrics.test.ts` checks them against the raw history.

/** Items created, by module (item kind), owning office and China day of creation. */
export const metricItemCreated = pgTable(
  'metric_item_created',
  {
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.unitId, t.day] })],
);

/** Items closed, by the day they closed and the day they were created (for the working days between), and the state they closed in. */
export const metricItemClosed = pgTable(
  'metric_item_closed',
  {
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').notNull(),
    closedDay: date('closed_day', { mode: 'string' }).notNull(),
    createdDay: date('created_day', { mode: 'string' }).notNull(),
    state: text('state').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.unitId, t.closedDay, t.createdDay, t.state] })],
);

/** The nil uuid stands for "no unit" in the key of metric_task_done (a key column cannot be null). */
export const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/**
 * Tasks done that had a time limit, by the item's module and office, the step, the unit the task was for
 * and the China day it was done; `onTime` of them were done on or before their due date.
 */
export const metricTaskDone = pgTable(
  'metric_task_done',
  {
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').notNull(),
    stepKey: text('step_key').notNull(),
    forUnitId: uuid('for_unit_id')
      .notNull()
      .default(sql`'00000000-0000-0000-0000-000000000000'::uuid`),
    day: date('day', { mode: 'string' }).notNull(),
    onTime: integer('on_time').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.unitId, t.day, t.stepKey, t.forUnitId] })],
);

/**
 * Tables the backup leaves out: triggers rebuild them as a restore inserts units, items and tasks (restoring their rows
 * as well would collide with what the triggers already wrote).
 */
export const DERIVED_TABLES = ['metric_item_created', 'metric_item_closed', 'metric_task_done', 'unit_closure'];

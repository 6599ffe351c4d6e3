import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Scheduled work (reminders, deadline warnings, …) kept in the database so it survives restarts and is
 * shared by every instance. A job is claimed with FOR UPDATE SKIP LOCKED and run inside the transaction
 * that marks it done, so a crash leaves it pending and two instances never both run it.
 */
export const job = pgTable(
  'job',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    runAt: ts('run_at').notNull(),
    state: text('state').$type<'pending' | 'done' | 'failed' | 'cancelled'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** At most one pending job per key (e.g. "remind:<task>:after:1"): scheduling twice is harmless. */
    dedupeKey: text('dedupe_key'),
    /**
     * The jobs cancelled together (e.g. "task:<id>" for every reminder of a task). An exact key, not a prefix
     * of dedupe_key: under the database's C.UTF-8 collation a LIKE prefix cannot use a btree index, and
     * cancelling a task's reminders then read every pending job (154 ms at 1M items).
     */
    groupKey: text('group_key'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('job_due_idx')
      .on(t.runAt)
      .where(sql`state = 'pending'`),
    uniqueIndex('job_dedupe_idx')
      .on(t.dedupeKey)
      .where(sql`state = 'pending'`),
    index('job_group_idx')
      .on(t.groupKey)
      .where(sql`state = 'pending'`),
  ],
);

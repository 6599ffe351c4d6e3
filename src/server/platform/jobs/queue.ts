import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client';
import type { Classification } from '../../../contract/common';
import type { WorkCalendar } from '../calendar/calendar';
import { job } from './schema';

/**
 * What the server gives its jobs beyond the moment: the official calendar and the deployment's classification
 * ceiling — what a job acting for someone (a draft made on the 督查室's desk) needs to build that person's context.
 */
export interface JobEnv {
  calendar(): Promise<WorkCalendar>;
  ceiling: Classification;
}

interface JobContext {
  jobId: number;
  now: Date;
  attempt: number;
  /** Absent where a test runs the queue by hand without the server; a job that needs it then fails and is retried. */
  env?: JobEnv;
}
export type JobHandler = (tx: Tx, payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/**
 * What a kind of job does. `installModules` registers the kernel's kinds (`jobs/kinds.ts`) and each module's
 * (`ModuleDef.jobs`); installing the same handler again (another app in the same process) is nothing.
 */
export function defineJob(kind: string, handler: JobHandler) {
  const known = handlers.get(kind);
  if (known === handler) return;
  if (known) throw new Error(`job kind ${kind} defined twice`);
  handlers.set(kind, handler);
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  dedupeKey?: string;
  /** Jobs cancelled together by cancelJobs (e.g. "task:<id>"). */
  groupKey?: string;
  maxAttempts?: number;
}

/** Schedules jobs inside the caller's transaction: they exist only if the change that wants them commits. */
export async function enqueue(tx: Queryable, jobs: NewJob[], now: Date) {
  if (jobs.length === 0) return;
  await tx
    .insert(job)
    .values(
      jobs.map((j) => ({
        kind: j.kind,
        payload: j.payload ?? {},
        runAt: j.runAt,
        dedupeKey: j.dedupeKey ?? null,
        groupKey: j.groupKey ?? null,
        maxAttempts: j.maxAttempts ?? 5,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: job.dedupeKey, where: sql`state = 'pending'` });
}

/** Cancels the pending jobs of a group (e.g. every reminder of a finished task), through job_group_idx. */
export async function cancelJobs(tx: Queryable, groupKey: string, now: Date) {
  await tx
    .update(job)
    .set({ state: 'cancelled', finishedAt: now })
    .where(and(eq(job.state, 'pending'), eq(job.groupKey, groupKey)));
}

/** Seconds to wait before attempt n+1: 30 s, 2 min, 8 min, … capped at an hour. */
const backoffMs = (attempt: number) => Math.min(3_600_000, 30_000 * 4 ** (attempt - 1));

/**
 * Runs due jobs one at a time, each in its own transaction holding the job's row lock (SKIP LOCKED lets
 * other instances pass over it). The handler runs in a savepoint: if it throws, its writes are undone and
 * the failure is recorded on the job, which is retried later or, after its last attempt, marked failed.
 */
export async function runDueJobs(
  db: Db,
  now: Date,
  limit = 50,
  env?: JobEnv,
): Promise<{ done: number; retried: number; failed: number }> {
  const tally = { done: 0, retried: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (tx) => {
      const [j] = await tx
        .select()
        .from(job)
        .where(and(eq(job.state, 'pending'), lte(job.runAt, now)))
        .orderBy(asc(job.runAt), asc(job.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!j) return null;
      const attempt = j.attempts + 1;
      const handler = handlers.get(j.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind ${j.kind}`);
        await tx.transaction((sp) =>
          handler(sp, j.payload as Record<string, unknown>, { jobId: j.id, now, attempt, ...(env ? { env } : {}) }),
        );
        await tx.update(job).set({ state: 'done', attempts: attempt, finishedAt: now }).where(eq(job.id, j.id));
        return 'done' as const;
      } catch (e) {
        const last = attempt >= j.maxAttempts || !handler;
        await tx
          .update(job)
          .set({
            attempts: attempt,
            lastError: String((e as Error)?.message ?? e).slice(0, 2000),
            ...(last ? { state: 'failed' as const, finishedAt: now } : { runAt: new Date(now.getTime() + backoffMs(attempt)) }),
          })
          .where(eq(job.id, j.id));
        return last ? ('failed' as const) : ('retried' as const);
      }
    });
    if (!outcome) break;
    tally[outcome]++;
  }
  return tally;
}

import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { rowsOf } from './client';
import type { Database } from './client';

// PGlite has no autovacuum, so nothing would ever do its work: gather planner statistics (as the history
// grows the planner keeps guessing from defaults), move the rows waiting in a GIN index's pending list into
// the index (until then every search reads the whole list: 7.9 ms instead of 0.6 ms for a rare word at
// scale M, bench/README.md), mark pages all-visible, reclaim the space of updated rows. On PGlite the server
// therefore runs VACUUM (ANALYZE) on its tables itself every night at 03:00 Beijing time, and ANALYZE a minute
// after it starts if the database has never been analyzed (new, migrated or restored) — one table at a time,
// so that requests get the single connection between tables, largest tables last. PostgreSQL servers have
// autovacuum and are left to it.

const NIGHT_HOUR_CHINA = 3;
const AFTER_START_MS = 60_000;

/** Milliseconds from `now` to the next 03:00 in Beijing (UTC+8, no daylight saving). */
export function msUntilNight(now: Date): number {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const next = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), NIGHT_HOUR_CHINA) - 8 * 3_600_000;
  const at = next > now.getTime() ? next : next + 86_400_000;
  return at - now.getTime();
}

export interface MaintainOptions {
  /** VACUUM (ANALYZE), the nightly run; false: ANALYZE only, quick enough for office hours. */
  vacuum: boolean;
  /** Checked between tables: a server shutting down does not wait for the rest. */
  stopped?: () => boolean;
}

/** VACUUM (ANALYZE), or ANALYZE, every application table, smallest first; returns how many and how long it took. */
export async function maintainTables(
  database: Database,
  o: MaintainOptions = { vacuum: true },
): Promise<{ tables: number; ms: number }> {
  const t0 = performance.now();
  const tables = rowsOf<{ name: string }>(
    await database.db.execute(sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by pg_relation_size(c.oid), c.relname`),
  );
  let done = 0;
  for (const t of tables) {
    if (o.stopped?.()) break;
    await database.db.execute(
      o.vacuum ? sql`vacuum (analyze) ${sql.identifier(t.name)}` : sql`analyze ${sql.identifier(t.name)}`,
    );
    done++;
    // Let waiting requests through between tables.
    await new Promise((r) => setImmediate(r));
  }
  return { tables: done, ms: Math.round(performance.now() - t0) };
}

/** Whether the planner has statistics for any application table (false on a new, migrated or restored database). */
export async function hasPlannerStatistics(database: Database): Promise<boolean> {
  const [r] = rowsOf<{ any: boolean }>(
    await database.db.execute(sql`select exists (select 1 from pg_stats where schemaname = 'public') as any`),
  );
  return Boolean(r?.any);
}

/**
 * Starts the schedule on PGlite (nothing on PostgreSQL); returns a function that stops it. A database never
 * analyzed gets planner statistics a minute after start — ANALYZE only, which reads a sample, not whole
 * tables, since that may be in office hours; the VACUUM waits for the night (until then the search indexes'
 * pending lists stay within their 256 kB limit, migration 0012).
 */
export function keepTablesMaintained(database: Database, log: FastifyBaseLogger, now: () => Date = () => new Date()): () => void {
  if (database.engine !== 'pglite') return () => undefined;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = async (vacuum: boolean) => {
    try {
      const r = await maintainTables(database, { vacuum, stopped: () => stopped });
      log.info(
        r,
        vacuum ? 'tables vacuumed and analyzed (PGlite has no autovacuum)' : 'tables analyzed (PGlite has no autovacuum)',
      );
    } catch (e) {
      if (!stopped) log.warn({ err: e }, 'vacuuming and analyzing the tables failed');
    }
    schedule(msUntilNight(now()), true);
  };
  const schedule = (ms: number, vacuum: boolean) => {
    if (stopped) return;
    timer = setTimeout(() => void run(vacuum), ms);
    timer.unref();
  };
  void (async () => {
    if (await hasPlannerStatistics(database)) schedule(msUntilNight(now()), true);
    else schedule(AFTER_START_MS, false);
  })().catch((e: unknown) => log.warn({ err: e }, 'could not read planner statistics'));
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

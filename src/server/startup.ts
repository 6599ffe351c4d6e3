import type { Database } from './platform/db/client';
import { withSessionLock } from './platform/db/advisory-lock';
import { migrate } from './platform/db/migrate';
import type { AuditContext } from './platform/audit/service';
import { seedBundledCalendar } from './platform/calendar/service';
import { seedDemo, type SeedResult } from './org/demo-seed';
import { bootstrapAdministrators, type FirstAdministrator } from './org/bootstrap';

const STARTUP_LOCK = 7_270_005;

export interface PrepareOptions {
  demo: boolean;
  audit: AuditContext;
  now: Date;
  /** How this deployment migrates (as the application's role, or as the schema's owner); plain `migrate` by default. */
  migrate?: (database: Database) => Promise<void>;
}

export interface Prepared {
  /** Calendar years this start loaded (none when another instance or an earlier start did). */
  calendarYears: number[];
  demo: SeedResult | null;
  /** Without the demo, on an empty database: the three administrators and their one-time passwords, to print once. */
  administrators: FirstAdministrator[];
}

/**
 * What a server does to its database before it listens: migrate, load the shipped calendar, and in demo mode
 * the demo office — otherwise, on an empty database, the three administrators. Instances of one deployment start at the same moment on one database, so the whole runs
 * under the start-up lock, one instance after another, and the later ones find everything done (each step
 * skips what is there; the seeds also lock on their own, for the CLI). The migrations take their own lock
 * too, on another connection: a start uses three of the pool's connections at most.
 */
export async function prepareDatabase(database: Database, o: PrepareOptions): Promise<Prepared> {
  return withSessionLock(database, STARTUP_LOCK, async () => {
    await (o.migrate ?? migrate)(database);
    const calendarYears = await database.db.transaction((tx) => seedBundledCalendar(tx, o.audit, o.now));
    const demo = o.demo ? await seedDemo(database.db, o.now) : null;
    const administrators = o.demo ? [] : await bootstrapAdministrators(database.db, o.audit, o.now);
    return { calendarYears, demo, administrators };
  });
}

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, type Db } from './platform/db/client';
import { rowsOf } from './platform/db/client';
import { bundledYears } from './platform/calendar/import-format';
import { demoPeople, demoUnits } from './org/demo-data';
import { prepareDatabase } from './startup';
import { createEmptyServerDatabase } from '../../test/support/db';

const START = new Date('2026-11-02T01:00:00Z');

async function count(db: Db, query: ReturnType<typeof sql>) {
  return Number(rowsOf<{ n: number }>(await db.execute(query))[0]!.n);
}

// How a province runs it: several instances on one PostgreSQL database, started by the same deployment
// at the same moment. (PGlite serves one process, whose data directory is locked: nothing to race.)
describe.skipIf(!process.env.TEST_DATABASE_URL)('instances starting together on an empty PostgreSQL database', () => {
  it('all come up, and the schema, the official calendar and the demo office exist once', async () => {
    const url = await createEmptyServerDatabase();
    // Three connections each: what one start needs at most (start-up lock, migration lock, the work).
    const instances = await Promise.all([0, 1, 2].map(() => openPostgres(url, 3)));
    try {
      const starts = await Promise.allSettled(
        instances.map((d, i) =>
          prepareDatabase(d, { demo: true, audit: { personId: null, postId: null, requestId: `start-${i}` }, now: START }),
        ),
      );
      expect(starts.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual([
        'started',
        'started',
        'started',
      ]);
      const done = starts.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof prepareDatabase>>>).value);
      const years = bundledYears().map((y) => y.year);
      expect(done.flatMap((d) => d.calendarYears).sort()).toEqual([...years].sort());
      expect(done.filter((d) => d.demo?.seeded)).toHaveLength(1);

      const db = instances[0]!.db;
      expect(await count(db, sql`select count(*) as n from calendar_revision`)).toBe(years.length);
      expect(await count(db, sql`select max(version) as n from calendar_year`)).toBe(1);
      expect(await count(db, sql`select count(*) as n from event where action = 'calendar.import'`)).toBe(years.length);
      expect(await count(db, sql`select count(*) as n from unit`)).toBe(demoUnits.length);
      expect(await count(db, sql`select count(*) as n from account`)).toBe(demoPeople.length);
      expect(await count(db, sql`select count(*) as n from event where action = 'org.demo.seed'`)).toBe(1);

      // A restart later finds everything in place and adds nothing.
      const again = await prepareDatabase(instances[1]!, {
        demo: true,
        audit: { personId: null, postId: null, requestId: 'restart' },
        now: START,
      });
      expect(again).toEqual({ calendarYears: [], demo: { seeded: false, units: 0, people: 0 }, administrators: [] });
    } finally {
      await Promise.all(instances.map((d) => d.close()));
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../audit/service';
import { openPglite } from './client';
import { migrate } from './migrate';
import { analyzeTables, msUntilNight } from './statistics';

describe('planner statistics on PGlite', () => {
  it('the nightly run is at 03:00 Beijing time, the next one if that has passed', () => {
    // 02:30 in Beijing → half an hour; 03:00 exactly → a day; 20:00 UTC (04:00 Beijing) → 23 hours.
    expect(msUntilNight(new Date('2026-11-23T18:30:00Z'))).toBe(30 * 60_000);
    expect(msUntilNight(new Date('2026-11-23T19:00:00Z'))).toBe(24 * 3_600_000);
    expect(msUntilNight(new Date('2026-11-23T20:00:00Z'))).toBe(23 * 3_600_000);
  });

  it('analyzes every application table, so the planner has statistics it would otherwise never get', async () => {
    const d = await openPglite(undefined);
    try {
      await migrate(d);
      await d.db.execute(sql`insert into unit (id, name, short_name, level, category, sort_order, created_at)
        select gen_random_uuid(), '单位' || g, '单位' || g, '市', '党委', g, now() from generate_series(1, 50) g`);
      const before = rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`))[0]!.n;
      expect(Number(before)).toBe(0);
      const r = await analyzeTables(d);
      expect(r.tables).toBeGreaterThan(20);
      const after = rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`))[0]!.n;
      expect(Number(after)).toBeGreaterThan(0);
    } finally {
      await d.close();
    }
  });
});

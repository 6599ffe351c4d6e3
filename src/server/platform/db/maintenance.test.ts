import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../audit/service';
import { openPglite, type Database } from './client';
import { migrate } from './migrate';
import { maintainTables, msUntilNight } from './maintenance';

/** A fresh migrated PGlite database for one test. */
async function withFreshPglite(fn: (d: Database) => Promise<void>) {
  const d = await openPglite(undefined);
  try {
    await migrate(d);
    await fn(d);
  } finally {
    await d.close();
  }
}

describe('table maintenance on PGlite (what autovacuum does on a server)', () => {
  it('the nightly run is at 03:00 Beijing time, the next one if that has passed', () => {
    // 02:30 in Beijing → half an hour; 03:00 exactly → a day; 20:00 UTC (04:00 Beijing) → 23 hours.
    expect(msUntilNight(new Date('2026-11-23T18:30:00Z'))).toBe(30 * 60_000);
    expect(msUntilNight(new Date('2026-11-23T19:00:00Z'))).toBe(24 * 3_600_000);
    expect(msUntilNight(new Date('2026-11-23T20:00:00Z'))).toBe(23 * 3_600_000);
  });

  it('analyzes every application table, so the planner has statistics it would otherwise never get', () =>
    withFreshPglite(async (d) => {
      await d.db.execute(sql`insert into unit (id, name, short_name, level, category, sort_order, created_at)
        select gen_random_uuid(), '单位' || g, '单位' || g, '市', '党委', g, now() from generate_series(1, 50) g`);
      const before = rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`))[0]!.n;
      expect(Number(before)).toBe(0);
      const r = await maintainTables(d);
      expect(r.tables).toBeGreaterThan(20);
      const after = rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`))[0]!.n;
      expect(Number(after)).toBeGreaterThan(0);
    }));

  it('stops between tables once the server is stopping', () =>
    withFreshPglite(async (d) => {
      let asked = 0;
      const r = await maintainTables(d, { vacuum: true, stopped: () => asked++ >= 2 });
      expect(r.tables).toBe(2);
    }));

  it('moves new items out of the search index\'s pending list, which every search would otherwise read whole', () =>
    withFreshPglite(async (d) => {
      const addItems = (from: number) =>
        d.db.execute(sql`insert into item (id, kind, title, owning_unit_id, state, created_by, created_at, updated_at, search_tokens)
          select gen_random_uuid(), 'incoming', '关于古树名木保护的通知' || g, gen_random_uuid(), '登记', gen_random_uuid(), now(), now(), '关于 古树 树名 古树名 木 保护 通知 ' || g
          from generate_series(${from}::int, ${from + 299}::int) g`);
      const pending = async () => Number(rowsOf<{ n: number }>(await d.db.execute(sql`select gin_clean_pending_list('item_search_idx')::int as n`))[0]!.n);
      // New rows wait in the pending list (GIN fastupdate) until something moves them into the index…
      await addItems(1);
      expect(await pending()).toBeGreaterThan(0);
      // …and the nightly maintenance is that something.
      await addItems(1000);
      await maintainTables(d);
      expect(await pending()).toBe(0);
      const found = rowsOf<{ n: number }>(await d.db.execute(sql`select count(*)::int as n from item where search_vector @@ plainto_tsquery('simple', '古树 木')`))[0]!.n;
      expect(Number(found)).toBe(600);
    }));
});

import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { rowsOf } from './client';
import { openTestDatabase } from '../../../../test/support/db';
import type { Database } from './client';
import { keepTablesMaintained, maintainTables, msUntilNight } from './maintenance';

/** A fresh PGlite database for one test: the suite's migrated, seeded snapshot, never analyzed. */
async function withFreshPglite(fn: (d: Database) => Promise<void>) {
  const d = await openTestDatabase('pglite');
  try {
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
      const before = rowsOf<{ n: number }>(
        await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`),
      )[0]!.n;
      expect(Number(before)).toBe(0);
      const r = await maintainTables(d);
      expect(r.tables).toBeGreaterThan(20);
      const after = rowsOf<{ n: number }>(
        await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'unit'`),
      )[0]!.n;
      expect(Number(after)).toBeGreaterThan(0);
    }));

  it('stops between tables once the server is stopping', () =>
    withFreshPglite(async (d) => {
      let asked = 0;
      const r = await maintainTables(d, { vacuum: true, stopped: () => asked++ >= 2 });
      expect(r.tables).toBe(2);
    }));

  it('a minute after start on a database never analyzed: statistics at once, the vacuum left for the night', () =>
    withFreshPglite(async (d) => {
      await d.db
        .execute(sql`insert into item (id, kind, title, owning_unit_id, state, created_by, created_at, updated_at, search_tokens)
        select gen_random_uuid(), 'incoming', '通知' || g, gen_random_uuid(), '登记', gen_random_uuid(), now(), now(), '通知 ' || g
        from generate_series(1, 200) g`);
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let stop = () => {};
      try {
        const ran = new Promise<string>((resolve) => {
          const log = {
            info: (_: unknown, msg: string) => resolve(msg),
            warn: (o: unknown, msg: string) => resolve(`${msg}: ${String(o)}`),
          };
          // 10:00 in Beijing: office hours.
          stop = keepTablesMaintained(d, log as unknown as FastifyBaseLogger, () => new Date('2026-11-23T02:00:00Z'));
        });
        // The check for statistics runs first; then a minute passes.
        await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
        await vi.advanceTimersByTimeAsync(60_000);
        expect(await ran).toBe('tables analyzed (PGlite has no autovacuum)');
        const stats = rowsOf<{ n: number }>(
          await d.db.execute(sql`select count(*)::int as n from pg_stats where tablename = 'item'`),
        )[0]!.n;
        expect(Number(stats)).toBeGreaterThan(0);
        // Not vacuumed: the new items still wait in the search index's pending list.
        const pending = rowsOf<{ n: number }>(
          await d.db.execute(sql`select gin_clean_pending_list('item_search_idx')::int as n`),
        )[0]!.n;
        expect(Number(pending)).toBeGreaterThan(0);
        // And the night's run is waiting.
        expect(vi.getTimerCount()).toBe(1);
      } finally {
        stop();
        vi.useRealTimers();
      }
    }));

  it("moves new items out of the search index's pending list, which every search would otherwise read whole", () =>
    withFreshPglite(async (d) => {
      const addItems = (from: number) =>
        d.db
          .execute(sql`insert into item (id, kind, title, owning_unit_id, state, created_by, created_at, updated_at, search_tokens)
          select gen_random_uuid(), 'incoming', '关于古树名木保护的通知' || g, gen_random_uuid(), '登记', gen_random_uuid(), now(), now(), '关于 古树 树名 古树名 木 保护 通知 ' || g
          from generate_series(${from}::int, ${from + 299}::int) g`);
      const pending = async () =>
        Number(rowsOf<{ n: number }>(await d.db.execute(sql`select gin_clean_pending_list('item_search_idx')::int as n`))[0]!.n);
      // New rows wait in the pending list (GIN fastupdate) until something moves them into the index…
      await addItems(1);
      expect(await pending()).toBeGreaterThan(0);
      // …and the nightly maintenance is that something.
      await addItems(1000);
      await maintainTables(d);
      expect(await pending()).toBe(0);
      const found = rowsOf<{ n: number }>(
        await d.db.execute(sql`select count(*)::int as n from item where search_vector @@ plainto_tsquery('simple', '古树 木')`),
      )[0]!.n;
      expect(Number(found)).toBe(600);
    }));
});

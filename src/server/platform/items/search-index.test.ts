import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { openTestDatabase } from '../../../../test/support/db';
import { rowsOf } from '../db/client';
import type { Database } from '../db/client';

// New rows wait in a GIN index's pending list until VACUUM moves them into the index, and every search
// reads that list whole (bench/README.md: 445 pages after a load made a rare word 7.9 ms instead of 0.6).
// The search indexes bound it at 256 kB, so between vacuums a search reads ~32 pages of it at most.
describe.each(engines)('the search indexes between vacuums (%s)', (engine) => {
  let d: Database;
  beforeAll(async () => {
    d = await openTestDatabase(engine);
  });
  afterAll(() => d?.close());

  it('three thousand new items, inserted a hundred at a time, leave at most 256 kB waiting in either index', async () => {
    for (let b = 0; b < 30; b++) {
      await d.db
        .execute(sql`insert into item (id, kind, title, owning_unit_id, state, created_by, created_at, updated_at, search_tokens)
        select gen_random_uuid(), 'incoming', '关于做好全省古树名木保护工作的通知' || g, gen_random_uuid(), '登记', gen_random_uuid(), now(), now(),
          '关于 做好 2026 年 全省 古树 树名 古树名 木 保护 工作 的 通知 市委 办公室 印发 ' || g
        from generate_series(${b * 100}::int, ${b * 100 + 99}::int) g`);
    }
    // gin_clean_pending_list moves what is waiting and says how many pages that was (4 MB would be 512).
    const pending = async (index: string) =>
      Number(rowsOf<{ n: number }>(await d.db.execute(sql`select gin_clean_pending_list(${index}::regclass)::int as n`))[0]!.n);
    expect(await pending('item_search_idx')).toBeLessThanOrEqual(32);
    expect(await pending('item_title_trgm_idx')).toBeLessThanOrEqual(32);
    const [found] = rowsOf<{ tokens: number; title: number }>(
      await d.db.execute(sql`select count(*) filter (where search_vector @@ plainto_tsquery('simple', '古树 木'))::int as tokens,
        count(*) filter (where title ilike '%古树名木保护%')::int as title from item`),
    );
    expect([Number(found!.tokens), Number(found!.title)]).toEqual([3000, 3000]);
  });
});

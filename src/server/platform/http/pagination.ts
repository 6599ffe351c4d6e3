import { z } from 'zod';
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { invalid } from '../errors';

/** Opaque keyset cursor: the sort value and id of the last row of the page. */
export function encodeCursor(sortValue: string | number, id: string | number): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

/** What each list's cursor holds, so a forged one is refused before it reaches SQL (a garbage date is a 500 there). */
export const CURSORS = {
  /** Newest first by creation time, then id. */
  timeAndId: z.tuple([z.iso.datetime({ offset: true }), z.uuid()]),
  /** By a name, then id. */
  textAndId: z.tuple([
    z
      .string()
      .max(500)
      .refine((s) => !s.includes('\0')),
    z.uuid(),
  ]),
  /** By a serial id alone (the first element is unused). */
  serial: z.tuple([z.number(), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]),
  /** A list with several orders (the registers): `order:key` with the key as text, then id. */
  orderKeyAndId: z.tuple([
    z
      .string()
      .max(300)
      .regex(/^[a-z]+:/)
      .refine((s) => !s.includes('\0')),
    z.uuid(),
  ]),
} as const;

export function decodeCursor<T extends z.ZodTuple>(cursor: string | undefined, shape: T): z.output<T> | null {
  if (!cursor) return null;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw invalid('分页游标无效，请从第一页重新查询');
}

/** Takes limit+1 rows and returns the page and the cursor of the next one. */
export function page<T>(rows: T[], limit: number, key: (row: T) => [string | number, string | number]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...key(last)) : null };
}

/**
 * A key that sorts its nulls last in either direction: `1value`/`0` descending, `0value`/`1` ascending.
 * Keys are text so that one cursor shape serves every order and a forged value can only compare, never fail.
 */
export function nullsLastKey(value: SQL, dir: 'asc' | 'desc'): SQL {
  return dir === 'desc'
    ? sql`(case when ${value} is null then '0' else '1' || ${value} end)`
    : sql`(case when ${value} is null then '1' else '0' || ${value} end)`;
}

/**
 * Keyset paging over a text sort key and the row's id, in one of several orders. The cursor names its order,
 * so a cursor of another order (or a forged one) is refused instead of giving a wrong page.
 */
export function keyset(order: string, key: SQL, id: AnyColumn, dir: 'asc' | 'desc', cursor: string | undefined) {
  const after = decodeCursor(cursor, CURSORS.orderKeyAndId);
  if (after && !after[0].startsWith(`${order}:`)) throw invalid('分页游标与当前排序不符，请从第一页重新查询');
  const value = after?.[0].slice(order.length + 1);
  return {
    where: after
      ? dir === 'desc'
        ? sql`(${key}, ${id}) < (${value}, ${after[1]}::uuid)`
        : sql`(${key}, ${id}) > (${value}, ${after[1]}::uuid)`
      : undefined,
    orderBy: dir === 'desc' ? [desc(key), desc(id)] : [asc(key), asc(id)],
    /** The next page's cursor from the last row's key and id (the rows are limit+1 long when there is one). */
    page<T extends { sortKey: string; id: string }>(rows: T[], limit: number) {
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(`${order}:${last.sortKey}`, last.id) : null };
    },
  };
}

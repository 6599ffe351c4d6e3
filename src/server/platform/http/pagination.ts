import { z } from 'zod';
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
  textAndId: z.tuple([z.string().max(500).refine((s) => !s.includes('\0')), z.uuid()]),
  /** By a serial id alone (the first element is unused). */
  serial: z.tuple([z.number(), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]),
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

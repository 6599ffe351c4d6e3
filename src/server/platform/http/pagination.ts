import { invalid } from '../errors';

/** Opaque keyset cursor: the sort value and id of the last row of the page. */
export function encodeCursor(sortValue: string | number, id: string | number): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string | number, string | number] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string' || typeof x === 'number')) {
      return v as [string | number, string | number];
    }
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

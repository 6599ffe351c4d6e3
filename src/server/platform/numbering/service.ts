import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { rowsOf } from '../db/client';

/** The next number of a register for a year, taken inside the caller's transaction (see schema.ts). */
export async function nextNumber(tx: Tx, scope: string, year: number, now: Date): Promise<number> {
  const res = await tx.execute<{ last: number }>(sql`
    insert into number_sequence (scope, year, last, updated_at) values (${scope}, ${year}, 1, ${now})
    on conflict (scope, year) do update set last = number_sequence.last + 1, updated_at = excluded.updated_at
    returning last`);
  return Number(rowsOf<{ last: number }>(res)[0]!.last);
}

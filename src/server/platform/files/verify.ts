import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { file } from './schema';
import { digestOf, type BlobStore } from './store';

export interface FixityProblem {
  sm3: string;
  /** The uploads whose content this is. */
  fileIds: string[];
  /** missing: nothing stored under the digest; altered: the bytes no longer hash to it (or have another length). */
  problem: 'missing' | 'altered';
  expectedSize: number;
  actual?: { sm3: string; size: number };
}

export interface FixityReport {
  ok: boolean;
  /** Distinct blobs read and rehashed. */
  checked: number;
  problems: FixityProblem[];
}

/**
 * 固定性校验: rereads every stored blob (or those of the given files) and compares its SM3 and length with
 * what was recorded at upload. Reads one blob at a time, in digest order, holding no transaction.
 */
export async function verifyFiles(db: Queryable, store: BlobStore, opts: { fileIds?: string[]; batch?: number } = {}): Promise<FixityReport> {
  const batch = opts.batch ?? 500;
  const problems: FixityProblem[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .select({ sm3: file.sm3, size: sql<number>`max(${file.size})`, fileIds: sql<string[]>`array_agg(${file.id}::text order by ${file.uploadedAt})` })
      .from(file)
      .where(and(gt(file.sm3, after), opts.fileIds ? inArray(file.id, opts.fileIds) : undefined))
      .groupBy(file.sm3)
      .orderBy(asc(file.sm3))
      .limit(batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      const expectedSize = Number(r.size);
      const stream = await store.open(r.sm3);
      checked++;
      if (!stream) {
        problems.push({ sm3: r.sm3, fileIds: r.fileIds, problem: 'missing', expectedSize });
        continue;
      }
      const actual = await digestOf(stream);
      if (actual.sm3 !== r.sm3 || actual.size !== expectedSize) problems.push({ sm3: r.sm3, fileIds: r.fileIds, problem: 'altered', expectedSize, actual });
    }
    after = rows[rows.length - 1]!.sm3;
  }
  return { ok: problems.length === 0, checked, problems };
}

import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { file } from './schema';
import { BlobIntegrityError, digestOf, type BlobStore } from './store';

export interface FixityProblem {
  sm3: string;
  /** The uploads whose content this is. */
  fileIds: string[];
  /**
   * missing: nothing stored under the digest; altered: the bytes no longer hash to it (or have another length),
   * or a sealed object fails its integrity check; unknown-key: sealed under a key the configuration lacks.
   */
  problem: 'missing' | 'altered' | 'unknown-key';
  expectedSize: number;
  actual?: { sm3: string; size: number };
  /** Why a sealed object could not be read. */
  detail?: string;
}

export interface FixityReport {
  ok: boolean;
  /** Distinct blobs read and rehashed. */
  checked: number;
  problems: FixityProblem[];
  /** How many blobs each data key sealed; `plain` for content stored before encryption. */
  keys: Record<string, number>;
}

export interface StoredContent {
  sm3: string;
  size: number;
  fileIds: string[];
}

/** The distinct contents the `file` rows point at (or those of the given files), in digest order, in batches. */
export async function* storedContents(
  db: Queryable,
  opts: { fileIds?: string[]; batch?: number } = {},
): AsyncGenerator<StoredContent> {
  let after = '';
  for (;;) {
    const rows = await db
      .select({
        sm3: file.sm3,
        size: sql<number>`max(${file.size})`,
        fileIds: sql<string[]>`array_agg(${file.id}::text order by ${file.uploadedAt})`,
      })
      .from(file)
      .where(and(gt(file.sm3, after), opts.fileIds ? inArray(file.id, opts.fileIds) : undefined))
      .groupBy(file.sm3)
      .orderBy(asc(file.sm3))
      .limit(opts.batch ?? 500);
    if (rows.length === 0) return;
    for (const r of rows) yield { sm3: r.sm3, size: Number(r.size), fileIds: r.fileIds };
    after = rows[rows.length - 1]!.sm3;
  }
}

/** An integrity failure of a sealed object, as a fixity problem; any other error is not the content's. */
export function sealProblem(e: unknown): Pick<FixityProblem, 'problem' | 'detail'> {
  if (!(e instanceof BlobIntegrityError)) throw e;
  return { problem: e.seal.reason === 'unknown-key' ? 'unknown-key' : 'altered', detail: e.seal.message };
}

/**
 * 固定性校验: rereads every stored blob (or those of the given files), opening sealed ones with the data keys
 * (each chunk's HMAC-SM3 checked), and compares the plaintext's SM3 and length with what was recorded at
 * upload. Reads one blob at a time, in digest order, holding no transaction.
 */
export async function verifyFiles(
  db: Queryable,
  store: BlobStore,
  opts: { fileIds?: string[]; batch?: number } = {},
): Promise<FixityReport> {
  const problems: FixityProblem[] = [];
  const keys: Record<string, number> = {};
  let checked = 0;
  for await (const r of storedContents(db, opts)) {
    const expected = { sm3: r.sm3, fileIds: r.fileIds, expectedSize: r.size };
    checked++;
    const stream = await store.open(r.sm3);
    if (!stream) {
      problems.push({ ...expected, problem: 'missing' });
      continue;
    }
    try {
      const actual = await digestOf(stream);
      const key = stream.keyId ?? 'plain';
      keys[key] = (keys[key] ?? 0) + 1;
      if (actual.sm3 !== r.sm3 || actual.size !== r.size) problems.push({ ...expected, problem: 'altered', actual });
    } catch (e) {
      problems.push({ ...expected, ...sealProblem(e) });
    }
  }
  return { ok: problems.length === 0, checked, problems, keys };
}

import { rm } from 'node:fs/promises';
import type { Db } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { parseHeader, SealError } from '../encryption/envelope';
import { reseal, type BlobStore } from './store';
import { sealProblem, storedContents, type FixityProblem } from './verify';

export interface EncryptReport {
  /** The current key's id: what every blob is sealed under once the run is clean. */
  keyId: string;
  checked: number;
  /** Plain content stored before encryption, now sealed. */
  encrypted: number;
  /** Sealed under an old key, now under the current one (密钥轮换). */
  rekeyed: number;
  /** Already under the current key, left as it was. */
  current: number;
  /** Left as they were: missing, not matching their recorded digest, or sealed under a key not configured. */
  problems: FixityProblem[];
}

/**
 * Seals in place every blob that is not yet under the current data key: plain content stored before
 * encryption, and content sealed under an old key. Each is read (its integrity checked), rehashed, sealed
 * anew and put back only when its SM3 and length still match the record, so a damaged blob is reported,
 * never sealed as if it were good. Idempotent: a second run finds everything current. One blob at a time,
 * holding no transaction; the run is recorded in the audit log.
 */
export async function encryptStoredFiles(
  db: Db,
  store: BlobStore,
  stagingDir: string,
  audit: AuditContext,
  now: Date,
): Promise<EncryptReport> {
  const key = store.keys.current;
  const report: EncryptReport = { keyId: key.id, checked: 0, encrypted: 0, rekeyed: 0, current: 0, problems: [] };
  for await (const r of storedContents(db)) {
    const expected = { sm3: r.sm3, fileIds: r.fileIds, expectedSize: r.size };
    report.checked++;
    const head = await store.head(r.sm3);
    let sealedBy: string | null;
    try {
      sealedBy = head && (parseHeader(head)?.keyId ?? null);
    } catch (e) {
      if (!(e instanceof SealError)) throw e;
      report.problems.push({ ...expected, problem: 'altered', detail: e.message });
      continue;
    }
    if (sealedBy === key.id) {
      report.current++;
      continue;
    }
    const plain = head && (await store.open(r.sm3));
    if (!plain) {
      report.problems.push({ ...expected, problem: 'missing' });
      continue;
    }
    try {
      const staged = await reseal(plain, stagingDir, { sha256: store.wantsSha256, key });
      if (staged.sm3 !== r.sm3 || staged.size !== r.size) {
        await rm(staged.path, { force: true });
        report.problems.push({ ...expected, problem: 'altered', actual: { sm3: staged.sm3, size: staged.size } });
        continue;
      }
      await store.replace(staged);
    } catch (e) {
      report.problems.push({ ...expected, ...sealProblem(e) });
      continue;
    }
    if (sealedBy) report.rekeyed++;
    else report.encrypted++;
  }
  const { problems, ...counts } = report;
  await db.transaction((tx) =>
    recordEvent(tx, audit, now, {
      action: 'files.encrypt',
      targetType: 'fileStore',
      summary: { ...counts, problems: problems.length, store: store.kind },
    }),
  );
  return report;
}

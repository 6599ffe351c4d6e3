import { createHmac, timingSafeEqual } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { AUDIT_SEAL_FORMAT, type AuditSeal } from '../../../contract/audit';
import type { Db, Queryable, Tx } from '../db/client';
import { conflict, invalid } from '../errors';
import { canonicalJson, GENESIS_HASH } from './canonical';
import { auditKey, type AuditKey } from './key';
import { auditSeal } from './schema';
import { checkHead, recordEvent, verifyChain, type AuditContext, type ChainHead, type VerifyResult } from './service';

function sealMac(key: AuditKey, s: Omit<AuditSeal, 'mac' | 'format' | 'version'>): string {
  return createHmac('sm3', key.seal)
    .update(canonicalJson([AUDIT_SEAL_FORMAT, 1, s.headId, s.headHash, s.count, s.sealedAt, s.keyId]))
    .digest('hex');
}

export function makeSeal(head: ChainHead | null, at: Date, key: AuditKey = auditKey()): AuditSeal {
  const fields = { headId: head?.id ?? 0, headHash: head?.hash ?? GENESIS_HASH, count: head?.count ?? 0, sealedAt: at.toISOString(), keyId: key.id };
  return { format: AUDIT_SEAL_FORMAT, version: 1, ...fields, mac: sealMac(key, fields) };
}

/** Made with this deployment's key and not altered since. */
export function sealIsAuthentic(seal: AuditSeal, key: AuditKey = auditKey()): boolean {
  if (seal.keyId !== key.id) return false;
  const want = Buffer.from(sealMac(key, seal), 'hex');
  const got = Buffer.from(seal.mac, 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Keeps a verified head in the seal table: the scheduled check's checkpoint, or the record of an export. */
export async function saveSeal(tx: Tx, seal: AuditSeal, source: 'schedule' | 'export', personId: string | null) {
  await tx.insert(auditSeal).values({
    sealedAt: new Date(seal.sealedAt),
    headId: seal.headId,
    headHash: seal.headHash,
    count: seal.count,
    keyId: seal.keyId,
    mac: seal.mac,
    source,
    personId,
  });
}

/**
 * The furthest head a check has verified and sealed, if its seal is authentic: the seal table is writable
 * by whoever can write the database, so a row without a valid MAC is passed over, never trusted.
 */
export async function lastCheckpoint(db: Queryable): Promise<ChainHead | null> {
  const rows = await db.select().from(auditSeal).orderBy(desc(auditSeal.headId), desc(auditSeal.id)).limit(20);
  for (const r of rows) {
    const seal: AuditSeal = { format: AUDIT_SEAL_FORMAT, version: 1, headId: r.headId, headHash: r.headHash, count: r.count, sealedAt: r.sealedAt.toISOString(), keyId: r.keyId, mac: r.mac };
    if (r.headId > 0 && sealIsAuthentic(seal)) return { id: r.headId, hash: r.headHash, count: r.count };
  }
  return null;
}

/**
 * Verifies the log from the last checkpoint to its end (or `limit` rows) — the chain links, the hashes and the
 * rows up to the checkpoint (still there, as many as then). Reading 31 M events takes minutes; this reads
 * what was added since the last check.
 */
export async function verifySinceCheckpoint(db: Queryable, limit?: number): Promise<{ from: ChainHead | null; result: VerifyResult }> {
  const from = await lastCheckpoint(db);
  const result = await verifyChain(db, { ...(from ? { from } : {}), ...(limit !== undefined ? { limit } : {}) });
  return { from, result };
}

/** Checks a seal the auditor kept: authentic, and its head still in the log with as many events up to it. */
export async function checkSeal(db: Queryable, seal: AuditSeal): Promise<{ headId: number; sealedAt: string; ok: boolean; problem?: 'truncated' | 'count' }> {
  if (!sealIsAuthentic(seal)) throw invalid('封存文件的签名不符：文件被改动过，或不是用本系统的留痕密钥封存的');
  const base = { headId: seal.headId, sealedAt: seal.sealedAt };
  if (seal.headId === 0) return { ...base, ok: true };
  const at = await checkHead(db, { id: seal.headId, hash: seal.headHash, count: seal.count });
  return 'broken' in at ? { ...base, ok: false, problem: at.broken } : { ...base, ok: true };
}

/**
 * Seals the head of the log for the auditor to keep outside the system — only a verified head: the log is
 * first checked from the last checkpoint to its end. The export is itself recorded.
 */
export async function exportSeal(db: Db, personId: string | null, audit: AuditContext, now: Date): Promise<AuditSeal> {
  const { result } = await verifySinceCheckpoint(db);
  if (!result.ok) throw conflict('留痕哈希链校验未通过，不能封存；请先校验，并按安全事件报告', { firstBroken: result.firstBroken });
  const seal = makeSeal(result.head, now);
  await db.transaction(async (tx) => {
    await saveSeal(tx, seal, 'export', personId);
    await recordEvent(tx, audit, now, { action: 'audit.seal.export', targetType: 'auditChain', targetId: String(seal.headId), summary: { headId: seal.headId, count: seal.count } });
  });
  return seal;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { AUDIT_SEAL_FORMAT, type AuditSeal, type AuditSealV1, type KeptSeal } from '../../../contract/audit';
import type { Db, Queryable, Tx } from '../db/client';
import { conflict, invalid } from '../errors';
import { canonicalJson } from './canonical';
import { auditKey, type AuditKey } from './key';
import { auditSeal } from './schema';
import { recordEvent, SYSTEM_CHAIN, type AuditContext } from './service';
import { chainsIn, checkHead, verifyChains, type ChainBreak, type ChainHead, type VerifyResult } from './verify';

const mac = (key: AuditKey, fields: unknown) => createHmac('sm3', key.seal).update(canonicalJson(fields)).digest('hex');

function macMatches(want: string, got: string): boolean {
  const a = Buffer.from(want, 'hex');
  const b = Buffer.from(got, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The MAC of one sealed head as the seal table keeps it (version 2: the chain is covered). */
const headMac = (key: AuditKey, h: ChainHead, sealedAt: string) =>
  mac(key, [AUDIT_SEAL_FORMAT, 2, h.chain, h.seq, h.id, h.hash, sealedAt, key.id]);

/** Before per-office chains a seal was the one chain's head; its rows are the start of `system`, so its count is the head's place there. */
const v1Mac = (key: AuditKey, s: Pick<AuditSealV1, 'headId' | 'headHash' | 'count' | 'sealedAt' | 'keyId'>) =>
  mac(key, [AUDIT_SEAL_FORMAT, 1, s.headId, s.headHash, s.count, s.sealedAt, s.keyId]);

const fileMac = (key: AuditKey, s: Pick<AuditSeal, 'sealedAt' | 'keyId' | 'heads'>) =>
  mac(key, [AUDIT_SEAL_FORMAT, 2, s.sealedAt, s.keyId, s.heads.map((h) => [h.chain, h.seq, h.id, h.hash])]);

/** The file the auditor keeps: every chain's head, in the order of their keys, under one MAC. */
function makeSeal(heads: ChainHead[], at: Date, key: AuditKey = auditKey()): AuditSeal {
  const fields = {
    sealedAt: at.toISOString(),
    keyId: key.id,
    heads: [...heads]
      .sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0))
      .map(({ chain, seq, id, hash }) => ({ chain, seq, id, hash })),
  };
  return { format: AUDIT_SEAL_FORMAT, version: 2, ...fields, mac: fileMac(key, fields) };
}

/** Made with this deployment's key and not altered since. */
function sealIsAuthentic(seal: KeptSeal, key: AuditKey = auditKey()): boolean {
  if (seal.keyId !== key.id) return false;
  return macMatches(seal.version === 1 ? v1Mac(key, seal) : fileMac(key, seal), seal.mac);
}

/** Keeps verified heads in the seal table, one MACed row a chain: the scheduled check's checkpoints, or the record of an export. */
export async function saveHeads(tx: Tx, heads: ChainHead[], at: Date, source: 'schedule' | 'export', personId: string | null) {
  if (heads.length === 0) return;
  const sealedAt = at.toISOString();
  await tx.insert(auditSeal).values(
    heads.map((h) => ({
      sealedAt: at,
      chain: h.chain,
      version: 2,
      headId: h.id,
      headHash: h.hash,
      count: h.seq,
      keyId: auditKey().id,
      mac: headMac(auditKey(), h, sealedAt),
      source,
      personId,
    })),
  );
}

/**
 * The furthest head of each chain a check has verified and sealed, if its seal is authentic: the seal table is
 * writable by whoever can write the database, so a row without a valid MAC is passed over, never trusted.
 */
export async function lastCheckpoints(db: Queryable): Promise<Map<string, ChainHead>> {
  const key = auditKey();
  const heads = new Map<string, ChainHead>();
  for (const chain of await chainsIn(db, 'audit_seal')) {
    const rows = await db
      .select()
      .from(auditSeal)
      .where(eq(auditSeal.chain, chain))
      .orderBy(desc(auditSeal.count), desc(auditSeal.id))
      .limit(20);
    for (const r of rows) {
      if (r.keyId !== key.id || r.count <= 0) continue;
      const sealedAt = r.sealedAt.toISOString();
      const head = { chain: r.chain, id: r.headId, seq: r.count, hash: r.headHash };
      const want =
        r.version === 1
          ? v1Mac(key, { headId: r.headId, headHash: r.headHash, count: r.count, sealedAt, keyId: r.keyId })
          : headMac(key, head, sealedAt);
      if (macMatches(want, r.mac)) {
        heads.set(chain, head);
        break;
      }
    }
  }
  return heads;
}

/**
 * Verifies every chain, each from its last checkpoint to its end (or `limit` rows in all) — the links, the
 * hashes, and each checkpoint still there with as many rows before it. Reading 31 M events takes minutes; this
 * reads what was added since the last check.
 */
export async function verifySinceCheckpoints(
  db: Queryable,
  limit?: number,
): Promise<{ from: Map<string, ChainHead>; result: VerifyResult }> {
  const from = await lastCheckpoints(db);
  const result = await verifyChains(db, { sealed: from, resume: true, ...(limit !== undefined ? { limit } : {}) });
  return { from, result };
}

/** Verifies every chain from its first row, holding each to its last checkpoint: what the auditor's `verify` runs. */
export async function verifyLog(db: Queryable): Promise<VerifyResult> {
  return verifyChains(db, { sealed: await lastCheckpoints(db) });
}

interface SealCheck {
  sealedAt: string;
  heads: number;
  ok: boolean;
  problems: ChainBreak[];
}

/** Checks a seal the auditor kept: authentic, and each sealed head still in its chain with as many events up to it. */
export async function checkSeal(db: Queryable, seal: KeptSeal): Promise<SealCheck> {
  if (!sealIsAuthentic(seal)) throw invalid('封存文件的签名不符：文件被改动过，或不是用本系统的留痕密钥封存的');
  const heads: ChainHead[] =
    seal.version === 1
      ? seal.headId > 0
        ? [{ chain: SYSTEM_CHAIN, id: seal.headId, seq: seal.count, hash: seal.headHash }]
        : []
      : seal.heads;
  const problems: ChainBreak[] = [];
  for (const h of heads) {
    const at = await checkHead(db, h);
    if ('broken' in at) problems.push(at.broken);
  }
  return { sealedAt: seal.sealedAt, heads: heads.length, ok: problems.length === 0, problems };
}

/**
 * Seals the heads of every chain for the auditor to keep outside the system — only verified heads: each chain
 * is first checked from its last checkpoint to its end. The export is itself recorded.
 */
export async function exportSeal(db: Db, personId: string | null, audit: AuditContext, now: Date): Promise<AuditSeal> {
  const { from, result } = await verifySinceCheckpoints(db);
  if (!result.ok) throw conflict('留痕哈希链校验未通过，不能封存；请先校验，并按安全事件报告', { breaks: result.breaks });
  const heads = result.chains.flatMap((c) => {
    const h = c.head ?? from.get(c.chain);
    return h ? [h] : [];
  });
  const seal = makeSeal(heads, now);
  await db.transaction(async (tx) => {
    await saveHeads(tx, heads, now, 'export', personId);
    const events = heads.reduce((n, h) => n + h.seq, 0);
    await recordEvent(tx, audit, now, {
      action: 'audit.seal.export',
      targetType: 'auditChain',
      summary: { chains: heads.length, events },
    });
  });
  return seal;
}

/** Whether a chain's sealed head is the given one (for the scheduled check: only heads that moved are sealed again). */
export const sameHead = (a: ChainHead | undefined, b: ChainHead) =>
  a !== undefined && a.seq === b.seq && a.id === b.id && a.hash === b.hash;

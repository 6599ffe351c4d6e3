import { and, asc, count, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { event } from './schema';
import { GENESIS_HASH, chainHash, keyedChainHash, placedChainHash } from './canonical';
import { auditKey, type AuditKey } from './key';
import { rowsOf } from '../db/client';

/** The end of one chain as far as it was verified or sealed: last id, its hash, its place (= rows up to it). */
export interface ChainHead {
  chain: string;
  id: number;
  seq: number;
  hash: string;
}

/**
 * hash: the row's content (or place) was changed; link: a row before it was deleted or inserted; unkeyed: a
 * row chained without the key after keyed rows, or a chain that ends unkeyed (re-chained by someone without
 * the key); truncated: a sealed head is missing or changed; count: fewer or more rows up to a sealed head
 * than when sealed.
 */
export type BreakReason = 'hash' | 'link' | 'unkeyed' | 'truncated' | 'count';

/** Where one chain broke: the first row that does not hold; for a cut-back chain, the sealed head and how many rows after the chain's end are gone. */
export interface ChainBreak {
  chain: string;
  id: number;
  seq: number;
  reason: BreakReason;
  missing?: number;
}

interface ChainResult {
  chain: string;
  ok: boolean;
  checked: number;
  /** The last row verified; null for a chain with nothing verified. */
  head: ChainHead | null;
  firstBroken?: ChainBreak;
  /** Stopped at the limit with rows still to check. */
  more?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Every chain, in the order of their keys. */
  chains: ChainResult[];
  /** The first break of each broken chain. */
  breaks: ChainBreak[];
  /** Stopped at the limit with rows still to check. */
  more?: boolean;
}

interface VerifyOptions {
  key?: AuditKey;
  /**
   * Sealed heads, one per chain (the latest authentic checkpoints by default): each must still be in its chain
   * with as many rows before it, and a chain that now ends before its sealed head was cut back.
   */
  sealed?: Map<string, ChainHead>;
  /** Start each chain after its sealed head instead of at its first row (the scheduled check). */
  resume?: boolean;
  /** Check at most this many rows in all. */
  limit?: number;
  batch?: number;
}

/**
 * Every chain key in a table keyed by (chain, …) — the log, or its seals — by a loose index scan: one probe per
 * chain, however long the chains.
 */
export async function chainsIn(db: Queryable, table: 'event' | 'audit_seal'): Promise<string[]> {
  const t = sql.identifier(table);
  const rows = await db.execute(sql`
    with recursive c(chain) as (
      (select chain from ${t} order by chain limit 1)
      union all
      select (select x.chain from ${t} x where x.chain > c.chain order by x.chain limit 1) from c where c.chain is not null)
    select chain from c where chain is not null`);
  return rowsOf<{ chain: string }>(rows).map((r) => r.chain);
}

async function lastPlace(db: Queryable, chain: string): Promise<number> {
  const [r] = await db
    .select({ seq: event.chainSeq })
    .from(event)
    .where(eq(event.chain, chain))
    .orderBy(desc(event.chainSeq))
    .limit(1);
  return r?.seq ?? 0;
}

/** Whether a sealed head is still in its chain: the same row at its place, and as many rows up to it. */
export async function checkHead(
  db: Queryable,
  head: ChainHead,
): Promise<{ keyed: boolean; placed: boolean } | { broken: ChainBreak }> {
  const at = { chain: head.chain, id: head.id, seq: head.seq };
  const [row] = await db
    .select({ id: event.id, hash: event.hash, keyed: event.keyed, placed: event.placed })
    .from(event)
    .where(and(eq(event.chain, head.chain), eq(event.chainSeq, head.seq)));
  if (!row || row.id !== head.id || row.hash !== head.hash) {
    const end = await lastPlace(db, head.chain);
    return { broken: { ...at, reason: 'truncated', ...(end < head.seq ? { missing: head.seq - end } : {}) } };
  }
  const [n] = await db
    .select({ n: count() })
    .from(event)
    .where(and(eq(event.chain, head.chain), lte(event.chainSeq, head.seq)));
  if (Number(n?.n ?? 0) !== head.seq) return { broken: { ...at, reason: 'count' } };
  return { keyed: row.keyed, placed: row.placed };
}

type Row = typeof event.$inferSelect;

/** The hash a row should carry, by how it was chained: plain SM3, keyed, or keyed with its place. */
function expectedHash(key: AuditKey, r: Row): string {
  if (!r.keyed) return chainHash(r.prevHash, r);
  return r.placed ? placedChainHash(key.chain, r.prevHash, r) : keyedChainHash(key.chain, r.prevHash, r);
}

/** Walks one chain in place order (from its first row or its sealed head) and names the first row that does not hold. */
async function verifyOne(
  db: Queryable,
  chain: string,
  sealed: ChainHead | undefined,
  o: VerifyOptions & { key: AuditKey; batch: number; budget: number },
): Promise<ChainResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let headId = 0;
  let keyedSeen = false;
  let lastKeyed = true;
  if (sealed && o.resume) {
    const at = await checkHead(db, sealed);
    if ('broken' in at) return { chain, ok: false, checked: 0, head: null, firstBroken: at.broken };
    ({ id: headId, hash: prev, seq: after } = sealed);
    keyedSeen = lastKeyed = at.keyed;
  }
  let checked = 0;
  const head = (): ChainHead | null => (after > 0 ? { chain, id: headId, seq: after, hash: prev } : null);
  const broken = (r: { id: number; seq: number }, reason: BreakReason, missing?: number): ChainResult => ({
    chain,
    ok: false,
    checked,
    head: head(),
    firstBroken: { chain, id: r.id, seq: r.seq, reason, ...(missing ? { missing } : {}) },
  });
  for (;;) {
    const size = Math.min(o.batch, o.budget - checked);
    if (size <= 0) return { chain, ok: true, checked, head: head(), more: true };
    const rows = await db
      .select()
      .from(event)
      .where(and(eq(event.chain, chain), gt(event.chainSeq, after)))
      .orderBy(asc(event.chainSeq))
      .limit(size);
    if (rows.length === 0) break;
    for (const r of rows) {
      const place = { id: r.id, seq: r.chainSeq };
      // A gap in the places, or a link to another row than the one before: rows were removed or inserted.
      if (r.chainSeq !== after + 1 || r.prevHash !== prev) return broken(place, 'link');
      if (!r.keyed && keyedSeen) return broken(place, 'unkeyed');
      if (expectedHash(o.key, r) !== r.hash) return broken(place, 'hash');
      if (sealed && !o.resume && r.chainSeq === sealed.seq && (r.id !== sealed.id || r.hash !== sealed.hash))
        return broken(sealed, 'truncated');
      keyedSeen ||= r.keyed;
      lastKeyed = r.keyed;
      prev = r.hash;
      after = r.chainSeq;
      headId = r.id;
      checked++;
    }
  }
  // The chain now ends before a head that was sealed: its tail was cut off.
  if (sealed && after < sealed.seq) return broken(sealed, 'truncated', sealed.seq - after);
  // Since the upgrade a chain always ends in a keyed row (ensureKeyedChain); one ending unkeyed was re-chained.
  if (!lastKeyed) return broken({ id: headId, seq: after }, 'unkeyed');
  return { chain, ok: true, checked, head: head() };
}

/**
 * Verifies every chain of the log — those in it and those sealed, so that a chain removed whole is found too —
 * and names the first broken row of each. With `resume`, each chain is read from its sealed head on.
 */
export async function verifyChains(db: Queryable, o: VerifyOptions = {}): Promise<VerifyResult> {
  const sealed = o.sealed ?? new Map<string, ChainHead>();
  const keys = [...new Set([...(await chainsIn(db, 'event')), ...sealed.keys()])].sort();
  const opts = { ...o, key: o.key ?? auditKey(), batch: o.batch ?? 2000, budget: o.limit ?? Number.MAX_SAFE_INTEGER };
  const chains: ChainResult[] = [];
  let checked = 0;
  for (const chain of keys) {
    if (checked >= opts.budget) break;
    const r = await verifyOne(db, chain, sealed.get(chain), { ...opts, budget: opts.budget - checked });
    chains.push(r);
    checked += r.checked;
  }
  const breaks = chains.flatMap((c) => (c.firstBroken ? [c.firstBroken] : []));
  const more = chains.length < keys.length || chains.some((c) => c.more);
  return { ok: breaks.length === 0, checked, chains, breaks, ...(more ? { more } : {}) };
}

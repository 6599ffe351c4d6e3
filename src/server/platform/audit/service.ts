import { asc, count, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client';
import { event } from './schema';
import { GENESIS_HASH, chainHash, keyedChainHash, type ChainedFields } from './canonical';
import { auditKey, type AuditKey } from './key';
import type { AuditAction, AuditTarget } from '../../../contract/audit';

/** Who did it, in which capacity, from where. Passed from the request into every command. */
export interface AuditContext {
  personId: string | null;
  postId: string | null;
  onBehalfOfPersonId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface EventInput {
  /** One of the contract's list, which gives each a name on the auditor's page. */
  action: AuditAction;
  targetType: AuditTarget;
  targetId?: string | null;
  unitId?: string | null;
  /** Before/after of the fields that changed, or what was read; never passwords, tokens or document text. */
  summary?: Record<string, unknown>;
}

// One chain for the whole log: appends are serialised by a transaction-scoped advisory lock, held to
// commit. Commands therefore record their events last, to keep the lock short.
const CHAIN_LOCK = 7_270_002;

/** The fields of an event that its hash covers; stored at millisecond precision so the row read back hashes the same. */
export function chainedFields(id: number, ctx: AuditContext, at: Date, input: EventInput): ChainedFields {
  return {
    id,
    at: new Date(at.getTime()),
    actorPersonId: ctx.personId,
    actorPostId: ctx.postId,
    onBehalfOfPersonId: ctx.onBehalfOfPersonId ?? null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    unitId: input.unitId ?? null,
    summary: JSON.parse(JSON.stringify(input.summary ?? {})),
  };
}

/** The link a new row gets: keyed with this process's audit key (the bulk writer of the bench uses it too). */
export function chainRow(prevHash: string, fields: ChainedFields): { prevHash: string; hash: string; keyed: true } {
  return { prevHash, hash: keyedChainHash(auditKey().chain, prevHash, fields), keyed: true };
}

export async function recordEvent(tx: Tx, ctx: AuditContext, at: Date, input: EventInput): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: event.hash }).from(event).orderBy(desc(event.id)).limit(1);
  const idRows = await tx.execute<{ id: number }>(
    sql`select nextval(pg_get_serial_sequence('event', 'id'))::int8 as id`,
  );
  const id = Number(rowsOf<{ id: number }>(idRows)[0]!.id);
  const fields = chainedFields(id, ctx, at, input);
  await tx.insert(event).values({ ...fields, ...chainRow(last?.hash ?? GENESIS_HASH, fields) });
  return id;
}

/**
 * A log chained before the upgrade ends in an unkeyed row: the first start with a key appends a keyed event
 * there, so that from then on the head is always keyed and a log re-chained without the key (which can only
 * end in an unkeyed row) fails verification. Returns whether it appended.
 */
export async function ensureKeyedChain(db: Db, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx.select({ id: event.id, keyed: event.keyed }).from(event).orderBy(desc(event.id)).limit(1);
    if (!last || last.keyed) return false;
    const system: AuditContext = { personId: null, postId: null, requestId: 'audit-key' };
    await recordEvent(tx, system, now, { action: 'audit.chain.keyed', targetType: 'auditChain', summary: { legacyHeadId: last.id, keyId: auditKey().id } });
    return true;
  });
}

/** node-postgres returns { rows }, PGlite returns { rows } too, but typed differently through drizzle. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** The end of the chain as far as it was verified or sealed: last id, its hash, how many rows up to it. */
export interface ChainHead {
  id: number;
  hash: string;
  count: number;
}

/**
 * hash: the row's content was changed; link: a row before it was deleted or inserted; unkeyed: a row chained
 * without the key after keyed rows, or a log that ends unkeyed (re-chained by someone without the key);
 * truncated: a sealed head is missing or changed; count: fewer or more rows up to a sealed head than when sealed.
 */
export type BreakReason = 'hash' | 'link' | 'unkeyed' | 'truncated' | 'count';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The last row verified (with the count up to it); null for an empty log. */
  head: ChainHead | null;
  firstBroken?: { id: number; reason: BreakReason };
  /** Stopped at the limit with rows still to check. */
  more?: boolean;
}

export interface VerifyOptions {
  key?: AuditKey;
  /** Start after this verified head instead of the first row (checked to be still there, with as many rows before it). */
  from?: ChainHead;
  /** Check at most this many rows. */
  limit?: number;
  batch?: number;
}

/** Whether a sealed head is still in the log: the same hash at its id, and as many rows up to it. */
export async function checkHead(db: Queryable, head: ChainHead): Promise<{ keyed: boolean } | { broken: 'truncated' | 'count' }> {
  const [row] = await db.select({ hash: event.hash, keyed: event.keyed }).from(event).where(eq(event.id, head.id));
  if (!row || row.hash !== head.hash) return { broken: 'truncated' };
  const [n] = await db.select({ n: count() }).from(event).where(lte(event.id, head.id));
  if (Number(n?.n ?? 0) !== head.count) return { broken: 'count' };
  return { keyed: row.keyed };
}

/** Walks the chain in id order (from the first row or a verified head) and names the first row that does not hold. */
export async function verifyChain(db: Queryable, o: VerifyOptions = {}): Promise<VerifyResult> {
  const key = o.key ?? auditKey();
  const batch = o.batch ?? 2000;
  let prev = GENESIS_HASH;
  let after = 0;
  let total = 0;
  let keyedSeen = false;
  let lastKeyed = true;
  if (o.from) {
    const at = await checkHead(db, o.from);
    if ('broken' in at) return { ok: false, checked: 0, head: null, firstBroken: { id: o.from.id, reason: at.broken } };
    ({ id: after, hash: prev, count: total } = o.from);
    keyedSeen = lastKeyed = at.keyed;
  }
  let checked = 0;
  const head = (): ChainHead | null => (after > 0 ? { id: after, hash: prev, count: total } : null);
  const broken = (id: number, reason: BreakReason): VerifyResult => ({ ok: false, checked, head: head(), firstBroken: { id, reason } });
  for (;;) {
    const size = o.limit === undefined ? batch : Math.min(batch, o.limit - checked);
    if (size <= 0) return { ok: true, checked, head: head(), more: true };
    const rows = await db.select().from(event).where(gt(event.id, after)).orderBy(asc(event.id)).limit(size);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prev) return broken(r.id, 'link');
      if (!r.keyed && keyedSeen) return broken(r.id, 'unkeyed');
      if ((r.keyed ? keyedChainHash(key.chain, r.prevHash, r) : chainHash(r.prevHash, r)) !== r.hash) return broken(r.id, 'hash');
      keyedSeen ||= r.keyed;
      lastKeyed = r.keyed;
      prev = r.hash;
      after = r.id;
      checked++;
      total++;
    }
  }
  // Since the upgrade the log always ends in a keyed row (ensureKeyedChain); one ending unkeyed was re-chained.
  if (!lastKeyed) return broken(after, 'unkeyed');
  return { ok: true, checked, head: head() };
}

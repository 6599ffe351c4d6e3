import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { event } from './schema';
import { GENESIS_HASH, chainHash, type ChainedFields } from './canonical';

/** Who did it, in which capacity, from where. Passed from the request into every command. */
export interface AuditContext {
  personId: string | null;
  postId: string | null;
  onBehalfOfPersonId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface EventInput {
  action: string;
  targetType: string;
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

export async function recordEvent(tx: Tx, ctx: AuditContext, at: Date, input: EventInput): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: event.hash }).from(event).orderBy(desc(event.id)).limit(1);
  const idRows = await tx.execute<{ id: number }>(
    sql`select nextval(pg_get_serial_sequence('event', 'id'))::int8 as id`,
  );
  const id = Number(rowsOf<{ id: number }>(idRows)[0]!.id);
  const fields = chainedFields(id, ctx, at, input);
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(event).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
  return id;
}

/** node-postgres returns { rows }, PGlite returns { rows } too, but typed differently through drizzle. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; reason: 'hash' | 'link' };
}

/** Walks the chain in id order and names the first row whose hash or link does not hold. */
export async function verifyChain(db: Queryable, batch = 2000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(event).where(gt(event.id, after)).orderBy(asc(event.id)).limit(batch);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBroken: { id: r.id, reason: 'link' } };
      if (chainHash(r.prevHash, r) !== r.hash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'hash' } };
      prev = r.hash;
      after = r.id;
      checked++;
    }
  }
}

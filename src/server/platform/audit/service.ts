import { desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client';
import { event } from './schema';
import { GENESIS_HASH, placedChainHash, type ChainPlace, type ChainedFields } from './canonical';
import { auditKey } from './key';
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

/** The chain of events written for no office: failed sign-ins, scheduled jobs, the system's own. */
export const SYSTEM_CHAIN = 'system';

// One chain per office (全宗): appends to a chain are serialised by a transaction-scoped advisory lock on that
// chain alone (class CHAIN_LOCK, key the chain's hashtext), held to commit, so offices never wait for each
// other. A transaction keeps the chain of its first event for all its events (a transaction-local setting):
// one lock per transaction, so two transactions can never take two chains' locks in opposite orders.
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

/** The link a new row gets: keyed with this process's audit key, its place covered (the bench's bulk writer uses it too). */
export function chainRow(prevHash: string, fields: ChainedFields, place: ChainPlace) {
  return {
    ...place,
    prevHash,
    hash: placedChainHash(auditKey().chain, prevHash, { ...fields, ...place }),
    keyed: true,
    placed: true,
  };
}

/**
 * Takes the lock of the chain this transaction writes to and returns it: the chain already pinned for the
 * transaction, else the office of the post the actor acted in (a unit is its own 全宗), else the unit the event
 * names, else the system chain. The lock is taken in a statement of its own, before the chain's head is read,
 * so the read sees what the previous holder committed.
 */
async function lockChain(tx: Tx, ctx: AuditContext, input: EventInput): Promise<string> {
  const rows = await tx.execute<{ chain: string }>(sql`
    select c.chain, set_config('zhongshu.audit_chain', c.chain, true) as pinned, pg_advisory_xact_lock(${CHAIN_LOCK}, hashtext(c.chain)) as locked
    from (select coalesce(nullif(current_setting('zhongshu.audit_chain', true), ''),
                          (select unit_id::text from post where id = ${ctx.postId ?? null}::uuid),
                          ${input.unitId ?? null}::text, ${SYSTEM_CHAIN}) as chain offset 0) c`);
  return rowsOf<{ chain: string }>(rows)[0]!.chain;
}

/** A chain's last row as this transaction left it. */
interface Head {
  chain: string;
  seq: number;
  hash: string;
}

// The chain a transaction holds (its lock is held to commit) and its head after the transaction's last event:
// a command records ten events or so, and the later ones skip the lock and the read of the head. The insert
// itself checks that the head is still that row — a savepoint in between may have added rows or undone them;
// then the event takes the full path. Keyed by the transaction object: a savepoint's own object starts afresh.
const held = new WeakMap<Tx, Head>();

async function nextEventId(tx: Tx): Promise<number> {
  const rows = await tx.execute(sql`select nextval(pg_get_serial_sequence('event', 'id'))::int8 as id`);
  return Number(rowsOf<{ id: number | string }>(rows)[0]!.id);
}

/** Appends the row after `head`, if that is still its chain's last row; false when it is not (nothing written). */
async function appendAfter(tx: Tx, head: Head, fields: ChainedFields): Promise<Head | null> {
  const row = chainRow(head.hash, fields, { chain: head.chain, chainSeq: head.seq + 1 });
  const f = fields;
  // The same columns as the insert below in recordEvent, as one statement that writes only after the expected head.
  const written = await tx.execute(sql`
    insert into event (id, at, actor_person_id, actor_post_id, on_behalf_of_person_id, ip, request_id, action, target_type, target_id,
                       unit_id, summary, prev_hash, hash, keyed, chain, chain_seq, placed)
    select ${f.id}::int8, ${f.at.toISOString()}::timestamptz, ${f.actorPersonId}::uuid, ${f.actorPostId}::uuid, ${f.onBehalfOfPersonId}::uuid,
           ${f.ip}::text, ${f.requestId}::text, ${f.action}::text, ${f.targetType}::text, ${f.targetId}::text, ${f.unitId}::uuid,
           ${JSON.stringify(f.summary)}::jsonb, ${row.prevHash}::text, ${row.hash}::text, true, ${row.chain}::text, ${row.chainSeq}::int8, true
    where (select hash from event where chain = ${head.chain} and chain_seq >= ${head.seq}::int8 order by chain_seq desc limit 1) = ${head.hash}::text
    returning id`);
  return rowsOf(written).length === 1 ? { chain: row.chain, seq: row.chainSeq, hash: row.hash } : null;
}

export async function recordEvent(tx: Tx, ctx: AuditContext, at: Date, input: EventInput): Promise<number> {
  const last = held.get(tx);
  if (last) {
    const fields = chainedFields(await nextEventId(tx), ctx, at, input);
    const head = await appendAfter(tx, last, fields);
    if (head) {
      held.set(tx, head);
      return fields.id;
    }
  }
  const chain = await lockChain(tx, ctx, input);
  const heads = await tx.execute(sql`
    select last.hash, last.chain_seq::int8 as seq, nextval(pg_get_serial_sequence('event', 'id'))::int8 as id
    from (select 1) one left join lateral (select hash, chain_seq from event where chain = ${chain} order by chain_seq desc limit 1) last on true`);
  const head = rowsOf<{ hash: string | null; seq: number | string | null; id: number | string }>(heads)[0]!;
  const fields = chainedFields(Number(head.id), ctx, at, input);
  const row = chainRow(head.hash ?? GENESIS_HASH, fields, { chain, chainSeq: Number(head.seq ?? 0) + 1 });
  await tx.insert(event).values({ ...fields, ...row });
  held.set(tx, { chain, seq: row.chainSeq, hash: row.hash });
  return fields.id;
}

/**
 * A log chained before the upgrade ends in an unkeyed row (in the system chain, where migration 0023 put the
 * rows of the single chain): the first start with a key appends a keyed event there, so that from then on the
 * chain always ends keyed and a chain re-chained without the key (which can only end unkeyed) fails
 * verification. Returns whether it appended.
 */
export async function ensureKeyedChain(db: Db, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const system: AuditContext = { personId: null, postId: null, requestId: 'audit-key' };
    const input: EventInput = { action: 'audit.chain.keyed', targetType: 'auditChain' };
    await lockChain(tx, system, input);
    const [last] = await tx
      .select({ id: event.id, keyed: event.keyed })
      .from(event)
      .where(eq(event.chain, SYSTEM_CHAIN))
      .orderBy(desc(event.chainSeq))
      .limit(1);
    if (!last || last.keyed) return false;
    await recordEvent(tx, system, now, { ...input, summary: { legacyHeadId: last.id, keyId: auditKey().id } });
    return true;
  });
}

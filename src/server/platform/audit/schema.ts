import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The append-only event log (留痕): every state change, sign-in, failed sign-in, permission change and
 * every read of an item classified 内部 or above. The log is one hash chain per office (全宗, `chain`), so
 * offices append without waiting for each other; each row carries HMAC-SM3(key; prev_hash ‖ canonical row)
 * linking it to the row before it in its chain, under a key kept outside the database (key.ts); rows written
 * before the chain was keyed carry plain SM3. A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE.
 */
export const event = pgTable(
  'event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorPersonId: uuid('actor_person_id'),
    /** The post (capacity) the actor acted in. */
    actorPostId: uuid('actor_post_id'),
    /** Set when the actor acted for someone else (代理). */
    onBehalfOfPersonId: uuid('on_behalf_of_person_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** The unit that owns the target, for per-unit views. */
    unitId: uuid('unit_id'),
    summary: jsonb('summary').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** false only for rows chained with plain SM3 before the upgrade; once a keyed row exists every later row is keyed. */
    keyed: boolean('keyed').notNull().default(false),
    /**
     * The chain the row is in: the office (全宗) it was written for — the unit of the post the actor acted in,
     * else the unit the event names — or `system` (service.ts chainOf). Rows from before per-office chains
     * (migration 0023) are the start of `system`.
     */
    chain: text('chain').notNull(),
    /** The row's place in its chain, from 1 without gaps: a sealed place later missing is a cut-back chain. */
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    /** Whether the hash covers `chain` and `chain_seq` too: false for rows written before per-office chains. */
    placed: boolean('placed').notNull().default(true),
  },
  (t) => [
    uniqueIndex('event_chain_seq_idx').on(t.chain, t.chainSeq),
    index('event_target_idx').on(t.targetType, t.targetId),
    index('event_actor_idx').on(t.actorPersonId, t.at),
    index('event_at_idx').on(t.at),
  ],
);

/**
 * The head of one chain (its last id and hash, and `count` — its place, the rows of the chain up to it),
 * MACed with the seal key: made by the scheduled check as its checkpoint, and for each seal the auditor
 * exports and keeps outside the system. A sealed head later missing, changed or with fewer rows before it
 * means the chain was cut back or rewritten. Version 1 rows sealed the single chain before migration 0023,
 * whose rows are the start of the `system` chain: `count` is the head's place there too.
 */
export const auditSeal = pgTable(
  'audit_seal',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    sealedAt: timestamp('sealed_at', { withTimezone: true, mode: 'date' }).notNull(),
    chain: text('chain').notNull(),
    /** How the MAC was made: 1 before per-office chains (it does not cover `chain`), 2 since. */
    version: smallint('version').notNull().default(2),
    headId: bigint('head_id', { mode: 'number' }).notNull(),
    headHash: text('head_hash').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    keyId: text('key_id').notNull(),
    mac: text('mac').notNull(),
    source: text('source').$type<'schedule' | 'export'>().notNull(),
    /** Who exported it; null for the scheduled check. */
    personId: uuid('person_id'),
  },
  (t) => [index('audit_seal_chain_idx').on(t.chain, t.count)],
);

/** Each run of the scheduled chain check: from which sealed head it went, how far, and what it found. */
export const auditCheck = pgTable('audit_check', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  ok: boolean('ok').notNull(),
  /** The sealed head the run started after; 0 when it walked from the first row. */
  fromId: bigint('from_id', { mode: 'number' }).notNull(),
  headId: bigint('head_id', { mode: 'number' }),
  checked: integer('checked').notNull(),
  brokenId: bigint('broken_id', { mode: 'number' }),
  reason: text('reason'),
  /** Every chain found broken, each at its first broken row: { chain, id, seq, reason, missing? }. */
  breaks: jsonb('breaks').notNull().default([]),
});

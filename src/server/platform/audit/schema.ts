import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only event log (留痕): every state change, sign-in, failed sign-in, permission change and
 * every read of an item classified 内部 or above. Each row carries HMAC-SM3(key; prev_hash ‖ canonical row),
 * under a key kept outside the database (key.ts); rows written before the chain was keyed carry plain SM3.
 * A trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE.
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
  },
  (t) => [
    index('event_target_idx').on(t.targetType, t.targetId),
    index('event_actor_idx').on(t.actorPersonId, t.at),
    index('event_at_idx').on(t.at),
  ],
);

/**
 * A chain head (last id, its hash, how many rows up to it), MACed with the seal key: made by the scheduled
 * check as its checkpoint, and for each seal the auditor exports and keeps outside the system. A sealed head
 * later missing, changed or with fewer rows before it means the log was cut back or rewritten.
 */
export const auditSeal = pgTable('audit_seal', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  sealedAt: timestamp('sealed_at', { withTimezone: true, mode: 'date' }).notNull(),
  headId: bigint('head_id', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  keyId: text('key_id').notNull(),
  mac: text('mac').notNull(),
  source: text('source').$type<'schedule' | 'export'>().notNull(),
  /** Who exported it; null for the scheduled check. */
  personId: uuid('person_id'),
});

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
});

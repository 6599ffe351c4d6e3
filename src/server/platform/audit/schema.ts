import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only event log (留痕): every state change, sign-in, failed sign-in, permission change and
 * every read of an item classified 内部 or above. Each row carries SM3(prev_hash ‖ canonical row).
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
  },
  (t) => [
    index('event_target_idx').on(t.targetType, t.targetId),
    index('event_actor_idx').on(t.actorPersonId, t.at),
    index('event_at_idx').on(t.at),
  ],
);

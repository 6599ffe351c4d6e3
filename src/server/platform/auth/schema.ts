import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { person, post } from '../../org/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const account = pgTable('account', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => person.id),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  failedCount: integer('failed_count').notNull().default(0),
  lockedUntil: ts('locked_until'),
  lastSignInAt: ts('last_sign_in_at'),
  passwordChangedAt: ts('password_changed_at'),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

/** Sessions live in the database so that several server instances share them. id = SHA-256 of the cookie value. */
export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    postId: uuid('post_id').references(() => post.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    endedAt: ts('ended_at'),
  },
  (t) => [index('session_person_idx').on(t.personId)],
);

export const apiToken = pgTable('api_token', {
  id: uuid('id').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .references(() => person.id),
  postId: uuid('post_id').references(() => post.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

/** A create request repeated with the same Idempotency-Key returns the first response and changes nothing. */
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    personId: uuid('person_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.key] })],
);

import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { person, post } from '../../org/schema';
import type { TOKEN_REVOKE_REASONS, TokenScope } from '../../../contract/auth';

type TokenRevokeReason = (typeof TOKEN_REVOKE_REASONS)[number];

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const account = pgTable('account', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => person.id),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  lastSignInAt: ts('last_sign_in_at'),
  passwordChangedAt: ts('password_changed_at'),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
});

/**
 * Sign-in attempts counted per source address, per user name (whether or not an account has it, so that names
 * cannot be told apart) and per known device of an account. An attempt is counted before its password is
 * checked and given back if the password was right, so that concurrent attempts cannot outrun the count.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    scope: text('scope').$type<'address' | 'account' | 'device'>().notNull(),
    /** The source address, or the user name as typed (trimmed, lower case). */
    subject: text('subject').notNull(),
    /** SHA-256 of the device cookie for scope 'device'; '' otherwise. */
    device: text('device').notNull().default(''),
    failures: integer('failures').notNull().default(0),
    /** Locks in a row: each one lasts twice as long as the one before. */
    locks: integer('locks').notNull().default(0),
    blockedUntil: ts('blocked_until'),
    lastAttemptAt: ts('last_attempt_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.subject, t.device] }),
    index('sign_in_throttle_last_attempt_idx').on(t.lastAttemptAt),
  ],
);

/** Browsers an account has signed in from (id = SHA-256 of the HttpOnly device cookie). */
export const knownDevice = pgTable(
  'known_device',
  {
    tokenHash: text('token_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.personId] }), index('known_device_person_idx').on(t.personId)],
);

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

/**
 * Integrations' credentials (id = SHA-256 of the token; the token itself is shown once and kept nowhere). Each
 * has an end and a scope (`incoming:read`, `outgoing:write` …, see contract/auth.ts); none reaches administration.
 */
export const apiToken = pgTable(
  'api_token',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id),
    postId: uuid('post_id').references(() => post.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scope: text('scope')
      .array()
      .$type<TokenScope[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason').$type<TokenRevokeReason>(),
    /** Who revoked it: the owner, the security administrator; null when it ended with the account's password or the account. */
    revokedBy: uuid('revoked_by'),
  },
  (t) => [index('api_token_person_idx').on(t.personId)],
);

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

/**
 * A person's calendar subscription (日历订阅): the secret in the address their phone's calendar polls, read-only and
 * answering only the calendar feeds (route config `feed`). One per person (a new one replaces the old); the server
 * keeps its SHA-256 alone. It ends, like API tokens, when the password changes or the account is disabled.
 */
export const feedToken = pgTable('feed_token', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => person.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  lastUsedAt: ts('last_used_at'),
});

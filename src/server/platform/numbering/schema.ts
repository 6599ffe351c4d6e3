import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The last number issued per register and year (收文号, and later 文号). Taking a number updates this row
 * inside the registering transaction: concurrent registrations queue on the row lock, and a rollback gives
 * the number back, so numbers never repeat and never skip.
 */
export const numberSequence = pgTable(
  'number_sequence',
  {
    /** e.g. "incoming:<unit id>:general" */
    scope: text('scope').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.year] })],
);

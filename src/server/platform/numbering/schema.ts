import { sql } from 'drizzle-orm';
import { integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A 文号 register (发文登记簿) of one issuing unit and document family: its 机关代字 (e.g. 江委办发) and whether
 * it numbers by year (机关代字〔2026〕12号) or continuously like orders (第733号, no yearly reset).
 */
export const docRegister = pgTable(
  'doc_register',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id').notNull(),
    /** The family as users say it: 发文, 函, 纪要, 令 … */
    name: text('name').notNull(),
    code: text('code').notNull(),
    kind: text('kind').$type<'yearly' | 'order' | 'issue'>().notNull(),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [uniqueIndex('doc_register_unit_code').on(t.unitId, t.code)],
);

/**
 * Every number a register has given out, one row each: reserved for a document in progress, used by a
 * registered document, or cancelled with the reason. The numbers come from number_sequence in the same
 * transaction, so the register has no gap that is not a cancellation on record.
 */
export const docNumber = pgTable(
  'doc_number',
  {
    id: uuid('id').primaryKey(),
    registerId: uuid('register_id')
      .notNull()
      .references(() => docRegister.id),
    /** 0 for registers that never reset (orders). */
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    docNo: text('doc_no').notNull(),
    state: text('state').$type<'reserved' | 'used' | 'cancelled'>().notNull(),
    itemId: uuid('item_id'),
    note: text('note'),
    takenBy: uuid('taken_by').notNull(),
    takenAt: ts('taken_at').notNull(),
    usedAt: ts('used_at'),
    cancelledBy: uuid('cancelled_by'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('doc_number_register_seq').on(t.registerId, t.year, t.seq),
    // A document holds at most one live number per register: taking it twice returns the same one.
    uniqueIndex('doc_number_live_item')
      .on(t.registerId, t.itemId)
      .where(sql`state <> 'cancelled' and item_id is not null`),
  ],
);

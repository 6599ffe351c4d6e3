import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { item } from '../../platform/items/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 收文: the registered elements of a received 公文 (条例 Art.24 签收/登记); the item holds title, 密级, 紧急程度. */
export const incomingDocument = pgTable(
  'incoming_document',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => item.id),
    /** 收文登记簿: one numbering per register and year. */
    register: text('register').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** 来文单位 */
    senderName: text('sender_name').notNull(),
    senderUnitId: uuid('sender_unit_id'),
    /** 发文字号, canonical form; the text as received is kept when it differed. */
    docNo: text('doc_no'),
    docNoAsReceived: text('doc_no_as_received'),
    genre: text('genre'),
    copies: integer('copies').notNull().default(1),
    /** 份号 of classified documents (six digits each). */
    copyNumbers: text('copy_numbers').array().notNull().default([]),
    writtenDate: date('written_date', { mode: 'string' }),
    receivedAt: ts('received_at').notNull(),
    receivedByPersonId: uuid('received_by_person_id').notNull(),
    mainRecipients: text('main_recipients').array().notNull().default([]),
    ccRecipients: text('cc_recipients').array().notNull().default([]),
    /** 附件说明: names in order. */
    attachments: jsonb('attachments').$type<{ name: string }[]>().notNull().default([]),
    /** 阅知 or 批办, decided at 初审. */
    handlingKind: text('handling_kind'),
    /** 退文 reason, 答复 reference, 办结 summary. */
    returnReason: text('return_reason'),
    reply: text('reply'),
    summary: text('summary'),
    /**
     * 作废: the 收文号 stays in the register with who voided it, when and why; it is never given again and the
     * document leaves handling (its open tasks are cancelled).
     */
    voidedAt: ts('voided_at'),
    voidedBy: uuid('voided_by'),
    voidReason: text('void_reason'),
  },
  (t) => [
    uniqueIndex('incoming_register_seq_idx').on(t.register, t.year, t.seq),
    index('incoming_sender_docno_idx').on(t.senderName, t.docNo),
  ],
);

/** One field a correction changed: its earlier and its new value, as the registration holds them. */
export interface CorrectionChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * 更正登记: each correction of a registration before the document is routed, numbered per document; the
 * values it replaced stay here, so the registration as first recorded can always be read back.
 */
export const incomingCorrection = pgTable(
  'incoming_correction',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    no: integer('no').notNull(),
    changes: jsonb('changes').$type<CorrectionChange[]>().notNull(),
    reason: text('reason'),
    personId: uuid('person_id').notNull(),
    personName: text('person_name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('incoming_correction_item_no_idx').on(t.itemId, t.no)],
);

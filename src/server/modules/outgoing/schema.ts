import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { item } from '../../platform/items/schema';
import type { Draft } from '../../../contract/outgoing-draft';
import type { FindingOverride } from '../../../contract/outgoing-checks';
import type { DeliveryStatus } from '../../../contract/outgoing';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type RecordedOverride = FindingOverride & { by: string; byPersonId: string; at: string };

/** 发文: the document's current draft and where it stands (条例 Art.18–25); the item holds title, 密级, state. */
export const outgoingDocument = pgTable('outgoing_document', {
  itemId: uuid('item_id')
    .primaryKey()
    .references(() => item.id),
  /** The current version's draft (a copy of outgoing_version.draft for `version`). */
  draft: jsonb('draft').$type<Draft>().notNull(),
  version: integer('version').notNull(),
  /** The version signed at 签发 (or 复审): frozen, what every later change is compared with. */
  signedVersion: integer('signed_version'),
  /** The 文号 register it is numbered in, and the number once given (kept if it comes back to 编号). */
  registerId: uuid('register_id'),
  docNumberId: uuid('doc_number_id'),
  docNo: text('doc_no'),
  genre: text('genre').notNull(),
  copies: integer('copies').notNull().default(1),
  /**
   * 印制 as recorded at that step: the copies printed (印数) and their 份号 range (GB/T 9704 §7.2.1, printed as six
   * digits; required for 涉密 documents). Null until 印制; recorded again if the document comes back to 印制.
   */
  printCount: integer('print_count'),
  copyNoFrom: integer('copy_no_from'),
  copyNoTo: integer('copy_no_to'),
  writtenDate: text('written_date'),
  /** Warnings accepted with a reason (规范性审核). */
  overrides: jsonb('overrides').$type<RecordedOverride[]>().notNull().default([]),
  /**
   * The 签发人 the source names, offered at 审核 (a 纪要's signer by its kind of meeting's rule) and why; the registrar
   * may still send it to another leader.
   */
  namedSignerPersonId: uuid('named_signer_person_id'),
  namedSignerReason: text('named_signer_reason'),
});

/** Every saved version of the draft: who, at which step, what changed. Never updated. */
export const outgoingVersion = pgTable(
  'outgoing_version',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    no: integer('no').notNull(),
    kind: text('kind').$type<'draft' | 'signed' | 'numbered'>().notNull(),
    draft: jsonb('draft').$type<Draft>().notNull(),
    stepKey: text('step_key'),
    stepName: text('step_name').notNull(),
    personId: uuid('person_id').notNull(),
    personName: text('person_name').notNull(),
    postTitle: text('post_title'),
    note: text('note'),
    changes: jsonb('changes').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.no] })],
);

/**
 * 核发 to organs outside this deployment (units in it receive through the kernel's dispatch: 签收 or 退文): each is
 * 需线下分发 until the registrar records how it went (机要交换, 专人送达 …). A row is never rewritten once settled: the
 * correction or withdrawal of an offline record adds a row that supersedes it (previousId), so the receipts keep what
 * happened.
 */
export const outgoingDelivery = pgTable(
  'outgoing_delivery',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    /** The organ as the document names it: one outside this deployment (units in it receive through the kernel's dispatch). */
    organName: text('organ_name').notNull(),
    role: text('role').$type<'main' | 'cc'>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    deliveredAt: ts('delivered_at').notNull(),
    /** Who made this row: the 核发, a 重新分发, a correction. */
    createdByPersonId: uuid('created_by_person_id'),
    /** 线下分发: how, when, by whom it was carried, a note; who recorded it and when. */
    offlineMethod: text('offline_method'),
    offlineAt: ts('offline_at'),
    offlineBy: text('offline_by'),
    offlineNote: text('offline_note'),
    recordedByPersonId: uuid('recorded_by_person_id'),
    recordedAt: ts('recorded_at'),
    /** The row this one replaces (重新分发, 更正), and why it was corrected. */
    previousId: uuid('previous_id'),
    correctionReason: text('correction_reason'),
    supersededAt: ts('superseded_at'),
  },
  (t) => [
    uniqueIndex('outgoing_delivery_item_organ_current_idx')
      .on(t.itemId, t.organName)
      .where(sql`superseded_at is null`),
    index('outgoing_delivery_item_idx').on(t.itemId),
  ],
);

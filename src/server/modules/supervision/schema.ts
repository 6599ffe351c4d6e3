import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { item } from '../../platform/items/schema';
import type { ReportCadence, SupervisionSource } from '../../../contract/supervision';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 督办事项 (DOMAIN §6.3 立项): what is to be done, by which units, answerable to which leader, by when, and how often
 * the lead unit reports. The item holds the title, 密级, 督办编号 (registry_no) and the due date; this row the rest.
 */
export const supervisionItem = pgTable(
  'supervision_item',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => item.id),
    /** 督办编号: one gapless sequence per office (the owning unit) and year (督〔2026〕12号). */
    officeUnitId: uuid('office_unit_id').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    source: text('source').$type<SupervisionSource>().notNull(),
    sourceText: text('source_text'),
    requirement: text('requirement').notNull(),
    leadUnitId: uuid('lead_unit_id').notNull(),
    assistingUnitIds: uuid('assisting_unit_ids').array().notNull().default([]),
    /** 责任领导 */
    leaderPersonId: uuid('leader_person_id'),
    category: text('category').$type<'key' | 'ordinary'>().notNull(),
    cadence: jsonb('cadence').$type<ReportCadence>().notNull(),
    /** Why reports are asked more often than weekly (基层减负: recorded on the item). */
    cadenceReason: text('cadence_reason'),
    /** 人大代表建议 (npc) / 政协提案 (cppcc): bound by the statutory limit; `difficult` gives 6 months instead of 3. */
    statutory: text('statutory').$type<'npc' | 'cppcc'>(),
    difficult: boolean('difficult').notNull().default(false),
    /** The deadline as given: N working days from 立项, or null when a date was given. */
    deadlineWorkdays: integer('deadline_workdays'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    /** The deadline set at 立项; the item's due date moves with the lead unit's approved 延期, this does not. */
    originalDueDate: date('original_due_date', { mode: 'string' }),
    /** The leader whose 批示 this item carries out: 销号 sends the result to them (呈阅). */
    instructedByPersonId: uuid('instructed_by_person_id'),
    /** 退回重办: how many times the 办结报告 was sent back for another round. */
    redoCount: integer('redo_count').notNull().default(0),
    /** Why the 督查室 closed it without 销号 (撤销督办). */
    withdrawnReason: text('withdrawn_reason'),
    createdByPersonId: uuid('created_by_person_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('supervision_item_number_idx').on(t.officeUnitId, t.year, t.seq),
    index('supervision_item_lead_unit_idx').on(t.leadUnitId),
    index('supervision_item_source_idx').on(t.source),
  ],
);

/**
 * The 督查室's settings, one row per office (issue 16 §5: "thresholds as configuration"): how many working days before
 * its deadline an item turns yellow. An office without a row has the default (`policy.ts DEFAULT_LIGHT_CONFIG`).
 */
export const supervisionSetting = pgTable('supervision_setting', {
  officeUnitId: uuid('office_unit_id').primaryKey(),
  yellowWithinWorkdays: integer('yellow_within_workdays').notNull(),
  updatedByPersonId: uuid('updated_by_person_id').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

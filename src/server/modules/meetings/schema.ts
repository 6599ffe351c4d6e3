import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { item } from '../../platform/items/schema';
import type { MeetingKind, TopicRefusal } from '../../../contract/meetings';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 议题 (DOMAIN §11.2): a unit's proposal for a kind of meeting of an office. The item holds the title, 密级, the 议题
 * number (registry_no) and the state; this row the rest. The item belongs to the proposing unit while it drafts and
 * signs it, and to the office (`office_unit_id`) from its submission (报送): the office's 议题库.
 */
export const meetingTopic = pgTable(
  'meeting_topic',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => item.id),
    officeUnitId: uuid('office_unit_id').notNull(),
    /** 议题编号: one gapless sequence per office and year (议〔2026〕7号), given on submission. */
    year: integer('year'),
    seq: integer('seq'),
    proposerUnitId: uuid('proposer_unit_id').notNull(),
    meetingKind: text('meeting_kind').$type<MeetingKind>().notNull(),
    situation: text('situation').notNull(),
    question: text('question').notNull(),
    suggestedSitIns: text('suggested_sit_ins'),
    /** 重大行政决策: the legality review is required and cannot be replaced by a request for comments. */
    majorDecision: boolean('major_decision').notNull().default(false),
    /** On cadre appointments (人事任免): ≥ ⅔ of the members present. */
    appointments: boolean('appointments').notNull().default(false),
    /** The day the legality review's task opened (DOMAIN §11.2: ≥ 7 working days before the meeting). */
    legalityStartedOn: date('legality_started_on', { mode: 'string' }),
    /** Why the office did not take it (初审), with its words in `returned_reason`. */
    refusal: text('refusal').$type<TopicRefusal>(),
    returnedReason: text('returned_reason'),
    withdrawnReason: text('withdrawn_reason'),
    createdByPersonId: uuid('created_by_person_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_topic_number_idx').on(t.officeUnitId, t.year, t.seq),
    index('meeting_topic_office_idx').on(t.officeUnitId, t.meetingKind),
  ],
);

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { item } from '../../platform/items/schema';
import type { Classification } from '../../../contract/common';
import type { BookingState, MeetingKind, RoomEquipment, TopicRefusal } from '../../../contract/meetings';
import type { TopicResult } from '../../../contract/meetings-minutes';
import type { SignOffRule } from '../../../contract/meetings-kinds';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 议题 (DOMAIN §11.2): a unit's proposal for a kind of meeting of an office. The item holds the title, 密级, the 议题
 * number (registry_no) and the state; this row the rest. The item belongs to the proposing unit while it drafts and
 * signs it, and stays the proposing unit's; from its submission (报送) it is in the office's 议题库 (`office_unit_id`),
 * read by the office's registrars.
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
    /**
     * The day the legality review's task last opened (DOMAIN §11.2: ≥ 7 working days before the meeting); cleared when
     * the reviewer returns the draft, set again when a review starts anew.
     */
    legalityStartedOn: date('legality_started_on', { mode: 'string' }),
    /** The day the reviewer passed it (合法); null until then, and again once the draft is returned. */
    legalityPassedOn: date('legality_passed_on', { mode: 'string' }),
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

/**
 * 会议 (DOMAIN §11.3 会议方案): a meeting of a kind, of an office, at a time and place, chaired by a leader, with its
 * members (出席), sit-ins (列席) and staff. The item holds the title, 密级 and state; this row the rest. The agenda is
 * fixed by the chair (确定议题); after that a topic is added only with the chair's approval.
 */
export const meeting = pgTable(
  'meeting',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => item.id),
    officeUnitId: uuid('office_unit_id').notNull(),
    meetingKind: text('meeting_kind').$type<MeetingKind>().notNull(),
    /** 第N次: one sequence per office, kind and year. */
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    place: text('place').notNull(),
    /** The room booking held for the meeting's hours (a room of the office's); null when it meets elsewhere. */
    roomBookingId: uuid('room_booking_id'),
    mode: text('mode').$type<'onsite' | 'video' | 'hybrid'>().notNull(),
    chairPersonId: uuid('chair_person_id').notNull(),
    agendaFixedAt: ts('agenda_fixed_at'),
    createdByPersonId: uuid('created_by_person_id').notNull(),
    createdAt: ts('created_at').notNull(),
    /** 取消会议 (plan-change.ts): when, by whom and why; a cancelled meeting admits no further change. */
    cancelledAt: ts('cancelled_at'),
    cancelledByPersonId: uuid('cancelled_by_person_id'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('meeting_number_idx').on(t.officeUnitId, t.meetingKind, t.year, t.seq),
    index('meeting_office_starts_idx').on(t.officeUnitId, t.startsAt),
  ],
);

/**
 * 议程: the topics of a meeting in order, each with its reporting unit and minutes. One added after the agenda was
 * fixed waits for the chair (`pending`) and is on the agenda once approved; refused, it stays on record.
 */
export const meetingAgendaItem = pgTable(
  'meeting_agenda_item',
  {
    id: uuid('id').primaryKey(),
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    topicItemId: uuid('topic_item_id')
      .notNull()
      .references(() => item.id),
    position: integer('position').notNull(),
    reportingUnitId: uuid('reporting_unit_id'),
    minutes: integer('minutes'),
    /** `released`: the meeting was cancelled and the topic went back to the 议题库 (plan-change.ts). */
    state: text('state').$type<'planned' | 'pending' | 'refused' | 'released'>().notNull(),
    /** Added after the agenda was fixed: who asked, and the chair's answer. */
    requestedByPersonId: uuid('requested_by_person_id'),
    decidedByPersonId: uuid('decided_by_person_id'),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('meeting_agenda_meeting_idx').on(t.meetingItemId),
    // A topic is on one agenda at a time (planned or waiting for a chair); refused requests stay on record beside it.
    uniqueIndex('meeting_agenda_topic_idx')
      .on(t.topicItemId)
      .where(sql`${t.state} in ('planned', 'pending')`),
  ],
);

/** 参会人员: members (出席), sit-ins (列席, for a topic or the whole meeting) and staff (工作人员). */
export const meetingParticipant = pgTable(
  'meeting_participant',
  {
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    personId: uuid('person_id').notNull(),
    role: text('role').$type<'member' | 'sitIn' | 'staff'>().notNull(),
    /** A sit-in for one topic only (its 汇报人); null for the whole meeting. */
    topicItemId: uuid('topic_item_id'),
    /** Protocol order among the members (座次). */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingItemId, t.personId] }), index('meeting_participant_person_idx').on(t.personId)],
);

// ——— 会议室 (DOMAIN §11.6): rooms an office keeps and their bookings (rooms.ts, room-routes.ts) ———

/** A meeting room an office keeps (`office_unit_id`); its manager (会务科) decides its bookings with the office's registrars. */
export const meetingRoom = pgTable(
  'meeting_room',
  {
    id: uuid('id').primaryKey(),
    officeUnitId: uuid('office_unit_id').notNull(),
    name: text('name').notNull(),
    building: text('building').notNull(),
    floor: text('floor').notNull(),
    capacity: integer('capacity').notNull(),
    equipment: text('equipment').array().$type<RoomEquipment[]>().notNull(),
    managerPersonId: uuid('manager_person_id').notNull(),
    /** Out of use (repairs, kept for a leader): no booking is taken. */
    available: boolean('available').notNull().default(true),
    /** Checked for classified meetings (保密法 Art.38: a compliant venue): only these take 秘密/机密/绝密 bookings. */
    secretCertified: boolean('secret_certified').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_room_name_idx').on(t.officeUnitId, t.name),
    check('meeting_room_capacity_positive', sql`${t.capacity} > 0`),
  ],
);

/**
 * A booking of a room (DOMAIN §11.6, O2OA's ConfirmStatus): `wait` until the manager allows or denies it; `wait` and
 * `allow` hold the slot, so no two of them overlap in one room (checked under the room row's lock).
 */
export const roomBooking = pgTable(
  'room_booking',
  {
    id: uuid('id').primaryKey(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => meetingRoom.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    subject: text('subject').notNull(),
    applicantPersonId: uuid('applicant_person_id').notNull(),
    hostUnitId: uuid('host_unit_id').notNull(),
    attendeeCount: integer('attendee_count').notNull(),
    needs: text('needs').array().$type<RoomEquipment[]>().notNull(),
    classification: text('classification').$type<Classification>().notNull(),
    state: text('state').$type<BookingState>().notNull(),
    decidedByPersonId: uuid('decided_by_person_id'),
    decidedAt: ts('decided_at'),
    /** Why it was denied or cancelled (or the manager's note on allowing). */
    decisionReason: text('decision_reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('room_booking_room_idx').on(t.roomId, t.startsAt),
    check('room_booking_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('room_booking_state', sql`${t.state} in ('wait', 'allow', 'deny', 'cancelled')`),
  ],
);

// ── 会议通知 and 回执 (issue 17 item 3, notice.ts) ──

/** 会议通知 (DOMAIN §11.3): one a meeting, sent (and sent again after a change) by the office's registrar. */
export const meetingNotice = pgTable('meeting_notice', {
  meetingItemId: uuid('meeting_item_id')
    .primaryKey()
    .references(() => item.id),
  replyBy: ts('reply_by').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  requirements: text('requirements').notNull(),
  /** The first sending decides 逾期通知 (the kind's `noticeBeforeDays`); later ones re-notify. */
  firstSentAt: ts('first_sent_at').notNull(),
  sentAt: ts('sent_at').notNull(),
  sentByPersonId: uuid('sent_by_person_id').notNull(),
  sends: integer('sends').notNull().default(1),
});

/**
 * 回执 of one invited person (a member or sit-in): the latest answer counts (each change is audited). Leave is asked
 * of the chair: `pending` until decided; approved leave is the 纪要's 请假 line, refused means the person is expected.
 */
export const meetingReply = pgTable(
  'meeting_reply',
  {
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => item.id),
    personId: uuid('person_id').notNull(),
    reply: text('reply').$type<'attend' | 'substitute' | 'leave'>().notNull(),
    /** 请假事由. */
    reason: text('reason'),
    substitutePersonId: uuid('substitute_person_id'),
    substituteName: text('substitute_name'),
    substitutePost: text('substitute_post'),
    leave: text('leave').$type<'pending' | 'approved' | 'refused'>(),
    leaveDecidedByPersonId: uuid('leave_decided_by_person_id'),
    leaveDecidedAt: ts('leave_decided_at'),
    leaveRefusal: text('leave_refusal'),
    repliedAt: ts('replied_at').notNull(),
    /** Who recorded it: the person, their unit's registrar (签收 with 回执), or the office taking it by phone. */
    recordedByPersonId: uuid('recorded_by_person_id').notNull(),
    late: boolean('late').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingItemId, t.personId] }),
    check('meeting_reply_reply', sql`${t.reply} in ('attend', 'substitute', 'leave')`),
    check('meeting_reply_leave', sql`(${t.reply} = 'leave') = (${t.leave} is not null)`),
    check('meeting_reply_substitute', sql`(${t.reply} = 'substitute') = (${t.substituteName} is not null)`),
  ],
);

// ——— 签到 (DOMAIN §11.5, §11.8; issue 17 item 6): who checked in to a meeting (checkin.ts, checkin-routes.ts) ———

/**
 * A person checked in to a meeting: once per meeting, by the staff from the list (`manual`, `by_person_id` the staff
 * member) or by scanning the screen's QR code (`qr`, by themselves). A mistaken check-in is undone by deleting the row;
 * the audit log keeps who undid it and why.
 */
export const meetingCheckIn = pgTable(
  'meeting_check_in',
  {
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    personId: uuid('person_id').notNull(),
    at: ts('at').notNull(),
    method: text('method').$type<'manual' | 'qr'>().notNull(),
    byPersonId: uuid('by_person_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingItemId, t.personId] }),
    check('meeting_check_in_method', sql`${t.method} in ('manual', 'qr')`),
  ],
);

// ——— 会议记录, 议定事项 and 纪要 (DOMAIN §11.5–11.6; record.ts, decisions.ts, minutes.ts) ———

/** One speech in the record: who spoke and what, a differing opinion marked as such (recorded as said). */
export interface RecordSpeech {
  speaker: string;
  content: string;
  dissent: boolean;
}

/**
 * 会议记录 of one agenda topic: the result the meeting reached, the main proceedings in the recorder's words (what the
 * 纪要 says of it) and the speeches. Restricted (DOMAIN §11.5): the recorders, the chair and the office's
 * secretary-general read it.
 */
export const meetingRecord = pgTable(
  'meeting_record',
  {
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    topicItemId: uuid('topic_item_id')
      .notNull()
      .references(() => item.id),
    result: text('result').$type<TopicResult>().notNull(),
    summary: text('summary').notNull(),
    speeches: jsonb('speeches').$type<RecordSpeech[]>().notNull(),
    recordedByPersonId: uuid('recorded_by_person_id').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingItemId, t.topicItemId] })],
);

/**
 * 议定事项 (DOMAIN §11.6): what the meeting decided, in order, each with its lead unit, assisting units, responsible
 * leader and due date — a 纪要 waits until every one has a unit and a date — and, once turned, its 督办 item.
 */
export const meetingDecision = pgTable(
  'meeting_decision',
  {
    id: uuid('id').primaryKey(),
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    seq: integer('seq').notNull(),
    topicItemId: uuid('topic_item_id'),
    text: text('text').notNull(),
    leadUnitId: uuid('lead_unit_id'),
    assistingUnitIds: uuid('assisting_unit_ids').array().notNull(),
    leaderPersonId: uuid('leader_person_id'),
    dueDate: date('due_date', { mode: 'string' }),
    /** The 督办 item it became (转督办), once. */
    supervisionItemId: uuid('supervision_item_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_decision_seq_idx').on(t.meetingItemId, t.seq),
    uniqueIndex('meeting_decision_supervision_idx').on(t.supervisionItemId),
  ],
);

/** 纪要: the 发文 drafted from a meeting. One in force per meeting; a voided one stays on record beside the next. */
export const meetingMinutes = pgTable(
  'meeting_minutes',
  {
    outgoingItemId: uuid('outgoing_item_id')
      .primaryKey()
      .references(() => item.id),
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    draftedByPersonId: uuid('drafted_by_person_id').notNull(),
    draftedAt: ts('drafted_at').notNull(),
  },
  (t) => [index('meeting_minutes_meeting_idx').on(t.meetingItemId)],
);

// ——— 会议材料, 涉密材料分发登记, 精文减会 (DOMAIN §11.2 deadlines, §11.7, §11.8; materials.ts, handouts.ts, policy.ts) ———

/**
 * 会议材料: a file on the meeting item (its `item_file` row) with its title and 密级, for one agenda topic or the whole
 * meeting, submitted by the office's registrars or by the topic's reporting/proposing unit. `due_on` is the kind's
 * deadline (the meeting day less `materialsBeforeDays` calendar days); one submitted later is `late` (逾期). 分发: the
 * office gives the attendees the materials before the meeting.
 */
export const meetingMaterial = pgTable(
  'meeting_material',
  {
    id: uuid('id').primaryKey(),
    meetingItemId: uuid('meeting_item_id')
      .notNull()
      .references(() => meeting.itemId),
    /** The agenda topic it is for; null for the whole meeting. */
    topicItemId: uuid('topic_item_id'),
    title: text('title').notNull(),
    classification: text('classification').$type<Classification>().notNull(),
    fileId: uuid('file_id').notNull(),
    itemFileId: uuid('item_file_id').notNull(),
    submittedByPersonId: uuid('submitted_by_person_id').notNull(),
    submittedByUnitId: uuid('submitted_by_unit_id').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    late: boolean('late').notNull(),
    distributedAt: ts('distributed_at'),
    distributedByPersonId: uuid('distributed_by_person_id'),
  },
  (t) => [index('meeting_material_meeting_idx').on(t.meetingItemId, t.submittedAt)],
);

/**
 * 分发登记 of a classified meeting's classified material (DOMAIN §11.8): copy N handed to a named holder, signed for by
 * the holder (or recorded by the staff who saw the signature), retrieved against the list; a lost copy is reported.
 */
export const meetingHandout = pgTable(
  'meeting_handout',
  {
    id: uuid('id').primaryKey(),
    materialId: uuid('material_id')
      .notNull()
      .references(() => meetingMaterial.id),
    copyNo: integer('copy_no').notNull(),
    holderPersonId: uuid('holder_person_id').notNull(),
    handedAt: ts('handed_at').notNull(),
    handedByPersonId: uuid('handed_by_person_id').notNull(),
    signedAt: ts('signed_at'),
    /** The holder (their own confirmation) or the staff member who recorded the signature. */
    signedByPersonId: uuid('signed_by_person_id'),
    returnedAt: ts('returned_at'),
    receivedByPersonId: uuid('received_by_person_id'),
    lostAt: ts('lost_at'),
    lostReportedByPersonId: uuid('lost_reported_by_person_id'),
    lostReason: text('lost_reason'),
  },
  (t) => [
    uniqueIndex('meeting_handout_copy_idx').on(t.materialId, t.copyNo),
    check('meeting_handout_copy_positive', sql`${t.copyNo} > 0`),
  ],
);

/** 精文减会 (DOMAIN §11.7 MeetingPolicy): an office's limits for a year, kept by its registrars; null is no limit. */
export const meetingPolicy = pgTable(
  'meeting_policy',
  {
    officeUnitId: uuid('office_unit_id').notNull(),
    year: integer('year').notNull(),
    /** The most meetings of a kind in the year, by kind; a kind not named is not capped. */
    maxPerKind: jsonb('max_per_kind').$type<Partial<Record<MeetingKind, number>>>().notNull(),
    maxDurationMin: integer('max_duration_min'),
    maxAttendees: integer('max_attendees'),
    maxSpeechMin: integer('max_speech_min'),
    /** ISO weekdays (1 = Monday … 7 = Sunday) with no meetings. */
    noMeetingWeekdays: integer('no_meeting_weekdays').array().notNull(),
    updatedByPersonId: uuid('updated_by_person_id').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeUnitId, t.year] })],
);

/** A meeting planned against the policy: what it broke and the planner's reason (shown on the meeting's page). */
export const meetingPolicyOverride = pgTable('meeting_policy_override', {
  meetingItemId: uuid('meeting_item_id')
    .primaryKey()
    .references(() => meeting.itemId),
  warnings: text('warnings').array().notNull(),
  reason: text('reason').notNull(),
  recordedByPersonId: uuid('recorded_by_person_id').notNull(),
  recordedAt: ts('recorded_at').notNull(),
});

/**
 * An office's own values for a kind of meeting (issue 17 items 1 and 7): whether it holds the kind at all, the
 * deadlines, substitutes, a stricter quorum, the 纪要 series and who signs the 纪要; null keeps `kinds.ts`'s default.
 */
export const meetingKindSetting = pgTable(
  'meeting_kind_setting',
  {
    officeUnitId: uuid('office_unit_id').notNull(),
    meetingKind: text('meeting_kind').$type<MeetingKind>().notNull(),
    enabled: boolean('enabled').notNull(),
    topicsBeforeDays: integer('topics_before_days'),
    materialsBeforeDays: integer('materials_before_days'),
    noticeBeforeDays: integer('notice_before_days'),
    substitutes: boolean('substitutes'),
    quorumMoreThan: doublePrecision('quorum_more_than'),
    quorumAppointmentsAtLeast: doublePrecision('quorum_appointments_at_least'),
    minutesSeries: text('minutes_series'),
    signOff: text('sign_off').$type<SignOffRule>(),
    updatedByPersonId: uuid('updated_by_person_id').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeUnitId, t.meetingKind] })],
);

/**
 * 精文减会 at the agenda (DOMAIN §11.7 maxSpeechMin): a topic's reporting slot longer than the office's limit for the
 * year, kept with the reason of whoever set it (agenda-slot.ts); gone once the slot is within the limit again.
 */
export const meetingAgendaOverride = pgTable('meeting_agenda_override', {
  agendaItemId: uuid('agenda_item_id')
    .primaryKey()
    .references(() => meetingAgendaItem.id, { onDelete: 'cascade' }),
  warning: text('warning').notNull(),
  reason: text('reason').notNull(),
  recordedByPersonId: uuid('recorded_by_person_id').notNull(),
  recordedAt: ts('recorded_at').notNull(),
});

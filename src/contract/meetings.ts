import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, pageOf, TITLE_MAX, titleText } from './common';
import { flowViewShape, itemLinkSchema } from './flow';

// 办会 (DOMAIN §11, issue 17): the shapes of the API at /api/v1/meetings, /api/v1/meeting-topics and /api/v1/rooms.

/** 会议类型 (DOMAIN §11 glossary); names, members, quorum and deadlines are the module's data (`meetings/kinds.ts`). */
const MEETING_KINDS = [
  'partyPlenary',
  'standingCommittee',
  'secretaryTopic',
  'govPlenary',
  'executive',
  'office',
  'topic',
  'workConference',
] as const;
const meetingKindSchema = z.enum(MEETING_KINDS, { error: '请选择会议类型' });
export type MeetingKind = z.output<typeof meetingKindSchema>;

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不能超过 ${max} 字`).nullable().default(null);

/**
 * 议题提报 (DOMAIN §11.2 议题提报表): a unit proposes a topic for a kind of meeting of an office (the 办公厅/室 that keeps
 * the 议题库); the situation note says the background, basis, content, the question to decide, options and
 * disagreements. A 重大行政决策 must pass the legality review; a topic on cadre appointments needs ⅔ present.
 */
export const createTopicBodySchema = z.strictObject({
  title: titleText().min(1, '请填写议题名称').max(TITLE_MAX, `议题名称不能超过 ${TITLE_MAX} 字`),
  officeUnitId: idSchema,
  meetingKind: meetingKindSchema,
  situation: text('议题说明', 10000),
  question: text('需会议决定的事项', 2000),
  suggestedSitIns: optionalText('建议列席人员', 500),
  majorDecision: z.boolean().default(false),
  appointments: z.boolean().default(false),
  classification: classificationSchema.default('公开'),
});
export type CreateTopic = z.output<typeof createTopicBodySchema>;

/** Why the office does not take a topic into the pool (DOMAIN §11.2; several local rules). */
export const TOPIC_REFUSALS = ['ownAuthority', 'uncoordinated', 'noOpinion', 'adHoc', 'materialsLate'] as const;
export type TopicRefusal = (typeof TOPIC_REFUSALS)[number];

export const withdrawTopicBodySchema = z.strictObject({ reason: text('撤回理由', 500) });

const topicSchema = z.object({
  itemId: z.string(),
  registryNo: z.string().nullable(),
  title: z.string(),
  office: z.object({ id: z.string(), name: z.string() }),
  proposer: z.object({ id: z.string(), name: z.string() }),
  meetingKind: meetingKindSchema,
  meetingKindName: z.string(),
  situation: z.string(),
  question: z.string(),
  suggestedSitIns: z.string().nullable(),
  majorDecision: z.boolean(),
  appointments: z.boolean(),
  classification: classificationSchema,
  state: z.string(),
  stateKey: z.string(),
  /** When the legality review was started (the day its task opened); null before. */
  legalityStartedOn: isoDateSchema.nullable(),
  refusal: z.enum(TOPIC_REFUSALS).nullable(),
  returnedReason: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

/** The topic's page: the 提报表, its procedure as every module shows it, its links, and the 报送 the reader may sign for. */
export const topicDetailSchema = topicSchema.extend({
  ...flowViewShape,
  links: z.array(itemLinkSchema),
  /** The sendings to the office the reader may 签收 now (the office's registrars). */
  myReceipts: z.array(z.string()),
  /** The reader proposed it (its unit or its drafter) and it is not yet on an agenda: 撤回 is offered. */
  mayWithdraw: z.boolean(),
});

/** Where a topic stands, as the register filters it: in its unit's or the office's hands, in the pool, or ended. */
export const TOPIC_STAGES = ['inProgress', 'proposed', 'returned', 'withdrawn'] as const;

export const listTopicsQuerySchema = z.strictObject({
  stage: z.enum(TOPIC_STAGES).optional(),
  meetingKind: meetingKindSchema.optional(),
  officeUnitId: idSchema.optional(),
  q: z.string().trim().max(100, '检索词不能超过 100 字').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(300).optional(),
});

const topicRowSchema = topicSchema.pick({
  itemId: true,
  registryNo: true,
  title: true,
  office: true,
  proposer: true,
  meetingKind: true,
  meetingKindName: true,
  majorDecision: true,
  state: true,
  stateKey: true,
  createdAt: true,
});
export const topicListSchema = pageOf(topicRowSchema);

/** A kind of meeting as the module's data gives it (`meetings/kinds.ts`). */
export const meetingKindInfoSchema = z.object({
  key: meetingKindSchema,
  name: z.string(),
  members: z.string(),
  chair: z.string(),
  quorum: z.object({ moreThan: z.number(), appointmentsAtLeast: z.number() }).nullable(),
  substitutes: z.boolean(),
  decides: z.boolean(),
  deadlines: z.object({ topicsBeforeDays: z.number(), materialsBeforeDays: z.number(), noticeBeforeDays: z.number() }),
  minutes: z.object({ series: z.string(), numbering: z.enum(['year', 'issue']) }),
});

/** The offices a unit may propose topics to. */
export const topicOfficesSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

// ---- 会议 (issue 17 item 3): the plan, the agenda, the chair's fixing of it ----

const MEETING_MODES = ['onsite', 'video', 'hybrid'] as const;
const dateTime = z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601（含时区）' });

/** 会议方案 (DOMAIN §11.3): drafted by the office's registrar; the agenda is filled from its 议题库. */
export const createMeetingBodySchema = z.strictObject({
  officeUnitId: idSchema,
  meetingKind: meetingKindSchema,
  startsAt: dateTime,
  endsAt: dateTime,
  place: text('会议地点', 200),
  mode: z.enum(MEETING_MODES).default('onsite'),
  chairPersonId: idSchema,
  memberIds: z.array(idSchema).min(1, '请选择出席人员').max(200, '出席人员过多'),
  sitInIds: z.array(idSchema).max(200, '列席人员过多').default([]),
  classification: classificationSchema.default('公开'),
});
export type CreateMeeting = z.output<typeof createMeetingBodySchema>;

export const addAgendaTopicBodySchema = z.strictObject({
  topicItemId: idSchema,
  reportingUnitId: idSchema.nullable().default(null),
  minutes: z.number().int().min(1).max(240).nullable().default(null),
});
export const decideAdditionBodySchema = z.strictObject({ approve: z.boolean() });

const person = z.object({ id: z.string(), name: z.string() });
export const meetingDetailSchema = z.object({
  itemId: z.string(),
  title: z.string(),
  office: z.object({ id: z.string(), name: z.string() }),
  meetingKind: meetingKindSchema,
  meetingKindName: z.string(),
  number: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  mode: z.enum(MEETING_MODES),
  chair: person,
  classification: classificationSchema,
  state: z.string(),
  stateKey: z.string(),
  agendaFixedAt: z.string().nullable(),
  agenda: z.array(
    z.object({
      id: z.string(),
      topicItemId: z.string(),
      registryNo: z.string().nullable(),
      title: z.string(),
      proposer: z.string(),
      majorDecision: z.boolean(),
      appointments: z.boolean(),
      reportingUnit: z.string().nullable(),
      minutes: z.number().nullable(),
      state: z.enum(['planned', 'pending', 'refused']),
      requestedBy: z.string().nullable(),
    }),
  ),
  members: z.array(person),
  sitIns: z.array(person),
  /** The reader may change the agenda (the office's registrars, before the meeting), or is its chair. */
  mayPlan: z.boolean(),
  isChair: z.boolean(),
  ...flowViewShape,
});
// ── 座次 (seating, DOMAIN §11.4): a seating chart and table cards from names in protocol order ──────────────────────

/** 以左为上 for domestic party and government meetings; 以右为上 (the international rule) for foreign affairs and business. */
const SEATING_RULES = ['domestic', 'international'] as const;
export type SeatingRule = (typeof SEATING_RULES)[number];
const SEATING_NAMES_MAX = 200;
const SEATING_NAME_MAX = 20;
export const SEATING_ROW_MAX = 40;

const chars = (s: string) => [...s].length;
const seatingName = titleText()
  .refine((s) => chars(s) >= 1, '姓名不能为空')
  .refine((s) => chars(s) <= SEATING_NAME_MAX, `每个姓名不能超过 ${SEATING_NAME_MAX} 字`)
  .refine((s) => !/[\r\n\t]/u.test(s), '姓名中不能有换行');

/** What the chart and the cards are made from; a meeting will pass its attendees in the same shape. */
export const seatingBodySchema = z.strictObject({
  title: text('标题', 100),
  /** The date and place line under the title (2026年12月8日　市委常委会会议室). */
  subtitle: optionalText('日期地点', 100),
  names: z
    .array(seatingName, { error: '请按排序填写姓名' })
    .min(1, '请至少填写一个姓名')
    .max(SEATING_NAMES_MAX, `姓名不能超过 ${SEATING_NAMES_MAX} 个`),
  /** At most this many a row; the first row is filled first. Absent: one row if it fits. */
  rowSize: z
    .int({ error: '每排人数应为整数' })
    .min(1, '每排至少 1 人')
    .max(SEATING_ROW_MAX, `每排不能超过 ${SEATING_ROW_MAX} 人`)
    .optional(),
  rule: z.enum(SEATING_RULES, { error: '请选择座次规则（以左为上或以右为上）' }),
});
export type SeatingBody = z.output<typeof seatingBodySchema>;

/** The layout alone, for a page that shows the chart as it is typed. */
export const seatingLayoutBodySchema = seatingBodySchema.pick({ names: true, rowSize: true, rule: true });

/** The rostrum as the audience sees it: rows front first, each row's seats left → right, seat 1 the most senior. */
export const seatingLayoutSchema = z.object({
  rows: z.array(z.object({ row: z.number(), seats: z.array(z.object({ seat: z.number(), name: z.string() })) })),
});
// ── end 座次 ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const listMeetingsQuerySchema = z.strictObject({
  /** upcoming: not yet ended, soonest first; past: ended, latest first. */
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(300).optional(),
});
const meetingRowSchema = z.object({
  itemId: z.string(),
  title: z.string(),
  meetingKindName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  chair: z.string(),
  topics: z.number(),
  state: z.string(),
  stateKey: z.string(),
});
export const meetingListSchema = pageOf(meetingRowSchema);

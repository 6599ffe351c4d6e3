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
export const meetingKindSchema = z.enum(MEETING_KINDS, { error: '请选择会议类型' });
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

/** 修改议题 at 拟稿 (its drafter; after a reviewer sent it back there): the 提报表's content, office and kind kept. */
export const amendTopicBodySchema = createTopicBodySchema
  .pick({ title: true, situation: true, question: true, suggestedSitIns: true })
  .extend({ majorDecision: z.boolean(), appointments: z.boolean() });
export type AmendTopic = z.output<typeof amendTopicBodySchema>;

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
  /** The reader holds its 拟稿 (first drafted, or sent back there): 修改 is offered. */
  mayAmend: z.boolean(),
});

/** Where a topic stands, as the register filters it: in its unit's or the office's hands, in the pool, or ended. */
export const TOPIC_STAGES = ['inProgress', 'proposed', 'scheduled', 'returned', 'withdrawn'] as const;

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
  organ: z.enum(['party', 'government', 'either']),
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

/** `wait` and `allow` hold the slot; a booking past its end while allowed reads as 已使用 (`past`). */
const BOOKING_STATES = ['wait', 'allow', 'deny', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** 会议方案 (DOMAIN §11.3): drafted by the office's registrar; the agenda is filled from its 议题库. */
export const createMeetingBodySchema = z.strictObject({
  officeUnitId: idSchema,
  meetingKind: meetingKindSchema,
  startsAt: dateTime,
  endsAt: dateTime,
  /** A room of the office's, booked for the meeting's hours (DOMAIN §11.6); or a place named in words (another venue). */
  roomId: idSchema.nullable().default(null),
  place: text('会议地点', 200).nullable().default(null),
  mode: z.enum(MEETING_MODES).default('onsite'),
  chairPersonId: idSchema,
  memberIds: z.array(idSchema).min(1, '请选择出席人员').max(200, '出席人员过多'),
  sitInIds: z.array(idSchema).max(200, '列席人员过多').default([]),
  /** 会议工作人员 (会务、记录): they read the meeting, keep its check-in and write its record. */
  staffIds: z.array(idSchema).max(100, '工作人员过多').default([]),
  classification: classificationSchema.default('公开'),
  /** 精文减会: why the meeting is planned although it breaks the office's policy (required then; meetings-materials.ts). */
  overrideReason: optionalText('理由', 500),
});
export type CreateMeeting = z.output<typeof createMeetingBodySchema>;

export const addAgendaTopicBodySchema = z.strictObject({
  topicItemId: idSchema,
  reportingUnitId: idSchema.nullable().default(null),
  minutes: z.number().int().min(1, '汇报时间至少 1 分钟').max(240, '汇报时间不能超过 240 分钟').nullable().default(null),
  /** 精文减会: why the slot is longer than the office's speech limit (required then; agenda-slot.ts). */
  overrideReason: optionalText('理由', 500),
});
/** A topic's reporting slot changed (its minutes), with the reason when over the office's speech limit. */
export const agendaSlotBodySchema = z.strictObject({
  minutes: z.number().int().min(1, '汇报时间至少 1 分钟').max(240, '汇报时间不能超过 240 分钟').nullable(),
  overrideReason: optionalText('理由', 500),
});
export type AgendaSlot = z.output<typeof agendaSlotBodySchema>;
export const decideAdditionBodySchema = z.strictObject({ approve: z.boolean() });
/** 更换会议室: another room booked for the meeting's hours, the booking held till now cancelled. */
export const meetingRoomBodySchema = z.strictObject({ roomId: idSchema });
/** 取消会议 (plan-change.ts): before the start, with the reason every invited person is told. */
export const cancelMeetingBodySchema = z.strictObject({
  reason: z.string().trim().min(2, '请说明取消会议的理由').max(500, '取消理由不能超过 500 字'),
});
/** 改期: new hours, checked as at planning (精文减会 reason when the new hours break the policy). */
export const rescheduleMeetingBodySchema = z.strictObject({
  startsAt: dateTime,
  endsAt: dateTime,
  overrideReason: optionalText('理由', 500),
});
export type RescheduleMeeting = z.output<typeof rescheduleMeetingBodySchema>;
/** 参会人员调整: the members, sit-ins and staff anew (the chair stays), checked as at planning. */
export const meetingPeopleBodySchema = z.strictObject({
  memberIds: createMeetingBodySchema.shape.memberIds,
  sitInIds: createMeetingBodySchema.shape.sitInIds,
  staffIds: createMeetingBodySchema.shape.staffIds,
  overrideReason: optionalText('理由', 500),
});
export type MeetingPeople = z.output<typeof meetingPeopleBodySchema>;

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
  /** The room booked for it and where that booking stands (待审批 until the room's manager allows it). */
  room: z.object({ id: z.string(), name: z.string(), bookingId: z.string(), bookingState: z.enum(BOOKING_STATES) }).nullable(),
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
      /** `released`: back in the 议题库 because the meeting was cancelled. */
      state: z.enum(['planned', 'pending', 'refused', 'released']),
      requestedBy: z.string().nullable(),
    }),
  ),
  members: z.array(person),
  sitIns: z.array(person),
  staff: z.array(person),
  /** The reader may change the agenda (the office's registrars, before the meeting), or is its chair. */
  mayPlan: z.boolean(),
  isChair: z.boolean(),
  /** 取消会议: when, by whom and why; a cancelled meeting admits no further change. */
  cancelled: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
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
  /** Why it was cancelled; null while it stands. */
  cancelReason: z.string().nullable(),
});
export const meetingListSchema = pageOf(meetingRowSchema);
// ——— 会议室 (DOMAIN §11.6): rooms, their week and bookings, at /api/v1/rooms ———

/** What a room has and a booking may need; the names people read are the web catalog's (and the server's refusals). */
export const ROOM_EQUIPMENT = ['projector', 'screen', 'video', 'microphone', 'recording'] as const;
const roomEquipmentSchema = z.enum(ROOM_EQUIPMENT, { error: '设备应为投影仪、显示屏、视频会议、扩音话筒或录音录像之一' });
export type RoomEquipment = z.output<typeof roomEquipmentSchema>;
const equipmentList = z
  .array(roomEquipmentSchema)
  .max(ROOM_EQUIPMENT.length)
  .refine((a) => new Set(a).size === a.length, '设备不能重复')
  .default([]);

/** The most people a room is recorded to seat; beyond, a hall is not a meeting room. */
export const ROOM_CAPACITY_MAX = 2000;

const roomFields = {
  name: text('会议室名称', 50),
  building: text('楼宇', 50),
  floor: text('楼层', 20),
  capacity: z
    .number({ error: '容纳人数应为整数' })
    .int('容纳人数应为整数')
    .min(1, '容纳人数至少为 1')
    .max(ROOM_CAPACITY_MAX, `容纳人数不能超过 ${ROOM_CAPACITY_MAX}`),
  equipment: equipmentList,
  managerPersonId: idSchema,
  available: z.boolean().default(true),
  secretCertified: z.boolean().default(false),
};

/** A room of an office (the actor's own unless named): its registrars add and edit rooms. */
export const createRoomBodySchema = z.strictObject({ ...roomFields, officeUnitId: idSchema.optional() });
export const updateRoomBodySchema = z.strictObject(roomFields);
export type RoomInput = z.output<typeof updateRoomBodySchema>;
export type CreateRoom = z.output<typeof createRoomBodySchema>;

const flag = z.enum(['true', 'false'], { error: '应为 true 或 false' }).optional();
export const listRoomsQuerySchema = z.strictObject({
  officeUnitId: idSchema.optional(),
  /** Rooms that seat at least this many. */
  minCapacity: z.coerce.number().int('人数应为整数').min(1).max(ROOM_CAPACITY_MAX).optional(),
  /** Rooms that have this equipment. */
  equipment: roomEquipmentSchema.optional(),
  available: flag,
  secretCertified: flag,
  q: z.string().trim().max(50, '检索词不能超过 50 字').optional(),
});
export type ListRoomsQuery = z.output<typeof listRoomsQuerySchema>;

const named = z.object({ id: z.string(), name: z.string() });

export const roomSchema = z.object({
  id: z.string(),
  office: named,
  name: z.string(),
  building: z.string(),
  floor: z.string(),
  capacity: z.number(),
  equipment: z.array(roomEquipmentSchema),
  manager: named,
  available: z.boolean(),
  secretCertified: z.boolean(),
  /** The reader may edit it (a registrar of its office). */
  editable: z.boolean(),
  /** The reader decides its bookings (its manager, or a registrar of its office). */
  manages: z.boolean(),
  updatedAt: z.string(),
});
export const roomListSchema = z.object({ items: z.array(roomSchema) });

/** The most a booking may last: a meeting, not a tenancy. */
export const BOOKING_DAYS_MAX = 7;

/** 申请会议室: the times with their offset (ISO 8601); the rules (times, capacity, equipment, 密级, clashes) are the server's. */
export const applyBookingBodySchema = z.strictObject({
  startsAt: z.iso.datetime({ offset: true, error: '开始时间格式不正确' }),
  endsAt: z.iso.datetime({ offset: true, error: '结束时间格式不正确' }),
  subject: titleText().min(1, '请填写会议名称').max(TITLE_MAX, `会议名称不能超过 ${TITLE_MAX} 字`),
  /** 主办单位: the applicant's own unless named. */
  hostUnitId: idSchema.optional(),
  attendeeCount: z
    .number({ error: '参会人数应为整数' })
    .int('参会人数应为整数')
    .min(1, '参会人数至少为 1')
    .max(ROOM_CAPACITY_MAX),
  needs: equipmentList,
  classification: classificationSchema.default('公开'),
});
export type ApplyBooking = z.output<typeof applyBookingBodySchema>;

export const decideBookingBodySchema = z.strictObject({
  decision: z.enum(['allow', 'deny'], { error: '请选择同意或不同意' }),
  reason: optionalText('理由', 500),
});
export type DecideBooking = z.output<typeof decideBookingBodySchema>;
export const cancelBookingBodySchema = z.strictObject({ reason: optionalText('取消理由', 500) });

export const bookingSchema = z.object({
  id: z.string(),
  room: named,
  startsAt: z.string(),
  endsAt: z.string(),
  /** Withheld (a fixed sentence) above the reader's clearance. */
  subject: z.string(),
  applicant: named,
  hostUnit: named,
  attendeeCount: z.number(),
  needs: z.array(roomEquipmentSchema),
  classification: classificationSchema,
  state: z.enum(BOOKING_STATES),
  /** It has ended. */
  past: z.boolean(),
  decidedBy: named.nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  canDecide: z.boolean(),
  canCancel: z.boolean(),
});
export type Booking = z.output<typeof bookingSchema>;

export const roomWeekQuerySchema = z.strictObject({
  /** The first day (Beijing); this week's Monday when not given. */
  start: isoDateSchema.optional(),
  officeUnitId: idSchema.optional(),
});
/** Seven days from `start`: every room (of the office, if named) and their bookings that hold or held a slot then. */
export const roomWeekSchema = z.object({
  days: z.array(isoDateSchema),
  today: isoDateSchema,
  rooms: z.array(roomSchema),
  bookings: z.array(bookingSchema),
});

export const listBookingsQuerySchema = z.strictObject({
  /** `pending`: waiting for the reader's decision; `mine`: the reader's own from today on. */
  scope: z.enum(['pending', 'mine'], { error: '范围应为 pending 或 mine' }),
});
export const bookingListSchema = z.object({ items: z.array(bookingSchema) });

// ── 年度统计 (DOMAIN §11.9; issue 17 item 10): an office's meetings of a year, beside the year before ─────────────────

export const meetingStatisticsQuerySchema = z.strictObject({
  officeUnitId: idSchema,
  year: z.coerce.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份不正确').max(2100, '年份不正确'),
});

const yearFigures = z.object({
  year: z.number(),
  /** Meetings held (started by now) by kind, in the kinds' order; kinds with none left out. */
  byKind: z.array(z.object({ kind: meetingKindSchema, name: z.string(), count: z.number() })),
  meetings: z.number(),
  /** 研究议题: topics on the agendas of the meetings held. */
  topics: z.number(),
  /** 纪要 issued (numbered) of those meetings. */
  minutes: z.number(),
  /** 议定事项, those turned into 督办 items, those closed (销号), and closed by their due date. */
  decisions: z.number(),
  supervised: z.number(),
  closed: z.number(),
  closedOnTime: z.number(),
  /** 办结率 and 按期办结率 over the decisions, as fractions; null with no decision. */
  closedRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});

export const meetingStatisticsSchema = z.object({
  office: z.object({ id: z.string(), name: z.string() }),
  current: yearFigures,
  previous: yearFigures,
  /** 会议数量同比: (this year − last year) ÷ last year; null when last year had none. */
  meetingsChange: z.number().nullable(),
});

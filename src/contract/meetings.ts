import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, TITLE_MAX, titleText } from './common';

// 办会 (DOMAIN §11, issue 17): the shapes of the API at /api/v1/meetings, /api/v1/meeting-topics and /api/v1/rooms.

/** 会议类型 (DOMAIN §11 glossary); names, members, quorum and deadlines are the module's data (`meetings/kinds.ts`). */
export const MEETING_KINDS = [
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

export const withdrawTopicBodySchema = z.strictObject({ reason: text('撤回理由', 500) });

export const topicSchema = z.object({
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
  createdAt: z.string(),
});

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

/** `wait` and `allow` hold the slot; a booking past its end while allowed reads as 已使用 (`past`). */
const BOOKING_STATES = ['wait', 'allow', 'deny', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

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

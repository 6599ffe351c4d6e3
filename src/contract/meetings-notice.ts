import { z } from 'zod';
import { idSchema } from './common';

// 会议通知 and 回执 (DOMAIN §11.3, issue 17 item 3): the office sends the notice once the agenda is fixed; each invited
// person answers attend, substitute (name, post) or leave (reason, asked of the chair).

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const dateTime = z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601（含时区）' });

export const sendNoticeBodySchema = z.strictObject({
  replyBy: dateTime,
  contactName: text('联系人', 50),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,30}$/, '联系电话格式不正确'),
  requirements: z.string().trim().max(2000, '会议要求不能超过 2000 字').default(''),
});

const REPLIES = ['attend', 'substitute', 'leave'] as const;
export type Reply = (typeof REPLIES)[number];

/** Who goes in the invited person's place: a person of the organisation, or a name and post typed. */
const substituteSchema = z.union([
  z.strictObject({ personId: idSchema }),
  z.strictObject({ name: text('代会人员姓名', 50), post: text('代会人员职务', 100) }),
]);

const replyFields = {
  reply: z.enum(REPLIES, { error: '回执须为出席、委托他人代会或请假' }),
  reason: z.string().trim().max(500, '请假事由不能超过 500 字').nullable().default(null),
  substitute: substituteSchema.nullable().default(null),
};

export const replyBodySchema = z.strictObject(replyFields);
export type ReplyInput = z.output<typeof replyBodySchema>;

/** A unit's registrar signs for the notice with the 回执 of the unit's invited people. */
export const acceptNoticeBodySchema = z.strictObject({
  replies: z
    .array(z.strictObject({ personId: idSchema, ...replyFields }))
    .min(1, '请填写本单位参会人员的回执')
    .max(200),
});
export type AcceptNotice = z.output<typeof acceptNoticeBodySchema>;

export const returnNoticeBodySchema = z.strictObject({ reason: text('退回理由', 500) });

/**
 * The office answers for a unit's notice: 催办 (still unsigned: its registrars reminded), 撤回 (unsigned or sent back:
 * its people no longer invited by it), 改派 (sent back: to another unit, whose registrars answer for those people).
 */
export const answerNoticeDeliveryBodySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('remind'),
      note: z.string().trim().max(200, '催办附言不能超过 200 字').nullable().default(null),
    }),
    z.strictObject({ type: z.literal('cancel'), reason: text('撤回理由', 500) }),
    z.strictObject({
      type: z.literal('redirect'),
      unitId: idSchema,
      note: z.string().trim().max(500, '改派说明不能超过 500 字').nullable().default(null),
    }),
  ],
  { error: '请选择处理方式：催办、撤回或改派' },
);
export type AnswerNoticeDelivery = z.output<typeof answerNoticeDeliveryBodySchema>;

export const decideLeaveBodySchema = z.strictObject({
  approve: z.boolean(),
  reason: z.string().trim().max(500, '理由不能超过 500 字').nullable().default(null),
});

const rosterRow = z.object({
  personId: z.string(),
  name: z.string(),
  role: z.enum(['member', 'sitIn']),
  unit: z.string().nullable(),
  reply: z.enum(REPLIES).nullable(),
  reason: z.string().nullable(),
  substitute: z.object({ personId: z.string().nullable(), name: z.string(), post: z.string() }).nullable(),
  leave: z.enum(['pending', 'approved', 'refused']).nullable(),
  leaveRefusal: z.string().nullable(),
  repliedAt: z.string().nullable(),
  /** Who recorded it when not the person: their unit's registrar, or the office (by phone). */
  recordedBy: z.string().nullable(),
  late: z.boolean(),
  /** The reader may answer for this person (their own, their unit's, or the office taking it by phone). */
  mayReply: z.boolean(),
  /** The notice was withdrawn from the person's unit (撤回): not asked to reply, no longer reading the meeting. */
  withdrawn: z.boolean(),
});

export const noticeViewSchema = z.object({
  /** The notice as sent (null before it is sent). */
  notice: z
    .object({
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      /** 会期 in days: 0.5 for half a day (up to 4 hours on one day), else the days it spans. */
      duration: z.number(),
      place: z.string(),
      agenda: z.array(z.object({ title: z.string(), reportingUnit: z.string().nullable(), minutes: z.number().nullable() })),
      members: z.array(z.string()),
      sitIns: z.array(z.string()),
      requirements: z.string(),
      replyBy: z.string(),
      contactName: z.string(),
      contactPhone: z.string(),
      firstSentAt: z.string(),
      sentAt: z.string(),
      sends: z.number(),
      /** 逾期通知: sent later than the kind's notice deadline (calendar days before the meeting day). */
      late: z.boolean(),
      noticeBeforeDays: z.number(),
    })
    .nullable(),
  /** The office may send (or send again) now. */
  maySend: z.boolean(),
  /** The reader sees the whole roster (office, chair) or only part of it (a unit's registrar, an invited person). */
  wholeRoster: z.boolean(),
  isChair: z.boolean(),
  mayDecideLeave: z.boolean(),
  substitutesAllowed: z.boolean(),
  /** Replies may still be given or changed (the notice is out and the meeting has not started). */
  open: z.boolean(),
  roster: z.array(rosterRow),
  /** The notices the reader may sign for now (their unit's), with the people to answer for. */
  myReceipts: z.array(z.object({ dispatchId: z.string(), unit: z.string(), personIds: z.array(z.string()) })),
  /** The units sent to and where each stands (office and chair only): whom each answers for, who has not replied. */
  deliveries: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      unit: z.string(),
      state: z.enum(['pending', 'accepted', 'returned', 'cancelled']),
      decidedBy: z.string().nullable(),
      reason: z.string().nullable(),
      remindCount: z.number(),
      people: z.array(z.string()),
      outstanding: z.array(z.string()),
    }),
  ),
  /** The office may chase (催办), withdraw (撤回) or redirect (改派) a unit's notice now (before the meeting starts). */
  mayAnswerDeliveries: z.boolean(),
});
export type NoticeView = z.output<typeof noticeViewSchema>;

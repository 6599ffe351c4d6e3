import { z } from 'zod';
import { idSchema } from './common';
import { meetingKindInfoSchema, meetingKindSchema } from './meetings';

// 会议类型设置 (issue 17 items 1 and 7, DOMAIN §11.1–11.2, §11.5): an office's own values for each kind of meeting it
// holds, over the defaults of `meetings/kinds.ts` — the shapes of /api/v1/meetings/kinds.

/**
 * Who signs (签发) a kind's 纪要 before it is numbered: the meeting's chair (主持人), the office's principal leader
 * (秘书长, 办公厅（室）主任), or the organ's principal leader (书记, 市长).
 */
export const SIGN_OFF_RULES = ['chair', 'officePrincipal', 'organPrincipal'] as const;
export type SignOffRule = (typeof SIGN_OFF_RULES)[number];

/** Days before the meeting; 0 is the day itself. */
const days = (label: string) =>
  z
    .number({ error: `${label}应为天数` })
    .int(`${label}应为整天数`)
    .min(0, `${label}不能为负数`)
    .max(90, `${label}不能超过 90 天`);

const deadlinesSchema = z.object({ topicsBeforeDays: z.number(), materialsBeforeDays: z.number(), noticeBeforeDays: z.number() });
const quorumSchema = z.object({ moreThan: z.number(), appointmentsAtLeast: z.number() });

/**
 * One kind's settings for an office: each null keeps the default. A kind switched off is not offered for 议题 or
 * meetings; substitutes never where the regulation forbids them; a quorum only stricter than > ½ and ≥ ⅔.
 */
export const setMeetingKindBodySchema = z.strictObject({
  officeUnitId: idSchema,
  enabled: z.boolean({ error: '请选择是否启用该会议类型' }),
  topicsBeforeDays: days('议题报送时限').nullable().default(null),
  materialsBeforeDays: days('材料报送时限').nullable().default(null),
  noticeBeforeDays: days('会议通知时限').nullable().default(null),
  substitutes: z.boolean({ error: '请选择是否允许代会' }).nullable().default(null),
  quorum: z
    .strictObject({
      moreThan: z.number({ error: '法定人数应为比例' }).gt(0, '法定人数应为比例').lt(1, '法定人数应小于全体'),
      appointmentsAtLeast: z.number({ error: '法定人数应为比例' }).gt(0, '法定人数应为比例').max(1, '法定人数不能超过全体'),
    })
    .nullable()
    .default(null),
  minutesSeries: z
    .string({ error: '纪要系列名称应为文字' })
    .trim()
    .min(3, '请填写纪要系列名称')
    .max(30, '纪要系列名称不能超过 30 字')
    .regex(/纪要$/u, '纪要系列名称应以“纪要”结尾，如“常委会议纪要”')
    .nullable()
    .default(null),
  signOff: z.enum(SIGN_OFF_RULES, { error: '纪要签发人应为会议主持人、秘书长或主要负责人' }).nullable().default(null),
});
export type SetMeetingKind = z.output<typeof setMeetingKindBodySchema>;

/** A kind as the office holds it: the values in force, the defaults beside them, and where its 纪要 are numbered. */
const officeKindSchema = meetingKindInfoSchema.extend({
  enabled: z.boolean(),
  substitutesForbidden: z.boolean(),
  signOff: z.enum(SIGN_OFF_RULES),
  defaults: z.object({
    deadlines: deadlinesSchema,
    substitutes: z.boolean(),
    quorum: quorumSchema.nullable(),
    series: z.string(),
    signOff: z.enum(SIGN_OFF_RULES),
  }),
  /** The office's 文号 register named as the series, which numbers the 纪要 (第N期); null when it has none. */
  register: z.object({ name: z.string(), example: z.string() }).nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type OfficeKind = z.output<typeof officeKindSchema>;

export const officeKindsSchema = z.object({
  office: z.object({ id: z.string(), name: z.string() }),
  /** The reader keeps these settings (a registrar of the office). */
  mayEdit: z.boolean(),
  items: z.array(officeKindSchema),
});

export const officeKindsQuerySchema = z.strictObject({ officeUnitId: idSchema });
export const meetingKindParamsSchema = z.strictObject({ kind: meetingKindSchema });

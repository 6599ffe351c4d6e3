import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema } from './common';

// 会议材料, 涉密材料分发登记 and 精文减会 (issue 17 items 3, 9, 10; DOMAIN §11.2 deadlines, §11.7, §11.8): the shapes of
// /api/v1/meetings/:id/materials, /api/v1/meetings/:id/handouts and /api/v1/meetings/policy.

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const named = z.object({ id: z.string(), name: z.string() });

/** A material: a file already uploaded (POST /files, with its 密级) under a title, for one agenda topic or the meeting. */
export const addMaterialBodySchema = z.strictObject({
  title: text('材料名称', 200),
  fileId: idSchema,
  /** The agenda topic it is for; null for the whole meeting. The reporting unit's people must name their topic. */
  topicItemId: idSchema.nullable().default(null),
});
export type AddMaterial = z.output<typeof addMaterialBodySchema>;

const materialSchema = z.object({
  id: z.string(),
  title: z.string(),
  classification: classificationSchema,
  fileId: z.string(),
  fileName: z.string(),
  topic: z.object({ id: z.string(), title: z.string() }).nullable(),
  submittedBy: named,
  submittedByUnit: named,
  submittedAt: z.string(),
  dueOn: isoDateSchema,
  /** Submitted after its due day (逾期). */
  late: z.boolean(),
  distributedAt: z.string().nullable(),
  /** Classified (秘密 and above) in a classified meeting: handed out as numbered copies. */
  numberedCopies: z.boolean(),
  /**
   * The reader may download it (GET /meetings/:id/materials/:materialId/content): the submitter, the office, the
   * submitting unit; an attendee once distributed — a numbered-copy one while they hold a copy signed for.
   */
  mayDownload: z.boolean(),
});

export const materialListSchema = z.object({
  /** Materials are due by this day (the meeting day less the kind's `materialsBeforeDays` calendar days). */
  dueOn: isoDateSchema,
  beforeDays: z.number(),
  /** The reader may add a material (the office's registrars; the reporting units of its topics, for their topic). */
  mayAdd: z.boolean(),
  /** The reader distributes them and keeps the hand-out register (the office's registrars). */
  mayManage: z.boolean(),
  /** The topics the reader may add a material for. */
  topics: z.array(z.object({ id: z.string(), title: z.string() })),
  items: z.array(materialSchema),
});

/** The materials of a topic (on the topic's page, for its unit): the meeting it is on, and what its unit sent. */
export const topicMaterialsSchema = z.object({
  meeting: z.object({ id: z.string(), title: z.string(), startsAt: z.string() }).nullable(),
  dueOn: isoDateSchema.nullable(),
  mayAdd: z.boolean(),
  items: z.array(materialSchema),
});

export const distributedSchema = z.object({ distributed: z.number() });

// ── 分发登记 (hand-out register of numbered copies) ──

export const handOutBodySchema = z.strictObject({
  materialId: idSchema,
  holderPersonIds: z
    .array(idSchema)
    .min(1, '请选择领取人')
    .max(200, '领取人过多')
    .refine((a) => new Set(a).size === a.length, '领取人不能重复'),
});
export const lostCopyBodySchema = z.strictObject({ reason: text('丢失情况', 500) });

const handoutSchema = z.object({
  id: z.string(),
  materialId: z.string(),
  materialTitle: z.string(),
  classification: classificationSchema,
  copyNo: z.number(),
  holder: named,
  handedAt: z.string(),
  handedBy: named,
  signedAt: z.string().nullable(),
  signedBy: named.nullable(),
  returnedAt: z.string().nullable(),
  receivedBy: named.nullable(),
  lostAt: z.string().nullable(),
  lostReason: z.string().nullable(),
  /** The reader is its holder and has not signed yet. */
  maySign: z.boolean(),
  /** The holder's copy is out: they may report it lost (丢失报告), signed for or not. */
  mayReportLost: z.boolean(),
});
export const handoutListSchema = z.object({
  /** A classified meeting (秘密 and above): its classified materials go out as numbered copies. */
  classified: z.boolean(),
  mayManage: z.boolean(),
  /** The people a copy may go to: the meeting's members, sit-ins and staff. */
  holders: z.array(named),
  items: z.array(handoutSchema),
});

// ── 精文减会 policy ──

const limit = (label: string, max: number) =>
  z
    .number({ error: `${label}应为整数` })
    .int(`${label}应为整数`)
    .min(1, `${label}至少为 1`)
    .max(max, `${label}不能超过 ${max}`)
    .nullable()
    .default(null);

export const policyQuerySchema = z.strictObject({
  officeUnitId: idSchema,
  year: z.coerce.number().int().min(2000, '年度不正确').max(2100, '年度不正确'),
});

export const setPolicyBodySchema = z.strictObject({
  officeUnitId: idSchema,
  year: z.number().int().min(2000, '年度不正确').max(2100, '年度不正确'),
  /** By meeting kind: the most meetings of that kind in the year. */
  maxPerKind: z.record(z.string(), z.number().int().min(0, '次数不能为负').max(1000, '次数过多')).default({}),
  maxDurationMin: limit('会期（分钟）', 24 * 60),
  maxAttendees: limit('参会人数', 5000),
  maxSpeechMin: limit('发言时间（分钟）', 240),
  noMeetingWeekdays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .refine((a) => new Set(a).size === a.length, '无会日不能重复')
    .default([]),
});
export type SetPolicy = z.output<typeof setPolicyBodySchema>;

export const policySchema = z.object({
  officeUnitId: z.string(),
  year: z.number(),
  maxPerKind: z.record(z.string(), z.number()),
  maxDurationMin: z.number().nullable(),
  maxAttendees: z.number().nullable(),
  maxSpeechMin: z.number().nullable(),
  noMeetingWeekdays: z.array(z.number()),
  /** Nothing is kept for that office and year yet (the limits are all open). */
  unset: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** The reader keeps it (a registrar of the office). */
  mayEdit: z.boolean(),
});

/** A plan checked against the policy before it is saved (the body of POST /meetings, its reason not needed). */
export const policyCheckSchema = z.object({ warnings: z.array(z.string()) });

/** What the meeting's page shows: the warnings it was planned over and the reason, and its agenda against the policy. */
export const meetingPolicyRecordSchema = z.object({
  override: z
    .object({ warnings: z.array(z.string()), reason: z.string(), recordedBy: z.string(), recordedAt: z.string() })
    .nullable(),
  agendaWarnings: z.array(z.string()),
});

import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, TITLE_MAX, titleText } from './common';
import { flowViewShape, itemLinkSchema } from './flow';

// 督查督办 (DOMAIN §6): the shapes of the API at /api/v1/supervision.

/** Where an item comes from (DOMAIN §6.2); the names people read are the module's (`supervision/policy.ts`). */
const SUPERVISION_SOURCES = [
  'upperDecision',
  'meeting',
  'keyWork',
  'leaderInstruction',
  'npcCppcc',
  'public',
  'inspection',
  'other',
] as const;
const supervisionSourceSchema = z.enum(SUPERVISION_SOURCES, { error: '请选择督办事项来源' });
export type SupervisionSource = z.output<typeof supervisionSourceSchema>;

/** 重点 items need the 督查室主任's or the secretary-general's approval before 交办; 一般 do not. */
const supervisionCategorySchema = z.enum(['key', 'ordinary'], { error: '请选择重点或一般' });

/**
 * How often the lead unit reports progress (报告周期): once, on the due date; weekly on a weekday (1 Monday … 7
 * Sunday); monthly on day D (the last day of a shorter month); quarterly on day D of March, June, September and
 * December; or every N working days (more often than
 * weekly needs a reason). The module's `policy.ts cadenceOf` turns it into the kernel's cadence.
 */
const reportCadenceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('once') }),
    z.strictObject({ kind: z.literal('weekly'), weekday: z.number().int().min(1).max(7) }),
    z.strictObject({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31) }),
    z.strictObject({ kind: z.literal('quarterly'), day: z.number().int().min(1).max(31) }),
    z.strictObject({ kind: z.literal('everyWorkdays'), workdays: z.number().int().min(1, '间隔至少 1 个工作日').max(60) }),
  ],
  { error: '请选择报告频次' },
);
export type ReportCadence = z.output<typeof reportCadenceSchema>;

/** The deadline as a date, or as N working days from 立项 (the official calendar counts them). */
const supervisionDeadlineSchema = z.union(
  [z.strictObject({ date: isoDateSchema }), z.strictObject({ workdays: z.number().int().min(1).max(500) })],
  { error: '请给出办理期限：日期或工作日数' },
);

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

/** 立项 typed by the 督查室. */
export const createSupervisionBodySchema = z.strictObject({
  title: titleText().min(1, '请填写督办事项').max(TITLE_MAX, `督办事项不能超过 ${TITLE_MAX} 字`),
  source: supervisionSourceSchema,
  /** The source as people name it: 市委常委会第12次会议纪要, 江南委办发〔2026〕91号 …; optional. */
  sourceText: z.string().trim().max(200, '来源说明不能超过 200 字').nullable().default(null),
  /** What is to be done, in the words of the decision or instruction. */
  requirement: text('督办要求', 4000),
  leadUnitId: idSchema,
  assistingUnitIds: z.array(idSchema).max(50, '协办单位过多').default([]),
  /** 责任领导: the leader answerable for it; sees the item. */
  leaderPersonId: idSchema.nullable().default(null),
  category: supervisionCategorySchema.default('ordinary'),
  /** 重点: who approves it before 交办 — the 督查室主任 or the secretary-general (a leader of the office). */
  approverId: idSchema.nullable().default(null),
  classification: classificationSchema.default('公开'),
  deadline: supervisionDeadlineSchema,
  cadence: reportCadenceSchema.default({ kind: 'once' }),
  /** Required when reports are asked more often than weekly (基层减负). */
  cadenceReason: z.string().trim().max(500).nullable().default(null),
  /** 人大代表建议 / 政协提案: the statutory limit (3 months from 交办, 6 when broad or difficult) bounds the deadline. */
  statutory: z.enum(['npc', 'cppcc']).nullable().default(null),
  difficult: z.boolean().default(false),
});
export type CreateSupervision = z.output<typeof createSupervisionBodySchema>;

/** 立项 from another item (`POST /items/:id/derive`, kind supervision): the same fields, and the 批示 it carries out. */
export const deriveSupervisionFieldsSchema = createSupervisionBodySchema.extend({
  /** A leader's 批示 (an opinion of kind instruction) on the source item: its author reads the result at 销号 (呈阅). */
  opinionId: idSchema.nullable().default(null),
});

export const derivePreviewQuerySchema = z.strictObject({ from: idSchema, opinionId: idSchema.optional() });

/** What the 立项 form is filled with when it is opened from an item or one of its 批示. */
export const derivePreviewSchema = z.object({
  source: z.object({ itemId: z.string(), kind: z.string(), title: z.string(), registryNo: z.string().nullable() }),
  title: z.string(),
  sourceKind: supervisionSourceSchema,
  sourceText: z.string(),
  requirement: z.string(),
  classification: classificationSchema,
  instructedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const supervisionCreatedSchema = z.object({ itemId: z.string(), registryNo: z.string(), dueDate: z.string() });

const unitRef = z.object({ id: z.string(), name: z.string() });

/** One item of the register, as its readers see it. */
export const supervisionSchema = z.object({
  itemId: z.string(),
  registryNo: z.string(),
  title: z.string(),
  source: supervisionSourceSchema,
  sourceName: z.string(),
  sourceText: z.string().nullable(),
  requirement: z.string(),
  leadUnit: unitRef,
  assistingUnits: z.array(unitRef),
  leader: z.object({ id: z.string(), name: z.string() }).nullable(),
  category: supervisionCategorySchema,
  classification: classificationSchema,
  cadence: reportCadenceSchema,
  cadenceReason: z.string().nullable(),
  statutory: z.enum(['npc', 'cppcc']).nullable(),
  difficult: z.boolean(),
  openedOn: z.string(),
  dueDate: z.string(),
  state: z.string(),
  stateKey: z.string(),
  light: z.enum(['green', 'yellow', 'red']).nullable(),
  createdBy: z.string(),
  /** The deadline set at 立项 (or 交办), before any approved 延期 of the lead unit. */
  originalDueDate: z.string().nullable(),
  /** 退回重办: rounds sent back. */
  redoCount: z.number(),
  withdrawnReason: z.string().nullable(),
});

/** 交办 to one unit: its 签收 or 退办, and what the 督查室 did after (a later row supersedes a returned one). */
const receiptSchema = z.object({
  id: z.string(),
  unit: unitRef,
  role: z.enum(['lead', 'assisting']),
  state: z.enum(['pending', 'accepted', 'returned', 'cancelled']),
  dueDate: z.string().nullable(),
  sentAt: z.string(),
  sentBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedFor: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  remindCount: z.number(),
  superseded: z.boolean(),
});

/** The item page: the record, its flow as every module shows it, its links, the units' receipts. */
export const supervisionDetailSchema = supervisionSchema.extend({
  ...flowViewShape,
  links: z.array(itemLinkSchema),
  receipts: z.array(receiptSchema),
  /** The sendings the reader may 签收 or 退办 now (their unit's registrars). */
  myReceipts: z.array(z.string()),
  /** Whom the lead unit's handler may ask to sign the 办结报告: the lead unit's leaders. */
  signers: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Whether the reader is a supervisor of the office (交办, answers to 退办, 撤销). */
  supervises: z.boolean(),
});

const note = z.string().trim().max(500, '说明不能超过 500 字').nullable().default(null);
const reasonText = (label: string) => z.string().trim().min(2, `请写明${label}`).max(500, `${label}不能超过 500 字`);

export const assignSupervisionBodySchema = z.strictObject({
  note,
  /** A new deadline for the lead unit, when the one set at 立项 no longer serves. */
  dueDate: isoDateSchema.nullable().default(null),
  /** The assisting units' own deadline (default: the lead's). */
  assistingDueDate: isoDateSchema.nullable().default(null),
});
export const returnReceiptBodySchema = z.strictObject({ reason: reasonText('退办理由') });
export const answerReceiptBodySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('resend'), note, dueDate: isoDateSchema.nullable().default(null) }),
    z.strictObject({ type: z.literal('redirect'), unitId: idSchema, note }),
    z.strictObject({ type: z.literal('cancel'), reason: reasonText('撤销理由') }),
    z.strictObject({ type: z.literal('remind'), note }),
  ],
  { error: '请选择处理方式：重新交办、改派、撤销或催办' },
);
export const reviewSupervisionBodySchema = z.strictObject({
  decision: z.enum(['close', 'redo'], { error: '请选择销号或退回重办' }),
  opinion: z.string().trim().max(2000, '意见不能超过 2000 字').nullable().default(null),
  /** 退回重办: the new due date of the round. */
  dueDate: isoDateSchema.nullable().default(null),
});
export const withdrawSupervisionBodySchema = z.strictObject({ reason: reasonText('撤销理由') });

/** 红黄绿灯 as a filter: the three lights of open items, and closed (办结) items, which have none. */
export const SUPERVISION_LIGHTS = ['green', 'yellow', 'red', 'closed'] as const;
const lightFilterSchema = z.enum(SUPERVISION_LIGHTS, { error: '灯号应为 green、yellow、red 或 closed' });

/** The register's filters, as they stand in the page's address; the list and its export take the same. */
const supervisionFilterShape = {
  source: supervisionSourceSchema.optional(),
  category: supervisionCategorySchema.optional(),
  /** Items whose lead or assisting units include this one. */
  unitId: idSchema.optional(),
  /** 责任领导 */
  leaderId: idSchema.optional(),
  light: lightFilterSchema.optional(),
  state: z.enum(['open', 'closed'], { error: '状态应为 open（在办）或 closed（已办结）' }).optional(),
  /** 立项日期 and 办理期限 ranges, both ends included. */
  openedFrom: isoDateSchema.optional(),
  openedTo: isoDateSchema.optional(),
  dueFrom: isoDateSchema.optional(),
  dueTo: isoDateSchema.optional(),
  /** 督办编号 or words of the title. */
  q: z.string().trim().max(100, '检索词不能超过 100 字').optional(),
};

type Ranges = { openedFrom?: string; openedTo?: string; dueFrom?: string; dueTo?: string };
const rangesForward = <T extends z.ZodType<Ranges>>(schema: T) =>
  schema
    .refine((v) => !v.openedFrom || !v.openedTo || v.openedFrom <= v.openedTo, {
      message: '起始日期不能晚于截止日期',
      path: ['openedTo'],
    })
    .refine((v) => !v.dueFrom || !v.dueTo || v.dueFrom <= v.dueTo, { message: '起始日期不能晚于截止日期', path: ['dueTo'] });

export const supervisionFilterSchema = rangesForward(z.strictObject(supervisionFilterShape));
export type SupervisionFilter = z.output<typeof supervisionFilterSchema>;

export const listSupervisionQuerySchema = rangesForward(
  z.strictObject({
    ...supervisionFilterShape,
    limit: z.coerce.number().int().min(1, '数量应为 1 至 100 的整数').max(100, '数量应为 1 至 100 的整数').default(50),
    cursor: z.string().max(500).optional(),
  }),
);

const lightCounts = z.object({ green: z.number(), yellow: z.number(), red: z.number(), closed: z.number() });

/**
 * A page of the register; `total` counts every row the filters match (not only this page), `byLight` the same
 * filters without the light one, so each light's tag says how many a click on it shows.
 */
export const supervisionListSchema = z.object({
  items: z.array(supervisionSchema),
  nextCursor: z.string().nullable(),
  total: z.number(),
  byLight: lightCounts,
});

/** A period of the figures and the 督查通报: both ends included, at most five years. */
export const supervisionPeriodSchema = z
  .strictObject({ from: isoDateSchema, to: isoDateSchema })
  .refine((p) => p.from <= p.to, { message: '起始日期不能晚于截止日期', path: ['to'] })
  .refine((p) => Number(p.to.slice(0, 4)) - Number(p.from.slice(0, 4)) <= 5, { message: '统计期间不能超过五年', path: ['to'] });

const figureRow = {
  opened: z.number(),
  closed: z.number(),
  due: z.number(),
  dueClosed: z.number(),
  onTime: z.number(),
  closeRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  extensions: z.number(),
  overdue: z.number(),
  redoRate: z.number().nullable(),
  cycleWorkdays: z.number().nullable(),
};

/** 效能 of 督查督办 for a period (policy.ts FIGURES): in total, by lead unit, by source, and the items overdue. */
export const supervisionFiguresSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  definitions: z.record(z.string(), z.string()),
  total: z.object(figureRow),
  byUnit: z.array(z.object({ unit: unitRef, ...figureRow })),
  bySource: z.array(z.object({ source: supervisionSourceSchema, sourceName: z.string(), ...figureRow })),
  overdue: z.array(
    z.object({
      itemId: z.string(),
      registryNo: z.string(),
      title: z.string(),
      leadUnit: unitRef,
      deadline: z.string(),
      closedOn: z.string().nullable(),
    }),
  ),
});

/**
 * 修改 by the 督查室 (after a 退办, or as the matter is clarified): what the units are asked and how it is named and
 * reported; each field given replaces the old one. Units and deadlines change through 交办's answers (改派, 重新交办).
 */
export const editSupervisionBodySchema = z
  .strictObject({
    title: titleText().min(1, '请填写督办事项').max(TITLE_MAX, `督办事项不能超过 ${TITLE_MAX} 字`).optional(),
    sourceText: z.string().trim().max(200, '来源说明不能超过 200 字').nullable().optional(),
    requirement: text('督办要求', 4000).optional(),
    leaderPersonId: idSchema.nullable().optional(),
    cadence: reportCadenceSchema.optional(),
    cadenceReason: z.string().trim().max(500).nullable().optional(),
    /** Why it was changed, kept in the audit record and told to the units working on it. */
    reason: z.string().trim().min(2, '请写明修改理由').max(500, '修改理由不能超过 500 字'),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'reason'), { message: '没有要修改的内容' });
export type EditSupervision = z.output<typeof editSupervisionBodySchema>;

/** The most working days before its deadline an item may be set to turn yellow: six weeks. */
export const YELLOW_WITHIN_MAX = 30;

/** 督查室设置 of one office: the light thresholds (issue 16 §5), with who set them last. */
export const supervisionSettingsSchema = z.object({
  office: z.object({ id: z.string(), name: z.string() }),
  yellowWithinWorkdays: z.number().int(),
  /** Whether the office uses the product's default (no setting of its own yet). */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** Whether the reader may change them (a supervisor of that office). */
  editable: z.boolean(),
});
export const updateSupervisionSettingsBodySchema = z.strictObject({
  yellowWithinWorkdays: z
    .number({ error: '黄灯提前天数应为整数' })
    .int('黄灯提前天数应为整数')
    .min(1, '黄灯提前天数至少 1 个工作日')
    .max(YELLOW_WITHIN_MAX, `黄灯提前天数至多 ${YELLOW_WITHIN_MAX} 个工作日`),
});

import { z } from 'zod';
import { classificationSchema, idSchema } from './common';
import { filingStatusSchema } from './items';
import { flowViewShape, itemLinkSchema } from './flow';
import { draftSchema } from './outgoing-draft';
import { findingOverrideSchema, findingSchema } from './outgoing-checks';

// 发文 (DOMAIN.md §1.5–1.6): 拟稿 → 会商 → 部门核稿 → 办公厅（室）审核 → 签发 (会签) → 复核 (复审) → 登记编号 →
// 印制 → 核发. The draft's shape is ./outgoing-draft.ts; its format checks ./outgoing-checks.ts.

const text = (label: string, min: number, max: number) => z.string().trim().min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

/** 拟稿: a new outgoing document with its first version. */
export const createOutgoingBodySchema = z.strictObject({
  draft: draftSchema,
  /** The 文号 register it will be numbered in (发文, 函 …); the registrar may change it before 编号. */
  registerId: idSchema.nullable().default(null),
  /** 份数 to print. */
  copies: z.number().int().min(1, '份数至少为 1').max(100_000).default(1),
  note: z.string().trim().max(200).nullable().default(null),
});

/** A new version of the draft: refused when someone saved in between (baseVersion is the version edited). */
export const saveDraftBodySchema = z.strictObject({
  baseVersion: z.number().int().min(1),
  draft: draftSchema,
  /** What was changed and why, in the editor's words (optional; the fields changed are listed anyway). */
  note: z.string().trim().max(200).nullable().default(null),
});

/** Registration details the registrar sets before 编号 and 印制. */
export const outgoingSettingsBodySchema = z.strictObject({
  registerId: idSchema.optional(),
  copies: z.number().int().min(1, '份数至少为 1').max(100_000).optional(),
});

export const addOverrideBodySchema = findingOverrideSchema;

/** Run the checks on a draft being typed (nothing is stored). */
export const checkDraftBodySchema = z.strictObject({
  draft: draftSchema,
  stage: z.enum(['draft', 'sign', 'number']).default('draft'),
  /** The document being edited, so its recorded overrides apply. */
  itemId: idSchema.optional(),
});

export const checkResultSchema = z.object({
  findings: z.array(findingSchema),
  /** What stands in the way of 签发 (errors, and warnings nobody has overridden). */
  blocking: z.array(findingSchema),
});

export const listOutgoingQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(100).optional(),
  state: z.string().trim().max(20).optional(),
  filing: filingStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const outgoingListSchema = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      genre: z.string(),
      docNo: z.string().nullable(),
      classification: z.string(),
      urgency: z.string().nullable(),
      state: z.string(),
      filingStatus: z.string().nullable(),
      drafterName: z.string(),
      createdAt: z.string(),
      writtenDate: z.string().nullable(),
    }),
  ),
});

export const VERSION_KINDS = ['draft', 'signed', 'numbered'] as const;

export const versionSummarySchema = z.object({
  no: z.number(),
  kind: z.enum(VERSION_KINDS),
  stepName: z.string(),
  personName: z.string(),
  postTitle: z.string().nullable(),
  note: z.string().nullable(),
  /** The fields this version changed from the one before, as users name them (标题, 正文第3段 …). */
  changes: z.array(z.string()),
  createdAt: z.string(),
});
export type VersionSummary = z.output<typeof versionSummarySchema>;

export const DELIVERY_STATUSES = ['delivered', 'signed', 'returned'] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);

export const deliverySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  /** 主送 or 抄送. */
  role: z.enum(['main', 'cc']),
  status: deliveryStatusSchema,
  deliveredAt: z.string(),
  signedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
  /** The receiving unit's 收文号, once signed for. */
  registryNo: z.string().nullable(),
  incomingItemId: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
});

export const outgoingDetailSchema = z.object({
  item: z
    .object({
      id: z.string(),
      title: z.string(),
      classification: classificationSchema,
      urgency: z.string().nullable(),
      state: z.string(),
      createdAt: z.string(),
      closedAt: z.string().nullable(),
      filingStatus: filingStatusSchema.nullable().optional(),
      version: z.number(),
    })
    .passthrough(),
  document: z.object({
    draft: draftSchema,
    /** The version number of `draft`; send it back as baseVersion when saving. */
    version: z.number(),
    /** The version the signer(s) signed; frozen. Null until 签发. */
    signedVersion: z.number().nullable(),
    /** The current draft differs in substance from the signed version: 复核 must send it back for 复审. */
    changedSinceSigning: z.boolean(),
    docNo: z.string().nullable(),
    register: z.object({ id: z.string(), name: z.string(), example: z.string() }).nullable(),
    copies: z.number(),
    drafterName: z.string(),
    overrides: z.array(findingOverrideSchema.extend({ by: z.string(), at: z.string() })),
  }),
  /** The checks on the current draft, at the stage the document has reached. */
  checks: checkResultSchema.extend({ stage: z.enum(['draft', 'sign', 'number']) }),
  /**
   * 条例 Art.22: an important or upward document is signed by the issuing unit's principal leader; these are the
   * issuers' principal leaders, whom the 签发 picker offers first.
   */
  signing: z.object({
    principalRequired: z.boolean(),
    principals: z.array(z.object({ personId: z.string(), name: z.string(), postId: z.string(), title: z.string(), unitId: z.string(), unitName: z.string() })),
  }),
  /** The actor may save a new version now (holds an open task at an editing step). */
  canEdit: z.boolean(),
  /** The actor may set the register and copies (a registrar of the unit, before 核发). */
  canRegister: z.boolean(),
  versions: z.array(versionSummarySchema),
  deliveries: z.array(deliverySchema),
  ...flowViewShape,
  links: z.array(itemLinkSchema),
});

export const versionDetailSchema = versionSummarySchema.extend({ draft: draftSchema });

/**
 * The issued copy, as a receiving unit reads it (核发 → 待签收 → 收文): the signed, numbered text, its issued
 * files and the reader's own unit's receipt — nothing of the sender's internal handling.
 */
export const issuedCopySchema = z.object({
  itemId: z.string(),
  title: z.string(),
  docNo: z.string().nullable(),
  senderName: z.string(),
  classification: classificationSchema,
  urgency: z.string().nullable(),
  issuedAt: z.string(),
  draft: draftSchema,
  files: z.array(z.object({ fileId: z.string(), role: z.string(), ordinal: z.number(), name: z.string(), size: z.number(), contentType: z.string(), sm3: z.string(), classification: classificationSchema })),
  /** This unit's receipt (待签收 / 已签收 / 已退回); null for the sender's own people. */
  receipt: deliverySchema.nullable(),
  /** The reader may open the sender's whole record (a person of the issuing office in its flow). */
  fullRecord: z.boolean(),
});

/** The receiving unit's 待签收 list: documents distributed to it. */
export const inboxQuerySchema = z.strictObject({
  status: deliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const inboxSchema = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      sourceItemId: z.string(),
      senderName: z.string(),
      docNo: z.string().nullable(),
      title: z.string(),
      classification: z.string(),
      urgency: z.string().nullable(),
      role: z.enum(['main', 'cc']),
      status: deliveryStatusSchema,
      deliveredAt: z.string(),
      incomingItemId: z.string().nullable(),
      registryNo: z.string().nullable(),
      returnReason: z.string().nullable(),
    }),
  ),
});

/** 签收 of a distributed document: it becomes a 收文 of the receiving unit, pre-filled from the source. */
export const signForBodySchema = z.strictObject({
  register: z.string().trim().min(1).max(30).default('收文'),
  dueDate: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).nullable().default(null),
});

export const returnDeliveryBodySchema = z.strictObject({ reason: text('退文理由', 2, 500) });

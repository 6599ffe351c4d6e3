import { z } from 'zod';
import { CLASSIFICATIONS, classificationSchema, idSchema, TITLE_MAX, titleText, UNMARKED } from './common';
import { GENRE_NAMES } from './official-document';
import { filingStatusSchema } from './items';
import { flowViewShape, itemLinkSchema } from './flow';
import { DRAFT_FORMATS, draftSchema } from './outgoing-draft';
import { findingOverrideSchema, findingSchema } from './outgoing-checks';
import { numberPreviewSchema } from './doc-register';
import { registerFilterShape, registerPageShape, registerRowExtras, withDateRange } from './register';

// 发文 (DOMAIN.md §1.5–1.6): 拟稿 → 会商 → 部门核稿 → 办公厅（室）审核 → 签发 (会签) → 复核 (复审) → 登记编号 →
// 印制 → 核发. The draft's shape is ./outgoing-draft.ts; its format checks ./outgoing-checks.ts.

const text = (label: string, min: number, max: number) =>
  z.string().trim().min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

/** 拟稿: a new outgoing document with its first version. */
export const createOutgoingBodySchema = z.strictObject({
  draft: draftSchema,
  /** The 文号 register it will be numbered in (发文, 函 …); the registrar may change it before 编号. */
  registerId: idSchema.nullable().default(null),
  /** 份数 to print. */
  copies: z.number().int().min(1, '份数至少为 1').max(100_000).default(1),
  note: z.string().trim().max(200).nullable().default(null),
  /** A 复函: the document it answers (a 收文 the drafter handles); the two are linked (replyTo). */
  replyTo: idSchema.nullable().default(null),
});

/**
 * What another module knows of a 发文 it opens as a draft — a 督查通报 from the 督办 records of a period — given through
 * the kernel (`deriveItem(tx, ctx, 'outgoing', { source: null, link: null, fields })`), never over HTTP. The draft
 * is the one the drafter would start in the 发文 pages (their unit the issuer), with this title, 文种 and text; they
 * edit the rest there. Each body string is a paragraph, a heading when it starts like one (一、 （一） 1. （1）).
 */
export const outgoingDraftSeedSchema = z
  .strictObject(
    {
      /** Required but for a 纪要 in the 纪要格式, which is named by its 版头 (××××纪要) and may carry no title. */
      title: titleText().max(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 字`).default(''),
      genre: z.enum(GENRE_NAMES, { error: '文种应为 15 种法定公文之一' }).default('通报'),
      body: z
        .array(z.string({ error: '正文的每一段应为文字' }).max(2000, '正文每段不能超过 2000 字'), {
          error: '正文应为段落文字的列表',
        })
        .max(500, '正文不能超过 500 段')
        .default([]),
      /** 主送, by name: a unit of this deployment when one has that full or short name, else an organ outside it. */
      mainRecipients: z
        .array(
          z.string({ error: '主送机关应为名称' }).trim().min(1, '主送机关名称不能为空').max(200, '主送机关名称不能超过 200 字'),
          {
            error: '主送机关应为名称的列表',
          },
        )
        .max(500, '主送机关不能超过 500 个')
        .default([]),
      classification: z.enum(CLASSIFICATIONS, { error: '密级应为公开、内部、秘密、机密或绝密' }).default(UNMARKED),
      /** 文件格式, 信函格式 or 纪要格式 (GB/T 9704 §10); a 纪要 is unsigned and unsealed (§10.3). */
      format: z.enum(DRAFT_FORMATS, { error: '版式应为文件格式、信函格式或纪要格式' }).default('standard'),
      /** The red header's text (发文机关标志) when it is not the drafter's unit: a 纪要's ××××纪要. */
      headerName: z.string().trim().max(200, '发文机关标志不能超过 200 字').nullable().default(null),
      /** 纪要: the 出席 / 请假 / 列席 lines. */
      attendance: z
        .strictObject({
          present: z.string().max(2000, '出席人员不能超过 2000 字').default(''),
          absent: z.string().max(2000, '请假人员不能超过 2000 字').default(''),
          observers: z.string().max(2000, '列席人员不能超过 2000 字').default(''),
        })
        .nullable()
        .default(null),
      /** The 签发人 the source names (a 纪要's, by its kind of meeting's rule) and why: offered first at 审核. */
      signer: z
        .strictObject({
          personId: idSchema,
          reason: z.string().trim().max(200, '签发人说明不能超过 200 字'),
        })
        .nullable()
        .default(null),
    },
    { error: '发文草稿的内容格式不正确' },
  )
  .refine((s) => s.title !== '' || s.format === 'minutes', { error: '请填写标题', path: ['title'] });
export type OutgoingDraftSeed = z.output<typeof outgoingDraftSeedSchema>;

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

/** 份号 (GB/T 9704 §7.2.1): six Arabic digits, zero-padded, from 000001. */
const copyNoSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '份号应为 6 位阿拉伯数字，不足前补 0，如“000001”')
  .refine((s) => s !== '000000', '份号从 000001 起编');

/** The 份号 range of a print run: both ends or neither, in order, as many numbers as copies printed. */
function copyNoRangeProblem(printCount: number, from: string | null, to: string | null): string | null {
  if ((from === null) !== (to === null)) return '份号须同时填写起号和止号';
  if (from === null || to === null) return null;
  const n = Number(to) - Number(from) + 1;
  if (n < 1) return `份号止号 ${to} 不能小于起号 ${from}`;
  if (n !== printCount) return `份号 ${from}—${to} 共 ${n} 份，与印数 ${printCount} 份不符`;
  return null;
}

/**
 * 印制 (条例 Art.25(三)): the copies printed (印数) and their 份号 range, recorded with the step it completes.
 * `version` is the 印制 task's, as for any step.
 */
export const printBodySchema = z
  .strictObject({
    version: z.number().int().min(1),
    printCount: z
      .number({ error: '请填写印数（份）' })
      .int('印数须为整数')
      .min(1, '印数至少为 1 份')
      .max(100_000, '印数不能超过 100000 份'),
    copyNoFrom: copyNoSchema.nullable().default(null),
    copyNoTo: copyNoSchema.nullable().default(null),
    opinion: z.string().trim().max(2000, '意见不能超过 2000 字').nullable().default(null),
  })
  .superRefine((v, ctx) => {
    const problem = copyNoRangeProblem(v.printCount, v.copyNoFrom, v.copyNoTo);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['copyNoTo'] });
  });

/** What 编号 would give the document now, and what would stop it (the numbering checks on the numbered draft). */
export const outgoingNumberPreviewSchema = numberPreviewSchema.extend({ blocking: z.array(findingSchema) });

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

/** 发文登记簿: filters (主送 as `recipient`), sort and keyset paging. */
const recipientFilter = { recipient: z.string().trim().max(100, '主送机关不能超过 100 字').optional() };
export const outgoingRegisterFilterSchema = withDateRange(z.strictObject({ ...registerFilterShape, ...recipientFilter }));
export const listOutgoingQuerySchema = withDateRange(
  z.strictObject({ ...registerFilterShape, ...recipientFilter, ...registerPageShape }),
);
export type OutgoingRegisterFilter = z.output<typeof outgoingRegisterFilterSchema>;

export const outgoingListSchema = z.object({
  total: z.number(),
  nextCursor: z.string().nullable(),
  /** The states a 发文 can be in, in the order of its flow (for the state filter). */
  states: z.array(z.object({ key: z.string(), name: z.string() })),
  items: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      genre: z.string(),
      docNo: z.string().nullable(),
      classification: z.string(),
      urgency: z.string().nullable(),
      state: z.string(),
      /** The state's machine key (the filter takes it). */
      stateKey: z.string(),
      filingStatus: z.string().nullable(),
      drafterName: z.string(),
      mainRecipients: z.array(z.string()),
      createdAt: z.string(),
      writtenDate: z.string().nullable(),
      /** 印数 and 份号 as recorded at 印制 (null before). */
      printCount: z.number().nullable(),
      copyNoFrom: z.string().nullable(),
      copyNoTo: z.string().nullable(),
      dueDate: z.string().nullable(),
      ...registerRowExtras,
    }),
  ),
});

const VERSION_KINDS = ['draft', 'signed', 'numbered'] as const;

const versionSummarySchema = z.object({
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

/**
 * A receipt's status. In the system: 已送达, 已签收, 已退文. Outside it: 需线下分发 (`offline`) until the
 * registrar records it as 已线下分发 (`sentOffline`).
 */
export const DELIVERY_STATUSES = ['delivered', 'signed', 'returned', 'offline', 'sentOffline'] as const;
const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.output<typeof deliveryStatusSchema>;
/** What the receiving unit's 待签收 filters on. */
export const INBOX_STATUSES = ['delivered', 'signed', 'returned'] as const;

/**
 * How a document went to an organ outside the system (保密法实施条例第二十七条, 条例第三十五条: classified
 * documents only by 机要交通, 机要通信, an exchange station or the 机要 staff of the two organs). The last, 其他,
 * needs a note saying what it was.
 */
export const OFFLINE_METHODS = ['机要交换', '机要交通', '机要通信', '专人送达', '邮寄', '传真', '电子邮件', '其他'] as const;
/** Not for a document classified 秘密 or above (保密法第二十八条: no ordinary post; no open fax or e-mail). */
export const OPEN_CHANNEL_METHODS: readonly (typeof OFFLINE_METHODS)[number][] = ['邮寄', '传真', '电子邮件'];

const offlineRecordSchema = z.object({
  method: z.string(),
  at: z.string(),
  by: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const deliverySchema = z.object({
  id: z.string(),
  /** Null for an organ outside this deployment. */
  unitId: z.string().nullable(),
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
  /** 线下分发, once recorded. */
  offline: offlineRecordSchema.nullable().optional(),
  /** A 重新分发 or a correction: this row replaces an earlier one (which stays in the log). */
  previousId: z.string().nullable().optional(),
  /** 签收期限 of a unit in the system, and how often it has been chased (催办). */
  dueDate: z.string().nullable().optional(),
  remindCount: z.number().optional(),
});

/** One line of the distribution log: what happened to a receipt, who did it and when. */
const DELIVERY_EVENTS = ['signed', 'returned', 'redistributed', 'recorded', 'corrected', 'withdrawn'] as const;
export const deliveryLogEntrySchema = z.object({
  at: z.string(),
  event: z.enum(DELIVERY_EVENTS),
  unitName: z.string(),
  person: z.string().nullable(),
  /** The 退文 reason, the reason for a correction or withdrawal, a 重新分发 note. */
  reason: z.string().nullable(),
  /** The receiving unit's 收文号, for a signing. */
  registryNo: z.string().nullable(),
  /** The offline delivery as recorded (or corrected). */
  offline: offlineRecordSchema.nullable(),
});

/** 线下分发 as the registrar records it; `reason` is required when it corrects an earlier record. */
export const offlineDeliveryBodySchema = z.strictObject({
  method: z.enum(OFFLINE_METHODS, { error: `分发方式应为 ${OFFLINE_METHODS.join('、')} 之一` }),
  at: z.iso.datetime({ offset: true, error: '送达时间格式不正确' }),
  by: text('经办人（送达人）', 1, 50),
  note: z.string().trim().max(500).nullable().default(null),
  reason: z.string().trim().max(500).nullable().default(null),
});
export const withdrawOfflineBodySchema = z.strictObject({ reason: text('更正理由', 2, 500) });
export const redistributeBodySchema = z.strictObject({ note: z.string().trim().max(200).nullable().default(null) });
/** 催办 of a unit that has not signed for a document yet. */
export const remindDeliveryBodySchema = z.strictObject({ note: z.string().trim().max(200).nullable().default(null) });

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
    /** 印制 as recorded: 印数 and the 份号 range (six digits; null when not numbered). Null before 印制. */
    print: z.object({ count: z.number(), copyNoFrom: z.string().nullable(), copyNoTo: z.string().nullable() }).nullable(),
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
    /** The 签发人 named when the draft was made (a 纪要's signer by its kind of meeting's rule), in their post now. */
    named: z.object({ personId: z.string(), name: z.string(), title: z.string(), reason: z.string() }).nullable(),
    principalRequired: z.boolean(),
    principals: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        postId: z.string(),
        title: z.string(),
        unitId: z.string(),
        unitName: z.string(),
      }),
    ),
  }),
  /** The actor may save a new version now (holds an open task at an editing step). */
  canEdit: z.boolean(),
  /** The actor may set the register and copies (a registrar of the unit, before 核发). */
  canRegister: z.boolean(),
  versions: z.array(versionSummarySchema),
  deliveries: z.array(deliverySchema),
  /** Signings, 退文, 重新分发, offline records and their corrections, oldest first. */
  deliveryLog: z.array(deliveryLogEntrySchema).default([]),
  /** The actor may record offline deliveries and 重新分发 (a registrar of the issuing unit). */
  canManageDeliveries: z.boolean().default(false),
  /** Before 核发: who the system will deliver to, and who must be reached outside it. */
  distribution: z
    .object({ inSystem: z.array(z.string()), offline: z.array(z.string()) })
    .nullable()
    .default(null),
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
  files: z.array(
    z.object({
      fileId: z.string(),
      role: z.string(),
      ordinal: z.number(),
      name: z.string(),
      size: z.number(),
      contentType: z.string(),
      sm3: z.string(),
      classification: classificationSchema,
    }),
  ),
  /** This unit's receipt (待签收 / 已签收 / 已退回); null for the sender's own people. */
  receipt: deliverySchema.nullable(),
  /** The reader may open the sender's whole record (a person of the issuing office in its flow). */
  fullRecord: z.boolean(),
});

/** The receiving unit's 待签收 list: documents distributed to it. */
export const inboxQuerySchema = z.strictObject({
  status: z.enum(INBOX_STATUSES).optional(),
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
      status: z.enum(INBOX_STATUSES),
      deliveredAt: z.string(),
      /** 签收期限. */
      dueDate: z.string().nullable(),
      incomingItemId: z.string().nullable(),
      registryNo: z.string().nullable(),
      returnReason: z.string().nullable(),
      /** Sent again after this unit returned it (重新分发). */
      redistributed: z.boolean().default(false),
    }),
  ),
});

/** 签收 of a distributed document: it becomes a 收文 of the receiving unit, pre-filled from the source. */
export const signForBodySchema = z.strictObject({
  register: z.string().trim().min(1).max(30).default('收文'),
  dueDate: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).nullable().default(null),
});

/**
 * 批量签收: each document becomes its own 收文 with its own receipt. Each is signed for on its own (a savepoint
 * each): one that fails — sent back meanwhile, above the registrar's clearance — is reported and the others
 * still go through, since they are separate documents from separate senders.
 */
export const batchSignForBodySchema = signForBodySchema.extend({
  ids: z.array(idSchema).min(1, '请选择要签收的文件').max(50, '一次最多签收 50 件'),
});
export const batchSignForResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.string(), ok: z.literal(true), itemId: z.string(), registryNo: z.string() }),
      z.object({ id: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
    ]),
  ),
});

export const returnDeliveryBodySchema = z.strictObject({ reason: text('退文理由', 2, 500) });

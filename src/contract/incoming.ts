import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, TITLE_MAX, titleText, urgencySchema } from './common';
import { GENRE_NAMES } from './official-document';
import { filingStatusSchema } from './items';
import { flowViewShape, itemLinkSchema } from './flow';
import { deadlineSchema } from './workbench';
import { registerFilterShape, registerPageShape, registerRowExtras, withDateRange } from './register';

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);
const names = (label: string) => z.array(z.string().trim().min(1).max(100)).max(200, `${label}过多`).default([]);

/** 登记: the elements of a received 公文 (条例 Art.24(二)). */
export const registerIncomingBodySchema = z.strictObject({
  senderName: text('来文单位', 100),
  docNo: z.string().trim().max(60).nullable().default(null),
  title: titleText().min(1, '请填写标题').max(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 字`),
  genre: z.enum(GENRE_NAMES).nullable().default(null),
  classification: classificationSchema.default('公开'),
  secrecyTerm: z.string().trim().max(40).nullable().default(null),
  urgency: urgencySchema.nullable().default(null),
  copies: z.number().int().min(1, '份数至少为 1').max(9999).default(1),
  copyNumbers: z
    .array(z.string().regex(/^\d{6}$/, '份号为 6 位数字，如 000123'))
    .max(9999)
    .default([]),
  writtenDate: isoDateSchema.nullable().default(null),
  receivedAt: z.iso.datetime({ offset: true, error: '收文时间格式不正确' }).optional(),
  mainRecipients: names('主送机关'),
  ccRecipients: names('抄送机关'),
  attachments: z
    .array(z.strictObject({ name: text('附件名称', 200) }))
    .max(100)
    .default([]),
  dueDate: isoDateSchema.nullable().default(null),
  register: z.string().trim().min(1).max(30).default('收文'),
  /** Files uploaded beforehand (POST /files): the received document itself (正文) and its attachments. */
  files: z
    .array(z.strictObject({ fileId: idSchema, role: z.enum(['正文', '附件']) }))
    .max(100)
    .default([]),
  /** The registrar has seen the possible duplicate and registers anyway (the two are linked). */
  confirmDuplicate: z.boolean().default(false),
});
export type RegisterIncoming = z.output<typeof registerIncomingBodySchema>;

/** The registered elements a correction (更正登记) may change: everything but the register, its number and the files. */
export const CORRECTABLE_FIELDS = [
  'senderName',
  'docNo',
  'title',
  'genre',
  'classification',
  'secrecyTerm',
  'urgency',
  'copies',
  'copyNumbers',
  'writtenDate',
  'receivedAt',
  'mainRecipients',
  'ccRecipients',
  'attachments',
  'dueDate',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/**
 * 更正登记: the registration as it should read (every field, as registered), with the item version it was read at.
 * Allowed until the document is routed (初审 submitted); each correction is a version with what it changed.
 */
export const correctRegistrationBodySchema = registerIncomingBodySchema
  .pick({
    senderName: true,
    docNo: true,
    title: true,
    genre: true,
    classification: true,
    secrecyTerm: true,
    urgency: true,
    copies: true,
    copyNumbers: true,
    writtenDate: true,
    receivedAt: true,
    mainRecipients: true,
    ccRecipients: true,
    attachments: true,
    dueDate: true,
    confirmDuplicate: true,
  })
  .extend({
    version: z.number().int().min(1),
    reason: z.string().trim().max(200, '更正说明不能超过 200 字').nullable().default(null),
  });
export type CorrectRegistration = z.output<typeof correctRegistrationBodySchema>;

/** 作废: the 收文号 stays in the register with this reason; the document leaves handling. */
export const voidIncomingBodySchema = z.strictObject({
  reason: z.string().trim().min(2, '请写明作废原因').max(200, '作废原因不能超过 200 字'),
});

/** 收文登记簿: filters (来文单位 as `sender`), sort and keyset paging. */
export const incomingRegisterFilterSchema = withDateRange(
  z.strictObject({ ...registerFilterShape, sender: z.string().trim().max(100, '来文单位不能超过 100 字').optional() }),
);
export const listIncomingQuerySchema = withDateRange(
  z.strictObject({
    ...registerFilterShape,
    sender: z.string().trim().max(100, '来文单位不能超过 100 字').optional(),
    ...registerPageShape,
  }),
);
export type IncomingRegisterFilter = z.output<typeof incomingRegisterFilterSchema>;

export const duplicateQuerySchema = z.strictObject({
  senderName: z.string().trim().min(1).max(100),
  docNo: z.string().trim().min(1).max(60),
});

/** The document page: registered elements, opinions in order, task history, the reader's own open tasks. */
export const incomingDetailSchema = z.object({
  item: z
    .object({
      id: z.string(),
      title: z.string(),
      registryNo: z.string().nullable(),
      classification: classificationSchema,
      urgency: z.string().nullable(),
      state: z.string(),
      dueDate: z.string().nullable(),
      createdAt: z.string(),
      closedAt: z.string().nullable(),
      filingStatus: filingStatusSchema.nullable().optional(),
      version: z.number(),
    })
    .passthrough(),
  document: z.object({
    registryNo: z.string().nullable(),
    senderName: z.string(),
    docNo: z.string().nullable(),
    docNoAsReceived: z.string().nullable(),
    genre: z.string().nullable(),
    secrecyTerm: z.string().nullable(),
    copies: z.number(),
    copyNumbers: z.array(z.string()),
    writtenDate: z.string().nullable(),
    receivedAt: z.string(),
    mainRecipients: z.array(z.string()),
    ccRecipients: z.array(z.string()),
    attachments: z.array(z.object({ name: z.string() })),
    /** 作废: when, by whom and why; null while the 收文号 stands. */
    voided: z.object({ at: z.string(), byName: z.string(), reason: z.string() }).nullable(),
  }),
  /** 更正登记 made so far, oldest first: each field changed with its earlier and new value. */
  corrections: z.array(
    z.object({
      no: z.number(),
      personName: z.string(),
      createdAt: z.string(),
      reason: z.string().nullable(),
      changes: z.array(z.object({ field: z.enum(CORRECTABLE_FIELDS), before: z.unknown(), after: z.unknown() })),
    }),
  ),
  /** The reader may correct the registration (a registrar of the unit, before the document is routed). */
  canCorrect: z.boolean(),
  /** The reader may void the 收文号 (a registrar of the unit, while the document is in handling). */
  canVoid: z.boolean(),
  /** The reader may start a 复函 from it (handles it, and it is not voided). */
  canReply: z.boolean(),
  /** The document's time limit on the official calendar (working days left, or past it); null without one or once closed. */
  deadline: deadlineSchema.nullable(),
  ...flowViewShape,
  circulations: z.array(
    z.object({
      id: z.string(),
      ordered: z.boolean(),
      note: z.string().nullable(),
      startedAt: z.string().nullable(),
      fromFlow: z.boolean(),
      /** 结束传阅 (closed) or 撤回 (withdrawn): readers not reached were cancelled and lost access. */
      endedAt: z.string().nullable(),
      endKind: z.enum(['closed', 'withdrawn']).nullable(),
      /** The reader may close or withdraw it (its starter, the unit's registrars and supervisors). */
      mayEnd: z.boolean(),
      readers: z.array(
        z.object({
          taskId: z.string(),
          personId: z.string(),
          name: z.string(),
          status: z.enum(['waiting', 'delivered', 'opened', 'read', 'cancelled']),
          deliveredAt: z.string().nullable(),
          openedAt: z.string().nullable(),
          readAt: z.string().nullable(),
          comment: z.string().nullable(),
          commentedBy: z.string().nullable(),
        }),
      ),
      holders: z.array(z.string()),
      notRead: z.array(z.string()),
    }),
  ),
  links: z.array(itemLinkSchema),
  /** The reader may start a 传阅 (handles the document: a registrar, a supervisor, a holder of an open task). */
  canCirculate: z.boolean(),
});

export const incomingListSchema = z.object({
  /** Rows matching the filters, on every page. */
  total: z.number(),
  nextCursor: z.string().nullable(),
  /** The states a 收文 can be in, in the order of its flow (for the state filter). */
  states: z.array(z.object({ key: z.string(), name: z.string() })),
  items: z.array(
    z.object({
      itemId: z.string(),
      registryNo: z.string().nullable(),
      title: z.string(),
      senderName: z.string(),
      docNo: z.string().nullable(),
      classification: z.string(),
      urgency: z.string().nullable(),
      state: z.string(),
      /** The state's machine key (the filter takes it). */
      stateKey: z.string(),
      filingStatus: z.string().nullable(),
      receivedAt: z.string(),
      dueDate: z.string().nullable(),
      /** Why the 收文号 was voided (作废); null while it stands. */
      voidReason: z.string().nullable(),
      ...registerRowExtras,
    }),
  ),
});

export const registerResultSchema = z.object({
  itemId: z.string(),
  registryNo: z.string(),
  docNo: z.string().nullable(),
  docNoNotes: z.array(z.string()),
  duplicateOf: z.array(z.string()),
});

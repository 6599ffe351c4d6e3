import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema, titleText, urgencySchema } from './common';

/** Filing (归档) of a closed item: 待归档 once closed in the ordinary way (DOMAIN.md §5.3), 已归档 when filed. */
export const FILING_STATUSES = ['待归档', '已归档'] as const;
export const filingStatusSchema = z.enum(FILING_STATUSES);

export const itemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  registryNo: z.string().nullable(),
  classification: classificationSchema,
  urgency: z.string().nullable(),
  owningUnitId: z.string(),
  /** Where the item stands, as people read it (the step's or the module's name for its state). */
  state: z.string(),
  /** The same as a machine key: a step key, closed, or a state the module names. */
  stateKey: z.string(),
  dueDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** 待归档 once closed in the ordinary way; 已归档 when filed. */
  filingStatus: filingStatusSchema.nullable(),
  version: z.number(),
});

export const listItemsQuerySchema = z.strictObject({
  kind: z.string().max(40).optional(),
  q: z.string().trim().min(1, '检索词不能为空').max(100, '检索词不能超过 100 字').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const updateItemBodySchema = z.strictObject({
  version: z.number().int().min(1),
  title: titleText().min(1, '标题不能为空').max(300).optional(),
  urgency: urgencySchema.nullable().optional(),
  dueDate: isoDateSchema.nullable().optional(),
});

export const itemIdParamsSchema = z.strictObject({ id: idSchema });

import { z } from 'zod';
import { idSchema, isoDateSchema, urgencySchema } from './common';
import { filingStatusSchema } from './items';
import { deadlineSchema } from './workbench';

// The 收文 and 发文 registers (登记簿): the filters both share, their sort orders and keyset paging.

export const REGISTER_SORTS = ['date', 'number', 'deadline'] as const;
const registerSortSchema = z.enum(REGISTER_SORTS, { error: '排序应为 date（日期）、number（编号）或 deadline（办理时限）' });
export type RegisterSort = z.infer<typeof registerSortSchema>;
const sortDirSchema = z.enum(['asc', 'desc'], { error: '排序方向应为 asc 或 desc' });

/** A query-string flag: `1`/`true` on, `0`/`false` (or absent) off. */
const flag = z.enum(['1', '0', 'true', 'false'], { error: '应为 1 或 0' }).transform((v) => v === '1' || v === 'true');

/** The filters of a register, as they stand in the page's address (shareable, the back button restores them). */
export const registerFilterShape = {
  q: z.string().trim().max(100, '检索词不能超过 100 字').optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** The register's date (收文日期; 发文: 成文日期, before it has one the 拟稿 date), Beijing dates, both ends included. */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  state: z.string().trim().max(20).optional(),
  urgency: urgencySchema.optional(),
  /** 收文: the lead (主办) unit or section; 发文: the drafting section or unit. */
  handler: idSchema.optional(),
  /** Open and past its time limit. */
  overdue: flag.optional(),
  filing: filingStatusSchema.optional(),
  sort: registerSortSchema.optional(),
  dir: sortDirSchema.optional(),
};

export const registerPageShape = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/** Rows a register export or print may hold; past it the reader is asked to narrow the filters. */
export const REGISTER_EXPORT_LIMIT = 5000;

export const registerRowExtras = {
  /** Where the time limit stands on the official calendar (working days both sides); null without one or once closed. */
  deadline: deadlineSchema.nullable(),
  handlerName: z.string().nullable(),
};

/** Adds the check that the date range runs forwards. */
export const withDateRange = <T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) =>
  schema.refine((v) => !v.from || !v.to || v.from <= v.to, { message: '起始日期不能晚于截止日期', path: ['to'] });

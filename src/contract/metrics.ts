import { z } from 'zod';
import { idSchema, isoDateSchema } from './common';

// 效能 figures a module declares (src/server/platform/modules/registry.ts) as the API returns them.

export const metricsQuerySchema = z
  .strictObject({
    /** Inclusive China dates; default: this year to today. */
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    /** The office measured; default: the unit the actor acts in. */
    unitId: idSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((q) => !q.from || !q.to || Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4)) <= 5, {
    message: '统计区间不能超过五年',
    path: ['to'],
  });

const unitValueSchema = z.object({
  unitId: idSchema,
  unitName: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
});

const metricResultSchema = z.object({
  key: z.string(),
  name: z.string(),
  type: z.enum(['created', 'closed', 'cycleWorkdays', 'onTimeRate', 'overdueOpen', 'extensions']),
  /** A count, a mean in working days, or a percentage (0–100, one decimal); null when nothing to measure. */
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  byUnit: z.array(unitValueSchema).nullable(),
});
export type MetricResult = z.output<typeof metricResultSchema>;

export const metricsReportSchema = z.object({
  kind: z.string(),
  module: z.string(),
  unitId: idSchema,
  unitName: z.string(),
  from: isoDateSchema,
  to: isoDateSchema,
  metrics: z.array(metricResultSchema),
  /** False when the period reaches a year the official calendar has not been loaded for. */
  calendarComplete: z.boolean(),
  missingYears: z.array(z.number()),
});
export type MetricsReport = z.output<typeof metricsReportSchema>;

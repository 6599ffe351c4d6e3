import { z } from 'zod';
import { isoDateSchema } from './common';

export const dueDateQuerySchema = z.strictObject({
  from: isoDateSchema,
  days: z.coerce.number().int().min(0).max(3660),
  unit: z.enum(['working', 'calendar']),
  /** 民法典 Art.203 by analogy: a period whose last day is off ends on the next working day. */
  extendIfOff: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export const betweenQuerySchema = z.strictObject({ from: isoDateSchema, to: isoDateSchema });

export const dateResultSchema = z.object({ date: z.string(), calendarComplete: z.boolean(), missingYears: z.array(z.number()) });
export const countResultSchema = z.object({
  days: z.number(),
  calendarDays: z.number(),
  calendarComplete: z.boolean(),
  missingYears: z.array(z.number()),
});

/**
 * Whether the calendar reaches far enough: from 1 November, next year's missing calendar is announced to
 * administrators and registrars (`nextYearMissing`), since deadlines that run into it count weekdays only.
 */
export const calendarCoverageSchema = z.object({
  today: z.string(),
  loadedYears: z.array(z.number()),
  nextYearMissing: z.object({ year: z.number(), from: z.string() }).nullable(),
});

export const calendarYearSummarySchema = z.object({
  year: z.number(),
  version: z.number(),
  source: z.string(),
  notices: z.array(z.string()),
  importedAt: z.string(),
  offDays: z.number(),
  makeupWorkdays: z.number(),
});

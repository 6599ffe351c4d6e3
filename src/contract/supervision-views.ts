import { z } from 'zod';
import { idSchema } from './common';

// 督查督办's views beside the register (issue 16 §6): one unit's board, a leader's page, the calendar of deadlines.

const unitRef = z.object({ id: z.string(), name: z.string() });
const lightSchema = z.enum(['green', 'yellow', 'red']).nullable();

export const supervisionBoardQuerySchema = z.strictObject({
  /** The unit whose board it is; the unit of the reader's current post when not given. */
  unitId: idSchema.optional(),
});

/** The groups of a unit's board, in the order the page shows them; every row is in exactly one. */
export const BOARD_GROUPS = ['pending', 'handling', 'overdue', 'done'] as const;

/** One item on a unit's board: what the unit owes on it, by its own date (an assisting unit's may be earlier). */
const boardRowSchema = z.object({
  itemId: z.string(),
  registryNo: z.string(),
  title: z.string(),
  role: z.enum(['lead', 'assisting']),
  /** Where the unit's part is: still to 签收, being handled, or handled (its part given in). */
  stage: z.enum(['pending', 'handling', 'done']),
  /** The unit's own date (its 办理 task's, or the sending's before 签收). */
  dueDate: z.string().nullable(),
  /** The item's state as people read it (审签, 审核, 已销号 …) and its key. */
  state: z.string(),
  stateKey: z.string(),
  /** 红黄绿灯 of the unit's part (its date; a progress report overdue makes it yellow); null once handled. */
  light: lightSchema,
  /** When the lead unit's next progress report is due (进展报告), where one is owed. */
  nextReportDate: z.string().nullable(),
  /** When the unit gave in its part (办结 or 协办意见), for the handled ones. */
  doneOn: z.string().nullable(),
});

const boardGroupSchema = z.object({ count: z.number(), items: z.array(boardRowSchema) });

export const supervisionBoardSchema = z.object({
  unit: unitRef,
  today: z.string(),
  /** 待签收, 在办 (not past its date), 逾期 (still to sign for or in hand, past its date), 已办结 in the last 90 days. */
  groups: z.object({
    pending: boardGroupSchema,
    handling: boardGroupSchema,
    overdue: boardGroupSchema,
    done: boardGroupSchema,
  }),
  /** The unit's items the reader may not open (a colleague's), counted only: they are in no group above. */
  unlisted: z.number(),
  /** Whether the reader may look at other units' boards (a supervisor over them). */
  supervises: z.boolean(),
});

/** One item on a leader's page: from their 批示 or answerable to them (责任领导), and where it stands. */
const leaderRowSchema = z.object({
  itemId: z.string(),
  registryNo: z.string(),
  title: z.string(),
  /** Whether the item carries out this leader's 批示, and whether they are its 责任领导. */
  instructed: z.boolean(),
  responsible: z.boolean(),
  state: z.string(),
  stateKey: z.string(),
  light: lightSchema,
  dueDate: z.string(),
  leadUnit: unitRef,
  /** The lead unit's latest progress report. */
  lastReport: z.object({ text: z.string(), date: z.string(), signature: z.string() }).nullable(),
  /** 销号 sends the result to the instructing leader (呈阅): whether it went, and whether it was read. */
  resultSent: z.boolean(),
  resultRead: z.boolean(),
  /** Whether the reader may open the item's page. */
  readable: z.boolean(),
});

export const supervisionLeaderSchema = z.object({
  items: z.array(leaderRowSchema),
  /** Open items by light, and closed ones. */
  counts: z.object({ green: z.number(), yellow: z.number(), red: z.number(), closed: z.number() }),
});

export const supervisionCalendarQuerySchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' })
    .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, { error: '月份超出范围' }),
});

const calendarItemSchema = z.object({
  itemId: z.string(),
  registryNo: z.string(),
  title: z.string(),
  light: lightSchema,
  leadUnit: unitRef,
  state: z.string(),
});

export const supervisionCalendarSchema = z.object({
  month: z.string(),
  today: z.string(),
  /** Days of the month with open items due, in order, each with its items. */
  days: z.array(z.object({ date: z.string(), items: z.array(calendarItemSchema) })),
  /** The month's days off on the official calendar (weekends, holidays; not 调休 working weekends). */
  daysOff: z.array(z.string()),
  /** False when the month's year has no official calendar loaded: days off are only Saturdays and Sundays then. */
  calendarComplete: z.boolean(),
});

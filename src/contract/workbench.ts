import { z } from 'zod';
import { classificationSchema } from './common';

/** Office functions, in navigation order. The server says which of them this deployment runs. */
export const MODULES = [
  'incoming',
  'outgoing',
  'meetings',
  'affairs',
  'supervision',
  'information',
  'petitions',
  'archives',
  'efficiency',
] as const;
export type ModuleKey = (typeof MODULES)[number];

export const WORKBENCH_TABS = ['todo', 'toRead', 'done', 'started'] as const;
export const workbenchTabSchema = z.enum(WORKBENCH_TABS);
export type WorkbenchTab = z.infer<typeof workbenchTabSchema>;

export const workbenchQuerySchema = z.strictObject({
  sort: z.enum(['due', 'urgency', 'created']).default('due'),
  module: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** Where a deadline stands on the official calendar, as of today in China. */
export const deadlineSchema = z.object({
  date: z.string(),
  /** Working days left, not counting today; 0 = due today. Null once overdue. */
  remainingWorkdays: z.number().nullable(),
  /** Working days past the due date (those in (due date, today]; 0 on a weekend right after it); null while not overdue. */
  overdueWorkdays: z.number().nullable(),
  calendarComplete: z.boolean(),
  /** The years it runs into whose official calendar is not loaded: there it counts Mon–Fri only. */
  missingYears: z.array(z.number()),
});

const workbenchRowSchema = z.object({
  /** The task, or for 我发起的 the item. */
  id: z.string(),
  itemId: z.string(),
  title: z.string(),
  module: z.string(),
  step: z.string().nullable(),
  registryNo: z.string().nullable(),
  classification: classificationSchema,
  urgency: z.string().nullable(),
  state: z.string(),
  deadline: deadlineSchema.nullable(),
  /** The principal's name when the actor sees this as a delegate (代 X). */
  onBehalfOf: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  remindCount: z.number(),
  version: z.number(),
  /** A receiving task (签收) of an item sent to the actor's unit: it opens where the sending module receives it. */
  dispatchId: z.string().nullable(),
});
export type WorkbenchRow = z.infer<typeof workbenchRowSchema>;

export const workbenchListSchema = z.object({
  tab: workbenchTabSchema,
  /** Rows matching the tab and filter; equals the sum of every page's length. */
  total: z.number(),
  items: z.array(workbenchRowSchema),
  today: z.string(),
});

export const workbenchSummarySchema = z.object({
  counts: z.object({ todo: z.number(), toRead: z.number(), done: z.number(), started: z.number() }),
  overdue: z.number(),
  /** Per tab, how many rows each module has (for the module filter). */
  byModule: z.record(workbenchTabSchema, z.record(z.string(), z.number())),
  unreadNotifications: z.number(),
});

const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(['task', 'reminder', 'instruction', 'security']),
  message: z.string(),
  itemId: z.string().nullable(),
  taskId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const notificationListSchema = z.object({ unread: z.number(), items: z.array(notificationSchema) });

export const remindBodySchema = z.strictObject({ note: z.string().trim().max(200, '催办说明不能超过 200 字').optional() });
export const completeTaskBodySchema = z.strictObject({ version: z.number().int().min(1) });

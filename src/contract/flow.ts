import { z } from 'zod';

// What every module's item page shows of its flow (the kernel's view, src/server/platform/flow/view.ts).

const nextTarget = z.object({ step: z.string(), name: z.string(), choose: z.enum(['leaders', 'people', 'units']).nullable(), mode: z.string(), dueDateFromItem: z.boolean() }).nullable();

export const flowViewShape = {
  flow: z.object({ key: z.string(), version: z.number(), state: z.string(), steps: z.array(z.object({ key: z.string(), name: z.string() })) }).nullable(),
  opinions: z.array(z.object({ id: z.string(), stepKey: z.string().nullable(), stepName: z.string(), kind: z.string(), text: z.string(), signature: z.string(), postTitle: z.string().nullable(), createdAt: z.string() })),
  tasks: z.array(
    z.object({
      id: z.string(),
      step: z.string(),
      stepKey: z.string().nullable(),
      kind: z.enum(['do', 'read']),
      assignee: z.string(),
      state: z.string(),
      dueDate: z.string().nullable(),
      /** Years from today to the due date without a loaded calendar: the date was counted on weekdays only. */
      dueMissingYears: z.array(z.number()),
      unit: z.string().nullable(),
      unitRole: z.string().nullable(),
      deliveredAt: z.string().nullable(),
      openedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
    }),
  ),
  myTasks: z.array(
    z.object({
      id: z.string(),
      version: z.number(),
      step: z.string(),
      stepKey: z.string().nullable(),
      kind: z.enum(['do', 'read']),
      dueDate: z.string().nullable(),
      dueMissingYears: z.array(z.number()),
      onBehalfOf: z.string().nullable(),
      actions: z.array(z.string()),
      decisions: z.record(z.string(), z.string()).nullable(),
      returnTo: z.array(z.object({ key: z.string(), name: z.string() })),
      opinionKind: z.string().nullable(),
      opinionRequired: z.boolean(),
      next: z.record(z.string(), nextTarget).nullable(),
    }),
  ),
  retractable: z.object({ taskId: z.string(), step: z.string() }).nullable(),
};
export const flowViewSchema = z.object(flowViewShape);

/** A linked item the reader may open: `full` its record, `issued` only the issued copy (a 收文's source document). */
export const itemLinkSchema = z.object({
  kind: z.string(),
  itemId: z.string(),
  direction: z.enum(['to', 'from']),
  title: z.string(),
  registryNo: z.string().nullable(),
  access: z.enum(['full', 'issued']),
});
export type ItemLink = z.output<typeof itemLinkSchema>;
export type FlowView = z.output<typeof flowViewSchema>;

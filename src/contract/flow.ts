import { z } from 'zod';
import { classificationSchema, idSchema, isoDateSchema } from './common';

// What every module's item page shows of its flow (the kernel's view, src/server/platform/flow/view.ts).

/** A person as a picker offers them: the post they would act in. */
const personBrief = z.object({ id: z.string(), name: z.string(), title: z.string() });
export type PersonBrief = z.output<typeof personBrief>;

const nextTarget = z
  .object({
    step: z.string(),
    name: z.string(),
    choose: z.enum(['leaders', 'people', 'units']).nullable(),
    mode: z.string(),
    dueDateFromItem: z.boolean(),
    /** Whom the organisation suggests for the step (the office director for 拟办, the drafter's 科长 for 核稿 …). */
    suggested: z.array(personBrief),
  })
  .nullable();

/** A 催办 of a task: by whom (null: the system's own reminder at a deadline), when, with what word. */
const reminder = z.object({
  at: z.string(),
  by: z.string().nullable(),
  note: z.string().nullable(),
  auto: z.enum(['before', 'after']).nullable(),
  days: z.number().nullable(),
});

/** A 延期 request and what became of it. */
export const extensionSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  requestedBy: z.string(),
  onBehalfOf: z.string().nullable(),
  reason: z.string(),
  currentDueDate: z.string(),
  proposedDate: z.string(),
  state: z.enum(['pending', 'approved', 'refused', 'cancelled']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedDate: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});

/** A 进展报告 on a task, for the report period due on `periodDueDate`. */
export const progressEntrySchema = z.object({
  id: z.string(),
  taskId: z.string(),
  periodDueDate: z.string().nullable(),
  text: z.string(),
  signature: z.string(),
  createdAt: z.string(),
  /** The files sent with it, read as files of the item are (GET /files/:id/content, /preview). */
  files: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      size: z.number(),
      contentType: z.string(),
      classification: classificationSchema,
    }),
  ),
});

export const flowViewShape = {
  flow: z
    .object({
      key: z.string(),
      version: z.number(),
      state: z.string(),
      steps: z.array(z.object({ key: z.string(), name: z.string() })),
    })
    .nullable(),
  opinions: z.array(
    z.object({
      id: z.string(),
      stepKey: z.string().nullable(),
      stepName: z.string(),
      kind: z.string(),
      text: z.string(),
      signature: z.string(),
      postTitle: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
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
      /** The unit or section the task is for, and its part: lead (主办), assisting (协办) or consulted (会商). */
      unit: z.string().nullable(),
      unitRole: z.enum(['lead', 'assisting', 'consulted']).nullable(),
      deliveredAt: z.string().nullable(),
      openedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
      /** How the task came to its holder besides the step's own turn: handed on (转办), redirected (改派), added (加签). */
      origin: z.object({ kind: z.enum(['transfer', 'reassign', 'addSigner']), by: z.string() }).nullable(),
      /** Whom the task went to when it was handed on or redirected. */
      handedTo: z.string().nullable(),
      reminders: z.array(reminder),
      /** Whether the reader may 催办 it now: the one who sent it, or the unit's registrar or supervisor. */
      mayRemind: z.boolean(),
      /** The due date before its first approved extension (延期), and when the next progress report is due. */
      originalDueDate: z.string().nullable(),
      progressDueDate: z.string().nullable(),
      extensions: z.array(extensionSchema),
      progress: z.array(progressEntrySchema),
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
      /** Where the step lets the holder hand the task on (转办) or add a signer (加签): whom to offer, leaders only or not, and whether an added signer comes after the holder (a sequential step) or alongside. */
      handover: z.object({ leadersOnly: z.boolean(), suggested: z.array(personBrief), signerAfter: z.boolean() }).nullable(),
      /** A 办理 task of the flow: its holder may report progress and (with a due date, none pending) ask for 延期. */
      holderActions: z
        .object({
          progress: z.boolean(),
          progressDueDate: z.string().nullable(),
          extension: z.boolean(),
          pendingExtensionId: z.string().nullable(),
          /** What a file sent with a report is uploaded as: the item's classification, as the item's own files are. */
          fileClassification: classificationSchema,
        })
        .nullable(),
      /** A 延期审批 待办: the request to decide. */
      approval: extensionSchema.extend({ step: z.string() }).nullable(),
    }),
  ),
  retractable: z.object({ taskId: z.string(), step: z.string() }).nullable(),
};

/** A linked item the reader may open: `full` its record, `issued` only the issued copy (a 收文's source document). */
export const itemLinkSchema = z.object({
  kind: z.string(),
  itemId: z.string(),
  /** The other item's kind (incoming, outgoing …): where its page is. */
  itemKind: z.string(),
  direction: z.enum(['to', 'from']),
  title: z.string(),
  registryNo: z.string().nullable(),
  access: z.enum(['full', 'issued']),
});
export type ItemLink = z.output<typeof itemLinkSchema>;
export type FlowView = z.output<z.ZodObject<typeof flowViewShape>>;

// The kernel's task commands, the same for every module's items.

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

/** What the person finishing a step chooses for the next one: people, or units with 主办/协办 and their own due dates. */
const choiceSchema = z.strictObject({
  personIds: z.array(idSchema).max(100).optional(),
  units: z
    .array(
      z.strictObject({
        unitId: idSchema.optional(),
        departmentId: idSchema.optional(),
        role: z.enum(['lead', 'assisting']),
        dueDate: isoDateSchema.nullable().optional(),
      }),
    )
    .max(50)
    .optional(),
  dueDate: isoDateSchema.nullable().optional(),
});

export const submitTaskBodySchema = z.strictObject({
  version: z.number().int().min(1),
  opinion: z.string().trim().max(2000, '意见不能超过 2000 字').nullable().optional(),
  decision: z.string().max(30).nullable().optional(),
  next: choiceSchema.optional(),
});
export const returnTaskBodySchema = z.strictObject({
  version: z.number().int().min(1),
  toStep: z.string().min(1).max(40),
  reason: text('退回理由', 500),
});
export const reassignTaskBodySchema = z.strictObject({ toPersonId: idSchema, reason: text('改派理由', 200) });
export const addHandlerBodySchema = z.strictObject({ personId: idSchema });
/** 转办: the holder hands the task to someone the step allows, with an optional word to them. */
export const transferTaskBodySchema = z.strictObject({
  toPersonId: idSchema,
  note: z.string().trim().max(200, '转办说明不能超过 200 字').nullable().optional(),
  version: z.number().int().min(1).optional(),
});
export const readTaskBodySchema = z.strictObject({
  comment: z.string().trim().max(1000).nullable().optional(),
  version: z.number().int().min(1).optional(),
});
/** 批量已阅: several 待阅 marked read at once; each succeeds or fails on its own. */
export const readTasksBodySchema = z.strictObject({
  tasks: z
    .array(z.strictObject({ id: idSchema, version: z.number().int().min(1) }))
    .min(1, '请选择待阅事项')
    .max(100, '一次最多标记 100 件'),
});
export const readTasksResultSchema = z.object({
  read: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), message: z.string() })),
});
export const startCirculationBodySchema = z.strictObject({
  readerIds: z.array(idSchema).min(1, '请选择传阅人').max(100),
  ordered: z.boolean().default(false),
  note: z.string().trim().max(200).nullable().optional(),
});

export const endCirculationBodySchema = z.strictObject({
  kind: z.enum(['closed', 'withdrawn'], { error: '应为 closed（结束传阅）或 withdrawn（撤回）' }),
});

// 延期 and 进展报告 on a task.

export const requestExtensionBodySchema = z.strictObject({ reason: text('延期理由', 500), proposedDate: isoDateSchema });
export const approveExtensionBodySchema = z.strictObject({
  /** The date granted; default the one asked for. */
  date: isoDateSchema.nullable().optional(),
  note: z.string().trim().max(500, '审批意见不能超过 500 字').nullable().optional(),
});
export const refuseExtensionBodySchema = z.strictObject({ note: text('不同意的理由', 500) });
export const extensionDecisionSchema = z.object({ state: z.enum(['approved', 'refused']), dueDate: z.string() });
export const reportProgressBodySchema = z.strictObject({
  text: text('进展情况', 2000),
  /** Files uploaded first (POST /files), sent with the report; never required. */
  fileIds: z.array(idSchema).max(20, '一次进展报告最多附 20 个文件').default([]),
});
export const reportProgressResultSchema = z.object({ id: z.string(), nextDue: z.string().nullable() });

import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { file } from '../files/schema';
import { item } from '../items/schema';

/** 主办, 协办, or a unit consulted on a draft (会商). */
export type UnitRole = 'lead' | 'assisting' | 'consulted';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A piece of work on an item for one person in one capacity (post): 办理 (待办) or 阅知 (待阅).
 * Kinds follow the glossary: `do` (待办) and `read` (待阅). The flow kernel creates and closes these; the workbench, reminders and metrics read them.
 */
export const task = pgTable(
  'task',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    kind: text('kind').$type<'do' | 'read'>().notNull(),
    /** The step of the flow, e.g. 拟办, 批办, 承办; shown on the workbench. */
    step: text('step').notNull(),
    assigneePersonId: uuid('assignee_person_id').notNull(),
    /** The capacity the task was given in; null means whichever post the person acts in. */
    assigneePostId: uuid('assignee_post_id'),
    /** waiting: a later turn of a sequential step; cancelled: returned, retracted, reassigned or made moot. */
    state: text('state').$type<'open' | 'waiting' | 'done' | 'cancelled'>().notNull().default('open'),
    /** The flow step's key (e.g. "assign"); `step` holds its name as users see it (批办). */
    stepKey: text('step_key'),
    /** Tasks given out together for one activation of a step. */
    groupId: uuid('group_id'),
    /** Within a group, the step is done when every slot has one done task; others in the slot are cancelled. */
    slot: text('slot'),
    /** Order within a sequential step (1, 2, …). */
    seq: integer('seq'),
    /** The unit or department the task is for, and in what part: 主办, 协办 or 会商. */
    forUnitId: uuid('for_unit_id'),
    forDepartmentId: uuid('for_department_id'),
    unitRole: text('unit_role').$type<UnitRole>(),
    /** The task whose submission created this one: the basis of retract and of "return to whoever did it". */
    activatedByTaskId: uuid('activated_by_task_id'),
    /** A receiving task (签收) of a dispatch to a unit (`dispatch`): done by accepting or returning it, not by the flow. */
    dispatchId: uuid('dispatch_id'),
    dueDate: date('due_date', { mode: 'string' }),
    /** The due date before the first approved extension (延期); null while it was never extended. */
    originalDueDate: date('original_due_date', { mode: 'string' }),
    /** When the holder's next progress report (进展报告) is due, where the step asks for them. */
    progressDueDate: date('progress_due_date', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    /** When it reached the assignee (a sequential turn arrives later than it was created). */
    deliveredAt: ts('delivered_at'),
    openedAt: ts('opened_at'),
    completedAt: ts('completed_at'),
    /** Who closed it: the assignee, or a delegate acting for them. */
    completedByPersonId: uuid('completed_by_person_id'),
    completedByPostId: uuid('completed_by_post_id'),
    remindCount: integer('remind_count').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('task_open_assignee_idx')
      .on(t.assigneePersonId, t.kind, t.dueDate)
      .where(sql`state = 'open'`),
    index('task_done_by_idx').on(t.completedByPersonId, t.completedAt),
    index('task_item_idx').on(t.itemId),
    // Every submission counts and closes the tasks of its group (slot, turn, what is left): without this
    // each one scans the whole task table, which grows with the years of history.
    index('task_group_idx').on(t.groupId),
    // 效能 "overdue and still open": open tasks by due date, a small part of the table however old it is.
    index('task_open_due_idx')
      .on(t.dueDate)
      .where(sql`state = 'open'`),
    // "A progress report overdue" (a 督办 item's yellow light, the escalations): the open tasks whose report date has
    // passed, read in one range rather than probed per item.
    index('task_progress_due_idx')
      .on(t.progressDueDate, t.itemId)
      .where(sql`state = 'open' and progress_due_date is not null`),
    index('task_dispatch_idx')
      .on(t.dispatchId)
      .where(sql`dispatch_id is not null`),
  ],
);

/** A flow definition, stored by version; an item keeps the version it started with. */
export const flowDefinition = pgTable(
  'flow_definition',
  {
    key: text('key').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

/** One run of a flow on an item. */
export const flowInstance = pgTable(
  'flow_instance',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    flowKey: text('flow_key').notNull(),
    flowVersion: integer('flow_version').notNull(),
    state: text('state').$type<'running' | 'finished' | 'stopped'>().notNull().default('running'),
    /** Values the flow carries between steps: the branch taken, chosen handlers, … */
    vars: jsonb('vars').notNull().default({}),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [uniqueIndex('flow_instance_item_idx').on(t.itemId)],
);

/** 意见: what a person wrote at a step, in the capacity they acted in, possibly for someone else. */
export const opinion = pgTable(
  'opinion',
  {
    id: uuid('id').primaryKey(),
    /** Order of writing, which timestamps alone cannot give when two land in the same millisecond. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    taskId: uuid('task_id'),
    stepKey: text('step_key'),
    stepName: text('step_name').notNull(),
    /** opinion, proposal (拟办), instruction (批示/批办), reply (答复), summary (办结), return (退回), comment (传阅) */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    personId: uuid('person_id').notNull(),
    postId: uuid('post_id'),
    /** Name and post title at the time, as the processing sheet prints them. */
    personName: text('person_name').notNull(),
    postTitle: text('post_title'),
    onBehalfOfPersonId: uuid('on_behalf_of_person_id'),
    /** "Y" or "Y（代 X）". */
    signature: text('signature').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('opinion_item_idx').on(t.itemId, t.seq)],
);

/** Links between items: a duplicate registration, the reply to a document, the source of a supervision item … */
export const itemLink = pgTable(
  'item_link',
  {
    fromItemId: uuid('from_item_id')
      .notNull()
      .references(() => item.id),
    toItemId: uuid('to_item_id')
      .notNull()
      .references(() => item.id),
    kind: text('kind').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromItemId, t.toItemId, t.kind] }), index('item_link_to_idx').on(t.toItemId)],
);

/** 传阅 (条例 Art.24(五)): a document passed to readers, in order or all at once, always knowing where it is. */
export const circulation = pgTable(
  'circulation',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    ordered: boolean('ordered').notNull(),
    note: text('note'),
    startedBy: uuid('started_by').notNull(),
    createdAt: ts('created_at').notNull(),
    /** 结束传阅 (closed: done with it) or 撤回 (withdrawn): readers not yet reached are cancelled, access ends. */
    endedAt: ts('ended_at'),
    endedBy: uuid('ended_by'),
    endKind: text('end_kind').$type<'closed' | 'withdrawn'>(),
  },
  (t) => [index('circulation_item_idx').on(t.itemId)],
);

/** 常用语: each person's own stock phrases per kind of opinion (批示, 拟办意见, …). */
export const commonPhrase = pgTable(
  'common_phrase',
  {
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind, t.position] })],
);

/**
 * 交办 / 分送 / 核发: an item sent to a unit, which its registrars accept (签收) or send back (退回) with a reason. The
 * unit's registrars each hold a receiving task (`task.dispatch_id`); the first to decide settles it for all. A row
 * is never rewritten once settled: sending again after a return adds a row that supersedes it (`previous_id`).
 */
export const dispatch = pgTable(
  'dispatch',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    /** The kind of sending a module declares (发文 核发: `issue`); also the receiving tasks' step key. */
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** The unit's part as the module names it: 主送/抄送 (main, cc), 主办/协办 (lead, assisting). */
    role: text('role').notNull(),
    state: text('state').$type<'pending' | 'accepted' | 'returned' | 'cancelled'>().notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    note: text('note'),
    sentAt: ts('sent_at').notNull(),
    sentByPersonId: uuid('sent_by_person_id'),
    /** Who accepted, returned or cancelled it, when, and for whom when a delegate acted. */
    decidedAt: ts('decided_at'),
    decidedByPersonId: uuid('decided_by_person_id'),
    decidedOnBehalfOf: uuid('decided_on_behalf_of'),
    /** Why it was returned or cancelled. */
    reason: text('reason'),
    /** What accepting it made in the receiving unit (a 收文). */
    resultItemId: uuid('result_item_id'),
    previousId: uuid('previous_id'),
    supersededAt: ts('superseded_at'),
    /**
     * A step of the item's flow given out by this sending (督办 交办, ActorRule `units` with `via`): the step's task
     * group, and its key; accepting opens that step's task for the one who accepts, for the unit, in the role sent.
     */
    groupId: uuid('group_id'),
    flowStep: text('flow_step'),
  },
  (t) => [
    uniqueIndex('dispatch_current_idx')
      .on(t.itemId, t.kind, t.unitId)
      .where(sql`superseded_at is null`),
    index('dispatch_unit_idx').on(t.unitId, t.kind, t.sentAt),
    index('dispatch_item_idx').on(t.itemId),
    index('dispatch_group_idx').on(t.groupId),
  ],
);

/**
 * 延期申请: the holder of a task asks for a later due date, with a reason, before the current one has passed; the
 * step's approver decides (the approval is a 待办 of its own, `approvalGroupId` its group). Every request is kept.
 */
export const taskExtension = pgTable(
  'task_extension',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => task.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    requestedByPersonId: uuid('requested_by_person_id').notNull(),
    requestedByPostId: uuid('requested_by_post_id'),
    /** Set when a delegate asked for the holder. */
    onBehalfOfPersonId: uuid('on_behalf_of_person_id'),
    reason: text('reason').notNull(),
    /** The due date when the request was made, and the one asked for. */
    currentDueDate: date('current_due_date', { mode: 'string' }).notNull(),
    proposedDate: date('proposed_date', { mode: 'string' }).notNull(),
    state: text('state').$type<'pending' | 'approved' | 'refused' | 'cancelled'>().notNull().default('pending'),
    /** The approvers' 待办 (one group; the first to decide closes it for the others). */
    approvalGroupId: uuid('approval_group_id').notNull(),
    decidedByPersonId: uuid('decided_by_person_id'),
    decidedByPostId: uuid('decided_by_post_id'),
    decidedAt: ts('decided_at'),
    /** The date granted (may differ from the one asked for, never before the current due date). */
    decidedDate: date('decided_date', { mode: 'string' }),
    decisionNote: text('decision_note'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('task_extension_task_idx').on(t.taskId),
    index('task_extension_item_idx').on(t.itemId),
    // One request waiting per task.
    uniqueIndex('task_extension_pending_idx')
      .on(t.taskId)
      .where(sql`state = 'pending'`),
    uniqueIndex('task_extension_group_idx').on(t.approvalGroupId),
    // 效能: approved extensions in a period.
    index('task_extension_decided_idx')
      .on(t.decidedAt)
      .where(sql`state = 'approved'`),
  ],
);

/** 进展报告: what the holder reports on a task still open, for the report period due on `periodDueDate`. */
export const taskProgress = pgTable(
  'task_progress',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => task.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    /** The report due date this one answered (null where the step sets no cadence). */
    periodDueDate: date('period_due_date', { mode: 'string' }),
    text: text('text').notNull(),
    personId: uuid('person_id').notNull(),
    postId: uuid('post_id'),
    onBehalfOfPersonId: uuid('on_behalf_of_person_id'),
    /** "Y" or "Y（代 X）", as the record prints it. */
    signature: text('signature').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('task_progress_task_idx').on(t.taskId, t.createdAt), index('task_progress_item_idx').on(t.itemId)],
);

/**
 * The files sent with a 进展报告: files of the kernel's store (uploaded like any other), read by whoever may read the
 * report's item. Written with the report and never changed: a report, once sent, is on record as it was sent.
 */
export const taskProgressFile = pgTable(
  'task_progress_file',
  {
    progressId: uuid('progress_id')
      .notNull()
      .references(() => taskProgress.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => file.id),
    /** The report's item, kept here so the file read rule finds it without the report. */
    itemId: uuid('item_id')
      .notNull()
      .references(() => item.id),
    /** Order within the report: 1, 2, … as the holder attached them. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [primaryKey({ columns: [t.progressId, t.fileId] }), index('task_progress_file_file_idx').on(t.fileId)],
);

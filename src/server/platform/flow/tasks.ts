import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { can, definePolicy } from '../access/policy';
import { hasRoleOver, type Actor } from '../access/actor';
import { atOrBelow } from '../access/classification';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { grantItemAccess, loadForPolicy } from '../items/service';
import { notifyPeople, signalChanged } from '../notify/service';
import { person } from '../../org/schema';
import { heldBy, holding, principalOf } from './holding';
import { grantScopeFor, reachOf } from './parts';
import type { Classification } from '../../../contract/common';
import { task, taskExtension, type UnitRole } from './schema';
import { cancelJobs, type JobHandler, enqueue } from '../jobs/queue';
import type { WorkCalendar } from '../calendar/calendar';

type TaskRow = typeof task.$inferSelect;
interface TaskResource {
  task: TaskRow;
  owningUnitId: string;
}

const holds = (a: Actor, r: TaskResource) => holding(a, r.task) !== null;
const isSender = (a: Actor, r: TaskResource) => r.task.createdBy === a.personId;
const oversees = (a: Actor, r: TaskResource) =>
  hasRoleOver(a, 'registrar', r.owningUnitId) || hasRoleOver(a, 'supervisor', r.owningUnitId);

definePolicy<TaskResource>('task', {
  complete: holds,
  // 催办: whoever sent the work, or the registrar / supervisor of the owning unit.
  remind: (a, r) => isSender(a, r) || oversees(a, r),
});

/** Minimum spacing of manual reminders to one task, so a click twice does not nag twice. */
const REMIND_SPACING_MS = 10 * 60_000;

export interface NewTask {
  itemId: string;
  kind: 'do' | 'read';
  step: string;
  assigneePersonId: string;
  assigneePostId?: string | null;
  dueDate?: string | null;
  /** Flow placement, set by the engine. */
  stepKey?: string | null;
  groupId?: string | null;
  slot?: string | null;
  seq?: number | null;
  forUnitId?: string | null;
  forDepartmentId?: string | null;
  unitRole?: UnitRole | null;
  activatedByTaskId?: string | null;
  /** A later turn of a sequential step starts waiting and is not announced until its turn. */
  waiting?: boolean;
  /** A receiving task of a dispatch to a unit (dispatch.ts). */
  dispatchId?: string | null;
  /**
   * False when the task must not open the item to its holder (a dispatch that gives the issued copy). A task for a unit
   * sent the item by a kind that reads a part opens the record and that unit's part only (`parts.ts`).
   */
  grantsItem?: boolean;
  /** Who gave it out, when not whoever acts now (a step's task opened at 签收 was given out by the sender). */
  givenBy?: string | null;
}

/**
 * Gives a person work on an item. Called by flows that have already authorised the step; checks what
 * only the data can tell: the item exists and the assignee's clearance covers its classification.
 */
export async function createTask(tx: Tx, input: NewTask, audit: AuditContext, now: Date): Promise<string> {
  const [it] = await tx
    .select({ title: item.title, classification: item.classification })
    .from(item)
    .where(eq(item.id, input.itemId));
  if (!it) throw notFound('文件');
  const [assignee] = await tx
    .select({ clearance: person.clearance, name: person.name })
    .from(person)
    .where(eq(person.id, input.assigneePersonId));
  if (!assignee) throw invalid('承办人不存在');
  if (!atOrBelow(assignee.clearance as Classification).includes(it.classification as Classification)) {
    throw forbidden(`${assignee.name}的涉密等级不足以处理${it.classification}文件`);
  }
  const id = randomUUID();
  await tx.insert(task).values({
    id,
    itemId: input.itemId,
    kind: input.kind,
    step: input.step,
    assigneePersonId: input.assigneePersonId,
    assigneePostId: input.assigneePostId ?? null,
    dueDate: input.dueDate ?? null,
    createdBy: input.givenBy ?? audit.personId,
    createdAt: now,
    state: input.waiting ? 'waiting' : 'open',
    deliveredAt: input.waiting ? null : now,
    stepKey: input.stepKey ?? null,
    groupId: input.groupId ?? null,
    slot: input.slot ?? null,
    seq: input.seq ?? null,
    forUnitId: input.forUnitId ?? null,
    forDepartmentId: input.forDepartmentId ?? null,
    unitRole: input.unitRole ?? null,
    activatedByTaskId: input.activatedByTaskId ?? null,
    dispatchId: input.dispatchId ?? null,
  });
  await recordEvent(tx, audit, now, {
    action: 'task.create',
    targetType: 'task',
    targetId: id,
    summary: {
      itemId: input.itemId,
      kind: input.kind,
      step: input.step,
      assignee: input.assigneePersonId,
      dueDate: input.dueDate ?? null,
    },
  });
  if (!input.waiting)
    await announceTask(
      tx,
      {
        id,
        kind: input.kind,
        step: input.step,
        itemId: input.itemId,
        assigneePersonId: input.assigneePersonId,
        forUnitId: input.forUnitId ?? null,
      },
      it.title,
      audit,
      now,
      input.grantsItem ?? true,
    );
  return id;
}

/** Tells the assignee about a task that has become theirs to do, and opens the document to them. */
export async function announceTask(
  tx: Tx,
  t: { id: string; kind: 'do' | 'read'; step: string; itemId: string; assigneePersonId: string; forUnitId?: string | null },
  title: string,
  audit: AuditContext,
  now: Date,
  grantsItem = true,
) {
  // The document becomes theirs to read when the task does: in an ordered 传阅 or a sequential step, not before
  // their turn (a waiting task gives nothing).
  if (grantsItem) {
    const scope = await grantScopeFor(tx, t.itemId, t.forUnitId);
    await grantItemAccess(tx, t.itemId, { type: 'person', id: t.assigneePersonId }, `task:${t.step}`, audit, now, scope);
  }
  // Nobody is told of work they just gave themselves (a registrar's 初审 of the document she registered).
  if (t.assigneePersonId === audit.personId) return;
  const verb = t.kind === 'do' ? '待办' : '待阅';
  await notifyPeople(
    tx,
    [
      {
        personId: t.assigneePersonId,
        kind: 'task',
        message: `新${verb}（${t.step}）：${title}`,
        itemId: t.itemId,
        taskId: t.id,
        fromPersonId: audit.personId,
      },
    ],
    now,
  );
}

/** Whether the actor may read the item a task is on (refusals about a task must not reveal it otherwise). */
export async function readsItem(db: Queryable, actor: Actor, itemId: string) {
  const found = await loadForPolicy(db, actor, itemId);
  return found !== null && can(actor, 'read', 'item', found.resource);
}

/**
 * Whether the actor handles the item: the owning unit's registrars and supervisors, and whoever has or had a 办理
 * task in its flow (or acts for them) and reads the whole record — a unit that holds only its part (`parts.ts`) does
 * not widen who knows the item. They may send it round (传阅) and draft from it (a 复函).
 */
export async function handlesItem(db: Queryable, actor: Actor, it: { id: string; owningUnitId: string }) {
  if (!actor.postId || actor.adminRole) return false;
  if (hasRoleOver(actor, 'registrar', it.owningUnitId) || hasRoleOver(actor, 'supervisor', it.owningUnitId)) return true;
  const [held] = await db
    .select({ id: task.id })
    .from(task)
    // A unit that received it (a dispatch's receiving task) does not handle the sender's record.
    .where(
      and(
        eq(task.itemId, it.id),
        eq(task.kind, 'do'),
        inArray(task.state, ['open', 'done']),
        isNull(task.dispatchId),
        heldBy(actor),
      ),
    )
    .limit(1);
  return held !== undefined && (await reachOf(db, actor, it.id)).whole;
}

async function loadForUpdate(tx: Tx, taskId: string): Promise<TaskResource & { title: string }> {
  const [row] = await tx
    .select({ t: task, owningUnitId: item.owningUnitId, title: item.title })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .where(eq(task.id, taskId))
    .for('update', { of: task });
  if (!row) throw notFound('待办事项');
  return { task: row.t, owningUnitId: row.owningUnitId, title: row.title };
}

/**
 * The one way a task is done — a flow submission, a 传阅 read, a 签收, a plain task: by the actor (in their own right or
 * for its holder, which the caller has established with `holding`), now, its reminders cancelled.
 */
export async function finishTask(tx: Tx, actor: Actor, t: { id: string; openedAt: Date | null }, now: Date) {
  await tx
    .update(task)
    .set({
      state: 'done',
      openedAt: t.openedAt ?? now,
      completedAt: now,
      completedByPersonId: actor.personId,
      completedByPostId: actor.postId,
      version: sql`${task.version} + 1`,
    })
    .where(eq(task.id, t.id));
  await cancelTaskReminders(tx, t.id, now);
}

/**
 * The one way tasks end undone — returned, retracted, handed on, made moot, withdrawn, stopped: those of `where` still
 * open or waiting are cancelled with their reminders. Returns them (id, holder) for the caller to tell.
 */
export async function cancelTasks(tx: Tx, where: SQL, now: Date) {
  const gone = await tx
    .update(task)
    .set({ state: 'cancelled', version: sql`${task.version} + 1` })
    .where(and(where, inArray(task.state, ['open', 'waiting'])))
    .returning({ id: task.id, person: task.assigneePersonId });
  for (const g of gone) await cancelTaskReminders(tx, g.id, now);
  return gone;
}

/** Closes the actor's own (or a principal's) open task; a stale version or a closed task is a conflict. */
export async function completeTask(
  tx: Tx,
  actor: Actor,
  taskId: string,
  expectedVersion: number | null,
  audit: AuditContext,
  now: Date,
) {
  const r = await loadForUpdate(tx, taskId);
  if (!can(actor, 'complete', 'task', r)) throw notFound('待办事项');
  if (r.task.groupId) throw conflict('该事项属于办理流程，请在文件页面办理');
  if (r.task.dispatchId) throw conflict(`请${r.task.step}或退回该件`);
  if (r.task.state !== 'open') throw conflict('该事项已经办理，请刷新后查看');
  if (expectedVersion !== null && expectedVersion !== r.task.version) throw conflict('该事项已被他人处理，请刷新后再试');
  await finishTask(tx, actor, r.task, now);
  const onBehalfOf = principalOf(actor, r.task);
  await recordEvent(tx, audit, now, {
    action: 'task.complete',
    targetType: 'task',
    targetId: taskId,
    summary: { itemId: r.task.itemId, step: r.task.step, onBehalfOf },
  });
  await signalChanged(tx, [actor.personId, r.task.assigneePersonId]);
}

/** 催办: an in-app reminder to the assignee of an open task, recorded on the task and in the audit log. */
export async function remindTask(tx: Tx, actor: Actor, taskId: string, note: string | null, audit: AuditContext, now: Date) {
  const r = await loadForUpdate(tx, taskId);
  // Someone who may not read the document is not told the task exists.
  if (!(await readsItem(tx, actor, r.task.itemId))) throw hiddenFrom('待办事项');
  if (!can(actor, 'remind', 'task', r)) throw forbidden('只有交办人或本单位的登记、督办人员可以催办');
  if (r.task.state !== 'open') throw conflict('该事项已经办理，无需催办');
  if (r.task.lastRemindedAt && now.getTime() - r.task.lastRemindedAt.getTime() < REMIND_SPACING_MS) {
    throw conflict('十分钟内已催办过，请稍后再催');
  }
  await tx
    .update(task)
    .set({ remindCount: sql`${task.remindCount} + 1`, lastRemindedAt: now, version: sql`${task.version} + 1` })
    .where(eq(task.id, taskId));
  await recordEvent(tx, audit, now, {
    action: 'task.remind',
    targetType: 'task',
    targetId: taskId,
    summary: { itemId: r.task.itemId, note },
  });
  const message = `催办（${r.task.step}）：${r.title}${note ? `——${note}` : ''}`;
  await notifyPeople(
    tx,
    [
      {
        personId: r.task.assigneePersonId,
        kind: 'reminder',
        message,
        itemId: r.task.itemId,
        taskId,
        fromPersonId: actor.personId,
      },
    ],
    now,
  );
}

/** When automatic reminders go out, relative to a task's due date: set per step by the flow definition. */
export interface ReminderSchedule {
  /** Working days before the due date, e.g. [1] = the working day before. */
  beforeWorkdays?: number[];
  /**
   * Working days after the due date while still open, e.g. [1, 3, 7]: overdue is counted in working days, as the
   * time left is, and a reminder never lands on a weekend or a holiday. (The key keeps its name: flow definitions
   * stored by version carry it.)
   */
  afterDays?: number[];
}

/** Reminders go out at 09:00 Beijing time (01:00 UTC), at the start of the working day. */
const REMIND_HOUR_UTC = 1;
export const at9 = (date: string) => new Date(`${date}T0${REMIND_HOUR_UTC}:00:00Z`);
const reminderGroup = (taskId: string) => `task:${taskId}`;
const reminderKey = (taskId: string) => `task:${taskId}:remind:`;

/** Schedules a task's automatic reminders as durable jobs; times already past are skipped. */
export async function scheduleTaskReminders(
  tx: Tx,
  taskId: string,
  dueDate: string,
  schedule: ReminderSchedule,
  cal: WorkCalendar,
  now: Date,
) {
  const jobs = [
    ...(schedule.beforeWorkdays ?? []).map((n) => ({ when: at9(cal.subtractWorkdays(dueDate, n).date), label: 'before', n })),
    ...(schedule.afterDays ?? []).map((n) => ({ when: at9(cal.addWorkdays(dueDate, n).date), label: 'after', n })),
  ].filter((j) => j.when > now);
  await enqueue(
    tx,
    jobs.map((j) => ({
      kind: 'task.autoRemind',
      payload: { taskId, label: j.label, n: j.n },
      runAt: j.when,
      dedupeKey: `${reminderKey(taskId)}${j.label}:${j.n}`,
      groupKey: reminderGroup(taskId),
    })),
    now,
  );
}

/** The jobs of a task's progress reports (进展报告): their 催报 and escalations, cancelled together. */
export const progressGroup = (taskId: string) => `task:${taskId}:progress`;

/** Only the deadline reminders (a 延期 moves the deadline, not the reports owed). */
export const cancelDeadlineReminders = (tx: Tx, taskId: string, now: Date) => cancelJobs(tx, reminderGroup(taskId), now);

/**
 * A task that is closed (done, returned, handed on, stopped …) needs no more reminders or progress reports, and a 延期
 * it asked for is moot: every path that closes a task calls this.
 */
async function cancelTaskReminders(tx: Tx, taskId: string, now: Date) {
  await cancelJobs(tx, reminderGroup(taskId), now);
  await cancelJobs(tx, progressGroup(taskId), now);
  await cancelPendingExtension(tx, taskId, now);
}

/** Cancels the task's pending 延期 request and its approvers' 待办, on record as cancelled with the task. */
async function cancelPendingExtension(tx: Tx, taskId: string, now: Date) {
  const [ext] = await tx
    .update(taskExtension)
    .set({ state: 'cancelled', decidedAt: now, decisionNote: '事项已办理、收回或转交，延期申请自动撤销' })
    .where(and(eq(taskExtension.taskId, taskId), eq(taskExtension.state, 'pending')))
    .returning({ id: taskExtension.id, itemId: taskExtension.itemId, groupId: taskExtension.approvalGroupId });
  if (!ext) return;
  const approvers = await tx
    .update(task)
    .set({ state: 'cancelled', version: sql`${task.version} + 1` })
    .where(and(eq(task.groupId, ext.groupId), inArray(task.state, ['open', 'waiting'])))
    .returning({ person: task.assigneePersonId });
  // The task's own close is audited by whoever closed it; this says what went with it.
  await recordEvent(tx, { personId: null, postId: null, requestId: 'task-closed' }, now, {
    action: 'task.extension.cancel',
    targetType: 'task',
    targetId: taskId,
    summary: { itemId: ext.itemId, extensionId: ext.id, withTask: true },
  });
  await signalChanged(
    tx,
    approvers.map((a) => a.person),
  );
}

/** 到期提醒 and 超期提醒 of a task (job `task.autoRemind`, scheduled by `scheduleTaskReminders`). */
export const autoRemindJob: JobHandler = async (tx, payload, { now, jobId }) => {
  const taskId = String(payload.taskId);
  const [row] = await tx
    .select({ t: task, title: item.title })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .where(eq(task.id, taskId));
  if (!row || row.t.state !== 'open') return;
  const n = Number(payload.n);
  const message =
    payload.label === 'before'
      ? `到期提醒（${row.t.step}）：${row.title}——将于 ${row.t.dueDate} 到期`
      : `超期提醒（${row.t.step}）：${row.title}——已超过办理期限 ${n} 个工作日`;
  const audit: AuditContext = { personId: null, postId: null, requestId: `job-${jobId}` };
  await recordEvent(tx, audit, now, {
    action: 'task.remind.auto',
    targetType: 'task',
    targetId: taskId,
    summary: { itemId: row.t.itemId, label: payload.label, n },
  });
  await notifyPeople(tx, [{ personId: row.t.assigneePersonId, kind: 'reminder', message, itemId: row.t.itemId, taskId }], now);
};

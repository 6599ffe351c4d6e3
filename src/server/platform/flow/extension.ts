import type { RequestContext } from '../context';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import { recordEvent } from '../audit/service';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { notifyPeople, signalChanged } from '../notify/service';
import { chinaToday } from '../workbench/service';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { ExtensionApprover, StepDef } from './definition';
import { loadHeldTask } from './held';
import { holding } from './holding';
import { progressAfterExtension } from './progress';
import { definitionAt, stepOf } from './registry';
import { moduleOf } from '../modules/registry';
import { postFor, registrarsOf, supervisorsOf } from './resolve';
import { flowInstance, task, taskExtension } from './schema';
import { cancelDeadlineReminders, createTask, readsItem, scheduleTaskReminders } from './tasks';
import { assertSeesTask } from './parts';

// 延期 (DOMAIN §6.3): the holder of a task asks, before its due date has passed, for a later one, with a reason. The
// step names who decides (default: whoever gave the task out); they find the request as a 待办 (延期审批). Approved,
// the task's due date becomes the date granted, its original is kept, and its reminders follow the new date; 效能
// then counts it against the new date and counts the extension itself.

type TaskRow = typeof task.$inferSelect;
type ItemRow = typeof item.$inferSelect;
type Person = { personId: string; postId: string | null };

/** The step of an approver's 待办, as the workbench shows it. */
export const EXTENSION_STEP = '延期审批';

const DEFAULT_APPROVER: ExtensionApprover = { type: 'assigner' };

/** Who gave the task out: the holder of the task whose submission activated it, else whoever created it. */
async function assignerOf(tx: Tx, t: TaskRow, it: ItemRow): Promise<Person[]> {
  if (t.activatedByTaskId) {
    const [by] = await tx
      .select({ personId: task.assigneePersonId, postId: task.assigneePostId })
      .from(task)
      .where(eq(task.id, t.activatedByTaskId));
    if (by) return [by];
  }
  if (!t.createdBy) return [];
  const p = await postFor(tx, t.createdBy, it.owningUnitId, false);
  return [{ personId: t.createdBy, postId: p?.id ?? null }];
}

/**
 * The people who decide a 延期 of this task under the step's rule, never its holder or the one asking. When the one who
 * gave it out is the holder themself (a registrar's own first step), the supervisors over the owning unit decide.
 */
async function extensionApprovers(tx: Tx, step: StepDef, t: TaskRow, it: ItemRow, requesterId: string): Promise<Person[]> {
  const rule = step.extension?.approver ?? DEFAULT_APPROVER;
  const classification = it.classification as Classification;
  const others = (rows: Person[]) =>
    rows.filter(
      (r, i) =>
        r.personId !== t.assigneePersonId && r.personId !== requesterId && rows.findIndex((x) => x.personId === r.personId) === i,
    );
  const byRole = async (role: 'registrar' | 'supervisor') =>
    others(
      role === 'supervisor'
        ? await supervisorsOf(tx, it.owningUnitId, classification)
        : await registrarsOf(tx, it.owningUnitId, classification),
    );
  if (rule.type === 'role') return byRole(rule.role);
  if (rule.type === 'previous') {
    const [last] = await tx
      .select({ personId: task.completedByPersonId, postId: task.completedByPostId })
      .from(task)
      .where(and(eq(task.itemId, it.id), eq(task.stepKey, rule.step), eq(task.state, 'done')))
      .orderBy(desc(task.completedAt))
      .limit(1);
    const them = last?.personId ? others([{ personId: last.personId, postId: last.postId }]) : [];
    return them.length ? them : byRole('supervisor');
  }
  const assigner = others(await assignerOf(tx, t, it));
  return assigner.length ? assigner : byRole('supervisor');
}

/** 申请延期: one request waiting per task, made before the due date has passed, for a later date. */
export async function requestExtension(
  tx: Tx,
  ctx: RequestContext,
  taskId: string,
  input: { reason: string; proposedDate: string },
): Promise<string> {
  const { t, it, step, principalId } = await loadHeldTask(tx, ctx.actor, taskId, { what: '申请延期' });
  if (!t.dueDate) throw invalid('该事项没有办理期限，无需申请延期');
  const today = chinaToday(ctx.now);
  // DOMAIN §6.3: a request after the deadline is not an extension; the task is measured against its deadline.
  if (today > t.dueDate) throw invalid(`延期申请应在办理期限届满前提出：办理期限为 ${t.dueDate}，今天已是 ${today}`);
  if (input.proposedDate <= t.dueDate) throw invalid(`申请的新期限应晚于现办理期限 ${t.dueDate}`);
  await moduleOf(it.kind)?.hooks?.checkExtension?.(tx, ctx, { item: it, task: t, date: input.proposedDate });
  const [pending] = await tx
    .select({ id: taskExtension.id })
    .from(taskExtension)
    .where(and(eq(taskExtension.taskId, taskId), eq(taskExtension.state, 'pending')));
  if (pending) throw conflict('该事项已有待审批的延期申请，请等待审批结果或撤回后再申请');
  const approvers = await extensionApprovers(tx, step, t, it, ctx.actor.personId);
  if (!approvers.length) throw invalid('找不到可以审批延期的人员，请联系本单位督查督办人员');
  const id = randomUUID();
  const approvalGroupId = randomUUID();
  await tx.insert(taskExtension).values({
    id,
    taskId,
    itemId: t.itemId,
    requestedByPersonId: ctx.actor.personId,
    requestedByPostId: ctx.actor.postId,
    onBehalfOfPersonId: principalId,
    reason: input.reason,
    currentDueDate: t.dueDate,
    proposedDate: input.proposedDate,
    approvalGroupId,
    createdAt: ctx.now,
  });
  // The approvers' 待办: the first to decide closes it for the others.
  for (const a of approvers) {
    await createTask(
      tx,
      {
        itemId: t.itemId,
        kind: 'do',
        step: EXTENSION_STEP,
        assigneePersonId: a.personId,
        assigneePostId: a.postId,
        groupId: approvalGroupId,
        slot: 'any',
      },
      ctx.audit,
      ctx.now,
    );
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'task.extension.request',
    targetType: 'task',
    targetId: taskId,
    summary: {
      itemId: t.itemId,
      extensionId: id,
      step: t.stepKey,
      dueDate: t.dueDate,
      proposedDate: input.proposedDate,
      reason: input.reason,
      approvers: approvers.map((a) => a.personId),
      onBehalfOf: principalId,
    },
  });
  await signalChanged(tx, [ctx.actor.personId, ...approvers.map((a) => a.personId)]);
  return id;
}

async function loadExtension(tx: Tx, extensionId: string) {
  const [ext] = await tx.select().from(taskExtension).where(eq(taskExtension.id, extensionId)).for('update');
  if (!ext) throw notFound('延期申请');
  return ext;
}

export type ExtensionDecision = { approve: true; date?: string | null; note?: string | null } | { approve: false; note: string };

/**
 * 同意 (possibly to another date, never before the current due date) or 不同意 (with the reason), by one of the
 * approvers or their delegate. Approval moves the task's due date and its reminders; the holder is told either way.
 */
export async function decideExtension(tx: Tx, ctx: RequestContext, extensionId: string, input: ExtensionDecision) {
  const ext = await loadExtension(tx, extensionId);
  if (!(await readsItem(tx, ctx.actor, ext.itemId))) throw hiddenFrom('延期申请');
  // Another unit's part: as if it did not exist, not "you may not" — a forged id learns nothing.
  await assertSeesTask(tx, ctx.actor, ext.taskId, '延期申请');
  const approvals = await tx
    .select()
    .from(task)
    .where(and(eq(task.groupId, ext.approvalGroupId), eq(task.state, 'open')));
  const mine = approvals.find((a) => holding(ctx.actor, a));
  if (ext.state !== 'pending') throw conflict('该延期申请已经处理，请刷新后查看');
  if (!mine) throw forbidden('只有延期审批人可以审批该申请');
  const [row] = await tx
    .select({ t: task, it: item, inst: flowInstance })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .innerJoin(flowInstance, eq(flowInstance.itemId, task.itemId))
    .where(eq(task.id, ext.taskId))
    .for('update', { of: task });
  if (!row || row.t.state !== 'open' || !row.t.dueDate || !row.t.stepKey)
    throw conflict('该事项已经办理或已被收回，延期申请不再需要审批');
  const { t, it } = row;
  const step = stepOf(await definitionAt(tx, row.inst.flowKey, row.inst.flowVersion), t.stepKey!);
  const note = input.note?.trim() || null;
  let granted: string | null = null;
  let nextReport = t.progressDueDate;
  if (input.approve) {
    granted = input.date ?? ext.proposedDate;
    if (granted < t.dueDate!) throw invalid(`批准的新期限不能早于现办理期限 ${t.dueDate}`);
    const hooks = moduleOf(it.kind)?.hooks;
    await hooks?.checkExtension?.(tx, ctx, { item: it, task: t, date: granted });
    await tx
      .update(task)
      .set({ dueDate: granted, originalDueDate: t.originalDueDate ?? t.dueDate, version: sql`${task.version} + 1` })
      .where(eq(task.id, t.id));
    // The deadline reminders follow the new date; the report owed follows it where counted from it (progress.ts).
    await cancelDeadlineReminders(tx, t.id, ctx.now);
    if (step.reminders) await scheduleTaskReminders(tx, t.id, granted, step.reminders, ctx.cal, ctx.now);
    nextReport = await progressAfterExtension(tx, t, step, granted, ctx.cal, ctx.now);
    await hooks?.extensionGranted?.(tx, ctx, { item: it, task: t, date: granted, from: t.dueDate! });
  } else if (!note) throw invalid('请填写不同意延期的理由');
  const principalId = holding(ctx.actor, mine) === 'delegated' ? mine.assigneePersonId : null;
  await tx
    .update(task)
    .set({
      state: 'done',
      completedAt: ctx.now,
      completedByPersonId: ctx.actor.personId,
      completedByPostId: ctx.actor.postId,
      openedAt: mine.openedAt ?? ctx.now,
      version: sql`${task.version} + 1`,
    })
    .where(eq(task.id, mine.id));
  const others = await tx
    .update(task)
    .set({ state: 'cancelled', version: sql`${task.version} + 1` })
    .where(and(eq(task.groupId, ext.approvalGroupId), inArray(task.state, ['open', 'waiting']), ne(task.id, mine.id)))
    .returning({ person: task.assigneePersonId });
  await tx
    .update(taskExtension)
    .set({
      state: input.approve ? 'approved' : 'refused',
      decidedByPersonId: ctx.actor.personId,
      decidedByPostId: ctx.actor.postId,
      decidedAt: ctx.now,
      decidedDate: granted,
      decisionNote: note,
    })
    .where(eq(taskExtension.id, ext.id));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: input.approve ? 'task.extension.approve' : 'task.extension.refuse',
    targetType: 'task',
    targetId: t.id,
    summary: {
      itemId: t.itemId,
      extensionId: ext.id,
      from: t.dueDate,
      to: granted,
      proposedDate: ext.proposedDate,
      note,
      onBehalfOf: principalId,
      ...(step.progress ? { nextReport: { from: t.progressDueDate, to: nextReport } } : {}),
    },
  });
  const message = input.approve
    ? `延期申请已同意（${t.step}）：${it.title}——办理期限由 ${t.dueDate} 延至 ${granted}${note ? `。${note}` : ''}`
    : `延期申请未同意（${t.step}）：${it.title}——办理期限仍为 ${t.dueDate}。理由：${note}`;
  const told = [...new Set([t.assigneePersonId, ext.requestedByPersonId])].filter((p) => p !== ctx.actor.personId);
  await notifyPeople(
    tx,
    told.map((personId) => ({
      personId,
      kind: 'task' as const,
      message,
      itemId: t.itemId,
      taskId: t.id,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await signalChanged(tx, [ctx.actor.personId, ...told, ...others.map((o) => o.person)]);
  return { state: input.approve ? ('approved' as const) : ('refused' as const), dueDate: granted ?? t.dueDate! };
}

/** 撤回 a request still waiting: by whoever made it or whoever holds the task now. */
export async function cancelExtension(tx: Tx, ctx: RequestContext, extensionId: string) {
  const ext = await loadExtension(tx, extensionId);
  if (!(await readsItem(tx, ctx.actor, ext.itemId))) throw hiddenFrom('延期申请');
  await assertSeesTask(tx, ctx.actor, ext.taskId, '延期申请');
  const [t] = await tx.select().from(task).where(eq(task.id, ext.taskId));
  if (ext.requestedByPersonId !== ctx.actor.personId && !(t && holding(ctx.actor, t)))
    throw forbidden('只有申请人或该事项的办理人可以撤回延期申请');
  if (ext.state !== 'pending') throw conflict('该延期申请已经处理，不能撤回');
  await tx
    .update(taskExtension)
    .set({ state: 'cancelled', decidedAt: ctx.now, decidedByPersonId: ctx.actor.personId, decidedByPostId: ctx.actor.postId })
    .where(eq(taskExtension.id, ext.id));
  const approvers = await tx
    .update(task)
    .set({ state: 'cancelled', version: sql`${task.version} + 1` })
    .where(and(eq(task.groupId, ext.approvalGroupId), inArray(task.state, ['open', 'waiting'])))
    .returning({ person: task.assigneePersonId });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'task.extension.cancel',
    targetType: 'task',
    targetId: ext.taskId,
    summary: { itemId: ext.itemId, extensionId: ext.id, withTask: false },
  });
  await signalChanged(tx, [ctx.actor.personId, ...approvers.map((a) => a.person)]);
}

export interface ExtensionEntry {
  id: string;
  taskId: string;
  requestedBy: string;
  onBehalfOf: string | null;
  reason: string;
  currentDueDate: string;
  proposedDate: string;
  state: 'pending' | 'approved' | 'refused' | 'cancelled';
  decidedBy: string | null;
  decidedAt: string | null;
  decidedDate: string | null;
  decisionNote: string | null;
  createdAt: string;
  /** The approvers' 待办 group: an approver's own 待办 in it is where they decide. */
  approvalGroupId: string;
}

/** Extension requests matching `where` (of a task, of an item), oldest first, with names. */
export async function extensionsWhere(tx: Tx, where: SQL): Promise<ExtensionEntry[]> {
  const rows = await tx.select().from(taskExtension).where(where).orderBy(asc(taskExtension.createdAt));
  const ids = [
    ...new Set(
      rows
        .flatMap((e) => [e.requestedByPersonId, e.onBehalfOfPersonId, e.decidedByPersonId])
        .filter((x): x is string => Boolean(x)),
    ),
  ];
  const names = new Map(
    ids.length
      ? (await tx.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, ids))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return rows.map((e) => ({
    id: e.id,
    taskId: e.taskId,
    requestedBy: nameOf(e.requestedByPersonId) ?? '',
    onBehalfOf: nameOf(e.onBehalfOfPersonId),
    reason: e.reason,
    currentDueDate: e.currentDueDate,
    proposedDate: e.proposedDate,
    state: e.state,
    decidedBy: nameOf(e.decidedByPersonId),
    decidedAt: e.decidedAt?.toISOString() ?? null,
    decidedDate: e.decidedDate,
    decisionNote: e.decisionNote,
    createdAt: e.createdAt.toISOString(),
    approvalGroupId: e.approvalGroupId,
  }));
}

/** The requests on one task, for whoever may read its item and sees the task (another unit's part is not theirs). */
export async function extensionsOf(tx: Tx, actor: Actor, taskId: string) {
  const [t] = await tx.select({ itemId: task.itemId }).from(task).where(eq(task.id, taskId));
  if (!t) throw notFound('待办事项');
  if (!(await readsItem(tx, actor, t.itemId))) throw hiddenFrom('待办事项');
  await assertSeesTask(tx, actor, taskId, '待办事项');
  return extensionsWhere(tx, eq(taskExtension.taskId, taskId));
}

import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { can, definePolicy } from '../access/policy';
import { hasRoleOver, type Actor } from '../access/actor';
import { atOrBelow } from '../access/classification';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { grantItemAccess } from '../items/service';
import { notifyPeople, signalChanged } from '../notify/service';
import { person } from '../../org/schema';
import { activeDelegationsTo } from '../../org/delegation';
import type { Classification } from '../../../contract/common';
import { task } from './schema';

type TaskRow = typeof task.$inferSelect;
interface TaskResource {
  task: TaskRow;
  owningUnitId: string;
  /** People the actor acts for by delegation at this moment. */
  principals: string[];
}

const isAssignee = (a: Actor, r: TaskResource) =>
  r.task.assigneePersonId === a.personId && (r.task.assigneePostId === null || r.task.assigneePostId === a.postId);
const isDelegate = (_a: Actor, r: TaskResource) => r.principals.includes(r.task.assigneePersonId);
const isSender = (a: Actor, r: TaskResource) => r.task.createdBy === a.personId;
const oversees = (a: Actor, r: TaskResource) => hasRoleOver(a, 'registrar', r.owningUnitId) || hasRoleOver(a, 'supervisor', r.owningUnitId);

definePolicy<TaskResource>('task', {
  complete: (a, r) => isAssignee(a, r) || isDelegate(a, r),
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
}

/**
 * Gives a person work on an item. Called by flows that have already authorised the step; checks what
 * only the data can tell: the item exists and the assignee's clearance covers its classification.
 */
export async function createTask(tx: Tx, input: NewTask, audit: AuditContext, now: Date): Promise<string> {
  const [it] = await tx.select({ title: item.title, classification: item.classification }).from(item).where(eq(item.id, input.itemId));
  if (!it) throw notFound('文件');
  const [assignee] = await tx.select({ clearance: person.clearance, name: person.name }).from(person).where(eq(person.id, input.assigneePersonId));
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
    createdBy: audit.personId,
    createdAt: now,
  });
  await grantItemAccess(tx, input.itemId, { type: 'person', id: input.assigneePersonId }, `task:${input.step}`, audit, now);
  await recordEvent(tx, audit, now, {
    action: 'task.create',
    targetType: 'task',
    targetId: id,
    summary: { itemId: input.itemId, kind: input.kind, step: input.step, assignee: input.assigneePersonId, dueDate: input.dueDate ?? null },
  });
  const verb = input.kind === 'do' ? '待办' : '待阅';
  await notifyPeople(tx, [{ personId: input.assigneePersonId, kind: 'task', message: `新${verb}（${input.step}）：${it.title}`, itemId: input.itemId, taskId: id, fromPersonId: audit.personId }], now);
  return id;
}

async function loadForUpdate(tx: Tx, actor: Actor, taskId: string, now: Date): Promise<TaskResource & { title: string }> {
  const [row] = await tx
    .select({ t: task, owningUnitId: item.owningUnitId, title: item.title })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .where(eq(task.id, taskId))
    .for('update', { of: task });
  if (!row) throw notFound('待办事项');
  const principals = (await activeDelegationsTo(tx, actor.personId, now)).map((d) => d.fromPersonId);
  return { task: row.t, owningUnitId: row.owningUnitId, title: row.title, principals };
}

/** Closes the actor's own (or a principal's) open task; a stale version or a closed task is a conflict. */
export async function completeTask(tx: Tx, actor: Actor, taskId: string, expectedVersion: number | null, audit: AuditContext, now: Date) {
  const r = await loadForUpdate(tx, actor, taskId, now);
  if (!can(actor, 'complete', 'task', r)) throw notFound('待办事项');
  if (r.task.state !== 'open') throw conflict('该事项已经办理，请刷新后查看');
  if (expectedVersion !== null && expectedVersion !== r.task.version) throw conflict('该事项已被他人处理，请刷新后再试');
  await tx
    .update(task)
    .set({ state: 'done', completedAt: now, completedByPersonId: actor.personId, completedByPostId: actor.postId, version: sql`${task.version} + 1` })
    .where(and(eq(task.id, taskId), eq(task.version, r.task.version)));
  const onBehalfOf = r.task.assigneePersonId === actor.personId ? null : r.task.assigneePersonId;
  await recordEvent(tx, audit, now, { action: 'task.complete', targetType: 'task', targetId: taskId, summary: { itemId: r.task.itemId, step: r.task.step, onBehalfOf } });
  await signalChanged(tx, [actor.personId, r.task.assigneePersonId]);
}

/** 催办: an in-app reminder to the assignee of an open task, recorded on the task and in the audit log. */
export async function remindTask(tx: Tx, actor: Actor, taskId: string, note: string | null, audit: AuditContext, now: Date) {
  const r = await loadForUpdate(tx, actor, taskId, now);
  if (!can(actor, 'remind', 'task', r)) throw forbidden('只有交办人或本单位的登记、督办人员可以催办');
  if (r.task.state !== 'open') throw conflict('该事项已经办理，无需催办');
  if (r.task.lastRemindedAt && now.getTime() - r.task.lastRemindedAt.getTime() < REMIND_SPACING_MS) {
    throw conflict('十分钟内已催办过，请稍后再催');
  }
  await tx
    .update(task)
    .set({ remindCount: sql`${task.remindCount} + 1`, lastRemindedAt: now, version: sql`${task.version} + 1` })
    .where(eq(task.id, taskId));
  await recordEvent(tx, audit, now, { action: 'task.remind', targetType: 'task', targetId: taskId, summary: { itemId: r.task.itemId, note } });
  const message = `催办（${r.task.step}）：${r.title}${note ? `——${note}` : ''}`;
  await notifyPeople(tx, [{ personId: r.task.assigneePersonId, kind: 'reminder', message, itemId: r.task.itemId, taskId, fromPersonId: actor.personId }], now);
}

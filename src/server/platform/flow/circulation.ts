import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid, boolean, index } from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { conflict, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { signalChanged } from '../notify/service';
import { activeDelegationsTo, onBehalfLabel } from '../../org/delegation';
import { person, post } from '../../org/schema';
import { opinion, task } from './schema';
import { announceTask, cancelTaskReminders, createTask } from './tasks';
import type { FlowContext } from './engine';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

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
  },
  (t) => [index('circulation_item_idx').on(t.itemId)],
);

export const CIRCULATION_STEP = '传阅';

/**
 * Starts a circulation: one read task per reader, all delivered at once, or one after another when ordered.
 * The tasks' group is the circulation, so its status is read off the tasks and the comments.
 */
export async function startCirculation(tx: Tx, ctx: FlowContext, itemId: string, input: { readerIds: string[]; ordered: boolean; note?: string | null }) {
  const readers = [...new Set(input.readerIds)];
  if (!readers.length) throw invalid('请选择传阅人');
  if (readers.length !== input.readerIds.length) throw invalid('传阅人不能重复');
  const id = randomUUID();
  await tx.insert(circulation).values({ id, itemId, ordered: input.ordered, note: input.note ?? null, startedBy: ctx.actor.personId, createdAt: ctx.now });
  for (const [i, personId] of readers.entries()) {
    const [p] = await tx.select({ id: post.id }).from(post).where(and(eq(post.personId, personId), isNull(post.endedAt), eq(post.isPrimary, true)));
    await createTask(
      tx,
      { itemId, kind: 'read', step: CIRCULATION_STEP, assigneePersonId: personId, assigneePostId: p?.id ?? null, groupId: id, slot: personId, seq: input.ordered ? i + 1 : null, waiting: input.ordered && i > 0 },
      ctx.audit,
      ctx.now,
    );
  }
  await recordEvent(tx, ctx.audit, ctx.now, { action: 'circulation.start', targetType: 'item', targetId: itemId, summary: { circulationId: id, readers, ordered: input.ordered } });
  return id;
}

/** The reader has read it (with an optional comment); in an ordered circulation the next reader gets it. */
export async function markCirculationRead(tx: Tx, ctx: FlowContext, taskId: string, comment: string | null) {
  const [t] = await tx.select().from(task).where(eq(task.id, taskId)).for('update');
  if (!t || t.kind !== 'read' || t.stepKey !== null || !t.groupId) throw notFound('传阅事项');
  let principalName: string | null = null;
  if (t.assigneePersonId !== ctx.actor.personId) {
    const d = (await activeDelegationsTo(tx, ctx.actor.personId, ctx.now)).find((x) => x.fromPersonId === t.assigneePersonId);
    if (!d) throw notFound('传阅事项');
    principalName = d.fromName;
  }
  if (t.state !== 'open') throw conflict('该文件已阅或尚未传到您处');
  await tx.update(task).set({ state: 'done', openedAt: t.openedAt ?? ctx.now, completedAt: ctx.now, completedByPersonId: ctx.actor.personId, completedByPostId: ctx.actor.postId, version: sql`${task.version} + 1` }).where(eq(task.id, taskId));
  await cancelTaskReminders(tx, taskId, ctx.now);
  const text = comment?.trim();
  if (text) {
    await tx.insert(opinion).values({
      id: randomUUID(), itemId: t.itemId, taskId, stepKey: null, stepName: CIRCULATION_STEP, kind: 'comment', text,
      personId: ctx.actor.personId, postId: ctx.actor.postId, personName: ctx.actor.name, postTitle: ctx.actor.postTitle,
      onBehalfOfPersonId: principalName ? t.assigneePersonId : null,
      signature: principalName ? onBehalfLabel(ctx.actor.name, principalName) : ctx.actor.name, createdAt: ctx.now,
    });
  }
  const touched = [ctx.actor.personId, t.assigneePersonId];
  const [next] = await tx.select().from(task).where(and(eq(task.groupId, t.groupId), eq(task.state, 'waiting'))).orderBy(asc(task.seq)).limit(1);
  if (next) {
    await tx.update(task).set({ state: 'open', deliveredAt: ctx.now, version: sql`${task.version} + 1` }).where(eq(task.id, next.id));
    const [it] = await tx.select({ title: item.title }).from(item).where(eq(item.id, t.itemId));
    await announceTask(tx, { id: next.id, kind: 'read', step: next.step, itemId: next.itemId, assigneePersonId: next.assigneePersonId }, it?.title ?? '', ctx.audit, ctx.now);
    touched.push(next.assigneePersonId);
  }
  await recordEvent(tx, ctx.audit, ctx.now, { action: 'circulation.read', targetType: 'item', targetId: t.itemId, summary: { taskId, commented: Boolean(text), nextReader: next?.assigneePersonId ?? null } });
  await signalChanged(tx, touched);
}

export type ReaderStatus = 'waiting' | 'delivered' | 'opened' | 'read' | 'cancelled';

/** Where each circulation stands: per reader delivered / opened / read / commented, and who holds it now. */
export async function circulationStatus(db: Queryable, itemId: string) {
  const circs = await db.select().from(circulation).where(eq(circulation.itemId, itemId)).orderBy(asc(circulation.createdAt));
  const readTasks = await db
    .select({ t: task, name: person.name })
    .from(task)
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    .where(and(eq(task.itemId, itemId), eq(task.kind, 'read')))
    .orderBy(asc(task.seq), asc(task.createdAt));
  const ids = readTasks.map((r) => r.t.id);
  const comments = ids.length ? await db.select().from(opinion).where(and(eq(opinion.itemId, itemId), inArray(opinion.taskId, ids))) : [];
  // The 阅知 step of the flow is a circulation too, without a row of its own.
  const groups = new Map<string, { id: string; ordered: boolean; note: string | null; startedAt: string | null; fromFlow: boolean }>();
  for (const c of circs) groups.set(c.id, { id: c.id, ordered: c.ordered, note: c.note, startedAt: c.createdAt.toISOString(), fromFlow: false });
  for (const r of readTasks) if (r.t.groupId && !groups.has(r.t.groupId)) groups.set(r.t.groupId, { id: r.t.groupId, ordered: r.t.seq !== null, note: null, startedAt: r.t.createdAt.toISOString(), fromFlow: true });
  return [...groups.values()].map((g) => {
    const readers = readTasks
      .filter((r) => r.t.groupId === g.id)
      .map((r) => {
        const c = comments.find((x) => x.taskId === r.t.id);
        const status: ReaderStatus =
          r.t.state === 'done' ? 'read' : r.t.state === 'cancelled' ? 'cancelled' : r.t.state === 'waiting' ? 'waiting' : r.t.openedAt ? 'opened' : 'delivered';
        return {
          taskId: r.t.id,
          personId: r.t.assigneePersonId,
          name: r.name,
          status,
          deliveredAt: r.t.deliveredAt?.toISOString() ?? null,
          openedAt: r.t.openedAt?.toISOString() ?? null,
          readAt: r.t.completedAt?.toISOString() ?? null,
          comment: c?.text ?? null,
          commentedBy: c?.signature ?? null,
        };
      });
    return {
      ...g,
      readers,
      holders: readers.filter((r) => r.status === 'delivered' || r.status === 'opened').map((r) => r.name),
      notRead: readers.filter((r) => r.status !== 'read' && r.status !== 'cancelled').map((r) => r.name),
    };
  });
}

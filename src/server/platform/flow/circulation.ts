import type { RequestContext } from '../context';
import { stateName } from './states';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { revokePersonAccess } from '../items/service';
import { recordEvent } from '../audit/service';
import { rowsOf } from '../db/client';
import { hasRoleOver, type Actor } from '../access/actor';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';
import { signalChanged } from '../notify/service';
import { onBehalfLabel } from '../../org/delegation';
import { holding } from './holding';
import { person, post } from '../../org/schema';
import { circulation, flowInstance, opinion, task } from './schema';

export { circulation };
import { announceTask, cancelTasks, createTask, finishTask, handlesItem } from './tasks';

const CIRCULATION_STEP = '传阅';

/**
 * Starts a circulation: one read task per reader, all delivered at once, or one after another when ordered.
 * The tasks' group is the circulation, so its status is read off the tasks and the comments.
 */
export async function startCirculation(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  input: { readerIds: string[]; ordered: boolean; note?: string | null },
) {
  const readers = [...new Set(input.readerIds)];
  if (!readers.length) throw invalid('请选择传阅人');
  if (readers.length !== input.readerIds.length) throw invalid('传阅人不能重复');
  const [it] = await tx.select().from(item).where(eq(item.id, itemId));
  if (!it) throw notFound('事项');
  if (!(await mayCirculate(tx, ctx.actor, it))) throw forbidden('只有本单位文书、督办人员或正在办理该文件的人员可以发起传阅');
  // A document taken out of handling (a voided 收文号) is not passed round any more.
  const [inst] = await tx.select({ state: flowInstance.state }).from(flowInstance).where(eq(flowInstance.itemId, itemId));
  if (inst?.state === 'stopped') throw conflict(`该文件已${stateName(it.kind, it.state)}，不能传阅`);
  await assertReaders(tx, it, readers);
  const id = randomUUID();
  await tx
    .insert(circulation)
    .values({ id, itemId, ordered: input.ordered, note: input.note ?? null, startedBy: ctx.actor.personId, createdAt: ctx.now });
  for (const [i, personId] of readers.entries()) {
    const [p] = await tx
      .select({ id: post.id })
      .from(post)
      .where(and(eq(post.personId, personId), isNull(post.endedAt), eq(post.isPrimary, true)));
    await createTask(
      tx,
      {
        itemId,
        kind: 'read',
        step: CIRCULATION_STEP,
        assigneePersonId: personId,
        assigneePostId: p?.id ?? null,
        groupId: id,
        slot: personId,
        seq: input.ordered ? i + 1 : null,
        waiting: input.ordered && i > 0,
      },
      ctx.audit,
      ctx.now,
    );
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'circulation.start',
    targetType: 'item',
    targetId: itemId,
    summary: { circulationId: id, readers, ordered: input.ordered },
  });
  return id;
}

/**
 * Who may widen who knows a document: those who handle it (`handlesItem`). A reader who only received a 传阅 may
 * not.
 */
export const mayCirculate = handlesItem;

/**
 * A document circulates within the office that holds it and up to the leading body it serves (the units above
 * it: a 收文 of 市委办 goes to the 市委 leaders), to people cleared for it. Other units get documents by 分办/转办,
 * not by 传阅.
 */
async function assertReaders(tx: Tx, it: { owningUnitId: string; classification: string }, readerIds: string[]) {
  const allowed = await unitAndAncestors(tx, it.owningUnitId);
  const rows = await tx
    .select({ id: person.id, name: person.name, clearance: person.clearance, disabledAt: person.disabledAt, unitId: post.unitId })
    .from(person)
    .leftJoin(post, and(eq(post.personId, person.id), isNull(post.endedAt)))
    .where(inArray(person.id, readerIds));
  for (const id of readerIds) {
    const mine = rows.filter((r) => r.id === id);
    if (!mine.length || mine[0]!.disabledAt) throw invalid('传阅人不存在或已停用');
    const name = mine[0]!.name;
    if (!mine.some((r) => r.unitId && allowed.has(r.unitId)))
      throw invalid(`${name}不在本单位或其上级机关任职，不能传阅给他（她）；请通过分办或转办送达其他单位`);
    if (rank(mine[0]!.clearance as Classification) < rank(it.classification as Classification)) {
      throw invalid(`${name}的涉密等级低于文件密级“${it.classification}”，不能传阅给他（她）`);
    }
  }
}

async function unitAndAncestors(db: Queryable, unitId: string): Promise<Set<string>> {
  const res = await db.execute<{ id: string }>(sql`
    with recursive up as (
      select id, parent_id from unit where id = ${unitId}::uuid
      union
      select u.id, u.parent_id from unit u join up on u.id = up.parent_id
    ) select id from up`);
  return new Set(rowsOf<{ id: string }>(res).map((r) => r.id));
}

/**
 * 结束传阅 or 撤回: by whoever started it, or the unit's registrars and supervisors. Readers it has not reached
 * are cancelled, and every reader whose only reason to see the document was this circulation loses access.
 */
export async function endCirculation(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  circulationId: string,
  kind: 'closed' | 'withdrawn',
) {
  const [c] = await tx
    .select()
    .from(circulation)
    .where(and(eq(circulation.id, circulationId), eq(circulation.itemId, itemId)))
    .for('update');
  if (!c) throw notFound('传阅');
  const [it] = await tx.select().from(item).where(eq(item.id, itemId));
  if (!mayEnd(ctx.actor, c, it!)) throw forbidden('只有发起人或本单位文书、督办人员可以结束或撤回传阅');
  if (c.endedAt) throw conflict('该传阅已结束');
  const open = await cancelTasks(tx, eq(task.groupId, c.id), ctx.now);
  await tx
    .update(circulation)
    .set({ endedAt: ctx.now, endedBy: ctx.actor.personId, endKind: kind })
    .where(eq(circulation.id, c.id));
  const readers = [
    ...new Set((await tx.select({ p: task.assigneePersonId }).from(task).where(eq(task.groupId, c.id))).map((r) => r.p)),
  ];
  const revoked: string[] = [];
  for (const personId of readers) {
    // Someone with another task on it (a handler, another circulation still running) keeps what that gives.
    const [other] = await tx
      .select({ id: task.id })
      .from(task)
      .leftJoin(circulation, eq(circulation.id, task.groupId))
      .where(
        and(
          eq(task.itemId, itemId),
          eq(task.assigneePersonId, personId),
          sql`${task.groupId} is distinct from ${c.id}::uuid`,
          sql`${circulation.endedAt} is null`,
          sql`${task.state} <> 'cancelled'`,
        ),
      )
      .limit(1);
    if (other || personId === it!.createdBy) continue;
    await revokePersonAccess(tx, itemId, personId, kind === 'closed' ? '结束传阅' : '撤回传阅', ctx.audit, ctx.now);
    revoked.push(personId);
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: `circulation.${kind === 'closed' ? 'close' : 'withdraw'}`,
    targetType: 'item',
    targetId: itemId,
    summary: { circulationId: c.id, cancelled: open.map((t) => t.person), revoked },
  });
  await signalChanged(tx, readers);
}

const mayEnd = (actor: Actor, c: { startedBy: string }, it: { owningUnitId: string }) =>
  actor.personId === c.startedBy ||
  hasRoleOver(actor, 'registrar', it.owningUnitId) ||
  hasRoleOver(actor, 'supervisor', it.owningUnitId);

/** The reader has read it (with an optional comment); in an ordered circulation the next reader gets it. */
export async function markCirculationRead(tx: Tx, ctx: RequestContext, taskId: string, comment: string | null) {
  const [t] = await tx.select().from(task).where(eq(task.id, taskId)).for('update');
  if (!t || t.kind !== 'read' || t.stepKey !== null || !t.groupId) throw notFound('传阅事项');
  let principalName: string | null = null;
  const held = holding(ctx.actor, t);
  if (!held) throw notFound('传阅事项');
  if (held === 'delegated') {
    const [p] = await tx.select({ name: person.name }).from(person).where(eq(person.id, t.assigneePersonId));
    principalName = p?.name ?? '';
  }
  if (t.state !== 'open') throw conflict('该文件已阅或尚未传到您处');
  await finishTask(tx, ctx.actor, t, ctx.now);
  const text = comment?.trim();
  if (text) {
    await tx.insert(opinion).values({
      id: randomUUID(),
      itemId: t.itemId,
      taskId,
      stepKey: null,
      stepName: CIRCULATION_STEP,
      kind: 'comment',
      text,
      personId: ctx.actor.personId,
      postId: ctx.actor.postId,
      personName: ctx.actor.name,
      postTitle: ctx.actor.postTitle,
      onBehalfOfPersonId: principalName ? t.assigneePersonId : null,
      signature: principalName ? onBehalfLabel(ctx.actor.name, principalName) : ctx.actor.name,
      createdAt: ctx.now,
    });
  }
  const touched = [ctx.actor.personId, t.assigneePersonId];
  const [next] = await tx
    .select()
    .from(task)
    .where(and(eq(task.groupId, t.groupId), eq(task.state, 'waiting')))
    .orderBy(asc(task.seq))
    .limit(1);
  if (next) {
    await tx
      .update(task)
      .set({ state: 'open', deliveredAt: ctx.now, version: sql`${task.version} + 1` })
      .where(eq(task.id, next.id));
    const [it] = await tx.select({ title: item.title }).from(item).where(eq(item.id, t.itemId));
    await announceTask(
      tx,
      { id: next.id, kind: 'read', step: next.step, itemId: next.itemId, assigneePersonId: next.assigneePersonId },
      it?.title ?? '',
      ctx.audit,
      ctx.now,
    );
    touched.push(next.assigneePersonId);
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'circulation.read',
    targetType: 'item',
    targetId: t.itemId,
    summary: { taskId, commented: Boolean(text), nextReader: next?.assigneePersonId ?? null },
  });
  await signalChanged(tx, touched);
}

type ReaderStatus = 'waiting' | 'delivered' | 'opened' | 'read' | 'cancelled';

/** Where each circulation stands: per reader delivered / opened / read / commented, and who holds it now. */
export async function circulationStatus(db: Queryable, itemId: string, actor: Actor) {
  const [it] = await db.select({ owningUnitId: item.owningUnitId }).from(item).where(eq(item.id, itemId));
  const circs = await db.select().from(circulation).where(eq(circulation.itemId, itemId)).orderBy(asc(circulation.createdAt));
  const readTasks = await db
    .select({ t: task, name: person.name })
    .from(task)
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    .where(and(eq(task.itemId, itemId), eq(task.kind, 'read')))
    .orderBy(asc(task.seq), asc(task.createdAt));
  const ids = readTasks.map((r) => r.t.id);
  const comments = ids.length
    ? await db
        .select()
        .from(opinion)
        .where(and(eq(opinion.itemId, itemId), inArray(opinion.taskId, ids)))
    : [];
  // The 阅知 step of the flow is a circulation too, without a row of its own.
  type Group = {
    id: string;
    ordered: boolean;
    note: string | null;
    startedAt: string | null;
    fromFlow: boolean;
    endedAt: string | null;
    endKind: 'closed' | 'withdrawn' | null;
    mayEnd: boolean;
  };
  const groups = new Map<string, Group>();
  for (const c of circs) {
    groups.set(c.id, {
      id: c.id,
      ordered: c.ordered,
      note: c.note,
      startedAt: c.createdAt.toISOString(),
      fromFlow: false,
      endedAt: c.endedAt?.toISOString() ?? null,
      endKind: c.endKind ?? null,
      mayEnd: !c.endedAt && it !== undefined && mayEnd(actor, c, it),
    });
  }
  for (const r of readTasks) {
    if (r.t.groupId && !groups.has(r.t.groupId)) {
      groups.set(r.t.groupId, {
        id: r.t.groupId,
        ordered: r.t.seq !== null,
        note: null,
        startedAt: r.t.createdAt.toISOString(),
        fromFlow: true,
        endedAt: null,
        endKind: null,
        mayEnd: false,
      });
    }
  }
  return [...groups.values()].map((g) => {
    const readers = readTasks
      .filter((r) => r.t.groupId === g.id)
      .map((r) => {
        const c = comments.find((x) => x.taskId === r.t.id);
        const status: ReaderStatus =
          r.t.state === 'done'
            ? 'read'
            : r.t.state === 'cancelled'
              ? 'cancelled'
              : r.t.state === 'waiting'
                ? 'waiting'
                : r.t.openedAt
                  ? 'opened'
                  : 'delivered';
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

import type { RequestContext } from '../context';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { hasRoleOver } from '../access/actor';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { item } from '../items/schema';
import { grantIssuedCopy } from '../items/service';
import { notifyPeople, signalChanged } from '../notify/service';
import { chinaToday } from '../workbench/service';
import { person, unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { holding, principalOf } from './holding';
import { registrarsOf } from './resolve';
import { definitionAt, stepOf } from './registry';
import { startProgress } from './progress';
import { dispatch, flowInstance, task, type UnitRole } from './schema';
import { readsPart, seesDispatch, type Reach } from './parts';
import {
  cancelTasks,
  createTask,
  finishTask,
  readsItem,
  remindTask,
  scheduleTaskReminders,
  type ReminderSchedule,
} from './tasks';

// Sending an item to units (交办, 分送, 核发, 约稿, 会议通知 …): each receiving unit's registrars get a receiving task
// on the workbench (待办, with a deadline, automatic reminders, 催办, delegation and 效能 like any task), and one of them
// accepts it (签收) or sends it back (退回) with a reason. What accepting makes (a 收文, a unit's own supervision
// task …) is the sending module's hook. The sender sends again after a return, cancels, or chases (催办).

export type DispatchRow = typeof dispatch.$inferSelect;

/** A kind of sending, declared by a module (`ModuleDef.dispatches`). */
export interface DispatchKindDef {
  /** Unique in the build; it is also the receiving tasks' step key, so 效能 measures it (`onTimeRate`). */
  key: string;
  /** The receiving task as people read it: 签收. */
  name: string;
  /**
   * What the receiving unit reads: the issued copy (`issued`: a distributed document's text and files, nothing of the
   * sender's handling), the whole record (`full`), or the record and the unit's own part of its handling (`part`: its
   * receipt, tasks, opinions, reports, 延期 — not another unit's; the lead unit reads every part, `parts.ts`).
   */
  reads: 'issued' | 'full' | 'part';
  /**
   * Time to decide from sending, when the sender gives no date; for a step given out by sending (交办), the time to
   * sign for it, within the unit's due date for the work.
   */
  limit?: { days: number; unit: 'working' | 'calendar' };
  reminders?: ReminderSchedule;
  /** On 签收, in the same transaction: what accepting makes in the receiving unit (its id is kept on the row). */
  accept?(
    tx: Tx,
    ctx: RequestContext,
    d: DispatchRow,
    input: unknown,
  ): Promise<{ resultItemId: string | null; result?: unknown }>;
  /** On 退回, after the row is settled: e.g. tell the sender. */
  returned?(tx: Tx, ctx: RequestContext, d: DispatchRow): Promise<void>;
  /** The line people are told about, e.g. 〔2026〕3号《…》. */
  label?(db: Queryable, d: DispatchRow): Promise<string>;
}

const kinds = new Map<string, DispatchKindDef>();

/** Called by `installModules` for each kind a module declares. */
export function declareDispatchKind(def: DispatchKindDef) {
  const other = kinds.get(def.key);
  if (other && other !== def) throw new Error(`dispatch kind ${def.key} declared twice`);
  kinds.set(def.key, def);
  if (def.reads === 'part') readsPart(def.key);
}

function kindOf(key: string): DispatchKindDef {
  const def = kinds.get(key);
  if (!def) throw new Error(`dispatch kind ${key} is not installed`);
  return def;
}

export interface DispatchTarget {
  unitId: string;
  role: string;
  /** This unit's own due date (督办: an assisting unit's part is due before the lead's); else the sending's. */
  dueDate?: string | null;
}

/** The step of the item's flow a sending gives out (ActorRule `units` with `via`): its task group and key. */
export interface DispatchedStep {
  groupId: string;
  flowStep: string;
}

async function labelOf(db: Queryable, def: DispatchKindDef, d: DispatchRow) {
  if (def.label) return def.label(db, d);
  const [it] = await db.select({ title: item.title }).from(item).where(eq(item.id, d.itemId));
  return `《${it?.title ?? ''}》`;
}

/** The unit's registrars cleared for the item each get the receiving task; the first to decide settles it. */
async function openReceivingTasks(
  tx: Tx,
  ctx: RequestContext,
  def: DispatchKindDef,
  d: DispatchRow,
  classification: Classification,
) {
  const people = await registrarsOf(tx, d.unitId, classification);
  // Signing for a step's work (交办) has a limit of its own, within the unit's due date for the work itself.
  let receiveBy = d.dueDate;
  if (d.groupId && def.limit) {
    const by = ctx.cal.dueDate(chinaToday(ctx.now), def.limit.days, def.limit.unit).date;
    if (!receiveBy || by < receiveBy) receiveBy = by;
  }
  for (const p of people) {
    const id = await createTask(
      tx,
      {
        itemId: d.itemId,
        kind: 'do',
        step: def.name,
        stepKey: def.key,
        assigneePersonId: p.personId,
        assigneePostId: p.postId,
        dueDate: receiveBy,
        forUnitId: d.unitId,
        dispatchId: d.id,
        // What they read is the dispatch's to give (the issued copy; the record, whole or their unit's part).
        grantsItem: def.reads !== 'issued',
      },
      ctx.audit,
      ctx.now,
    );
    if (receiveBy && def.reminders) await scheduleTaskReminders(tx, id, receiveBy, def.reminders, ctx.cal, ctx.now);
  }
  return people.length;
}

function dueDateOf(ctx: RequestContext, def: DispatchKindDef, given: string | null | undefined) {
  if (given) {
    if (given < chinaToday(ctx.now)) throw invalid('办理期限不能早于今天');
    return given;
  }
  if (!def.limit) return null;
  return ctx.cal.dueDate(chinaToday(ctx.now), def.limit.days, def.limit.unit).date;
}

/**
 * Sends the item to each unit not already holding a current dispatch of this kind for it (sending twice is harmless).
 * The caller has authorised the sending (a flow step it hooks, or a route of its own). Returns the new rows.
 */
export async function sendToUnits(
  tx: Tx,
  ctx: RequestContext,
  input: {
    itemId: string;
    kind: string;
    targets: DispatchTarget[];
    dueDate?: string | null;
    note?: string | null;
    step?: DispatchedStep;
  },
): Promise<DispatchRow[]> {
  const def = kindOf(input.kind);
  const [it] = await tx.select({ id: item.id, classification: item.classification }).from(item).where(eq(item.id, input.itemId));
  if (!it) throw notFound('文件');
  const wanted = [...new Map(input.targets.map((t) => [t.unitId, t])).values()];
  if (!wanted.length) return [];
  const known = new Set(
    (
      await tx
        .select({ id: unit.id })
        .from(unit)
        .where(
          inArray(
            unit.id,
            wanted.map((t) => t.unitId),
          ),
        )
    ).map((u) => u.id),
  );
  const missing = wanted.filter((t) => !known.has(t.unitId));
  if (missing.length) throw invalid('接收单位不存在');
  const existing = new Set(
    (
      await tx
        .select({ unitId: dispatch.unitId })
        .from(dispatch)
        .where(and(eq(dispatch.itemId, it.id), eq(dispatch.kind, def.key), isNull(dispatch.supersededAt)))
    ).map((r) => r.unitId),
  );
  const dueDate = dueDateOf(ctx, def, input.dueDate);
  const made: DispatchRow[] = [];
  for (const t of wanted.filter((w) => !existing.has(w.unitId))) {
    const row: DispatchRow = {
      id: randomUUID(),
      itemId: it.id,
      kind: def.key,
      unitId: t.unitId,
      role: t.role,
      state: 'pending',
      dueDate: t.dueDate ? dueDateOf(ctx, def, t.dueDate) : dueDate,
      note: input.note ?? null,
      sentAt: ctx.now,
      sentByPersonId: ctx.actor.personId,
      decidedAt: null,
      decidedByPersonId: null,
      decidedOnBehalfOf: null,
      reason: null,
      resultItemId: null,
      previousId: null,
      supersededAt: null,
      groupId: input.step?.groupId ?? null,
      flowStep: input.step?.flowStep ?? null,
    };
    await tx.insert(dispatch).values(row);
    await startReceiving(tx, ctx, def, row, it.classification as Classification);
    made.push(row);
  }
  if (made.length) {
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'dispatch.send',
      targetType: 'item',
      targetId: it.id,
      summary: {
        kind: def.key,
        units: made.map((d) => d.unitId),
        dueDate,
        note: input.note ?? null,
        ...(input.step ? { step: input.step.flowStep, roles: Object.fromEntries(made.map((d) => [d.unitId, d.role])) } : {}),
      },
    });
  }
  return made;
}

async function startReceiving(
  tx: Tx,
  ctx: RequestContext,
  def: DispatchKindDef,
  row: DispatchRow,
  classification: Classification,
) {
  if (def.reads === 'issued')
    await grantIssuedCopy(tx, row.itemId, { type: 'unit', id: row.unitId }, def.name, ctx.audit, ctx.now);
  const receivers = await openReceivingTasks(tx, ctx, def, row, classification);
  // Nobody there may receive it (no registrar cleared for its 密级): the sender must know, not wait.
  if (!receivers)
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'dispatch.noReceiver',
      targetType: 'item',
      targetId: row.itemId,
      summary: { dispatchId: row.id, unitId: row.unitId },
    });
}

/** The current row, locked, with the open receiving task the actor holds (own or as a delegate). */
async function loadForReceiver(tx: Tx, ctx: RequestContext, id: string) {
  const [d] = await tx.select().from(dispatch).where(eq(dispatch.id, id)).for('update');
  if (!d) throw notFound('待签收事项');
  const tasks = await tx.select().from(task).where(eq(task.dispatchId, d.id));
  const mine = tasks.find((t) => holding(ctx.actor, t) !== null);
  // Only the receiving unit's registrars (and their delegates) learn that it exists.
  if (!mine) throw notFound('待签收事项');
  const def = kindOf(d.kind);
  if (d.state === 'accepted') throw conflict(`该件已${def.name}`);
  if (d.state === 'returned')
    throw conflict(d.supersededAt ? `该件已退回，发送单位已重新发送，请${def.name}新送达的一份` : '该件已退回');
  if (d.state === 'cancelled') throw conflict('发送单位已撤回该件');
  const held = tasks.find((t) => t.state === 'open' && holding(ctx.actor, t) !== null);
  if (!held) throw conflict('该件已由本单位其他人员处理，请刷新后查看');
  return { d, def, held, tasks };
}

/** The held task is done; the others of the unit are no longer needed. */
async function settleTasks(tx: Tx, ctx: RequestContext, held: typeof task.$inferSelect, all: (typeof task.$inferSelect)[]) {
  await finishTask(tx, ctx.actor, held, ctx.now);
  await cancelTasks(tx, and(eq(task.dispatchId, held.dispatchId!), ne(task.id, held.id))!, ctx.now);
  await signalChanged(tx, [...new Set(all.map((t) => t.assigneePersonId))]);
}

/** 签收: the receiving unit accepts; the sending module's `accept` makes what it makes there (a 收文). */
export async function acceptDispatch(tx: Tx, ctx: RequestContext, id: string, input: unknown) {
  const { d, def, held, tasks } = await loadForReceiver(tx, ctx, id);
  const made = def.accept ? await def.accept(tx, ctx, d, input) : { resultItemId: null };
  const onBehalfOf = principalOf(ctx.actor, held);
  // A step given out by this sending: its task is the accepting registrar's (their principal's, for a delegate).
  const stepTaskId = d.groupId ? await openDispatchedTask(tx, ctx, d, held) : null;
  await tx
    .update(dispatch)
    .set({
      state: 'accepted',
      decidedAt: ctx.now,
      decidedByPersonId: ctx.actor.personId,
      decidedOnBehalfOf: onBehalfOf,
      resultItemId: made.resultItemId,
    })
    .where(eq(dispatch.id, d.id));
  await settleTasks(tx, ctx, held, tasks);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'dispatch.accept',
    targetType: 'item',
    targetId: d.itemId,
    summary: { dispatchId: d.id, kind: d.kind, unitId: d.unitId, resultItemId: made.resultItemId, onBehalfOf, stepTaskId },
  });
  await tellSender(tx, ctx, d, `${ctx.actor.name}已${def.name}${await labelOf(tx, def, d)}`);
  return { ...made, stepTaskId };
}

/**
 * The task of the flow step a sending gave out, for the unit that accepted it, in the role it was sent (主办/协办),
 * due when the sending said; it counts, reminds and asks for reports as any task of the step.
 */
async function openDispatchedTask(tx: Tx, ctx: RequestContext, d: DispatchRow, held: typeof task.$inferSelect) {
  const [inst] = await tx.select().from(flowInstance).where(eq(flowInstance.itemId, d.itemId));
  if (!inst || inst.state !== 'running') throw conflict('该事项已不在办理中');
  const step = stepOf(await definitionAt(tx, inst.flowKey, inst.flowVersion), d.flowStep!);
  const id = await createTask(
    tx,
    {
      itemId: d.itemId,
      kind: step.kind,
      step: step.name,
      stepKey: step.key,
      assigneePersonId: held.assigneePersonId,
      assigneePostId: held.assigneePostId,
      dueDate: d.dueDate,
      groupId: d.groupId,
      slot: d.unitId,
      forUnitId: d.unitId,
      unitRole: d.role as UnitRole,
      activatedByTaskId: null,
      // Given out by the sender: they decide its 延期 (by default) and hear of its reports.
      givenBy: d.sentByPersonId,
    },
    ctx.audit,
    ctx.now,
  );
  if (d.dueDate && step.reminders) await scheduleTaskReminders(tx, id, d.dueDate, step.reminders, ctx.cal, ctx.now);
  await startProgress(tx, id, step, d.dueDate, ctx.cal, ctx.now);
  return id;
}

/**
 * The units a step given out by sending still waits for: sent and not yet accepted, or sent back (退回) and not yet
 * sent again, redirected or taken off by the sender. The step is not done while any remain.
 */
export async function outstandingDispatches(db: Queryable, groupId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(dispatch)
    .where(and(eq(dispatch.groupId, groupId), isNull(dispatch.supersededAt), inArray(dispatch.state, ['pending', 'returned'])));
  return Number(row?.n ?? 0);
}

/** 退回: the receiving unit sends it back with its reasons; the sender sees them and may send again. */
export async function returnDispatch(tx: Tx, ctx: RequestContext, id: string, reason: string) {
  const text = reason.trim();
  if (text.length < 2) throw invalid('退回须说明理由');
  const { d, def, held, tasks } = await loadForReceiver(tx, ctx, id);
  const onBehalfOf = principalOf(ctx.actor, held);
  await tx
    .update(dispatch)
    .set({
      state: 'returned',
      decidedAt: ctx.now,
      decidedByPersonId: ctx.actor.personId,
      decidedOnBehalfOf: onBehalfOf,
      reason: text,
    })
    .where(eq(dispatch.id, d.id));
  await settleTasks(tx, ctx, held, tasks);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'dispatch.return',
    targetType: 'item',
    targetId: d.itemId,
    summary: { dispatchId: d.id, kind: d.kind, unitId: d.unitId, reason: text, onBehalfOf },
  });
  if (def.returned) await def.returned(tx, ctx, { ...d, state: 'returned', reason: text });
  await tellSender(tx, ctx, d, `${ctx.actor.name}退回${await labelOf(tx, def, d)}：${text}`);
}

async function tellSender(tx: Tx, ctx: RequestContext, d: DispatchRow, message: string) {
  const [src] = await tx
    .select({ unitId: item.owningUnitId, createdBy: item.createdBy, classification: item.classification })
    .from(item)
    .where(eq(item.id, d.itemId));
  if (!src) return;
  const people = new Set([src.createdBy, ...(await registrarsOf(tx, src.unitId)).map((p) => p.personId)]);
  if (d.sentByPersonId) people.add(d.sentByPersonId);
  people.delete(ctx.actor.personId);
  await notifyPeople(
    tx,
    [...people].map((personId) => ({
      personId,
      kind: 'task' as const,
      message,
      itemId: d.itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
}

/**
 * The sender's side (send again, cancel, 催办): the registrars and supervisors of the item's owning unit and whoever
 * sent it. Anyone else is told nothing exists.
 */
async function loadForSender(tx: Tx, ctx: RequestContext, itemId: string, id: string) {
  const [row] = await tx
    .select({ d: dispatch, owningUnitId: item.owningUnitId, classification: item.classification })
    .from(dispatch)
    .innerJoin(item, eq(item.id, dispatch.itemId))
    .where(and(eq(dispatch.id, id), eq(dispatch.itemId, itemId)))
    .for('update', { of: dispatch });
  // Those who may not read the sender's record (a receiving unit reads the issued copy at most) learn nothing.
  if (!row || !(await readsItem(tx, ctx.actor, itemId))) throw hiddenFrom('发送记录');
  const a = ctx.actor;
  const sender =
    row.d.sentByPersonId === a.personId ||
    hasRoleOver(a, 'registrar', row.owningUnitId) ||
    hasRoleOver(a, 'supervisor', row.owningUnitId);
  if (!sender) throw forbidden('只有发送单位的文书、督办人员或发送人可以办理');
  if (row.d.supersededAt) throw conflict('该记录已被重新发送，请刷新后查看最新回执');
  return { d: row.d, def: kindOf(row.d.kind), classification: row.classification as Classification };
}

/** 重新发送 after a 退回: a new row supersedes the returned one (the return and its reason stay in the record). */
export async function resendDispatch(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  id: string,
  note: string | null,
  dueDate?: string | null,
) {
  const { d, def, classification } = await loadForSender(tx, ctx, itemId, id);
  if (d.state !== 'returned') throw conflict('只有被退回的可以重新发送');
  await tx.update(dispatch).set({ supersededAt: ctx.now }).where(eq(dispatch.id, d.id));
  const row = await sendAgain(tx, ctx, { def, d, classification }, { unitId: d.unitId, note, dueDate });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'dispatch.resend',
    targetType: 'item',
    targetId: itemId,
    summary: { dispatchId: row.id, previousId: d.id, unitId: d.unitId, note },
  });
  return row;
}

/**
 * 撤回: the sender takes back what is still waiting (sent to the wrong unit), or drops a unit that sent it back (the
 * 督查室 decides the unit's part is not needed); its receiving tasks end. A unit of a step given out by sending is
 * dropped only while the step still has other work open, and never the lead (主办: redirect it instead).
 */
export async function cancelDispatch(tx: Tx, ctx: RequestContext, itemId: string, id: string, reason: string) {
  const text = reason.trim();
  if (text.length < 2) throw invalid('撤回须说明理由');
  const { d } = await loadForSender(tx, ctx, itemId, id);
  if (d.state !== 'pending' && d.state !== 'returned') throw conflict('对方已处理，不能撤回');
  if (d.groupId) await assertStepGoesOn(tx, d);
  await tx
    .update(dispatch)
    .set({
      state: 'cancelled',
      decidedAt: ctx.now,
      decidedByPersonId: ctx.actor.personId,
      reason: d.state === 'returned' ? `${d.reason ?? ''}（退回后撤销：${text}）` : text,
    })
    .where(eq(dispatch.id, d.id));
  const open = await cancelTasks(tx, eq(task.dispatchId, d.id), ctx.now);
  await signalChanged(
    tx,
    open.map((t) => t.person),
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'dispatch.cancel',
    targetType: 'item',
    targetId: itemId,
    summary: { dispatchId: d.id, unitId: d.unitId, reason: text, wasReturned: d.state === 'returned' },
  });
}

/**
 * The row that follows a returned one (重新发送 to the same unit, 改派 to another): pending again, sent by the actor
 * now, with the note given. Its due date is the one given; else, for a step given out by sending, the unit's part
 * keeps its date, and otherwise the kind's limit counts afresh.
 */
async function sendAgain(
  tx: Tx,
  ctx: RequestContext,
  was: { def: DispatchKindDef; d: DispatchRow; classification: Classification },
  to: { unitId: string; note: string | null; dueDate?: string | null },
) {
  const { def, d } = was;
  const row: DispatchRow = {
    ...d,
    id: randomUUID(),
    unitId: to.unitId,
    state: 'pending',
    dueDate: to.dueDate || !d.groupId ? dueDateOf(ctx, def, to.dueDate) : d.dueDate,
    note: to.note,
    sentAt: ctx.now,
    sentByPersonId: ctx.actor.personId,
    decidedAt: null,
    decidedByPersonId: null,
    decidedOnBehalfOf: null,
    reason: null,
    resultItemId: null,
    previousId: d.id,
    supersededAt: null,
  };
  await tx.insert(dispatch).values(row);
  await startReceiving(tx, ctx, def, row, was.classification);
  return row;
}

/** Dropping a unit from a step must leave someone to carry it on: never the lead, never the last piece of work. */
async function assertStepGoesOn(tx: Tx, d: DispatchRow) {
  if (d.role === 'lead') throw conflict('主办单位不能撤销，请改派其他单位主办');
  const [open] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(task)
    .where(and(eq(task.groupId, d.groupId!), inArray(task.state, ['open', 'waiting'])));
  const others = (await outstandingDispatches(tx, d.groupId!)) - 1;
  if (Number(open?.n ?? 0) + others === 0) throw conflict('该环节的其他单位均已办完，撤销后无人推进，请改派');
}

/**
 * 改派: what a unit sent back goes to another unit instead, in the same role and with the same due date unless a new
 * one is given; the returned row is superseded (its reason stays on record).
 */
export async function redirectDispatch(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  id: string,
  input: { unitId: string; note: string | null; dueDate?: string | null },
) {
  const { d, def, classification } = await loadForSender(tx, ctx, itemId, id);
  if (d.state !== 'returned') throw conflict('只有被退回的可以改派');
  if (input.unitId === d.unitId) throw invalid('改派的单位与原单位相同，如需原单位办理请重新发送');
  const [target] = await tx.select({ id: unit.id, disabledAt: unit.disabledAt }).from(unit).where(eq(unit.id, input.unitId));
  if (!target || target.disabledAt) throw invalid('改派的单位不存在或已停用');
  const [busy] = await tx
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(
      and(
        eq(dispatch.itemId, itemId),
        eq(dispatch.kind, d.kind),
        eq(dispatch.unitId, input.unitId),
        isNull(dispatch.supersededAt),
        ne(dispatch.state, 'cancelled'),
      ),
    );
  if (busy) throw conflict('该单位已在办理此事项');
  await tx.update(dispatch).set({ supersededAt: ctx.now }).where(eq(dispatch.id, d.id));
  // A unit dropped earlier (cancelled) keeps its row; the new sending supersedes it too, so one row is current.
  await tx
    .update(dispatch)
    .set({ supersededAt: ctx.now })
    .where(
      and(
        eq(dispatch.itemId, itemId),
        eq(dispatch.kind, d.kind),
        eq(dispatch.unitId, input.unitId),
        isNull(dispatch.supersededAt),
      ),
    );
  const row = await sendAgain(tx, ctx, { def, d, classification }, input);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'dispatch.redirect',
    targetType: 'item',
    targetId: itemId,
    summary: { dispatchId: row.id, previousId: d.id, from: d.unitId, to: input.unitId, role: d.role, note: input.note },
  });
  return row;
}

/** 催办: every registrar of the unit still holding the receiving task is reminded (spaced as any 催办). */
export async function remindDispatch(tx: Tx, ctx: RequestContext, itemId: string, id: string, note: string | null) {
  const { d } = await loadForSender(tx, ctx, itemId, id);
  if (d.state !== 'pending') throw conflict('对方已处理，无需催办');
  const open = await tx
    .select({ id: task.id })
    .from(task)
    .where(and(eq(task.dispatchId, d.id), eq(task.state, 'open')));
  if (!open.length) throw conflict('该单位没有可签收的人员，请联系该单位或撤回后改发');
  for (const t of open) await remindTask(tx, ctx.actor, t.id, note, ctx.audit, ctx.now);
  return { reminded: open.length };
}

/**
 * The dispatches of an item (current and superseded, oldest first) with unit and people names, for the sender's view;
 * with the reader's `reach`, only the receipts of their part (`parts.ts`).
 */
export async function dispatchesOf(db: Queryable, itemId: string, kind?: string, reach?: Reach) {
  const all = await db
    .select({ d: dispatch, unitName: unit.name, unitOrder: unit.sortOrder })
    .from(dispatch)
    .innerJoin(unit, eq(unit.id, dispatch.unitId))
    .where(and(eq(dispatch.itemId, itemId), kind ? eq(dispatch.kind, kind) : undefined))
    .orderBy(asc(dispatch.sentAt), asc(unit.sortOrder));
  const rows = reach ? all.filter((r) => seesDispatch(reach, r.d)) : all;
  const ids = [
    ...new Set(
      rows.flatMap((r) => [r.d.decidedByPersonId, r.d.sentByPersonId, r.d.decidedOnBehalfOf]).filter((x): x is string => !!x),
    ),
  ];
  const names = new Map(
    ids.length
      ? (await db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, ids))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
  const pending = rows.filter((r) => r.d.state === 'pending').map((r) => r.d.id);
  const reminded = new Map<string, number>();
  if (pending.length) {
    for (const t of await db
      .select({ d: task.dispatchId, n: task.remindCount })
      .from(task)
      .where(inArray(task.dispatchId, pending))) {
      reminded.set(t.d!, Math.max(reminded.get(t.d!) ?? 0, t.n));
    }
  }
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return rows.map((r) => ({
    ...r.d,
    unitName: r.unitName,
    remindCount: reminded.get(r.d.id) ?? 0,
    sentBy: nameOf(r.d.sentByPersonId),
    decidedBy: nameOf(r.d.decidedByPersonId),
    decidedFor: nameOf(r.d.decidedOnBehalfOf),
  }));
}

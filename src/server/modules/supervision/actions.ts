import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { returnTask, stopFlow, submitTask } from '../../platform/flow/engine';
import {
  acceptDispatch,
  cancelDispatch,
  dispatchesOf,
  redirectDispatch,
  remindDispatch,
  resendDispatch,
  returnDispatch,
} from '../../platform/flow/dispatch';
import { startCirculation } from '../../platform/flow/circulation';
import { holding } from '../../platform/flow/holding';
import { reachOf } from '../../platform/flow/parts';
import { leadersOfUnit } from '../../platform/flow/resolve';
import { dispatch, task } from '../../platform/flow/schema';
import type { ExtensionEvent, StepEvent } from '../../platform/modules/registry';
import type { StepDef } from '../../platform/flow/definition';
import { chinaToday } from '../../platform/workbench/service';
import { unit } from '../../org/schema';
import { cadenceOf, statutoryDue } from './policy';
import { STEP, SUPERVISE } from './flow';
import { supervisionItem } from './schema';

// What happens to a 督办事项 after 立项 (issue 16 §2–4): 交办 to its units, their 签收 or 退办 and the 督查室's answer
// (重新发送, 改派, 撤销), 审核 (销号 or 退回重办), 撤销督办 — and the module's rules the kernel asks about (who may
// report the 办结, how far a 延期 may go, what follows 销号).

type Row = typeof supervisionItem.$inferSelect;

async function recordOf(tx: Tx, itemId: string, lock = false): Promise<Row> {
  const q = tx.select().from(supervisionItem).where(eq(supervisionItem.itemId, itemId));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('督办事项');
  return row;
}

/** The 督查室 of the office the item belongs to. */
function assertSupervisorOf(ctx: RequestContext, it: { owningUnitId: string }) {
  if (!hasRoleOver(ctx.actor, 'supervisor', it.owningUnitId)) throw forbidden('只有本单位督查人员可以办理');
}

/** The actor's open task of a step of the item's flow (their own, or held as a delegate). */
async function heldStepTask(tx: Tx, ctx: RequestContext, itemId: string, stepKey: string, what: string) {
  const rows = await tx
    .select()
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.stepKey, stepKey), eq(task.state, 'open'), isNull(task.dispatchId)));
  const mine = rows.find((t) => holding(ctx.actor, t) !== null);
  if (!mine) throw conflict(`该事项当前没有您待${what}的任务`);
  return mine;
}

/** The latest date 人大建议/政协提案 may be answered by: the statutory months counted from 交办 (代表法 Art.51). */
function statutoryLimit(s: Row, assignedOn: string) {
  return s.statutory ? statutoryDue(assignedOn, s.difficult) : null;
}

/**
 * 交办: the 督查室 sends the item to its lead and assisting units (the kernel's dispatch: each unit's registrars 签收 or
 * 退办). The lead unit's task is due on the item's date (which may be set anew here, not before today); the assisting
 * units' on their own date, by default the lead's, never after it.
 */
export async function assignSupervision(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: { note: string | null; dueDate: string | null; assistingDueDate: string | null },
) {
  const s = await recordOf(tx, base.id, true);
  const t = await heldStepTask(tx, ctx, base.id, STEP.assign, '交办');
  const today = chinaToday(ctx.now);
  const due = input.dueDate ?? base.dueDate!;
  if (due < today) throw invalid(`办理期限 ${due} 早于今天（${today}），请重新确定期限`);
  const limit = statutoryLimit(s, today);
  if (limit && due > limit)
    throw invalid(`${s.statutory === 'npc' ? '人大代表建议' : '政协提案'}应在交办之日起法定期限内办结，期限不能晚于 ${limit}`);
  const assistingDue = input.assistingDueDate ?? due;
  if (s.assistingUnitIds.length) {
    if (assistingDue < today) throw invalid(`协办期限 ${assistingDue} 早于今天（${today}）`);
    if (assistingDue > due) throw invalid(`协办单位的期限不能晚于主办单位的办理期限 ${due}`);
  }
  if (due !== base.dueDate) {
    await tx.update(item).set({ dueDate: due }).where(eq(item.id, base.id));
    await tx.update(supervisionItem).set({ originalDueDate: due }).where(eq(supervisionItem.itemId, base.id));
  }
  await submitTask(tx, ctx, t.id, {
    version: null,
    opinion: input.note,
    next: {
      units: [
        { unitId: s.leadUnitId, role: 'lead', dueDate: due },
        ...s.assistingUnitIds.map((unitId) => ({ unitId, role: 'assisting' as const, dueDate: assistingDue })),
      ],
    },
  });
  return { dueDate: due, assistingDueDate: s.assistingUnitIds.length ? assistingDue : null };
}

/** The sending of 交办 to one unit, found on this item (a forged or another item's id is not found). */
async function receiptOf(tx: Tx, itemId: string, dispatchId: string) {
  const [d] = await tx
    .select()
    .from(dispatch)
    .where(and(eq(dispatch.id, dispatchId), eq(dispatch.itemId, itemId), eq(dispatch.kind, SUPERVISE)));
  if (!d) throw notFound('交办记录');
  return d;
}

/** 签收 by the unit's registrar: the unit's 办理 task is theirs (to do, or to hand to a colleague — 转办). */
export async function acceptSupervision(tx: Tx, ctx: RequestContext, itemId: string, dispatchId: string) {
  await receiptOf(tx, itemId, dispatchId);
  const made = await acceptDispatch(tx, ctx, dispatchId, null);
  return { taskId: made.stepTaskId };
}

/** 退办: the unit sends it back with its reasons; the 督查室 then sends it again, to another unit, or drops the unit. */
export async function returnSupervision(tx: Tx, ctx: RequestContext, itemId: string, dispatchId: string, reason: string) {
  await receiptOf(tx, itemId, dispatchId);
  await returnDispatch(tx, ctx, dispatchId, reason);
}

/** The 督查室's answer to a 退办, or a chase (催办) of a unit that has not signed: on this item's sendings only. */
export async function answerReceipt(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  dispatchId: string,
  action:
    | { type: 'resend'; note: string | null; dueDate: string | null }
    | { type: 'redirect'; unitId: string; note: string | null }
    | { type: 'cancel'; reason: string }
    | { type: 'remind'; note: string | null },
) {
  assertSupervisorOf(ctx, base);
  const d = await receiptOf(tx, base.id, dispatchId);
  switch (action.type) {
    case 'resend':
      if (action.dueDate) await checkUnitDue(tx, base, d.role, action.dueDate);
      await resendDispatch(tx, ctx, base.id, dispatchId, action.note, action.dueDate);
      return null;
    case 'remind':
      return remindDispatch(tx, ctx, base.id, dispatchId, action.note);
    case 'redirect': {
      const s = await recordOf(tx, base.id, true);
      if (action.unitId === s.leadUnitId || s.assistingUnitIds.includes(action.unitId))
        throw invalid('该单位已是本事项的承办单位');
      await redirectDispatch(tx, ctx, base.id, dispatchId, { unitId: action.unitId, note: action.note });
      // The item's record names the units that have it now (改派 主办 or a 协办).
      await tx
        .update(supervisionItem)
        .set(
          d.role === 'lead'
            ? { leadUnitId: action.unitId }
            : { assistingUnitIds: s.assistingUnitIds.map((u) => (u === d.unitId ? action.unitId : u)) },
        )
        .where(eq(supervisionItem.itemId, base.id));
      return null;
    }
    case 'cancel': {
      const s = await recordOf(tx, base.id, true);
      await cancelDispatch(tx, ctx, base.id, dispatchId, action.reason);
      await tx
        .update(supervisionItem)
        .set({ assistingUnitIds: s.assistingUnitIds.filter((u) => u !== d.unitId) })
        .where(eq(supervisionItem.itemId, base.id));
      return null;
    }
  }
}

/**
 * A date given when sending again after a 退办: an assisting unit's never after the lead's; the lead's is the item's
 * deadline as 交办 sets it (the one the figures count against, as at 交办), not an extension.
 */
async function checkUnitDue(tx: Tx, base: Authorized<ItemView>, role: string, date: string) {
  if (role !== 'lead' && base.dueDate && date > base.dueDate)
    throw invalid(`协办单位的期限不能晚于主办单位的办理期限 ${base.dueDate}`);
  if (role === 'lead') {
    await tx.update(item).set({ dueDate: date }).where(eq(item.id, base.id));
    await tx.update(supervisionItem).set({ originalDueDate: date }).where(eq(supervisionItem.itemId, base.id));
  }
}

/**
 * 审核 by the 督查室: 销号 (the item is closed; for a 批示 the instructing leader is sent the result to read, 呈阅), or
 * 退回重办 with the reasons and, where the old date no longer serves, a new due date — a new round of 办理 for the
 * lead unit, counted.
 */
export async function reviewSupervision(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: { decision: 'close' | 'redo'; opinion: string | null; dueDate: string | null },
) {
  const t = await heldStepTask(tx, ctx, base.id, STEP.review, '审核');
  if (input.decision === 'close') {
    if (input.dueDate) throw invalid('销号不需要新的办理期限');
    await submitTask(tx, ctx, t.id, { version: null, opinion: input.opinion, decision: 'close' });
    return;
  }
  const reason = input.opinion?.trim() ?? '';
  if (reason.length < 2) throw invalid('退回重办须写明理由');
  if (input.dueDate) {
    const s = await recordOf(tx, base.id);
    const limit = statutoryLimit(s, s.openedOn);
    if (limit && input.dueDate > limit) throw invalid(`重办期限不能晚于法定期限 ${limit}`);
  }
  await returnTask(tx, ctx, t.id, { version: null, toStep: STEP.handle, reason, dueDate: input.dueDate });
  if (input.dueDate) await tx.update(item).set({ dueDate: input.dueDate }).where(eq(item.id, base.id));
}

/** 撤销督办: the 督查室 ends the item without 销号, with the reason; units still to sign for it no longer may. */
export async function withdrawSupervision(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, reason: string) {
  assertSupervisorOf(ctx, base);
  if (base.closedAt) throw conflict('该事项已办结，不能撤销');
  await tx.update(supervisionItem).set({ withdrawnReason: reason }).where(eq(supervisionItem.itemId, base.id));
  await stopFlow(tx, ctx, base.id, { state: 'withdrawn', reason });
}

/** The 交办 sendings of the item the reader sees, each unit's current one and what came before, for the item page. */
export async function receiptsOf(db: Queryable, actor: Actor, itemId: string) {
  // A 协办 unit sees its own 签收 or 退办, not another unit's (the kernel's part: flow/parts.ts).
  return (await dispatchesOf(db, itemId, SUPERVISE, await reachOf(db, actor, itemId))).map((d) => ({
    id: d.id,
    unit: { id: d.unitId, name: d.unitName },
    role: d.role as 'lead' | 'assisting',
    state: d.state,
    dueDate: d.dueDate,
    sentAt: d.sentAt.toISOString(),
    sentBy: d.sentBy,
    decidedAt: d.decidedAt?.toISOString() ?? null,
    decidedBy: d.decidedBy,
    decidedFor: d.decidedFor,
    reason: d.reason,
    note: d.note,
    remindCount: d.remindCount,
    superseded: d.supersededAt !== null,
  }));
}

/** The receiving tasks (签收 / 退办) the reader holds on this item, by sending. */
export async function myReceipts(db: Queryable, ctx: RequestContext, itemId: string) {
  const rows = await db
    .select()
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.state, 'open'), sql`${task.dispatchId} is not null`));
  return rows.filter((t) => holding(ctx.actor, t) !== null).map((t) => t.dispatchId!);
}

// ---- The module's rules, called by the kernel (module.ts hooks) ----

/**
 * 办结报告 (the lead unit's submission of 办理): only once every assisting unit has given its part (the lead reports
 * for all), and signed by a leader of the lead unit. An assisting unit's submission is its part, given to the lead.
 */
export async function beforeSubmit(tx: Tx, _ctx: RequestContext, e: StepEvent) {
  if (e.step.key !== STEP.handle || e.task.unitRole !== 'lead') return;
  if (!e.completesStep) {
    const waiting = await tx
      .select({ name: unit.name })
      .from(task)
      .innerJoin(unit, eq(unit.id, task.forUnitId))
      .where(and(eq(task.groupId, e.task.groupId!), inArray(task.state, ['open', 'waiting']), ne(task.id, e.task.id)));
    const unsigned = await tx
      .select({ name: unit.name })
      .from(dispatch)
      .innerJoin(unit, eq(unit.id, dispatch.unitId))
      .where(
        and(
          eq(dispatch.groupId, e.task.groupId!),
          isNull(dispatch.supersededAt),
          inArray(dispatch.state, ['pending', 'returned']),
        ),
      );
    const names = [...new Set([...waiting, ...unsigned].map((r) => r.name))].join('、');
    throw conflict(`协办单位尚未报送协办意见（${names}），主办单位汇总后再报送办结报告`);
  }
  const chosen = e.next.personIds ?? [];
  const leaders = new Set((await leadersOfUnit(tx, e.task.forUnitId!)).map((l) => l.personId));
  if (chosen.length !== 1 || !leaders.has(chosen[0]!)) throw invalid('办结报告须由主办单位的一位领导审签，请选择本单位领导');
}

/** After 销号: the leader whose 批示 it carried out reads the result (呈阅, 件件有回音); their read is recorded. */
export async function afterStep(tx: Tx, ctx: RequestContext, e: StepEvent & { finished: boolean }) {
  if (e.step.key !== STEP.review || !e.finished) return;
  const s = await recordOf(tx, e.item.id);
  const reader = s.instructedByPersonId ?? (s.source === 'leaderInstruction' ? s.leaderPersonId : null);
  if (!reader) return;
  await startCirculation(tx, ctx, e.item.id, { readerIds: [reader], ordered: false, note: '督办事项已办结销号，呈阅办理结果' });
}

/** 退回重办 (审核 → 办理) is a round: counted on the item and on record. */
export async function afterReturn(
  tx: Tx,
  ctx: RequestContext,
  e: { item: { id: string }; from: StepDef; to: StepDef; reason: string },
) {
  if (e.from.key !== STEP.review || e.to.key !== STEP.handle) return;
  const [row] = await tx
    .update(supervisionItem)
    .set({ redoCount: sql`${supervisionItem.redoCount} + 1` })
    .where(eq(supervisionItem.itemId, e.item.id))
    .returning({ redoCount: supervisionItem.redoCount });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'supervision.redo',
    targetType: 'item',
    targetId: e.item.id,
    summary: { round: (row?.redoCount ?? 0) + 1, reason: e.reason },
  });
}

/**
 * 延期 (issue §3): never past the statutory limit of a 人大建议/政协提案 (counted from 交办), and an assisting unit's never
 * past the lead unit's deadline.
 */
export async function checkExtension(tx: Tx, _ctx: RequestContext, e: ExtensionEvent) {
  if (e.task.stepKey !== STEP.handle) return;
  const s = await recordOf(tx, e.item.id);
  if (s.statutory) {
    const [sent] = await tx
      .select({ at: sql<string>`min(${dispatch.sentAt})` })
      .from(dispatch)
      .where(and(eq(dispatch.itemId, e.item.id), eq(dispatch.kind, SUPERVISE)));
    const limit = statutoryDue(sent?.at ? chinaToday(new Date(sent.at)) : s.openedOn, s.difficult);
    if (e.date > limit)
      throw invalid(`${s.statutory === 'npc' ? '人大代表建议' : '政协提案'}的法定办理期限为 ${limit}，延期不能超过该日期`);
  }
  if (e.task.unitRole !== 'lead' && e.item.dueDate && e.date > e.item.dueDate)
    throw invalid(`协办期限不能晚于主办单位的办理期限 ${e.item.dueDate}`);
}

/** The lead unit's approved 延期 moves the item's deadline (its light, the register); the 立项 date stays on record. */
export async function extensionGranted(tx: Tx, _ctx: RequestContext, e: ExtensionEvent & { from: string }) {
  if (e.task.stepKey !== STEP.handle || e.task.unitRole !== 'lead') return;
  await tx.update(item).set({ dueDate: e.date }).where(eq(item.id, e.item.id));
  await tx
    .update(supervisionItem)
    .set({ originalDueDate: sql`coalesce(${supervisionItem.originalDueDate}, ${e.from}::date)` })
    .where(eq(supervisionItem.itemId, e.item.id));
}

/** The lead unit reports on the cadence chosen at 立项 (报告周期). */
export async function progressCadence(db: Queryable, itemId: string, step: StepDef) {
  if (step.key !== STEP.handle) return null;
  const [row] = await db
    .select({ cadence: supervisionItem.cadence })
    .from(supervisionItem)
    .where(eq(supervisionItem.itemId, itemId));
  return row ? cadenceOf(row.cadence) : null;
}

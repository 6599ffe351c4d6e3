import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { stopFlow } from '../../platform/flow/engine';
import { acceptDispatch } from '../../platform/flow/dispatch';
import { dispatch, task } from '../../platform/flow/schema';
import { holding } from '../../platform/flow/holding';
import { flowView, itemLinks } from '../../platform/flow/view';
import { grantItemAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { registrarsOf } from '../../platform/flow/resolve';
import type { Classification } from '../../../contract/common';
import type { getTopic } from './service';
import { item } from '../../platform/items/schema';
import type { ModuleDef } from '../../platform/modules/registry';
import { nextNumber } from '../../platform/numbering/service';
import { chinaToday } from '../../platform/workbench/service';
import { TOPIC_REFUSALS, type TopicRefusal } from '../../../contract/meetings';
import { meetingAgendaItem, meetingTopic } from './schema';
import { post } from '../../org/schema';
import { recordEvent } from '../../platform/audit/service';
import { TOPIC_STEP } from './flow';
import { mayAmend } from './topic-amend';

// 议题's own rules, called by the kernel as its flow moves (module.ts hooks), and 撤回 by its unit.

/** 议〔2026〕7号: the office's 议题编号, given when the topic enters the 议题库. */
const topicNo = (year: number, seq: number) => `议〔${year}〕${seq}号`;

async function topicOf(tx: Tx, itemId: string) {
  const [t] = await tx.select().from(meetingTopic).where(eq(meetingTopic.itemId, itemId));
  return t ?? null;
}

const LEGALITY_FIRST = '重大行政决策议题须先经合法性审查，合法性审查不得以征求意见代替（重大行政决策程序暂行条例第二十五条）';

export const topicHooks: NonNullable<ModuleDef['hooks']> = {
  async beforeSubmit(tx, _ctx, e) {
    const t = await topicOf(tx, e.item.id);
    if (!t) return;
    // Passed, not merely begun: an unreviewed or unlawful draft does not go on (条例 Art.25).
    const skipsLegality = (e.step.key === TOPIC_STEP.unitSignoff || e.step.key === TOPIC_STEP.collate) && e.decision === 'agree';
    if (t.majorDecision && !t.legalityPassedOn && (skipsLegality || e.step.key === TOPIC_STEP.leaderApproval))
      throw invalid(LEGALITY_FIRST);
    // The review is the legal office's, not the proposing unit's own.
    if (e.decision === 'legality') {
      const chosen = e.next.personIds ?? [];
      const own = chosen.length
        ? await tx
            .select({ id: post.id })
            .from(post)
            .where(and(inArray(post.personId, chosen), eq(post.unitId, t.proposerUnitId), isNull(post.endedAt)))
            .limit(1)
        : [];
      if (own.length) throw invalid('合法性审查须由司法行政（法制）机构的人员进行，不能由提报单位自行审查');
    }
    // 报送 goes to the office the topic is for, and to it alone.
    if (e.step.key === TOPIC_STEP.leaderApproval) {
      const units = e.next.units ?? [];
      if (units.length !== 1 || units[0]!.unitId !== t.officeUnitId || units[0]!.departmentId)
        throw invalid('议题只能报送其提报的党委或政府办公厅（室）');
    }
  },
  /** Returned by the reviewer (unlawful), the draft needs a review anew: its clock starts again when one opens. */
  async afterReturn(tx, _ctx, e) {
    if (e.from.key !== TOPIC_STEP.legality) return;
    await tx
      .update(meetingTopic)
      .set({ legalityStartedOn: null, legalityPassedOn: null })
      .where(eq(meetingTopic.itemId, e.item.id));
  },
  async afterStep(tx, ctx, e) {
    const t = await topicOf(tx, e.item.id);
    if (!t) return;
    // The legality review's clock starts when its task opens (≥ 7 working days before the meeting), again each time.
    if (e.nextStep === TOPIC_STEP.legality)
      await tx
        .update(meetingTopic)
        .set({ legalityStartedOn: chinaToday(ctx.now), legalityPassedOn: null })
        .where(eq(meetingTopic.itemId, t.itemId));
    if (e.step.key === TOPIC_STEP.legality)
      await tx
        .update(meetingTopic)
        .set({ legalityPassedOn: chinaToday(ctx.now) })
        .where(eq(meetingTopic.itemId, t.itemId));
    if (e.step.key !== TOPIC_STEP.screen) return;
    if (e.decision && (TOPIC_REFUSALS as readonly string[]).includes(e.decision)) {
      await tx
        .update(meetingTopic)
        .set({ refusal: e.decision as TopicRefusal, returnedReason: e.opinion })
        .where(eq(meetingTopic.itemId, t.itemId));
    } else if (e.decision === 'pool' && t.seq === null) {
      // Into the 议题库: numbered in the office's series of the year, gapless.
      const year = Number(chinaToday(ctx.now).slice(0, 4));
      const seq = await nextNumber(tx, `meetingTopic:${t.officeUnitId}`, year, ctx.now);
      await tx.update(meetingTopic).set({ year, seq }).where(eq(meetingTopic.itemId, t.itemId));
      await tx
        .update(item)
        .set({ registryNo: topicNo(year, seq), updatedAt: ctx.now, version: sql`${item.version} + 1` })
        .where(eq(item.id, t.itemId));
      await recordEvent(tx, ctx.audit, ctx.now, {
        action: 'meetings.topic.pool',
        targetType: 'item',
        targetId: t.itemId,
        summary: { registryNo: topicNo(year, seq), officeUnitId: t.officeUnitId },
      });
      // The 议题库 is the office's: each of its registrars (who plan its meetings) reads what is in it.
      for (const r of await registrarsOf(tx, t.officeUnitId, e.item.classification as Classification))
        await grantItemAccess(tx, t.itemId, { type: 'person', id: r.personId }, '议题库', ctx.audit, ctx.now);
    }
  },
};

const mayWithdraw = (ctx: RequestContext, t: { createdByPersonId: string; proposerUnitId: string }, base: ItemView) =>
  (t.createdByPersonId === ctx.actor.personId || ctx.actor.unitId === t.proposerUnitId) &&
  (!base.closedAt || base.stateKey === 'proposed');

/**
 * 撤回: the proposing unit takes its topic back, with a reason, any time before an agenda is fixed with it — in its
 * procedure (which stops) or from the 议题库 (off any agenda not yet fixed).
 */
export async function withdrawTopic(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, reason: string) {
  const [t] = await tx.select().from(meetingTopic).where(eq(meetingTopic.itemId, base.id)).for('update');
  if (!t) throw invalid('该事项不是议题');
  if (t.createdByPersonId !== ctx.actor.personId && ctx.actor.unitId !== t.proposerUnitId)
    throw forbidden('只有提报单位可以撤回议题');
  if (!mayWithdraw(ctx, t, base)) throw conflict('该议题已列入议程、已退回或已撤回，不能撤回');
  await tx.update(meetingTopic).set({ withdrawnReason: reason }).where(eq(meetingTopic.itemId, t.itemId));
  if (!base.closedAt) return stopFlow(tx, ctx, base.id, { state: 'withdrawn', reason });
  // From the pool: its procedure has ended; the item changes state, and leaves the agendas not yet fixed.
  const [now] = await tx
    .update(item)
    .set({ state: 'withdrawn', updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(and(eq(item.id, t.itemId), eq(item.state, 'proposed')))
    .returning({ id: item.id });
  if (!now) throw conflict('该议题已列入议程，不能撤回');
  const off = await tx
    .delete(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.topicItemId, t.itemId), inArray(meetingAgendaItem.state, ['planned', 'pending'])))
    .returning({ meetingItemId: meetingAgendaItem.meetingItemId });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.topic.withdraw',
    targetType: 'item',
    targetId: t.itemId,
    summary: { reason, offAgendas: off.map((o) => o.meetingItemId) },
  });
}

/** 签收 of a 报送 by the office's registrar: the 初审 task opens in their hands. */
export async function acceptTopic(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, dispatchId: string) {
  const [d] = await tx
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(and(eq(dispatch.id, dispatchId), eq(dispatch.itemId, base.id)));
  if (!d) throw notFound('报送记录');
  const made = await acceptDispatch(tx, ctx, dispatchId, null);
  return { taskId: made.stepTaskId };
}

/** The topic's page: the record, its procedure, its links and the 报送 the reader may sign for now. */
export async function topicDetail(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  record: Awaited<ReturnType<typeof getTopic>>,
) {
  const receipts = await tx
    .select()
    .from(task)
    .where(and(eq(task.itemId, base.id), eq(task.state, 'open'), isNotNull(task.dispatchId)));
  return {
    ...record,
    ...(await flowView(tx, ctx.actor, base.id, ctx.now)),
    links: await itemLinks(tx, base.id, ctx.actor, ctx.ceiling),
    myReceipts: receipts.filter((r) => holding(ctx.actor, r) !== null).map((r) => r.dispatchId!),
    mayWithdraw: mayWithdraw(ctx, { createdByPersonId: record.createdBy, proposerUnitId: record.proposer.id }, base),
    mayAmend: await mayAmend(tx, ctx.actor, base),
  };
}

import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import type { Actor } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { holding } from '../../platform/flow/holding';
import { task } from '../../platform/flow/schema';
import { item } from '../../platform/items/schema';
import type { Authorized, ItemView } from '../../platform/items/service';
import { searchTokens } from '../../platform/search/tokenize';
import type { AmendTopic } from '../../../contract/meetings';
import { TOPIC_STEP } from './flow';
import { meetingTopic } from './schema';

// 修改议题 (DOMAIN §11.2): a topic is the proposing unit's, signed by its head. It is changed only at 拟稿 — before it is
// first submitted, or when a reviewer (the unit head, the legality review, the leader in charge) sends it back there —
// by whoever holds that step (its drafter, or their delegate), and it goes to the unit head's sign-off again with its
// next submission. Nobody changes it anywhere else in its procedure; a topic the office refused (不予安排) has ended and
// is proposed anew, not amended.

/** The open 拟稿 task of the topic the actor holds, if any: the one place the topic may be changed. */
async function heldDraft(db: Queryable, actor: Actor, itemId: string) {
  const open = await db
    .select()
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.stepKey, TOPIC_STEP.draft), eq(task.state, 'open')));
  return open.find((t) => holding(actor, t) !== null) ?? null;
}

/** The topic's page offers 修改 to whoever holds its 拟稿. */
export async function mayAmend(db: Queryable, actor: Actor, base: ItemView) {
  return !base.closedAt && (await heldDraft(db, actor, base.id)) !== null;
}

export async function amendTopic(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: AmendTopic) {
  const [t] = await tx.select().from(meetingTopic).where(eq(meetingTopic.itemId, base.id)).for('update');
  if (!t) throw invalid('该事项不是议题');
  if (base.stateKey === 'returned') throw conflict('该议题已被办公厅（室）不予安排，不能修改；如需再次提请，请重新提报议题');
  if (base.closedAt) throw conflict('该议题的办理已结束，不能修改');
  if (!(await heldDraft(tx, ctx.actor, base.id))) {
    if (t.createdByPersonId !== ctx.actor.personId) throw forbidden('只有议题的起草人可以修改议题');
    throw conflict('议题已提交审签，不能修改；须经审核人退回拟稿后方可修改');
  }
  const before = {
    title: base.title,
    situation: t.situation,
    question: t.question,
    suggestedSitIns: t.suggestedSitIns,
    majorDecision: t.majorDecision,
    appointments: t.appointments,
  };
  const { title, ...fields } = input;
  await tx.update(meetingTopic).set(fields).where(eq(meetingTopic.itemId, t.itemId));
  await tx
    .update(item)
    .set({ title, searchTokens: searchTokens(title, base.registryNo, input.question), updatedAt: ctx.now })
    .where(eq(item.id, t.itemId));
  const changed = Object.keys(before).filter(
    (k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(input[k as keyof typeof before]),
  ) as (keyof typeof before)[];
  // A legality review is of the text it read (DOMAIN §11.2, Art.25): an amended topic is reviewed again, and its
  // 7 working days count from the new start — the flow asks for the review when it is resubmitted.
  const legalityReset = changed.length > 0 && (t.legalityStartedOn !== null || t.legalityPassedOn !== null);
  if (legalityReset)
    await tx
      .update(meetingTopic)
      .set({ legalityStartedOn: null, legalityPassedOn: null })
      .where(eq(meetingTopic.itemId, t.itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.topic.amend',
    targetType: 'item',
    targetId: t.itemId,
    summary: {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      legalityReset,
    },
  });
}

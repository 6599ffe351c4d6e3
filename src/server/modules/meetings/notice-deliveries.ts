import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { cancelDispatch, redirectDispatch, remindDispatch } from '../../platform/flow/dispatch';
import { registrarsOf } from '../../platform/flow/resolve';
import { dispatch, task } from '../../platform/flow/schema';
import { revokePersonAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { notifyPeople } from '../../platform/notify/service';
import type { AnswerNoticeDelivery } from '../../../contract/meetings-notice';
import { loadMeeting, plansFor } from './meetings';
import { invitedOf, unitsOf, withdrawnOf } from './notice';
import { MEETING_NOTICE, noticeCover } from './notice-cover';
import { meetingParticipant, meetingReply } from './schema';
import { refuseCancelled } from './cancelled';

// The office's answers on the 会议通知 it sent (issue 17 item 3), through the kernel's dispatch: 催办 a unit whose
// registrars have not yet signed with their people's 回执; 撤回 it from a unit (sent by mistake), which ends the
// meeting for that unit's invited people unless they are still invited otherwise; 改派 to another unit after a return
// (the person moved), whose registrars then answer for those people. Nothing changes once the meeting has started.

/**
 * 催办, 撤回 or 改派 of one unit's 会议通知, by the office's registrars, before the meeting starts. The kernel checks
 * the sending's state (催办 while unsigned, 撤回 unsigned or sent back, 改派 sent back) and audits it.
 */
export async function answerNoticeDelivery(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  dispatchId: string,
  action: AnswerNoticeDelivery,
) {
  const m = await loadMeeting(tx, base, true);
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以催办、撤回或改派会议通知');
  const [d] = await tx
    .select({ id: dispatch.id, unitId: dispatch.unitId })
    .from(dispatch)
    .where(and(eq(dispatch.id, dispatchId), eq(dispatch.itemId, m.itemId), eq(dispatch.kind, MEETING_NOTICE)));
  if (!d) throw notFound('会议通知');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束，会议通知不能再催办、撤回或改派');
  switch (action.type) {
    case 'remind':
      return remindDispatch(tx, ctx, m.itemId, d.id, action.note);
    case 'redirect': {
      if (action.unitId === m.officeUnitId) throw invalid('会议通知不能改派给本办公厅（室）');
      if (!(await registrarsOf(tx, action.unitId, base.classification)).length)
        throw invalid('该单位没有可签收会议通知的登记人员（或其涉密等级不够），请选择其他单位');
      await redirectDispatch(tx, ctx, m.itemId, d.id, { unitId: action.unitId, note: action.note });
      return { reminded: 0 };
    }
    case 'cancel': {
      const invited = await invitedOf(tx, m.itemId);
      const units = await unitsOf(
        tx,
        invited.map((p) => p.personId),
      );
      const before = await noticeCover(tx, m.itemId);
      const theirs = invited.filter((p) => before.get(units.get(p.personId)?.unitId ?? '')?.id === d.id);
      await cancelDispatch(tx, ctx, m.itemId, d.id, action.reason);
      const withdrawn = withdrawnOf(invited, units, await noticeCover(tx, m.itemId));
      await endAccess(tx, ctx, base, m, d.id, [...withdrawn], theirs, action.reason);
      return { reminded: 0 };
    }
  }
}

/**
 * The people whose notice was withdrawn, those they had sent in their place, and the unit's registrars who held its
 * 签收 no longer read the meeting — unless still in it otherwise: its chair, its staff, an invited person whose notice
 * stands, the substitute of one, or a registrar holding another unit's notice. The people invited are told.
 */
async function endAccess(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  m: { itemId: string; chairPersonId: string },
  dispatchId: string,
  withdrawn: string[],
  theirs: { personId: string }[],
  reason: string,
) {
  const gone = new Set(withdrawn);
  const staff = await tx
    .select({ personId: meetingParticipant.personId })
    .from(meetingParticipant)
    .where(and(eq(meetingParticipant.meetingItemId, m.itemId), eq(meetingParticipant.role, 'staff')));
  const replies = await tx
    .select({ personId: meetingReply.personId, substitute: meetingReply.substitutePersonId })
    .from(meetingReply)
    .where(and(eq(meetingReply.meetingItemId, m.itemId), eq(meetingReply.reply, 'substitute')));
  const invited = await invitedOf(tx, m.itemId);
  const holders = await tx
    .select({ personId: task.assigneePersonId, dispatchId: task.dispatchId, state: dispatch.state })
    .from(task)
    .innerJoin(dispatch, eq(dispatch.id, task.dispatchId))
    .where(and(eq(task.itemId, m.itemId), eq(dispatch.kind, MEETING_NOTICE)));
  const kept = new Set([
    m.chairPersonId,
    ...staff.map((s) => s.personId),
    ...invited.filter((p) => !gone.has(p.personId)).map((p) => p.personId),
    ...replies.filter((r) => !gone.has(r.personId) && r.substitute).map((r) => r.substitute!),
    ...holders.filter((h) => h.dispatchId !== dispatchId && h.state !== 'cancelled').map((h) => h.personId),
  ]);
  const registrars = holders.filter((h) => h.dispatchId === dispatchId).map((h) => h.personId);
  const ids = theirs.map((p) => p.personId);
  const substitutes = replies.filter((r) => ids.includes(r.personId) && r.substitute).map((r) => r.substitute!);
  const ending = [...new Set([...ids, ...substitutes])].filter((id) => !kept.has(id));
  for (const id of new Set([...ending, ...registrars.filter((id) => !kept.has(id))]))
    await revokePersonAccess(tx, m.itemId, id, `会议通知已撤回：${reason}`, ctx.audit, ctx.now);
  await notifyPeople(
    tx,
    ending.map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `会议通知《${base.title}》已撤回：${reason}`,
      itemId: null,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
}

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { cancelDispatch, sendToUnits } from '../../platform/flow/dispatch';
import { registrarsOf } from '../../platform/flow/resolve';
import { stopFlow } from '../../platform/flow/engine';
import { dispatch, task } from '../../platform/flow/schema';
import { item } from '../../platform/items/schema';
import { grantItemAccess, revokePersonAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { notifyPeople } from '../../platform/notify/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { MeetingPeople, RescheduleMeeting } from '../../../contract/meetings';
import { refuseCancelled } from './cancelled';
import { assertCopiesIn } from './handouts';
import { bookRoom, roomOf } from './meeting-room';
import { checkPeople, loadMeeting, plansFor } from './meetings';
import { invitedOf, renotifyUnits, unitsOf, withdrawnOf } from './notice';
import { MEETING_NOTICE, noticeCover } from './notice-cover';
import { recheckPlannedMeeting } from './policy';
import { cancelBooking } from './room-bookings';
import {
  meeting,
  meetingAgendaItem,
  meetingCheckIn,
  meetingNotice,
  meetingParticipant,
  meetingReply,
  meetingRoom,
  meetingTopic,
} from './schema';

// A planned meeting changed before it begins (issue 17, 办会): 取消会议, 改期 — by the office's registrars who plan
// it, each one transaction, audited; 参会人员调整 too. A refusal anywhere (a room clash, a policy warning without a reason) writes nothing.

type MeetingRow = Awaited<ReturnType<typeof loadMeeting>>;

const HOLDING = ['wait', 'allow'];

/** 2026-11-24 09:00 as Beijing reads it. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The meeting, locked, for a change of its plan: by its office's registrars, not cancelled, not yet begun. */
async function changeable(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, what: string) {
  const m = await loadMeeting(tx, base, true);
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden(`只有本办公厅（室）的登记人员可以${what}`);
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict(`会议已召开或已结束，不能${what}`);
  return m;
}

/** Everyone the meeting concerns: its chair, members, sit-ins and staff, and the people sent in someone's place. */
async function everyoneOf(tx: Tx, m: MeetingRow) {
  const rows = await tx
    .select({ personId: meetingParticipant.personId })
    .from(meetingParticipant)
    .where(eq(meetingParticipant.meetingItemId, m.itemId));
  const sent = await tx
    .select({ personId: meetingReply.substitutePersonId })
    .from(meetingReply)
    .where(and(eq(meetingReply.meetingItemId, m.itemId), eq(meetingReply.reply, 'substitute')));
  return [
    ...new Set([m.chairPersonId, ...rows.map((r) => r.personId), ...sent.flatMap((r) => (r.personId ? [r.personId] : []))]),
  ];
}

/** The registrars who hold (or held) the 签收 of these notices: they are told what becomes of them. */
async function holdersOf(tx: Tx, dispatchIds: string[]) {
  if (!dispatchIds.length) return [];
  const rows = await tx
    .selectDistinct({ personId: task.assigneePersonId })
    .from(task)
    .where(inArray(task.dispatchId, dispatchIds));
  return rows.map((r) => r.personId);
}

/**
 * The meeting's topics go back to the 议题库: their agenda lines are `released` (kept on the cancelled meeting's page),
 * and a topic the chair had fixed (已列入议程) is `proposed` again, each on record — so another meeting may take it.
 */
async function releaseTopics(tx: Tx, ctx: RequestContext, m: MeetingRow) {
  const lines = await tx
    .update(meetingAgendaItem)
    .set({ state: 'released' })
    .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), inArray(meetingAgendaItem.state, ['planned', 'pending'])))
    .returning({ topicItemId: meetingAgendaItem.topicItemId });
  if (!lines.length) return [];
  const back = await tx
    .update(item)
    .set({ state: 'proposed', updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(
      and(
        inArray(
          item.id,
          lines.map((l) => l.topicItemId),
        ),
        eq(item.state, 'scheduled'),
      ),
    )
    .returning({ id: item.id });
  for (const { id } of back)
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'meetings.topic.release',
      targetType: 'item',
      targetId: id,
      summary: { meetingItemId: m.itemId, reason: 'cancelled' },
    });
  return lines.map((l) => l.topicItemId);
}

/**
 * 取消会议: before the start, with a reason. The room booking is cancelled through the rooms' own rules, the 会议通知
 * still with units withdrawn through the kernel, the flow stopped (state `cancelled`), the topics back in the 议题库,
 * and everyone the meeting concerns told why. The meeting stays on record, readable, and admits no further change.
 */
export async function cancelMeeting(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, reason: string) {
  const m = await changeable(tx, ctx, base, '取消会议');
  // Numbered copies of classified materials come back first (DOMAIN §11.8): a cancelled meeting is never closed.
  await assertCopiesIn(tx, m.itemId, '取消会议');
  const held = m.roomBookingId ? await roomOf(tx, m.roomBookingId) : null;
  if (held && HOLDING.includes(held.bookingState)) await cancelBooking(tx, ctx, held.bookingId, `会议取消：${reason}`);
  const open = await tx
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(
      and(
        eq(dispatch.itemId, m.itemId),
        eq(dispatch.kind, MEETING_NOTICE),
        isNull(dispatch.supersededAt),
        inArray(dispatch.state, ['pending', 'returned']),
      ),
    );
  for (const d of open) await cancelDispatch(tx, ctx, m.itemId, d.id, `会议取消：${reason}`);
  const topics = await releaseTopics(tx, ctx, m);
  await tx
    .update(meeting)
    .set({ cancelledAt: ctx.now, cancelledByPersonId: ctx.actor.personId, cancelReason: reason })
    .where(eq(meeting.itemId, m.itemId));
  await stopFlow(tx, ctx, m.itemId, { state: 'cancelled', reason });
  const told = [
    ...new Set([
      ...(await everyoneOf(tx, m)),
      ...(await holdersOf(
        tx,
        open.map((d) => d.id),
      )),
    ]),
  ].filter((id) => id !== ctx.actor.personId);
  await notifyPeople(
    tx,
    told.map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `会议取消：${base.title}（原定${beijing(m.startsAt)}，${m.place}）。理由：${reason}`,
      itemId: m.itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.meeting.cancel',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: {
      reason,
      startsAt: m.startsAt.toISOString(),
      bookingId: held?.bookingId ?? null,
      noticesWithdrawn: open.map((d) => d.id),
      topics,
      told: told.length,
    },
  });
}

/**
 * The new hours keep every planning rule a time touches: a 重大行政决策 on the agenda still needs its legality review
 * begun 7 working days before the (new) day (条例 Art.26).
 */
async function assertLegalityLead(tx: Tx, ctx: RequestContext, m: MeetingRow, startsAt: Date) {
  const rows = await tx
    .select({ started: meetingTopic.legalityStartedOn })
    .from(meetingAgendaItem)
    .innerJoin(meetingTopic, eq(meetingTopic.itemId, meetingAgendaItem.topicItemId))
    .where(
      and(
        eq(meetingAgendaItem.meetingItemId, m.itemId),
        inArray(meetingAgendaItem.state, ['planned', 'pending']),
        eq(meetingTopic.majorDecision, true),
      ),
    );
  const day = chinaToday(startsAt);
  for (const r of rows)
    if (!r.started || ctx.cal.workdaysBetween(r.started, day).days < 7)
      throw invalid(
        '议程中的重大行政决策议题，其合法性审查须于会前至少 7 个工作日开始（重大行政决策程序暂行条例第二十六条），不能改到该日',
      );
}

/**
 * 改期: new hours before the start, checked as at planning. The room booking moves through the rooms' own rules (the
 * one held is cancelled, the same room applied for at the new hours: a clash refuses the whole change); the 精文减会
 * warnings are re-checked (a reason needed, as at planning); once the notice went out every invited person and unit is
 * told the new time, which the notice then shows; the check-in window follows the start.
 */
export async function rescheduleMeeting(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: RescheduleMeeting) {
  const m = await changeable(tx, ctx, base, '改期');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw invalid('会议结束时间须晚于开始时间');
  if (startsAt <= ctx.now) throw invalid('会议开始时间已过，请重新选择');
  if (startsAt.getTime() === m.startsAt.getTime() && endsAt.getTime() === m.endsAt.getTime()) throw conflict('会议时间没有变化');
  // Its number (2026年第N次) and the year's counts are the year's: another year is another meeting.
  if (chinaToday(startsAt).slice(0, 4) !== chinaToday(m.startsAt).slice(0, 4))
    throw invalid('会议不能改期到另一年度（会议按年度编号、统计），请取消本次会议后另行安排');
  // People checked in for these hours are not present at others.
  const [checkedIn] = await tx
    .select({ id: meetingCheckIn.personId })
    .from(meetingCheckIn)
    .where(eq(meetingCheckIn.meetingItemId, m.itemId))
    .limit(1);
  if (checkedIn) throw conflict('已有人员签到，不能改期；如确需改期，请先撤销签到');
  await assertLegalityLead(tx, ctx, m, startsAt);
  const everyone = await everyoneOf(tx, m);
  const held = m.roomBookingId ? await roomOf(tx, m.roomBookingId) : null;
  let place = m.place;
  let bookingId = m.roomBookingId;
  if (held && HOLDING.includes(held.bookingState)) {
    await cancelBooking(tx, ctx, held.bookingId, '会议改期');
    const booked = await bookRoom(tx, ctx, held.id, {
      title: base.title,
      officeUnitId: m.officeUnitId,
      startsAt,
      endsAt,
      people: everyone.length,
      classification: base.classification,
      mode: m.mode,
    });
    place = booked.place;
    bookingId = booked.bookingId;
  }
  await tx.update(meeting).set({ startsAt, endsAt, place, roomBookingId: bookingId }).where(eq(meeting.itemId, m.itemId));
  await tx
    .update(item)
    .set({ dueDate: chinaToday(startsAt), updatedAt: ctx.now })
    .where(eq(item.id, m.itemId));
  const invited = await tx
    .select({ personId: meetingParticipant.personId, role: meetingParticipant.role })
    .from(meetingParticipant)
    .where(eq(meetingParticipant.meetingItemId, m.itemId));
  await recheckPlannedMeeting(tx, ctx, {
    itemId: m.itemId,
    officeUnitId: m.officeUnitId,
    meetingKind: m.meetingKind,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    chairPersonId: m.chairPersonId,
    memberIds: invited.filter((p) => p.role === 'member').map((p) => p.personId),
    sitInIds: invited.filter((p) => p.role === 'sitIn').map((p) => p.personId),
    overrideReason: input.overrideReason ?? null,
  });
  const renotified = await tellNewTime(tx, ctx, base, m, { startsAt, place });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.meeting.reschedule',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: {
      before: { startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), bookingId: m.roomBookingId },
      after: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), bookingId },
      renotified,
    },
  });
  return { place, bookingId };
}

/**
 * Once the notice went out: everyone it reached (the chair and staff too) is told the new time; each unit holding it is
 * told (one that sent it back gets it anew); a reply deadline now after the start moves to the start.
 */
async function tellNewTime(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  m: MeetingRow,
  now: { startsAt: Date; place: string },
) {
  const [n] = await tx.select().from(meetingNotice).where(eq(meetingNotice.meetingItemId, m.itemId));
  const line = `会议改期：${base.title}，由${beijing(m.startsAt)}改为${beijing(now.startsAt)}，${now.place}`;
  const people = (await everyoneOf(tx, m)).filter((id) => id !== ctx.actor.personId);
  if (!n) {
    // Before the notice only the chair and staff know of the meeting.
    const staff = await tx
      .select({ personId: meetingParticipant.personId })
      .from(meetingParticipant)
      .where(and(eq(meetingParticipant.meetingItemId, m.itemId), eq(meetingParticipant.role, 'staff')));
    const knowing = new Set([m.chairPersonId, ...staff.map((s) => s.personId)]);
    await tell(
      tx,
      ctx,
      m.itemId,
      people.filter((p) => knowing.has(p)),
      line,
    );
    return false;
  }
  // Those whose notice was withdrawn from their unit are not told again (as sendNotice does not).
  const invited = await invitedOf(tx, m.itemId);
  const gone = withdrawnOf(
    invited,
    await unitsOf(
      tx,
      invited.map((p) => p.personId),
    ),
    await noticeCover(tx, m.itemId),
  );
  if (n.replyBy > now.startsAt)
    await tx.update(meetingNotice).set({ replyBy: now.startsAt }).where(eq(meetingNotice.meetingItemId, m.itemId));
  await tell(
    tx,
    ctx,
    m.itemId,
    people.filter((p) => !gone.has(p)),
    line,
  );
  await renotifyUnits(tx, ctx, m.itemId, new Set(), line, chinaToday(n.replyBy > now.startsAt ? now.startsAt : n.replyBy));
  return true;
}

async function tell(tx: Tx, ctx: RequestContext, itemId: string, personIds: string[], message: string) {
  await notifyPeople(
    tx,
    personIds.map((personId) => ({ personId, kind: 'task' as const, message, itemId, fromPersonId: ctx.actor.personId })),
    ctx.now,
  );
}

/** The units of these people that have registrars cleared for the meeting: the 会议通知 goes to them. */
async function noticeUnits(tx: Tx, personIds: string[], classification: Classification, officeUnitId: string) {
  const units = [...new Set([...(await unitsOf(tx, personIds)).values()].map((u) => u.unitId))];
  const out: string[] = [];
  for (const u of units) if (u !== officeUnitId && (await registrarsOf(tx, u, classification)).length) out.push(u);
  return out;
}

/**
 * A unit's notice still unsigned (or sent back) that now answers for nobody invited is withdrawn through the kernel;
 * the registrars who held its 签收 are returned, to lose the meeting unless `kept` or holding another unit's notice.
 */
async function endEmptyNotices(tx: Tx, ctx: RequestContext, m: MeetingRow, kept: Set<string>) {
  const invited = await invitedOf(tx, m.itemId);
  const units = await unitsOf(
    tx,
    invited.map((p) => p.personId),
  );
  const cover = await noticeCover(tx, m.itemId);
  const answering = new Set(invited.map((p) => cover.get(units.get(p.personId)?.unitId ?? '')?.id));
  const rows = await tx
    .select({ id: dispatch.id, state: dispatch.state })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, m.itemId), eq(dispatch.kind, MEETING_NOTICE), isNull(dispatch.supersededAt)));
  const empty = rows.filter((d) => !answering.has(d.id) && (d.state === 'pending' || d.state === 'returned'));
  for (const d of empty) await cancelDispatch(tx, ctx, m.itemId, d.id, '参会人员调整，该单位已无参会人员');
  const live = rows.filter((d) => !empty.includes(d) && d.state !== 'cancelled').map((d) => d.id);
  const keep = new Set([...kept, ...(await holdersOf(tx, live))]);
  return (
    await holdersOf(
      tx,
      empty.map((d) => d.id),
    )
  ).filter((id) => !keep.has(id));
}

/**
 * 参会人员调整: the members, sit-ins and staff anew before the start, checked as at planning (in service, cleared for
 * the meeting's 密级, the room's capacity, the 精文减会 limits). Staff added read the meeting at once. Once the notice
 * went out, people added are granted the meeting and told, their units sent the notice; people removed lose the
 * meeting (unless still part of it otherwise) with their replies and the substitutes they named, and are told. The
 * check-in list, quorum and the 纪要's attendance read the plan, so they follow.
 */
export async function changeParticipants(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: MeetingPeople) {
  const m = await changeable(tx, ctx, base, '调整参会人员');
  const { members, sitIns, staff, everyone } = await checkPeople(tx, {
    ...input,
    chairPersonId: m.chairPersonId,
    classification: base.classification,
  });
  const before = await tx.select().from(meetingParticipant).where(eq(meetingParticipant.meetingItemId, m.itemId));
  const roleBefore = new Map(before.map((p) => [p.personId, p.role]));
  const roleAfter = new Map<string, 'member' | 'sitIn' | 'staff'>([
    ...members.map((id) => [id, 'member'] as const),
    ...sitIns.map((id) => [id, 'sitIn'] as const),
    ...staff.map((id) => [id, 'staff'] as const),
  ]);
  const order = (ids: string[]) => ids.join(',');
  const same =
    order(before.filter((p) => p.role === 'member').map((p) => p.personId)) === order(members) &&
    order(before.filter((p) => p.role === 'sitIn').map((p) => p.personId)) === order(sitIns) &&
    order(before.filter((p) => p.role === 'staff').map((p) => p.personId)) === order(staff);
  if (same) throw conflict('参会人员没有变化');
  const held = m.roomBookingId ? await roomOf(tx, m.roomBookingId) : null;
  if (held && HOLDING.includes(held.bookingState)) {
    const [room] = await tx.select().from(meetingRoom).where(eq(meetingRoom.id, held.id));
    if (room && everyone.length > room.capacity)
      throw invalid(`参会人数（${everyone.length} 人）超过会议室“${room.name}”的容纳人数（${room.capacity} 人）`);
  }
  await recheckPlannedMeeting(tx, ctx, {
    itemId: m.itemId,
    officeUnitId: m.officeUnitId,
    meetingKind: m.meetingKind,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    chairPersonId: m.chairPersonId,
    memberIds: members,
    sitInIds: sitIns,
    overrideReason: input.overrideReason ?? null,
  });
  // A sit-in kept keeps the topic they sit in for.
  const topicOf = new Map(before.map((p) => [p.personId, p.topicItemId]));
  await tx.delete(meetingParticipant).where(eq(meetingParticipant.meetingItemId, m.itemId));
  await tx.insert(meetingParticipant).values(
    [...members, ...sitIns, ...staff].map((personId, position) => ({
      meetingItemId: m.itemId,
      personId,
      role: roleAfter.get(personId)!,
      topicItemId: roleAfter.get(personId) === 'sitIn' ? (topicOf.get(personId) ?? null) : null,
      position,
    })),
  );
  const invitedRole = (r: string | undefined) => r === 'member' || r === 'sitIn';
  const added = everyone.filter((id) => !roleBefore.has(id));
  const removed = before.map((p) => p.personId).filter((id) => !roleAfter.has(id));
  const newlyInvited = everyone.filter((id) => invitedRole(roleAfter.get(id)) && !invitedRole(roleBefore.get(id)));
  const newStaff = staff.filter((id) => roleBefore.get(id) !== 'staff');
  for (const id of newStaff) await grantItemAccess(tx, m.itemId, { type: 'person', id }, '会议工作人员', ctx.audit, ctx.now);
  const [n] = await tx.select().from(meetingNotice).where(eq(meetingNotice.meetingItemId, m.itemId));
  if (n && newlyInvited.length) {
    for (const id of newlyInvited) await grantItemAccess(tx, m.itemId, { type: 'person', id }, '参会人员', ctx.audit, ctx.now);
    await tell(
      tx,
      ctx,
      m.itemId,
      newlyInvited,
      `会议通知：${base.title}，${beijing(m.startsAt)}，${m.place}，请于${beijing(n.replyBy)}前回执`,
    );
    // Each person's unit, or the unit now answering for it (改派); never a unit whose notice was withdrawn.
    const cover = await noticeCover(tx, m.itemId);
    const withdrawnUnit = (await noticeUnits(tx, newlyInvited, base.classification, m.officeUnitId)).find(
      (u) => cover.get(u)?.state === 'cancelled',
    );
    if (withdrawnUnit) {
      const [u] = await tx.select({ name: unit.name }).from(unit).where(eq(unit.id, withdrawnUnit));
      throw conflict(`${u?.name ?? '该单位'}的会议通知已撤回，不能再邀请该单位的人员`);
    }
    const units = [
      ...new Set(
        (await noticeUnits(tx, newlyInvited, base.classification, m.officeUnitId)).map((u) => cover.get(u)?.unitId ?? u),
      ),
    ];
    const made = await sendToUnits(tx, ctx, {
      itemId: m.itemId,
      kind: MEETING_NOTICE,
      targets: units.map((unitId) => ({ unitId, role: 'assisting' as const })),
      dueDate: chinaToday(n.replyBy),
      note: n.requirements || null,
    });
    // A unit that holds the notice already is told whom it now also answers for.
    const fresh = new Set(made.map((d) => d.unitId));
    const names = await tx.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, newlyInvited));
    const line = `会议通知（新增参会人员${names.map((p) => p.name).join('、')}）：${base.title}，${beijing(m.startsAt)}，${m.place}`;
    for (const u of units.filter((x) => !fresh.has(x)))
      await tell(
        tx,
        ctx,
        m.itemId,
        (await registrarsOf(tx, u, base.classification)).map((r) => r.personId),
        line,
      );
  }
  // No longer invited: their replies go, and with them the substitutes they named.
  const uninvited = before.filter((p) => invitedRole(p.role) && !invitedRole(roleAfter.get(p.personId))).map((p) => p.personId);
  const dropped = uninvited.length
    ? await tx
        .delete(meetingReply)
        .where(and(eq(meetingReply.meetingItemId, m.itemId), inArray(meetingReply.personId, uninvited)))
        .returning({ substitute: meetingReply.substitutePersonId })
    : [];
  const stillIn = new Set([m.chairPersonId, ...everyone]);
  const staffGone = removed.filter((id) => roleBefore.get(id) === 'staff');
  const losing = [...new Set([...uninvited, ...dropped.map((d) => d.substitute ?? ''), ...staffGone])].filter(
    (id) => id && !stillIn.has(id),
  );
  const ended = n ? await endEmptyNotices(tx, ctx, m, new Set([...stillIn, ...losing])) : [];
  for (const id of new Set([...losing, ...ended]))
    await revokePersonAccess(tx, m.itemId, id, '已不在本次会议参会人员之列', ctx.audit, ctx.now);
  const toldGone = n ? losing : staffGone;
  await tell(
    tx,
    ctx,
    m.itemId,
    toldGone.filter((id) => id !== ctx.actor.personId),
    `参会人员调整：您已不在《${base.title}》（${beijing(m.startsAt)}）的参会人员之列`,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.meeting.people',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: {
      before: {
        members: before.filter((p) => p.role === 'member').map((p) => p.personId),
        sitIns: before.filter((p) => p.role === 'sitIn').map((p) => p.personId),
        staff: before.filter((p) => p.role === 'staff').map((p) => p.personId),
      },
      after: { members, sitIns, staff },
      noticeSent: !!n,
      repliesDropped: dropped.length,
    },
  });
  return { added: added.length, removed: removed.length };
}

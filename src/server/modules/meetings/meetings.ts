import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, max, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { assertWithinCeiling, rank, titleFor } from '../../platform/access/classification';
import { CURSORS, decodeCursor, page } from '../../platform/http/pagination';
import type { Classification } from '../../../contract/common';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { startFlow } from '../../platform/flow/engine';
import { stateName } from '../../platform/flow/states';
import { flowView } from '../../platform/flow/view';
import {
  createItem,
  grantItemAccess,
  readableItemsWhere,
  readItem,
  type Authorized,
  type ItemView,
} from '../../platform/items/service';
import { dispatch } from '../../platform/flow/schema';
import { item } from '../../platform/items/schema';
import type { ModuleDef } from '../../platform/modules/registry';
import { notifyPeople } from '../../platform/notify/service';
import { nextNumber } from '../../platform/numbering/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, post, unit } from '../../org/schema';
import type { CreateMeeting, listMeetingsQuerySchema, MeetingKind } from '../../../contract/meetings';
import { kindOf, kindRefusal, MEETING_KINDS } from './kinds';
import { MEETING_FLOW, MEETING_STEP } from './flow';
import { meeting, meetingAgendaItem, meetingParticipant, meetingTopic } from './schema';
import { MEETINGS_KIND } from './service';
import { bookRoom, roomOf } from './meeting-room';
import { checkAgendaSlot, checkPlannedMeeting } from './policy';
import { assertCopiesIn } from './handouts';
import { refuseCancelled } from './cancelled';

// 会议 (issue 17 item 3, DOMAIN §11.2–11.3): the office's registrar drafts the plan and its agenda from the 议题库; the
// chair fixes the agenda (确定议题); after that a topic is added only with the chair's approval.

/** A 重大行政决策's legality review starts at least this many working days before the meeting (条例 Art.26). */
const LEGALITY_WORKDAYS = 7;

const OFFICE_CATEGORIES = ['党委办公室', '政府办公室'];

async function meetingOf(tx: Tx, itemId: string) {
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, itemId));
  return m ?? null;
}

/** Who plans a meeting: the registrars (文书/会务) of its office. */
export const plansFor = (ctx: RequestContext, officeUnitId: string) => hasRoleOver(ctx.actor, 'registrar', officeUnitId);

async function assertLeaders(tx: Tx, ids: string[], label: string) {
  const rows = await tx
    .selectDistinct({ id: post.personId })
    .from(post)
    .where(and(inArray(post.personId, ids), eq(post.isLeader, true), isNull(post.endedAt)));
  if (rows.length !== ids.length) throw invalid(`${label}须为领导职务`);
}

/**
 * The people of a plan, checked as planning checks them (and 参会人员调整 again): nobody both member and sit-in, staff
 * apart, everyone in service and cleared for the meeting's 密级, the chair a leader. The chair leads the members.
 */
export async function checkPeople(
  tx: Tx,
  input: Pick<CreateMeeting, 'chairPersonId' | 'memberIds' | 'sitInIds' | 'staffIds' | 'classification'>,
) {
  const members = [...new Set([input.chairPersonId, ...input.memberIds])];
  if (input.sitInIds.some((id) => members.includes(id))) throw invalid('同一人不能既出席又列席');
  const sitIns = [...new Set(input.sitInIds)];
  const staff = [...new Set(input.staffIds)];
  if (staff.some((id) => members.includes(id) || sitIns.includes(id))) throw invalid('会议工作人员不能同时出席或列席');
  const everyone = [...members, ...sitIns, ...staff];
  const found = await tx
    .select({ id: person.id, name: person.name, clearance: person.clearance })
    .from(person)
    .where(and(inArray(person.id, everyone), isNull(person.disabledAt)));
  if (found.length !== everyone.length) throw invalid('所选人员不存在或已停用');
  // 保密法 Art.38: a meeting admits only people cleared for its 密级 — members, sit-ins and staff alike.
  const uncleared = found.filter((p) => rank(p.clearance as Classification) < rank(input.classification));
  if (uncleared.length)
    throw invalid(`${uncleared.map((p) => p.name).join('、')}的涉密等级低于会议密级“${input.classification}”，不能参加本次会议`);
  await assertLeaders(tx, [input.chairPersonId], '会议主持人');
  const [chair] = await tx.select({ clearance: person.clearance }).from(person).where(eq(person.id, input.chairPersonId));
  if (rank(chair!.clearance as Classification) < rank(input.classification))
    throw invalid(`会议主持人的涉密等级低于会议密级“${input.classification}”`);
  return { members, sitIns, staff, everyone };
}

/** 会议方案: the office's registrar drafts a meeting; the flow starts at 拟定会议方案 in their hands. */
export async function createMeeting(tx: Tx, ctx: RequestContext, input: CreateMeeting) {
  const { actor, now } = ctx;
  const [office] = await tx
    .select({ id: unit.id, category: unit.category })
    .from(unit)
    .where(and(eq(unit.id, input.officeUnitId), inArray(unit.category, OFFICE_CATEGORIES)));
  if (!office) throw invalid('请选择召开会议的党委或政府办公厅（室）');
  const mismatch = await kindRefusal(tx, input.meetingKind, office);
  if (mismatch) throw invalid(mismatch);
  if (!plansFor(ctx, office.id)) throw forbidden('只有本办公厅（室）的登记人员可以拟定会议方案');
  assertWithinCeiling(input.classification, ctx.ceiling);
  if (rank(input.classification) > rank(actor.clearance))
    throw forbidden(`密级“${input.classification}”超出您的涉密等级（${actor.clearance}）`);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw invalid('会议结束时间须晚于开始时间');
  if (startsAt <= now) throw invalid('会议开始时间已过，请重新选择');
  const { members, sitIns, staff, everyone } = await checkPeople(tx, input);
  if (!input.roomId && !input.place) throw invalid('请选择会议室或填写会议地点');
  const kind = MEETING_KINDS[input.meetingKind];
  const day = chinaToday(startsAt);
  const year = Number(day.slice(0, 4));
  const seq = await nextNumber(tx, `meeting:${office.id}:${input.meetingKind}`, year, now);
  const title = `${year}年第${seq}次${kind.name}`;
  const booked = input.roomId
    ? await bookRoom(tx, ctx, input.roomId, {
        title,
        officeUnitId: office.id,
        startsAt,
        endsAt,
        people: everyone.length,
        classification: input.classification,
        mode: input.mode,
      })
    : null;
  const place = booked?.place ?? input.place!;
  const itemId = await createItem(tx, ctx, {
    kind: MEETINGS_KIND,
    title,
    classification: input.classification,
    owningUnitId: office.id,
    owningDepartmentId: actor.departmentId,
    state: MEETING_STEP.plan,
    dueDate: day,
    registryNo: null,
    searchText: [place],
  });
  await tx.insert(meeting).values({
    itemId,
    officeUnitId: office.id,
    meetingKind: input.meetingKind,
    year,
    seq,
    startsAt,
    endsAt,
    place,
    roomBookingId: booked?.bookingId ?? null,
    mode: input.mode,
    chairPersonId: input.chairPersonId,
    createdByPersonId: actor.personId,
    createdAt: now,
  });
  await checkPlannedMeeting(tx, ctx, itemId, input);
  await tx.insert(meetingParticipant).values([
    ...members.map((personId, position) => ({ meetingItemId: itemId, personId, role: 'member' as const, position })),
    ...sitIns.map((personId, i) => ({
      meetingItemId: itemId,
      personId,
      role: 'sitIn' as const,
      position: members.length + i,
    })),
    ...staff.map((personId, i) => ({
      meetingItemId: itemId,
      personId,
      role: 'staff' as const,
      position: members.length + sitIns.length + i,
    })),
  ]);
  // The chair reads the plan (and fixes its agenda) from the start; so do the staff who prepare and record it.
  await grantItemAccess(tx, itemId, { type: 'person', id: input.chairPersonId }, '会议主持人', ctx.audit, now);
  for (const id of staff) await grantItemAccess(tx, itemId, { type: 'person', id }, '会议工作人员', ctx.audit, now);
  await startFlow(tx, ctx, itemId, MEETING_FLOW);
  await recordEvent(tx, ctx.audit, now, {
    action: 'meetings.meeting.create',
    targetType: 'item',
    targetId: itemId,
    unitId: office.id,
    summary: {
      meetingKind: input.meetingKind,
      startsAt: input.startsAt,
      chairPersonId: input.chairPersonId,
      members: members.length,
    },
  });
  return { itemId, title };
}

export async function loadMeeting(tx: Tx, base: Authorized<ItemView>, lock = false) {
  const [m] = lock
    ? await tx.select().from(meeting).where(eq(meeting.itemId, base.id)).for('update')
    : await tx.select().from(meeting).where(eq(meeting.itemId, base.id));
  if (!m) throw notFound('会议');
  return m;
}

/**
 * A topic from the 议题库 onto the agenda: of this office and this kind of meeting, not on another agenda, and — for a
 * 重大行政决策 — with its legality review begun at least 7 working days before the meeting. After the chair fixed the
 * agenda it waits for the chair's approval, unless the chair adds it.
 */
export async function addAgendaTopic(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: { topicItemId: string; reportingUnitId: string | null; minutes: number | null; overrideReason?: string | null },
) {
  // The meeting's row, then the topic's, locked: two additions of one topic, or two at one position, wait in turn.
  const m = await loadMeeting(tx, base, true);
  const isChair = m.chairPersonId === ctx.actor.personId;
  if (!plansFor(ctx, m.officeUnitId) && !isChair) throw forbidden('只有本办公厅（室）的登记人员或会议主持人可以调整议程');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束，不能再增加议题');
  // The topic as the reader may see it (404 otherwise), then its own record.
  const topicBase = await readItem(tx, ctx, input.topicItemId);
  const [t] = await tx.select().from(meetingTopic).where(eq(meetingTopic.itemId, topicBase.id)).for('update');
  if (!t) throw invalid('所选事项不是议题');
  if (rank(topicBase.classification) > rank(base.classification))
    throw invalid(`议题密级“${topicBase.classification}”高于会议密级“${base.classification}”，不能列入本次会议`);
  if (topicBase.stateKey !== 'proposed') throw conflict('只有议题库中待确定的议题可以列入议程');
  if (t.officeUnitId !== m.officeUnitId) throw invalid('该议题不是报送本办公厅（室）的议题');
  if (t.meetingKind !== m.meetingKind)
    throw invalid(`该议题提请的是${MEETING_KINDS[t.meetingKind].name}，不能列入${MEETING_KINDS[m.meetingKind].name}`);
  const [elsewhere] = await tx
    .select({ id: meetingAgendaItem.id })
    .from(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.topicItemId, t.itemId), inArray(meetingAgendaItem.state, ['planned', 'pending'])));
  if (elsewhere) throw conflict('该议题已列入会议议程');
  if (t.majorDecision) {
    const meetingDay = chinaToday(m.startsAt);
    const days = t.legalityStartedOn ? ctx.cal.workdaysBetween(t.legalityStartedOn, meetingDay).days : 0;
    if (!t.legalityPassedOn)
      throw invalid('重大行政决策议题未通过合法性审查，不得提交会议（重大行政决策程序暂行条例第二十五条）');
    if (!t.legalityStartedOn || days < LEGALITY_WORKDAYS)
      throw invalid(
        `重大行政决策的合法性审查须于会前至少 ${LEGALITY_WORKDAYS} 个工作日开始（重大行政决策程序暂行条例第二十六条）：` +
          (t.legalityStartedOn ? `本议题 ${t.legalityStartedOn} 开始，距会议仅 ${days} 个工作日` : '本议题未经合法性审查'),
      );
  }
  if (input.reportingUnitId) {
    const [u] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, input.reportingUnitId));
    if (!u) throw invalid('汇报单位不存在');
  }
  // Sent to the chair (确定议题) or fixed by them: an addition now is the chair's to agree. So is a topic that reached
  // the office after the kind's deadline for topics (会前 N 日, per office: kinds.ts) — the office does not put it on
  // the agenda alone.
  const fixed = m.agendaFixedAt !== null || base.stateKey !== MEETING_STEP.plan;
  const late = await topicLate(tx, m, t.itemId);
  const state: 'pending' | 'planned' = (fixed || late) && !isChair ? 'pending' : 'planned';
  const [last] = await tx
    .select({ n: max(meetingAgendaItem.position) })
    .from(meetingAgendaItem)
    .where(eq(meetingAgendaItem.meetingItemId, m.itemId));
  const id = randomUUID();
  await tx.insert(meetingAgendaItem).values({
    id,
    meetingItemId: m.itemId,
    topicItemId: t.itemId,
    position: (last?.n ?? 0) + 1,
    reportingUnitId: input.reportingUnitId ?? t.proposerUnitId,
    minutes: input.minutes,
    state,
    requestedByPersonId: fixed || state === 'pending' ? ctx.actor.personId : null,
    decidedByPersonId: fixed && isChair ? ctx.actor.personId : null,
    decidedAt: fixed && isChair ? ctx.now : null,
    createdAt: ctx.now,
  });
  await checkAgendaSlot(tx, ctx, m, { id, minutes: input.minutes }, input.overrideReason ?? null);
  // Whoever may read the meeting may read what is on its agenda.
  await grantItemAccess(tx, t.itemId, { type: 'person', id: m.chairPersonId }, '会议主持人', ctx.audit, ctx.now);
  if (m.agendaFixedAt && state === 'planned') await markScheduled(tx, ctx, m.itemId, [t.itemId]);
  if (state === 'pending')
    await notifyPeople(
      tx,
      [
        {
          personId: m.chairPersonId,
          kind: 'task',
          message: late
            ? `${base.title}：议题《${topicBase.title}》${late}，拟列入议程，请审定`
            : `${base.title}：议程确定后拟增加议题《${topicBase.title}》，请审定`,
          itemId: m.itemId,
          fromPersonId: ctx.actor.personId,
        },
      ],
      ctx.now,
    );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.agenda.add',
    targetType: 'item',
    targetId: m.itemId,
    summary: { topicItemId: t.itemId, state, afterFixing: fixed, late },
  });
  return { id, state };
}

/**
 * Why a topic is late for a meeting, in words, or null: it was sent to the office (报送, the office's sending of it
 * first made) later than the kind's days for topics before the meeting's day (calendar days, as the office sets them).
 */
async function topicLate(tx: Tx, m: { officeUnitId: string; meetingKind: MeetingKind; startsAt: Date }, topicItemId: string) {
  const [sent] = await tx
    .select({ at: dispatch.sentAt })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, topicItemId), eq(dispatch.unitId, m.officeUnitId)))
    .orderBy(asc(dispatch.sentAt))
    .limit(1);
  if (!sent) return null;
  const days = (await kindOf(tx, m.officeUnitId, m.meetingKind)).deadlines.topicsBeforeDays;
  const last = new Date(`${chinaToday(m.startsAt)}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - days);
  const lastDay = last.toISOString().slice(0, 10);
  const on = chinaToday(sent.at);
  return on > lastDay ? `于 ${on} 报送，晚于会前 ${days} 日（${lastDay}）的报送时限` : null;
}

/** Takes a topic off an agenda not yet fixed (it goes back to the 议题库); a pending addition may be withdrawn. */
export async function removeAgendaTopic(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, agendaItemId: string) {
  const m = await loadMeeting(tx, base, true);
  const [a] = await tx
    .select()
    .from(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.id, agendaItemId), eq(meetingAgendaItem.meetingItemId, m.itemId)));
  if (!a) throw notFound('议程事项');
  if (!plansFor(ctx, m.officeUnitId) && m.chairPersonId !== ctx.actor.personId)
    throw forbidden('只有本办公厅（室）的登记人员或会议主持人可以调整议程');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束，不能再调整议程');
  // A planned topic leaves while the office still drafts the plan; a request waiting for the chair, by whoever asked.
  const removable =
    (a.state === 'planned' && !m.agendaFixedAt && base.stateKey === MEETING_STEP.plan) ||
    (a.state === 'pending' && a.requestedByPersonId === ctx.actor.personId);
  if (!removable)
    throw conflict(a.state === 'refused' ? '未获同意的议题留存备查，不能删除' : '议程已提请或已由会议主持人确定，不能删除议题');
  await tx.delete(meetingAgendaItem).where(eq(meetingAgendaItem.id, a.id));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.agenda.remove',
    targetType: 'item',
    targetId: m.itemId,
    summary: { topicItemId: a.topicItemId, state: a.state },
  });
}

/** The chair's answer to a topic asked for after the agenda was fixed. */
export async function decideAddition(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  agendaItemId: string,
  approve: boolean,
) {
  const m = await loadMeeting(tx, base);
  if (m.chairPersonId !== ctx.actor.personId) throw forbidden('只有会议主持人可以审定增加的议题');
  const [a] = await tx
    .select()
    .from(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.id, agendaItemId), eq(meetingAgendaItem.meetingItemId, m.itemId)))
    .for('update');
  if (!a) throw notFound('议程事项');
  if (a.state !== 'pending') throw conflict('该议题已审定');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束');
  await tx
    .update(meetingAgendaItem)
    .set({ state: approve ? 'planned' : 'refused', decidedByPersonId: ctx.actor.personId, decidedAt: ctx.now })
    .where(eq(meetingAgendaItem.id, a.id));
  // Agreed while the chair still has the plan, it is fixed with the rest (确定议题).
  if (approve && m.agendaFixedAt) await markScheduled(tx, ctx, m.itemId, [a.topicItemId]);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.agenda.decide',
    targetType: 'item',
    targetId: m.itemId,
    summary: { topicItemId: a.topicItemId, approve },
  });
}

/**
 * The topics are on a fixed agenda: 已列入议程 (no longer to be withdrawn), each on record. Only a topic still in the
 * pool moves; one withdrawn meanwhile is not brought back.
 */
async function markScheduled(tx: Tx, ctx: RequestContext, meetingItemId: string, topicIds: string[]) {
  if (!topicIds.length) return;
  const moved = await tx
    .update(item)
    .set({ state: 'scheduled', updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(and(inArray(item.id, topicIds), eq(item.state, 'proposed')))
    .returning({ id: item.id });
  if (moved.length !== topicIds.length) throw conflict('议程中有议题已撤回或已列入其他会议，请刷新后重试');
  for (const { id } of moved)
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'meetings.topic.schedule',
      targetType: 'item',
      targetId: id,
      summary: { meetingItemId },
    });
}

/** The meeting's own rules, called by the kernel as its flow moves. */
export const meetingHooks: NonNullable<ModuleDef['hooks']> = {
  async beforeSubmit(tx, ctx, e) {
    const m = await meetingOf(tx, e.item.id);
    if (!m) return;
    if (e.step.key === MEETING_STEP.plan) {
      const chosen = e.next.personIds ?? [];
      if (chosen.length !== 1 || chosen[0] !== m.chairPersonId) throw invalid('确定议题须由会议主持人办理');
      // A late topic waiting for the chair counts: the chair agrees to it or not (before or after fixing the rest).
      const planned = await tx
        .select({ id: meetingAgendaItem.id })
        .from(meetingAgendaItem)
        .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), inArray(meetingAgendaItem.state, ['planned', 'pending'])));
      if (!planned.length && MEETING_KINDS[m.meetingKind].decides) throw invalid('议程中还没有议题');
    }
    if (e.step.key === MEETING_STEP.hold) {
      // Ending a meeting that has not begun would open its 纪要 and count it as held.
      if (m.startsAt > ctx.now) throw conflict('会议尚未开始，不能结束会议');
      await assertCopiesIn(tx, m.itemId);
    }
  },
  async afterStep(tx, ctx, e) {
    const m = await meetingOf(tx, e.item.id);
    if (!m || e.step.key !== MEETING_STEP.settle || e.decision !== 'settle') return;
    await tx.update(meeting).set({ agendaFixedAt: ctx.now }).where(eq(meeting.itemId, m.itemId));
    const planned = await tx
      .select({ topic: meetingAgendaItem.topicItemId })
      .from(meetingAgendaItem)
      .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), eq(meetingAgendaItem.state, 'planned')));
    await markScheduled(
      tx,
      ctx,
      m.itemId,
      planned.map((p) => p.topic),
    );
  },
};

/** The meeting's page: the plan, its agenda and people, and its flow as every module shows it. */
export async function meetingDetail(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  const agenda = await tx
    .select({
      a: meetingAgendaItem,
      t: meetingTopic,
      it: { title: item.title, registryNo: item.registryNo, classification: item.classification },
    })
    .from(meetingAgendaItem)
    .innerJoin(meetingTopic, eq(meetingTopic.itemId, meetingAgendaItem.topicItemId))
    .innerJoin(item, eq(item.id, meetingAgendaItem.topicItemId))
    .where(eq(meetingAgendaItem.meetingItemId, m.itemId))
    .orderBy(asc(meetingAgendaItem.position));
  const people = await tx
    .select({ p: meetingParticipant, name: person.name })
    .from(meetingParticipant)
    .innerJoin(person, eq(person.id, meetingParticipant.personId))
    .where(eq(meetingParticipant.meetingItemId, m.itemId))
    .orderBy(asc(meetingParticipant.position));
  const unitIds = [
    ...new Set([m.officeUnitId, ...agenda.flatMap((r) => [r.t.proposerUnitId, r.a.reportingUnitId ?? ''])]),
  ].filter(Boolean);
  const personIds = [
    ...new Set([m.chairPersonId, m.cancelledByPersonId ?? '', ...agenda.map((r) => r.a.requestedByPersonId ?? '')]),
  ].filter(Boolean);
  const units = new Map(
    (await tx.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, unitIds))).map((u) => [u.id, u.name]),
  );
  const names = new Map(
    (await tx.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, personIds))).map((p) => [
      p.id,
      p.name,
    ]),
  );
  const kind = MEETING_KINDS[m.meetingKind];
  return {
    itemId: m.itemId,
    title: base.title,
    office: { id: m.officeUnitId, name: units.get(m.officeUnitId) ?? '' },
    meetingKind: m.meetingKind,
    meetingKindName: kind.name,
    number: `${m.year}年第${m.seq}次`,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    place: m.place,
    room: m.roomBookingId ? await roomOf(tx, m.roomBookingId) : null,
    mode: m.mode,
    chair: { id: m.chairPersonId, name: names.get(m.chairPersonId) ?? '' },
    classification: base.classification,
    state: stateName(base.kind, base.stateKey),
    stateKey: base.stateKey,
    agendaFixedAt: m.agendaFixedAt?.toISOString() ?? null,
    agenda: agenda.map(({ a, t, it }) => ({
      id: a.id,
      topicItemId: a.topicItemId,
      registryNo: it.registryNo,
      title: titleFor(ctx.actor, it.classification as Classification, it.title),
      proposer: units.get(t.proposerUnitId) ?? '',
      majorDecision: t.majorDecision,
      appointments: t.appointments,
      reportingUnit: a.reportingUnitId ? (units.get(a.reportingUnitId) ?? null) : null,
      minutes: a.minutes,
      state: a.state,
      requestedBy: a.requestedByPersonId ? (names.get(a.requestedByPersonId) ?? null) : null,
    })),
    members: people.filter((r) => r.p.role === 'member').map((r) => ({ id: r.p.personId, name: r.name })),
    sitIns: people.filter((r) => r.p.role === 'sitIn').map((r) => ({ id: r.p.personId, name: r.name })),
    staff: people.filter((r) => r.p.role === 'staff').map((r) => ({ id: r.p.personId, name: r.name })),
    mayPlan: plansFor(ctx, m.officeUnitId) && !base.closedAt && !m.cancelledAt && m.startsAt > ctx.now,
    isChair: m.chairPersonId === ctx.actor.personId,
    cancelled: m.cancelledAt
      ? { at: m.cancelledAt.toISOString(), by: names.get(m.cancelledByPersonId ?? '') ?? '', reason: m.cancelReason ?? '' }
      : null,
    ...(await flowView(tx, ctx.actor, base.id, ctx.now)),
  };
}

/** The meetings the reader may read: upcoming soonest first, or past latest first, a page at a time. */
export async function listMeetings(db: Queryable, ctx: RequestContext, query: z.output<typeof listMeetingsQuerySchema>) {
  const upcoming = query.when === 'upcoming';
  const cursor = decodeCursor(query.cursor, CURSORS.timeAndId);
  const at = cursor ? new Date(cursor[0]) : null;
  const rows = await db
    .select({
      m: meeting,
      it: { title: item.title, state: item.state, kind: item.kind, classification: item.classification },
      chair: person.name,
      topics: sql<number>`(select count(*)::int from meeting_agenda_item a where a.meeting_item_id = ${meeting.itemId} and a.state = 'planned')`,
    })
    .from(meeting)
    .innerJoin(item, eq(item.id, meeting.itemId))
    .innerJoin(person, eq(person.id, meeting.chairPersonId))
    .where(
      and(
        eq(item.kind, MEETINGS_KIND),
        readableItemsWhere(ctx.actor, ctx.ceiling),
        upcoming ? gt(meeting.endsAt, ctx.now) : lte(meeting.endsAt, ctx.now),
        at
          ? upcoming
            ? or(gt(meeting.startsAt, at), and(eq(meeting.startsAt, at), gt(meeting.itemId, cursor![1])))
            : or(lt(meeting.startsAt, at), and(eq(meeting.startsAt, at), lt(meeting.itemId, cursor![1])))
          : undefined,
      ),
    )
    .orderBy(...(upcoming ? [asc(meeting.startsAt), asc(meeting.itemId)] : [desc(meeting.startsAt), desc(meeting.itemId)]))
    .limit(query.limit + 1);
  const paged = page(rows, query.limit, (r) => [r.m.startsAt.toISOString(), r.m.itemId]);
  return {
    items: paged.items.map((r) => ({
      itemId: r.m.itemId,
      title: titleFor(ctx.actor, r.it.classification as Classification, r.it.title),
      meetingKindName: MEETING_KINDS[r.m.meetingKind].name,
      startsAt: r.m.startsAt.toISOString(),
      endsAt: r.m.endsAt.toISOString(),
      place: r.m.place,
      chair: r.chair,
      topics: r.topics,
      state: stateName(r.it.kind, r.it.state),
      stateKey: r.it.state,
      cancelReason: r.m.cancelledAt ? (r.m.cancelReason ?? '') : null,
    })),
    nextCursor: paged.nextCursor,
  };
}

import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { rank, titleFor } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import {
  acceptDispatch,
  dispatchesOf,
  resendDispatch,
  returnDispatch,
  sendToUnits,
  type DispatchKindDef,
} from '../../platform/flow/dispatch';
import { holding } from '../../platform/flow/holding';
import { registrarsOf } from '../../platform/flow/resolve';
import { dispatch, task } from '../../platform/flow/schema';
import { grantItemAccess, revokePersonAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { notifyPeople } from '../../platform/notify/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, post, unit } from '../../org/schema';
import { isStateSecret, type Classification } from '../../../contract/common';
import type { AcceptNotice, NoticeView, ReplyInput } from '../../../contract/meetings-notice';
import { MEETING_STEP } from './flow';
import { kindOf } from './kinds';
import { plansFor } from './meetings';
import { MEETING_NOTICE, noticeCover, type NoticeCover } from './notice-cover';
import { meeting, meetingAgendaItem, meetingNotice, meetingParticipant, meetingReply } from './schema';
import { refuseCancelled } from './cancelled';

// 会议通知 and 回执 (DOMAIN §11.3, issue 17 item 3). The office's registrar sends the notice once the chair fixed the
// agenda: through the kernel's dispatch to each unit of the invited people that has registrars (they 签收 with their
// people's 回执, or send it back), and to every invited person, who may read the meeting and answer for themselves.
// Leave is asked of the chair; members of a 常委会议/常务会议 send no substitute.

type MeetingRow = typeof meeting.$inferSelect;
export type Participant = { personId: string; role: 'member' | 'sitIn'; name: string; position: number };

async function loadMeeting(db: Queryable, itemId: string) {
  const [m] = await db.select().from(meeting).where(eq(meeting.itemId, itemId));
  if (!m) throw notFound('会议');
  return m;
}

async function loadNotice(db: Queryable, itemId: string) {
  const [n] = await db.select().from(meetingNotice).where(eq(meetingNotice.meetingItemId, itemId));
  return n ?? null;
}

/** The invited people (members and sit-ins; not the staff) in protocol order. */
export async function invitedOf(db: Queryable, meetingItemId: string): Promise<Participant[]> {
  const rows = await db
    .select({
      personId: meetingParticipant.personId,
      role: meetingParticipant.role,
      name: person.name,
      position: meetingParticipant.position,
    })
    .from(meetingParticipant)
    .innerJoin(person, eq(person.id, meetingParticipant.personId))
    .where(and(eq(meetingParticipant.meetingItemId, meetingItemId), inArray(meetingParticipant.role, ['member', 'sitIn'])))
    .orderBy(asc(meetingParticipant.position));
  return rows as Participant[];
}

/** Each person's unit: that of their primary post in force (else any post in force). */
export async function unitsOf(db: Queryable, personIds: string[]) {
  const out = new Map<string, { unitId: string; unit: string; title: string }>();
  if (!personIds.length) return out;
  const rows = await db
    .select({ personId: post.personId, unitId: post.unitId, unit: unit.name, title: post.title })
    .from(post)
    .innerJoin(unit, eq(unit.id, post.unitId))
    .where(and(inArray(post.personId, personIds), isNull(post.endedAt)))
    .orderBy(desc(post.isPrimary), asc(post.sortOrder), asc(post.createdAt));
  for (const r of rows) if (!out.has(r.personId)) out.set(r.personId, { unitId: r.unitId, unit: r.unit, title: r.title });
  return out;
}

/**
 * The invited people whose notice was withdrawn from their unit (撤回, notice-deliveries.ts): they are no longer asked
 * to reply nor told again; the plan still names them.
 */
export function withdrawnOf(invited: Participant[], units: Map<string, { unitId: string }>, cover: Map<string, NoticeCover>) {
  return new Set(
    invited.filter((p) => cover.get(units.get(p.personId)?.unitId ?? '')?.state === 'cancelled').map((p) => p.personId),
  );
}

/**
 * The invited people whose notice was withdrawn (撤回): materials are not distributed to them, they hold no numbered
 * copy, check in nowhere and have the meeting in no calendar — as if not invited, though the plan names them.
 */
export async function withdrawnPeople(db: Queryable, meetingItemId: string) {
  const invited = await invitedOf(db, meetingItemId);
  if (!invited.length) return new Set<string>();
  const units = await unitsOf(
    db,
    invited.map((p) => p.personId),
  );
  return withdrawnOf(invited, units, await noticeCover(db, meetingItemId));
}

const DAY_MS = 86_400_000;
const dayNumber = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS;

/** 逾期通知: the first sending reached the invited later than the kind's deadline (calendar days before the day). */
async function noticeLate(db: Queryable, m: MeetingRow, firstSentAt: Date) {
  const days = dayNumber(chinaToday(m.startsAt)) - dayNumber(chinaToday(firstSentAt));
  return days < (await kindOf(db, m.officeUnitId, m.meetingKind)).deadlines.noticeBeforeDays;
}

/** 会期 in days: half a day up to 4 hours on one day, else the number of days it spans. */
function durationOf(m: MeetingRow) {
  const days = dayNumber(chinaToday(m.endsAt)) - dayNumber(chinaToday(m.startsAt)) + 1;
  if (days > 1) return days;
  return m.endsAt.getTime() - m.startsAt.getTime() <= 4 * 3_600_000 ? 0.5 : 1;
}

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * 发出会议通知: by the office's registrar, once the chair fixed the agenda and before the meeting starts. Sent again
 * (after a change) it updates the notice and tells everyone again; replies given stay.
 */
export async function sendNotice(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: { replyBy: string; contactName: string; contactPhone: string; requirements: string },
) {
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, base.id)).for('update');
  if (!m) throw notFound('会议');
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以发出会议通知');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束，不能再发出通知');
  if (base.stateKey !== MEETING_STEP.hold) throw conflict('会议主持人确定议题后方可发出会议通知');
  const replyBy = new Date(input.replyBy);
  if (replyBy < ctx.now) throw invalid('回执截止时间不能早于现在');
  if (replyBy > m.startsAt) throw invalid('回执截止时间不能晚于会议开始时间');
  const was = await loadNotice(tx, m.itemId);
  const fields = {
    replyBy,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    requirements: input.requirements,
    sentAt: ctx.now,
    sentByPersonId: ctx.actor.personId,
  };
  if (was)
    await tx
      .update(meetingNotice)
      .set({ ...fields, sends: was.sends + 1 })
      .where(eq(meetingNotice.meetingItemId, m.itemId));
  else await tx.insert(meetingNotice).values({ meetingItemId: m.itemId, firstSentAt: ctx.now, ...fields });
  // Those whose notice was withdrawn from their unit are neither granted the meeting again nor told.
  const everyone = await invitedOf(tx, m.itemId);
  const gone = withdrawnOf(
    everyone,
    await unitsOf(
      tx,
      everyone.map((p) => p.personId),
    ),
    await noticeCover(tx, m.itemId),
  );
  const invited = everyone.filter((p) => !gone.has(p.personId));
  for (const p of invited)
    await grantItemAccess(tx, m.itemId, { type: 'person', id: p.personId }, '参会人员', ctx.audit, ctx.now);
  const again = was ? '（更新）' : '';
  const line = `会议通知${again}：${base.title}，${beijing(m.startsAt)}，${m.place}，请于${beijing(replyBy)}前回执`;
  await notifyPeople(
    tx,
    invited.map((p) => ({
      personId: p.personId,
      kind: 'task' as const,
      message: line,
      itemId: m.itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  // The office itself sends it: its own people's replies are its registrars' to record, with no 签收 to itself.
  // A unit whose people another unit now answers for (改派 after a return) is not sent it again.
  const cover = await noticeCover(tx, m.itemId);
  const units = (await unitsFor(tx, invited, base.classification)).filter(
    (u) => u !== m.officeUnitId && (cover.get(u)?.unitId ?? u) === u,
  );
  const made = await sendToUnits(tx, ctx, {
    itemId: m.itemId,
    kind: MEETING_NOTICE,
    targets: units.map((unitId) => ({ unitId, role: 'assisting' })),
    dueDate: chinaToday(replyBy),
    note: input.requirements || null,
  });
  if (was) await renotifyUnits(tx, ctx, m.itemId, new Set(made.map((d) => d.unitId)), line, chinaToday(replyBy));
  const late = await noticeLate(tx, m, was?.firstSentAt ?? ctx.now);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.notice.send',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { replyBy: input.replyBy, sends: (was?.sends ?? 0) + 1, late, units: units.length, people: invited.length },
  });
  return { late, units: units.length };
}

/** The units of the invited people that have registrars cleared for the meeting (others answer person by person). */
async function unitsFor(tx: Tx, invited: Participant[], classification: Classification) {
  const units = [
    ...new Set(
      [
        ...(
          await unitsOf(
            tx,
            invited.map((p) => p.personId),
          )
        ).values(),
      ].map((u) => u.unitId),
    ),
  ];
  const out: string[] = [];
  for (const u of units) if ((await registrarsOf(tx, u, classification)).length) out.push(u);
  return out;
}

/** Sent again: a unit that sent it back gets it anew; one that has it (signed or not) is told of the change. */
export async function renotifyUnits(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  fresh: Set<string>,
  line: string,
  dueDate: string,
) {
  const rows = await tx
    .select()
    .from(dispatch)
    .where(and(eq(dispatch.itemId, itemId), eq(dispatch.kind, MEETING_NOTICE), isNull(dispatch.supersededAt)));
  for (const d of rows) {
    if (fresh.has(d.unitId) || d.state === 'cancelled') continue;
    if (d.state === 'returned') {
      await resendDispatch(tx, ctx, itemId, d.id, '会议通知已更新，请重新签收', dueDate);
      continue;
    }
    const people = await registrarsOf(tx, d.unitId);
    await notifyPeople(
      tx,
      people.map((p) => ({
        personId: p.personId,
        kind: 'task' as const,
        message: line,
        itemId,
        fromPersonId: ctx.actor.personId,
      })),
      ctx.now,
    );
  }
}

type Via = 'self' | 'unit' | 'office';

/** How the actor may answer for an invited person: themselves, as their unit's registrar, or the office by phone. */
function replyVia(
  ctx: RequestContext,
  m: MeetingRow,
  personId: string,
  unitId: string | null,
  cover: Map<string, NoticeCover>,
): Via | null {
  // The registrars of the unit the person's notice is with now (their own, or the one it was redirected to).
  const d = unitId ? cover.get(unitId) : undefined;
  if (d?.state === 'cancelled') return null;
  if (ctx.actor.personId === personId) return 'self';
  if (plansFor(ctx, m.officeUnitId)) return 'office';
  if (d && hasRoleOver(ctx.actor, 'registrar', d.unitId)) return 'unit';
  return null;
}

/**
 * One 回执, checked and recorded (the latest counts): a substitute where the kind allows it for the person's role, leave
 * with its reason (pending with the chair), and on time or late against the deadline.
 */
async function applyReply(
  tx: Tx,
  ctx: RequestContext,
  m: MeetingRow,
  who: Participant,
  input: ReplyInput,
  via: Via,
  replyBy: Date,
) {
  const kind = await kindOf(tx, m.officeUnitId, m.meetingKind);
  let substitute: { personId: string | null; name: string; post: string } | null = null;
  if (input.reply === 'substitute') {
    if (who.role === 'member' && !kind.substitutes)
      throw invalid(`${kind.name}组成人员不得委托他人代会；${who.name}不能出席的，请向会议主持人请假`);
    if (!input.substitute) throw invalid('请填写代会人员的姓名和职务');
    // DOMAIN §11.8: a classified meeting admits its approved list only — no one attends in another's place.
    const [it] = await tx.select({ classification: item.classification }).from(item).where(eq(item.id, m.itemId));
    const classification = it!.classification as Classification;
    if (isStateSecret(classification)) throw invalid(`本次会议为涉密会议（${classification}），不得委托他人代会`);
    if ('personId' in input.substitute) {
      const id = input.substitute.personId;
      const [p] = await tx
        .select({ name: person.name, clearance: person.clearance })
        .from(person)
        .where(and(eq(person.id, id), isNull(person.disabledAt)));
      if (!p) throw invalid('代会人员不存在或已停用');
      if (rank(p.clearance as Classification) < rank(classification))
        throw invalid(`代会人员${p.name}的涉密等级低于会议密级“${classification}”`);
      const [invited] = await tx
        .select({ id: meetingParticipant.personId })
        .from(meetingParticipant)
        .where(and(eq(meetingParticipant.meetingItemId, m.itemId), eq(meetingParticipant.personId, id)));
      if (invited) throw invalid('代会人员已是本次会议的参会人员');
      substitute = { personId: id, name: p.name, post: (await unitsOf(tx, [id])).get(id)?.title ?? '' };
    } else substitute = { personId: null, ...input.substitute };
  }
  const reason = input.reply === 'leave' ? (input.reason ?? '').trim() : null;
  if (input.reply === 'leave') {
    if (!reason || reason.length < 2) throw invalid('请假须说明事由');
    if (who.personId === m.chairPersonId) throw invalid('会议主持人不能向本人请假，请调整会议时间或主持人');
  }
  const [before] = await tx
    .select()
    .from(meetingReply)
    .where(and(eq(meetingReply.meetingItemId, m.itemId), eq(meetingReply.personId, who.personId)))
    .for('update');
  const row = {
    reply: input.reply,
    reason,
    substitutePersonId: substitute?.personId ?? null,
    substituteName: substitute?.name ?? null,
    substitutePost: substitute?.post ?? null,
    leave: input.reply === 'leave' ? ('pending' as const) : null,
    leaveDecidedByPersonId: null,
    leaveDecidedAt: null,
    leaveRefusal: null,
    repliedAt: ctx.now,
    recordedByPersonId: ctx.actor.personId,
    late: ctx.now > replyBy,
  };
  // Two first answers for one person at once: the second overwrites the first (the latest counts), no error.
  await tx
    .insert(meetingReply)
    .values({ meetingItemId: m.itemId, personId: who.personId, ...row })
    .onConflictDoUpdate({ target: [meetingReply.meetingItemId, meetingReply.personId], set: row });
  // A substitute no longer sent no longer reads the meeting; the one sent does, to check in.
  if (before?.substitutePersonId && before.substitutePersonId !== substitute?.personId)
    await revokePersonAccess(tx, m.itemId, before.substitutePersonId, `不再代${who.name}参会`, ctx.audit, ctx.now);
  if (substitute?.personId)
    await grantItemAccess(tx, m.itemId, { type: 'person', id: substitute.personId }, `代${who.name}参会`, ctx.audit, ctx.now);
  if (input.reply === 'leave')
    await notifyPeople(
      tx,
      [
        {
          personId: m.chairPersonId,
          kind: 'task',
          message: `${who.name}请假（${reason}），请审批`,
          itemId: m.itemId,
          fromPersonId: ctx.actor.personId,
        },
      ],
      ctx.now,
    );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.reply.record',
    targetType: 'item',
    targetId: m.itemId,
    summary: {
      personId: who.personId,
      reply: input.reply,
      reason,
      substitute,
      via,
      late: row.late,
      previous: before?.reply ?? null,
    },
  });
}

async function openNotice(tx: Tx, ctx: RequestContext, m: MeetingRow) {
  const n = await loadNotice(tx, m.itemId);
  if (!n) throw conflict('会议通知尚未发出');
  refuseCancelled(m);
  if (m.startsAt <= ctx.now) throw conflict('会议已开始，回执不能再更改');
  return n;
}

/** 回执 of one invited person: by themselves, by their unit's registrar, or taken by the office by phone. */
export async function recordReply(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, personId: string, input: ReplyInput) {
  const m = await loadMeeting(tx, base.id);
  const who = (await invitedOf(tx, m.itemId)).find((p) => p.personId === personId);
  // Someone not invited, or whom the reader may not answer for, is not there for them.
  if (!who) throw notFound('参会人员');
  const unitId = (await unitsOf(tx, [personId])).get(personId)?.unitId ?? null;
  const via = replyVia(ctx, m, personId, unitId, await noticeCover(tx, m.itemId));
  if (!via) throw notFound('参会人员');
  const n = await openNotice(tx, ctx, m);
  await applyReply(tx, ctx, m, who, input, via, n.replyBy);
}

/** 签收 of the notice by a unit's registrar, with the 回执 of the unit's invited people (the dispatch kind's accept). */
async function acceptWithReplies(tx: Tx, ctx: RequestContext, d: typeof dispatch.$inferSelect, input: unknown) {
  const body = input as AcceptNotice;
  const m = await loadMeeting(tx, d.itemId);
  const n = await openNotice(tx, ctx, m);
  const invited = await invitedOf(tx, m.itemId);
  const units = await unitsOf(
    tx,
    invited.map((p) => p.personId),
  );
  const cover = await noticeCover(tx, m.itemId);
  const ours = invited.filter((p) => cover.get(units.get(p.personId)?.unitId ?? '')?.id === d.id);
  const given = new Set<string>();
  for (const r of body.replies) {
    const who = ours.find((p) => p.personId === r.personId);
    if (!who) throw invalid('回执中有非本单位参会人员');
    if (given.has(r.personId)) throw invalid(`${who.name}的回执填写了两次`);
    given.add(r.personId);
    await applyReply(tx, ctx, m, who, r, 'unit', n.replyBy);
  }
  const answered = new Set(
    (await tx.select({ personId: meetingReply.personId }).from(meetingReply).where(eq(meetingReply.meetingItemId, m.itemId))).map(
      (r) => r.personId,
    ),
  );
  const missing = ours.filter((p) => !answered.has(p.personId));
  if (missing.length) throw invalid(`请填写${missing.map((p) => p.name).join('、')}的回执`);
  return { resultItemId: null };
}

async function noticeDispatchOf(tx: Tx, base: Authorized<ItemView>, dispatchId: string) {
  const [d] = await tx
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(and(eq(dispatch.id, dispatchId), eq(dispatch.itemId, base.id), eq(dispatch.kind, MEETING_NOTICE)));
  if (!d) throw notFound('会议通知');
}

export async function acceptNotice(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  dispatchId: string,
  body: AcceptNotice,
) {
  await noticeDispatchOf(tx, base, dispatchId);
  await acceptDispatch(tx, ctx, dispatchId, body);
}

export async function returnNotice(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, dispatchId: string, reason: string) {
  await noticeDispatchOf(tx, base, dispatchId);
  await returnDispatch(tx, ctx, dispatchId, reason);
}

/** The chair approves leave (the 纪要's 请假 line) or refuses it with a reason (the person is expected). */
export async function decideLeave(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  personId: string,
  input: { approve: boolean; reason: string | null },
) {
  const m = await loadMeeting(tx, base.id);
  if (m.chairPersonId !== ctx.actor.personId) throw forbidden('请假须由会议主持人审批');
  const [r] = await tx
    .select()
    .from(meetingReply)
    .where(and(eq(meetingReply.meetingItemId, m.itemId), eq(meetingReply.personId, personId)))
    .for('update');
  if (!r) throw notFound('请假');
  if (r.leave !== 'pending') throw conflict('该请假已审批或已撤回');
  refuseCancelled(m);
  if (base.closedAt || m.endsAt <= ctx.now) throw conflict('会议已结束');
  const reason = (input.reason ?? '').trim();
  if (!input.approve && reason.length < 2) throw invalid('不同意请假须说明理由');
  await tx
    .update(meetingReply)
    .set({
      leave: input.approve ? 'approved' : 'refused',
      leaveDecidedByPersonId: ctx.actor.personId,
      leaveDecidedAt: ctx.now,
      leaveRefusal: input.approve ? null : reason,
    })
    .where(and(eq(meetingReply.meetingItemId, m.itemId), eq(meetingReply.personId, personId)));
  const tell = [...new Set([personId, r.recordedByPersonId])];
  await notifyPeople(
    tx,
    tell.map((id) => ({
      personId: id,
      kind: 'task' as const,
      message: input.approve ? `${base.title}：请假已获同意` : `${base.title}：请假未获同意（${reason}），请按时参会`,
      itemId: m.itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.leave.decide',
    targetType: 'item',
    targetId: m.itemId,
    summary: { personId, approve: input.approve, reason: input.approve ? null : reason },
  });
}

/**
 * The 回执 of every invited person of a meeting (null where none yet): what check-in and the 纪要 read. A refused leave
 * means the person is expected; an approved one is the 纪要's 请假 line.
 */
export async function repliesOf(
  db: Queryable,
  meetingItemId: string,
): Promise<
  Map<
    string /* personId */,
    {
      reply: 'attend' | 'substitute' | 'leave' | null;
      leave: 'pending' | 'approved' | 'refused' | null;
      substitute: { personId: string | null; name: string; post: string } | null;
    }
  >
> {
  const invited = await invitedOf(db, meetingItemId);
  const rows = await db.select().from(meetingReply).where(eq(meetingReply.meetingItemId, meetingItemId));
  const byPerson = new Map(rows.map((r) => [r.personId, r]));
  return new Map(
    invited.map((p) => {
      const r = byPerson.get(p.personId);
      return [
        p.personId,
        {
          reply: r?.reply ?? null,
          leave: r?.leave ?? null,
          substitute:
            r?.reply === 'substitute'
              ? { personId: r.substitutePersonId, name: r.substituteName ?? '', post: r.substitutePost ?? '' }
              : null,
        },
      ];
    }),
  );
}

/**
 * The notice as the reader may see it: its content (anyone who reads the meeting), the roster — whole for the office
 * and the chair, a unit's people for its registrar, one's own row for an invited person — and what they may do.
 */
export async function noticeView(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>): Promise<NoticeView> {
  const m = await loadMeeting(tx, base.id);
  const n = await loadNotice(tx, m.itemId);
  const invited = await invitedOf(tx, m.itemId);
  const units = await unitsOf(
    tx,
    invited.map((p) => p.personId),
  );
  const cover = await noticeCover(tx, m.itemId);
  const withdrawn = withdrawnOf(invited, units, cover);
  const isChair = m.chairPersonId === ctx.actor.personId;
  const office = plansFor(ctx, m.officeUnitId);
  const whole = office || isChair;
  const open = n !== null && m.startsAt > ctx.now && !base.closedAt;
  const replies = new Map(
    (await tx.select().from(meetingReply).where(eq(meetingReply.meetingItemId, m.itemId))).map((r) => [r.personId, r]),
  );
  const recorders = [...new Set([...replies.values()].map((r) => r.recordedByPersonId))];
  const names = new Map(
    recorders.length
      ? (await tx.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, recorders))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
  const roster = invited.flatMap((p) => {
    const unitId = units.get(p.personId)?.unitId ?? null;
    const via = replyVia(ctx, m, p.personId, unitId, cover);
    if (!whole && !via) return [];
    const r = replies.get(p.personId);
    return [
      {
        personId: p.personId,
        name: p.name,
        role: p.role,
        unit: units.get(p.personId)?.unit ?? null,
        reply: r?.reply ?? null,
        reason: r?.reason ?? null,
        substitute:
          r?.reply === 'substitute'
            ? { personId: r.substitutePersonId, name: r.substituteName ?? '', post: r.substitutePost ?? '' }
            : null,
        leave: r?.leave ?? null,
        leaveRefusal: r?.leaveRefusal ?? null,
        repliedAt: r?.repliedAt.toISOString() ?? null,
        recordedBy: r && r.recordedByPersonId !== p.personId ? (names.get(r.recordedByPersonId) ?? null) : null,
        late: r?.late ?? false,
        mayReply: open && via !== null,
        withdrawn: withdrawn.has(p.personId),
      },
    ];
  });
  return {
    notice: n ? await noticeContent(tx, ctx, m, base, invited, n) : null,
    maySend: office && base.stateKey === MEETING_STEP.hold && !base.closedAt && m.startsAt > ctx.now,
    wholeRoster: whole,
    isChair,
    // The chair decides leave until the meeting ends (the server refuses after).
    mayDecideLeave: isChair && ctx.now < m.endsAt,
    substitutesAllowed: (await kindOf(tx, m.officeUnitId, m.meetingKind)).substitutes,
    open,
    roster,
    myReceipts: await receiptsFor(tx, ctx, m.itemId, invited, units, cover),
    deliveries: whole ? await deliveriesOf(tx, m.itemId, invited, units, cover, replies) : [],
    mayAnswerDeliveries: office && open,
  };
}

async function noticeContent(
  tx: Tx,
  ctx: RequestContext,
  m: MeetingRow,
  base: Authorized<ItemView>,
  invited: Participant[],
  n: typeof meetingNotice.$inferSelect,
) {
  const agenda = await tx
    .select({
      title: item.title,
      classification: item.classification,
      reportingUnit: unit.name,
      minutes: meetingAgendaItem.minutes,
    })
    .from(meetingAgendaItem)
    .innerJoin(item, eq(item.id, meetingAgendaItem.topicItemId))
    .leftJoin(unit, eq(unit.id, meetingAgendaItem.reportingUnitId))
    .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), eq(meetingAgendaItem.state, 'planned')))
    .orderBy(asc(meetingAgendaItem.position));
  return {
    title: base.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    duration: durationOf(m),
    place: m.place,
    agenda: agenda.map((a) => ({
      title: titleFor(ctx.actor, a.classification as Classification, a.title),
      reportingUnit: a.reportingUnit,
      minutes: a.minutes,
    })),
    members: invited.filter((p) => p.role === 'member').map((p) => p.name),
    sitIns: invited.filter((p) => p.role === 'sitIn').map((p) => p.name),
    requirements: n.requirements,
    replyBy: n.replyBy.toISOString(),
    contactName: n.contactName,
    contactPhone: n.contactPhone,
    firstSentAt: n.firstSentAt.toISOString(),
    sentAt: n.sentAt.toISOString(),
    sends: n.sends,
    late: await noticeLate(tx, m, n.firstSentAt),
    noticeBeforeDays: (await kindOf(tx, m.officeUnitId, m.meetingKind)).deadlines.noticeBeforeDays,
  };
}

/** The notices the reader may sign for now, each with the invited people of that unit. */
async function receiptsFor(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  invited: Participant[],
  units: Map<string, { unitId: string; unit: string }>,
  cover: Map<string, NoticeCover>,
) {
  const open = await tx
    .select({ t: task, unitId: dispatch.unitId, unit: unit.name })
    .from(task)
    .innerJoin(dispatch, eq(dispatch.id, task.dispatchId))
    .innerJoin(unit, eq(unit.id, dispatch.unitId))
    .where(and(eq(task.itemId, itemId), eq(task.state, 'open'), isNotNull(task.dispatchId), eq(dispatch.kind, MEETING_NOTICE)));
  return open
    .filter((r) => holding(ctx.actor, r.t) !== null)
    .map((r) => ({
      dispatchId: r.t.dispatchId!,
      unit: r.unit,
      personIds: invited
        .filter((p) => cover.get(units.get(p.personId)?.unitId ?? '')?.id === r.t.dispatchId)
        .map((p) => p.personId),
    }));
}

/**
 * The units sent to and where each stands, for the office and the chair: whom each answers for, who has not replied
 * yet, how often it was chased (the kernel's record of the sending).
 */
async function deliveriesOf(
  tx: Tx,
  itemId: string,
  invited: Participant[],
  units: Map<string, { unitId: string }>,
  cover: Map<string, NoticeCover>,
  replies: Map<string, unknown>,
) {
  const rows = (await dispatchesOf(tx, itemId, MEETING_NOTICE)).filter((d) => !d.supersededAt);
  return rows.map((d) => {
    const people = invited.filter((p) => cover.get(units.get(p.personId)?.unitId ?? '')?.id === d.id);
    return {
      id: d.id,
      unitId: d.unitId,
      unit: d.unitName,
      state: d.state,
      decidedBy: d.decidedBy,
      reason: d.reason,
      remindCount: d.remindCount,
      people: people.map((p) => p.name),
      outstanding: people.filter((p) => !replies.has(p.personId)).map((p) => p.name),
    };
  });
}

/** 会议通知签收, declared by the module: the unit's registrar signs with the 回执 of its people, within a working day. */
export const noticeDispatch: DispatchKindDef = {
  key: MEETING_NOTICE,
  name: '会议通知签收',
  reads: 'full',
  limit: { days: 1, unit: 'working' },
  reminders: { afterDays: [1] },
  accept: acceptWithReplies,
  async label(db, d) {
    const [it] = await db.select({ title: item.title }).from(item).where(eq(item.id, d.itemId));
    return `会议通知《${it?.title ?? ''}》`;
  },
};

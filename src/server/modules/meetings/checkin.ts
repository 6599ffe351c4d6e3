import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { assertWithinCeiling, rank } from '../../platform/access/classification';
import type { TokenSigner } from '../../platform/auth/signed-token';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../../platform/errors';
import { item } from '../../platform/items/schema';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { CheckInSheet, QrCheckInResult } from '../../../contract/meetings-checkin';
import { kindOf, STATUTORY_QUORUM } from './kinds';
import { plansFor } from './meetings';
import { repliesOf, withdrawnPeople } from './notice';
import { meeting, meetingAgendaItem, meetingCheckIn, meetingParticipant, meetingTopic } from './schema';
import { MEETINGS_KIND } from './service';

// 签到 (DOMAIN §11.5, §11.8; issue 17 item 6): the expected attendees check in — checked in by the staff from the list,
// or by scanning the QR code on the staff's screen — from two hours before the start until the end. A classified
// meeting admits only the approved list, each cleared for its 密级 (保密法 Art.38: verify identities). The quorum is
// counted live from the members checked in.

/** Check-in opens this long before the start (attendees arrive early; the staff set up the list). */
const OPENS_BEFORE_MS = 2 * 60 * 60 * 1000;
/** The screen's QR code: valid two minutes, redrawn every minute, so a photo of it passed on soon stops working. */
const CODE_LIFETIME_MS = 2 * 60 * 1000;
const CODE_REFRESH_SECONDS = 60;
const CODE_PURPOSE = 'meetings.checkIn';
/** 涉密会议 (DOMAIN §11.8): 秘密 and above. */
const CLASSIFIED: Classification = '秘密';

type Role = 'member' | 'sitIn' | 'staff';
const ROLE_ORDER: Record<Role, number> = { member: 0, sitIn: 1, staff: 2 };

/**
 * Who may check in to a meeting: its members, sit-ins and staff (meeting_participant), in protocol order, and after them
 * the people of the organisation sent in someone's place (回执 `substitute`, notice.ts), in the role of whom they
 * replace (`forPersonId`) — they never count towards a quorum. For a classified meeting this is also the approved list
 * identities are checked against.
 */
async function expectedAttendees(db: Queryable, meetingItemId: string) {
  const rows = await db
    .select({
      personId: meetingParticipant.personId,
      name: person.name,
      role: meetingParticipant.role,
      clearance: person.clearance,
      position: meetingParticipant.position,
    })
    .from(meetingParticipant)
    .innerJoin(person, eq(person.id, meetingParticipant.personId))
    .where(eq(meetingParticipant.meetingItemId, meetingItemId))
    .orderBy(asc(meetingParticipant.position));
  const withdrawn = await withdrawnPeople(db, meetingItemId);
  const listed = rows
    .filter((r) => !withdrawn.has(r.personId))
    .map((r) => ({
      personId: r.personId,
      name: r.name,
      role: r.role,
      clearance: r.clearance as Classification,
      forPersonId: null as string | null,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  const replies = await repliesOf(db, meetingItemId);
  const sent = [...replies].flatMap(([forPersonId, r]) =>
    r.substitute?.personId && !withdrawn.has(forPersonId) && !listed.some((p) => p.personId === r.substitute!.personId)
      ? [{ forPersonId, personId: r.substitute.personId }]
      : [],
  );
  if (!sent.length) return listed;
  const found = await db
    .select({ id: person.id, name: person.name, clearance: person.clearance })
    .from(person)
    .where(
      inArray(
        person.id,
        sent.map((x) => x.personId),
      ),
    );
  const substitutes = sent.flatMap((x) => {
    const p = found.find((f) => f.id === x.personId);
    const role = listed.find((l) => l.personId === x.forPersonId)?.role ?? 'sitIn';
    return p
      ? [{ personId: p.id, name: p.name, role, clearance: p.clearance as Classification, forPersonId: x.forPersonId }]
      : [];
  });
  return [...listed, ...substitutes];
}

/** The people checked in to a meeting, in the order of the list (for the 纪要's 出席/列席 lines and the 签到表). */
export async function checkInsOf(
  db: Queryable,
  meetingItemId: string,
): Promise<{ personId: string; name: string; role: 'member' | 'sitIn' | 'staff'; at: Date; method: 'manual' | 'qr' }[]> {
  const people = await expectedAttendees(db, meetingItemId);
  const rows = await db.select().from(meetingCheckIn).where(eq(meetingCheckIn.meetingItemId, meetingItemId));
  const byPerson = new Map(rows.map((r) => [r.personId, r]));
  return people.flatMap((p) => {
    const c = byPerson.get(p.personId);
    return c ? [{ personId: p.personId, name: p.name, role: p.role, at: c.at, method: c.method }] : [];
  });
}

/**
 * The meeting as check-in sees it, and where the reader stands: the office's registrars and the meeting's staff keep
 * the check-in; the chair and the members read it; everyone on the list checks themselves in. Anyone else learns
 * nothing of the meeting — but for the bearer of a valid QR code, who is told why they may not check in.
 */
async function gate(tx: Tx, ctx: RequestContext, meetingItemId: string, bearer = false) {
  const [row] = await tx
    .select({ m: meeting, title: item.title, classification: item.classification, closedAt: item.closedAt })
    .from(meeting)
    .innerJoin(item, and(eq(item.id, meeting.itemId), eq(item.kind, MEETINGS_KIND)))
    .where(eq(meeting.itemId, meetingItemId));
  if (!row) throw notFound('会议');
  const [mine] = await tx
    .select({ role: meetingParticipant.role })
    .from(meetingParticipant)
    .where(and(eq(meetingParticipant.meetingItemId, meetingItemId), eq(meetingParticipant.personId, ctx.actor.personId)));
  const registrar = plansFor(ctx, row.m.officeUnitId);
  // The bearer of the screen's code stands in the meeting room: they are told why they may not check in (admitted).
  if (!registrar && !mine && !bearer) throw hiddenFrom('会议');
  const classification = row.classification as Classification;
  assertWithinCeiling(classification, ctx.ceiling);
  if (!bearer && rank(ctx.actor.clearance) < rank(classification))
    throw forbidden(`本次会议密级为“${classification}”，超出您的涉密等级（${ctx.actor.clearance}），不能签到或查看签到情况`);
  const role = mine?.role ?? null;
  return {
    m: row.m,
    title: row.title,
    classification,
    // A cancelled meeting is as closed to check-in as one that ended.
    closed: row.closedAt !== null || row.m.cancelledAt !== null,
    role,
    mayRecord: registrar || role === 'staff',
    mayRead: registrar || role === 'staff' || role === 'member',
  };
}
type Gate = Awaited<ReturnType<typeof gate>>;

const opensAt = (g: Gate) => new Date(g.m.startsAt.getTime() - OPENS_BEFORE_MS);
const isOpen = (g: Gate, now: Date) => !g.closed && now >= opensAt(g) && now < g.m.endsAt;

function assertOpen(g: Gate, now: Date) {
  if (g.closed || now >= g.m.endsAt) throw conflict('会议已结束，不能再签到');
  if (now < opensAt(g)) throw conflict('签到尚未开始：会议开始前 2 小时起可以签到');
}

/** Whether this person may be checked in: on the list and, for a classified meeting, cleared for it. */
async function admitted(tx: Tx, g: Gate, personId: string, self: boolean) {
  const people = await expectedAttendees(tx, g.m.itemId);
  const p = people.find((x) => x.personId === personId);
  const classified = rank(g.classification) >= rank(CLASSIFIED);
  const who = self ? '您' : '该人员';
  if (!p)
    throw forbidden(
      classified
        ? `本次会议为涉密会议（${g.classification}），${who}不在经批准的参会人员名单中，不能签到`
        : `${who}不在本次会议的参会人员名单中，不能签到`,
    );
  if (rank(p.clearance) < rank(g.classification))
    throw forbidden(`本次会议密级为“${g.classification}”，${who}的涉密等级（${p.clearance}）不够，不能签到`);
  return p;
}

async function existing(tx: Tx, meetingItemId: string, personId: string) {
  const [c] = await tx
    .select()
    .from(meetingCheckIn)
    .where(and(eq(meetingCheckIn.meetingItemId, meetingItemId), eq(meetingCheckIn.personId, personId)));
  return c ?? null;
}

async function insertCheckIn(tx: Tx, ctx: RequestContext, g: Gate, personId: string, method: 'manual' | 'qr') {
  // One per person: a second scan or a second staff member at the same moment meets the first.
  const inserted = await tx
    .insert(meetingCheckIn)
    .values({ meetingItemId: g.m.itemId, personId, at: ctx.now, method, byPersonId: ctx.actor.personId })
    .onConflictDoNothing()
    .returning({ at: meetingCheckIn.at });
  if (!inserted.length) return false;
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.checkIn.record',
    targetType: 'item',
    targetId: g.m.itemId,
    unitId: g.m.officeUnitId,
    summary: { personId, method },
  });
  return true;
}

/** The staff check a person in from the list. */
export async function recordCheckIn(tx: Tx, ctx: RequestContext, meetingItemId: string, personId: string) {
  const g = await gate(tx, ctx, meetingItemId);
  if (!g.mayRecord) throw forbidden('只有本办公厅（室）的登记人员或会议工作人员可以办理签到');
  assertOpen(g, ctx.now);
  const p = await admitted(tx, g, personId, false);
  if (!(await insertCheckIn(tx, ctx, g, personId, 'manual'))) throw conflict(`${p.name}已签到`);
}

const CODE_REFUSALS = {
  malformed: '签到码无效，请扫描会场屏幕上的二维码',
  forged: '签到码无效，请扫描会场屏幕上的二维码',
  expired: '签到码已过期，请重新扫描会场屏幕上的二维码',
} as const;

/** The attendee checks themselves in with the token of the screen's QR code: on this meeting, in its window. */
export async function qrCheckIn(
  tx: Tx,
  ctx: RequestContext,
  tokens: TokenSigner,
  meetingItemId: string,
  token: string,
): Promise<QrCheckInResult> {
  const check = tokens.verify(CODE_PURPOSE, token, ctx.now);
  if (!check.ok) throw invalid(CODE_REFUSALS[check.reason]);
  if (check.subject !== meetingItemId) throw invalid('该二维码不是本次会议的签到码，请扫描本会场屏幕上的二维码');
  const g = await gate(tx, ctx, meetingItemId, true);
  assertOpen(g, ctx.now);
  const p = await admitted(tx, g, ctx.actor.personId, true);
  const fresh = await insertCheckIn(tx, ctx, g, p.personId, 'qr');
  const at = fresh ? ctx.now : (await existing(tx, g.m.itemId, p.personId))!.at;
  return { meetingTitle: g.title, name: p.name, role: p.role, at: at.toISOString(), already: !fresh };
}

/** A mistaken check-in undone by the staff, with the reason on record. */
export async function undoCheckIn(tx: Tx, ctx: RequestContext, meetingItemId: string, personId: string, reason: string) {
  const g = await gate(tx, ctx, meetingItemId);
  if (!g.mayRecord) throw forbidden('只有本办公厅（室）的登记人员或会议工作人员可以撤销签到');
  // After the end the sheet is the record (the 纪要's lines, the 签到表 for 会议费): it stays as it is.
  if (g.closed || ctx.now >= g.m.endsAt) throw conflict('会议已结束，签到记录不能再更改');
  const c = await existing(tx, g.m.itemId, personId);
  if (!c) throw notFound('签到记录');
  await tx.delete(meetingCheckIn).where(and(eq(meetingCheckIn.meetingItemId, g.m.itemId), eq(meetingCheckIn.personId, personId)));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.checkIn.undo',
    targetType: 'item',
    targetId: g.m.itemId,
    unitId: g.m.officeUnitId,
    summary: { personId, method: c.method, at: c.at.toISOString(), reason },
  });
}

/** The screen's QR code for the staff: a token for this meeting, valid two minutes. */
export async function checkInCode(tx: Tx, ctx: RequestContext, tokens: TokenSigner, meetingItemId: string) {
  const g = await gate(tx, ctx, meetingItemId);
  if (!g.mayRecord) throw forbidden('只有本办公厅（室）的登记人员或会议工作人员可以显示签到二维码');
  const expiresAt = new Date(ctx.now.getTime() + CODE_LIFETIME_MS);
  const token = tokens.sign(CODE_PURPOSE, g.m.itemId, expiresAt);
  return {
    url: `/meetings/${g.m.itemId}/check-in?t=${encodeURIComponent(token)}`,
    token,
    expiresAt: expiresAt.toISOString(),
    refreshSeconds: CODE_REFRESH_SECONDS,
  };
}

/**
 * 法定人数 (DOMAIN §11.5, kinds.ts `quorum`): more than ½ of the members checked in, or at least ⅔ when a topic on the
 * agenda is on cadre appointments (人事任免).
 */
async function quorumOf(tx: Tx, g: Gate, due: number, present: number, onLeave: number): Promise<CheckInSheet['quorum']> {
  const rule = (await kindOf(tx, g.m.officeUnitId, g.m.meetingKind)).quorum;
  // 请假 is approved leave (the chair's); the rest not here are 未到.
  const absent = due - present - onLeave;
  if (!rule) return { rule: null, due, present, onLeave, absent, needed: null, reached: null };
  const [appointments] = await tx
    .select({ id: meetingAgendaItem.id })
    .from(meetingAgendaItem)
    .innerJoin(meetingTopic, eq(meetingTopic.itemId, meetingAgendaItem.topicItemId))
    .where(
      and(
        eq(meetingAgendaItem.meetingItemId, g.m.itemId),
        eq(meetingAgendaItem.state, 'planned'),
        eq(meetingTopic.appointments, true),
      ),
    )
    .limit(1);
  // Whole people: the smallest number over the share (> ½), or at it (≥ ⅔); the epsilon absorbs 3 × ⅔ = 2.0000…1.
  // Never fewer than the statute's, whatever share an office set.
  const count = (r: { moreThan: number; appointmentsAtLeast: number }) =>
    appointments ? Math.ceil(due * r.appointmentsAtLeast - 1e-9) : Math.floor(due * r.moreThan + 1e-9) + 1;
  const needed = Math.max(count(rule), count(STATUTORY_QUORUM));
  return { rule: appointments ? 'twoThirds' : 'majority', due, present, onLeave, absent, needed, reached: present >= needed };
}

/** The check-in sheet: the list with who checked in, how and when, and the quorum. */
export async function checkInSheet(tx: Tx, ctx: RequestContext, meetingItemId: string): Promise<CheckInSheet> {
  const g = await gate(tx, ctx, meetingItemId);
  if (!g.mayRead) throw forbidden('只有本办公厅（室）的登记人员、会议工作人员、主持人和出席人员可以查看签到情况');
  const people = await expectedAttendees(tx, g.m.itemId);
  const rows = await tx
    .select({ c: meetingCheckIn, by: person.name })
    .from(meetingCheckIn)
    .innerJoin(person, eq(person.id, meetingCheckIn.byPersonId))
    .where(eq(meetingCheckIn.meetingItemId, g.m.itemId));
  const byPerson = new Map(rows.map((r) => [r.c.personId, r]));
  // The quorum counts the members themselves: no one sits in a member's place (DOMAIN §11.1: no proxy votes).
  const members = people.filter((p) => p.role === 'member' && !p.forPersonId);
  const present = members.filter((p) => byPerson.has(p.personId)).length;
  const replies = await repliesOf(tx, g.m.itemId);
  const onLeave = members.filter((p) => !byPerson.has(p.personId) && replies.get(p.personId)?.leave === 'approved').length;
  return {
    meetingItemId: g.m.itemId,
    title: g.title,
    classification: g.classification,
    startsAt: g.m.startsAt.toISOString(),
    endsAt: g.m.endsAt.toISOString(),
    opensAt: opensAt(g).toISOString(),
    open: isOpen(g, ctx.now),
    people: people.map((p) => {
      const r = byPerson.get(p.personId);
      return {
        personId: p.personId,
        name: p.name,
        role: p.role,
        checkIn: r ? { at: r.c.at.toISOString(), method: r.c.method, by: r.by } : null,
      };
    }),
    quorum: await quorumOf(tx, g, members.length, present, onLeave),
    mayRecord: g.mayRecord,
  };
}

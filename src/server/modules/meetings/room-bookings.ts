import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, gte, inArray, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { unitsWithRole, type Actor } from '../../platform/access/actor';
import { assertWithinCeiling, rank, titleFor } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { unit } from '../../org/schema';
import { chinaToday } from '../../platform/workbench/service';
import { isStateSecret } from '../../../contract/common';
import {
  BOOKING_DAYS_MAX,
  type ApplyBooking,
  type Booking,
  type BookingState,
  type DecideBooking,
} from '../../../contract/meetings';
import { meetingRoom, roomBooking } from './schema';
import { EQUIPMENT_NAMES, managesRoom, namesOf, roomViews } from './rooms';

// 会议室预订 (DOMAIN §11.6): anyone signed in applies; the room's manager or its office's registrars allow or deny;
// the applicant (or they) cancel. `wait` and `allow` hold the slot: every command that may make two of them overlap
// reads the room's bookings under a lock on the room's row, so two applications at once cannot both pass.

type RoomRow = typeof meetingRoom.$inferSelect;
type BookingRow = typeof roomBooking.$inferSelect;

const HOLDING: BookingState[] = ['wait', 'allow'];
const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;

/** A moment as Beijing reads it: 2026-11-24 09:00. */
const beijing = (d: Date) => new Date(d.getTime() + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
/** 2026-11-24 09:00–10:00 (the end's day only when it differs). */
function span(a: Date, b: Date) {
  const [s, e] = [beijing(a), beijing(b)];
  return `${s}–${s.slice(0, 10) === e.slice(0, 10) ? e.slice(11) : e}`;
}
/** The first moment of a Beijing day. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** The room's row, locked until the transaction ends: the one gate to its bookings' slots. */
async function lockRoom(tx: Tx, roomId: string): Promise<RoomRow> {
  const [room] = await tx.select().from(meetingRoom).where(eq(meetingRoom.id, roomId)).for('update');
  if (!room) throw notFound('会议室');
  return room;
}

/** Refuses when a booking of the room in one of `states` (not `except`) overlaps [start, end); touching is no overlap. */
async function refuseClash(tx: Tx, actor: Actor, room: RoomRow, start: Date, end: Date, states: BookingState[], except?: string) {
  const where: SQL[] = [
    eq(roomBooking.roomId, room.id),
    inArray(roomBooking.state, states),
    lt(roomBooking.startsAt, end),
    gt(roomBooking.endsAt, start),
  ];
  if (except) where.push(ne(roomBooking.id, except));
  const [other] = await tx
    .select()
    .from(roomBooking)
    .where(and(...where))
    .orderBy(asc(roomBooking.startsAt))
    .limit(1);
  if (other)
    throw conflict(
      `与会议室“${room.name}”已有的预订冲突：${span(other.startsAt, other.endsAt)}“${titleFor(actor, other.classification, other.subject)}”`,
    );
}

/** The rules a booking must meet in its room (DOMAIN §11.6), each refused with what is wrong. */
function checkRoomFits(room: RoomRow, b: Pick<ApplyBooking, 'attendeeCount' | 'needs' | 'classification'>) {
  if (!room.available) throw conflict(`会议室“${room.name}”暂停使用，不能预订`);
  if (b.attendeeCount > room.capacity)
    throw invalid(`参会人数（${b.attendeeCount} 人）超过会议室“${room.name}”的容纳人数（${room.capacity} 人）`);
  // 保密法 Art.38: a classified meeting only in a venue checked for it.
  if (isStateSecret(b.classification) && !room.secretCertified)
    throw invalid(`会议室“${room.name}”不是涉密会议室，不能召开${b.classification}级会议`);
  const missing = b.needs.filter((n) => !room.equipment.includes(n));
  if (missing.length) throw invalid(`会议室“${room.name}”没有所需设备：${missing.map((n) => EQUIPMENT_NAMES[n]).join('、')}`);
}

function parseTimes(input: { startsAt: string; endsAt: string }, now: Date) {
  const start = new Date(input.startsAt);
  const end = new Date(input.endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw invalid('时间格式不正确');
  if (end <= start) throw invalid('结束时间须晚于开始时间');
  if (end.getTime() - start.getTime() > BOOKING_DAYS_MAX * 24 * HOUR) throw invalid(`一次预订不能超过 ${BOOKING_DAYS_MAX} 天`);
  if (start < now) throw invalid('不能预订已经过去的时间');
  return { start, end };
}

/** 申请会议室: checked against the room and every booking holding a slot in it, under the room's lock. */
export async function applyBooking(tx: Tx, ctx: RequestContext, roomId: string, input: ApplyBooking) {
  const { actor, now } = ctx;
  const { start, end } = parseTimes(input, now);
  assertWithinCeiling(input.classification, ctx.ceiling);
  if (rank(input.classification) > rank(actor.clearance))
    throw forbidden(`密级“${input.classification}”超出您的涉密等级（${actor.clearance}）`);
  const hostUnitId = input.hostUnitId ?? actor.unitId;
  if (!hostUnitId) throw invalid('请选择主办单位');
  const [host] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, hostUnitId));
  if (!host) throw invalid('主办单位不存在');
  const room = await lockRoom(tx, roomId);
  checkRoomFits(room, input);
  await refuseClash(tx, actor, room, start, end, HOLDING);
  const id = randomUUID();
  const [row] = await tx
    .insert(roomBooking)
    .values({
      id,
      roomId,
      startsAt: start,
      endsAt: end,
      subject: input.subject,
      applicantPersonId: actor.personId,
      hostUnitId,
      attendeeCount: input.attendeeCount,
      needs: input.needs,
      classification: input.classification,
      state: 'wait',
      createdAt: now,
    })
    .returning();
  await recordEvent(tx, ctx.audit, now, {
    action: 'meetings.booking.apply',
    targetType: 'roomBooking',
    targetId: id,
    unitId: room.officeUnitId,
    summary: { roomId, startsAt: start.toISOString(), endsAt: end.toISOString(), attendeeCount: input.attendeeCount },
  });
  return (await bookingViews(tx, ctx, [row!]))[0]!;
}

/** The booking and its room, the room locked (the order every command takes: room, then booking). */
async function lockBooking(tx: Tx, bookingId: string) {
  const [found] = await tx.select({ roomId: roomBooking.roomId }).from(roomBooking).where(eq(roomBooking.id, bookingId));
  if (!found) throw notFound('会议室预订');
  const room = await lockRoom(tx, found.roomId);
  const [booking] = await tx.select().from(roomBooking).where(eq(roomBooking.id, bookingId));
  return { room, booking: booking! };
}

const STATE_NAMES: Record<BookingState, string> = { wait: '待审批', allow: '已同意', deny: '未同意', cancelled: '已取消' };

/** 审批: the room's manager or its office's registrars; allowing checks the slot again against allowed bookings. */
export async function decideBooking(tx: Tx, ctx: RequestContext, bookingId: string, input: DecideBooking) {
  const { room, booking } = await lockBooking(tx, bookingId);
  if (!managesRoom(ctx.actor, room)) throw forbidden('只有会议室管理员或其所属单位的登记人员可以审批预订');
  if (booking.state !== 'wait') throw conflict(`该预订${STATE_NAMES[booking.state]}，不能再审批`);
  if (input.decision === 'deny' && !input.reason) throw invalid('不同意须填写理由');
  if (input.decision === 'allow') {
    if (booking.endsAt <= ctx.now) throw conflict('会议时间已过，不能再同意');
    checkRoomFits(room, booking);
    await refuseClash(tx, ctx.actor, room, booking.startsAt, booking.endsAt, ['allow'], booking.id);
  }
  const [row] = await tx
    .update(roomBooking)
    .set({ state: input.decision, decidedByPersonId: ctx.actor.personId, decidedAt: ctx.now, decisionReason: input.reason })
    .where(eq(roomBooking.id, bookingId))
    .returning();
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: input.decision === 'allow' ? 'meetings.booking.allow' : 'meetings.booking.deny',
    targetType: 'roomBooking',
    targetId: bookingId,
    unitId: room.officeUnitId,
    summary: { roomId: room.id, reason: input.reason },
  });
  return (await bookingViews(tx, ctx, [row!]))[0]!;
}

/** 取消: the applicant, or whoever decides the room's bookings; the slot is free at once. */
export async function cancelBooking(tx: Tx, ctx: RequestContext, bookingId: string, reason: string | null) {
  const { room, booking } = await lockBooking(tx, bookingId);
  if (booking.applicantPersonId !== ctx.actor.personId && !managesRoom(ctx.actor, room))
    throw forbidden('只有申请人或会议室管理员可以取消预订');
  if (!HOLDING.includes(booking.state)) throw conflict(`该预订${STATE_NAMES[booking.state]}，不能取消`);
  if (booking.endsAt <= ctx.now) throw conflict('会议已结束，不能取消');
  const [row] = await tx
    .update(roomBooking)
    .set({ state: 'cancelled', decidedByPersonId: ctx.actor.personId, decidedAt: ctx.now, decisionReason: reason })
    .where(eq(roomBooking.id, bookingId))
    .returning();
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.booking.cancel',
    targetType: 'roomBooking',
    targetId: bookingId,
    unitId: room.officeUnitId,
    summary: { roomId: room.id, before: booking.state, reason },
  });
  return (await bookingViews(tx, ctx, [row!]))[0]!;
}

/** Bookings as the reader sees them: subjects above their clearance withheld, what they may do with each. */
async function bookingViews(db: Queryable, ctx: RequestContext, rows: BookingRow[]): Promise<Booking[]> {
  const roomIds = [...new Set(rows.map((r) => r.roomId))];
  const rooms = roomIds.length ? await db.select().from(meetingRoom).where(inArray(meetingRoom.id, roomIds)) : [];
  const roomOf = new Map(rooms.map((r) => [r.id, r]));
  const names = await namesOf(
    db,
    rows.map((r) => r.hostUnitId),
    rows.flatMap((r) => [r.applicantPersonId, ...(r.decidedByPersonId ? [r.decidedByPersonId] : [])]),
  );
  const { actor, now } = ctx;
  return rows.map((r) => {
    const room = roomOf.get(r.roomId)!;
    const open = HOLDING.includes(r.state) && r.endsAt > now;
    return {
      id: r.id,
      room: { id: room.id, name: room.name },
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      subject: titleFor(actor, r.classification, r.subject),
      applicant: names.person(r.applicantPersonId),
      hostUnit: names.unit(r.hostUnitId),
      attendeeCount: r.attendeeCount,
      needs: r.needs,
      classification: r.classification,
      state: r.state,
      past: r.endsAt <= now,
      decidedBy: r.decidedByPersonId ? names.person(r.decidedByPersonId) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionReason: r.decisionReason,
      createdAt: r.createdAt.toISOString(),
      canDecide: r.state === 'wait' && r.endsAt > now && managesRoom(actor, room),
      canCancel: open && (r.applicantPersonId === actor.personId || managesRoom(actor, room)),
    };
  });
}

/** Monday of the Beijing week a moment falls in, YYYY-MM-DD. */
function mondayOf(now: Date) {
  const day = new Date(`${chinaToday(now)}T00:00:00Z`);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 24 * HOUR).toISOString().slice(0, 10);
}

/** 会议室一周: every room (of an office, if named) and the bookings holding a slot in the seven days from `start`. */
export async function roomWeek(
  db: Queryable,
  ctx: RequestContext,
  q: { start?: string | undefined; officeUnitId?: string | undefined },
) {
  const first = q.start ?? mondayOf(ctx.now);
  const from = dayStart(first);
  const to = new Date(from.getTime() + 7 * 24 * HOUR);
  const days = Array.from({ length: 7 }, (_, i) => chinaToday(new Date(from.getTime() + i * 24 * HOUR)));
  const rooms = await db
    .select()
    .from(meetingRoom)
    .where(q.officeUnitId ? eq(meetingRoom.officeUnitId, q.officeUnitId) : undefined)
    .orderBy(asc(meetingRoom.building), asc(meetingRoom.floor), asc(meetingRoom.name));
  const rows = rooms.length
    ? await db
        .select()
        .from(roomBooking)
        .where(
          and(
            inArray(
              roomBooking.roomId,
              rooms.map((r) => r.id),
            ),
            inArray(roomBooking.state, HOLDING),
            lt(roomBooking.startsAt, to),
            gt(roomBooking.endsAt, from),
          ),
        )
        .orderBy(asc(roomBooking.startsAt))
    : [];
  return {
    days,
    today: chinaToday(ctx.now),
    rooms: await roomViews(db, ctx.actor, rooms),
    bookings: await bookingViews(db, ctx, rows),
  };
}

/** `pending`: bookings waiting for the reader's decision; `mine`: the reader's own, from today on. */
export async function listBookings(db: Queryable, ctx: RequestContext, scope: 'pending' | 'mine') {
  const { actor, now } = ctx;
  let where: SQL | undefined;
  if (scope === 'mine') {
    where = and(eq(roomBooking.applicantPersonId, actor.personId), gte(roomBooking.endsAt, dayStart(chinaToday(now))));
  } else {
    const offices = unitsWithRole(actor, 'registrar');
    const rooms = await db
      .select({ id: meetingRoom.id })
      .from(meetingRoom)
      .where(
        offices.length
          ? or(eq(meetingRoom.managerPersonId, actor.personId), inArray(meetingRoom.officeUnitId, offices))
          : eq(meetingRoom.managerPersonId, actor.personId),
      );
    if (!rooms.length) return { items: [] };
    where = and(
      inArray(
        roomBooking.roomId,
        rooms.map((r) => r.id),
      ),
      eq(roomBooking.state, 'wait'),
      gt(roomBooking.endsAt, now),
    );
  }
  const rows = await db.select().from(roomBooking).where(where).orderBy(asc(roomBooking.startsAt)).limit(200);
  return { items: await bookingViews(db, ctx, rows) };
}

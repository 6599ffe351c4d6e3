import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import type { Authorized, ItemView } from '../../platform/items/service';
import { hasRoleOver } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { Classification } from '../../../contract/common';
import type { RoomEquipment } from '../../../contract/meetings';
import { applyBooking, cancelBooking } from './room-bookings';
import { meeting, meetingParticipant, meetingRoom, roomBooking } from './schema';
import { refuseCancelled } from './cancelled';

// A meeting's room (issue 17 items 3–4): the plan books a room of the office's for the meeting's hours through the
// rooms' own rules (capacity, a certified room for a classified meeting, no overlap with a held booking — DOMAIN
// §11.6); the booking waits for the room's manager like any other. Changing the room cancels the booking held.

/** The place as a notice names it: 市委常委会议室（市委1号楼3楼）. */
const placeOf = (r: typeof meetingRoom.$inferSelect) => `${r.name}（${r.building}${r.floor}）`;

/** Books the room for a meeting being planned; the applicant is the planner, the host unit the office. */
export async function bookRoom(
  tx: Tx,
  ctx: RequestContext,
  roomId: string,
  m: {
    title: string;
    officeUnitId: string;
    startsAt: Date;
    endsAt: Date;
    people: number;
    classification: Classification;
    mode: 'onsite' | 'video' | 'hybrid';
  },
) {
  const needs: RoomEquipment[] = m.mode === 'onsite' ? [] : ['video'];
  const booking = await applyBooking(tx, ctx, roomId, {
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    subject: m.title,
    hostUnitId: m.officeUnitId,
    attendeeCount: m.people,
    needs,
    classification: m.classification,
  });
  const [room] = await tx.select().from(meetingRoom).where(eq(meetingRoom.id, roomId));
  return { bookingId: booking.id, place: placeOf(room!) };
}

/** The meeting page's room: which, and where its booking stands. */
export async function roomOf(db: Queryable, bookingId: string) {
  const [r] = await db
    .select({ id: meetingRoom.id, name: meetingRoom.name, bookingId: roomBooking.id, bookingState: roomBooking.state })
    .from(roomBooking)
    .innerJoin(meetingRoom, eq(meetingRoom.id, roomBooking.roomId))
    .where(eq(roomBooking.id, bookingId));
  return r ?? null;
}

/**
 * 更换会议室: the office's registrar books another room for the meeting's hours before it starts (after a denial, or a
 * larger room); the booking held till now is cancelled in the same transaction, so a refusal changes nothing.
 */
export async function changeMeetingRoom(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, roomId: string) {
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, base.id)).for('update');
  if (!m) throw notFound('会议');
  if (!hasRoleOver(ctx.actor, 'registrar', m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以更换会议室');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已开始或已结束，不能更换会议室');
  const held = m.roomBookingId ? await roomOf(tx, m.roomBookingId) : null;
  if (held?.id === roomId && (held.bookingState === 'wait' || held.bookingState === 'allow'))
    throw conflict(`已预订会议室“${held.name}”`);
  if (held && (held.bookingState === 'wait' || held.bookingState === 'allow'))
    await cancelBooking(tx, ctx, held.bookingId, '会议更换会议室');
  const people = await tx
    .select({ personId: meetingParticipant.personId })
    .from(meetingParticipant)
    .where(eq(meetingParticipant.meetingItemId, m.itemId));
  const booked = await bookRoom(tx, ctx, roomId, {
    title: base.title,
    officeUnitId: m.officeUnitId,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    people: people.length,
    classification: base.classification,
    mode: m.mode,
  });
  await tx.update(meeting).set({ roomBookingId: booked.bookingId, place: booked.place }).where(eq(meeting.itemId, m.itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.meeting.room',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { roomId, bookingId: booked.bookingId, before: held?.bookingId ?? null },
  });
  return { place: booked.place, bookingId: booked.bookingId };
}

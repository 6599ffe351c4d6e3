import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { forbidden, invalid, notFound } from '../../platform/errors';
import { person, unit } from '../../org/schema';
import type { CreateRoom, ListRoomsQuery, RoomEquipment, RoomInput } from '../../../contract/meetings';
import { meetingRoom } from './schema';

// 会议室 (DOMAIN §11.6): the rooms an office keeps. Its registrars add and edit them; everyone signed in sees them
// and applies for them (room-bookings.ts); the room's manager (会务科) decides, or the office's registrars.

/** The names of equipment in the server's refusals (the web has its own in its catalogs). */
export const EQUIPMENT_NAMES: Record<RoomEquipment, string> = {
  projector: '投影仪',
  screen: '显示屏',
  video: '视频会议',
  microphone: '扩音话筒',
  recording: '录音录像',
};

type RoomRow = typeof meetingRoom.$inferSelect;

const editsRooms = (a: Actor, officeUnitId: string) => hasRoleOver(a, 'registrar', officeUnitId);
export const managesRoom = (a: Actor, room: Pick<RoomRow, 'managerPersonId' | 'officeUnitId'>) =>
  room.managerPersonId === a.personId || editsRooms(a, room.officeUnitId);

/** Names of units and people by id, in two reads. */
export async function namesOf(db: Queryable, unitIds: string[], personIds: string[]) {
  const units = unitIds.length
    ? await db
        .select({ id: unit.id, name: unit.name })
        .from(unit)
        .where(inArray(unit.id, [...new Set(unitIds)]))
    : [];
  const people = personIds.length
    ? await db
        .select({ id: person.id, name: person.name })
        .from(person)
        .where(inArray(person.id, [...new Set(personIds)]))
    : [];
  const u = new Map(units.map((r) => [r.id, r.name]));
  const p = new Map(people.map((r) => [r.id, r.name]));
  return {
    unit: (id: string) => ({ id, name: u.get(id) ?? '' }),
    person: (id: string) => ({ id, name: p.get(id) ?? '' }),
  };
}

export async function roomViews(db: Queryable, actor: Actor, rows: RoomRow[]) {
  const names = await namesOf(
    db,
    rows.map((r) => r.officeUnitId),
    rows.map((r) => r.managerPersonId),
  );
  return rows.map((r) => ({
    id: r.id,
    office: names.unit(r.officeUnitId),
    name: r.name,
    building: r.building,
    floor: r.floor,
    capacity: r.capacity,
    equipment: r.equipment,
    manager: names.person(r.managerPersonId),
    available: r.available,
    secretCertified: r.secretCertified,
    editable: editsRooms(actor, r.officeUnitId),
    manages: managesRoom(actor, r),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The rooms that match the filters, by office, building, floor and name. */
export async function listRooms(db: Queryable, ctx: RequestContext, q: ListRoomsQuery) {
  const where: SQL[] = [];
  if (q.officeUnitId) where.push(eq(meetingRoom.officeUnitId, q.officeUnitId));
  if (q.minCapacity) where.push(gte(meetingRoom.capacity, q.minCapacity));
  if (q.equipment) where.push(sql`${q.equipment} = any(${meetingRoom.equipment})`);
  if (q.available) where.push(eq(meetingRoom.available, q.available === 'true'));
  if (q.secretCertified) where.push(eq(meetingRoom.secretCertified, q.secretCertified === 'true'));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(meetingRoom.name, like), ilike(meetingRoom.building, like))!);
  }
  const rows = await db
    .select()
    .from(meetingRoom)
    .where(and(...where))
    .orderBy(asc(meetingRoom.officeUnitId), asc(meetingRoom.building), asc(meetingRoom.floor), asc(meetingRoom.name));
  return { items: await roomViews(db, ctx.actor, rows) };
}

async function checkManager(db: Queryable, personId: string) {
  const [p] = await db.select({ id: person.id }).from(person).where(eq(person.id, personId));
  if (!p) throw invalid('请选择会议室管理员（未找到该人员）');
}

async function checkNameFree(db: Queryable, officeUnitId: string, name: string, except: string | null) {
  const [same] = await db
    .select({ id: meetingRoom.id })
    .from(meetingRoom)
    .where(and(eq(meetingRoom.officeUnitId, officeUnitId), eq(meetingRoom.name, name)));
  if (same && same.id !== except) throw invalid(`本单位已有名为“${name}”的会议室`);
}

/** A registrar of the office adds a room to it. */
export async function createRoom(tx: Tx, ctx: RequestContext, input: CreateRoom) {
  const officeUnitId = input.officeUnitId ?? ctx.actor.unitId;
  if (!officeUnitId || !editsRooms(ctx.actor, officeUnitId)) throw forbidden('只有本单位登记人员可以添加会议室');
  await checkManager(tx, input.managerPersonId);
  await checkNameFree(tx, officeUnitId, input.name, null);
  const { officeUnitId: _, ...fields } = input;
  const id = randomUUID();
  const [row] = await tx
    .insert(meetingRoom)
    .values({ id, officeUnitId, ...fields, createdAt: ctx.now, updatedAt: ctx.now })
    .returning();
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.room.create',
    targetType: 'meetingRoom',
    targetId: id,
    unitId: officeUnitId,
    summary: { ...fields },
  });
  return (await roomViews(tx, ctx.actor, [row!]))[0]!;
}

/** A registrar of the room's office edits it; what changed, before and after, is on record. */
export async function updateRoom(tx: Tx, ctx: RequestContext, roomId: string, input: RoomInput) {
  const [before] = await tx.select().from(meetingRoom).where(eq(meetingRoom.id, roomId)).for('update');
  if (!before) throw notFound('会议室');
  if (!editsRooms(ctx.actor, before.officeUnitId)) throw forbidden('只有会议室所属单位的登记人员可以修改会议室');
  if (input.managerPersonId !== before.managerPersonId) await checkManager(tx, input.managerPersonId);
  await checkNameFree(tx, before.officeUnitId, input.name, roomId);
  const [row] = await tx
    .update(meetingRoom)
    .set({ ...input, updatedAt: ctx.now })
    .where(eq(meetingRoom.id, roomId))
    .returning();
  const changed = (Object.keys(input) as (keyof RoomInput)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]),
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.room.edit',
    targetType: 'meetingRoom',
    targetId: roomId,
    unitId: before.officeUnitId,
    summary: {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, input[k]])),
    },
  });
  return (await roomViews(tx, ctx.actor, [row!]))[0]!;
}

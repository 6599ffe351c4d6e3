import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import { recordEvent, type AuditContext } from '../../platform/audit/service';
import { account } from '../../platform/auth/schema';
import { unit } from '../../org/schema';
import type { RoomEquipment } from '../../../contract/meetings';
import { meetingRoom, roomBooking } from './schema';

/** The demo office's rooms: 会务科's head keeps them; one is checked for classified meetings. */
const DEMO_ROOMS: {
  name: string;
  building: string;
  floor: string;
  capacity: number;
  equipment: RoomEquipment[];
  secretCertified: boolean;
}[] = [
  {
    name: '常委会议室',
    building: '市委1号楼',
    floor: '三楼',
    capacity: 30,
    equipment: ['screen', 'microphone', 'recording'],
    secretCertified: true,
  },
  {
    name: '第一会议室',
    building: '市委1号楼',
    floor: '二楼',
    capacity: 60,
    equipment: ['projector', 'screen', 'video', 'microphone'],
    secretCertified: false,
  },
  { name: '第三会议室', building: '市委2号楼', floor: '五楼', capacity: 12, equipment: ['screen'], secretCertified: false },
];

const MANAGER = 'fengxiaoli';
const HOUR = 3_600_000;

/**
 * Rooms of the demo office (市委办) and two bookings in the days ahead, one allowed and one waiting for 冯晓丽. A room
 * the office already has by that name is left as it is, so seeding twice adds nothing.
 */
export async function seedDemoRooms(tx: Tx, audit: AuditContext, now: Date) {
  const [office] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.shortName, '市委办'));
  const people = new Map((await tx.select({ u: account.username, p: account.personId }).from(account)).map((r) => [r.u, r.p]));
  const manager = people.get(MANAGER);
  if (!office || !manager) return;
  const ids: string[] = [];
  for (const r of DEMO_ROOMS) {
    const [made] = await tx
      .insert(meetingRoom)
      .values({ id: randomUUID(), officeUnitId: office.id, ...r, managerPersonId: manager, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: meetingRoom.id });
    if (!made) continue;
    ids.push(made.id);
    await recordEvent(tx, audit, now, {
      action: 'meetings.room.create',
      targetType: 'meetingRoom',
      targetId: made.id,
      unitId: office.id,
      summary: { name: r.name, capacity: r.capacity },
    });
  }
  const applicant = people.get('chenjing');
  // Only with the rooms made now: a second seeding finds them there and books nothing again.
  if (ids.length < DEMO_ROOMS.length || !applicant) return;
  // Tomorrow and the day after, Beijing 09:00 and 14:30.
  const day = (n: number, h: number) => {
    const d = new Date(new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10) + 'T00:00:00+08:00');
    return new Date(d.getTime() + (n * 24 + h) * HOUR);
  };
  const base = {
    applicantPersonId: applicant,
    hostUnitId: office.id,
    needs: [],
    classification: '公开' as const,
    createdAt: now,
  };
  await tx.insert(roomBooking).values([
    {
      id: randomUUID(),
      roomId: ids[1]!,
      startsAt: day(1, 9),
      endsAt: day(1, 10.5),
      subject: '全市营商环境工作推进会',
      attendeeCount: 45,
      state: 'allow',
      decidedByPersonId: manager,
      decidedAt: now,
      ...base,
    },
    {
      id: randomUUID(),
      roomId: ids[2]!,
      startsAt: day(2, 14.5),
      endsAt: day(2, 16),
      subject: '办公室周例会',
      attendeeCount: 10,
      state: 'wait',
      ...base,
    },
  ]);
}

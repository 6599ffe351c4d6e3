import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, contextFor, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { rowsOf } from '../../platform/db/client';
import { applyBookingBodySchema } from '../../../contract/meetings';
import { applyBooking } from './room-bookings';
import { event } from '../../platform/audit/schema';
import { person } from '../../org/schema';
import { meetingRoom, roomBooking } from './schema';
import { seedDemoRooms } from './room-demo';

// 会议室 (DOMAIN §11.6, issue 17 item 4): rooms kept by an office, bookings checked against the room (capacity,
// equipment, a certified room for a classified meeting) and against each other (no two holding a slot overlap),
// decided by the room's manager, cancelled by the applicant.

/** Beijing time on Tuesday 24 November 2026 (the test clock is Monday 23 November, 10:00 Beijing). */
const tue = (hhmm: string) => `2026-11-24T${hhmm}:00+08:00`;

describe.each(engines)('会议室: rooms and their bookings (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};

  const as = async (username: string) => (c[username] ??= await signedIn(t, username));
  const room = (over: Record<string, unknown> = {}) => ({
    name: '测试会议室',
    building: '市委2号楼',
    floor: '四楼',
    capacity: 20,
    equipment: ['projector', 'screen'],
    managerPersonId: ids.feng,
    ...over,
  });
  const booking = (over: Record<string, unknown> = {}) => ({
    startsAt: tue('09:00'),
    endsAt: tue('10:00'),
    subject: '全市安全生产工作调度会',
    attendeeCount: 15,
    needs: ['projector'],
    ...over,
  });
  async function apply(username: string, roomId: string, over: Record<string, unknown> = {}) {
    return (await as(username)).post(`/api/v1/rooms/${roomId}/bookings`, booking(over));
  }
  async function makeRoom(name: string, over: Record<string, unknown> = {}) {
    const res = await (await as('chenjing')).post('/api/v1/rooms', room({ name, ...over }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    const [feng] = await t.database.db.select({ id: person.id }).from(person).where(eq(person.name, '冯晓丽'));
    ids.feng = feng!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the demo office keeps three rooms, one certified for classified meetings, managed by 冯晓丽', async () => {
    const res = await (await as('liuyang')).get('/api/v1/rooms');
    expect(res.status).toBe(200);
    const demo = (
      res.body.items as { name: string; secretCertified: boolean; manager: { name: string }; editable: boolean }[]
    ).filter((r) => ['常委会议室', '第一会议室', '第三会议室'].includes(r.name));
    expect(demo).toHaveLength(3);
    expect(demo.filter((r) => r.secretCertified).map((r) => r.name)).toEqual(['常委会议室']);
    expect(new Set(demo.map((r) => r.manager.name))).toEqual(new Set(['冯晓丽']));
    expect(demo.every((r) => !r.editable)).toBe(true);
    const mine = await (await as('fengxiaoli')).get('/api/v1/rooms?secretCertified=true');
    expect(mine.body.items.map((r: { manages: boolean }) => r.manages)).toContain(true);
  });

  it('seeding the demo rooms again adds nothing', async () => {
    const db = t.database.db;
    const count = async () => [(await db.select().from(meetingRoom)).length, (await db.select().from(roomBooking)).length];
    const before = await count();
    await db.transaction((tx) => seedDemoRooms(tx, { personId: null, postId: null, requestId: 'test' }, t.clock.now()));
    expect(await count()).toEqual(before);
  });

  it("the office's registrars add and edit its rooms; nobody else does", async () => {
    const id = await makeRoom('第五会议室');
    const after = await (await as('chenjing')).put(`/api/v1/rooms/${id}`, room({ name: '第五会议室', capacity: 24 }));
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.capacity).toBe(24);
    // Another office's registrar, a clerk of the same office: refused, nothing written.
    const other = await (await as('fanlijuan')).put(`/api/v1/rooms/${id}`, room({ name: '第五会议室', capacity: 99 }));
    expect(other.status).toBe(403);
    expect((await (await as('liuyang')).post('/api/v1/rooms', room({ name: '科室会议室' }))).status).toBe(403);
    const [row] = await t.database.db.select().from(meetingRoom).where(eq(meetingRoom.id, id));
    expect(row!.capacity).toBe(24);
    // One name per office.
    const twice = await (await as('chenjing')).post('/api/v1/rooms', room({ name: '第五会议室' }));
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('第五会议室');
    const events = await t.database.db
      .select({ action: event.action, summary: event.summary })
      .from(event)
      .where(eq(event.targetId, id));
    // The refusal is on record too (access.refused), beside the two changes.
    const changes = events.filter((e) => e.action.startsWith('meetings.'));
    expect(changes.map((e) => e.action)).toEqual(['meetings.room.create', 'meetings.room.edit']);
    expect(changes[1]!.summary).toMatchObject({ before: { capacity: 20 }, after: { capacity: 24 } });
  });

  it('a clash is refused with the time and subject of the booking it clashes with; touching slots do not clash', async () => {
    const id = await makeRoom('冲突测试室');
    const first = await apply('liuyang', id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.state).toBe('wait');
    expect((await apply('qianlei', id, { startsAt: tue('10:00'), endsAt: tue('11:00'), subject: '督查工作例会' })).status).toBe(
      201,
    );
    const clash = await apply('qianlei', id, { startsAt: tue('09:30'), endsAt: tue('10:30') });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('2026-11-24 09:00–10:00');
    expect(clash.body.error.message).toContain('全市安全生产工作调度会');
    // Inside, around: the same.
    expect((await apply('qianlei', id, { startsAt: tue('09:10'), endsAt: tue('09:20') })).status).toBe(409);
    expect((await apply('qianlei', id, { startsAt: tue('08:00'), endsAt: tue('12:00') })).status).toBe(409);
    expect((await apply('qianlei', id, { startsAt: tue('08:00'), endsAt: tue('09:00') })).status).toBe(201);
  });

  it('times, capacity, equipment and availability are checked, and nothing is written on a refusal', async () => {
    const id = await makeRoom('规则测试室');
    const refused = async (over: Record<string, unknown>, status: number, words: string) => {
      const res = await apply('liuyang', id, over);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toContain(words);
    };
    await refused({ endsAt: tue('09:00') }, 400, '结束时间须晚于开始时间');
    await refused({ startsAt: tue('10:00'), endsAt: tue('09:00') }, 400, '结束时间须晚于开始时间');
    await refused({ startsAt: '2026-11-23T09:00:00+08:00', endsAt: '2026-11-23T11:00:00+08:00' }, 400, '已经过去');
    await refused({ attendeeCount: 21 }, 400, '容纳人数（20 人）');
    await refused({ needs: ['projector', 'video'] }, 400, '视频会议');
    expect((await apply('liuyang', id, { attendeeCount: 20 })).status).toBe(201);
    await (await as('chenjing')).put(`/api/v1/rooms/${id}`, room({ name: '规则测试室', available: false }));
    await refused({ startsAt: tue('14:00'), endsAt: tue('15:00') }, 409, '暂停使用');
    const rows = await t.database.db.select().from(roomBooking).where(eq(roomBooking.roomId, id));
    expect(rows).toHaveLength(1);
  });

  it('a classified meeting only in a room certified for it', async () => {
    const plain = await makeRoom('普通会议室');
    const res = await apply('linzhiyuan', plain, { classification: '秘密' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('不是涉密会议室');
    const certified = await makeRoom('保密会议室', { secretCertified: true });
    expect((await apply('linzhiyuan', certified, { classification: '秘密' })).status).toBe(201);
    // Above one's own clearance: refused whatever the room.
    expect(
      (await apply('liuyang', certified, { classification: '秘密', startsAt: tue('15:00'), endsAt: tue('16:00') })).status,
    ).toBe(403);
    // Others see the slot held, not the subject.
    const week = await (await as('liuyang')).get('/api/v1/rooms/week?start=2026-11-23');
    const held = week.body.bookings.find((b: { room: { id: string } }) => b.room.id === certified);
    expect(held.subject).not.toContain('安全生产');
  });

  it('overlapping applications at once: exactly one is taken', async () => {
    const id = await makeRoom('并发测试室');
    const people = ['liuyang', 'qianlei', 'xunuo', 'dengxinyi'];
    // Signed in first, so that the applications themselves start together.
    for (const u of people) await as(u);
    const answers = await Promise.all(
      people.map((u, i) =>
        apply(u, id, { startsAt: tue(['09:00', '09:10', '09:20', '09:30'][i]!), endsAt: tue('10:30'), subject: `会议${i}` }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    const rows = await t.database.db.select().from(roomBooking).where(eq(roomBooking.roomId, id));
    expect(rows).toHaveLength(1);
  });

  // On PostgreSQL, where transactions truly overlap: the second application waits for the first's lock on the room and
  // then sees its booking. (PGlite runs one transaction at a time; the test above covers it.)
  it.runIf(engine === 'postgres')(
    'an application waits while another on the same room is uncommitted, then sees it',
    async () => {
      const id = await makeRoom('锁测试室');
      const db = t.database.db;
      const [a, b] = [
        await contextFor(t, await actorOf(t.database, 'liuyang')),
        await contextFor(t, await actorOf(t.database, 'qianlei')),
      ];
      let applied!: () => void;
      let release!: () => void;
      const inserted = new Promise<void>((r) => (applied = r));
      const held = new Promise<void>((r) => (release = r));
      const first = db.transaction(async (tx) => {
        await applyBooking(tx, a, id, applyBookingBodySchema.parse(booking({ subject: '先到的会议' })));
        applied();
        await held;
      });
      await inserted;
      const second = db
        .transaction((tx) => applyBooking(tx, b, id, applyBookingBodySchema.parse(booking({ startsAt: tue('09:30') }))))
        .then(
          () => 'taken',
          (e: Error) => e.message,
        );
      // Until the second is waiting for a lock (on the room's row), then the first commits.
      for (;;) {
        const waiting = rowsOf<{ n: number }>(
          await db.execute(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          ),
        )[0]!.n;
        if (waiting > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await first;
      expect(await second).toContain('先到的会议');
      expect(await db.select().from(roomBooking).where(eq(roomBooking.roomId, id))).toHaveLength(1);
    },
  );

  it('the manager allows or denies (a denial needs a reason); nobody else decides', async () => {
    const id = await makeRoom('审批测试室');
    const one = (await apply('liuyang', id)).body.id as string;
    const two = (await apply('liuyang', id, { startsAt: tue('14:00'), endsAt: tue('15:00') })).body.id as string;
    const decide = async (u: string, bid: string, body: Record<string, unknown>) =>
      (await as(u)).post(`/api/v1/rooms/bookings/${bid}/decide`, body);
    expect((await decide('liuyang', one, { decision: 'allow' })).status).toBe(403);
    expect((await decide('fanlijuan', one, { decision: 'allow' })).status).toBe(403);
    const pending = await (await as('fengxiaoli')).get('/api/v1/rooms/bookings?scope=pending');
    expect(pending.body.items.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining([one, two]));
    const bare = await decide('fengxiaoli', one, { decision: 'deny' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('理由');
    expect((await decide('fengxiaoli', one, { decision: 'deny', reason: '  ' })).status).toBe(400);
    const denied = await decide('fengxiaoli', one, { decision: 'deny', reason: '当日上午会议室另有安排' });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ state: 'deny', decisionReason: '当日上午会议室另有安排', decidedBy: { name: '冯晓丽' } });
    // The office's registrars decide too; a decided booking is not decided again.
    const allowed = await decide('chenjing', two, { decision: 'allow' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.state).toBe('allow');
    expect((await decide('fengxiaoli', two, { decision: 'deny', reason: '重复' })).status).toBe(409);
    // A denied booking holds no slot.
    expect((await apply('qianlei', id)).status).toBe(201);
    const events = await t.database.db
      .select({ action: event.action })
      .from(event)
      .where(
        and(inArray(event.targetId, [one, two]), inArray(event.action, ['meetings.booking.allow', 'meetings.booking.deny'])),
      );
    expect(events.map((e) => e.action).sort()).toEqual(['meetings.booking.allow', 'meetings.booking.deny']);
  });

  it('the applicant cancels, which frees the slot; another person cannot', async () => {
    const id = await makeRoom('取消测试室');
    const mine = (await apply('liuyang', id)).body.id as string;
    expect((await (await as('qianlei')).post(`/api/v1/rooms/bookings/${mine}/cancel`, {})).status).toBe(403);
    expect((await apply('qianlei', id)).status).toBe(409);
    const cancelled = await (await as('liuyang')).post(`/api/v1/rooms/bookings/${mine}/cancel`, { reason: '会议延期' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await (await as('liuyang')).post(`/api/v1/rooms/bookings/${mine}/cancel`, {})).status).toBe(409);
    expect((await apply('qianlei', id)).status).toBe(201);
    const list = await (await as('liuyang')).get('/api/v1/rooms/bookings?scope=mine');
    expect(list.body.items.find((b: { id: string }) => b.id === mine).state).toBe('cancelled');
  });

  it("the week shows every room's bookings holding a slot in the seven days", async () => {
    const id = await makeRoom('周视图测试室');
    const b = (await apply('liuyang', id, { startsAt: '2026-11-29T20:00:00+08:00', endsAt: '2026-11-30T01:00:00+08:00' })).body;
    const res = await (await as('qianlei')).get('/api/v1/rooms/week');
    expect(res.status).toBe(200);
    expect(res.body.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(res.body.today).toBe('2026-11-23');
    expect(res.body.rooms.map((r: { id: string }) => r.id)).toContain(id);
    expect(res.body.bookings.map((x: { id: string }) => x.id)).toContain(b.id);
    // It runs past midnight into the next week: there too.
    const next = await (await as('qianlei')).get('/api/v1/rooms/week?start=2026-11-30');
    expect(next.body.bookings.map((x: { id: string }) => x.id)).toContain(b.id);
    const later = await (await as('qianlei')).get('/api/v1/rooms/week?start=2026-12-07');
    expect(later.body.bookings.map((x: { id: string }) => x.id)).not.toContain(b.id);
  });

  it('every rooms route is in the API document, under 办会 (meetings)', async () => {
    const res = await (await as('liuyang')).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const [path, method] of [
      ['/api/v1/rooms', 'get'],
      ['/api/v1/rooms', 'post'],
      ['/api/v1/rooms/week', 'get'],
      ['/api/v1/rooms/bookings', 'get'],
      ['/api/v1/rooms/{id}', 'put'],
      ['/api/v1/rooms/{id}/bookings', 'post'],
      ['/api/v1/rooms/bookings/{id}/decide', 'post'],
      ['/api/v1/rooms/bookings/{id}/cancel', 'post'],
    ] as const) {
      expect(paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['meetings']);
    }
  });

  it('hostile input is refused as 400 or 404, never 500', async () => {
    const id = await makeRoom('输入测试室');
    const c1 = await as('liuyang');
    expect((await apply('liuyang', id, { subject: '会议\u0000' })).status).toBe(400);
    const raw = JSON.stringify(booking()).replace('全市', '全\\ud800市');
    expect((await c1.request('POST', `/api/v1/rooms/${id}/bookings`, raw)).status).toBe(400);
    expect((await apply('liuyang', randomUUID())).status).toBe(404);
    expect((await c1.post('/api/v1/rooms/not-a-room/bookings', booking())).status).toBe(400);
    expect((await apply('liuyang', id, { hostUnitId: randomUUID() })).status).toBe(400);
    expect((await apply('liuyang', id, { startsAt: 'tomorrow' })).status).toBe(400);
    expect((await apply('liuyang', id, { startsAt: '2026-11-24T09:00:00' })).status).toBe(400);
    expect((await apply('liuyang', id, { attendeeCount: 1e9 })).status).toBe(400);
    expect((await apply('liuyang', id, { needs: ['teleporter'] })).status).toBe(400);
    expect((await apply('liuyang', id, { extra: 1 })).status).toBe(400);
    expect((await c1.post(`/api/v1/rooms/bookings/${randomUUID()}/decide`, { decision: 'allow' })).status).toBe(404);
    expect((await c1.post(`/api/v1/rooms/bookings/${randomUUID()}/cancel`, {})).status).toBe(404);
    expect((await (await as('chenjing')).put(`/api/v1/rooms/${randomUUID()}`, room())).status).toBe(404);
    expect(
      (await (await as('chenjing')).post('/api/v1/rooms', room({ name: '新会议室', managerPersonId: randomUUID() }))).status,
    ).toBe(400);
    expect((await c1.get('/api/v1/rooms/week?start=2026-02-30')).status).toBe(400);
    expect((await c1.get('/api/v1/rooms?minCapacity=abc')).status).toBe(400);
    expect((await c1.get('/api/v1/rooms/bookings?scope=all')).status).toBe(400);
  });
});

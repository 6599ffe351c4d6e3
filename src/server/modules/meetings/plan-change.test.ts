import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, like } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { notification } from '../../platform/notify/schema';
import { event } from '../../platform/audit/schema';
import { dispatch } from '../../platform/flow/schema';
import { meetingReply, roomBooking } from './schema';

// A planned meeting changed before it begins (issue 17, 办会): the 市委办公室's registrar cancels a 常委会议 with a reason
// (its room, notice and topics released; nothing more done to it; not counted as held), moves another to a new day (its
// room booking moved through the rooms' rules, a clash refusing everything; the invited told the new time), and changes
// who attends a third (access granted and withdrawn, the check-in list following the plan).

type Meeting = {
  stateKey: string;
  startsAt: string;
  mayPlan: boolean;
  cancelled: { reason: string; by: string } | null;
  agenda: { topicItemId: string; state: string }[];
  members: { name: string }[];
  sitIns: { name: string }[];
  staff: { name: string }[];
  room: { id: string; bookingId: string; bookingState: string } | null;
};

describe.each(engines)('会议方案调整: 取消、改期、参会人员 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  const topics: Record<string, string> = {};
  let hall = '';

  beforeAll(async () => {
    t = await startTestApp(engine);
    // Monday 2 November 2026.
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'fengxiaoli', 'chenghao']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', ndrc: '江州市发展和改革委员会' },
      {
        director: '马志远',
        planner: '沈卫东',
        reviewer: '罗正平',
        leader: '宋建国',
        sg: '周文斌',
        secretary: '郑国华',
        deputy: '何丽萍',
        feng: '冯晓丽',
      },
    );
    topics.a = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    topics.b = await topicThrough(c, ids, '关于冬季清洁取暖工作的议题');
    topics.c = await topicThrough(c, ids, '关于城市更新试点的议题');
    const rooms = (await c.chenjing!.get('/api/v1/rooms')).body.items as { id: string; name: string }[];
    hall = rooms.find((r) => r.name === '常委会议室')!.id;
  });
  afterAll(() => t?.close());

  const get = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Meeting;
  };
  const sendNotice = async (id: string) => {
    const r = await c.chenjing!.post(`/api/v1/meetings/${id}/notice`, {
      replyBy: '2026-11-06T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请提前10分钟到会。',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const toldWith = async (personId: string, text: string) =>
    (
      await t.database.db
        .select({ m: notification.message })
        .from(notification)
        .where(and(eq(notification.personId, personId), like(notification.message, `%${text}%`)))
    ).map((n) => n.m);
  const events = async (action: string, targetId: string) =>
    t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, action), eq(event.targetId, targetId)));
  const planIn = (startsAt: string, endsAt: string, over: Record<string, unknown> = {}) =>
    c.chenjing!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      startsAt,
      endsAt,
      roomId: hall,
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy],
      ...over,
    });

  let cancelledId = '';

  it('取消会议: the office cancels with a reason; room, notice and topics are released, and everyone is told', async () => {
    const id = await meetingThrough(c, ids, {
      topics: [topics.a!],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!, ids.planner!],
    });
    cancelledId = id;
    expect((await c.chenjing!.put(`/api/v1/meetings/${id}/room`, { roomId: hall })).status).toBe(200);
    await sendNotice(id);
    const held = (await get('chenjing', id)).room!;
    // 何丽萍's phone calendar shows the fixed meeting — until it is cancelled.
    const token = (await c.heliping!.post('/api/v1/me/feed')).body.token as string;
    const feed = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/calendar.ics?token=${encodeURIComponent(token)}` })).body;
    expect(await feed()).toContain('SUMMARY:2026年第1次常委会议');
    expect(held.bookingState).toBe('wait');
    // The chair reads it but does not cancel it; an outsider does not learn it exists; a reason is required.
    expect((await c.zhengguohua!.post(`/api/v1/meetings/${id}/cancel`, { reason: '主要领导出差' })).status).toBe(403);
    expect((await c.xunuo!.post(`/api/v1/meetings/${id}/cancel`, { reason: '主要领导出差' })).status).toBe(404);
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/cancel`, { reason: ' ' })).status).toBe(400);
    expect((await get('chenjing', id)).cancelled).toBeNull();
    expect(await events('meetings.meeting.cancel', id)).toHaveLength(0);

    const r = await c.chenjing!.post(`/api/v1/meetings/${id}/cancel`, { reason: '主要领导赴省参加紧急会议' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const m = await get('chenjing', id);
    expect(m.cancelled).toMatchObject({ reason: '主要领导赴省参加紧急会议', by: '陈静' });
    expect(m.stateKey).toBe('cancelled');
    expect(m.mayPlan).toBe(false);
    expect(m.room!.bookingState).toBe('cancelled');
    expect(m.agenda.map((a) => a.state)).toEqual(['released']);
    // The list shows it cancelled, with the reason.
    const list = (await c.chenjing!.get('/api/v1/meetings')).body.items as { itemId: string; cancelReason: string | null }[];
    expect(list.find((x) => x.itemId === id)!.cancelReason).toBe('主要领导赴省参加紧急会议');
    // The notice the 发改委 had not signed for is withdrawn through the kernel.
    const sent = await t.database.db
      .select({ state: dispatch.state })
      .from(dispatch)
      .where(and(eq(dispatch.itemId, id), eq(dispatch.unitId, ids.ndrc!)));
    expect(sent.map((d) => d.state)).toEqual(['cancelled']);
    // Members, sit-ins and the chair are told why.
    for (const p of [ids.deputy!, ids.director!, ids.secretary!])
      expect(await toldWith(p, '主要领导赴省参加紧急会议')).toHaveLength(1);
    expect(await events('meetings.meeting.cancel', id)).toHaveLength(1);
    expect(await feed()).not.toContain('SUMMARY:2026年第1次常委会议');
    expect(await events('meetings.topic.release', topics.a!)).toHaveLength(1);
  });

  it('the slot and the topic are free again: another meeting books the room at those hours and takes the topic', async () => {
    expect((await c.shenweidong!.get(`/api/v1/meeting-topics/${topics.a}`)).body.stateKey).toBe('proposed');
    const again = await planIn('2026-11-10T09:00:00+08:00', '2026-11-10T12:00:00+08:00');
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const add = await c.chenjing!.post(`/api/v1/meetings/${again.body.itemId}/agenda`, { topicItemId: topics.a });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
  });

  it('a cancelled meeting admits no further change', async () => {
    const id = cancelledId;
    const refused = [
      await c.chenjing!.post(`/api/v1/meetings/${id}/cancel`, { reason: '再次取消' }),
      await c.chenjing!.put(`/api/v1/meetings/${id}/schedule`, {
        startsAt: '2026-11-20T09:00:00+08:00',
        endsAt: '2026-11-20T11:00:00+08:00',
      }),
      await c.chenjing!.put(`/api/v1/meetings/${id}/room`, { roomId: hall }),
      await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.b }),
      await c.chenjing!.post(`/api/v1/meetings/${id}/notice`, {
        replyBy: '2026-11-06T17:00:00+08:00',
        contactName: '陈静',
        contactPhone: '0791-86001234',
        requirements: '',
      }),
      await c.heliping!.request('PUT', `/api/v1/meetings/${id}/notice/replies/${ids.deputy}`, { reply: 'attend' }),
    ];
    for (const r of refused) expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(refused[0]!.body.error.message).toBe('会议已取消，不能再办理');
  });

  it('改期 into a clash of its room is refused with nothing written; a free day moves the booking and re-notifies', async () => {
    const id = await meetingThrough(c, ids, {
      topics: [topics.b!],
      startsAt: '2026-11-12T09:00:00+08:00',
      endsAt: '2026-11-12T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
      sitInIds: [ids.director!],
    });
    expect((await c.chenjing!.put(`/api/v1/meetings/${id}/room`, { roomId: hall })).status).toBe(200);
    await sendNotice(id);
    // The hall is taken on the 13th.
    expect((await planIn('2026-11-13T09:00:00+08:00', '2026-11-13T11:00:00+08:00')).status).toBe(201);
    const before = await get('chenjing', id);
    const move = (startsAt: string, endsAt: string, who = 'chenjing') =>
      c[who]!.request('PUT', `/api/v1/meetings/${id}/schedule`, { startsAt, endsAt });
    const clash = await move('2026-11-13T10:00:00+08:00', '2026-11-13T12:00:00+08:00');
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('冲突');
    expect(await get('chenjing', id)).toEqual(before);
    expect(await events('meetings.meeting.reschedule', id)).toHaveLength(0);
    expect((await move('2026-11-16T11:00:00+08:00', '2026-11-16T10:00:00+08:00')).status).toBe(400);
    expect((await move('2026-11-01T09:00:00+08:00', '2026-11-01T10:00:00+08:00')).status).toBe(400);
    expect((await move('2026-11-16T09:00:00+08:00', '2026-11-16T11:00:00+08:00', 'zhengguohua')).status).toBe(403);

    const ok = await move('2026-11-16T09:00:00+08:00', '2026-11-16T11:00:00+08:00');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = await get('chenjing', id);
    expect(after.startsAt).toBe(new Date('2026-11-16T09:00:00+08:00').toISOString());
    expect(after.room).toMatchObject({ id: hall, bookingState: 'wait' });
    expect(after.room!.bookingId).not.toBe(before.room!.bookingId);
    const [old] = await t.database.db.select().from(roomBooking).where(eq(roomBooking.id, before.room!.bookingId));
    expect(old!.state).toBe('cancelled');
    // The notice shows the new time; the invited are told it.
    const notice = (await c.chenjing!.get(`/api/v1/meetings/${id}/notice`)).body.notice as { startsAt: string };
    expect(notice.startsAt).toBe(after.startsAt);
    expect(await toldWith(ids.deputy!, '改为2026-11-16 09:00')).toHaveLength(1);
    expect(await toldWith(ids.director!, '改为2026-11-16 09:00')).toHaveLength(1);
    const [audit] = await events('meetings.meeting.reschedule', id);
    expect(audit!.summary).toMatchObject({
      before: { startsAt: before.startsAt },
      after: { startsAt: after.startsAt },
      renotified: true,
    });
    // The hall on the 12th is free again.
    expect((await planIn('2026-11-12T09:00:00+08:00', '2026-11-12T11:00:00+08:00')).status).toBe(201);
  });

  it('参会人员调整: people added read the meeting and are told; people removed lose it and their replies', async () => {
    const id = await meetingThrough(c, ids, {
      topics: [topics.c!],
      startsAt: '2026-11-18T09:00:00+08:00',
      endsAt: '2026-11-18T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
      sitInIds: [ids.director!],
    });
    await sendNotice(id);
    expect(
      (await c.mazhiyuan!.request('PUT', `/api/v1/meetings/${id}/notice/replies/${ids.director}`, { reply: 'attend' })).status,
    ).toBe(200);
    expect((await c.songjianguo!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    const people = (body: Record<string, unknown>, who = 'chenjing') =>
      c[who]!.request('PUT', `/api/v1/meetings/${id}/people`, { sitInIds: [], staffIds: [], ...body });
    expect((await people({ memberIds: [ids.secretary, ids.deputy, ids.leader] }, 'zhengguohua')).status).toBe(403);
    expect((await people({ memberIds: [ids.secretary, ids.deputy], sitInIds: [ids.deputy] })).status).toBe(400);

    expect((await c.shenweidong!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    const r = await people({ memberIds: [ids.secretary, ids.deputy, ids.leader], sitInIds: [ids.planner], staffIds: [ids.feng] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const m = await get('chenjing', id);
    expect(m.members.map((p) => p.name)).toEqual(['郑国华', '何丽萍', '宋建国']);
    expect(m.sitIns.map((p) => p.name)).toEqual(['沈卫东']);
    expect(m.staff.map((p) => p.name)).toEqual(['冯晓丽']);
    expect((await c.songjianguo!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    expect((await c.fengxiaoli!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    expect(await toldWith(ids.leader!, '会议通知：%2026-11-18 09:00')).toHaveLength(1);
    // 沈卫东's 发改委 holds the notice already: he reads the meeting, and its registrars are told he is added.
    expect((await c.shenweidong!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    const unitTold = await t.database.db
      .select({ m: notification.message })
      .from(notification)
      .where(like(notification.message, '%新增参会人员%沈卫东%'));
    expect(unitTold.length).toBeGreaterThan(0);
    // 马志远 no longer attends: he loses the meeting, is told, and his 回执 goes.
    expect((await c.mazhiyuan!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    expect(await toldWith(ids.director!, '已不在')).toHaveLength(1);
    const replies = await t.database.db
      .select()
      .from(meetingReply)
      .where(and(eq(meetingReply.meetingItemId, id), eq(meetingReply.personId, ids.director!)));
    expect(replies).toHaveLength(0);
    expect(await events('meetings.meeting.people', id)).toHaveLength(1);
    // The check-in list, opened on the morning, expects the new plan.
    t.clock.set('2026-11-18T07:30:00+08:00');
    c.chenjing = await signedIn(t, 'chenjing');
    const sheet = (await c.chenjing.get(`/api/v1/meetings/${id}/check-ins`)).body as { people: { name: string }[] };
    expect(sheet.people.map((p) => p.name)).toEqual(expect.arrayContaining(['郑国华', '何丽萍', '宋建国', '沈卫东']));
    expect(sheet.people.map((p) => p.name)).not.toContain('马志远');
  });

  it('after the start nothing is changed, and a cancelled meeting is not counted as held', async () => {
    t.clock.set('2026-11-20T09:00:00+08:00');
    c.chenjing = await signedIn(t, 'chenjing');
    // The meeting of the 18th has begun (and ended): refused, unchanged.
    const list = (await c.chenjing.get('/api/v1/meetings?when=past')).body.items as { itemId: string; startsAt: string }[];
    const began = list.find((x) => x.startsAt === new Date('2026-11-18T09:00:00+08:00').toISOString())!;
    const late = await c.chenjing.post(`/api/v1/meetings/${began.itemId}/cancel`, { reason: '已过会期' });
    expect(late.status).toBe(409);
    expect((await get('chenjing', began.itemId)).cancelled).toBeNull();
    // Held by now with a fixed agenda: the meeting of the 18th and the one moved to the 16th — not the cancelled one.
    const stats = await c.chenjing.get(`/api/v1/meetings/statistics?officeUnitId=${ids.office}&year=2026`);
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.current.meetings).toBe(2);
    // 精文减会: with five 常委会议 standing this year and six allowed, a sixth is within the limit — the cancelled one
    // does not count.
    const policy = await c.chenjing.put('/api/v1/meetings/policy', {
      officeUnitId: ids.office,
      year: 2026,
      maxPerKind: { standingCommittee: 6 },
      maxDurationMin: null,
      maxAttendees: null,
      maxSpeechMin: null,
      noMeetingWeekdays: [],
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    const check = await c.chenjing.post('/api/v1/meetings/policy/check', {
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      startsAt: '2026-12-01T09:00:00+08:00',
      endsAt: '2026-12-01T10:00:00+08:00',
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy],
    });
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.warnings).toEqual([]);
  });

  it('a unit left with nobody loses its notice; its people are not invited again; no 改期 to another year or after check-in', async () => {
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'chenghao']) c[u] = await signedIn(t, u);
    const id = await meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, '关于年终考核工作的议题')],
      startsAt: '2026-12-10T09:00:00+08:00',
      endsAt: '2026-12-10T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
      sitInIds: [ids.director!],
    });
    const sent = await c.chenjing!.post(`/api/v1/meetings/${id}/notice`, {
      replyBy: '2026-12-08T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // The 发改委's registrar holds its 签收 and reads the meeting.
    expect((await c.chenghao!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    const people = (sitInIds: string[]) =>
      c.chenjing!.request('PUT', `/api/v1/meetings/${id}/people`, {
        memberIds: [ids.secretary, ids.deputy],
        sitInIds,
        staffIds: [],
      });
    expect((await people([])).status).toBe(200);
    const ndrc = await t.database.db
      .select({ state: dispatch.state })
      .from(dispatch)
      .where(and(eq(dispatch.itemId, id), isNull(dispatch.supersededAt)));
    expect(ndrc.map((d) => d.state)).toEqual(['cancelled']);
    expect((await c.chenghao!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    expect((await c.mazhiyuan!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    // Its notice withdrawn, the unit's people are not invited again without it.
    const again = await people([ids.director!]);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('会议通知已撤回');
    expect((await get('chenjing', id)).sitIns).toEqual([]);
    const move = (startsAt: string, endsAt: string) =>
      c.chenjing!.request('PUT', `/api/v1/meetings/${id}/schedule`, { startsAt, endsAt });
    const nextYear = await move('2027-01-05T09:00:00+08:00', '2027-01-05T11:00:00+08:00');
    expect(nextYear.status).toBe(400);
    expect(nextYear.body.error.message).toContain('另一年度');
    // On the morning, someone checked in: the hours are no longer the office's to move.
    t.clock.set('2026-12-10T07:30:00+08:00');
    c.chenjing = await signedIn(t, 'chenjing');
    expect((await c.chenjing.post(`/api/v1/meetings/${id}/check-ins`, { personId: ids.deputy })).status).toBe(201);
    const later = await move('2026-12-11T09:00:00+08:00', '2026-12-11T11:00:00+08:00');
    expect(later.status).toBe(409);
    expect(later.body.error.message).toContain('已有人员签到');
    expect((await get('chenjing', id)).startsAt).toBe(new Date('2026-12-10T09:00:00+08:00').toISOString());
  });
});

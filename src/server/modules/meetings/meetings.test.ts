import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { notification } from '../../platform/notify/schema';
import { event } from '../../platform/audit/schema';
import { item } from '../../platform/items/schema';

// 会议方案 and its agenda (issue 17 items 2–3, DOMAIN §11.2–11.3): the 市委办公室's registrar plans a 常委会议 from the
// 议题库; a returned topic is not taken; a 重大行政决策 whose legality review began 6 working days before the meeting is
// refused and fits a meeting one working day later; the chair fixes the agenda; after that a topic waits for the
// chair's approval and nothing already fixed is taken off.

type Meeting = {
  title: string;
  stateKey: string;
  agendaFixedAt: string | null;
  agenda: { id: string; topicItemId: string; state: string; reportingUnit: string | null; requestedBy: string | null }[];
  members: { id: string; name: string }[];
  sitIns: { id: string; name: string }[];
  staff: { id: string; name: string }[];
  mayPlan: boolean;
  isChair: boolean;
  place: string;
  room: { id: string; bookingState: string } | null;
  myTasks: { id: string; version: number; stepKey: string | null }[];
};

describe.each(engines)('会议: 方案 → 议程 → 主持人确定议题 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  const topics: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    // Monday 2 November 2026: the legality review of the 重大 topic starts today.
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'chenghao', 'fengxiaoli']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', ndrc: '江州市发展和改革委员会' },
      {
        director: '马志远',
        reviewer: '罗正平',
        leader: '宋建国',
        sg: '周文斌',
        secretary: '郑国华',
        deputy: '何丽萍',
        xunuo: '许诺',
        feng: '冯晓丽',
      },
    );
    topics.plain = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    topics.major = await topicThrough(c, ids, '关于城区内涝治理三年行动方案的议题', { major: true });
    topics.late = await topicThrough(c, ids, '关于校车运营补贴的议题', { until: 'returned' });
    topics.extra = await topicThrough(c, ids, '关于冬季清洁取暖工作的议题');
  });
  afterAll(() => t?.close());

  const plan = async (over: Record<string, unknown> = {}) =>
    c.chenjing!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy, ids.leader, ids.sg],
      sitInIds: [ids.director],
      ...over,
    });
  const get = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Meeting;
  };
  const topicState = async (id: string) => (await c.shenweidong!.get(`/api/v1/meeting-topics/${id}`)).body.stateKey as string;

  it('plans a 常委会议, takes the pooled topics it may and refuses the others with the reason', async () => {
    const made = await plan();
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.title).toBe('2026年第1次常委会议');
    const id = made.body.itemId as string;
    let m = await get('chenjing', id);
    expect(m).toMatchObject({ stateKey: 'plan', mayPlan: true, isChair: false, agendaFixedAt: null });
    expect(m.members.map((p) => p.name)).toEqual(['郑国华', '何丽萍', '宋建国', '周文斌']);
    expect(m.sitIns.map((p) => p.name)).toEqual(['马志远']);
    // Nobody else learns of it.
    expect((await c.xunuo!.get(`/api/v1/meetings/${id}`)).status).toBe(404);

    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.plain, minutes: 15 })).status).toBe(
      201,
    );
    // A topic refused at 初审 is not in the pool.
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.late })).status).toBe(409);
    // The legality review began on 2 November: six working days before 10 November — too late for this meeting.
    const early = await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.major });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('距会议仅 6 个工作日');
    m = await get('chenjing', id);
    expect(m.agenda.map((a) => [a.topicItemId, a.state, a.reportingUnit])).toEqual([
      [topics.plain, 'planned', '江州市发展和改革委员会'],
    ]);

    // One working day later there are seven: the topic goes to the meeting of 11 November.
    const later = await plan({ startsAt: '2026-11-11T09:00:00+08:00', endsAt: '2026-11-11T11:00:00+08:00' });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(later.body.title).toBe('2026年第2次常委会议');
    const took = await c.chenjing!.post(`/api/v1/meetings/${later.body.itemId}/agenda`, { topicItemId: topics.major });
    expect(took.status, JSON.stringify(took.body)).toBe(201);
    // And it is on one agenda only.
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.major })).status).toBe(409);
  });

  it('the chair fixes the agenda; a later topic waits for the chair; what is fixed stays', async () => {
    const made = await plan({ startsAt: '2026-11-20T09:00:00+08:00', endsAt: '2026-11-20T11:00:00+08:00' });
    const id = made.body.itemId as string;
    const fresh = await topicThrough(c, ids, '关于优化营商环境若干措施的议题');
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: fresh })).status).toBe(201);
    // 确定议题 is the chair's.
    const planTask = (await get('chenjing', id)).myTasks.find((x) => x.stepKey === 'plan')!;
    const wrong = await c.chenjing!.post(`/api/v1/tasks/${planTask.id}/submit`, {
      version: planTask.version,
      next: { personIds: [ids.leader] },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('会议主持人');
    const sent = await c.chenjing!.post(`/api/v1/tasks/${planTask.id}/submit`, {
      version: planTask.version,
      next: { personIds: [ids.secretary] },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const chairTask = (await get('zhengguohua', id)).myTasks.find((x) => x.stepKey === 'settle')!;
    const fixed = await c.zhengguohua!.post(`/api/v1/tasks/${chairTask.id}/submit`, {
      version: chairTask.version,
      decision: 'settle',
      opinion: '同意。',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    let m = await get('chenjing', id);
    expect(m.agendaFixedAt).not.toBeNull();
    expect(m.stateKey).toBe('hold');
    expect(await topicState(fresh)).toBe('scheduled');
    // On a fixed agenda the unit can no longer withdraw it.
    expect((await c.shenweidong!.post(`/api/v1/meeting-topics/${fresh}/withdraw`, { reason: '撤回' })).status).toBe(409);

    // After fixing, the office's addition waits for the chair, who is told.
    const asked = await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: topics.extra });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.state).toBe('pending');
    expect(await topicState(topics.extra!)).toBe('proposed');
    const told = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.personId, ids.secretary!), eq(notification.itemId, id)));
    expect(told.map((n) => n.message)).toContainEqual(expect.stringContaining('关于冬季清洁取暖工作的议题'));
    // Only the chair decides it.
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda/${asked.body.id}/decide`, { approve: true })).status).toBe(403);
    expect((await c.zhengguohua!.post(`/api/v1/meetings/${id}/agenda/${asked.body.id}/decide`, { approve: true })).status).toBe(
      200,
    );
    expect(await topicState(topics.extra!)).toBe('scheduled');
    expect((await c.zhengguohua!.post(`/api/v1/meetings/${id}/agenda/${asked.body.id}/decide`, { approve: false })).status).toBe(
      409,
    );
    // A fixed topic is not taken off.
    m = await get('chenjing', id);
    const first = m.agenda.find((a) => a.topicItemId === fresh)!;
    expect((await c.chenjing!.delete(`/api/v1/meetings/${id}/agenda/${first.id}`)).status).toBe(409);
    expect(m.agenda.map((a) => [a.state, a.requestedBy])).toEqual([
      ['planned', null],
      ['planned', '陈静'],
    ]);
  });

  it('lists the meetings each reader may read, soonest first; a forged cursor is refused', async () => {
    const list = async (who: string, q = '') => {
      const r = await c[who]!.get(`/api/v1/meetings?limit=2${q}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as { items: { title: string; startsAt: string; topics: number }[]; nextCursor: string | null };
    };
    const first = await list('chenjing');
    expect(first.items.map((m) => [m.title, m.topics])).toEqual([
      ['2026年第1次常委会议', 1],
      ['2026年第2次常委会议', 1],
    ]);
    const second = await list('chenjing', `&cursor=${first.nextCursor}`);
    expect(second.items.map((m) => [m.title, m.topics])).toEqual([['2026年第3次常委会议', 2]]);
    // The chair reads the meetings they chair; someone else none.
    expect((await list('zhengguohua')).items).toHaveLength(2);
    expect((await list('xunuo')).items).toEqual([]);
    expect((await list('chenjing', '&when=past')).items).toEqual([]);
    expect((await c.chenjing!.get('/api/v1/meetings?cursor=AAAA')).status).toBe(400);
  });

  it("a topic above the meeting's 密级 stays off; an addition while the chair has the plan waits; a pooled topic withdrawn leaves the agenda", async () => {
    const made = await plan({ startsAt: '2026-11-25T09:00:00+08:00', endsAt: '2026-11-25T11:00:00+08:00' });
    const id = made.body.itemId as string;
    const internal = await topicThrough(c, ids, '关于机构编制调整的议题', { classification: '内部' });
    const refused = await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: internal });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('高于会议密级');
    const a = await topicThrough(c, ids, '关于城市更新试点的议题');
    const b = await topicThrough(c, ids, '关于河湖长制考核的议题');
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: a })).status).toBe(201);
    // Withdrawn from the pool by its unit, it leaves the agenda not yet fixed.
    const w = await topicThrough(c, ids, '关于某项将撤回事项的议题');
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: w })).status).toBe(201);
    const gone = await c.shenweidong!.post(`/api/v1/meeting-topics/${w}/withdraw`, { reason: '另行研究。' });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(await topicState(w)).toBe('withdrawn');
    expect((await get('chenjing', id)).agenda.map((x) => x.topicItemId)).toEqual([a]);
    // The plan goes to the chair: from now on an addition is the chair's to agree, even before they fix it.
    const planTask = (await get('chenjing', id)).myTasks.find((x) => x.stepKey === 'plan')!;
    expect(
      (
        await c.chenjing!.post(`/api/v1/tasks/${planTask.id}/submit`, {
          version: planTask.version,
          next: { personIds: [ids.secretary] },
        })
      ).status,
    ).toBe(200);
    const late = await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: b });
    expect(late.body.state).toBe('pending');
    // Nor is a planned topic taken off while the chair has it.
    const first = (await get('chenjing', id)).agenda.find((x) => x.topicItemId === a)!;
    expect((await c.chenjing!.delete(`/api/v1/meetings/${id}/agenda/${first.id}`)).status).toBe(409);
    const chairTask = (await get('zhengguohua', id)).myTasks.find((x) => x.stepKey === 'settle')!;
    await c.zhengguohua!.post(`/api/v1/tasks/${chairTask.id}/submit`, { version: chairTask.version, decision: 'settle' });
    // Fixed: the topic the chair saw is scheduled and on record; the one asked meanwhile still waits.
    expect(await topicState(a)).toBe('scheduled');
    expect(await topicState(b)).toBe('proposed');
    const events = (await t.database.db.select({ action: event.action }).from(event).where(eq(event.targetId, a))).map(
      (e) => e.action,
    );
    expect(events).toContain('meetings.topic.schedule');
  });

  it('refuses bad plans and forged ids with a Chinese message, and writes nothing', async () => {
    const before = (await t.database.db.select({ id: item.id }).from(item)).length;
    for (const [over, status] of [
      [{ endsAt: '2026-11-10T08:00:00+08:00' }, 400],
      [{ startsAt: '2026-10-30T09:00:00+08:00', endsAt: '2026-10-30T10:00:00+08:00' }, 400],
      [{ chairPersonId: ids.xunuo }, 400],
      [{ place: '会议室\u0000' }, 400],
      [{ memberIds: [] }, 400],
      [{ sitInIds: [ids.deputy] }, 400],
      [{ staffIds: [ids.deputy] }, 400],
      // 许诺 is cleared for 公开 only: no seat at a 内部 meeting.
      [{ sitInIds: [ids.xunuo], classification: '内部' }, 400],
      [{ officeUnitId: ids.ndrc }, 400],
      [{ meetingKind: 'executive' }, 400],
      [{ memberIds: ['00000000-0000-4000-8000-000000000000'] }, 400],
    ] as const) {
      const r = await plan(over);
      expect(r.status, JSON.stringify(over)).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Someone not of the office plans nothing.
    expect(
      (
        await c.chenghao!.post('/api/v1/meetings', {
          officeUnitId: ids.office,
          meetingKind: 'standingCommittee',
          startsAt: '2026-11-10T09:00:00+08:00',
          endsAt: '2026-11-10T12:00:00+08:00',
          place: '市委常委会议室',
          chairPersonId: ids.secretary,
          memberIds: [ids.secretary],
        })
      ).status,
    ).toBe(403);
    const made = await plan({ startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T10:00:00+08:00' });
    const id = made.body.itemId as string;
    const forged = '00000000-0000-4000-8000-000000000000';
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId: forged })).status).toBe(404);
    expect((await c.chenjing!.delete(`/api/v1/meetings/${id}/agenda/${forged}`)).status).toBe(404);
    expect((await c.chenjing!.get(`/api/v1/meetings/${forged}`)).status).toBe(404);
    // A topic is not a meeting.
    expect((await c.chenjing!.get(`/api/v1/meetings/${topics.plain}`)).status).toBe(404);
    // Only the one meeting made on purpose above was written.
    expect((await t.database.db.select({ id: item.id }).from(item)).length).toBe(before + 1);
  });

  it('books a room for the meeting through the rooms: its clash is refused and nothing is written, a change frees the slot', async () => {
    const rooms = (await c.chenjing!.get('/api/v1/rooms')).body.items as { id: string; name: string }[];
    const hall = rooms.find((r) => r.name === '常委会议室')!;
    const small = rooms.find((r) => r.name === '第三会议室')!;
    const hours = { startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T11:00:00+08:00' };
    const made = await plan({ ...hours, roomId: hall.id, place: null });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    let m = await get('chenjing', id);
    expect(m.place).toBe('常委会议室（市委1号楼三楼）');
    expect(m.room).toMatchObject({ id: hall.id, bookingState: 'wait' });
    // The same room at overlapping hours: refused by the rooms' rule, and no meeting (nor its number) is taken.
    const before = (await t.database.db.select({ id: item.id }).from(item)).length;
    const clash = await plan({ startsAt: '2026-12-03T10:30:00+08:00', endsAt: '2026-12-03T12:00:00+08:00', roomId: hall.id });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain('冲突');
    expect((await t.database.db.select({ id: item.id }).from(item)).length).toBe(before);
    // Neither room nor place: refused.
    expect((await plan({ ...hours, place: null })).body.error.message).toBe('请选择会议室或填写会议地点');
    // Moved to the smaller room: the hall's booking is cancelled, so the hours are free there again.
    const moved = await c.chenjing!.put(`/api/v1/meetings/${id}/room`, { roomId: small.id });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    m = await get('chenjing', id);
    expect(m.room).toMatchObject({ id: small.id, bookingState: 'wait' });
    expect(m.place).toBe('第三会议室（市委2号楼五楼）');
    const again = await plan({ startsAt: '2026-12-03T10:30:00+08:00', endsAt: '2026-12-03T12:00:00+08:00', roomId: hall.id });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // Only the office's registrars move a meeting.
    expect((await c.xunuo!.put(`/api/v1/meetings/${id}/room`, { roomId: hall.id })).status).toBe(404);
    expect((await c.zhengguohua!.put(`/api/v1/meetings/${id}/room`, { roomId: hall.id })).status).toBe(403);
  });

  it('names its staff, who read the meeting to keep its check-in and record', async () => {
    const made = await plan({ startsAt: '2026-12-08T09:00:00+08:00', endsAt: '2026-12-08T10:00:00+08:00', staffIds: [ids.feng] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    expect((await get('chenjing', id)).staff.map((p) => p.name)).toEqual(['冯晓丽']);
    expect((await c.fengxiaoli!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    // Someone not named reads nothing.
    expect((await c.xunuo!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { notification } from '../../platform/notify/schema';
import { event } from '../../platform/audit/schema';
import { dispatch } from '../../platform/flow/schema';
import type { NoticeView } from '../../../contract/meetings-notice';
import { repliesOf } from './notice';

// 会议通知 and 回执 (issue 17 item 3, DOMAIN §11.3): once the chair fixed the agenda the 市委办公室's registrar sends the
// notice; the 发改委 (two sit-ins) signs for it with its people's 回执 through the kernel's dispatch, the 常委 (whose
// 市委 has no registrar) answer for themselves; a 常委会议 member cannot send a substitute, a sit-in can; leave is
// asked of the chair, who approves one and refuses another; outsiders answer for no one; a notice sent on the
// meeting's eve of a kind that wants a day is 逾期.

describe.each(engines)('会议通知与回执 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  let meetingId = '';

  beforeAll(async () => {
    t = await startTestApp(engine);
    // Monday 2 November 2026; the meeting is on Tuesday the 10th.
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'chenghao', 'weifang']) c[u] = await signedIn(t, u);
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
        xunuo: '许诺',
      },
    );
    const topic = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    meetingId = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!, ids.planner!],
    });
  });
  afterAll(() => t?.close());

  /** The clock moves days on: sessions idle that long end, so everyone signs in again. */
  const moveTo = async (at: string) => {
    t.clock.set(at);
    for (const u of Object.keys(c)) c[u] = await signedIn(t, u);
  };

  const url = (id = meetingId) => `/api/v1/meetings/${id}/notice`;
  const view = async (who: string, id = meetingId) => {
    const r = await c[who]!.get(url(id));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as NoticeView;
  };
  const send = (who: string, over: Record<string, unknown> = {}, id = meetingId) =>
    c[who]!.post(url(id), {
      replyBy: '2026-11-06T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请提前10分钟到会，会议期间手机静音。',
      ...over,
    });
  const reply = (who: string, personId: string, body: Record<string, unknown>) =>
    c[who]!.request('PUT', `${url()}/replies/${personId}`, body);
  const replies = () => repliesOf(t.database.db, meetingId);
  const replyEvents = async () =>
    (
      await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(event)
        .where(eq(event.action, 'meetings.reply.record'))
    )[0]!.n;

  it('is sent only by the office once the agenda is fixed, with a deadline before the meeting', async () => {
    const planned = await meetingThrough(c, ids, {
      topics: [],
      startsAt: '2026-11-12T09:00:00+08:00',
      endsAt: '2026-11-12T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
      until: 'plan',
    });
    const early = await send('chenjing', {}, planned);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('确定议题后');
    const afterStart = await send('chenjing', { replyBy: '2026-11-10T10:00:00+08:00' });
    expect(afterStart.status).toBe(400);
    expect(afterStart.body.error.message).toContain('不能晚于会议开始时间');
    const past = await send('chenjing', { replyBy: '2026-11-01T10:00:00+08:00' });
    expect(past.status).toBe(400);
    // The chair reads the meeting but does not send its notice; an outsider does not learn it exists.
    expect((await send('zhengguohua')).status).toBe(403);
    expect((await send('xunuo')).status).toBe(404);
    expect((await view('chenjing')).notice).toBeNull();
  });

  it('goes to the 发改委 through the dispatch and to every invited person, who then reads the meeting', async () => {
    expect((await c.mazhiyuan!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
    const r = await send('chenjing');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.late).toBe(false);
    const v = await view('chenjing');
    expect(v.notice).toMatchObject({
      title: '2026年第1次常委会议',
      duration: 0.5,
      place: '市委常委会议室',
      contactName: '陈静',
      contactPhone: '0791-86001234',
      members: ['郑国华', '何丽萍', '宋建国', '周文斌'],
      sitIns: ['马志远', '沈卫东'],
      late: false,
      sends: 1,
    });
    expect(v.notice!.agenda.map((a) => a.title)).toEqual(['关于2027年市级重点项目计划的议题']);
    // 中共江州市委 has no registrar: its 常委 are reached person by person; the office sends none to itself.
    expect(v.deliveries.map((d) => d.unit)).toEqual(['江州市发展和改革委员会']);
    expect(v.roster).toHaveLength(6);
    expect(v.roster.every((p) => p.reply === null)).toBe(true);
    // The invited read the meeting and were told; each sees their own row only.
    expect((await c.mazhiyuan!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(200);
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.personId, ids.deputy!), like(notification.message, '会议通知%')));
    expect(told).toHaveLength(1);
    const own = await view('heliping');
    expect(own.roster.map((p) => p.name)).toEqual(['何丽萍']);
    expect(own.wholeRoster).toBe(false);
    expect((await c.xunuo!.get(url())).status).toBe(404);
  });

  it('the 发改委 registrar signs for it with the 回执 of both sit-ins — a sit-in may send a substitute', async () => {
    const v = await view('chenghao');
    expect(v.myReceipts).toHaveLength(1);
    expect(v.myReceipts[0]!.personIds.sort()).toEqual([ids.director, ids.planner].sort());
    expect(v.roster.map((p) => p.name).sort()).toEqual(['沈卫东', '马志远'].sort());
    const path = `${url()}/receipts/${v.myReceipts[0]!.dispatchId}/accept`;
    const before = await replyEvents();
    // A 回执 is missing: nothing is signed, nothing written.
    const partial = await c.chenghao!.post(path, { replies: [{ personId: ids.director, reply: 'attend' }] });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toContain('沈卫东');
    // Someone of another unit is not theirs to answer for.
    const foreign = await c.chenghao!.post(path, {
      replies: [
        { personId: ids.director, reply: 'attend' },
        { personId: ids.planner, reply: 'attend' },
        { personId: ids.leader, reply: 'attend' },
      ],
    });
    expect(foreign.status).toBe(400);
    expect(await replyEvents()).toBe(before);
    expect([...(await replies()).values()].every((r) => r.reply === null)).toBe(true);
    const ok = await c.chenghao!.post(path, {
      replies: [
        { personId: ids.director, reply: 'substitute', substitute: { name: '李红', post: '市发展改革委副主任' } },
        { personId: ids.planner, reply: 'attend' },
      ],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const now = await replies();
    expect(now.get(ids.director!)).toEqual({
      reply: 'substitute',
      leave: null,
      substitute: { personId: null, name: '李红', post: '市发展改革委副主任' },
    });
    expect(now.get(ids.planner!)?.reply).toBe('attend');
    const [d] = await t.database.db.select().from(dispatch).where(eq(dispatch.id, v.myReceipts[0]!.dispatchId));
    expect(d!.state).toBe('accepted');
    const office = await view('chenjing');
    expect(office.roster.find((p) => p.personId === ids.director)?.recordedBy).toBe('程浩');
  });

  it('a 常委会议 member cannot send a substitute (refused, nothing written)', async () => {
    const before = await replyEvents();
    const r = await reply('songjianguo', ids.leader!, {
      reply: 'substitute',
      substitute: { name: '王敏', post: '市委组织部常务副部长' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('常委会议组成人员不得委托他人代会');
    expect((await replies()).get(ids.leader!)?.reply).toBeNull();
    expect(await replyEvents()).toBe(before);
  });

  it('leave is asked of the chair, who approves one and refuses another with a reason', async () => {
    expect((await reply('heliping', ids.deputy!, { reply: 'leave', reason: '赴省委党校参加培训' })).status).toBe(200);
    expect((await reply('songjianguo', ids.leader!, { reply: 'leave', reason: '下乡调研' })).status).toBe(200);
    const asked = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.personId, ids.secretary!), like(notification.message, '%请假%')));
    expect(asked).toHaveLength(2);
    const chair = await view('zhengguohua');
    expect(chair.isChair).toBe(true);
    expect(chair.roster.filter((p) => p.leave === 'pending').map((p) => p.name)).toEqual(['何丽萍', '宋建国']);
    const decide = (who: string, personId: string, body: Record<string, unknown>) =>
      c[who]!.post(`${url()}/replies/${personId}/leave`, body);
    // Only the chair decides; a refusal says why.
    expect((await decide('chenjing', ids.deputy!, { approve: true })).status).toBe(403);
    expect((await decide('zhengguohua', ids.leader!, { approve: false })).status).toBe(400);
    expect((await decide('zhengguohua', ids.deputy!, { approve: true })).status).toBe(200);
    expect((await decide('zhengguohua', ids.leader!, { approve: false, reason: '涉及组织人事议题，请参会' })).status).toBe(200);
    expect((await decide('zhengguohua', ids.leader!, { approve: true })).status).toBe(409);
    const now = await replies();
    expect(now.get(ids.deputy!)).toMatchObject({ reply: 'leave', leave: 'approved' });
    expect(now.get(ids.leader!)).toMatchObject({ reply: 'leave', leave: 'refused' });
    const own = await view('songjianguo');
    expect(own.roster[0]).toMatchObject({ leave: 'refused', leaveRefusal: '涉及组织人事议题，请参会' });
    // The refused member answers again: latest counts.
    expect((await reply('songjianguo', ids.leader!, { reply: 'attend' })).status).toBe(200);
    expect((await replies()).get(ids.leader!)).toMatchObject({ reply: 'attend', leave: null });
  });

  it('a reply by someone not invited, or not theirs to give, is refused as not found and writes nothing', async () => {
    const before = await replyEvents();
    // Not invited: cannot read the meeting.
    expect((await reply('xunuo', ids.xunuo!, { reply: 'attend' })).status).toBe(404);
    // Invited, answering for another.
    expect((await reply('mazhiyuan', ids.sg!, { reply: 'attend' })).status).toBe(404);
    // A registrar for someone of another unit.
    expect((await reply('chenghao', ids.sg!, { reply: 'attend' })).status).toBe(404);
    // A forged person, and one not invited to this meeting.
    expect((await reply('chenjing', '00000000-0000-4000-8000-000000000000', { reply: 'attend' })).status).toBe(404);
    expect((await reply('chenjing', ids.xunuo!, { reply: 'attend' })).status).toBe(404);
    expect(await replyEvents()).toBe(before);
    expect((await replies()).get(ids.sg!)?.reply).toBeNull();
  });

  it('a sit-in’s substitute who is a person of the organisation reads the meeting, to check in', async () => {
    expect((await c.xunuo!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
    const r = await reply('mazhiyuan', ids.director!, { reply: 'substitute', substitute: { personId: ids.xunuo } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await replies()).get(ids.director!)).toEqual({
      reply: 'substitute',
      leave: null,
      substitute: { personId: ids.xunuo, name: '许诺', post: expect.any(String) },
    });
    expect((await c.xunuo!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(200);
    // Being someone's substitute makes no one invited: they still answer for no one.
    expect((await reply('xunuo', ids.xunuo!, { reply: 'attend' })).status).toBe(404);
    expect((await reply('xunuo', ids.director!, { reply: 'attend' })).status).toBe(404);
    // 马志远 comes after all: 许诺 no longer reads the meeting.
    expect((await reply('mazhiyuan', ids.director!, { reply: 'attend' })).status).toBe(200);
    expect((await c.xunuo!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
  });

  it('the office records a reply taken by phone, on someone’s behalf, and a late one is flagged', async () => {
    await moveTo('2026-11-07T10:00:00+08:00');
    const r = await reply('chenjing', ids.sg!, { reply: 'attend' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const row = (await view('chenjing')).roster.find((p) => p.personId === ids.sg);
    expect(row).toMatchObject({ reply: 'attend', recordedBy: '陈静', late: true });
  });

  it('sent again after a change it re-notifies without losing the replies', async () => {
    const r = await send('chenjing', { replyBy: '2026-11-09T12:00:00+08:00' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = await view('chenjing');
    expect(v.notice).toMatchObject({ sends: 2, replyBy: new Date('2026-11-09T12:00:00+08:00').toISOString() });
    expect(v.roster.filter((p) => p.reply !== null)).toHaveLength(5);
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.personId, ids.deputy!), like(notification.message, '会议通知%')));
    expect(told).toHaveLength(2);
  });

  it('after the meeting has started no reply changes', async () => {
    await moveTo('2026-11-10T09:30:00+08:00');
    const r = await reply('heliping', ids.deputy!, { reply: 'attend' });
    expect(r.status).toBe(409);
    expect((await replies()).get(ids.deputy!)).toMatchObject({ reply: 'leave', leave: 'approved' });
  });

  it('a notice sent later than the kind’s deadline (a day before) is flagged 逾期通知, not refused', async () => {
    await moveTo('2026-11-16T09:00:00+08:00');
    const topic = await topicThrough(c, ids, '关于冬季清洁取暖工作的议题');
    const id = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-16T15:00:00+08:00',
      endsAt: '2026-11-16T17:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
    });
    // The topic too came the same day, later than the 7 days for topics: it went on the agenda with the chair's
    // agreement (meetingThrough gives it), not the office's alone.
    const agenda = (await c.chenjing!.get(`/api/v1/meetings/${id}`)).body.agenda as { state: string; decidedBy?: unknown }[];
    expect(agenda.map((a) => a.state)).toEqual(['planned']);
    const audit = await t.database.db
      .select({ summary: event.summary })
      .from(event)
      .where(and(eq(event.action, 'meetings.agenda.add'), eq(event.targetId, id)));
    expect(audit[0]!.summary).toMatchObject({ state: 'pending', late: expect.stringContaining('晚于会前 7 日') });
    const r = await send('chenjing', { replyBy: '2026-11-16T12:00:00+08:00' }, id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.late).toBe(true);
    expect((await view('chenjing', id)).notice).toMatchObject({ late: true, noticeBeforeDays: 1 });
  });
});

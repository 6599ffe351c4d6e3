import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';
import { checkInsOf } from './checkin';
import { person } from '../../org/schema';
import { meetingCheckIn, meetingTopic } from './schema';

// 签到 (issue 17 item 6, DOMAIN §11.5, §11.8): the office's registrar and the meeting's staff check people in from the
// list; an attendee scans the screen's QR code with their phone; the code is this meeting's, and only for two minutes;
// a classified meeting admits only its approved list, each cleared for its 密级; the quorum is counted from the members
// checked in (> ½, or ≥ ⅔ before a topic on appointments); a mistaken check-in is undone with a reason.

type Sheet = {
  open: boolean;
  people: { personId: string; name: string; role: string; checkIn: { method: string; by: string } | null }[];
  quorum: {
    rule: string | null;
    due: number;
    present: number;
    onLeave: number;
    absent: number;
    needed: number | null;
    reached: boolean | null;
  };
  mayRecord: boolean;
};

const USERS = [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'fengxiaoli', 'maxiaoyan'];

describe.each(engines)('会议签到与法定人数 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  const meetings: Record<string, string> = {};

  const day = (hm: string) => `2026-11-10T${hm}:00+08:00`;
  const signInAll = async () => {
    for (const u of USERS) c[u] = await signedIn(t, u);
  };

  beforeAll(async () => {
    // A network approved for classified work: the 秘密 meeting below.
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    t.clock.set('2026-11-02T09:00:00+08:00');
    await signInAll();
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室' },
      {
        director: '马志远',
        reviewer: '罗正平',
        leader: '宋建国',
        sg: '周文斌',
        secretary: '郑国华',
        deputy: '何丽萍',
        sun: '孙海涛',
        xunuo: '许诺',
        feng: '冯晓丽',
      },
    );
    const four = [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!];
    const times = { startsAt: day('09:00'), endsAt: day('12:00') };
    meetings.a = await meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, '关于2027年市级重点项目计划的议题')],
      ...times,
      memberIds: four,
      sitInIds: [ids.director!],
      // 会务科's 冯晓丽 works at meeting A (staff).
      staffIds: [ids.feng!],
    });
    meetings.b = await meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, '关于冬季清洁取暖工作的议题')],
      ...times,
      memberIds: four,
    });
    const appointments = await topicThrough(c, ids, '关于干部任免的议题');
    await t.database.db.update(meetingTopic).set({ appointments: true }).where(eq(meetingTopic.itemId, appointments));
    meetings.c = await meetingThrough(c, ids, { topics: [appointments], ...times, memberIds: [...four, ids.sun!] });
    // A 秘密 meeting, planned by the registrar cleared for it. 马志远 sits in, cleared for 秘密 when it is planned and for
    // 内部 only by the day (a clearance lowered in between): check-in holds him to the meeting's 密级 again.
    const clear = (clearance: string) => t.database.db.update(person).set({ clearance }).where(eq(person.id, ids.director!));
    await clear('秘密');
    const secret = await c.maxiaoyan!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      ...times,
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: four,
      sitInIds: [ids.director],
      classification: '秘密',
    });
    expect(secret.status, JSON.stringify(secret.body)).toBe(201);
    await clear('内部');
    meetings.secret = secret.body.itemId as string;
    // The morning of the meeting, 7:00: check-in opens two hours before the start.
    t.clock.set(day('07:00'));
    await signInAll();
  });
  afterAll(() => t?.close());

  const sheet = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}/check-ins`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Sheet;
  };
  const checkIn = (who: string, id: string, personId: string) => c[who]!.post(`/api/v1/meetings/${id}/check-ins`, { personId });
  const code = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}/check-in-code`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { url: string; token: string; expiresAt: string; refreshSeconds: number };
  };
  const scan = (who: string, id: string, token: string) => c[who]!.post(`/api/v1/meetings/${id}/check-ins/qr`, { token });
  const rows = async (id: string) => t.database.db.select().from(meetingCheckIn).where(eq(meetingCheckIn.meetingItemId, id));

  it('staff check people in from the list; the quorum of 4 members is reached at 3, not at 2', async () => {
    const id = meetings.a!;
    t.clock.set(day('06:59'));
    const early = await checkIn('chenjing', id, ids.deputy!);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('签到尚未开始');
    t.clock.set(day('07:00'));

    let s = await sheet('chenjing', id);
    expect(s).toMatchObject({ open: true, mayRecord: true });
    expect(s.people.map((p) => [p.name, p.role])).toEqual([
      ['郑国华', 'member'],
      ['何丽萍', 'member'],
      ['宋建国', 'member'],
      ['周文斌', 'member'],
      ['马志远', 'sitIn'],
      ['冯晓丽', 'staff'],
    ]);
    expect(s.quorum).toEqual({ rule: 'majority', due: 4, present: 0, onLeave: 0, absent: 4, needed: 3, reached: false });

    expect((await checkIn('chenjing', id, ids.deputy!)).status).toBe(201);
    const twice = await checkIn('chenjing', id, ids.deputy!);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('何丽萍已签到');
    // The meeting's staff check people in too.
    expect((await checkIn('fengxiaoli', id, ids.leader!)).status).toBe(201);
    // Someone not on the list is not checked in.
    const stranger = await checkIn('chenjing', id, ids.xunuo!);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toContain('不在本次会议的参会人员名单中');
    s = await sheet('heliping', id);
    expect(s.mayRecord).toBe(false);
    expect(s.quorum).toMatchObject({ present: 2, absent: 2, needed: 3, reached: false });
    expect(s.people.find((p) => p.name === '宋建国')!.checkIn).toMatchObject({ method: 'manual', by: '冯晓丽' });

    // A member reads the sheet but checks no one else in; a sit-in does not read it; anyone else does not learn of it.
    expect((await checkIn('heliping', id, ids.sg!)).status).toBe(403);
    expect((await c.heliping!.get(`/api/v1/meetings/${id}/check-in-code`)).status).toBe(403);
    expect((await c.mazhiyuan!.get(`/api/v1/meetings/${id}/check-ins`)).status).toBe(403);
    expect((await c.xunuo!.get(`/api/v1/meetings/${id}/check-ins`)).status).toBe(404);

    // The chair scans the screen's code: the third member, the quorum is reached.
    const qr = await code('chenjing', id);
    expect(qr.url).toBe(`/meetings/${id}/check-in?t=${encodeURIComponent(qr.token)}`);
    expect(qr.refreshSeconds).toBe(60);
    const scanned = await scan('zhengguohua', id, qr.token);
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
    expect(scanned.body).toMatchObject({ name: '郑国华', role: 'member', already: false });
    expect(scanned.body.meetingTitle).toMatch(/常委会议$/);
    // Scanning again changes nothing.
    expect((await scan('zhengguohua', id, qr.token)).body).toMatchObject({ already: true });
    s = await sheet('zhengguohua', id);
    expect(s.quorum).toMatchObject({ present: 3, absent: 1, reached: true });
    expect(s.people[0]!.checkIn).toMatchObject({ method: 'qr', by: '郑国华' });
    // A sit-in checks in by the code too, without counting for the quorum.
    expect((await scan('mazhiyuan', id, qr.token)).status).toBe(200);
    expect((await sheet('chenjing', id)).quorum.present).toBe(3);

    const ins = await checkInsOf(t.database.db, id);
    expect(ins.map((x) => [x.name, x.role, x.method])).toEqual([
      ['郑国华', 'member', 'qr'],
      ['何丽萍', 'member', 'manual'],
      ['宋建国', 'member', 'manual'],
      ['马志远', 'sitIn', 'qr'],
    ]);
    expect(ins[0]!.at).toEqual(new Date(day('07:00')));
  });

  it('a mistaken check-in is undone with a reason, on record; the quorum falls back', async () => {
    const id = meetings.a!;
    const bare = await c.chenjing!.post(`/api/v1/meetings/${id}/check-ins/${ids.leader}/undo`, { reason: '' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('理由');
    expect((await c.heliping!.post(`/api/v1/meetings/${id}/check-ins/${ids.leader}/undo`, { reason: '误签' })).status).toBe(403);
    const undone = await c.chenjing!.post(`/api/v1/meetings/${id}/check-ins/${ids.leader}/undo`, {
      reason: '宋建国同志请假，误签',
    });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    const s = await sheet('chenjing', id);
    expect(s.people.find((p) => p.name === '宋建国')!.checkIn).toBeNull();
    expect(s.quorum).toMatchObject({ present: 2, reached: false });
    const [audit] = await t.database.db
      .select({ summary: event.summary })
      .from(event)
      .where(and(eq(event.targetId, id), eq(event.action, 'meetings.checkIn.undo')));
    expect(audit!.summary).toMatchObject({ personId: ids.leader, method: 'manual', reason: '宋建国同志请假，误签' });
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/check-ins/${ids.leader}/undo`, { reason: '再撤一次' })).status).toBe(
      404,
    );
    // And may check in again.
    expect((await checkIn('fengxiaoli', id, ids.leader!)).status).toBe(201);
  });

  it('refuses an expired, a forged and another meeting’s code with a Chinese message, and writes nothing', async () => {
    const id = meetings.b!;
    const qr = await code('chenjing', id);
    t.clock.advance(2 * 60 * 1000);
    const expired = await scan('zhouwenbin', id, qr.token);
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toBe('签到码已过期，请重新扫描会场屏幕上的二维码');

    const fresh = await code('chenjing', id);
    const [subject, exp, mac] = fresh.token.split('.');
    const forged = await scan('zhouwenbin', id, `${subject}.${Number(exp) + 3600}.${mac}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toBe('签到码无效，请扫描会场屏幕上的二维码');
    expect((await scan('zhouwenbin', id, 'not-a-token')).status).toBe(400);

    // Meeting A's code, sent to meeting B.
    const other = await scan('zhouwenbin', id, (await code('chenjing', meetings.a!)).token);
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain('不是本次会议的签到码');
    // And the reverse: B's code for A.
    expect((await scan('zhouwenbin', meetings.a!, fresh.token)).status).toBe(400);
    expect(await rows(id)).toEqual([]);
    expect((await sheet('chenjing', id)).quorum.present).toBe(0);
    // The fresh one works.
    expect((await scan('zhouwenbin', id, fresh.token)).status).toBe(200);
  });

  it('a classified meeting admits only its approved list, each cleared for its 密级', async () => {
    const id = meetings.secret!;
    const qr = await code('maxiaoyan', id);
    const outsider = await scan('xunuo', id, qr.token);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe('本次会议为涉密会议（秘密），您不在经批准的参会人员名单中，不能签到');
    // 马志远 sits in, but is cleared for 内部 only.
    const low = await scan('mazhiyuan', id, qr.token);
    expect(low.status).toBe(403);
    expect(low.body.error.message).toBe('本次会议密级为“秘密”，您的涉密等级（内部）不够，不能签到');
    const staffed = await checkIn('maxiaoyan', id, ids.director!);
    expect(staffed.status).toBe(403);
    expect(staffed.body.error.message).toContain('该人员的涉密等级（内部）不够');
    // 陈静 keeps the office's meetings, but not above her clearance.
    expect((await c.chenjing!.get(`/api/v1/meetings/${id}/check-ins`)).status).toBe(403);
    expect(await rows(id)).toEqual([]);
    expect((await scan('heliping', id, qr.token)).status).toBe(200);
    expect((await sheet('maxiaoyan', id)).quorum).toMatchObject({ present: 1, due: 4 });
  });

  it('before a topic on appointments ⅔ must be present: 3 of 5 is not enough, 4 is', async () => {
    const id = meetings.c!;
    for (const p of [ids.secretary!, ids.deputy!, ids.leader!]) expect((await checkIn('chenjing', id, p)).status).toBe(201);
    let s = await sheet('chenjing', id);
    expect(s.quorum).toEqual({ rule: 'twoThirds', due: 5, present: 3, onLeave: 0, absent: 2, needed: 4, reached: false });
    expect((await checkIn('chenjing', id, ids.sun!)).status).toBe(201);
    s = await sheet('chenjing', id);
    expect(s.quorum).toMatchObject({ present: 4, reached: true });
  });

  it('check-in closes when the meeting ends', async () => {
    t.clock.set(day('12:00'));
    await signInAll();
    const late = await checkIn('chenjing', meetings.c!, ids.sg!);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('会议已结束，不能再签到');
    const after = await sheet('chenjing', meetings.c!);
    expect(after.open).toBe(false);
    // The sheet is now the record (the 纪要's lines, the 签到表): no check-in is undone after the end.
    const came = after.people.find((p) => p.checkIn)!;
    const undo = await c.chenjing!.post(`/api/v1/meetings/${meetings.c}/check-ins/${came.personId}/undo`, { reason: '误签' });
    expect(undo.status).toBe(409);
    expect((await sheet('chenjing', meetings.c!)).people.find((p) => p.personId === came.personId)!.checkIn).not.toBeNull();
  });

  it('回执 count: approved leave is 请假, not 未到; a sit-in’s substitute checks in in their place and no member’s place', async () => {
    const id = meetings.b!;
    // The notice, the replies and the chair's decision, on the morning of the meeting (before it starts).
    t.clock.set(day('08:00'));
    await signInAll();
    const sent = await c.chenjing!.post(`/api/v1/meetings/${id}/notice`, {
      replyBy: day('08:30'),
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请准时到会。',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const reply = (who: string, personId: string, body: Record<string, unknown>) =>
      c[who]!.request('PUT', `/api/v1/meetings/${id}/notice/replies/${personId}`, body);
    expect((await reply('songjianguo', ids.leader!, { reply: 'leave', reason: '赴省里开会' })).status).toBe(200);
    expect((await reply('heliping', ids.deputy!, { reply: 'leave', reason: '下乡调研' })).status).toBe(200);
    expect(
      (await c.zhengguohua!.post(`/api/v1/meetings/${id}/notice/replies/${ids.leader}/leave`, { approve: true })).status,
    ).toBe(200);
    // 何丽萍's leave still waits for the chair: she is 未到, not 请假. (周文斌 scanned in above.)
    let s = await sheet('chenjing', id);
    expect(s.quorum).toMatchObject({ due: 4, present: 1, onLeave: 1, absent: 2 });
    expect((await checkIn('chenjing', id, ids.secretary!)).status).toBe(201);
    s = await sheet('chenjing', id);
    // Two of four present: leave does not lower what the quorum needs.
    expect(s.quorum).toMatchObject({ present: 2, onLeave: 1, absent: 1, needed: 3, reached: false });
    // Meeting A: 马志远 (sit-in) sends 许诺 in his place, who may check in then; the members' quorum does not move.
    const a = meetings.a!;
    expect((await checkIn('chenjing', a, ids.xunuo!)).status).toBe(403);
    const sentA = await c.chenjing!.post(`/api/v1/meetings/${a}/notice`, {
      replyBy: day('08:30'),
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请准时到会。',
    });
    expect(sentA.status, JSON.stringify(sentA.body)).toBe(200);
    const sub = await c.mazhiyuan!.request('PUT', `/api/v1/meetings/${a}/notice/replies/${ids.director}`, {
      reply: 'substitute',
      substitute: { personId: ids.xunuo },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    const before = (await sheet('chenjing', a)).quorum;
    const r = await checkIn('chenjing', a, ids.xunuo!);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const after = await sheet('chenjing', a);
    expect(after.people.find((p) => p.name === '许诺')).toMatchObject({ role: 'sitIn', checkIn: { method: 'manual' } });
    expect(after.quorum).toEqual(before);
  });
});

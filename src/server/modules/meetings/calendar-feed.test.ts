import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { DEMO_PASSWORD } from '../../org/demo-data';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';

// 日历订阅 (issue 17, outside tools): a member's phone subscribes to their meetings by a personal secret address. It
// lists the meetings they sit in once the agenda is fixed (the chair's from the plan), never a classified one; the
// secret opens nothing but the feed, and a new address, a stopped one or a changed password ends the old.

describe.each(engines)('日历订阅 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  let fixed = '';
  let planned = '';

  beforeAll(async () => {
    // A deployment on a network cleared for 秘密: a classified meeting exists, and stays off the phone.
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'maxiaoyan']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌', secretary: '郑国华', deputy: '何丽萍' },
    );
    const members = [ids.secretary!, ids.deputy!, ids.leader!];
    const topic = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    fixed = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: members,
    });
    planned = await meetingThrough(c, ids, {
      topics: [],
      startsAt: '2026-11-12T15:00:00+08:00',
      endsAt: '2026-11-12T17:00:00+08:00',
      memberIds: members,
      until: 'plan',
    });
    await meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, '关于某涉密事项的议题')],
      startsAt: '2026-11-13T09:00:00+08:00',
      endsAt: '2026-11-13T10:00:00+08:00',
      memberIds: members,
      classification: '秘密',
      planner: 'maxiaoyan',
    });
  });
  afterAll(() => t?.close());

  const feed = async (token: string) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/calendar.ics?token=${encodeURIComponent(token)}` });
    return { status: r.statusCode, text: r.body, type: r.headers['content-type'] };
  };
  const summaries = (ics: string) => [...ics.replace(/\r\n /g, '').matchAll(/^SUMMARY:(.*)$/gm)].map((m) => m[1]);

  it('a member subscribes: the fixed meeting is on their phone, the draft and the classified one are not', async () => {
    expect((await c.heliping!.get('/api/v1/me/feed')).body).toBeNull();
    const made = await c.heliping!.post('/api/v1/me/feed');
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const token = made.body.token as string;
    const r = await feed(token);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/calendar');
    expect(summaries(r.text)).toEqual(['2026年第1次常委会议']);
    expect(r.text).toContain(`UID:${fixed}@zhongshu`);
    expect(r.text).toContain('DTSTART:20261110T010000Z');
    expect(r.text).toContain('LOCATION:市委常委会议室');
    expect(r.text).not.toContain('关于2027年市级重点项目计划');
    expect((await c.heliping!.get('/api/v1/me/feed')).body.lastUsedAt).not.toBeNull();
    // The chair sees the plan he has yet to fix; the classified meeting is on no phone.
    const chair = (await c.zhengguohua!.post('/api/v1/me/feed')).body.token as string;
    const his = summaries((await feed(chair)).text);
    expect(his).toEqual(['2026年第1次常委会议', '2026年第2次常委会议']);
    expect(his.join()).not.toContain('第3次');
    expect((await feed(chair)).text).toContain(`UID:${planned}@zhongshu`);
    // Someone in no meeting gets an empty calendar.
    const other = (await c.xunuo!.post('/api/v1/me/feed')).body.token as string;
    expect(summaries((await feed(other)).text)).toEqual([]);
  });

  it('the secret opens only the feed; a new address, a stopped one and a changed password end the old', async () => {
    const first = (await c.heliping!.post('/api/v1/me/feed')).body.token as string;
    // Not the API: without a session the same secret reads nothing else.
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${fixed}?token=${first}` });
    expect(api.statusCode).toBe(401);
    // Forged, or cut short.
    expect((await feed('zf_' + 'A'.repeat(43))).status).toBe(401);
    expect((await feed(first.slice(0, -1))).status).toBe(401);
    const refused = await feed('nonsense');
    expect(refused.status).toBe(401);
    // A new address replaces the old.
    const second = (await c.heliping!.post('/api/v1/me/feed')).body.token as string;
    expect((await feed(first)).status).toBe(401);
    expect((await feed(second)).status).toBe(200);
    // Stopped.
    expect((await c.heliping!.delete('/api/v1/me/feed')).status).toBe(204);
    expect((await feed(second)).status).toBe(401);
    expect((await c.heliping!.delete('/api/v1/me/feed')).status).toBe(404);
    // Made by an API token: refused (only the person, signed in).
    const tok = await c.heliping!.post('/api/v1/me/tokens', { name: '日历', scope: ['meetings:read'], days: 7 });
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/feed',
      headers: { authorization: `Bearer ${tok.body.token as string}` },
    });
    expect(byToken.statusCode).toBe(403);
    // A changed password ends it.
    const third = (await c.heliping!.post('/api/v1/me/feed')).body.token as string;
    expect((await feed(third)).status).toBe(200);
    const changed = await c.heliping!.post('/api/v1/auth/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'New-pass-2026',
    });
    expect(changed.status).toBe(204);
    expect((await feed(third)).status).toBe(401);
  });
});

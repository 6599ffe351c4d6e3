import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';

// 精文减会 at the agenda (issue 17 item 10, DOMAIN §11.7 maxSpeechMin): the 市委办公室 allows 20 minutes a report in
// 2026. A topic put on the agenda with 30 minutes is refused without a reason and nothing is added; with a reason it
// is added, the reason audited and shown with the warning on the meeting; a slot changed later is checked the same way,
// and brought within the limit its warning goes.

describe.each(engines)('议题汇报时间与精文减会规定 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  let meetingId = '';
  const topics: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'xunuo']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室' },
      { secretary: '郑国华', deputy: '何丽萍', leader: '宋建国', sg: '周文斌', director: '马志远', reviewer: '罗正平' },
    );
    const set = await c.chenjing!.put('/api/v1/meetings/policy', {
      officeUnitId: ids.office,
      year: 2026,
      maxPerKind: {},
      maxDurationMin: null,
      maxAttendees: null,
      maxSpeechMin: 20,
      noMeetingWeekdays: [],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    for (const title of ['关于城市更新行动方案的议题', '关于老旧小区改造的议题']) topics.push(await topicThrough(c, ids, title));
    meetingId = await meetingThrough(c, ids, {
      topics: [],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!],
      until: 'plan',
    });
  });
  afterAll(() => t?.close());

  const agenda = async () =>
    (await c.chenjing!.get(`/api/v1/meetings/${meetingId}`)).body.agenda as {
      id: string;
      topicItemId: string;
      minutes: number | null;
    }[];
  const warnings = async () => (await c.chenjing!.get(`/api/v1/meetings/${meetingId}/policy`)).body.agendaWarnings as string[];
  const overrides = async () =>
    (
      await t.database.db
        .select()
        .from(event)
        .where(and(eq(event.action, 'meetings.agenda.override'), eq(event.targetId, meetingId)))
    ).length;

  it('a slot over the speech limit is refused without a reason, and nothing is added', async () => {
    const r = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/agenda`, { topicItemId: topics[0], minutes: 30 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('议题汇报时间 30 分钟，超过精文减会规定的 20 分钟。确需延长的，请填写理由');
    expect(await agenda()).toEqual([]);
    expect(await overrides()).toBe(0);
  });

  it('with a reason it is added, audited and shown on the meeting with the reason', async () => {
    const r = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/agenda`, {
      topicItemId: topics[0],
      minutes: 30,
      overrideReason: '涉及多个区县，需逐一汇报',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await agenda()).map((a) => a.minutes)).toEqual([30]);
    expect(await warnings()).toEqual(['议程第 1 项汇报 30 分钟，超过规定的 20 分钟（陈静说明理由：涉及多个区县，需逐一汇报）']);
    expect(await overrides()).toBe(1);
    // Within the limit, no reason is asked.
    const ok = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/agenda`, { topicItemId: topics[1], minutes: 15 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await warnings()).toHaveLength(1);
  });

  it('a slot changed later is checked the same way; brought within the limit its warning goes', async () => {
    const [first, second] = await agenda();
    const url = (a: { id: string }) => `/api/v1/meetings/${meetingId}/agenda/${a.id}/slot`;
    const over = await c.chenjing!.request('PUT', url(second!), { minutes: 25 });
    expect(over.status).toBe(400);
    expect(over.body.error.message).toContain('超过精文减会规定的 20 分钟');
    expect((await agenda())[1]!.minutes).toBe(15);
    const bad = await c.chenjing!.request('PUT', url(second!), { minutes: 0 });
    expect(bad.status).toBe(400);
    // Someone who may not read the meeting learns nothing of it.
    expect((await c.xunuo!.request('PUT', url(second!), { minutes: 10 })).status).toBe(404);
    // The chair may set it too, with a reason.
    const chair = await c.zhengguohua!.request('PUT', url(second!), { minutes: 25, overrideReason: '需通报试点情况' });
    expect(chair.status, JSON.stringify(chair.body)).toBe(200);
    expect(await warnings()).toHaveLength(2);
    const back = await c.chenjing!.request('PUT', url(first!), { minutes: 20 });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(await warnings()).toEqual(['议程第 2 项汇报 25 分钟，超过规定的 20 分钟（郑国华说明理由：需通报试点情况）']);
    expect(await overrides()).toBe(2);
  });
});

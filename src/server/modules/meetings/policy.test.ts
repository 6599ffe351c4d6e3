import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';
import { meeting } from './schema';

// 精文减会 (issue 17 item 10, DOMAIN §11.7): the office's registrar sets the year's limits; a plan over them is refused
// without a reason — nothing written — and saved with one, the reason and the warnings recorded, audited and shown.

describe.each(engines)('精文减会规定 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'xunuo']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室' },
      { secretary: '郑国华', deputy: '何丽萍', leader: '宋建国', sg: '周文斌', director: '马志远', reviewer: '罗正平' },
    );
  });
  afterAll(() => t?.close());

  const plan = (over: Record<string, unknown> = {}) => ({
    officeUnitId: ids.office,
    meetingKind: 'standingCommittee',
    startsAt: '2026-11-10T09:00:00+08:00',
    endsAt: '2026-11-10T11:00:00+08:00',
    place: '市委常委会议室',
    chairPersonId: ids.secretary,
    memberIds: [ids.secretary, ids.deputy, ids.leader, ids.sg],
    ...over,
  });
  const count = async () => (await t.database.db.select().from(meeting).where(eq(meeting.officeUnitId, ids.office!))).length;

  it('the office keeps its policy; no one else sets it', async () => {
    const open = await c.chenjing!.get(`/api/v1/meetings/policy?officeUnitId=${ids.office}&year=2026`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ unset: true, mayEdit: true, maxPerKind: {} });
    const body = {
      officeUnitId: ids.office,
      year: 2026,
      maxPerKind: { standingCommittee: 1 },
      maxDurationMin: 150,
      maxAttendees: 30,
      maxSpeechMin: 20,
      noMeetingWeekdays: [1],
    };
    expect((await c.xunuo!.put('/api/v1/meetings/policy', body)).status).toBe(403);
    const set = await c.chenjing!.put('/api/v1/meetings/policy', body);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ unset: false, maxPerKind: { standingCommittee: 1 }, updatedBy: '陈静' });
    const seen = await c.xunuo!.get(`/api/v1/meetings/policy?officeUnitId=${ids.office}&year=2026`);
    expect(seen.body).toMatchObject({ maxAttendees: 30, noMeetingWeekdays: [1], mayEdit: false });
  });

  it('over the yearly count: refused without a reason, saved with one and the reason recorded', async () => {
    const first = await c.chenjing!.post('/api/v1/meetings', plan());
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await c.chenjing!.get(`/api/v1/meetings/${first.body.itemId}/policy`)).body.override).toBeNull();

    // The second 常委会议 of the year, on a Monday, for three hours.
    const second = plan({ startsAt: '2026-11-16T09:00:00+08:00', endsAt: '2026-11-16T12:00:00+08:00' });
    const warnings = [
      '本年度常委会议已开 1 次，本次为第 2 次，超过规定的 1 次',
      '会期 180 分钟，超过规定的 150 分钟',
      '周一为无会日（2026-11-16）',
    ];
    const dry = await c.chenjing!.post('/api/v1/meetings/policy/check', second);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.warnings).toEqual(warnings);
    expect((await c.xunuo!.post('/api/v1/meetings/policy/check', second)).status).toBe(403);

    const before = await count();
    const refused = await c.chenjing!.post('/api/v1/meetings', second);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(`本次会议不符合精文减会规定：${warnings.join('；')}。确需召开的，请填写理由`);
    expect(await count()).toBe(before);

    const reason = '市委全会前须专题研究年度重点工作，经书记同意加开。';
    const saved = await c.chenjing!.post('/api/v1/meetings', { ...second, overrideReason: reason });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    // Numbered on: the refused plan took no number.
    expect(saved.body.title).toBe('2026年第2次常委会议');
    const record = await c.chenjing!.get(`/api/v1/meetings/${saved.body.itemId}/policy`);
    expect(record.body.override).toMatchObject({ warnings, reason, recordedBy: '陈静' });
    const audited = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'meetings.policy.override'), eq(event.targetId, saved.body.itemId)));
    expect(audited).toHaveLength(1);

    // A topic to be reported for longer than the limit needs a reason too (agenda-slot.test.ts), and shows on the page.
    const topic = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    const agendaUrl = `/api/v1/meetings/${first.body.itemId}/agenda`;
    expect((await c.chenjing!.post(agendaUrl, { topicItemId: topic, minutes: 30 })).status).toBe(400);
    const onAgenda = await c.chenjing!.post(agendaUrl, { topicItemId: topic, minutes: 30, overrideReason: '项目较多' });
    expect(onAgenda.status, JSON.stringify(onAgenda.body)).toBe(201);
    expect((await c.chenjing!.get(`/api/v1/meetings/${first.body.itemId}/policy`)).body).toEqual({
      override: null,
      agendaWarnings: ['议程第 1 项汇报 30 分钟，超过规定的 20 分钟（陈静说明理由：项目较多）'],
    });

    // A plan within the limits needs no reason: a 专题会议 is not capped.
    const within = plan({ meetingKind: 'topic', startsAt: '2026-11-17T09:00:00+08:00', endsAt: '2026-11-17T10:00:00+08:00' });
    expect((await c.chenjing!.post('/api/v1/meetings/policy/check', within)).body.warnings).toEqual([]);
  });
});

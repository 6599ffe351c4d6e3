import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';

// 修改议题 (DOMAIN §11.2): the 发改委's planner (沈卫东) drafts a topic; his director (马志远) sends it back from 单位审签;
// the planner amends it and submits it, and it waits for the director's sign-off again. While it is with the director
// neither he, nor the unit's registrar, nor the office changes it; a topic the office refused (材料未按时送达) is not
// amended at all.

describe.each(engines)('议题的修改 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'chenghao']) c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌' },
    );
  });
  afterAll(() => t?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    title: '关于2027年市级重点项目计划（修改稿）的议题',
    situation: '背景、依据、主要内容；补充了资金来源。',
    question: '审议2027年市级重点项目计划。',
    suggestedSitIns: '市财政局',
    majorDecision: false,
    appointments: false,
    ...over,
  });
  const topic = async (id: string, who = 'shenweidong') => (await c[who]!.get(`/api/v1/meeting-topics/${id}`)).body;
  const amend = (who: string, id: string, over: Record<string, unknown> = {}) =>
    c[who]!.request('PUT', `/api/v1/meeting-topics/${id}`, body(over));
  const myTask = async (who: string, id: string, step: string) =>
    ((await topic(id, who)).myTasks as { id: string; version: number; stepKey: string }[]).find((x) => x.stepKey === step)!;

  it('sent back to 拟稿 it is amended by its drafter alone, and goes to the unit head’s sign-off again', async () => {
    const made = await c.shenweidong!.post('/api/v1/meeting-topics', {
      title: '关于2027年市级重点项目计划的议题',
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      situation: '背景、依据、主要内容。',
      question: '审议2027年市级重点项目计划。',
    });
    expect(made.status).toBe(201);
    const id = made.body.itemId as string;
    const draft = await myTask('shenweidong', id, 'draft');
    const sent = await c.shenweidong!.post(`/api/v1/tasks/${draft.id}/submit`, {
      version: draft.version,
      next: { personIds: [ids.director] },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // With the director: nobody changes it — not the drafter, not the signer, not the unit's registrar.
    expect((await topic(id)).mayAmend).toBe(false);
    const early = await amend('shenweidong', id);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('退回拟稿后');
    expect((await amend('mazhiyuan', id)).status).toBe(403);
    expect((await amend('chenghao', id)).status).toBe(403);
    // The kernel's own edit refuses a topic outright.
    const patched = await c.shenweidong!.request('PATCH', `/api/v1/items/${id}`, { version: 1, title: '改' });
    expect(patched.status).toBe(409);

    const signoff = await myTask('mazhiyuan', id, 'unitSignoff');
    const back = await c.mazhiyuan!.post(`/api/v1/tasks/${signoff.id}/return`, {
      version: signoff.version,
      toStep: 'draft',
      reason: '请补充资金来源。',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(204);
    expect((await topic(id)).mayAmend).toBe(true);
    expect((await topic(id, 'mazhiyuan')).mayAmend).toBe(false);
    expect((await amend('mazhiyuan', id)).status).toBe(403);
    const bad = await amend('shenweidong', id, { title: '' });
    expect(bad.status).toBe(400);
    const ok = await amend('shenweidong', id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const now = await topic(id);
    expect(now).toMatchObject({
      title: '关于2027年市级重点项目计划（修改稿）的议题',
      situation: '背景、依据、主要内容；补充了资金来源。',
      suggestedSitIns: '市财政局',
      stateKey: 'draft',
    });
    const audited = await t.database.db
      .select({ summary: event.summary })
      .from(event)
      .where(and(eq(event.action, 'meetings.topic.amend'), eq(event.targetId, id)));
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited[0]!.summary)).toContain('补充了资金来源');
    // Resubmitted, it is the director's to sign again, and fixed once more.
    const again = await myTask('shenweidong', id, 'draft');
    const resent = await c.shenweidong!.post(`/api/v1/tasks/${again.id}/submit`, {
      version: again.version,
      next: { personIds: [ids.director] },
    });
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(await myTask('mazhiyuan', id, 'unitSignoff')).toBeTruthy();
    expect((await amend('shenweidong', id)).status).toBe(409);
  });

  it('a 重大行政决策 amended after its legality review is reviewed again before it goes on', async () => {
    const made = await c.shenweidong!.post('/api/v1/meeting-topics', {
      title: '关于调整城区供水价格的议题',
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      situation: '背景、依据、主要内容。',
      question: '审议供水价格调整方案。',
      majorDecision: true,
    });
    expect(made.status).toBe(201);
    const id = made.body.itemId as string;
    const step = async (who: string, key: string, body: Record<string, unknown>) => {
      const task = await myTask(who, id, key);
      return c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    };
    expect((await step('shenweidong', 'draft', { next: { personIds: [ids.director] } })).status).toBe(200);
    expect(
      (await step('mazhiyuan', 'unitSignoff', { decision: 'legality', opinion: '送审。', next: { personIds: [ids.reviewer] } }))
        .status,
    ).toBe(200);
    expect((await step('luozhengping', 'legality', { opinion: '程序合法。', next: { personIds: [ids.leader] } })).status).toBe(
      200,
    );
    // The leader in charge sends it back; the drafter rewrites what the review had read.
    const approval = await myTask('songjianguo', id, 'leaderApproval');
    const back = await c.songjianguo!.post(`/api/v1/tasks/${approval.id}/return`, {
      version: approval.version,
      toStep: 'draft',
      reason: '价格方案请重新测算。',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(204);
    const ok = await amend('shenweidong', id, { title: '关于调整城区供水价格（修改稿）的议题', majorDecision: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await step('shenweidong', 'draft', { next: { personIds: [ids.director] } })).status).toBe(200);
    // The old review does not cover the new text: the director cannot send it on without one.
    const skipped = await step('mazhiyuan', 'unitSignoff', {
      decision: 'agree',
      opinion: '同意。',
      next: { personIds: [ids.leader] },
    });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.message).toContain('须先经合法性审查');
    const reviewed = await step('mazhiyuan', 'unitSignoff', {
      decision: 'legality',
      opinion: '修改后再送审。',
      next: { personIds: [ids.reviewer] },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  });

  it('a topic the office refused (不予安排) cannot be amended by anyone', async () => {
    const id = await topicThrough(c, ids, '关于城区停车收费调整的议题', { until: 'returned' });
    const r = await amend('shenweidong', id);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('不予安排，不能修改');
    expect((await topic(id)).mayAmend).toBe(false);
    expect((await topic(id)).title).toBe('关于城区停车收费调整的议题');
  });
});

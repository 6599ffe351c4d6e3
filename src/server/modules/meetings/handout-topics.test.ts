import { uploadPdf } from '../../../../test/support/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { notification } from '../../platform/notify/schema';

// 涉密材料随议题收回 (DOMAIN §11.8, "when that topic ends"): at a 秘密 常委会议 the copies of a topic's report go to
// 何丽萍 (1) and 宋建国 (2), and a paper for the whole meeting to 何丽萍. 何丽萍 hands hers back early. When the topic's
// record is written its discussion is over: the register lists 宋建国's copy 2 under that topic — not the meeting's
// own paper — and the office's 机要 registrar is told to collect it before the attendees leave.

describe.each(engines)('涉密材料随议题收回 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'maxiaoyan']) c[u] = await signedIn(t, u);
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
      },
    );
  });
  afterAll(() => t?.close());

  it('a topic over, the copies of its materials still out are listed under it and the registrar is told', async () => {
    const topic = await topicThrough(c, ids, '关于重大项目选址的议题');
    const id = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!],
      classification: '秘密',
      planner: 'maxiaoyan',
    });
    const material = async (title: string, topicItemId: string | null) => {
      const r = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/materials`, {
        title,
        fileId: await uploadPdf(c.maxiaoyan!, `${title}.pdf`, '秘密'),
        ...(topicItemId ? { topicItemId } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const report = await material('关于重大项目选址的汇报', topic);
    const paper = await material('会议须知', null);
    for (const [materialId, holders] of [
      [report, [ids.deputy, ids.leader]],
      [paper, [ids.deputy]],
    ] as const) {
      const r = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts`, { materialId, holderPersonIds: holders });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const copies = (await c.maxiaoyan!.get(`/api/v1/meetings/${id}/handouts`)).body.items as {
      id: string;
      materialId: string;
      copyNo: number;
    }[];
    const hers = copies.find((h) => h.materialId === report && h.copyNo === 1)!;
    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts/${hers.id}/return`, {})).status).toBe(200);

    t.clock.set('2026-11-10T10:30:00+08:00');
    for (const u of ['maxiaoyan', 'heliping']) c[u] = await signedIn(t, u);
    const out = async () => {
      const r = await c.maxiaoyan!.get(`/api/v1/meetings/${id}/record/copies-out`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.topics as { topic: string; copies: { material: string; copyNo: number; holder: string }[] }[];
    };
    // Under discussion: nothing is due back yet.
    expect(await out()).toEqual([]);
    const written = await c.maxiaoyan!.request('PUT', `/api/v1/meetings/${id}/record/${topic}`, { result: 'passed' });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(await out()).toEqual([
      {
        topicItemId: topic,
        topic: '关于重大项目选址的议题',
        endedAt: expect.any(String),
        copies: [{ material: '关于重大项目选址的汇报', copyNo: 2, holder: '宋建国' }],
      },
    ]);
    const told = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.itemId, id), like(notification.message, '%审议结束%')));
    expect(told.map((n) => n.message)).toContain(
      '议题《关于重大项目选址的议题》审议结束，以下涉密材料尚未收回，请在参会人员离场前收回：《关于重大项目选址的汇报》第2份（宋建国）',
    );
    // A correction of the record does not say it again.
    const corrected = await c.maxiaoyan!.request('PUT', `/api/v1/meetings/${id}/record/${topic}`, {
      result: 'passed',
      summary: '会议同意。',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const toldAgain = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.itemId, id), like(notification.message, '%审议结束%')));
    expect(toldAgain).toHaveLength(told.length);
    // A member reads the meeting but does not collect the copies: given no list.
    const member = await c.heliping!.get(`/api/v1/meetings/${id}/record/copies-out`);
    expect(member.body).toEqual({ collects: false, topics: [] });
    // Collected, the topic leaves the list (the meeting's own paper is not a topic's).
    const his = copies.find((h) => h.materialId === report && h.copyNo === 2)!;
    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts/${his.id}/return`, {})).status).toBe(200);
    expect(await out()).toEqual([]);
  });
});

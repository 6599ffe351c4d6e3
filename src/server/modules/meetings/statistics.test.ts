import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { item } from '../../platform/items/schema';

// 年度统计 (issue 17 item 10, DOMAIN §11.9): the office's figures for a year equal a hand count of what was done —
// meetings held by kind (not those still to come), topics studied (not one refused at 初审), 纪要 issued (numbered), the
// 议定事项 and how many of the 督办 items they became were closed, and closed by their due date — beside last year's.

describe.each(engines)('会议年度统计 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  const PEOPLE = [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'zhaochunmei', 'xunuo'];
  const moveTo = async (at: string) => {
    t.clock.set(at);
    for (const u of PEOPLE) c[u] = await signedIn(t, u);
  };
  let supervised: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(engine);
    await moveTo('2025-03-02T09:00:00+08:00');
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', ndrc: '江州市发展和改革委员会', finance: '江州市财政局' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌', secretary: '郑国华', deputy: '何丽萍' },
    );
    const members = [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!];
    // 2025: one 常委会议.
    await meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, '关于2025年重点工作的议题')],
      startsAt: '2025-03-10T09:00:00+08:00',
      endsAt: '2025-03-10T11:00:00+08:00',
      memberIds: members,
    });
    // 2026: two held (three topics between them), one still to come; a topic refused at 初审 is on no agenda.
    await moveTo('2026-11-02T09:00:00+08:00');
    const [p1, p2, p3, p4] = [
      await topicThrough(c, ids, '关于2027年市级重点项目计划的议题'),
      await topicThrough(c, ids, '关于冬季清洁取暖工作的议题'),
      await topicThrough(c, ids, '关于优化营商环境若干措施的议题'),
      await topicThrough(c, ids, '关于2027年民生实事的议题'),
    ];
    await topicThrough(c, ids, '关于校车运营补贴的议题', { until: 'returned' });
    const a = await meetingThrough(c, ids, {
      topics: [p1, p2],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: members,
    });
    await meetingThrough(c, ids, {
      topics: [p3],
      startsAt: '2026-11-12T09:00:00+08:00',
      endsAt: '2026-11-12T11:00:00+08:00',
      memberIds: members,
    });
    await meetingThrough(c, ids, {
      topics: [p4],
      startsAt: '2026-12-20T09:00:00+08:00',
      endsAt: '2026-12-20T11:00:00+08:00',
      memberIds: members,
    });
    // Meeting A decides three matters; after it the 纪要 is drafted and two become 督办 items.
    await moveTo('2026-11-10T10:00:00+08:00');
    for (const [text, dueDate] of [
      ['市发展改革委牵头修改完善重点项目计划。', '2026-11-20'],
      ['市财政局落实取暖经费。', '2026-11-25'],
      ['市发展改革委会同市财政局研究项目资金保障办法。', '2026-12-31'],
    ] as const) {
      const r = await c.chenjing!.post(`/api/v1/meetings/${a}/decisions`, {
        text,
        leadUnitId: text.startsWith('市财政局') ? ids.finance : ids.ndrc,
        dueDate,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await moveTo('2026-11-10T13:00:00+08:00');
    const minutes = await c.chenjing!.post(`/api/v1/meetings/${a}/minutes`, {});
    expect(minutes.status, JSON.stringify(minutes.body)).toBe(201);
    const decisions = (await c.zhaochunmei!.get(`/api/v1/meetings/${a}/decisions`)).body.decisions as { id: string }[];
    for (const d of decisions.slice(0, 2)) {
      const r = await c.zhaochunmei!.post(`/api/v1/meetings/${a}/decisions/${d.id}/supervise`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    supervised = (await c.zhaochunmei!.get(`/api/v1/meetings/${a}/decisions`)).body.decisions
      .map((d: { supervision: { itemId: string } | null }) => d.supervision?.itemId)
      .filter(Boolean);
    expect(supervised).toHaveLength(2);
    // What the 发文 and 督办 modules record later, set here: the 纪要 numbered (编号); the first item 销号 on 11-18
    // (before its due date), the second on 11-30 (after it).
    await t.database.db.update(item).set({ registryNo: '常委会议纪要〔2026〕1号' }).where(eq(item.id, minutes.body.itemId));
    await t.database.db
      .update(item)
      .set({ state: 'closed', closedAt: new Date('2026-11-18T10:00:00+08:00') })
      .where(eq(item.id, supervised[0]!));
    await t.database.db
      .update(item)
      .set({ state: 'closed', closedAt: new Date('2026-11-30T10:00:00+08:00') })
      .where(inArray(item.id, [supervised[1]!]));
    await moveTo('2026-12-01T09:00:00+08:00');
  });
  afterAll(() => t?.close());

  const stats = (who: string, year = 2026) => c[who]!.get(`/api/v1/meetings/statistics?officeUnitId=${ids.office}&year=${year}`);

  it('equals the hand count for the year and the year before', async () => {
    const r = await stats('chenjing');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.current).toEqual({
      year: 2026,
      byKind: [{ kind: 'standingCommittee', name: '常委会议', count: 2 }],
      meetings: 2,
      topics: 3,
      minutes: 1,
      decisions: 3,
      supervised: 2,
      closed: 2,
      closedOnTime: 1,
      closedRate: 2 / 3,
      onTimeRate: 1 / 3,
    });
    expect(r.body.previous).toMatchObject({ year: 2025, meetings: 1, topics: 1, minutes: 0, decisions: 0, closedRate: null });
    // 同比: two against one.
    expect(r.body.meetingsChange).toBe(1);
    // The meeting still to come counts once held: on 20 December.
    await moveTo('2026-12-20T10:00:00+08:00');
    expect((await stats('chenjing')).body.current).toMatchObject({ meetings: 3, topics: 4 });
  });

  it('is the office’s: its registrars, supervisors and leaders read it; others are refused', async () => {
    for (const who of ['chenjing', 'zhaochunmei', 'zhouwenbin']) expect((await stats(who)).status, who).toBe(200);
    for (const who of ['xunuo', 'mazhiyuan', 'heliping']) expect((await stats(who)).status, who).toBe(403);
    // Bad input: a year out of range, a forged office.
    expect((await stats('chenjing', 1900)).status).toBe(400);
    const forged = await c.chenjing!.get(
      `/api/v1/meetings/statistics?officeUnitId=00000000-0000-4000-8000-000000000000&year=2026`,
    );
    expect(forged.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { person, unit } from '../../org/schema';
import { event } from '../../platform/audit/schema';
import { item } from '../../platform/items/schema';

// 议题 (issue 17 item 2, DOMAIN §11.2) through the API, as the people do it: the 发改委's planner drafts a 重大行政决策
// for the 常委会议; its director cannot send it on without the legality review, sends it to 会商 instead; the 财政局
// and 教育局 give their opinions; the planner sums them up and sends it to the 司法局's reviewer; the leader in charge
// approves and submits it to the 市委办公室, whose registrar signs for it and takes it into the 议题库; the
// secretary-general proposes it. A second topic is refused for late materials; a third is withdrawn by its unit.

type Detail = {
  title: string;
  registryNo: string | null;
  stateKey: string;
  state: string;
  legalityStartedOn: string | null;
  refusal: string | null;
  returnedReason: string | null;
  withdrawnReason: string | null;
  mayWithdraw: boolean;
  myReceipts: string[];
  myTasks: { id: string; version: number; stepKey: string | null; decisions: Record<string, string> | null }[];
  opinions: { stepKey: string | null; kind: string; text: string }[];
};

describe.each(engines)('议题: 拟稿 → 审签 → 会商 → 合法性审查 → 分管领导 → 报送 → 初审 → 秘书长 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [
      'shenweidong',
      'mazhiyuan',
      'weifang',
      'donglei',
      'luozhengping',
      'songjianguo',
      'chenjing',
      'zhouwenbin',
      'xunuo',
      'chenghao',
    ])
      c[u] = await signedIn(t, u);
    const db = t.database.db;
    for (const [k, name] of [
      ['office', '中共江州市委办公室'],
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
      ['education', '江州市教育局'],
    ] as const)
      ids[k] = (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    for (const [k, name] of [
      ['director', '马志远'],
      ['reviewer', '罗正平'],
      ['leader', '宋建国'],
      ['sg', '周文斌'],
    ] as const)
      ids[k] = (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
  });
  afterAll(() => t?.close());

  const detail = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meeting-topics/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Detail;
  };
  const myTask = async (who: string, id: string, step: string) => {
    const found = (await detail(who, id)).myTasks.find((x) => x.stepKey === step);
    expect(found, `${who} holds ${step}`).toBeTruthy();
    return found!;
  };
  const submit = async (who: string, id: string, step: string, body: Record<string, unknown>, status = 200) => {
    const task = await myTask(who, id, step);
    const r = await c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    expect(r.status, `${who} ${step}: ${JSON.stringify(r.body)}`).toBe(status);
    return r;
  };
  const propose = async (over: Record<string, unknown> = {}) => {
    const r = await c.shenweidong!.post('/api/v1/meeting-topics', {
      title: '关于《江州市城区内涝治理三年行动方案》的议题',
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      situation: '一、背景……二、依据……三、主要内容……四、需会议决定的事项……五、不同意见……',
      question: '审议《江州市城区内涝治理三年行动方案（送审稿）》。',
      majorDecision: true,
      ...over,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.itemId as string;
  };
  /** 报送 and 签收: the leader in charge submits it to the office, whose registrar signs for it. */
  const toOffice = async (id: string) => {
    await submit('songjianguo', id, 'leaderApproval', {
      opinion: '同意提请市委常委会议研究。',
      next: { units: [{ unitId: ids.office, role: 'assisting' }] },
    });
    const [rid] = (await detail('chenjing', id)).myReceipts;
    expect(rid, 'the office registrar may sign for it').toBeTruthy();
    const signed = await c.chenjing!.post(`/api/v1/meeting-topics/${id}/receipts/${rid}/accept`, {});
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  };

  it('a 重大行政决策 goes through 会商 and the legality review into the 议题库, numbered; the secretary-general proposes it', async () => {
    const id = await propose();
    expect((await detail('shenweidong', id)).stateKey).toBe('draft');
    // Someone the topic does not concern learns nothing of it.
    expect((await c.xunuo!.get(`/api/v1/meeting-topics/${id}`)).status).toBe(404);
    await submit('shenweidong', id, 'draft', { next: { personIds: [ids.director] } });

    // The director cannot send a 重大行政决策 on without the legality review; a request for comments does not replace it.
    const skip = await submit(
      'mazhiyuan',
      id,
      'unitSignoff',
      { decision: 'agree', opinion: '同意报送。', next: { personIds: [ids.leader] } },
      400,
    );
    expect(skip.body.error.message).toContain('合法性审查');
    await submit('mazhiyuan', id, 'unitSignoff', {
      decision: 'consult',
      opinion: '同意，请财政局、教育局会商。',
      next: {
        units: [
          { unitId: ids.finance, role: 'assisting' },
          { unitId: ids.education, role: 'assisting' },
        ],
      },
    });
    expect((await detail('shenweidong', id)).stateKey).toBe('consult');
    await submit('weifang', id, 'consult', { opinion: '原则同意，资金按年度预算安排。' });
    await submit('donglei', id, 'consult', { opinion: '无意见。' });

    // Summing the opinions up does not let it skip the review either.
    expect(
      (
        await submit(
          'shenweidong',
          id,
          'collate',
          { decision: 'agree', opinion: '各部门均无不同意见。', next: { personIds: [ids.leader] } },
          400,
        )
      ).body.error.message,
    ).toContain('合法性审查');
    await submit('shenweidong', id, 'collate', {
      decision: 'legality',
      opinion: '各部门均无不同意见。',
      next: { personIds: [ids.reviewer] },
    });
    let d = await detail('shenweidong', id);
    expect(d.stateKey).toBe('legality');
    expect(d.legalityStartedOn).toBe('2026-11-02');

    await submit('luozhengping', id, 'legality', {
      opinion: '经审查，该决策草案符合法律法规规定，程序合法。',
      next: { personIds: [ids.leader] },
    });
    // 报送 goes to the office the topic is for, not to another unit.
    const wrong = await submit(
      'songjianguo',
      id,
      'leaderApproval',
      { opinion: '同意。', next: { units: [{ unitId: ids.finance, role: 'assisting' }] } },
      400,
    );
    expect(wrong.body.error.message).toContain('办公厅（室）');
    await toOffice(id);

    // 初审 into the pool: numbered in the office's series; on to the secretary-general.
    await submit('chenjing', id, 'screen', { decision: 'pool', next: { personIds: [ids.sg] } });
    d = await detail('chenjing', id);
    expect(d.registryNo).toBe('议〔2026〕1号');
    expect(d.stateKey).toBe('secretaryReview');
    // The office's part is its 报送, not a 会商: the record names no part for it.
    const tasks = (await c.chenjing!.get(`/api/v1/meeting-topics/${id}`)).body.tasks as {
      stepKey: string;
      unitRole: string | null;
    }[];
    expect(tasks.find((x) => x.stepKey === 'screen')?.unitRole).toBeNull();
    expect(tasks.filter((x) => x.stepKey === 'consult').map((x) => x.unitRole)).toEqual(['consulted', 'consulted']);
    await submit('zhouwenbin', id, 'secretaryReview', { decision: 'propose', opinion: '同意提请确定。' });
    d = await detail('shenweidong', id);
    expect(d.stateKey).toBe('proposed');
    expect(d.state).toBe('待确定（议题库）');
    expect(d.opinions.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'topicSignoff',
        'consultOpinion',
        'consultSummary',
        'legalityOpinion',
        'topicLeaderOpinion',
        'topicSecretary',
      ]),
    );
    // The proposing unit may still take it back until an agenda is fixed with it.
    expect(d.mayWithdraw).toBe(true);
  });

  it('the office refuses a topic whose materials are late, with its reason; the unit reads why', async () => {
    const id = await propose({ title: '关于调整中小学校车运营补贴的议题', majorDecision: false });
    await submit('shenweidong', id, 'draft', { next: { personIds: [ids.director] } });
    await submit('mazhiyuan', id, 'unitSignoff', { decision: 'agree', opinion: '同意报送。', next: { personIds: [ids.leader] } });
    await toOffice(id);
    // A refusal needs its words.
    await submit('chenjing', id, 'screen', { decision: 'materialsLate' }, 400);
    await submit('chenjing', id, 'screen', { decision: 'materialsLate', opinion: '会议材料未于会前3日报送，本次不安排上会。' });
    const d = await detail('shenweidong', id);
    expect(d).toMatchObject({
      stateKey: 'returned',
      state: '已退回',
      refusal: 'materialsLate',
      returnedReason: '会议材料未于会前3日报送，本次不安排上会。',
      registryNo: null,
      mayWithdraw: false,
    });
    // Returned, it cannot be withdrawn (it is no longer pending).
    expect((await c.shenweidong!.post(`/api/v1/meeting-topics/${id}/withdraw`, { reason: '不再提报' })).status).toBe(409);
  });

  it('its unit withdraws a topic with a reason; the procedure stops and the 撤回 is on record', async () => {
    const id = await propose({ title: '关于设立江州市数据局的议题', majorDecision: false });
    await submit('shenweidong', id, 'draft', { next: { personIds: [ids.director] } });
    // Someone of another unit, who does not see it, cannot withdraw it; the unit's registrar could.
    expect((await c.weifang!.post(`/api/v1/meeting-topics/${id}/withdraw`, { reason: '撤回' })).status).toBe(404);
    expect((await c.shenweidong!.post(`/api/v1/meeting-topics/${id}/withdraw`, { reason: ' ' })).status).toBe(400);
    const r = await c.shenweidong!.post(`/api/v1/meeting-topics/${id}/withdraw`, { reason: '机构改革方案另行报批。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = await detail('shenweidong', id);
    expect(d).toMatchObject({ stateKey: 'withdrawn', state: '已撤回', withdrawnReason: '机构改革方案另行报批。' });
    // The director's 审签 task is gone with it.
    expect((await detail('mazhiyuan', id)).myTasks).toEqual([]);
    const actions = (await t.database.db.select({ action: event.action }).from(event).where(eq(event.targetId, id))).map(
      (e) => e.action,
    );
    expect(actions).toContain('flow.stop');
  });

  it('an unlawful draft goes back and needs a review anew, by the legal office, with its clock started again', async () => {
    const id = await propose({ title: '关于调整城市供水价格的议题' });
    await submit('shenweidong', id, 'draft', { next: { personIds: [ids.director] } });
    // The proposing unit does not review its own draft.
    const self = await submit(
      'mazhiyuan',
      id,
      'unitSignoff',
      { decision: 'legality', opinion: '同意。', next: { personIds: [ids.director] } },
      400,
    );
    expect(self.body.error.message).toContain('不能由提报单位自行审查');
    await submit('mazhiyuan', id, 'unitSignoff', {
      decision: 'legality',
      opinion: '同意。',
      next: { personIds: [ids.reviewer] },
    });
    expect((await detail('shenweidong', id)).legalityStartedOn).toBe('2026-11-02');
    // Unlawful: returned to the drafter.
    const task = await myTask('luozhengping', id, 'legality');
    const back = await c.luozhengping!.post(`/api/v1/tasks/${task.id}/return`, {
      version: task.version,
      toStep: 'draft',
      reason: '价格调整未经听证，程序不合法。',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(204);
    expect((await detail('shenweidong', id)).legalityStartedOn).toBeNull();
    // Begun once is not passed: the director cannot now send it on without a review.
    await submit('shenweidong', id, 'draft', { next: { personIds: [ids.director] } });
    const skip = await submit(
      'mazhiyuan',
      id,
      'unitSignoff',
      { decision: 'agree', opinion: '同意。', next: { personIds: [ids.leader] } },
      400,
    );
    expect(skip.body.error.message).toContain('合法性审查');
    // A new review a week later starts the clock again.
    t.clock.set('2026-11-09T09:00:00+08:00');
    for (const u of Object.keys(c)) c[u] = await signedIn(t, u);
    await submit('mazhiyuan', id, 'unitSignoff', {
      decision: 'legality',
      opinion: '已补充听证。',
      next: { personIds: [ids.reviewer] },
    });
    expect((await detail('shenweidong', id)).legalityStartedOn).toBe('2026-11-09');
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of Object.keys(c)) c[u] = await signedIn(t, u);
  });

  it('lists each reader the topics they may read: the office its 议题库, the unit its own, nobody else', async () => {
    const titles = async (who: string, query = '') => {
      const r = await c[who]!.get(`/api/v1/meeting-topics?limit=100${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body.items as { title: string; stateKey: string }[]).map((x) => `${x.title}/${x.stateKey}`);
    };
    const pooled = '关于《江州市城区内涝治理三年行动方案》的议题/proposed';
    expect(await titles('chenjing', '&stage=proposed')).toEqual([pooled]);
    expect(await titles('shenweidong')).toEqual(expect.arrayContaining([pooled, '关于调整中小学校车运营补贴的议题/returned']));
    expect(await titles('shenweidong', '&stage=withdrawn')).toEqual(['关于设立江州市数据局的议题/withdrawn']);
    expect(await titles('xunuo')).toEqual([]);
    // A forged cursor is refused, not a 500.
    expect((await c.chenjing!.get('/api/v1/meeting-topics?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    const offices = (await c.shenweidong!.get('/api/v1/meeting-topics/offices')).body.items as { name: string }[];
    expect(offices.map((o) => o.name)).toContain('中共江州市委办公室');
    expect(offices.map((o) => o.name)).not.toContain('江州市财政局');
  });

  it('refuses bad input with a Chinese message and writes nothing', async () => {
    const base = {
      title: '关于某事项的议题',
      officeUnitId: ids.office,
      meetingKind: 'standingCommittee',
      situation: '说明',
      question: '事项',
    };
    const before = await t.database.db.select({ id: item.id }).from(item);
    for (const [body, status] of [
      [{ ...base, officeUnitId: ids.ndrc }, 400],
      [{ ...base, meetingKind: 'banquet' }, 400],
      // A 常务会议 is the government's: the 市委办公室 does not take topics for it.
      [{ ...base, meetingKind: 'executive' }, 400],
      [{ ...base, title: '议题\u0000' }, 400],
      [{ ...base, question: '\ud800事项' }, 400],
      [{ ...base, situation: '' }, 400],
      [{ ...base, officeUnitId: '00000000-0000-4000-8000-000000000000' }, 400],
    ] as const) {
      const r = await c.shenweidong!.post('/api/v1/meeting-topics', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await t.database.db.select({ id: item.id }).from(item)).toHaveLength(before.length);
    // A forged 报送 id on a real topic is not found.
    const id = await propose({ title: '关于另一事项的议题', majorDecision: false });
    expect(
      (await c.shenweidong!.post(`/api/v1/meeting-topics/${id}/receipts/00000000-0000-4000-8000-000000000000/accept`, {})).status,
    ).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { person, unit } from '../../org/schema';
import { item } from '../../platform/items/schema';
import { itemLink, task } from '../../platform/flow/schema';
import { notification } from '../../platform/notify/schema';
import { event } from '../../platform/audit/schema';

// 督查督办 after 立项 (issue 16 §2–4) through the API, as the people do it: the 督查室 交办 to a lead and two assisting
// units; one unit 退办 and the 督查室 改派 it; the lead unit signs, hands it to its planner, who reports twice and is
// granted a 延期; the assisting units give their parts; the lead unit's director signs the 办结报告; the 督查室 退回重办
// once, then 销号, and the instructing leader reads the result (呈阅).

type Detail = {
  title: string;
  stateKey: string;
  state: string;
  dueDate: string;
  originalDueDate: string | null;
  redoCount: number;
  light: string | null;
  assistingUnits: { id: string; name: string }[];
  leadUnit: { id: string };
  receipts: { id: string; unit: { id: string }; role: string; state: string; superseded: boolean; reason: string | null }[];
  myReceipts: string[];
  myTasks: {
    id: string;
    version: number;
    stepKey: string | null;
    kind: string;
    holderActions: { pendingExtensionId: string | null } | null;
  }[];
  opinions: { id: string; stepKey: string | null; kind: string; text: string; signature: string }[];
  tasks: { id: string; stepKey: string | null; unit: string | null; progress: { text: string; files: { id: string }[] }[] }[];
  signers: { id: string; name: string }[];
  links: { kind: string; itemId: string }[];
};

describe.each(engines)('督查督办: 交办 → 办理 → 审核 → 销号 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of [
      'zhaochunmei',
      'chenghao',
      'weifang',
      'donglei',
      'hemin',
      'shenweidong',
      'mazhiyuan',
      'sunhaitao',
      'xunuo',
      'chenjing',
      'zhouwenbin',
    ])
      c[u] = await signedIn(t, u);
    const db = t.database.db;
    for (const [k, name] of [
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
      ['education', '江州市教育局'],
      ['orgDept', '中共江州市委组织部'],
    ] as const) {
      const [u] = await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name));
      ids[k] = u!.id;
    }
    for (const [k, name] of [
      ['leader', '孙海涛'],
      ['planner', '沈卫东'],
      ['director', '马志远'],
      ['chenghao', '程浩'],
      ['sg', '周文斌'],
    ] as const) {
      ids[k] = (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
    }
  });
  afterAll(() => t?.close());

  /** The clock moves on; everyone signs in again (sessions end after a while idle). */
  const at = async (time: string) => {
    t.clock.set(time);
    for (const u of Object.keys(c)) c[u] = await signedIn(t, u);
  };
  const detail = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/supervision/${id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Detail;
  };
  const myTask = async (who: string, id: string, step: string) => {
    const task = (await detail(who, id)).myTasks.find((x) => x.stepKey === step);
    expect(task, `${who} holds ${step}`).toBeTruthy();
    return task!;
  };
  const open = async (over: Record<string, unknown> = {}) => {
    const r = await c.zhaochunmei!.post('/api/v1/supervision', {
      title: '落实市委书记关于城区内涝治理的批示',
      source: 'leaderInstruction',
      sourceText: '郑国华同志2026年11月20日批示',
      requirement: '请发改委牵头，财政局、教育局配合，年底前拿出内涝点位整治方案。',
      leadUnitId: ids.ndrc,
      assistingUnitIds: [ids.finance, ids.education],
      leaderPersonId: ids.leader,
      deadline: { workdays: 15 },
      cadence: { kind: 'weekly', weekday: 5 },
      ...over,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.itemId as string;
  };

  /** A 收文 the secretary-general 批示s on (收文 初审 → 拟办 → 批办), as the office does it. */
  async function instructedIncoming() {
    const reg = await c.chenjing!.post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕52号',
      title: '关于做好城市防汛排涝工作的通知',
      classification: '公开',
      urgency: '加急',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const incomingId = reg.body.itemId as string;
    const step = async (who: string, key: string, body: Record<string, unknown>) => {
      const d = (await c[who]!.get(`/api/v1/incoming/${incomingId}`)).body as Detail;
      const task = d.myTasks.find((x) => x.stepKey === key)!;
      const r = await c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
      expect(r.status, `${who} ${key}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    await step('chenjing', 'screen', { decision: 'handle', next: { personIds: [ids.leader] } });
    await step('sunhaitao', 'propose', { opinion: '建议呈周文斌同志阅示。', next: { personIds: [ids.sg] } });
    await step('zhouwenbin', 'assign', {
      opinion: '请市发改委牵头，财政局、教育局配合，年底前拿出内涝点位整治方案，督查室跟踪督办。',
    });
    const opinions = ((await c.chenjing!.get(`/api/v1/incoming/${incomingId}`)).body as Detail).opinions;
    const instruction = opinions.find((o) => o.kind === 'instruction')!;
    return { incomingId, opinionId: instruction.id };
  }

  it('runs the whole story: 转督办 from a 批示 on a 收文, 退办 and 改派, reports, a 延期, 退回重办 once, 销号, and the leader reads the result', async () => {
    await at('2026-11-23T02:00:00Z');
    const { incomingId, opinionId } = await instructedIncoming();
    // "转督办" beside the 批示: the form starts from the 批示, quoting the leader.
    const preview = await c.zhaochunmei!.get(`/api/v1/supervision/derive-preview?from=${incomingId}&opinionId=${opinionId}`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      sourceKind: 'leaderInstruction',
      requirement: '周文斌同志批示：“请市发改委牵头，财政局、教育局配合，年底前拿出内涝点位整治方案，督查室跟踪督办。”',
      instructedBy: { id: ids.sg, name: '周文斌' },
    });
    expect(preview.body.sourceText).toContain('周文斌同志2026年11月23日批示');
    const fields = {
      title: '落实周文斌同志关于城区内涝治理的批示',
      source: 'leaderInstruction',
      sourceText: preview.body.sourceText,
      requirement: preview.body.requirement,
      leadUnitId: ids.ndrc,
      assistingUnitIds: [ids.finance, ids.education],
      leaderPersonId: ids.leader,
      deadline: { workdays: 15 },
      cadence: { kind: 'weekly', weekday: 5 },
      opinionId,
    };
    // Someone who may not open the 收文 cannot make a 督办 of it; an opinion that is not a 批示 is refused.
    expect((await c.xunuo!.post(`/api/v1/items/${incomingId}/derive`, { kind: 'supervision', fields })).status).toBe(404);
    expect((await c.zhaochunmei!.post(`/api/v1/items/${incomingId}/derive`, { kind: 'incoming', fields })).status).toBe(404);
    const made = await c.zhaochunmei!.post(`/api/v1/items/${incomingId}/derive`, { kind: 'supervision', fields });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    let d = await detail('zhaochunmei', id);
    expect(d.stateKey).toBe('assign');
    expect(d.dueDate).toBe('2026-12-14');
    expect(d.links).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'supervises', itemId: incomingId })]));

    // 交办: the assisting units' part is due first.
    const assigned = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {
      note: '请按批示要求抓紧办理。',
      assistingDueDate: '2026-12-07',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    d = await detail('zhaochunmei', id);
    expect(d.stateKey).toBe('handle');
    expect(d.receipts.map((r) => [r.unit.id, r.role, r.state])).toEqual(
      expect.arrayContaining([
        [ids.ndrc, 'lead', 'pending'],
        [ids.finance, 'assisting', 'pending'],
        [ids.education, 'assisting', 'pending'],
      ]),
    );
    // A person the item does not concern learns nothing of it.
    expect((await c.xunuo!.get(`/api/v1/supervision/${id}`)).status).toBe(404);

    // 退办 by 教育局 with its reason; the 督查室 改派 the part to 组织部.
    const edu = (await detail('donglei', id)).myReceipts[0]!;
    expect((await c.donglei!.post(`/api/v1/supervision/${id}/receipts/${edu}/return`, { reason: ' ' })).status).toBe(400);
    const back = await c.donglei!.post(`/api/v1/supervision/${id}/receipts/${edu}/return`, {
      reason: '内涝点位整治不属我局职责，建议交市委组织部以外的住建部门。',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    // 签收 by someone else of another unit: not theirs to find.
    expect((await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${edu}/accept`, {})).status).toBe(404);
    const redirect = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/receipts/${edu}/answer`, {
      type: 'redirect',
      unitId: ids.orgDept,
      note: '请组织部协助。',
    });
    expect(redirect.status, JSON.stringify(redirect.body)).toBe(200);
    d = await detail('zhaochunmei', id);
    expect(d.assistingUnits.map((u) => u.id)).toEqual([ids.finance, ids.orgDept]);
    expect(d.receipts.find((r) => r.unit.id === ids.education)).toMatchObject({ state: 'returned', superseded: true });

    // 签收 by the three units; the lead's registrar hands the task to the planner (转办).
    for (const who of ['chenghao', 'weifang', 'hemin']) {
      const [rid] = (await detail(who, id)).myReceipts;
      const r = await c[who]!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {});
      expect(r.status, `${who}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.taskId).toBeTruthy();
    }
    const leadTask = await myTask('chenghao', id, 'handle');
    const handed = await c.chenghao!.post(`/api/v1/tasks/${leadTask.id}/transfer`, {
      toPersonId: ids.planner,
      note: '请牵头办理',
    });
    expect(handed.status, JSON.stringify(handed.body)).toBe(201);

    // Two progress reports on the weekly cadence (Fridays), a day apart from the first one due.
    let planner = await myTask('shenweidong', id, 'handle');
    await at('2026-11-27T03:00:00Z');
    expect((await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/progress`, { text: '已完成点位摸排，共18处。' })).status).toBe(
      201,
    );
    await at('2026-12-04T03:00:00Z');
    const second = await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/progress`, { text: '整治方案初稿已形成。' });
    expect(second.status).toBe(201);
    expect(second.body.nextDue).toBe('2026-12-11');

    // 延期 before the deadline, approved by the 督查室: the item's deadline follows, the original stays.
    const ask = await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/extensions`, {
      reason: '需征求各区意见',
      proposedDate: '2026-12-21',
    });
    expect(ask.status, JSON.stringify(ask.body)).toBe(201);
    const ok = await c.zhaochunmei!.post(`/api/v1/extensions/${ask.body.id}/approve`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    d = await detail('zhaochunmei', id);
    expect([d.dueDate, d.originalDueDate]).toEqual(['2026-12-21', '2026-12-14']);

    // The 办结报告 waits for the assisting units' parts.
    planner = await myTask('shenweidong', id, 'handle');
    const early = await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/submit`, {
      version: planner.version,
      opinion: '已完成方案。',
      next: { personIds: [ids.director] },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('协办单位尚未报送协办意见');
    for (const [who, text] of [
      ['weifang', '已安排整治资金测算。'],
      ['hemin', '无意见。'],
    ] as const) {
      const task = await myTask(who, id, 'handle');
      const r = await c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, opinion: text });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    // Signed by the lead unit's own leader only.
    planner = await myTask('shenweidong', id, 'handle');
    expect((await detail('shenweidong', id)).signers.map((s) => s.id)).toEqual([ids.director]);
    const wrongSigner = await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/submit`, {
      version: planner.version,
      opinion: '已完成方案。',
      next: { personIds: [ids.leader] },
    });
    expect(wrongSigner.status).toBe(400);
    const report = async (text: string) => {
      const task = await myTask('shenweidong', id, 'handle');
      const r = await c.shenweidong!.post(`/api/v1/tasks/${task.id}/submit`, {
        version: task.version,
        opinion: text,
        next: { personIds: [ids.director] },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const sign = await myTask('mazhiyuan', id, 'signoff');
      const s = await c.mazhiyuan!.post(`/api/v1/tasks/${sign.id}/submit`, { version: sign.version, opinion: '同意报送。' });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    };
    await report('整治方案已形成，18处点位分三批整治。');
    expect((await detail('zhaochunmei', id)).stateKey).toBe('review');

    // 退回重办 once, with a new date; it goes back to the planner who reported.
    const redo = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/review`, {
      decision: 'redo',
      opinion: '方案未明确资金来源，请补充。',
      dueDate: '2026-12-23',
    });
    expect(redo.status, JSON.stringify(redo.body)).toBe(200);
    d = await detail('zhaochunmei', id);
    expect([d.stateKey, d.redoCount, d.dueDate]).toEqual(['handle', 1, '2026-12-23']);
    await report('已补充资金来源：市级财政安排专项资金。');

    // 销号; the leader whose 批示 it carried out reads the result (呈阅), not only the 责任领导.
    const closed = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/review`, {
      decision: 'close',
      opinion: '办理到位，予以销号。',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    d = await detail('zhaochunmei', id);
    expect([d.stateKey, d.state, d.light]).toEqual(['closed', '已销号', null]);
    expect(d.opinions.filter((o) => o.kind === 'report').map((o) => o.text)).toContain('已补充资金来源：市级财政安排专项资金。');
    const read = (await detail('zhouwenbin', id)).myTasks.find((x) => x.kind === 'read');
    expect(read, 'the leader has the result to read').toBeTruthy();
    expect((await c.zhouwenbin!.post(`/api/v1/tasks/${read!.id}/read`, { comment: '阅。' })).status).toBe(204);
    // A report on a closed item is refused.
    expect((await c.shenweidong!.post(`/api/v1/tasks/${planner.id}/progress`, { text: '补充' })).status).toBeGreaterThanOrEqual(
      400,
    );
  });

  it("an assisting unit reads the item and its own part — not another unit's 退办, the lead's reports and files, nor the 审核", async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open();
    const assigned = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {
      note: '请按批示要求抓紧办理。',
      assistingDueDate: '2026-12-07',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    await at('2026-11-24T02:00:00Z');
    const edu = (await detail('donglei', id)).myReceipts[0]!;
    const back = await c.donglei!.post(`/api/v1/supervision/${id}/receipts/${edu}/return`, {
      reason: '不属我局职责，请另行交办。',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    for (const who of ['chenghao', 'weifang']) {
      const [rid] = (await detail(who, id)).myReceipts;
      expect((await c[who]!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {})).status).toBe(200);
    }
    // The lead reports with a file of its own; the assisting unit gives its part.
    const up = await c.chenghao!.request(
      'POST',
      '/api/v1/files',
      undefined,
      { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('发改委点位摸排表.pdf') },
      '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const leadTask = await myTask('chenghao', id, 'handle');
    const reported = await c.chenghao!.post(`/api/v1/tasks/${leadTask.id}/progress`, {
      text: '发改委内部：点位摸排已完成。',
      fileIds: [up.body.id],
    });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const part = await myTask('weifang', id, 'handle');
    expect(
      (await c.weifang!.post(`/api/v1/tasks/${part.id}/submit`, { version: part.version, opinion: '已安排整治资金测算。' }))
        .status,
    ).toBe(200);

    // 财政局 reads the record, the 交办 that gave it the work, its own receipt and part.
    const seen = await detail('weifang', id);
    expect(seen.title).toBe('落实市委书记关于城区内涝治理的批示');
    expect(seen.receipts.map((r) => [r.unit.id, r.state])).toEqual([[ids.finance, 'accepted']]);
    expect(seen.opinions.map((o) => o.text)).toEqual(['请按批示要求抓紧办理。', '已安排整治资金测算。']);
    expect(seen.tasks.map((x) => x.stepKey)).toEqual(['assign', 'handle']);
    expect(JSON.stringify(seen)).not.toContain('不属我局职责');
    expect(JSON.stringify(seen)).not.toContain('发改委内部');
    // A forged request for the lead's report or its file is refused as if neither existed.
    expect((await c.weifang!.get(`/api/v1/tasks/${leadTask.id}/progress`)).status).toBe(404);
    expect((await c.weifang!.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    expect((await c.donglei!.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    // The unit that sent it back sees its own 退办 and reason, nothing of those who signed.
    const returned = await detail('donglei', id);
    expect(returned.receipts.map((r) => [r.unit.id, r.reason])).toEqual([[ids.education, '不属我局职责，请另行交办。']]);
    expect(returned.opinions.map((o) => o.text)).toEqual(['请按批示要求抓紧办理。']);

    // The lead unit compiles: it reads every unit's receipt and part and the file, and the 督查室 the whole.
    const lead = await detail('chenghao', id);
    expect(lead.receipts.map((r) => r.reason)).toContain('不属我局职责，请另行交办。');
    expect(lead.opinions.map((o) => o.text)).toContain('已安排整治资金测算。');
    expect((await c.chenghao!.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    expect((await c.zhaochunmei!.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    expect((await detail('zhaochunmei', id)).receipts).toHaveLength(3);

    // The 审核's 退回重办 of the lead's report is the lead's to read, not the assisting unit's.
    const dropped = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/receipts/${edu}/answer`, {
      type: 'cancel',
      reason: '该部分不再需要',
    });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    await at('2026-11-25T02:00:00Z');
    const mine = await myTask('chenghao', id, 'handle');
    const done = await c.chenghao!.post(`/api/v1/tasks/${mine.id}/submit`, {
      version: mine.version,
      opinion: '整治方案已形成。',
      next: { personIds: [ids.director] },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const sign = await myTask('mazhiyuan', id, 'signoff');
    expect(
      (await c.mazhiyuan!.post(`/api/v1/tasks/${sign.id}/submit`, { version: sign.version, opinion: '同意报送。' })).status,
    ).toBe(200);
    await at('2026-11-26T02:00:00Z');
    const redo = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/review`, {
      decision: 'redo',
      opinion: '方案未明确资金来源，请补充。',
      dueDate: '2026-12-23',
    });
    expect(redo.status, JSON.stringify(redo.body)).toBe(200);
    expect((await detail('chenghao', id)).opinions.map((o) => o.text).join()).toContain('方案未明确资金来源');
    const after = JSON.stringify(await detail('weifang', id));
    for (const text of ['方案未明确资金来源', '整治方案已形成', '同意报送']) expect(after).not.toContain(text);
  });

  it('a 延期 asked after the deadline is refused, and nothing changes', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [], deadline: { date: '2026-11-27' } });
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {})).status).toBe(200);
    const [rid] = (await detail('chenghao', id)).myReceipts;
    expect((await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {})).status).toBe(200);
    const task = await myTask('chenghao', id, 'handle');
    await at('2026-11-30T03:00:00Z');
    const late = await c.chenghao!.post(`/api/v1/tasks/${task.id}/extensions`, { reason: '来不及', proposedDate: '2026-12-10' });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toContain('延期申请应在办理期限届满前提出');
    const [row] = await t.database.db.select({ due: item.dueDate }).from(item).where(eq(item.id, id));
    expect(row!.due).toBe('2026-11-27');
    expect((await detail('zhaochunmei', id)).light).toBe('red');
  });

  it('a report overdue turns the item yellow however far its deadline, on its page as in the register; the report turns it back', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [] });
    await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    const [rid] = (await detail('chenghao', id)).myReceipts;
    await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {});
    // The weekly report was due Friday 11-27; on Monday it is overdue, the deadline (12-14) still far.
    await at('2026-11-30T03:00:00Z');
    expect((await detail('zhaochunmei', id)).light).toBe('yellow');
    const listed = await c.zhaochunmei!.get('/api/v1/supervision?light=yellow');
    expect((listed.body.items as { itemId: string }[]).map((x) => x.itemId)).toContain(id);
    const task = await myTask('chenghao', id, 'handle');
    expect((await c.chenghao!.post(`/api/v1/tasks/${task.id}/progress`, { text: '按计划推进。' })).status).toBe(201);
    expect((await detail('zhaochunmei', id)).light).toBe('green');
  });

  it('a report still missing five working days on: the 督查室 is told and finds a 督办函 drafted on its desk — one, however long it stays missing', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [] });
    await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    const [rid] = (await detail('chenghao', id)).myReceipts;
    await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {});
    const db = t.database.db;
    const [chief] = await db.select({ id: person.id }).from(person).where(eq(person.name, '赵春梅'));
    const [{ registryNo } = { registryNo: null }] = await db
      .select({ registryNo: item.registryNo })
      .from(item)
      .where(eq(item.id, id));
    const letters = () =>
      db
        .select({ id: itemLink.fromItemId })
        .from(itemLink)
        .where(and(eq(itemLink.toItemId, id), eq(itemLink.kind, 'urges')));
    // The weekly report was due Friday 27 November: the holder is reminded that day, the unit's leaders two working
    // days on, the 督查室 five working days on (Friday 4 December) — and only then is a letter drafted.
    t.clock.set('2026-12-03T02:00:00Z');
    await t.app.zs.jobs.tick();
    expect(await letters()).toEqual([]);
    t.clock.set('2026-12-04T02:00:00Z');
    await t.app.zs.jobs.tick();
    const drafted = await letters();
    expect(drafted).toHaveLength(1);
    const [letter] = await db.select().from(item).where(eq(item.id, drafted[0]!.id));
    expect(letter).toMatchObject({ kind: 'outgoing', createdBy: chief!.id, title: `关于督促办理${registryNo}事项的函` });
    const desk = await db
      .select()
      .from(task)
      .where(and(eq(task.itemId, letter!.id), eq(task.state, 'open')));
    expect(desk.map((x) => x.assigneePersonId)).toEqual([chief!.id]);
    const told = await db
      .select()
      .from(notification)
      .where(and(eq(notification.personId, chief!.id), eq(notification.itemId, letter!.id)));
    // Besides the new task's own notice, the reason it is there.
    expect(told.filter((n) => n.message.includes('进展报告（应于 2026-11-27 报送）逾期未报，已为你起草督办函'))).toHaveLength(1);
    // The unit reports on Monday 7 December and misses the next, Friday the 11th: the 督查室 is told again five working
    // days on (the 18th), but no second letter is drafted while the first is still on its desk.
    await at('2026-12-07T02:00:00Z');
    const handle = await myTask('chenghao', id, 'handle');
    expect((await c.chenghao!.post(`/api/v1/tasks/${handle.id}/progress`, { text: '已部署。' })).status).toBe(201);
    t.clock.set('2026-12-18T02:00:00Z');
    await t.app.zs.jobs.tick();
    const toSupervisor = await db
      .select({ summary: event.summary })
      .from(event)
      .where(and(eq(event.action, 'task.progress.escalate'), eq(event.targetId, handle.id)));
    const levels = toSupervisor.map((e) => e.summary as { to: string; period: string });
    expect(levels.filter((l) => l.to === 'supervisor').map((l) => l.period)).toEqual(['2026-11-27', '2026-12-11']);
    expect(await letters()).toHaveLength(1);
  });

  it('a 重点 item waits for its approver before 交办, and its 延期 is theirs to decide', async () => {
    await at('2026-11-23T02:00:00Z');
    const sg = (await t.database.db.select({ id: person.id }).from(person).where(eq(person.name, '周文斌')))[0]!.id;
    // Not a leader of the office: refused.
    const bad = await c.zhaochunmei!.post('/api/v1/supervision', {
      title: '重点事项',
      source: 'keyWork',
      requirement: '按期完成。',
      leadUnitId: ids.ndrc,
      category: 'key',
      approverId: ids.chenghao,
      deadline: { workdays: 20 },
    });
    expect(bad.status).toBe(400);
    const id = await open({ category: 'key', approverId: sg, assistingUnitIds: [] });
    expect((await detail('zhaochunmei', id)).stateKey).toBe('approve');
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {})).status).toBe(409);
    const zwb = await signedIn(t, 'zhouwenbin');
    const ap = (await zwb.get(`/api/v1/supervision/${id}`)).body as Detail;
    const task = ap.myTasks.find((x) => x.stepKey === 'approve')!;
    expect((await zwb.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, decision: 'agree' })).status).toBe(200);
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {})).status).toBe(200);
    const [rid] = (await detail('chenghao', id)).myReceipts;
    await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {});
    const handle = await myTask('chenghao', id, 'handle');
    const ask = await c.chenghao!.post(`/api/v1/tasks/${handle.id}/extensions`, {
      reason: '需要调研',
      proposedDate: '2026-12-31',
    });
    expect(ask.status).toBe(201);
    // The 督查室 may not decide it; the secretary-general, who approved 立项, does.
    expect((await c.zhaochunmei!.post(`/api/v1/extensions/${ask.body.id}/approve`, {})).status).toBe(403);
    expect((await zwb.post(`/api/v1/extensions/${ask.body.id}/approve`, {})).status).toBe(200);
  });

  it("hostile input: forged and other items' sending ids, NUL, a lone surrogate — refused, nothing changed", async () => {
    await at('2026-11-23T02:00:00Z');
    const one = await open({ assistingUnitIds: [] });
    const two = await open({ assistingUnitIds: [] });
    for (const id of [one, two]) await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    const [rid] = (await detail('chenghao', one)).myReceipts;
    // The sending of item one, named under item two: not found there.
    expect((await c.chenghao!.post(`/api/v1/supervision/${two}/receipts/${rid}/accept`, {})).status).toBe(404);
    expect(
      (await c.zhaochunmei!.post(`/api/v1/supervision/${two}/receipts/${rid}/answer`, { type: 'remind', note: null })).status,
    ).toBe(404);
    expect((await c.chenghao!.post(`/api/v1/supervision/${one}/receipts/not-a-uuid/accept`, {})).status).toBe(400);
    expect((await c.chenghao!.post(`/api/v1/supervision/${one}/receipts/${rid}/return`, { reason: '理由\u0000' })).status).toBe(
      400,
    );
    expect(
      (await c.zhaochunmei!.post(`/api/v1/supervision/${one}/review`, { decision: 'close', opinion: '\ud800' })).status,
    ).toBe(400);
    // 销号 without a 办结报告: there is no 审核 to do yet.
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${one}/review`, { decision: 'close', opinion: '销号' })).status).toBe(
      409,
    );
    const d = await detail('zhaochunmei', one);
    expect([d.stateKey, d.receipts[0]!.state]).toEqual(['handle', 'pending']);
  });

  it('修改 by the 督查室 after a 退办: the requirement and title change with the reason; sent again, the unit signs for it as it now stands', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [] });
    await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    const [rid] = (await detail('chenghao', id)).myReceipts;
    await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/return`, { reason: '督办要求不明确，请明确整治范围。' });
    const edit = { requirement: '整治范围为主城区18处易涝点。', title: '主城区易涝点整治', reason: '按退办意见明确范围' };
    expect((await c.chenghao!.patch(`/api/v1/supervision/${id}`, edit)).status).toBe(403);
    expect((await c.zhaochunmei!.patch(`/api/v1/supervision/${id}`, { reason: '无修改' })).status).toBe(400);
    const ok = await c.zhaochunmei!.patch(`/api/v1/supervision/${id}`, edit);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.changed.sort()).toEqual(['requirement', 'title']);
    const d = (await c.zhaochunmei!.get(`/api/v1/supervision/${id}`)).body as { title: string; requirement: string };
    expect([d.title, d.requirement]).toEqual(['主城区易涝点整治', '整治范围为主城区18处易涝点。']);
    // Sent again, the unit signs for the item as it now stands.
    expect(
      (
        await c.zhaochunmei!.post(`/api/v1/supervision/${id}/receipts/${rid}/answer`, {
          type: 'resend',
          note: '已明确范围',
          dueDate: '2026-12-18',
        })
      ).status,
    ).toBe(200);
    // Sent again with a new date: the item's deadline as 交办 sets it, the one its figures count against.
    const again = await detail('zhaochunmei', id);
    expect([again.dueDate, again.originalDueDate]).toEqual(['2026-12-18', '2026-12-18']);
    const found = await c.zhaochunmei!.get('/api/v1/supervision?q=易涝点');
    expect((found.body.items as { itemId: string }[]).map((x) => x.itemId)).toContain(id);
  });

  it('修改 of the 报告周期: more often than weekly needs a reason; the cadence sent again as it stands is no change on record', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [], cadence: { kind: 'monthly', day: 15 } });
    const edit = (body: Record<string, unknown>) =>
      c.zhaochunmei!.patch(`/api/v1/supervision/${id}`, { reason: '按领导要求调整报告频次', ...body });
    // The edit dialog sends the cadence with the rest, changed or not.
    const same = await edit({ cadence: { kind: 'monthly', day: 15 }, cadenceReason: null });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.changed).toEqual([]);
    const bare = await edit({ cadence: { kind: 'everyWorkdays', workdays: 2 } });
    expect([bare.status, bare.body.error?.message]).toEqual([400, '报告频次高于每周一次的，须写明理由（基层减负）']);
    const ok = await edit({ cadence: { kind: 'everyWorkdays', workdays: 2 }, cadenceReason: '汛期每两日报告进展' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.changed.sort()).toEqual(['cadence', 'cadenceReason']);
    const d = (await c.zhaochunmei!.get(`/api/v1/supervision/${id}`)).body as { cadence: unknown; cadenceReason: string };
    expect([d.cadence, d.cadenceReason]).toEqual([{ kind: 'everyWorkdays', workdays: 2 }, '汛期每两日报告进展']);
  });

  it('撤销督办 ends the item; a unit still to sign for it no longer may', async () => {
    await at('2026-11-23T02:00:00Z');
    const id = await open({ assistingUnitIds: [] });
    await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    const [rid] = (await detail('chenghao', id)).myReceipts;
    expect((await c.chenghao!.post(`/api/v1/supervision/${id}/withdraw`, { reason: '不是我的' })).status).toBe(403);
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${id}/withdraw`, { reason: '批示已另行落实' })).status).toBe(200);
    const d = await detail('zhaochunmei', id);
    expect([d.stateKey, d.receipts[0]!.state]).toEqual(['withdrawn', 'cancelled']);
    expect((await c.chenghao!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {})).status).toBeGreaterThanOrEqual(400);
  });
});

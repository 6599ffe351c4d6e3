import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';
import { item } from '../../platform/items/schema';
import type { Draft } from '../../../contract/outgoing-draft';
import { meetingMinutes } from './schema';

// 会议记录, 议定事项, 纪要 and 转督办 (issue 17 items 7–8, DOMAIN §11.5–11.6): the 市委办公室's registrar records a 常委会议
// once it has started — read by the recorders, the chair and the secretary-general, no one else —; the results move
// the topics; the 纪要 waits until every decision has a lead unit and a date, then is a 发文 draft in the 纪要格式 with
// the series header and the attendance lines; the 督查室 turns the decisions into 督办 items, linked back, lit.

type Decisions = {
  decisions: {
    id: string;
    seq: number;
    text: string;
    leadUnit: { name: string } | null;
    supervision: { itemId: string; light: string | null; state: string; closed: boolean } | null;
  }[];
  minutes: { itemId: string; stateKey: string } | null;
  mayEdit: boolean;
  mayDraftMinutes: boolean;
  maySupervise: boolean;
  mayReadRecord: boolean;
  links: { kind: string; itemId: string; itemKind: string; direction: string }[];
};

describe.each(engines)('会议记录、纪要与议定事项转督办 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  let meetingId = '';
  const topics: Record<string, string> = {};
  const decisionIds: string[] = [];

  const PEOPLE = [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'zhaochunmei', 'xunuo'];
  /** The clock moves on; sessions idle that long are over, so everyone signs in again. */
  const moveTo = async (at: string) => {
    t.clock.set(at);
    for (const u of PEOPLE) c[u] = await signedIn(t, u);
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    await moveTo('2026-11-02T09:00:00+08:00');
    ids = await idsOf(
      t,
      {
        office: '中共江州市委办公室',
        ndrc: '江州市发展和改革委员会',
        finance: '江州市财政局',
        education: '江州市教育局',
      },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌', secretary: '郑国华', deputy: '何丽萍' },
    );
    topics.projects = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    topics.heating = await topicThrough(c, ids, '关于冬季清洁取暖工作的议题');
    meetingId = await meetingThrough(c, ids, {
      topics: [topics.projects, topics.heating],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!],
    });
    // The notice goes out; 何丽萍 asks leave and the chair gives it: her name goes on the 请假 line.
    const notice = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/notice`, {
      replyBy: '2026-11-09T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请准时到会。',
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    const leave = await c.heliping!.put(`/api/v1/meetings/${meetingId}/notice/replies/${ids.deputy}`, {
      reply: 'leave',
      reason: '赴省委党校学习',
    });
    expect(leave.status, JSON.stringify(leave.body)).toBe(200);
    const given = await c.zhengguohua!.post(`/api/v1/meetings/${meetingId}/notice/replies/${ids.deputy}/leave`, {
      approve: true,
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
  });
  afterAll(() => t?.close());

  const record = (who: string, topic: string, body: Record<string, unknown>) =>
    c[who]!.put(`/api/v1/meetings/${meetingId}/record/${topic}`, body);
  const decisions = async (who: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${meetingId}/decisions`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Decisions;
  };
  const topicState = async (id: string) => (await c.shenweidong!.get(`/api/v1/meeting-topics/${id}`)).body.stateKey as string;
  const minutesRows = async () => (await t.database.db.select({ n: count() }).from(meetingMinutes))[0]!.n;
  const items = async () => (await t.database.db.select({ n: count() }).from(item))[0]!.n;

  const projects = {
    result: 'passedInPrinciple',
    summary: '会议听取了市发展改革委关于2027年市级重点项目计划的汇报。',
    speeches: [
      { speaker: '马志远', content: '计划安排重点项目120个，总投资850亿元。' },
      { speaker: '何丽萍', content: '建议压减新开工项目数量，优先保障续建项目。', dissent: true },
      { speaker: '郑国华', content: '原则同意，请按会议意见修改完善。' },
    ],
  };

  it('is written only once the meeting has started, by the office, and read by no member or proposer', async () => {
    const early = await record('chenjing', topics.projects!, projects);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('会议尚未开始');

    await moveTo('2026-11-10T10:00:00+08:00');
    // Who came, checked in at the door: three members and the sit-in (the 纪要's lines are these).
    for (const personId of [ids.secretary, ids.leader, ids.sg, ids.director]) {
      const r = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/check-ins`, { personId });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    expect((await record('chenjing', topics.projects!, projects)).status).toBe(200);
    expect(
      (await record('chenjing', topics.heating!, { result: 'restudy', summary: '会议认为方案尚需进一步论证。' })).status,
    ).toBe(200);
    // The results move the topics, each change on record.
    expect(await topicState(topics.projects!)).toBe('passedInPrinciple');
    expect(await topicState(topics.heating!)).toBe('restudy');
    const moved = await t.database.db.select().from(event).where(eq(event.action, 'meetings.topic.result'));
    expect(moved.filter((e) => e.targetId === topics.heating).map((e) => e.summary)).toEqual([
      { meetingItemId: meetingId, from: 'scheduled', to: 'restudy' },
    ]);
    // A correction moves the state again.
    expect((await record('chenjing', topics.heating!, { result: 'deferred', summary: '暂缓。' })).status).toBe(200);
    expect(await topicState(topics.heating!)).toBe('deferred');
    expect(
      (await record('chenjing', topics.heating!, { result: 'restudy', summary: '会议认为方案尚需进一步论证。' })).status,
    ).toBe(200);

    // The recorder, the chair and the secretary-general read it, the differing opinion as it was said.
    for (const who of ['chenjing', 'zhengguohua', 'zhouwenbin']) {
      const r = await c[who]!.get(`/api/v1/meetings/${meetingId}/record`);
      expect(r.status, `${who}: ${JSON.stringify(r.body)}`).toBe(200);
      const first = r.body.topics[0];
      expect(first.result).toBe('passedInPrinciple');
      expect(first.speeches[1]).toEqual({ speaker: '何丽萍', content: projects.speeches[1]!.content, dissent: true });
      expect(r.body.topics[1].result).toBe('restudy');
    }
    // The 督查室 reads the meeting but not its record; a member, the proposing unit and anyone else are told there is
    // no such record; writing too.
    expect((await c.zhaochunmei!.get(`/api/v1/meetings/${meetingId}`)).status).toBe(200);
    for (const who of ['zhaochunmei', 'heliping', 'shenweidong', 'mazhiyuan', 'xunuo']) {
      expect((await c[who]!.get(`/api/v1/meetings/${meetingId}/record`)).status, who).toBe(404);
      expect((await record(who, topics.projects!, { result: 'rejected' })).status, who).toBe(404);
    }
    // The chair reads it but does not write it.
    expect((await record('zhengguohua', topics.projects!, { result: 'rejected' })).status).toBe(403);
    expect(await topicState(topics.projects!)).toBe('passedInPrinciple');
  });

  it('takes two decisions; no 纪要 before the meeting ends, nor while a decision lacks a lead unit', async () => {
    const first = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/decisions`, {
      text: '由市发展改革委根据会议意见修改完善2027年市级重点项目计划，按程序报市委审定后印发实施。',
      topicItemId: topics.projects,
      leadUnitId: ids.ndrc,
      assistingUnitIds: [ids.finance],
      leaderPersonId: ids.leader,
      dueDate: '2026-12-15',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/decisions`, {
      text: '落实2027年义务教育阶段学校取暖经费。',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect([first.body.seq, second.body.seq]).toEqual([1, 2]);
    decisionIds.push(first.body.id as string, second.body.id as string);
    // The 督查室 reads the meeting but does not write its decisions.
    expect((await c.zhaochunmei!.post(`/api/v1/meetings/${meetingId}/decisions`, { text: '另一项。' })).status).toBe(403);

    const before = await items();
    const tooSoon = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/minutes`, {});
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.error.message).toContain('会议结束后');

    await moveTo('2026-11-10T15:00:00+08:00');
    expect((await decisions('chenjing')).mayDraftMinutes).toBe(true);
    const refused = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/minutes`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('议定事项第 2 项未明确牵头单位和完成时限，不能起草纪要');
    expect(await minutesRows()).toBe(0);
    expect(await items()).toBe(before);
  });

  it('drafts the 纪要 as a 发文 in the 纪要格式: the series header, the proceedings, the decisions, the attendance', async () => {
    const fixed = await c.chenjing!.put(`/api/v1/meetings/${meetingId}/decisions/${decisionIds[1]}`, {
      text: '由市教育局会同市财政局落实2027年义务教育阶段学校取暖经费。',
      topicItemId: topics.heating,
      leadUnitId: ids.education,
      assistingUnitIds: [ids.finance],
      leaderPersonId: ids.deputy,
      dueDate: '2026-11-20',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    // A member may not draft it; the registrar does.
    expect((await c.zhengguohua!.post(`/api/v1/meetings/${meetingId}/minutes`, {})).status).toBe(403);
    const made = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/minutes`, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const minutesId = made.body.itemId as string;

    const doc = await c.chenjing!.get(`/api/v1/outgoing/${minutesId}`);
    expect(doc.status, JSON.stringify(doc.body)).toBe(200);
    expect(doc.body.item).toMatchObject({ stateKey: 'draft', title: '中共江州市委常委会议纪要' });
    // Numbered in the kind's own series, by issue: the register 常委会议纪要 gives 第1期.
    expect(doc.body.document.register).toMatchObject({ name: '常委会议纪要', example: '第1期' });
    const draft = doc.body.document.draft as Draft;
    expect(draft).toMatchObject({
      format: 'minutes',
      genre: '纪要',
      headerName: '中共江州市委常委会议纪要',
      title: '',
      signatureNames: [],
      sealed: false,
      // From the check-in and the chair's leave, not from the plan.
      attendance: { present: '郑国华、宋建国、周文斌', absent: '何丽萍', observers: '马志远' },
    });
    const text = draft.body.map((p) => p.text);
    expect(text[0]).toBe(
      '2026年11月10日，郑国华同志在市委常委会议室主持召开2026年第1次常委会议，研究了关于2027年市级重点项目计划；关于冬季清洁取暖工作等事项。现纪要如下：',
    );
    expect(text).toContain('一、关于2027年市级重点项目计划');
    expect(text).toContain(`${projects.summary}会议原则通过，请有关单位根据会议意见修改完善后按程序办理。`);
    expect(text).toContain('三、议定事项');
    expect(text.at(-1)).toBe(
      '（二）由市教育局会同市财政局落实2027年义务教育阶段学校取暖经费。（牵头单位：江州市教育局；协办单位：江州市财政局；责任领导：何丽萍；完成时限：2026年11月20日）',
    );
    // The 纪要 and the meeting show each other.
    const seen = await decisions('chenjing');
    expect(seen.minutes).toMatchObject({ itemId: minutesId, stateKey: 'draft' });
    expect(seen.links).toContainEqual(expect.objectContaining({ kind: 'minutesOf', itemId: minutesId, itemKind: 'outgoing' }));
    expect(doc.body.links).toContainEqual(
      expect.objectContaining({ kind: 'minutesOf', itemId: meetingId, itemKind: 'meetings' }),
    );

    // One 纪要 in force; the record and the decisions are now as the 纪要 says.
    const again = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/minutes`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已起草纪要');
    expect((await c.chenjing!.post(`/api/v1/meetings/${meetingId}/decisions`, { text: '再加一项。' })).status).toBe(409);
    expect((await record('chenjing', topics.projects!, { result: 'passed' })).status).toBe(409);
    expect(seen).toMatchObject({ mayEdit: false, mayDraftMinutes: false, maySupervise: false });
  });

  it('the 督查室 turns each decision into a 督办 item, linked both ways and lit; a second turn is refused', async () => {
    expect((await decisions('zhaochunmei')).maySupervise).toBe(true);
    expect((await c.chenjing!.post(`/api/v1/meetings/${meetingId}/decisions/${decisionIds[0]}/supervise`, {})).status).toBe(403);
    const one = await c.zhaochunmei!.post(`/api/v1/meetings/${meetingId}/decisions/${decisionIds[0]}/supervise`, {});
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    const rest = await c.zhaochunmei!.post(`/api/v1/meetings/${meetingId}/decisions/supervise`, {});
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.items.map((x: { decisionId: string }) => x.decisionId)).toEqual([decisionIds[1]]);
    const twice = await c.zhaochunmei!.post(`/api/v1/meetings/${meetingId}/decisions/${decisionIds[0]}/supervise`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('议定事项第 1 项已转为督办事项，不能重复转办');
    expect((await c.zhaochunmei!.post(`/api/v1/meetings/${meetingId}/decisions/supervise`, {})).status).toBe(409);

    const supervisionId = one.body.items[0].itemId as string;
    const item1 = await c.zhaochunmei!.get(`/api/v1/supervision/${supervisionId}`);
    expect(item1.status, JSON.stringify(item1.body)).toBe(200);
    expect(item1.body.item ?? item1.body).toMatchObject({ source: 'meeting', sourceText: '2026年第1次常委会议纪要' });
    expect(JSON.stringify(item1.body)).toContain('江州市发展和改革委员会');
    expect(item1.body.links).toContainEqual(expect.objectContaining({ kind: 'supervises', itemId: meetingId }));

    // Every reader of the meeting sees each decision's light and state: green while far from the date, red past it.
    const lit = await decisions('chenjing');
    expect(lit.decisions.map((d) => d.supervision?.light)).toEqual(['green', 'green']);
    expect(lit.decisions[0]!.supervision).toMatchObject({ itemId: supervisionId, state: '交办', closed: false });
    // The link shows to those who may open the 督办 item (the 督查室), not to the office's registrar.
    expect(lit.links.map((l) => l.kind)).not.toContain('supervises');
    expect((await decisions('zhaochunmei')).links).toContainEqual(
      expect.objectContaining({ kind: 'supervises', itemId: supervisionId, itemKind: 'supervision' }),
    );
    await moveTo('2026-11-19T10:00:00+08:00');
    expect((await decisions('zhengguohua')).decisions.map((d) => d.supervision?.light)).toEqual(['green', 'yellow']);
    await moveTo('2026-11-23T10:00:00+08:00');
    expect((await decisions('zhengguohua')).decisions.map((d) => d.supervision?.light)).toEqual(['green', 'red']);
  });

  it('a 纪要 withdrawn (撤销) may be drafted again; the decisions turned stay turned', async () => {
    const first = (await decisions('chenjing')).minutes!.itemId;
    const doc = await c.chenjing!.get(`/api/v1/outgoing/${first}`);
    const task = (doc.body.myTasks as { id: string; version: number; stepKey: string }[]).find((x) => x.stepKey === 'draft')!;
    const withdrawn = await c.chenjing!.post(`/api/v1/tasks/${task.id}/submit`, {
      version: task.version,
      decision: 'withdraw',
      opinion: '出席人员有误，重新起草。',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const after = await decisions('chenjing');
    expect(after).toMatchObject({ minutes: null, mayDraftMinutes: true });
    expect(after.decisions.every((d) => d.supervision)).toBe(true);
    const again = await c.chenjing!.post(`/api/v1/meetings/${meetingId}/minutes`, {});
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.itemId).not.toBe(first);
    expect((await decisions('chenjing')).minutes?.itemId).toBe(again.body.itemId);
    expect(await minutesRows()).toBe(2);
  });
});

import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { person, unit } from '../../src/server/org/schema';
import type { Client, TestApp } from './app';

// 议题 through their procedure by the API, for the 办会 tests that need topics in a given stage: the 发改委's planner
// drafts, its director signs, the leader in charge submits to the 市委办公室, its registrar signs for it and screens it,
// the secretary-general proposes it.

type Clients = Record<string, Client>;

export const TOPIC_PEOPLE = ['shenweidong', 'mazhiyuan', 'luozhengping', 'songjianguo', 'chenjing', 'zhouwenbin'];

export async function idsOf(t: TestApp, units: Record<string, string>, people: Record<string, string>) {
  const db = t.database.db;
  const out: Record<string, string> = {};
  for (const [k, name] of Object.entries(units))
    out[k] = (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
  for (const [k, name] of Object.entries(people))
    out[k] = (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
  return out;
}

async function myTask(c: Clients, who: string, id: string, step: string) {
  const r = await c[who]!.get(`/api/v1/meeting-topics/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const found = (r.body.myTasks as { id: string; version: number; stepKey: string }[]).find((x) => x.stepKey === step);
  expect(found, `${who} holds ${step}`).toBeTruthy();
  return found!;
}

async function submitTopicStep(c: Clients, who: string, id: string, step: string, body: Record<string, unknown>) {
  const task = await myTask(c, who, id, step);
  const r = await c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
  expect(r.status, `${who} ${step}: ${JSON.stringify(r.body)}`).toBe(200);
}

/**
 * A topic for the 常委会议 of the 市委办公室, taken as far as `until`: the 议题库 (`proposed`), or 初审 refusal for late
 * materials (`returned`). A 重大行政决策 goes through the legality review, started on the clock's day.
 */
export async function topicThrough(
  c: Clients,
  ids: Record<string, string>,
  title: string,
  opts: { major?: boolean; until?: 'proposed' | 'returned'; classification?: string } = {},
) {
  const r = await c.shenweidong!.post('/api/v1/meeting-topics', {
    title,
    officeUnitId: ids.office,
    meetingKind: 'standingCommittee',
    situation: '背景、依据、主要内容。',
    question: `审议${title}。`,
    majorDecision: opts.major ?? false,
    ...(opts.classification ? { classification: opts.classification } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.itemId as string;
  await submitTopicStep(c, 'shenweidong', id, 'draft', { next: { personIds: [ids.director] } });
  if (opts.major) {
    await submitTopicStep(c, 'mazhiyuan', id, 'unitSignoff', {
      decision: 'legality',
      opinion: '同意，送合法性审查。',
      next: { personIds: [ids.reviewer] },
    });
    await submitTopicStep(c, 'luozhengping', id, 'legality', { opinion: '程序合法。', next: { personIds: [ids.leader] } });
  } else {
    await submitTopicStep(c, 'mazhiyuan', id, 'unitSignoff', {
      decision: 'agree',
      opinion: '同意报送。',
      next: { personIds: [ids.leader] },
    });
  }
  await submitTopicStep(c, 'songjianguo', id, 'leaderApproval', {
    opinion: '同意。',
    next: { units: [{ unitId: ids.office, role: 'assisting' }] },
  });
  const [rid] = (await c.chenjing!.get(`/api/v1/meeting-topics/${id}`)).body.myReceipts as string[];
  expect((await c.chenjing!.post(`/api/v1/meeting-topics/${id}/receipts/${rid}/accept`, {})).status).toBe(200);
  if (opts.until === 'returned') {
    await submitTopicStep(c, 'chenjing', id, 'screen', { decision: 'materialsLate', opinion: '材料未于会前3日报送。' });
    return id;
  }
  await submitTopicStep(c, 'chenjing', id, 'screen', { decision: 'pool', next: { personIds: [ids.sg] } });
  await submitTopicStep(c, 'zhouwenbin', id, 'secretaryReview', { decision: 'propose' });
  return id;
}

/**
 * A 常委会议 of the 市委办公室 planned by its registrar (陈静) with `topics` on the agenda, sent to the chair (郑国华) and,
 * unless `until: 'plan'`, fixed by him — the meeting then stands at 会议筹备与召开 (`hold`). `ids` needs office, secretary
 * (the chair) and the members named in `memberIds`; the clients chenjing and zhengguohua signed in.
 */
export async function meetingThrough(
  c: Clients,
  ids: Record<string, string>,
  opts: {
    topics: string[];
    startsAt: string;
    endsAt: string;
    memberIds: string[];
    sitInIds?: string[];
    staffIds?: string[];
    classification?: string;
    until?: 'plan' | 'hold';
    /** The office registrar who plans it: 陈静, or 马晓燕 (机要员, cleared for 秘密) for a classified meeting. */
    planner?: 'chenjing' | 'maxiaoyan';
  },
) {
  const planner = opts.planner ?? 'chenjing';
  const made = await c[planner]!.post('/api/v1/meetings', {
    officeUnitId: ids.office,
    meetingKind: 'standingCommittee',
    startsAt: opts.startsAt,
    endsAt: opts.endsAt,
    place: '市委常委会议室',
    chairPersonId: ids.secretary,
    memberIds: opts.memberIds,
    sitInIds: opts.sitInIds ?? [],
    staffIds: opts.staffIds ?? [],
    ...(opts.classification ? { classification: opts.classification } : {}),
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const id = made.body.itemId as string;
  const late: string[] = [];
  for (const topicItemId of opts.topics) {
    const r = await c[planner]!.post(`/api/v1/meetings/${id}/agenda`, { topicItemId });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // A topic sent to the office after the kind's days for topics waits for the chair, who agrees to it here.
    if (r.body.state === 'pending') late.push(r.body.id as string);
  }
  if (opts.until === 'plan') return id;
  for (const agendaItemId of late) {
    const r = await c.zhengguohua!.post(`/api/v1/meetings/${id}/agenda/${agendaItemId}/decide`, { approve: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const task = async (who: string, step: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}`);
    const found = (r.body.myTasks as { id: string; version: number; stepKey: string }[]).find((x) => x.stepKey === step);
    expect(found, `${who} holds ${step}`).toBeTruthy();
    return found!;
  };
  const plan = await task(planner, 'plan');
  const sent = await c[planner]!.post(`/api/v1/tasks/${plan.id}/submit`, {
    version: plan.version,
    next: { personIds: [ids.secretary] },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const settle = await task('zhengguohua', 'settle');
  const fixed = await c.zhengguohua!.post(`/api/v1/tasks/${settle.id}/submit`, { version: settle.version, decision: 'settle' });
  expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
  return id;
}

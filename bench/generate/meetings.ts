import { and, eq } from 'drizzle-orm';
import type { MeetingKind } from '../../src/contract/meetings';
import type { Database, Tx } from '../../src/server/platform/db/client';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { submitTask } from '../../src/server/platform/flow/engine';
import { dispatch, task } from '../../src/server/platform/flow/schema';
import { readItem } from '../../src/server/platform/items/service';
import { createTopic } from '../../src/server/modules/meetings/service';
import { acceptTopic } from '../../src/server/modules/meetings/topics';
import { TOPIC_SUBMIT } from '../../src/server/modules/meetings/flow';
import { addAgendaTopic, createMeeting } from '../../src/server/modules/meetings/meetings';
import { acceptNotice, decideLeave, recordReply, sendNotice } from '../../src/server/modules/meetings/notice';
import { recordCheckIn } from '../../src/server/modules/meetings/checkin';
import { addDecision } from '../../src/server/modules/meetings/decisions';
import type { Office, OrgPlan } from './org';
import { Random } from './random';
import { playStories, type CtxOf } from './stories';
import { chinaDate, officeMoment, workingDays } from './timing';

// 办会's history (issue 17 "Measure"), through the product's own commands, as test/support/meetings.ts takes a topic
// and a meeting through the API: each topic drafted in an agency of the office's level, signed by its head, approved
// by a leader of the committee, submitted to the office (签收 and 初审 by its registrar), proposed by the
// secretary-general into the 议题库; the meeting planned by the office's registrar with those topics, fixed by the
// chair (确定议题), noticed four working days before, answered (回执: members for themselves, one in ten asking leave,
// which the chair gives; the sit-ins' 回执 by their agency's registrar as it signs for the notice), the attendees
// checked in by the registrar at the door, the meeting ended and its 议定事项 recorded. Whatever falls after "now" is
// left as it stands: the meetings of the coming weeks are planned, fixed or noticed, with their 回执 coming in.

export interface MeetingsOptions {
  seed: string;
  /** Meetings held per office (the provincial and the city offices) and year. */
  perOfficeYear: number;
  /** The module's history ends at `to` (plus the meetings already planned after it) and spans `years` before it. */
  years: number;
  to: Date;
  /** Offices written concurrently (PostgreSQL; each office's events are its own audit chain). */
  lanes: number;
}

type Step =
  | { kind: 'topicCreate'; topic: number }
  | { kind: 'topicStep'; topic: number; step: 'draft' | 'unitSignoff' | 'leaderApproval' | 'screen' | 'secretaryReview' }
  | { kind: 'topicAccept'; topic: number }
  | { kind: 'create' }
  | { kind: 'agenda'; topic: number }
  | { kind: 'plan' }
  | { kind: 'settle' }
  | { kind: 'notice' }
  | { kind: 'reply'; person: string; leave: boolean }
  | { kind: 'leave'; person: string }
  | { kind: 'unitReply'; unitId: string; registrar: string; people: string[] }
  | { kind: 'checkIn'; person: string }
  | { kind: 'end' }
  | { kind: 'decision'; topic: number };

interface Topic {
  title: string;
  unitId: string;
  drafter: string;
  head: string;
  itemId: string | null;
}

interface Plan {
  office: Office;
  meetingKind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  chair: string;
  members: string[];
  sitIns: string[];
  planner: string;
  /** The committee leader who approves the topics (分管领导审核) and the secretary-general who proposes them. */
  approver: string;
  secretary: string;
  topics: Topic[];
  itemId: string | null;
  failed: boolean;
  steps: { at: number; step: Step }[];
}

const SUBJECTS = [
  '年度重点项目计划',
  '城区内涝治理三年行动方案',
  '优化营商环境若干措施',
  '乡村振兴重点工作安排',
  '安全生产专项整治工作',
  '老旧小区改造实施方案',
  '生态环境保护督察整改',
  '民生实事项目',
  '国有企业改革深化提升行动',
  '耕地保护和粮食安全责任制考核',
  '基层减负工作',
  '义务教育学位供给',
  '养老服务体系建设',
  '城市燃气安全专项治理',
  '招商引资工作',
  '财政预算执行情况',
  '干部教育培训规划',
  '意识形态工作责任制落实情况',
];
/** The mix of an office's meetings: 常委会议 about twice a month, and 专题会议 and 书记专题会议 between them. */
const KIND_WEIGHTS: Partial<Record<MeetingKind, number>> = { standingCommittee: 0.7, topic: 0.2, secretaryTopic: 0.1 };
const KIND_NAME: Partial<Record<MeetingKind, string>> = {
  standingCommittee: '常委会议',
  topic: '专题会议',
  secretaryTopic: '书记专题会议',
};
const LEAVE_REASONS = ['赴外地出差', '参加上级会议', '赴党校学习', '带队检查调研'];

const DAY = 86_400_000;

/** The module's history is one year long at every scale (as 督办's): meetings, not the mail, bound its volume. */
export const MEETINGS_YEARS = 1;

/** The 办会 history of the provincial and the city offices in one database. */
export async function generateMeetings(
  database: Database,
  org: OrgPlan,
  cal: WorkCalendar,
  o: MeetingsOptions,
): Promise<{ meetings: number; topics: number; steps: number; failed: number }> {
  const rng = new Random(`${o.seed}:meetings`);
  const from = new Date(o.to.getTime() - o.years * 365.25 * DAY);
  // The meetings of the next weeks are already being prepared: the schedule runs a month past now.
  const days = workingDays(cal, chinaDate(from), chinaDate(new Date(o.to.getTime() + 30 * DAY)));
  const past = workingDays(cal, chinaDate(from), chinaDate(o.to)).length;
  const leadersOf = new Map<string, string[]>();
  const staffOf = new Map<string, string[]>();
  for (const p of org.posts) {
    const map = p.isLeader ? leadersOf : staffOf;
    if (!p.isLeader && org.personById.get(p.personId)?.clearance === '公开') continue;
    map.set(p.unitId, [...(map.get(p.unitId) ?? []), p.personId]);
  }
  const offices = org.offices.filter((x) => x.level !== '县');
  const plans: Plan[] = [];
  for (const office of offices) {
    const n = Math.round((o.perOfficeYear * o.years * days.length) / past);
    // Evenly over the working days, a little jitter; the first ones far enough in to have their topics prepared.
    for (let k = 0; k < n; k++) {
      const d = 12 + Math.floor(((k + rng.next() * 0.6) * (days.length - 13)) / n);
      plans.push(planMeeting(rng, office, leadersOf, staffOf, days, d));
    }
  }
  const { steps, failed } = await playStories(database, org, cal, { to: o.to, lanes: o.lanes, label: 'meetings' }, plans, act);
  return {
    meetings: plans.filter((p) => p.itemId).length,
    topics: plans.reduce((a, p) => a + p.topics.filter((t) => t.itemId).length, 0),
    steps,
    failed,
  };
}

/** One meeting's story on working day `d` (an index into `days`): its topics, and when each step happens. */
function planMeeting(
  rng: Random,
  office: Office,
  leadersOf: Map<string, string[]>,
  staffOf: Map<string, string[]>,
  days: string[],
  d: number,
): Plan {
  const meetingKind = rng.weighted(KIND_WEIGHTS as Record<MeetingKind, number>);
  // The committee's leaders come last among the office's: 书记, 副书记, 常委、秘书长.
  const [secretaryOfParty, deputy, secretary] = office.leaders.slice(-3) as [string, string, string];
  const chair = meetingKind === 'topic' ? deputy : secretaryOfParty;
  const count = meetingKind === 'standingCommittee' ? rng.int(2, 5) : rng.int(1, 2);
  const agencies = rng.sample(office.agencies, Math.min(count, office.agencies.length));
  const topics: Topic[] = agencies.map((a) => {
    const subject = rng.pick(SUBJECTS);
    return {
      title: `关于${a.name.replace(/^江南省/, '省')}${subject}的议题`,
      unitId: a.unitId,
      drafter: rng.pick(staffOf.get(a.unitId) ?? a.registrars),
      head: leadersOf.get(a.unitId)![0]!,
      itemId: null,
    };
  });
  // 常委会议: the committee's leaders and two of the office's (standing in for the other 常委 the organisation lacks);
  // 书记专题会议 and 专题会议: the chair with the secretary-general and the office's director. The proposing agencies'
  // heads sit in (列席) for their topics.
  const members =
    meetingKind === 'standingCommittee'
      ? [secretaryOfParty, deputy, secretary, office.leaders[0]!, office.leaders[1]!]
      : [chair, secretary, office.director];
  const at = (day: number, minute: number) => {
    const x = days[d + day];
    return x ? officeMoment(x, minute).getTime() : Infinity;
  };
  const startsAt = new Date(at(0, 30));
  const endsAt = new Date(startsAt.getTime() + (meetingKind === 'standingCommittee' ? 3 : 2) * 3_600_000);
  const steps: Plan['steps'] = [];
  const add = (day: number, minute: number, step: Step) => steps.push({ at: at(day, minute), step });
  topics.forEach((_, topic) => {
    const m = rng.int(0, 150);
    add(-10, m, { kind: 'topicCreate', topic });
    add(-10, m + 20, { kind: 'topicStep', topic, step: 'draft' });
    add(-9, m, { kind: 'topicStep', topic, step: 'unitSignoff' });
    add(-9, 220 + m, { kind: 'topicStep', topic, step: 'leaderApproval' });
    add(-8, m, { kind: 'topicAccept', topic });
    add(-8, m + 30, { kind: 'topicStep', topic, step: 'screen' });
    add(-7, 220 + m, { kind: 'topicStep', topic, step: 'secretaryReview' });
  });
  add(-6, 60, { kind: 'create' });
  topics.forEach((_, topic) => add(-6, 70 + topic, { kind: 'agenda', topic }));
  add(-6, 120, { kind: 'plan' });
  add(-5, rng.int(0, 300), { kind: 'settle' });
  add(-4, rng.int(0, 200), { kind: 'notice' });
  const onLeave = new Set<string>();
  for (const person of members) {
    const leave = person !== chair && rng.chance(0.1);
    if (leave) onLeave.add(person);
    add(rng.int(-4, -2), 220 + rng.int(0, 180), { kind: 'reply', person, leave });
    if (leave) add(-1, rng.int(0, 200), { kind: 'leave', person });
  }
  const sitIns = [...new Set(topics.map((t) => t.head))];
  for (const t of topics.filter((x, i) => topics.findIndex((y) => y.head === x.head) === i)) {
    const registrar = office.agencies.find((a) => a.unitId === t.unitId)!.registrars[0]!;
    add(-3, rng.int(0, 200), { kind: 'unitReply', unitId: t.unitId, registrar, people: [t.head] });
  }
  // At the door, in the half hour before it begins: nearly everyone who said they would come.
  for (const person of [...members, ...sitIns])
    if (!onLeave.has(person) && !rng.chance(0.03))
      steps.push({ at: startsAt.getTime() - (30 - rng.int(0, 29)) * 60_000, step: { kind: 'checkIn', person } });
  steps.push({ at: endsAt.getTime() + 2 * 3_600_000, step: { kind: 'end' } });
  topics.forEach((_, topic) =>
    steps.push({ at: endsAt.getTime() + 2.5 * 3_600_000 + topic * 60_000, step: { kind: 'decision', topic } }),
  );
  return {
    office,
    meetingKind,
    startsAt,
    endsAt,
    chair,
    members,
    sitIns,
    planner: office.registrars[0]!,
    approver: deputy,
    secretary,
    topics,
    itemId: null,
    failed: false,
    steps: steps.map((s, i) => ({ ...s, at: s.at + i })),
  };
}

async function openTask(tx: Tx, itemId: string, stepKey: string) {
  const [t] = await tx
    .select({ id: task.id, assignee: task.assigneePersonId })
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.stepKey, stepKey), eq(task.state, 'open')));
  if (!t) throw new Error(`no open ${stepKey} task`);
  return t;
}

async function pendingDispatch(tx: Tx, itemId: string, kind: string, unitId: string) {
  const [d] = await tx
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, itemId), eq(dispatch.kind, kind), eq(dispatch.unitId, unitId), eq(dispatch.state, 'pending')));
  if (!d) throw new Error(`no pending ${kind}`);
  return d.id;
}

/** One step, as the person whose step it is does it through the product's commands. */
async function act(tx: Tx, ctxOf: CtxOf, p: Plan, step: Step, now: Date) {
  const planner = () => ctxOf(tx, p.planner, now);
  const meetingName = KIND_NAME[p.meetingKind]!;
  switch (step.kind) {
    case 'topicCreate': {
      const t = p.topics[step.topic]!;
      const ctx = await ctxOf(tx, t.drafter, now);
      t.itemId = (
        await createTopic(tx, ctx, {
          title: t.title,
          officeUnitId: p.office.unitId,
          meetingKind: p.meetingKind,
          situation: '一、背景和依据；二、主要内容；三、征求意见情况；四、需会议决定的事项。',
          question: `审议${t.title.replace(/^关于|的议题$/g, '')}。`,
          suggestedSitIns: null,
          majorDecision: false,
          appointments: false,
          classification: '内部',
        })
      ).itemId;
      return;
    }
    case 'topicStep': {
      const t = p.topics[step.topic]!;
      if (!t.itemId) throw new Error('no topic');
      const open = await openTask(tx, t.itemId, step.step);
      const ctx = await ctxOf(tx, open.assignee, now);
      const body =
        step.step === 'draft'
          ? { next: { personIds: [t.head] } }
          : step.step === 'unitSignoff'
            ? { decision: 'agree', opinion: '同意报送。', next: { personIds: [p.approver] } }
            : step.step === 'leaderApproval'
              ? { opinion: '同意提请会议研究。', next: { units: [{ unitId: p.office.unitId, role: 'assisting' as const }] } }
              : step.step === 'screen'
                ? { decision: 'pool', next: { personIds: [p.secretary] } }
                : { decision: 'propose' };
      await submitTask(tx, ctx, open.id, { version: null, ...body });
      return;
    }
    case 'topicAccept': {
      const t = p.topics[step.topic]!;
      const ctx = await planner();
      const id = await pendingDispatch(tx, t.itemId!, TOPIC_SUBMIT, p.office.unitId);
      await acceptTopic(tx, ctx, await readItem(tx, ctx, t.itemId!), id);
      return;
    }
    case 'create': {
      p.itemId = (
        await createMeeting(tx, await planner(), {
          officeUnitId: p.office.unitId,
          meetingKind: p.meetingKind,
          startsAt: p.startsAt.toISOString(),
          endsAt: p.endsAt.toISOString(),
          roomId: null,
          place: `${p.office.level === '省' ? '省委' : '市委'}${p.meetingKind === 'standingCommittee' ? '常委会议室' : '第一会议室'}`,
          mode: 'onsite',
          chairPersonId: p.chair,
          memberIds: p.members,
          sitInIds: p.sitIns,
          staffIds: [],
          classification: '内部',
          overrideReason: null,
        })
      ).itemId;
      return;
    }
    case 'agenda': {
      const t = p.topics[step.topic]!;
      const ctx = await planner();
      await addAgendaTopic(tx, ctx, await readItem(tx, ctx, p.itemId!), {
        topicItemId: t.itemId!,
        reportingUnitId: null,
        minutes: 20,
      });
      return;
    }
    case 'plan': {
      const open = await openTask(tx, p.itemId!, 'plan');
      await submitTask(tx, await planner(), open.id, { version: null, next: { personIds: [p.chair] } });
      return;
    }
    case 'settle': {
      const open = await openTask(tx, p.itemId!, 'settle');
      await submitTask(tx, await ctxOf(tx, p.chair, now), open.id, { version: null, decision: 'settle' });
      return;
    }
    case 'notice': {
      const ctx = await planner();
      const replyBy = officeMoment(chinaDate(new Date(p.startsAt.getTime() - 2 * DAY)), 419);
      await sendNotice(tx, ctx, await readItem(tx, ctx, p.itemId!), {
        replyBy: (replyBy < p.startsAt ? replyBy : new Date(p.startsAt.getTime() - 3_600_000)).toISOString(),
        contactName: '办公室秘书科',
        contactPhone: '0791-86001234',
        requirements: `请提前10分钟到会。${meetingName}不得委托他人代会，不能出席的请向会议主持人请假。`,
      });
      return;
    }
    case 'reply': {
      const ctx = await ctxOf(tx, step.person, now);
      await recordReply(
        tx,
        ctx,
        await readItem(tx, ctx, p.itemId!),
        step.person,
        step.leave
          ? { reply: 'leave', reason: LEAVE_REASONS[step.person.charCodeAt(0) % LEAVE_REASONS.length]!, substitute: null }
          : { reply: 'attend', reason: null, substitute: null },
      );
      return;
    }
    case 'leave': {
      const ctx = await ctxOf(tx, p.chair, now);
      await decideLeave(tx, ctx, await readItem(tx, ctx, p.itemId!), step.person, { approve: true, reason: null });
      return;
    }
    case 'unitReply': {
      const ctx = await ctxOf(tx, step.registrar, now);
      const id = await pendingDispatch(tx, p.itemId!, 'meetingNotice', step.unitId);
      await acceptNotice(tx, ctx, await readItem(tx, ctx, p.itemId!), id, {
        replies: step.people.map((personId) => ({ personId, reply: 'attend' as const, reason: null, substitute: null })),
      });
      return;
    }
    case 'checkIn':
      await recordCheckIn(tx, await planner(), p.itemId!, step.person);
      return;
    case 'end': {
      const open = await openTask(tx, p.itemId!, 'hold');
      await submitTask(tx, await planner(), open.id, { version: null });
      return;
    }
    case 'decision': {
      const t = p.topics[step.topic]!;
      const ctx = await planner();
      await addDecision(tx, ctx, await readItem(tx, ctx, p.itemId!), {
        text: `原则同意${t.title.replace(/^关于|的议题$/g, '')}，由提报单位根据会议意见修改完善后按程序印发实施。`,
        topicItemId: t.itemId,
        leadUnitId: t.unitId,
        assistingUnitIds: [],
        leaderPersonId: p.approver,
        dueDate: ctx.cal.addWorkdays(chinaDate(now), 20).date,
      });
      return;
    }
  }
}

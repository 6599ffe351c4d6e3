import type { FlowDef, StepDef } from '../../platform/flow/definition';
import { TOPIC_REFUSALS, type TopicRefusal } from '../../../contract/meetings';

// 议题's procedure as data (DOMAIN §11.2, issue 17 item 2): the unit drafts it and its head signs (审签) — sending it on
// to the departments concerned (会商) or to the legality review (合法性审查) when it needs them —, the leader in charge
// approves (分管领导审核), it is submitted to the office (报送: the office's registrars sign for it), the office screens
// it into the pool or refuses it with a reason (初审), and the secretary-general proposes it (秘书长审核): it waits in
// the 议题库 until a chair fixes an agenda with it.

/** The kind of sending of 报送: the office's registrars sign for the topic; whoever signed screens it. */
export const TOPIC_SUBMIT = 'topicSubmit';

export const TOPIC_FLOW = 'meetings.topic';

export const TOPIC_STEP = {
  draft: 'draft',
  unitSignoff: 'unitSignoff',
  consult: 'consult',
  collate: 'collate',
  legality: 'legality',
  leaderApproval: 'leaderApproval',
  screen: 'screen',
  secretaryReview: 'secretaryReview',
} as const;

const draft: StepDef = {
  key: TOPIC_STEP.draft,
  name: '拟稿',
  kind: 'do',
  actors: { type: 'creator' },
  mode: 'single',
  actions: ['submit'],
  next: { to: TOPIC_STEP.unitSignoff },
};

/** 单位负责人审签: the proposing unit's head signs it, and sends it to 会商 or to the legality review where it needs them. */
const unitSignoff: StepDef = {
  key: TOPIC_STEP.unitSignoff,
  name: '单位审签',
  kind: 'do',
  actors: { type: 'chosen', scope: 'leaders', suggest: 'owningUnitLeaders' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [TOPIC_STEP.draft],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'topicSignoff', required: true },
  decisions: { agree: '同意，报分管领导审核', consult: '同意，送有关部门会商', legality: '同意，送合法性审查' },
  next: { decide: { agree: TOPIC_STEP.leaderApproval, consult: TOPIC_STEP.consult, legality: TOPIC_STEP.legality } },
};

/** 会商: each department whose remit it touches gives its signed opinion. */
const consult: StepDef = {
  key: TOPIC_STEP.consult,
  name: '会商',
  kind: 'do',
  actors: { type: 'units', lead: false },
  mode: 'all',
  actions: ['submit'],
  limit: { days: 5, unit: 'working' },
  reminders: { beforeWorkdays: [1], afterDays: [1] },
  opinion: { kind: 'consultOpinion', required: true },
  next: { to: TOPIC_STEP.collate },
};

/** 汇总会商意见: the drafter sums the opinions up; unresolved, each side's reasons and a leaning opinion (倾向性意见). */
const collate: StepDef = {
  key: TOPIC_STEP.collate,
  name: '汇总会商意见',
  kind: 'do',
  actors: { type: 'creator' },
  mode: 'single',
  actions: ['submit'],
  opinion: { kind: 'consultSummary', required: true },
  decisions: { agree: '报分管领导审核', legality: '送合法性审查' },
  next: { decide: { agree: TOPIC_STEP.leaderApproval, legality: TOPIC_STEP.legality } },
};

/**
 * 合法性审查 (重大行政决策程序暂行条例 Art.25–26): at least 7 working days before the meeting, by the legal office; it
 * cannot be replaced by a request for comments. An unlawful draft goes back to the unit.
 */
const legality: StepDef = {
  key: TOPIC_STEP.legality,
  name: '合法性审查',
  kind: 'do',
  actors: { type: 'chosen', scope: 'people' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [TOPIC_STEP.draft],
  limit: { days: 7, unit: 'working' },
  reminders: { beforeWorkdays: [2], afterDays: [1] },
  opinion: { kind: 'legalityOpinion', required: true },
  next: { to: TOPIC_STEP.leaderApproval },
};

/** 分管领导审核: the leader in charge approves; the submission to the office follows (报送). */
const leaderApproval: StepDef = {
  key: TOPIC_STEP.leaderApproval,
  name: '分管领导审核',
  kind: 'do',
  actors: { type: 'chosen', scope: 'leaders', suggest: 'leaderInChargeOfChooser' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [TOPIC_STEP.draft],
  limit: { days: 3, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'topicLeaderOpinion', required: true },
  next: { to: TOPIC_STEP.screen },
};

const REFUSAL_NAMES: Record<TopicRefusal, string> = {
  ownAuthority: '不予安排：属分管领导职权范围',
  uncoordinated: '不予安排：涉及多个部门未经协调',
  noOpinion: '不予安排：无初步意见',
  adHoc: '不予安排：临时动议未经会议主持人同意',
  materialsLate: '不予安排：材料未按时送达',
};

/**
 * 初审 by the office (the registrar who signed for it): into the 议题库, or refused with one of the reasons local rules
 * give (DOMAIN §11.2) and words of its own — the topic is returned to its unit.
 */
const screen: StepDef = {
  key: TOPIC_STEP.screen,
  name: '办公室初审',
  kind: 'do',
  actors: { type: 'units', lead: false, via: TOPIC_SUBMIT },
  mode: 'all',
  actions: ['submit'],
  limit: { days: 3, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'topicScreen', required: false, requiredFor: [...TOPIC_REFUSALS] },
  decisions: { pool: '列入议题库', ...REFUSAL_NAMES },
  next: {
    decide: { pool: TOPIC_STEP.secretaryReview, ...Object.fromEntries(TOPIC_REFUSALS.map((r) => [r, '$end'])) },
  },
  endStates: Object.fromEntries(TOPIC_REFUSALS.map((r) => [r, 'returned'])),
};

/** 秘书长审核: the secretary-general proposes it for an agenda (提请确定), or sends it back to the office. */
const secretaryReview: StepDef = {
  key: TOPIC_STEP.secretaryReview,
  name: '秘书长审核',
  kind: 'do',
  // The office's secretary-general, chosen by the registrar who screened it (the topic's own unit's leaders are not).
  actors: { type: 'chosen', scope: 'leaders' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [TOPIC_STEP.screen],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'topicSecretary', required: false },
  decisions: { propose: '提请会议主持人确定' },
  next: { decide: { propose: '$end' } },
  endStates: { propose: 'proposed' },
};

export const MEETING_FLOW = 'meetings.meeting';

export const MEETING_STEP = { plan: 'plan', settle: 'settle', hold: 'hold' } as const;

/** 会议方案: the office drafts the plan and the agenda from the 议题库 and asks the chair to fix it. */
const plan: StepDef = {
  key: MEETING_STEP.plan,
  name: '拟定会议方案',
  kind: 'do',
  actors: { type: 'creator' },
  mode: 'single',
  actions: ['submit'],
  next: { to: MEETING_STEP.settle },
};

/** 确定议题: the chair fixes the agenda (the topics become 已列入议程), or sends the plan back. */
const settle: StepDef = {
  key: MEETING_STEP.settle,
  name: '确定议题',
  kind: 'do',
  actors: { type: 'chosen', scope: 'leaders' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [MEETING_STEP.plan],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'agendaSettle', required: false },
  decisions: { settle: '确定议题' },
  next: { decide: { settle: MEETING_STEP.hold } },
};

/** 会务: the office prepares and holds the meeting (notice, 回执, materials, check-in come to this step). */
const hold: StepDef = {
  key: MEETING_STEP.hold,
  name: '会议筹备与召开',
  kind: 'do',
  actors: { type: 'creator' },
  mode: 'single',
  actions: ['submit'],
  next: { end: true },
};

export const meetingFlows: FlowDef[] = [
  {
    key: MEETING_FLOW,
    name: '会议',
    start: MEETING_STEP.plan,
    steps: [plan, settle, hold],
  },
  {
    key: TOPIC_FLOW,
    name: '议题',
    start: TOPIC_STEP.draft,
    steps: [draft, unitSignoff, consult, collate, legality, leaderApproval, screen, secretaryReview],
  },
];

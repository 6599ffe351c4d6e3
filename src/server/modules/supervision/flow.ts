import type { ExtensionApprover, FlowDef, StepDef } from '../../platform/flow/definition';

// 督查督办's flow as data (DOMAIN §6.3, issue 16): 立项 → (重点: 审批) → 交办 → 办理 by the units sent it (签收 or
// 退办 first; 主办 reports on its cadence, 协办 give their part to it by their own date) → the lead unit's leader signs
// the 办结报告 (审签) → the 督查室 审核: 销号, or 退回重办 (a new round of 办理).

/** The kind of sending of 交办: each unit's registrars 签收 or 退办 it; the 办理 task opens for whoever signed. */
export const SUPERVISE = 'supervise';
/** The escalation level after which a 督办函 is drafted (`ModuleDef.escalations`). */
export const URGING_LETTER = 'urgingLetter';

export const FLOW = { ordinary: 'supervision', key: 'supervision.key' } as const;

/** Steps of the flow, by key. */
export const STEP = {
  approve: 'approve',
  assign: 'assign',
  handle: 'handle',
  signoff: 'signoff',
  review: 'review',
} as const;

/**
 * 办理: the units 交办 sent it to, each task due on its unit's date (the lead's is the item's). Reports are the lead's
 * (协办 give their part to the lead, not to the 督查室), on the item's own cadence (`progressCadence`), escalated to
 * the holder on the day, the unit's leaders two working days later, the 督查室 after five (issue §5). A 延期 is
 * decided by the 督查室 — for a 重点 item by whoever approved it.
 */
function handle(approver: ExtensionApprover): StepDef {
  return {
    key: STEP.handle,
    name: '办理',
    kind: 'do',
    actors: { type: 'units', via: SUPERVISE },
    mode: 'all',
    actions: ['submit', 'reassign'],
    limit: 'item',
    reminders: { beforeWorkdays: [3, 1], afterDays: [1, 3] },
    // The lead's is the 办结报告, an assisting unit's its 协办意见: either way the result, in words.
    opinion: { kind: 'report', required: true },
    next: { to: STEP.signoff },
    extension: { approver },
    progress: {
      cadence: { beforeDueWorkdays: 0 },
      leadOnly: true,
      escalation: [
        { afterWorkdays: 0, to: 'holder' },
        { afterWorkdays: 2, to: 'unitLeader' },
        // The 督查室 is told, and a 督办函 is drafted on its desk (bulletin.ts).
        { afterWorkdays: 5, to: 'supervisor', then: URGING_LETTER },
      ],
    },
  };
}

const assign: StepDef = {
  key: STEP.assign,
  name: '交办',
  kind: 'do',
  actors: { type: 'creator' },
  mode: 'single',
  actions: ['submit', 'reassign'],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'assignNote', required: false },
  next: { to: STEP.handle },
};

/** 审签: the lead unit's leader signs the 办结报告 (an opinion), or sends it back to the unit's handler. */
const signoff: StepDef = {
  key: STEP.signoff,
  name: '审签',
  kind: 'do',
  actors: { type: 'chosen', scope: 'leaders' },
  mode: 'single',
  actions: ['submit', 'return'],
  returnTo: [STEP.handle],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'unitSignoff', required: true },
  next: { to: STEP.review },
};

/** 审核 by the 督查室: 销号 ends the item; 退回重办 is a return to 办理 (with reasons, a new due date, counted). */
const review: StepDef = {
  key: STEP.review,
  name: '审核',
  kind: 'do',
  actors: { type: 'role', role: 'supervisor' },
  mode: 'any',
  actions: ['submit', 'return'],
  returnTo: [STEP.handle],
  limit: { days: 3, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'supervisionReview', required: false },
  decisions: { close: '销号' },
  next: { decide: { close: '$end' } },
};

/** 审批 of a 重点 item before 交办, by the 督查室主任 or the secretary-general chosen at 立项. */
const approve: StepDef = {
  key: STEP.approve,
  name: '审批',
  kind: 'do',
  actors: { type: 'chosen', scope: 'people' },
  mode: 'single',
  actions: ['submit', 'reassign'],
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  opinion: { kind: 'keyApproval', required: false, requiredFor: ['refuse'] },
  decisions: { agree: '同意交办', refuse: '不同意' },
  next: { decide: { agree: STEP.assign, refuse: '$end' } },
  endStates: { refuse: 'declined' },
};

export const supervisionFlows: FlowDef[] = [
  {
    key: FLOW.ordinary,
    name: '督查督办',
    start: STEP.assign,
    steps: [assign, handle({ type: 'role', role: 'supervisor' }), signoff, review],
  },
  {
    key: FLOW.key,
    name: '督查督办（重点）',
    start: STEP.approve,
    steps: [approve, assign, handle({ type: 'previous', step: STEP.approve }), signoff, review],
  },
];

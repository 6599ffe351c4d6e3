import { END, type FlowDef } from '../../platform/flow/definition';

/**
 * 发文 (条例 Art.18–25; DOMAIN.md §1.5–1.6): 拟稿 → 会商/征求意见 when other departments' remit is touched
 * (Art.19(六)) → 部门核稿 → 办公厅（室）审核 (Art.20: return to the drafting unit with reasons, or revise and
 * resubmit) → 签发 (Art.22: the leader; every co-issuer's leader for a joint document) → 复核 (Art.25(一): a
 * substantive change goes back to the signer, 复审) → 登记编号 → 印制 → 核发. Time limits are practice [P].
 */
export const OUTGOING_FLOW = 'outgoing';

/** Steps at which the holder of the task may save a new version of the draft. */
export const EDITING_STEPS = ['draft', 'deptCheck', 'officeReview', 'sign', 'resign', 'recheck'];

export const outgoingFlow: FlowDef = {
  key: OUTGOING_FLOW,
  name: '发文办理',
  start: 'draft',
  steps: [
    {
      key: 'draft',
      name: '拟稿',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit', 'retract', 'reassign'],
      opinion: { kind: 'drafting', required: false, requiredFor: ['withdraw'] },
      decisions: { check: '送部门核稿', consult: '征求意见（会商）', withdraw: '撤销' },
      next: { decide: { check: 'deptCheck', consult: 'consult', withdraw: END } },
      endStates: { withdraw: 'withdrawn' },
    },
    {
      key: 'consult',
      name: '会商',
      kind: 'do',
      actors: { type: 'units', lead: false },
      mode: 'all',
      actions: ['submit', 'addHandler', 'reassign'],
      limit: { days: 3, unit: 'working' },
      reminders: { beforeWorkdays: [1], afterDays: [1, 3] },
      // Art.19(六): the units consulted give their view; the drafter takes it in and sends the draft on.
      opinion: { kind: 'concurrence', required: true },
      next: { to: 'draft' },
    },
    {
      key: 'deptCheck',
      name: '部门核稿',
      kind: 'do',
      // The drafter's own section chief checks first.
      actors: { type: 'chosen', scope: 'people', suggest: 'headOfChooserSection' },
      mode: 'single',
      actions: ['submit', 'return', 'reassign'],
      returnTo: ['draft'],
      limit: { days: 2, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      opinion: { kind: 'check', required: true },
      next: { to: 'officeReview' },
    },
    {
      key: 'officeReview',
      name: '审核',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return', 'reassign'],
      // Art.20: 不宜发文 → 退回起草单位 with reasons (return); 需要修改 → the drafter revises and resubmits.
      returnTo: ['draft'],
      limit: { days: 2, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      opinion: { kind: 'review', required: true },
      decisions: { sign: '呈送签发', revise: '修改后重新报送' },
      next: { decide: { sign: 'sign', revise: 'draft' } },
    },
    {
      key: 'sign',
      name: '签发',
      kind: 'do',
      actors: { type: 'chosen', scope: 'leaders', suggest: 'owningUnitLeaders' },
      // Art.22: a joint document is signed by the leaders of every co-issuer (会签): all must sign. A signer may
      // add one (加签), e.g. the principal leader for an important document.
      mode: 'all',
      actions: ['submit', 'return', 'reassign', 'addHandler'],
      returnTo: ['officeReview', 'draft'],
      limit: { days: 3, unit: 'working' },
      reminders: { beforeWorkdays: [1], afterDays: [1, 3] },
      opinion: { kind: 'signoff', required: true },
      next: { to: 'recheck' },
    },
    {
      key: 'recheck',
      name: '复核',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return', 'reassign'],
      returnTo: ['draft'],
      limit: { days: 1, unit: 'working' },
      opinion: { kind: 'recheck', required: false, requiredFor: ['resign'] },
      decisions: { ok: '复核无误', resign: '送原签发人复审' },
      next: { decide: { ok: 'number', resign: 'resign' } },
    },
    {
      key: 'resign',
      name: '复审',
      kind: 'do',
      actors: { type: 'previous', step: 'sign', all: true },
      mode: 'all',
      actions: ['submit', 'return'],
      returnTo: ['recheck', 'draft'],
      limit: { days: 2, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      opinion: { kind: 'signoff', required: true },
      next: { to: 'recheck' },
    },
    {
      key: 'number',
      name: '登记编号',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return', 'reassign'],
      returnTo: ['recheck'],
      limit: { days: 1, unit: 'working' },
      opinion: { kind: 'opinion', required: false },
      next: { to: 'print' },
    },
    {
      key: 'print',
      name: '印制',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return', 'reassign'],
      returnTo: ['number', 'recheck'],
      limit: { days: 2, unit: 'working' },
      opinion: { kind: 'opinion', required: false },
      next: { to: 'distribute' },
    },
    {
      key: 'distribute',
      name: '核发',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return', 'reassign'],
      returnTo: ['print'],
      limit: { days: 1, unit: 'working' },
      opinion: { kind: 'opinion', required: false },
      next: { end: true },
    },
  ],
};

import { END, type FlowDef } from '../../platform/flow/definition';

/**
 * 收文办理 (条例 Art.24): 签收 and 登记 happen when the document is registered; the flow starts at 初审.
 * 初审 returns a faulty document to its sender (退文), or splits 阅知 (for reading: circulate, done) from
 * 批办 (for action: 拟办 → 批办 → 分办 → 承办 by a lead unit and assisting units → 答复 → 办结).
 * Time limits are office practice [P], not the regulation's; urgent documents get the limit set at 分办.
 */
export const INCOMING_FLOW = 'incoming';

export const incomingFlow: FlowDef = {
  key: INCOMING_FLOW,
  name: '收文办理',
  start: 'screen',
  steps: [
    {
      key: 'screen',
      name: '初审',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'reassign'],
      limit: { days: 1, unit: 'working' },
      reminders: { afterDays: [1] },
      // 条例 Art.24(三): a document that fails 初审 goes back to the sender with the reasons.
      opinion: { kind: 'opinion', required: false, requiredFor: ['return'] },
      decisions: { read: '阅知', handle: '批办', return: '退文' },
      next: { decide: { read: 'circulate', handle: 'propose', return: END } },
      endStates: { return: 'returned' },
    },
    {
      key: 'circulate',
      name: '传阅',
      kind: 'read',
      actors: { type: 'chosen', scope: 'people', suggest: 'owningUnitLeaders' },
      mode: 'all',
      actions: ['submit', 'addHandler', 'reassign'],
      limit: { days: 3, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      opinion: { kind: 'comment', required: false },
      next: { end: true },
    },
    {
      key: 'propose',
      name: '拟办',
      kind: 'do',
      // The office director, as the leader in charge of the section that registers documents.
      actors: { type: 'chosen', scope: 'people', suggest: 'leaderInChargeOfChooser' },
      mode: 'single',
      actions: ['submit', 'return', 'retract', 'reassign'],
      returnTo: ['screen'],
      limit: { days: 1, unit: 'working' },
      reminders: { beforeWorkdays: [0], afterDays: [1] },
      opinion: { kind: 'proposal', required: true },
      next: { to: 'assign' },
    },
    {
      key: 'assign',
      name: '批办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'leaders', suggest: 'owningUnitLeaders' },
      mode: 'sequential',
      // 加签: a leader may ask another leader to instruct after him (请X同志阅示).
      actions: ['submit', 'return', 'reassign', 'addHandler'],
      returnTo: ['propose'],
      limit: { days: 2, unit: 'working' },
      reminders: { beforeWorkdays: [1], afterDays: [1, 3] },
      opinion: { kind: 'instruction', required: true },
      next: { to: 'dispatch' },
    },
    {
      key: 'dispatch',
      name: '分办',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'retract', 'reassign'],
      limit: { days: 1, unit: 'working' },
      opinion: { kind: 'opinion', required: false },
      next: { to: 'handle' },
    },
    {
      key: 'handle',
      name: '承办',
      kind: 'do',
      actors: { type: 'units' },
      mode: 'all',
      actions: ['submit', 'return', 'addHandler', 'reassign'],
      returnTo: ['dispatch'],
      limit: 'item',
      reminders: { beforeWorkdays: [2, 1], afterDays: [1, 3, 7] },
      opinion: { kind: 'opinion', required: true },
      next: { to: 'reply' },
    },
    {
      key: 'reply',
      name: '答复',
      kind: 'do',
      actors: { type: 'previous', step: 'handle', unitRole: 'lead' },
      mode: 'single',
      actions: ['submit'],
      limit: { days: 2, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      opinion: { kind: 'reply', required: true },
      next: { to: 'close' },
    },
    {
      key: 'close',
      name: '办结',
      kind: 'do',
      actors: { type: 'role', role: 'registrar' },
      mode: 'any',
      actions: ['submit', 'return'],
      returnTo: ['reply'],
      limit: { days: 1, unit: 'working' },
      opinion: { kind: 'summary', required: true },
      next: { end: true },
    },
  ],
};

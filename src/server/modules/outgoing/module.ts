import { defineModule } from '../../platform/modules/registry';
import { outgoingFlow } from './flow';
import { outgoingRoutes } from './routes';
import { outgoingAfterStep, outgoingBeforeSubmit, OUTGOING_KIND } from './service';
import { issueDispatch } from './deliveries';
import { deriveOutgoing } from './derive';

/**
 * 发文 as the kernel knows it: its flow, that drafts are for the people working on them and the leader in
 * charge of the drafting department (the units it is distributed to read only the issued copy), what it is found by, its 效能 figures, and the rules it adds to the
 * kernel's steps (format checks at 签发, the 文号 at 编号, distribution at 核发).
 */
export const outgoingModule = defineModule({
  kind: OUTGOING_KIND,
  name: '发文',
  flows: [outgoingFlow],
  visibility: 'participants',
  overseenByLeaderInCharge: true,
  searchText: (f) => [f.docNo, f.genre].filter((x): x is string => typeof x === 'string' && x !== ''),
  metrics: [
    { key: 'drafted', name: '拟稿数', measure: { type: 'created' } },
    { key: 'issued', name: '发文数', measure: { type: 'closed' } },
    { key: 'cycleWorkdays', name: '平均办文时长（工作日）', measure: { type: 'cycleWorkdays' } },
    { key: 'signOnTime', name: '签发按时率', measure: { type: 'onTimeRate', step: 'sign' } },
    { key: 'consultOnTime', name: '会商按时反馈率', measure: { type: 'onTimeRate', step: 'consult' }, byUnit: true },
    { key: 'overdueOpen', name: '超期未办', measure: { type: 'overdueOpen' } },
    // The units it was distributed to: how promptly each signed for it (a working day).
    { key: 'signForOnTime', name: '签收及时率', measure: { type: 'onTimeRate', step: 'issue' }, byUnit: true },
  ],
  // 核发 to the units of this deployment: each signs for it (a 收文 there) or sends it back.
  dispatches: [issueDispatch],
  // A draft opened from another module's data (督办's 督查通报), by code through the kernel's `deriveItem` only: users
  // draft in the 发文 pages, so there is no `derivedOnRequest`.
  derive: deriveOutgoing,
  hooks: { beforeSubmit: outgoingBeforeSubmit, afterStep: outgoingAfterStep },
  // The title is the draft's: it changes with a new version of the draft, never on its own.
  editedAt: '发文页面修改文稿（保存为新版本）',
  // A draft withdrawn by its drafter (撤销).
  states: { withdrawn: '已撤销' },
  routes: outgoingRoutes,
  // 条例 Art.22: a circle mark (圈阅) or a bare signature counts as approval.
  phrases: {
    drafting: ['请审核。', '已按会商意见修改。'],
    concurrence: ['同意。', '无意见。', '建议修改如下：'],
    check: ['已核，请审核。', '请按修改意见完善后再报。'],
    review: ['拟同意，请领导签发。', '请按审核意见修改后重新报送。'],
    signoff: ['同意。', '圈阅', '同意，按程序印发。'],
    recheck: ['复核无误。', '签发后有实质性修改，请复审。'],
  },
});

import { eq } from 'drizzle-orm';
import { defineModule } from '../../platform/modules/registry';
import { item } from '../../platform/items/schema';
import { supervisionRoutes } from './routes';
import { SUPERVISION_KIND } from './service';
import { STEP, SUPERVISE, supervisionFlows, URGING_LETTER } from './flow';
import { urgingLetterOnEscalation } from './bulletin';
import { deriveSupervision } from './derive';
import { supervisionStatus } from './status';
import { afterReturn, afterStep, beforeSubmit, checkExtension, extensionGranted, progressCadence } from './actions';

/**
 * 督查督办 (DOMAIN §6) as the kernel knows it: only the people working on an item, the office's supervisors and the
 * leader answerable for it see it; it is found by its 督办编号, source and requirement. 立项 starts its flow (重点:
 * 审批 first); 交办 sends it to the units (签收 / 退办); the lead unit reports, its leader signs the 办结报告, the
 * 督查室 审核 — 销号 or 退回重办.
 */
export const supervisionModule = defineModule({
  kind: SUPERVISION_KIND,
  name: '督查督办',
  flows: supervisionFlows,
  // Issue 16: the people in an item's flow, the office's supervisors and the leader named on it — not the 文书.
  visibility: 'supervisors',
  // Title, deadline and the rest change through the module's own verbs, with its rules (not PATCH /items/:id).
  editedAt: '督查督办',
  searchText: () => [],
  states: { registered: '已立项', declined: '不予立项', withdrawn: '已撤销', closed: '已销号' },
  phrases: {
    assignNote: ['请按要求抓好落实，按期报送办理情况。'],
    report: ['已按要求办结，具体情况如下：'],
    unitSignoff: ['同意报送。'],
    supervisionReview: ['办理到位，予以销号。'],
    keyApproval: ['同意交办。'],
  },
  // 交办: the units' registrars sign for it (签收) or send it back (退办) with reasons. Each unit reads the record and its
  // own part; the lead unit, which compiles the 办结报告, every part (issue 16).
  dispatches: [
    {
      key: SUPERVISE,
      name: '签收',
      reads: 'part',
      // 签收 within a working day of 交办 (the work itself is due on the unit's date).
      limit: { days: 1, unit: 'working' },
      reminders: { afterDays: [1, 3] },
      async label(db, d) {
        const [it] = await db.select({ no: item.registryNo, title: item.title }).from(item).where(eq(item.id, d.itemId));
        return `${it?.no ?? ''}《${it?.title ?? ''}》`;
      },
    },
  ],
  // 立项 from a 收文 or a 批示 on any item, by the 督查室 (POST /items/:id/derive), linked to its source.
  derive: deriveSupervision,
  derivedOnRequest: { link: 'supervises' },
  // Its light and state where another module tracks an item (a meeting's 议定事项 → 督办).
  statusOf: supervisionStatus,
  hooks: { beforeSubmit, afterStep, afterReturn, checkExtension, extensionGranted },
  progressCadence,
  escalations: { [URGING_LETTER]: urgingLetterOnEscalation },
  metrics: [
    { key: 'opened', name: '立项数', measure: { type: 'created' } },
    { key: 'closed', name: '办结数', measure: { type: 'closed' } },
    { key: 'handleOnTime', name: '承办单位按期办理率', measure: { type: 'onTimeRate', step: STEP.handle }, byUnit: true },
    { key: 'extensions', name: '延期数', measure: { type: 'extensions', step: STEP.handle }, byUnit: true },
    { key: 'overdue', name: '超期未办结', measure: { type: 'overdueOpen', step: STEP.handle } },
    { key: 'cycle', name: '平均销号用时（工作日）', measure: { type: 'cycleWorkdays' } },
  ],
  routes: supervisionRoutes,
});

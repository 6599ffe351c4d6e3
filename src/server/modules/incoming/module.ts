import { defineModule } from '../../platform/modules/registry';
import { incomingFlow } from './flow';
import { incomingRoutes } from './routes';
import { registerIncoming } from './service';
import { invalid } from '../../platform/errors';
import { registerIncomingBodySchema } from '../../../contract/incoming';

export const INCOMING_KIND = 'incoming';

/**
 * 收文 as the kernel knows it: its flow, that only the people working on a received document see it,
 * what it is found by, and what the 效能 figures measure (DOMAIN.md §1.6; the time limits are practice).
 */
export const incomingModule = defineModule({
  kind: INCOMING_KIND,
  name: '收文',
  flows: [incomingFlow],
  visibility: 'participants',
  searchText: (f) =>
    [
      f.senderName,
      f.docNo,
      f.docNoAsReceived,
      f.registryNo,
      ...((f.attachments as { name: string }[] | undefined) ?? []).map((a) => a.name),
    ].filter((x): x is string => typeof x === 'string' && x !== ''),
  // The registered title, 密级, 紧急程度 and 办理时限 change only by 更正登记 (versioned, closed once routed).
  editedAt: '收文页面“更正登记”',
  // Registered before its flow starts; 退文 at 初审; a voided 收文号 (作废).
  states: { registered: '已登记', returned: '已退文', voided: '已作废' },
  routes: incomingRoutes,
  circulates: true,
  // A 收文 made from another module's item: a distributed 发文 signed for (签收), pre-filled by the sender's module.
  derive: async (tx, ctx, { source, fields }) => {
    // Only code calls this (签收 of a 发文): a 收文 without the document it was received as is a bug, not a request.
    if (!source) throw new Error('收文只能由签收的发文生成：须有来源文件');
    const parsed = registerIncomingBodySchema.safeParse(fields);
    if (!parsed.success) throw invalid(parsed.error.issues.map((x) => x.message).join('；'));
    const made = await registerIncoming(tx, ctx, parsed.data);
    return { itemId: made.itemId, registryNo: made.registryNo };
  },
  metrics: [
    { key: 'registered', name: '收文数', measure: { type: 'created' } },
    { key: 'closed', name: '办结数', measure: { type: 'closed' } },
    { key: 'cycleWorkdays', name: '平均办理时长（工作日）', measure: { type: 'cycleWorkdays' } },
    { key: 'handleOnTime', name: '承办按时办结率', measure: { type: 'onTimeRate', step: 'handle' }, byUnit: true },
    { key: 'overdueHandling', name: '承办超期未办', measure: { type: 'overdueOpen', step: 'handle' }, byUnit: true },
  ],
});

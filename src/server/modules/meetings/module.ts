import { eq } from 'drizzle-orm';
import { defineModule } from '../../platform/modules/registry';
import { item } from '../../platform/items/schema';
import { meetingFlows, TOPIC_SUBMIT } from './flow';
import { meetingRoutes } from './routes';
import { MEETINGS_KIND } from './service';
import { topicHooks } from './topics';
import { meetingHooks } from './meetings';
import { noticeDispatch } from './notice';
import { MATERIAL_FILE_ROLE } from './materials';

/**
 * 办会 (DOMAIN §11, issue 17) as the kernel knows it: its items are 议题 (a unit's proposal, through its procedure to
 * the office's 议题库) and, as the module grows, meetings; only the people working on one see it, with the owning
 * unit's registrars.
 */
export const meetingsModule = defineModule({
  kind: MEETINGS_KIND,
  name: '办会',
  flows: meetingFlows,
  visibility: 'participants',
  // Title and situation change through the module's own verbs (the drafter, before submission).
  editedAt: '办会',
  searchText: () => [],
  states: {
    proposed: '待确定（议题库）',
    scheduled: '已列入议程',
    returned: '已退回',
    withdrawn: '已撤回',
    // A meeting called off before it began (plan-change.ts).
    cancelled: '已取消',
    // What the meeting made of a topic (会议记录, record.ts).
    passed: '会议通过',
    passedInPrinciple: '会议原则通过',
    rejected: '会议未通过',
    restudy: '待再研究',
    deferred: '缓议',
  },
  phrases: {
    topicSignoff: ['同意报送。'],
    consultOpinion: ['无意见。', '原则同意，建议如下：'],
    consultSummary: ['各有关部门均无不同意见。'],
    legalityOpinion: ['经审查，该决策草案符合法律法规规定，程序合法。'],
    topicLeaderOpinion: ['同意提请会议研究。'],
    topicScreen: ['材料齐全，列入议题库。'],
    topicSecretary: ['同意提请确定。'],
    agendaSettle: ['同意以上议题提交会议研究。'],
  },
  // 报送: the office's registrars sign for a topic (or send it back); whoever signed screens it (初审).
  dispatches: [
    {
      key: TOPIC_SUBMIT,
      name: '议题签收',
      reads: 'full',
      limit: { days: 1, unit: 'working' },
      reminders: { afterDays: [1] },
      async label(db, d) {
        const [it] = await db.select({ title: item.title }).from(item).where(eq(item.id, d.itemId));
        return `议题《${it?.title ?? ''}》`;
      },
    },
    // 会议通知: each unit of the invited people signs for it with its people's 回执 (notice.ts).
    noticeDispatch,
  ],
  // A topic's rules and a meeting's: each looks for its own record and leaves the other's items alone.
  hooks: {
    async beforeSubmit(tx, ctx, e) {
      await topicHooks.beforeSubmit!(tx, ctx, e);
      await meetingHooks.beforeSubmit!(tx, ctx, e);
    },
    async afterStep(tx, ctx, e) {
      await topicHooks.afterStep!(tx, ctx, e);
      await meetingHooks.afterStep!(tx, ctx, e);
    },
    async afterReturn(tx, ctx, e) {
      await topicHooks.afterReturn!(tx, ctx, e);
    },
  },
  // 办会's yearly figures (meetings by kind, topics studied, 纪要, decisions' rates — issue 17 item 10) are its own:
  // the kernel's `created` would count topics and meetings alike.
  metrics: [],
  // 会议材料 reach their readers through materials.ts alone (distribution, numbered copies), never the kernel's file routes.
  guardedFileRoles: [MATERIAL_FILE_ROLE],
  routes: meetingRoutes,
});

// A module that exists only for the tests: a small 请示 approval, declared the way every module is, to show that
// a module is its folder and a line in the list — its items reach the workbench, search, 效能 and links with no
// line changed in the kernel. It keeps no table of its own: everything it records is the kernel's.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, titleText } from '../../../src/contract/common';
import { defineModule } from '../../../src/server/platform/modules/registry';
import { startFlow } from '../../../src/server/platform/flow/engine';
import { assertMayDeriveFrom, linkDerived } from '../../../src/server/platform/flow/links';
import { flowView, itemLinks } from '../../../src/server/platform/flow/view';
import { createItem, readItem } from '../../../src/server/platform/items/service';
import { command, inTransaction } from '../../../src/server/platform/http/request';
import { invalid } from '../../../src/server/platform/errors';
import { enqueue, type JobHandler } from '../../../src/server/platform/jobs/queue';
import { item } from '../../../src/server/platform/items/schema';
import { notifyPeople } from '../../../src/server/platform/notify/service';
import { eq } from 'drizzle-orm';

const REQUEST_KIND = 'request';
const UNANSWERED = 'request.unanswered';

/** Tells the drafter that a 请示 is still waiting for its approver, unless it was decided meanwhile. */
const unanswered: JobHandler = async (tx, payload, { now }) => {
  const [it] = await tx
    .select()
    .from(item)
    .where(eq(item.id, String(payload.itemId)));
  if (!it || it.closedAt) return;
  const message = `请示“${it.title}”送审已满五日，尚未批复`;
  await notifyPeople(tx, [{ personId: String(payload.drafterId), kind: 'reminder', message, itemId: it.id }], now);
};

const createBody = z.strictObject({
  title: titleText().pipe(z.string().min(1, '请填写标题').max(200)),
  /** The leader asked to approve it. */
  approverId: idSchema,
  /** The 收文 it answers, when it is made from one. */
  fromItemId: idSchema.optional(),
});

async function requestRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/requests', { schema: { body: createBody } }, async (req, reply) => {
    const out = await command(req, 201, async (tx, ctx) => {
      if (!ctx.actor.unitId) throw invalid('须以本单位岗位身份起草请示');
      if (req.body.fromItemId) await assertMayDeriveFrom(tx, ctx, req.body.fromItemId);
      const itemId = await createItem(tx, ctx, {
        kind: REQUEST_KIND,
        title: req.body.title,
        classification: '内部',
        owningUnitId: ctx.actor.unitId,
        state: 'draft',
        searchText: ['请示'],
      });
      if (req.body.fromItemId) await linkDerived(tx, ctx, itemId, req.body.fromItemId, 'answers');
      await startFlow(tx, ctx, itemId, REQUEST_KIND, { personIds: [req.body.approverId] });
      // A job of the module's own, declared below: the drafter hears if it is still unanswered in five days.
      const runAt = new Date(ctx.now.getTime() + 5 * 86_400_000);
      await enqueue(tx, [{ kind: UNANSWERED, payload: { itemId, drafterId: ctx.actor.personId }, runAt }], ctx.now);
      return { itemId };
    });
    return reply.status(out.status).send(out.body);
  });
  r.get('/requests/:id', { schema: { params: z.strictObject({ id: idSchema }) } }, async (req) =>
    inTransaction(req, async (tx, ctx) => {
      const it = await readItem(tx, ctx, req.params.id);
      return {
        item: it,
        ...(await flowView(tx, ctx.actor, it.id, ctx.now)),
        links: await itemLinks(tx, it.id, ctx.actor, ctx.ceiling),
      };
    }),
  );
}

export const requestModule = defineModule({
  kind: REQUEST_KIND,
  name: '请示',
  flows: [
    {
      key: REQUEST_KIND,
      name: '请示审批',
      start: 'approve',
      steps: [
        {
          key: 'approve',
          name: '审批',
          kind: 'do',
          actors: { type: 'chosen', scope: 'leaders' },
          mode: 'single',
          actions: ['submit'],
          limit: { days: 3, unit: 'working' },
          opinion: { kind: 'approval', required: false, requiredFor: ['refuse'] },
          decisions: { agree: '同意', refuse: '不同意' },
          next: { decide: { agree: '$end', refuse: '$end' } },
          endStates: { refuse: 'refused' },
        },
      ],
    },
  ],
  visibility: 'participants',
  searchText: () => [],
  states: { draft: '起草', refused: '未同意' },
  phrases: { approval: ['同意。', '请按程序办理。'] },
  metrics: [
    { key: 'submitted', name: '请示数', measure: { type: 'created' } },
    { key: 'approved', name: '办结数', measure: { type: 'closed' } },
    { key: 'approveOnTime', name: '审批按时率', measure: { type: 'onTimeRate', step: 'approve' } },
  ],
  jobs: { [UNANSWERED]: unanswered },
  routes: requestRoutes,
});

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { createTopicBodySchema, topicSchema, withdrawTopicBodySchema } from '../../../contract/meetings';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { createTopic, getTopic } from './service';
import { withdrawTopic } from './topics';

const idParams = z.strictObject({ id: idSchema });

/** 议题 at /api/v1/meeting-topics: 提报, one topic, 撤回. Its procedure is the kernel's task actions. */
export async function topicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/meeting-topics',
    {
      schema: {
        tags: ['meetings'],
        summary: '提报议题（起草单位拟稿，流转至单位审签）',
        body: createTopicBodySchema,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createTopic(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/meeting-topics/:id',
    { schema: { tags: ['meetings'], summary: '议题（提报表与办理状态）', params: idParams, response: { 200: topicSchema } } },
    async (req) => inTransaction(req, async (tx, ctx) => getTopic(tx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meeting-topics/:id/withdraw',
    {
      schema: {
        tags: ['meetings'],
        summary: '撤回议题（提报单位，议程确定前）',
        params: idParams,
        body: withdrawTopicBodySchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await withdrawTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );
}

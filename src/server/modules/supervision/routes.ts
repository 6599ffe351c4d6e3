import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  createSupervisionBodySchema,
  listSupervisionQuerySchema,
  supervisionCreatedSchema,
  supervisionListSchema,
  supervisionSchema,
} from '../../../contract/supervision';
import { command, contextOf, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { createSupervision, getSupervision, listSupervision } from './service';
import { supervisionNoticeRoutes } from './notice-routes';

const idParams = z.strictObject({ id: idSchema });

/** 督查督办 at /api/v1/supervision: 立项, the register, one item. */
export async function supervisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.post(
    '/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '立项（督查室）',
        body: createSupervisionBodySchema,
        response: { 201: supervisionCreatedSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createSupervision(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办登记簿（可查看的事项，按来源、类别、承办单位筛选）',
        querystring: listSupervisionQuerySchema,
        response: { 200: supervisionListSchema },
      },
    },
    async (req) => listSupervision(db, await contextOf(req), req.query),
  );

  r.get(
    '/supervision/:id',
    { schema: { tags: ['supervision'], summary: '督办事项', params: idParams, response: { 200: supervisionSchema } } },
    async (req) => inTransaction(req, async (tx, ctx) => getSupervision(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  await app.register(supervisionNoticeRoutes);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { createSupervisionBodySchema, supervisionCreatedSchema, supervisionSchema } from '../../../contract/supervision';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { createSupervision, getSupervision } from './service';
import { supervisionRegisterRoutes } from './register-routes';

const idParams = z.strictObject({ id: idSchema });

/** 督查督办 at /api/v1/supervision: 立项, one item, and the register (register-routes.ts). */
export async function supervisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

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
    '/supervision/:id',
    { schema: { tags: ['supervision'], summary: '督办事项', params: idParams, response: { 200: supervisionSchema } } },
    async (req) => inTransaction(req, async (tx, ctx) => getSupervision(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  await app.register(supervisionRegisterRoutes);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  cancelNumberBodySchema,
  createDocRegisterBodySchema,
  docRegisterListItemSchema,
  registerNumbersQuerySchema,
  registerNumbersSchema,
  reserveNumberBodySchema,
} from '../../../contract/doc-register';
import { requireActor } from '../http/context';
import { command } from '../http/request';
import { cancelNumber, createRegister, listRegisters, registerNumbers, reserveNumber } from './register';

const idParams = z.strictObject({ id: idSchema });

/** 文号登记簿: registers of each issuing unit, reservations, cancellations with reasons, the year's list with its gaps. */
export async function docRegisterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.zs;
  const db = database.db;

  r.get(
    '/doc-registers',
    {
      schema: {
        tags: ['numbering'],
        summary: '文号登记簿列表',
        response: { 200: z.object({ items: z.array(docRegisterListItemSchema) }) },
      },
    },
    async (req) => ({
      items: await listRegisters(db, requireActor(req), clock.now()),
    }),
  );

  r.post(
    '/doc-registers',
    {
      schema: {
        tags: ['numbering'],
        summary: '新建文号登记簿（系统管理员）',
        body: createDocRegisterBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({ id: await createRegister(tx, ctx, req.body) }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/doc-registers/:id/numbers',
    {
      schema: {
        tags: ['numbering'],
        summary: '登记簿中一年的文号（含作废及原因）',
        params: idParams,
        querystring: registerNumbersQuerySchema,
        response: { 200: registerNumbersSchema },
      },
    },
    async (req) => registerNumbers(db, requireActor(req), req.params.id, req.query.year, clock.now()),
  );

  r.post(
    '/doc-registers/:id/reservations',
    {
      schema: {
        tags: ['numbering'],
        summary: '预留文号',
        params: idParams,
        body: reserveNumberBodySchema,
        response: { 201: z.object({ id: z.string(), docNo: z.string(), seq: z.number() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        const n = await reserveNumber(tx, ctx, req.params.id, req.body);
        return { id: n.id, docNo: n.docNo, seq: n.seq };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/doc-numbers/:id/cancel',
    { schema: { tags: ['numbering'], summary: '作废文号（须写明原因）', params: idParams, body: cancelNumberBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => cancelNumber(tx, ctx, req.params.id, req.body.reason));
      return reply.status(204).send();
    },
  );
}

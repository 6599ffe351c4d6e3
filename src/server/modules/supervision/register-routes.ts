import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listSupervisionQuerySchema, supervisionFilterSchema, supervisionListSchema } from '../../../contract/supervision';
import { contextOf } from '../../platform/http/request';
import { exportSupervisionRegister, listSupervision } from './register';

/** 督办登记簿 at /api/v1/supervision: the register with its filters and counts, and its .xlsx export. */
export async function supervisionRegisterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.get(
    '/supervision',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办登记簿（可查看的事项，按来源、类别、承办单位、责任领导、灯号、状态、日期筛选，附各灯号件数）',
        querystring: listSupervisionQuerySchema,
        response: { 200: supervisionListSchema },
      },
    },
    async (req) => listSupervision(db, await contextOf(req), req.query),
  );

  // A static path: Fastify matches it before /supervision/:id, whatever the order of registration.
  r.get(
    '/supervision/export.xlsx',
    { schema: { tags: ['supervision'], summary: '导出督办登记簿（.xlsx，筛选同登记簿）', querystring: supervisionFilterSchema } },
    async (req, reply) => {
      const out = await exportSupervisionRegister(db, await contextOf(req), req.query);
      return reply
        .header('content-type', out.type)
        .header('content-disposition', out.disposition)
        .header('cache-control', 'private, no-store')
        .send(out.body);
    },
  );
}

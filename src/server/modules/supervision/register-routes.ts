import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  listSupervisionQuerySchema,
  supervisionFilterSchema,
  supervisionListSchema,
  supervisionSettingsSchema,
  updateSupervisionSettingsBodySchema,
} from '../../../contract/supervision';
import { contextOf, inTransaction } from '../../platform/http/request';
import { exportSupervisionRegister, listSupervision } from './register';
import { officeSettings, updateOfficeSettings } from './settings';

/** 督办登记簿 at /api/v1/supervision: the register with its filters and counts, its .xlsx export, the office's settings. */
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

  r.get(
    '/supervision/settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '本单位督查室设置（黄灯：距办理期限几个工作日内亮黄灯）',
        response: { 200: supervisionSettingsSchema },
      },
    },
    async (req) => officeSettings(db, await contextOf(req)),
  );

  r.put(
    '/supervision/settings',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改本单位督查室设置（本单位督查人员；留痕）',
        body: updateSupervisionSettingsBodySchema,
        response: { 200: supervisionSettingsSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => updateOfficeSettings(tx, ctx, req.body)),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metricsQuerySchema, metricsReportSchema } from '../../../contract/metrics';
import { hasRoleOver } from '../access/actor';
import { forbidden, notFound } from '../errors';
import { requireActor } from '../http/context';
import { chinaToday } from '../workbench/service';
import { computeMetrics } from './metrics';
import { moduleOf } from './registry';

const kindParams = z.strictObject({ kind: z.string().min(1).max(40) });

/** 效能: the figures every module declares, for the registrars and supervisors of the office measured. */
export async function metricsRoutes(app: FastifyInstance) {
  const { calendar } = app.zs;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.zs;
  r.get(
    '/metrics/:kind',
    {
      schema: {
        tags: ['metrics'],
        summary: '模块效能统计（按单位、期间）',
        params: kindParams,
        querystring: metricsQuerySchema,
        response: { 200: metricsReportSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const mod = moduleOf(req.params.kind);
      if (!mod) throw notFound('模块');
      const unitId = req.query.unitId ?? actor.unitId;
      if (!unitId || !(hasRoleOver(actor, 'registrar', unitId) || hasRoleOver(actor, 'supervisor', unitId))) {
        throw forbidden('只有该单位的文书（收发）或督查人员可以查看效能统计');
      }
      const today = chinaToday(clock.now());
      const from = req.query.from ?? `${today.slice(0, 4)}-01-01`;
      const to = req.query.to ?? today;
      return computeMetrics(database.db, await calendar.get(), mod, { unitId, from, to, today });
    },
  );
}

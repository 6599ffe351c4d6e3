import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  meetingKindParamsSchema,
  officeKindsQuerySchema,
  officeKindsSchema,
  setMeetingKindBodySchema,
} from '../../../contract/meetings-kinds';
import { command, inTransaction } from '../../platform/http/request';
import { listOfficeKinds, setOfficeKind } from './kind-settings';

/** 会议类型设置 at /meetings/kinds: an office's kinds of meeting as it holds them (kind-settings.ts). */
export async function kindRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Static paths: Fastify matches them before /meetings/:id.
  r.get(
    '/meetings/kinds',
    {
      schema: {
        tags: ['meetings'],
        summary: '本办公厅（室）的会议类型（时限、代会、法定人数、纪要系列与签发，及默认值）',
        querystring: officeKindsQuerySchema,
        response: { 200: officeKindsSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => listOfficeKinds(tx, ctx, req.query.officeUnitId)),
  );

  r.put(
    '/meetings/kinds/:kind',
    {
      schema: {
        tags: ['meetings'],
        summary: '设置一类会议（本办公厅（室）登记人员；留痕）',
        params: meetingKindParamsSchema,
        body: setMeetingKindBodySchema,
        response: { 200: officeKindsSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => setOfficeKind(tx, ctx, req.params.kind, req.body));
      return reply.status(out.status).send(out.body);
    },
  );
}

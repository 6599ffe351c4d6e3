import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supervisionFiguresSchema, supervisionPeriodSchema } from '../../../contract/supervision';
import { command, inTransaction } from '../../platform/http/request';
import { supervisionFigures } from './figures';
import { draftBulletin, draftUrgingLetter } from './bulletin';
import { readItem } from '../../platform/items/service';
import { idSchema } from '../../../contract/common';

/** 效能 of 督查督办 for a period, the 督查通报 drafted from it, and the 督办函 to a unit that is late. */
export async function supervisionFiguresRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/supervision/figures',
    {
      schema: {
        tags: ['supervision'],
        summary: '督查督办效能：立项、办结、办结率、按期办结率、延期、超期、退回重办率、平均销号用时（按单位、按来源）',
        querystring: supervisionPeriodSchema,
        response: { 200: supervisionFiguresSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => supervisionFigures(tx, ctx, req.query)),
  );
  r.post(
    '/supervision/bulletins',
    {
      schema: {
        tags: ['supervision'],
        summary: '起草督查通报：按期间统计生成发文草稿（拟稿环节）',
        body: supervisionPeriodSchema,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({ itemId: (await draftBulletin(tx, ctx, req.body)).itemId }));
      return reply.status(out.status).send(out.body);
    },
  );
  r.post(
    '/supervision/:id/urging-letter',
    {
      schema: {
        tags: ['supervision'],
        summary: '起草督办函：对超期或逾期未报进展的事项，生成致主办单位的函（发文草稿）',
        params: z.strictObject({ id: idSchema }),
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => draftUrgingLetter(tx, ctx, await readItem(tx, ctx, req.params.id)));
      return reply.status(out.status).send(out.body);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  checkInCodeSchema,
  checkInSheetSchema,
  qrCheckInBodySchema,
  qrCheckInResultSchema,
  staffCheckInBodySchema,
  undoCheckInBodySchema,
} from '../../../contract/meetings-checkin';
import { command, inTransaction } from '../../platform/http/request';
import { checkInCode, checkInSheet, qrCheckIn, recordCheckIn, undoCheckIn } from './checkin';

const idParams = z.strictObject({ id: idSchema });
const personParams = z.strictObject({ id: idSchema, personId: idSchema });
const done = z.object({ ok: z.literal(true) });

/** 签到 at /api/v1/meetings/:id/check-ins: the list and quorum, the staff's check-in and undo, the QR code and its scan. */
export async function checkInRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/meetings/:id/check-ins',
    {
      schema: {
        tags: ['meetings'],
        summary: '签到情况与法定人数（登记人员、会议工作人员、主持人、出席人员）',
        params: idParams,
        response: { 200: checkInSheetSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => checkInSheet(tx, ctx, req.params.id)),
  );

  r.post(
    '/meetings/:id/check-ins',
    {
      schema: {
        tags: ['meetings'],
        summary: '工作人员为参会人员签到',
        params: idParams,
        body: staffCheckInBodySchema,
        response: { 201: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        await recordCheckIn(tx, ctx, req.params.id, req.body.personId);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/check-ins/:personId/undo',
    {
      schema: {
        tags: ['meetings'],
        summary: '撤销误签到（须写明理由）',
        params: personParams,
        body: undoCheckInBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await undoCheckIn(tx, ctx, req.params.id, req.params.personId, req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/meetings/:id/check-in-code',
    {
      schema: {
        tags: ['meetings'],
        summary: '签到二维码（有效 2 分钟，每分钟刷新）',
        params: idParams,
        response: { 200: checkInCodeSchema },
      },
    },
    async (req, reply) => {
      // A fresh token each time: never from a cache.
      void reply.header('Cache-Control', 'no-store');
      return inTransaction(req, (tx, ctx) => checkInCode(tx, ctx, app.zs.tokens, req.params.id));
    },
  );

  r.post(
    '/meetings/:id/check-ins/qr',
    {
      schema: {
        tags: ['meetings'],
        summary: '扫码签到（参会人员本人）',
        params: idParams,
        body: qrCheckInBodySchema,
        response: { 200: qrCheckInResultSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => qrCheckIn(tx, ctx, app.zs.tokens, req.params.id, req.body.token));
      return reply.status(out.status).send(out.body);
    },
  );
}

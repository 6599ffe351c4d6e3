import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  acceptNoticeBodySchema,
  answerNoticeDeliveryBodySchema,
  decideLeaveBodySchema,
  noticeViewSchema,
  replyBodySchema,
  returnNoticeBodySchema,
  sendNoticeBodySchema,
} from '../../../contract/meetings-notice';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { acceptNotice, decideLeave, noticeView, recordReply, returnNotice, sendNotice } from './notice';
import { answerNoticeDelivery } from './notice-deliveries';

const idParams = z.strictObject({ id: idSchema });
const personParams = z.strictObject({ id: idSchema, personId: idSchema });
const receiptParams = z.strictObject({ id: idSchema, dispatchId: idSchema });
const done = z.object({ ok: z.literal(true) });

/** 会议通知 and 回执 at /api/v1/meetings/:id/notice (notice.ts). */
export async function noticeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/meetings/:id/notice',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议通知与回执（办公厅（室）和主持人见全部，单位登记人员见本单位，参会人员见本人）',
        params: idParams,
        response: { 200: noticeViewSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => noticeView(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meetings/:id/notice',
    {
      schema: {
        tags: ['meetings'],
        summary: '发出（或更新后重新发出）会议通知（办公厅（室）登记人员，议题确定后、会前）',
        params: idParams,
        body: sendNoticeBodySchema,
        response: { 200: z.object({ late: z.boolean(), units: z.number() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        sendNotice(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/notice/replies/:personId',
    {
      schema: {
        tags: ['meetings'],
        summary: '回执：出席、委托他人代会或请假（本人、所在单位登记人员，或办公厅（室）电话代录）',
        params: personParams,
        body: replyBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await recordReply(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.personId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/notice/replies/:personId/leave',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议主持人审批请假（不同意须说明理由）',
        params: personParams,
        body: decideLeaveBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await decideLeave(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.personId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/notice/receipts/:dispatchId/accept',
    {
      schema: {
        tags: ['meetings'],
        summary: '签收会议通知并报送本单位参会人员回执（单位登记人员）',
        params: receiptParams,
        body: acceptNoticeBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await acceptNotice(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.dispatchId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/notice/receipts/:dispatchId/return',
    {
      schema: {
        tags: ['meetings'],
        summary: '退回会议通知（单位登记人员，须说明理由）',
        params: receiptParams,
        body: returnNoticeBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await returnNotice(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.dispatchId, req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/notice/deliveries/:dispatchId/answer',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议通知催办、撤回或改派（办公厅（室）登记人员，会前）',
        params: receiptParams,
        body: answerNoticeDeliveryBodySchema,
        response: { 200: z.object({ reminded: z.number() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        answerNoticeDelivery(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.dispatchId, req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );
}

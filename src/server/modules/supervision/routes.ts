import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  answerReceiptBodySchema,
  assignSupervisionBodySchema,
  createSupervisionBodySchema,
  editSupervisionBodySchema,
  derivePreviewQuerySchema,
  derivePreviewSchema,
  returnReceiptBodySchema,
  reviewSupervisionBodySchema,
  supervisionCreatedSchema,
  supervisionDetailSchema,
  withdrawSupervisionBodySchema,
} from '../../../contract/supervision';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { createSupervision, getSupervision } from './service';
import { supervisionDetail } from './detail';
import { editSupervision } from './edit';
import { derivePreview } from './derive';
import {
  acceptSupervision,
  answerReceipt,
  assignSupervision,
  returnSupervision,
  reviewSupervision,
  withdrawSupervision,
} from './actions';
import { supervisionNoticeRoutes } from './notice-routes';
import { supervisionRegisterRoutes } from './register-routes';
import { supervisionFiguresRoutes } from './figures-routes';
import { supervisionViewRoutes } from './view-routes';

const idParams = z.strictObject({ id: idSchema });
const receiptParams = z.strictObject({ id: idSchema, dispatchId: idSchema });
const done = z.object({ ok: z.literal(true) });

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
    '/supervision/derive-preview',
    {
      schema: {
        tags: ['supervision'],
        summary: '转督办：由文件或其上的领导批示预填立项内容',
        querystring: derivePreviewQuerySchema,
        response: { 200: derivePreviewSchema },
      },
    },
    async (req) =>
      inTransaction(req, async (tx, ctx) =>
        derivePreview(tx, ctx.actor, await readItem(tx, ctx, req.query.from), req.query.opinionId),
      ),
  );

  r.get(
    '/supervision/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办事项（登记、流转、各单位签收情况）',
        params: idParams,
        response: { 200: supervisionDetailSchema },
      },
    },
    async (req) =>
      inTransaction(req, async (tx, ctx) => {
        const base = await readItem(tx, ctx, req.params.id);
        return supervisionDetail(tx, ctx, base, await getSupervision(tx, ctx, base));
      }),
  );

  r.post(
    '/supervision/:id/assign',
    {
      schema: {
        tags: ['supervision'],
        summary: '交办（督查室）：发送主办、协办单位签收',
        params: idParams,
        body: assignSupervisionBodySchema,
        response: { 200: z.object({ dueDate: z.string(), assistingDueDate: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        assignSupervision(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/supervision/:id/receipts/:dispatchId/accept',
    {
      schema: {
        tags: ['supervision'],
        summary: '签收（承办单位）：本单位的办理任务由签收人承担，可转办',
        params: receiptParams,
        response: { 200: z.object({ taskId: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => acceptSupervision(tx, ctx, req.params.id, req.params.dispatchId));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/supervision/:id/receipts/:dispatchId/return',
    {
      schema: {
        tags: ['supervision'],
        summary: '退办（承办单位）：写明理由退回督查室',
        params: receiptParams,
        body: returnReceiptBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await returnSupervision(tx, ctx, req.params.id, req.params.dispatchId, req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/supervision/:id/receipts/:dispatchId/answer',
    {
      schema: {
        tags: ['supervision'],
        summary: '督查室处理交办记录：重新交办、改派其他单位、撤销协办单位、催办签收',
        params: receiptParams,
        body: answerReceiptBodySchema,
        response: { 200: z.object({ reminded: z.number().optional() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        const res = await answerReceipt(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.dispatchId, req.body);
        return res ?? {};
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/supervision/:id/review',
    {
      schema: {
        tags: ['supervision'],
        summary: '审核（督查室）：销号，或退回重办',
        params: idParams,
        body: reviewSupervisionBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await reviewSupervision(tx, ctx, await readItem(tx, ctx, req.params.id), req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.patch(
    '/supervision/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '修改督办事项（督查室）：名称、来源说明、督办要求、责任领导、报告周期，写明理由',
        params: idParams,
        body: editSupervisionBodySchema,
        response: { 200: z.object({ changed: z.array(z.string()) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        editSupervision(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/supervision/:id/withdraw',
    {
      schema: {
        tags: ['supervision'],
        summary: '撤销督办（督查室）',
        params: idParams,
        body: withdrawSupervisionBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await withdrawSupervision(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  await app.register(supervisionNoticeRoutes);
  await app.register(supervisionRegisterRoutes);
  await app.register(supervisionFiguresRoutes);
  await app.register(supervisionViewRoutes);
}

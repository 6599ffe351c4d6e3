import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  copiesOutSchema,
  decisionBodySchema,
  decisionParamsSchema,
  meetingDecisionsSchema,
  meetingRecordSchema,
  minutesDraftedSchema,
  recordTopicBodySchema,
  recordTopicParamsSchema,
  supervisedSchema,
} from '../../../contract/meetings-minutes';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { addDecision, meetingDecisions, removeDecision, superviseDecisions, updateDecision } from './decisions';
import { draftMinutes } from './minutes';
import { copiesOutView, getRecord, writeRecord } from './record';

const idParams = z.strictObject({ id: idSchema });
const done = z.object({ ok: z.literal(true) });
const noBody = z.strictObject({});

/** 会议记录, 议定事项, 纪要 and 转督办 at /api/v1/meetings/:id/{record,decisions,minutes}. */
export async function minutesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/meetings/:id/record',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议记录（仅记录人员、会议主持人和秘书长可查看）',
        params: idParams,
        response: { 200: meetingRecordSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => getRecord(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.get(
    '/meetings/:id/record/copies-out',
    {
      schema: {
        tags: ['meetings'],
        summary: '已审议结束的议题尚未收回的涉密材料份号（记录人员：办公厅（室）登记人员和会议工作人员）',
        params: idParams,
        response: { 200: copiesOutSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => copiesOutView(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.put(
    '/meetings/:id/record/:topicItemId',
    {
      schema: {
        tags: ['meetings'],
        summary: '填写议题的会议记录和审议结果（会议开始后，纪要起草前）',
        params: recordTopicParamsSchema,
        body: recordTopicBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await writeRecord(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.topicItemId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/meetings/:id/decisions',
    {
      schema: {
        tags: ['meetings'],
        summary: '议定事项（各项督办事项的红黄绿灯）与纪要',
        params: idParams,
        response: { 200: meetingDecisionsSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => meetingDecisions(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meetings/:id/decisions',
    {
      schema: {
        tags: ['meetings'],
        summary: '增加议定事项',
        params: idParams,
        body: decisionBodySchema,
        response: { 201: z.object({ id: z.string(), seq: z.number() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        addDecision(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/decisions/:decisionId',
    {
      schema: {
        tags: ['meetings'],
        summary: '修改议定事项（纪要起草前）',
        params: decisionParamsSchema,
        body: decisionBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await updateDecision(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.decisionId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.delete(
    '/meetings/:id/decisions/:decisionId',
    {
      schema: {
        tags: ['meetings'],
        summary: '删除议定事项（纪要起草前）',
        params: decisionParamsSchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await removeDecision(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.decisionId);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/minutes',
    {
      schema: {
        tags: ['meetings'],
        summary: '起草会议纪要（发文，纪要格式；议定事项均须明确牵头单位和完成时限）',
        params: idParams,
        body: noBody,
        response: { 201: minutesDraftedSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => draftMinutes(tx, ctx, await readItem(tx, ctx, req.params.id)));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/decisions/:decisionId/supervise',
    {
      schema: {
        tags: ['meetings'],
        summary: '议定事项转督办（督查室）',
        params: decisionParamsSchema,
        body: noBody,
        response: { 201: supervisedSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        superviseDecisions(tx, ctx, await readItem(tx, ctx, req.params.id), [req.params.decisionId]),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/decisions/supervise',
    {
      schema: {
        tags: ['meetings'],
        summary: '全部未转办的议定事项转督办（督查室）',
        params: idParams,
        body: noBody,
        response: { 201: supervisedSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        superviseDecisions(tx, ctx, await readItem(tx, ctx, req.params.id), null),
      );
      return reply.status(out.status).send(out.body);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  amendTopicBodySchema,
  createTopicBodySchema,
  listTopicsQuerySchema,
  meetingKindInfoSchema,
  topicDetailSchema,
  topicListSchema,
  topicOfficesSchema,
  withdrawTopicBodySchema,
} from '../../../contract/meetings';
import { MEETING_KINDS } from './kinds';
import { command, contextOf, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { createTopic, getTopic, listTopics, topicOffices } from './service';
import { acceptTopic, topicDetail, withdrawTopic } from './topics';
import { amendTopic } from './topic-amend';

const idParams = z.strictObject({ id: idSchema });
const receiptParams = z.strictObject({ id: idSchema, dispatchId: idSchema });

/** 议题 at /api/v1/meeting-topics: 提报, one topic, 撤回. Its procedure is the kernel's task actions. */
export async function topicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.post(
    '/meeting-topics',
    {
      schema: {
        tags: ['meetings'],
        summary: '提报议题（起草单位拟稿，流转至单位审签）',
        body: createTopicBodySchema,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createTopic(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/meeting-topics',
    {
      schema: {
        tags: ['meetings'],
        summary: '议题（可查看的：本单位提报的，办公厅（室）的议题库），按阶段、会议类型、受理单位筛选',
        querystring: listTopicsQuerySchema,
        response: { 200: topicListSchema },
      },
    },
    async (req) => listTopics(db, await contextOf(req), req.query),
  );

  // Static paths: Fastify matches them before /meeting-topics/:id.
  r.get(
    '/meeting-topics/offices',
    { schema: { tags: ['meetings'], summary: '可受理议题的党委、政府办公厅（室）', response: { 200: topicOfficesSchema } } },
    async () => topicOffices(db),
  );

  r.get(
    '/meeting-topics/kinds',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议类型（组成、主持、法定人数、可否代会、各项时限、纪要编号）',
        response: { 200: z.object({ items: z.array(meetingKindInfoSchema) }) },
      },
    },
    async () => ({ items: Object.values(MEETING_KINDS) }),
  );

  r.get(
    '/meeting-topics/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '议题（提报表、流转与报送签收）',
        params: idParams,
        response: { 200: topicDetailSchema },
      },
    },
    async (req) =>
      inTransaction(req, async (tx, ctx) => {
        const base = await readItem(tx, ctx, req.params.id);
        return topicDetail(tx, ctx, base, await getTopic(tx, base));
      }),
  );

  r.post(
    '/meeting-topics/:id/receipts/:dispatchId/accept',
    {
      schema: {
        tags: ['meetings'],
        summary: '签收报送的议题（办公厅（室）登记人员，随后初审）',
        params: receiptParams,
        response: { 200: z.object({ taskId: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        acceptTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.dispatchId),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meeting-topics/:id/withdraw',
    {
      schema: {
        tags: ['meetings'],
        summary: '撤回议题（提报单位，议程确定前）',
        params: idParams,
        body: withdrawTopicBodySchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await withdrawTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meeting-topics/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '修改议题（起草人，拟稿时或被退回拟稿后；修改后重新报单位负责人审签）',
        params: idParams,
        body: amendTopicBodySchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await amendTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );
}

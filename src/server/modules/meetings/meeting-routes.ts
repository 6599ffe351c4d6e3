import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  addAgendaTopicBodySchema,
  agendaSlotBodySchema,
  cancelMeetingBodySchema,
  meetingPeopleBodySchema,
  rescheduleMeetingBodySchema,
  createMeetingBodySchema,
  decideAdditionBodySchema,
  meetingRoomBodySchema,
  meetingStatisticsQuerySchema,
  meetingStatisticsSchema,
  listMeetingsQuerySchema,
  meetingDetailSchema,
  meetingListSchema,
} from '../../../contract/meetings';
import { command, contextOf, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { changeMeetingRoom } from './meeting-room';
import { cancelMeeting, changeParticipants, rescheduleMeeting } from './plan-change';
import { setAgendaSlot } from './agenda-slot';
import { meetingStatistics } from './statistics';
import { addAgendaTopic, createMeeting, decideAddition, listMeetings, meetingDetail, removeAgendaTopic } from './meetings';

const idParams = z.strictObject({ id: idSchema });
const agendaParams = z.strictObject({ id: idSchema, agendaItemId: idSchema });
const done = z.object({ ok: z.literal(true) });

/** 会议 at /api/v1/meetings: the plan, one meeting, its agenda (before and after the chair fixes it). */
export async function meetingItemRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: '拟定会议方案（办公厅（室）登记人员）',
        body: createMeetingBodySchema,
        response: { 201: z.object({ itemId: z.string(), title: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createMeeting(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议（可查看的：即将召开的按时间先后，已召开的按时间倒序）',
        querystring: listMeetingsQuerySchema,
        response: { 200: meetingListSchema },
      },
    },
    async (req) => listMeetings(app.zs.database.db, await contextOf(req), req.query),
  );

  r.get(
    '/meetings/statistics',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议年度统计（会议数、研究议题、纪要、议定事项办结率与按期办结率，与上年比较）',
        querystring: meetingStatisticsQuerySchema,
        response: { 200: meetingStatisticsSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => meetingStatistics(tx, ctx, req.query.officeUnitId, req.query.year)),
  );

  r.get(
    '/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议（方案、议程、参会人员与流转）',
        params: idParams,
        response: { 200: meetingDetailSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => meetingDetail(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meetings/:id/agenda',
    {
      schema: {
        tags: ['meetings'],
        summary: '议题列入议程（议程确定后须经会议主持人同意）',
        params: idParams,
        body: addAgendaTopicBodySchema,
        response: { 201: z.object({ id: z.string(), state: z.enum(['planned', 'pending']) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        addAgendaTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.delete(
    '/meetings/:id/agenda/:agendaItemId',
    { schema: { tags: ['meetings'], summary: '议程删除议题（议程确定前）', params: agendaParams, response: { 200: done } } },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await removeAgendaTopic(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.agendaItemId);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/agenda/:agendaItemId/slot',
    {
      schema: {
        tags: ['meetings'],
        summary: '调整议题汇报时间（超出精文减会规定须说明理由）',
        params: agendaParams,
        body: agendaSlotBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await setAgendaSlot(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.agendaItemId, req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/agenda/:agendaItemId/decide',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议主持人审定议程确定后增加的议题',
        params: agendaParams,
        body: decideAdditionBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await decideAddition(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.agendaItemId, req.body.approve);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/room',
    {
      schema: {
        tags: ['meetings'],
        summary: '更换会议室（会议开始前；原预订随之取消）',
        params: idParams,
        body: meetingRoomBodySchema,
        response: { 200: z.object({ place: z.string(), bookingId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        changeMeetingRoom(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.roomId),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/cancel',
    {
      schema: {
        tags: ['meetings'],
        summary: '取消会议（会议开始前，须说明理由；会议室预订与未签收的通知随之撤销，议题退回议题库）',
        params: idParams,
        body: cancelMeetingBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await cancelMeeting(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/schedule',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议改期（会议开始前；会议室预订随之改期，已发通知的重新通知）',
        params: idParams,
        body: rescheduleMeetingBodySchema,
        response: { 200: z.object({ place: z.string(), bookingId: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        rescheduleMeeting(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.put(
    '/meetings/:id/people',
    {
      schema: {
        tags: ['meetings'],
        summary: '调整参会人员（出席、列席、工作人员；会议开始前）',
        params: idParams,
        body: meetingPeopleBodySchema,
        response: { 200: z.object({ added: z.number(), removed: z.number() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        changeParticipants(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );
}

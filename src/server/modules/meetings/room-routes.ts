import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  applyBookingBodySchema,
  bookingListSchema,
  bookingSchema,
  cancelBookingBodySchema,
  createRoomBodySchema,
  decideBookingBodySchema,
  listBookingsQuerySchema,
  listRoomsQuerySchema,
  roomListSchema,
  roomSchema,
  roomWeekQuerySchema,
  roomWeekSchema,
  updateRoomBodySchema,
} from '../../../contract/meetings';
import { command, contextOf } from '../../platform/http/request';
import { createRoom, listRooms, updateRoom } from './rooms';
import { applyBooking, cancelBooking, decideBooking, listBookings, roomWeek } from './room-bookings';

const idParams = z.strictObject({ id: idSchema });

/**
 * 会议室 at /api/v1/rooms: the rooms (everyone reads; an office's registrars add and edit its own), their week, and
 * bookings — applied for by anyone, decided by the room's manager or the office's registrars, cancelled by the applicant.
 */
export async function roomRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.get(
    '/rooms',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议室（按单位、容纳人数、设备、是否可用、是否涉密会议室筛选）',
        querystring: listRoomsQuerySchema,
        response: { 200: roomListSchema },
      },
    },
    async (req) => listRooms(db, await contextOf(req), req.query),
  );

  r.post(
    '/rooms',
    {
      schema: {
        tags: ['meetings'],
        summary: '添加会议室（本单位登记人员；留痕）',
        body: createRoomBodySchema,
        response: { 201: roomSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createRoom(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  // Static paths: Fastify matches them before /rooms/:id, whatever the order of registration.
  r.get(
    '/rooms/week',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议室一周安排（自 start 起七天，默认本周一；待审批和已同意的预订）',
        querystring: roomWeekQuerySchema,
        response: { 200: roomWeekSchema },
      },
    },
    async (req) => roomWeek(db, await contextOf(req), req.query),
  );

  r.get(
    '/rooms/bookings',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议室预订（pending：待我审批；mine：我的预订，今天起）',
        querystring: listBookingsQuerySchema,
        response: { 200: bookingListSchema },
      },
    },
    async (req) => listBookings(db, await contextOf(req), req.query.scope),
  );

  r.put(
    '/rooms/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: '修改会议室（所属单位登记人员；留痕）',
        params: idParams,
        body: updateRoomBodySchema,
        response: { 200: roomSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => updateRoom(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/rooms/:id/bookings',
    {
      schema: {
        tags: ['meetings'],
        summary: '申请会议室（时间、人数、设备、密级和冲突由服务器检查）',
        params: idParams,
        body: applyBookingBodySchema,
        response: { 201: bookingSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => applyBooking(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/rooms/bookings/:id/decide',
    {
      schema: {
        tags: ['meetings'],
        summary: '审批会议室预订（会议室管理员或所属单位登记人员；不同意须说明理由）',
        params: idParams,
        body: decideBookingBodySchema,
        response: { 200: bookingSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => decideBooking(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/rooms/bookings/:id/cancel',
    {
      schema: {
        tags: ['meetings'],
        summary: '取消会议室预订（申请人或会议室管理员）',
        params: idParams,
        body: cancelBookingBodySchema,
        response: { 200: bookingSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => cancelBooking(tx, ctx, req.params.id, req.body.reason));
      return reply.status(out.status).send(out.body);
    },
  );
}

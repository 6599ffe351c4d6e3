import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  supervisionBoardQuerySchema,
  supervisionBoardSchema,
  supervisionCalendarQuerySchema,
  supervisionCalendarSchema,
  supervisionLeaderSchema,
} from '../../../contract/supervision-views';
import { contextOf, inTransaction } from '../../platform/http/request';
import { supervisionBoard } from './board';
import { supervisionCalendar } from './deadlines';
import { supervisionLeaderPage } from './leader';

/**
 * 督查督办's views beside the register (issue 16 §6): a unit's board, a leader's page, the calendar of deadlines.
 * Static paths: Fastify matches them before /supervision/:id, whatever the order of registration.
 */
export async function supervisionViewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.get(
    '/supervision/board',
    {
      schema: {
        tags: ['supervision'],
        summary: '单位督办看板（待签收、在办、逾期、近 90 日已办结；默认本岗位所在单位，督查人员可看所督查的单位）',
        querystring: supervisionBoardQuerySchema,
        response: { 200: supervisionBoardSchema },
      },
    },
    async (req) => supervisionBoard(db, await contextOf(req), req.query.unitId),
  );

  r.get(
    '/supervision/leader',
    {
      schema: {
        tags: ['supervision'],
        summary: '领导督办页（本人批示或担任责任领导的事项、灯号、最新进展、办结呈阅）',
        response: { 200: supervisionLeaderSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => supervisionLeaderPage(tx, ctx)),
  );

  r.get(
    '/supervision/calendar',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办期限日历（某月到期的在办事项，按日；当月休息日）',
        querystring: supervisionCalendarQuerySchema,
        response: { 200: supervisionCalendarSchema },
      },
    },
    async (req) => supervisionCalendar(db, await contextOf(req), req.query.month),
  );
}

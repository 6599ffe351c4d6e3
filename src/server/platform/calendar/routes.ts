import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  betweenQuerySchema,
  calendarCoverageSchema,
  calendarYearSummarySchema,
  countResultSchema,
  dateResultSchema,
  dueDateQuerySchema,
} from '../../../contract/calendar';
import { requireActor } from '../http/context';
import { command } from '../http/request';
import { authorizeSystem } from '../access/policy';
import { invalid } from '../errors';
import { calendarYearImportSchema } from './import-format';
import { importYear, listYears, yearDetail } from './service';
import { nextYearNotice } from './calendar';
import { chinaToday } from '../workbench/service';

export async function calendarRoutes(app: FastifyInstance) {
  const { calendar } = app.zs;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.zs;
  const db = database.db;

  r.get(
    '/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: '已载入的年度日历',
        response: { 200: z.object({ items: z.array(calendarYearSummarySchema) }) },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'calendar.read');
      return { items: await listYears(db) };
    },
  );

  r.get(
    '/calendar/coverage',
    {
      schema: {
        tags: ['calendar'],
        summary: '日历覆盖到哪一年；自 11 月 1 日起下一年未载入时提示',
        response: { 200: calendarCoverageSchema },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'calendar.read');
      const loadedYears = (await calendar.get()).loadedYears();
      const today = chinaToday(clock.now());
      return { today, loadedYears, nextYearMissing: nextYearNotice(loadedYears, today) };
    },
  );

  r.get(
    '/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '某年的放假与调休上班日',
        params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'calendar.read');
      return yearDetail(db, req.params.year);
    },
  );

  r.post(
    '/calendar/years',
    { schema: { tags: ['calendar'], summary: '导入或更新一年的日历（系统管理员）', body: calendarYearImportSchema } },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => importYear(tx, ctx.actor, req.body, ctx.audit, ctx.now));
      calendar.invalidate();
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/calendar/due-date',
    {
      schema: {
        tags: ['calendar'],
        summary: '按工作日或自然日计算期限',
        querystring: dueDateQuerySchema,
        response: { 200: dateResultSchema },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'calendar.read');
      const q = req.query;
      return (await calendar.get()).dueDate(q.from, q.days, q.unit, q.extendIfOff);
    },
  );

  r.get(
    '/calendar/workdays',
    {
      schema: {
        tags: ['calendar'],
        summary: '两日之间的工作日数（不含起日，含止日）',
        querystring: betweenQuerySchema,
        response: { 200: countResultSchema },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'calendar.read');
      const cal = await calendar.get();
      const { from, to } = req.query;
      if (Math.abs(Date.parse(to) - Date.parse(from)) > 3660 * 86_400_000) throw invalid('区间不能超过 10 年');
      const r2 = cal.workdaysBetween(from, to);
      return { ...r2, calendarDays: cal.calendarDaysBetween(from, to) };
    },
  );
}

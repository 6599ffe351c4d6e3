import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { sessionListSchema } from '../../../contract/auth';
import { invalid } from '../errors';
import { requireActor } from '../http/context';
import { command } from '../http/request';
import { endOwnSession, endSessionsOf, listSessions } from './sessions';

/** 我的登录: the person's sessions, ending one (another browser); the security administrator signs someone out everywhere. */
export async function sessionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, config } = app.zs;
  const db = database.db;
  const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };

  r.get(
    '/me/sessions',
    { schema: { tags: ['auth'], summary: '本人的登录会话', response: { 200: sessionListSchema } } },
    async (req) => {
      const actor = requireActor(req);
      if (actor.via !== 'session') throw invalid('API 令牌没有登录会话');
      return { items: await listSessions(db, actor.personId, req.sessionId, policy, clock.now()), max: config.maxSessions };
    },
  );

  r.post(
    '/me/sessions/:id/end',
    {
      schema: {
        tags: ['auth'],
        summary: '结束本人的一个登录会话（如另一台电脑）',
        params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, '会话标识格式不正确') }),
      },
    },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => endOwnSession(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.post(
    '/admin/people/:id/sessions/end',
    {
      schema: {
        tags: ['admin'],
        summary: '结束某人的全部登录会话（安全保密管理员）',
        params: z.strictObject({ id: idSchema }),
        response: { 200: z.object({ ended: z.number() }) },
      },
    },
    async (req) => ({
      ended: (await command(req, 200, async (tx, ctx) => endSessionsOf(tx, ctx.actor, req.params.id, ctx.audit, ctx.now))).body,
    }),
  );
}

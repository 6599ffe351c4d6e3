import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  changePasswordBodySchema,
  meSchema,
  signInBodySchema,
  signInResultSchema,
  switchCapacityBodySchema,
} from '../../../contract/auth';
import { errorBodySchema } from '../../../contract/common';
import { DomainError } from '../errors';
import { inTransaction } from '../http/request';
import { auditContext, requireActor } from '../http/context';
import { CSRF_COOKIE, SESSION_COOKIE } from '../http/authenticate';
import type { Actor } from '../access/actor';
import type { Queryable } from '../db/client';
import { postsOf } from '../../org/service';
import { session } from './schema';
import { eq } from 'drizzle-orm';
import { changePassword, endSession, signIn, switchCapacity } from './service';
import { tokenRoutes } from './token-routes';
import { sessionRoutes } from './session-routes';
import { loadActor } from './actor-loader';
import { DEVICE_TTL_MS } from './device';

/** Marks a browser the account signed in from before: its sign-ins are not stopped by a lock others caused. */
const DEVICE_COOKIE = 'zs_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth';

async function buildMe(
  db: Queryable,
  actor: Actor,
  csrfToken: string | null,
  app: FastifyInstance,
): Promise<z.output<typeof meSchema>> {
  const posts = await postsOf(db, [actor.personId]);
  return {
    personId: actor.personId,
    name: actor.name,
    username: actor.username,
    clearance: actor.clearance,
    adminRole: actor.adminRole,
    roles: actor.roles.map((r) => ({ role: r.role, unitIds: [...r.unitIds] })),
    mustChangePassword: actor.mustChangePassword,
    currentPostId: actor.postId,
    posts: posts.map(({ personId: _p, inChargeOf: _i, ...p }) => p),
    csrfToken,
    demo: app.zs.config.demo,
    classificationCeiling: app.zs.config.classificationCeiling,
  };
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config, clock } = app.zs;
  const db = database.db;

  // Secure whenever the site is served over HTTPS — directly, or behind a configured proxy that says so.
  const secure = (req: FastifyRequest) => config.cookieSecure || req.protocol === 'https';
  const setCookies = (req: FastifyRequest, reply: FastifyReply, token: string, csrf: string) => {
    const base = { path: '/', sameSite: 'strict' as const, secure: secure(req) };
    reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    // Readable by the web app, which echoes it in the X-CSRF-Token header.
    reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
  };
  // Known only to the sign-in route (its path), never readable by scripts; it outlives sessions and sign-outs.
  const setDeviceCookie = (req: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(DEVICE_COOKIE, token, {
      path: DEVICE_COOKIE_PATH,
      sameSite: 'strict',
      secure: secure(req),
      httpOnly: true,
      maxAge: DEVICE_TTL_MS / 1000,
    });
  const clearCookies = (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  };

  r.post(
    '/auth/sign-in',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: signInBodySchema,
        response: {
          200: signInResultSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          423: errorBodySchema,
          429: errorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const now = clock.now();
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id) };
      const result = await signIn(
        db,
        req.body,
        { ...meta, deviceToken: req.cookies[DEVICE_COOKIE] ?? null, maxSessions: config.maxSessions },
        now,
      );
      if (result instanceof DomainError) {
        const wait = (result.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (wait) reply.header('retry-after', String(wait));
        throw result;
      }
      setCookies(req, reply, result.token, result.csrfToken);
      setDeviceCookie(req, reply, result.deviceToken);
      const actor = await loadActor(db, result.personId, result.postId, 'session');
      return { csrfToken: result.csrfToken, me: await buildMe(db, actor!, result.csrfToken, app) };
    },
  );

  r.post(
    '/auth/sign-out',
    { config: { public: true, allowDuringPasswordChange: true }, schema: { tags: ['auth'], summary: '退出登录' } },
    async (req, reply) => {
      if (req.sessionId) {
        const sid = req.sessionId;
        await db.transaction((tx) => endSession(tx, sid, auditContext(req), clock.now()));
      }
      clearCookies(reply);
      return reply.status(204).send();
    },
  );

  r.post(
    '/auth/password',
    {
      config: { allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: '修改本人密码', body: changePasswordBodySchema },
    },
    async (req, reply) => {
      await changePassword(db, requireActor(req), req.body, req.sessionId, auditContext(req), clock.now());
      return reply.status(204).send();
    },
  );

  r.get(
    '/me',
    {
      config: { allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户、职务与权限', response: { 200: meSchema, 401: errorBodySchema } },
    },
    async (req) => {
      let csrf: string | null = null;
      if (req.sessionId) {
        const [s] = await db.select({ c: session.csrfToken }).from(session).where(eq(session.id, req.sessionId));
        csrf = s?.c ?? null;
      }
      return buildMe(db, requireActor(req), csrf, app);
    },
  );

  r.put(
    '/me/capacity',
    { schema: { tags: ['auth'], summary: '切换当前身份（职务）', body: switchCapacityBodySchema, response: { 200: meSchema } } },
    async (req) => {
      const actor = requireActor(req);
      if (!req.sessionId) throw new DomainError('VALIDATION_FAILED', 'API 令牌的身份在创建时确定，不能切换');
      const sid = req.sessionId;
      await inTransaction(req, (tx, ctx) => switchCapacity(tx, ctx.actor, sid, req.body.postId, ctx.audit, ctx.now));
      const next = await loadActor(db, actor.personId, req.body.postId, 'session');
      return buildMe(db, next!, null, app);
    },
  );

  await app.register(tokenRoutes);
  await app.register(sessionRoutes);
}

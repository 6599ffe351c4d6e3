import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adminTokenQuerySchema,
  apiTokenSchema,
  createdFeedSchema,
  createdTokenSchema,
  feedLinkSchema,
  createTokenBodySchema,
  tokenOwnerSchema,
} from '../../../contract/auth';
import { errorBodySchema, idSchema, pageOf } from '../../../contract/common';
import { conflict } from '../errors';
import { requireActor } from '../http/context';
import { command } from '../http/request';
import { createFeedToken, feedTokenOf, revokeFeedToken } from './feeds';
import { createApiToken, listAllTokens, listOwnTokens, revokeAnyToken, revokeOwnToken } from './tokens';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const asJson = <T extends { createdAt: Date; expiresAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }>(t: T) => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});
const idParams = z.strictObject({ id: idSchema });

/** API tokens: each person's own (created, listed, revoked), and everyone's for the security administrator. */
export async function tokenRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.zs;
  const db = database.db;

  const ownList = { tags: ['auth'], summary: '本人的 API 令牌', response: { 200: z.object({ items: z.array(apiTokenSchema) }) } };
  r.get('/me/tokens', { schema: ownList }, async (req) => {
    const rows = await listOwnTokens(db, requireActor(req).personId);
    return { items: rows.map(asJson) };
  });

  r.post(
    '/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: '创建 API 令牌（须有有效期与权限范围；令牌只显示这一次；管理员不能创建）',
        body: createTokenBodySchema,
        response: { 201: createdTokenSchema, 403: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req, reply) => {
      const out = await command(
        req,
        201,
        async (tx, ctx) => {
          const t = await createApiToken(tx, ctx.actor, req.body, ctx.audit, ctx.now);
          return { ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt.toISOString() };
        },
        {
          // The token itself is never stored, so a repeat cannot be answered with it.
          withoutSecret: ({ token: _secret, ...kept }) => kept,
          onReplay: (kept) =>
            conflict('该令牌已按此 Idempotency-Key 创建，令牌只在创建时显示一次；如未保存，请吊销后重新创建', {
              id: (kept as { id?: string }).id,
            }),
        },
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.delete(
    '/me/tokens/:id',
    { schema: { tags: ['auth'], summary: '吊销本人的 API 令牌', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => revokeOwnToken(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  // 日历订阅 (auth/feeds.ts): the person's own, made and stopped signed in; no API token reaches these (token-scope).
  r.get(
    '/me/feed',
    { schema: { tags: ['auth'], summary: '本人的日历订阅（是否已生成、最近使用时间）', response: { 200: feedLinkSchema } } },
    async (req) => {
      const row = await feedTokenOf(db, requireActor(req).personId);
      return row && { createdAt: row.createdAt.toISOString(), lastUsedAt: iso(row.lastUsedAt) };
    },
  );

  r.post(
    '/me/feed',
    {
      schema: {
        tags: ['auth'],
        summary: '生成日历订阅地址（原地址随即失效；密钥只显示这一次）',
        response: { 201: createdFeedSchema, 403: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (req, reply) => {
      const out = await command(
        req,
        201,
        async (tx, ctx) => {
          const f = await createFeedToken(tx, ctx.actor, ctx.audit, ctx.now);
          return { token: f.token, createdAt: f.createdAt.toISOString() };
        },
        {
          withoutSecret: ({ token: _secret, ...kept }) => kept,
          onReplay: () => conflict('已按此 Idempotency-Key 生成订阅地址，密钥只显示一次；如未保存，请重新生成'),
        },
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.delete('/me/feed', { schema: { tags: ['auth'], summary: '停用日历订阅地址' } }, async (req, reply) => {
    await command(req, 204, (tx, ctx) => revokeFeedToken(tx, ctx.actor, ctx.audit, ctx.now));
    return reply.status(204).send();
  });

  r.get(
    '/admin/api-tokens',
    {
      schema: {
        tags: ['admin'],
        summary: '全部 API 令牌（安全保密管理员）',
        querystring: adminTokenQuerySchema,
        response: { 200: pageOf(tokenOwnerSchema) },
      },
    },
    async (req) => {
      const found = await listAllTokens(db, requireActor(req), req.query, clock.now());
      return { items: found.items.map(asJson), nextCursor: found.nextCursor };
    },
  );

  const revokeAny = { tags: ['admin'], summary: '吊销任一 API 令牌（安全保密管理员）', params: idParams };
  r.delete('/admin/api-tokens/:id', { schema: revokeAny }, async (req, reply) => {
    await command(req, 204, (tx, ctx) => revokeAnyToken(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
    return reply.status(204).send();
  });
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, pageOf } from '../../../contract/common';
import { requireActor } from '../http/context';
import { CURSORS, decodeCursor, page } from '../http/pagination';
import { authorizeSystem } from '../access/policy';
import { event } from './schema';
import { verifyChain } from './service';

const eventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorPersonId: z.string().nullable(),
  actorPostId: z.string().nullable(),
  onBehalfOfPersonId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  unitId: z.string().nullable(),
  summary: z.unknown(),
  hash: z.string(),
});

const searchQuery = z.strictObject({
  actorPersonId: idSchema.optional(),
  action: z.string().max(80).optional(),
  targetType: z.string().max(40).optional(),
  targetId: z.string().max(80).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** The security auditor's view of the log; nobody else reads it (三员分立). */
export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  r.get('/audit/events', { schema: { tags: ['audit'], summary: '检索留痕（安全审计员）', querystring: searchQuery, response: { 200: pageOf(eventSchema) } } }, async (req) => {
    authorizeSystem(requireActor(req), 'audit.read');
    const q = req.query;
    const after = decodeCursor(q.cursor, CURSORS.serial);
    const conds: (SQL | undefined)[] = [
      q.actorPersonId ? eq(event.actorPersonId, q.actorPersonId) : undefined,
      q.action ? eq(event.action, q.action) : undefined,
      q.targetType ? eq(event.targetType, q.targetType) : undefined,
      q.targetId ? eq(event.targetId, q.targetId) : undefined,
      q.from ? gte(event.at, new Date(q.from)) : undefined,
      q.to ? lte(event.at, new Date(q.to)) : undefined,
      after ? lt(event.id, after[1]) : undefined,
    ];
    const rows = await db.select().from(event).where(and(...conds)).orderBy(desc(event.id)).limit(q.limit + 1);
    const items = rows.map(({ prevHash: _p, ...e }) => ({ ...e, at: e.at.toISOString() }));
    return page(items, q.limit, (e) => [0, e.id]);
  });

  r.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验留痕哈希链（安全审计员）',
        response: { 200: z.object({ ok: z.boolean(), checked: z.number(), firstBroken: z.object({ id: z.number(), reason: z.enum(['hash', 'link']) }).optional() }) },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'audit.verify');
      return verifyChain(db);
    },
  );
}

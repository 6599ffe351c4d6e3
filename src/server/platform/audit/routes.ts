import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema, pageOf } from '../../../contract/common';
import {
  auditCheckStatusSchema,
  auditEventSchema,
  auditSealSchema,
  chainVerificationSchema,
  verifyBodySchema,
} from '../../../contract/audit';
import { auditContext, requireActor } from '../http/context';
import { CURSORS, decodeCursor, page } from '../http/pagination';
import { authorizeSystem } from '../access/policy';
import { event } from './schema';
import { checkSeal, exportSeal, verifyLog } from './seal';
import { latestCheck } from './check';
import { nameChains, nameEvents } from './names';

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

  r.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: '检索留痕（安全审计员）',
        querystring: searchQuery,
        response: { 200: pageOf(auditEventSchema) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorizeSystem(actor, 'audit.read');
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
      const rows = await db
        .select()
        .from(event)
        .where(and(...conds))
        .orderBy(desc(event.id))
        .limit(q.limit + 1);
      const items = rows.map(({ prevHash: _p, keyed: _k, chain: _c, chainSeq: _s, placed: _pl, ...e }) => ({
        ...e,
        at: e.at.toISOString(),
      }));
      // Who and what by name, not by UUID — within the auditor's own clearance, as every list.
      return page(await nameEvents(db, actor, items), q.limit, (e) => [0, e.id]);
    },
  );

  r.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验各全宗的留痕哈希链，指出每条链第一处断裂；可附上封存文件以发现截断（安全审计员）',
        body: verifyBodySchema,
        response: { 200: chainVerificationSchema },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'audit.verify');
      const seal = req.body?.seal;
      // The seal's signature first: a forged or foreign file is refused before the log is read.
      const sealed = seal ? await checkSeal(db, seal) : undefined;
      const r = await verifyLog(db);
      const result = { ok: r.ok, checked: r.checked, chains: r.chains.length, breaks: await nameChains(db, r.breaks) };
      if (!sealed) return result;
      return { ...result, ok: r.ok && sealed.ok, seal: { ...sealed, problems: await nameChains(db, sealed.problems) } };
    },
  );

  r.post(
    '/audit/seals',
    {
      schema: {
        tags: ['audit'],
        summary: '封存各链链头：导出签名的链头文件由审计员保存于系统之外（安全审计员）',
        response: { 200: auditSealSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorizeSystem(actor, 'audit.verify');
      const seal = await exportSeal(db, actor.personId, auditContext(req), app.zs.clock.now());
      const name = `zhongshu-audit-seal-${seal.sealedAt.slice(0, 19).replace(/[-:]/g, '')}.json`;
      return reply.header('content-disposition', `attachment; filename="${name}"`).send(seal);
    },
  );

  r.get(
    '/audit/checks/latest',
    { schema: { tags: ['audit'], summary: '最近一次定时校验的结果（安全审计员）', response: { 200: auditCheckStatusSchema } } },
    async (req) => {
      authorizeSystem(requireActor(req), 'audit.read');
      return { everyMinutes: app.zs.config.jobPollMs > 0 ? app.zs.config.audit.verifyMinutes : 0, last: await latestCheck(db) };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable, Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { auditContext, requireActor } from '../http/context';
import { commonPhrase } from './schema';

import { allModules } from '../modules/registry';

/**
 * Offered until a person saves their own: the phrases offices commonly use [P], for the kinds of opinion the kernel's
 * steps write. A module adds the phrases of its own kinds in its declaration (`phrases`).
 */
const KERNEL_PHRASES: Record<string, string[]> = {
  instruction: ['同意。', '同意拟办意见。', '请抓紧办理，按时报送。', '请阅研。', '请按职责办理。'],
  proposal: ['建议呈领导阅示。', '建议由有关科室按职责办理。', '建议传阅。'],
  opinion: ['同意。', '已阅。', '请审核。'],
  comment: ['已阅。', '请抓好落实。'],
  reply: ['已按要求办理完毕。', '已函复来文单位。'],
  summary: ['已按领导批示办理完毕。', '已答复来文单位，办结。'],
  return: ['请补充材料后再报。'],
};

/** The default phrases of a kind of opinion: the kernel's, else those of the module that declares the kind. */
function defaultPhrases(kind: string): string[] {
  return KERNEL_PHRASES[kind] ?? allModules().find((m) => m.phrases?.[kind])?.phrases?.[kind] ?? [];
}

const kindSchema = z.string().trim().min(1).max(30);
const phrasesSchema = z.strictObject({
  kind: kindSchema,
  items: z.array(z.string().trim().min(1, '常用语不能为空').max(200, '常用语不能超过 200 字')).max(50, '常用语最多 50 条'),
});

async function phrasesOf(db: Queryable, personId: string, kind: string) {
  const rows = await db
    .select({ text: commonPhrase.text })
    .from(commonPhrase)
    .where(and(eq(commonPhrase.personId, personId), eq(commonPhrase.kind, kind)))
    .orderBy(asc(commonPhrase.position));
  return rows.length ? { custom: true, items: rows.map((r) => r.text) } : { custom: false, items: defaultPhrases(kind) };
}

async function savePhrases(tx: Tx, personId: string, kind: string, items: string[], audit: AuditContext, now: Date) {
  await tx.delete(commonPhrase).where(and(eq(commonPhrase.personId, personId), eq(commonPhrase.kind, kind)));
  if (items.length) await tx.insert(commonPhrase).values(items.map((text, position) => ({ personId, kind, position, text })));
  await recordEvent(tx, audit, now, {
    action: 'phrases.save',
    targetType: 'person',
    targetId: personId,
    summary: { kind, count: items.length },
  });
}

export async function phraseRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.zs;
  r.get(
    '/me/phrases',
    { schema: { tags: ['flow'], summary: '本人的常用语', querystring: z.strictObject({ kind: kindSchema }) } },
    async (req) => phrasesOf(database.db, requireActor(req).personId, req.query.kind),
  );
  r.put('/me/phrases', { schema: { tags: ['flow'], summary: '保存本人的常用语', body: phrasesSchema } }, async (req) => {
    const actor = requireActor(req);
    await database.db.transaction((tx) =>
      savePhrases(tx, actor.personId, req.body.kind, req.body.items, auditContext(req), clock.now()),
    );
    return phrasesOf(database.db, actor.personId, req.body.kind);
  });
}

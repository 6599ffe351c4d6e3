import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { idSchema } from '../../../contract/common';
import {
  correctRegistrationBodySchema,
  duplicateQuerySchema,
  incomingDetailSchema,
  incomingListSchema,
  incomingRegisterFilterSchema,
  listIncomingQuerySchema,
  registerIncomingBodySchema,
  registerResultSchema,
  voidIncomingBodySchema,
} from '../../../contract/incoming';
import { normaliseDocNo } from '../../../contract/official-document';
import { requireActor } from '../../platform/http/context';
import { command, contextOf, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { invalid, unavailable } from '../../platform/errors';
import { FontMissingError, resolveFonts } from '../../platform/pdf/fonts';
import { unit } from '../../org/schema';
import { renderProcessingSheet } from './sheet';
import { parseInWorker } from './import/sandbox';
import { importResultSchema } from '../../../contract/incoming-import';
import { assertRegistrar, findDuplicates, getIncoming, registerIncoming } from './service';
import { correctRegistration, voidIncoming } from './registration';
import { exportIncomingRegister, incomingRegister } from './register';

const idParams = z.strictObject({ id: idSchema });
/** A received 公文 to read for pre-filling: generous for a .docx with embedded images, small for a server. */
const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

export async function incomingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.zs;
  const db = database.db;

  r.post(
    '/incoming',
    {
      schema: {
        tags: ['incoming'],
        summary: '签收登记收文',
        body: registerIncomingBodySchema,
        response: { 201: registerResultSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => registerIncoming(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/incoming',
    {
      schema: {
        tags: ['incoming'],
        summary: '收文登记簿（筛选、排序、分页）',
        querystring: listIncomingQuerySchema,
        response: { 200: incomingListSchema },
      },
    },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return incomingRegister(db, await contextOf(req), filter, { limit, cursor });
    },
  );

  // 导出 and 打印 of the register with the filters on screen: rows the reader may read, recorded in the audit log.
  for (const format of ['xlsx', 'pdf'] as const) {
    r.get(
      `/incoming/register.${format}`,
      {
        schema: {
          tags: ['incoming'],
          summary: format === 'xlsx' ? '导出收文登记簿（.xlsx）' : '打印收文登记簿（PDF）',
          querystring: incomingRegisterFilterSchema,
        },
      },
      async (req, reply) => {
        const env = { ...(await contextOf(req)), fontSettings: config.fonts };
        const out = await exportIncomingRegister(db, env, req.query, format);
        return reply
          .header('content-type', out.type)
          .header('content-disposition', out.disposition)
          .header('cache-control', 'private, no-store')
          .send(out.body);
      },
    );
  }

  r.get(
    '/incoming/duplicates',
    { schema: { tags: ['incoming'], summary: '同一来文单位、同一发文字号是否已登记', querystring: duplicateQuerySchema } },
    async (req) => {
      const actor = requireActor(req);
      assertRegistrar(actor);
      const n = normaliseDocNo(req.query.docNo);
      const items = n.ok ? await findDuplicates(db, actor, actor.unitId!, req.query.senderName, n.value!) : [];
      return { docNo: n.value, notes: n.notes, items: items.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })) };
    },
  );

  r.get(
    '/incoming/:id',
    {
      schema: {
        tags: ['incoming'],
        summary: '收文详情（含办理过程）',
        params: idParams,
        response: { 200: incomingDetailSchema },
      },
    },
    async (req) => {
      return inTransaction(req, async (tx, ctx) => getIncoming(tx, ctx, await readItem(tx, ctx, req.params.id)));
    },
  );

  // 更正登记: until the document is routed; each correction is kept with the values it replaced.
  r.put(
    '/incoming/:id/registration',
    {
      schema: {
        tags: ['incoming'],
        summary: '更正登记（分送办理前）',
        params: idParams,
        body: correctRegistrationBodySchema,
        response: {
          200: z.object({
            no: z.number().nullable(),
            changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
          }),
        },
      },
    },
    async (req) => {
      // A retried request (same Idempotency-Key) gets the first answer, not a conflict with its own correction.
      const out = await command(req, 200, async (tx, ctx) =>
        correctRegistration(tx, ctx, await readItem(tx, ctx, req.params.id), req.body),
      );
      return out.body;
    },
  );

  // 作废: the 收文号 stays in the register with the reason; the document leaves handling.
  r.post(
    '/incoming/:id/void',
    { schema: { tags: ['incoming'], summary: '作废收文号（须写明原因）', params: idParams, body: voidIncomingBodySchema } },
    async (req, reply) => {
      await command(req, 204, async (tx, ctx) => {
        await voidIncoming(tx, ctx, await readItem(tx, ctx, req.params.id), req.body.reason);
      });
      return reply.status(204).send();
    },
  );

  // 导入: the registrar drops the received file; its text pre-fills the form. Nothing is stored here
  // (the file itself is uploaded with the registration), so there is nothing to audit.
  await app.register(async (raw) => {
    raw.removeContentTypeParser(['text/plain']);
    raw.addContentTypeParser(
      [
        'text/plain',
        'application/octet-stream',
        'application/msword',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    raw.withTypeProvider<ZodTypeProvider>().post(
      '/incoming/import',
      {
        schema: {
          tags: ['incoming'],
          summary: '识别来文（.txt / .docx），预填登记项',
          description: '请求体为文件本身；文件名放在 X-File-Name 头（URL 编码）。',
          headers: z.object({ 'x-file-name': z.string().min(1, '请在 X-File-Name 头中给出文件名').max(600) }),
          response: { 200: importResultSchema },
        },
      },
      async (req) => {
        assertRegistrar(requireActor(req));
        let name: string;
        try {
          name = decodeURIComponent(req.headers['x-file-name']);
        } catch {
          throw invalid('X-File-Name 头不是合法的 URL 编码');
        }
        const body = req.body as Buffer | undefined;
        if (!body?.length) throw invalid('文件是空的');
        return parseInWorker(
          new Uint8Array(body.buffer, body.byteOffset, body.length),
          name.split(/[\\/]/).pop()!,
          req.headers['content-type'],
          config.importTimeoutMs,
        );
      },
    );
  });

  // 文件处理单 as a PDF: whoever may read the document may print its sheet.
  r.get(
    '/incoming/:id/sheet.pdf',
    { schema: { tags: ['incoming'], summary: '文件处理单（PDF）', params: idParams } },
    async (req, reply) => {
      const ctx = await contextOf(req);
      const detail = await inTransaction(req, async (tx) => getIncoming(tx, ctx, await readItem(tx, ctx, req.params.id)));
      let fonts;
      try {
        fonts = resolveFonts(config.fonts);
      } catch (e) {
        if (e instanceof FontMissingError) throw unavailable(e.message);
        throw e;
      }
      const [owner] = await db.select({ name: unit.name }).from(unit).where(eq(unit.id, detail.item.owningUnitId));
      const pdf = await renderProcessingSheet({
        detail,
        unitName: owner?.name ?? '',
        printedBy: ctx.actor.name,
        printedAt: ctx.now,
        fonts,
      });
      const name = `文件处理单-${detail.document.registryNo ?? detail.item.id}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="sheet.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
}

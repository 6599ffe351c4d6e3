import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { inTransaction } from '../../platform/http/request';
import { readIssuedCopy, readItem } from '../../platform/items/service';
import { contentDisposition } from '../../platform/files/names';
import { createHash } from 'node:crypto';
import type { Draft } from '../../../contract/outgoing-draft';
import type { Config } from '../../config';
import { conversions } from '../../platform/pdf/cache';
import { convertToPdf } from '../../platform/pdf/office';
import { renderDocx } from './render/docx';
import { fontsForPdf } from '../../platform/pdf/docx-fonts';
import { placeColophon } from './render/placement';
import { draftForOutput } from './service';
import { issuedForOutput } from './issued';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const params = z.strictObject({ id: idSchema });
/** Without a version: the current one, i.e. the 清稿 (clean copy) of the document as it stands. */
const query = z.strictObject({ version: z.coerce.number().int().min(1).max(100_000).optional() });

const fileName = (docNo: string | null, title: string, version: number, ext: string) =>
  `${docNo ? `${docNo} ` : ''}${title}（第${version}稿）.${ext}`;

const issuedName = (docNo: string | null, title: string, ext: string) => `${docNo ? `${docNo} ` : ''}${title}.${ext}`;

// The .docx names the standard's faces (or the configured families): the office that opens it has them. Only the
// PDF, made on this server, is written with what is installed here (fontsForPdf picks the stand-ins). Both place
// the 版记 where a layout with this server's fonts puts the end of the 主体 (placement.ts).

async function docxOf(draft: Draft, config: Config): Promise<Uint8Array> {
  const colophon = await placeColophon(draft, fontsForPdf(config.docFonts), config.office);
  return renderDocx(draft, { fonts: config.docFonts, colophon });
}

/** The PDF, converted once per distinct .docx (the same text in the same fonts gives the same bytes). */
async function pdfOf(draft: Draft, config: Config): Promise<Uint8Array> {
  const fonts = fontsForPdf(config.docFonts);
  const docx = renderDocx(draft, { ...fonts, colophon: await placeColophon(draft, fonts, config.office) });
  const key = `docx:${createHash('sha256').update(docx).digest('hex')}`;
  return conversions.get(key, () => convertToPdf(docx, config.office));
}

/** The document laid out per GB/T 9704: .docx always, PDF through LibreOffice where it is installed. */
export async function outputRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config } = app.zs;

  r.get(
    '/outgoing/:id/document.docx',
    { schema: { tags: ['outgoing'], summary: '文稿（GB/T 9704 版式 .docx；不带 version 即清稿）', params, querystring: query } },
    async (req, reply) => {
      const out = await inTransaction(req, async (tx, ctx) =>
        draftForOutput(tx, ctx, await readItem(tx, ctx, req.params.id), req.query.version),
      );
      const bytes = await docxOf(out.draft, config);
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', contentDisposition(fileName(out.docNo, out.title, out.version, 'docx')))
        .send(Buffer.from(bytes));
    },
  );

  // The receivers' copy: the issued text only, whatever version a query names.
  r.get(
    '/outgoing/:id/issued/document.docx',
    { schema: { tags: ['outgoing'], summary: '核发的文件（.docx）', params } },
    async (req, reply) => {
      const out = await inTransaction(req, async (tx, ctx) =>
        issuedForOutput(tx, ctx, await readIssuedCopy(tx, ctx, req.params.id)),
      );
      const bytes = await docxOf(out.draft, config);
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', contentDisposition(issuedName(out.docNo, out.title, 'docx')))
        .send(Buffer.from(bytes));
    },
  );

  r.get(
    '/outgoing/:id/issued/document.pdf',
    { schema: { tags: ['outgoing'], summary: '核发的文件（PDF，需安装 LibreOffice）', params } },
    async (req, reply) => {
      const out = await inTransaction(req, async (tx, ctx) =>
        issuedForOutput(tx, ctx, await readIssuedCopy(tx, ctx, req.params.id)),
      );
      const pdf = await pdfOf(out.draft, config);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(issuedName(out.docNo, out.title, 'pdf'), 'inline'))
        .send(Buffer.from(pdf));
    },
  );

  r.get(
    '/outgoing/:id/document.pdf',
    { schema: { tags: ['outgoing'], summary: '文稿 PDF（需安装 LibreOffice）', params, querystring: query } },
    async (req, reply) => {
      const out = await inTransaction(req, async (tx, ctx) =>
        draftForOutput(tx, ctx, await readItem(tx, ctx, req.params.id), req.query.version),
      );
      const pdf = await pdfOf(out.draft, config);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName(out.docNo, out.title, out.version, 'pdf'), 'inline'))
        .send(Buffer.from(pdf));
    },
  );
}

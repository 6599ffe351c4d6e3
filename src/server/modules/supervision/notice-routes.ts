import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { contentDisposition } from '../../platform/files/names';
import { inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { noticeForOutput, noticePdf, renderNotice } from './notice';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const params = z.strictObject({ id: idSchema });
const query = z.strictObject({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }).default('docx') });

/** 督办通知单 at /api/v1/supervision/:id/notice: .docx always, PDF where LibreOffice is installed. */
export async function supervisionNoticeRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config } = app.zs;

  r.get(
    '/supervision/:id/notice',
    {
      schema: {
        tags: ['supervision'],
        summary: '督办通知单（一事一单；format=docx，或 pdf（需安装 LibreOffice））',
        params,
        querystring: query,
      },
    },
    async (req, reply) => {
      const { format } = req.query;
      const slip = await inTransaction(req, async (tx, ctx) =>
        noticeForOutput(tx, ctx, await readItem(tx, ctx, req.params.id), format),
      );
      const name = `${slip.registryNo} 督办通知单.${format}`;
      if (format === 'pdf') {
        const pdf = await noticePdf(slip, config);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', contentDisposition(name, 'inline'))
          .send(Buffer.from(pdf));
      }
      // The .docx names the standard's faces (or the configured ones): the office that opens it has them.
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', contentDisposition(name))
        .send(Buffer.from(renderNotice(slip, { fonts: config.docFonts })));
    },
  );
}

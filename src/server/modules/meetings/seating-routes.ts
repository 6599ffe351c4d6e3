import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { seatingBodySchema, seatingLayoutBodySchema, seatingLayoutSchema, type SeatingBody } from '../../../contract/meetings';
import { recordEvent } from '../../platform/audit/service';
import { unavailable } from '../../platform/errors';
import { contentDisposition } from '../../platform/files/names';
import { inTransaction } from '../../platform/http/request';
import { FontMissingError, resolveFonts } from '../../platform/pdf/fonts';
import { rostrum } from './seating';
import { renderSeatingChart, renderTableCards, seatingChart, seatingPdf, tableCardsPdf } from './seating-print';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOCS = {
  chart: { name: '座次图', action: 'meetings.seating.chart.export', summary: '座次图（主席台，台下视角）' },
  cards: { name: '桌签', action: 'meetings.seating.cards.export', summary: '桌签（每人一页，对折两面可读）' },
} as const;
type Doc = keyof typeof DOCS;
type Format = 'pdf' | 'docx';

/**
 * 座次 at /api/v1/meetings/seating/{chart,cards}.{pdf,docx}: names in protocol order in, a seating chart or table
 * cards out, for anyone signed in (no item is read: the names are the caller's). Each export is audited.
 */
export async function seatingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config } = app.zs;

  const render = async (doc: Doc, format: Format, body: SeatingBody): Promise<Uint8Array> => {
    if (doc === 'chart') {
      const chart = seatingChart(body);
      return format === 'pdf'
        ? seatingPdf((f) => renderSeatingChart(chart, f), config)
        : renderSeatingChart(chart, { fonts: config.docFonts });
    }
    if (format === 'docx') return renderTableCards(body.names, { title: body.title, fonts: config.docFonts });
    try {
      return await tableCardsPdf(body.names, { title: body.title, font: resolveFonts(config.fonts).sans });
    } catch (e) {
      if (e instanceof FontMissingError) throw unavailable(e.message);
      throw e;
    }
  };

  // Nothing leaves the system here (no file): the page's live preview, by the same rule as the printed chart.
  r.post(
    '/meetings/seating/layout',
    {
      schema: {
        tags: ['meetings'],
        summary: '座次排列（台下视角，从左到右；第一排在前）',
        body: seatingLayoutBodySchema,
        response: { 200: seatingLayoutSchema },
      },
    },
    async (req) => ({ rows: rostrum(req.body.names, req.body.rule, req.body.rowSize ?? req.body.names.length) }),
  );

  for (const doc of Object.keys(DOCS) as Doc[])
    for (const format of ['pdf', 'docx'] as const)
      r.post(
        `/meetings/seating/${doc}.${format}`,
        {
          schema: {
            tags: ['meetings'],
            summary: `${DOCS[doc].summary}，${format === 'pdf' ? 'PDF' : 'Word'}`,
            body: seatingBodySchema,
          },
        },
        async (req, reply) => {
          // Rendered first: an export that fails (no LibreOffice, no fonts) is not recorded as made.
          const bytes = await render(doc, format, req.body);
          await inTransaction(req, (tx, ctx) =>
            recordEvent(tx, ctx.audit, ctx.now, {
              action: DOCS[doc].action,
              targetType: 'seating',
              unitId: ctx.actor.unitId,
              summary: { title: req.body.title, people: req.body.names.length, rule: req.body.rule, format },
            }),
          );
          const name = `${req.body.title} ${DOCS[doc].name}.${format}`;
          return reply
            .header('content-type', format === 'pdf' ? 'application/pdf' : DOCX)
            .header('content-disposition', contentDisposition(name, format === 'pdf' ? 'inline' : undefined))
            .send(Buffer.from(bytes));
        },
      );
}

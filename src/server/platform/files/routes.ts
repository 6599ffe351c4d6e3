import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { errorBodySchema, idSchema } from '../../../contract/common';
import {
  attachFileBodySchema,
  downloadQuerySchema,
  fileLimitsSchema,
  filePreviewSchema,
  fileSchema,
  itemFileSchema,
  listItemFilesQuerySchema,
  uploadQuerySchema,
} from '../../../contract/files';
import { command, contextOf, inTransaction } from '../http/request';
import { DomainError } from '../errors';
import { contentDisposition, decodeFileNameHeader } from './names';
import { previewOf, previewPage } from './preview';
import { attachFile, getFile, listItemFiles, openFileForRead, removeAttachment, uploadFile } from './service';
import { VerifyingStream, type BlobStore } from './store';
import { FILE_TYPES } from './types';

const fileParams = z.strictObject({ id: idSchema });
const attachmentParams = z.strictObject({ id: idSchema, attachmentId: idSchema });
const pageParams = z.strictObject({
  id: idSchema,
  page: z.coerce.number({ error: '页码应为正整数' }).int('页码应为正整数').min(1, '页码应为正整数').max(10_000, '页码过大'),
});
const DOWNLOAD_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'x-content-sm3',
  'cache-control',
  'accept-ranges',
];

/**
 * The error handler of a download route: a failure after the file's headers were set (content missing, fixity check
 * failed before the first byte) must answer as a JSON error, not as a download named like the file.
 */
export function downloadErrorHandler(error: Error, _req: FastifyRequest, reply: FastifyReply) {
  for (const h of DOWNLOAD_HEADERS) {
    reply.removeHeader(h);
    if (!reply.raw.headersSent) reply.raw.removeHeader(h);
  }
  throw error;
}

/**
 * Answers a GET or HEAD with a stored file's content (ETag and X-Content-SM3 its SM3, checked on the way out when the
 * deployment says so). The caller authorised the read and recorded it, in a transaction already ended: the kernel's
 * download route, or a module's own for the files it guards (`openGuardedFile`), with `errorHandler: downloadErrorHandler`.
 */
export async function sendFileContent(
  req: FastifyRequest,
  reply: FastifyReply,
  f: { contentType: string; name: string; sm3: string; size: number },
  disposition: 'inline' | 'attachment',
) {
  const { files: store, config } = req.server.zs;
  reply
    .header('content-type', f.contentType)
    .header('content-disposition', contentDisposition(f.name, disposition))
    .header('etag', `"${f.sm3}"`)
    .header('x-content-sm3', f.sm3)
    .header('cache-control', 'private, no-cache')
    .header('accept-ranges', 'none');
  if (req.headers['if-none-match'] === `"${f.sm3}"`) return reply.status(304).send();
  reply.header('content-length', String(f.size));
  if (req.method === 'HEAD') return reply.send();
  const stream = await store.open(f.sm3);
  if (!stream) throw new DomainError('INTERNAL', '文件内容在存储中缺失，请联系管理员核查（zhongshu files verify）');
  return reply.send(config.files.verifyOnRead ? stream.pipe(new VerifyingStream(f.sm3, f.size)) : stream);
}

/** Files: upload as a raw body, download as a stream, and the files of an item. */
export function fileRoutes(store: BlobStore) {
  return async function routes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const { database, config } = app.zs;
    const db = database.db;

    // The upload route alone takes any content type and gets the body as a stream, unread; JSON routes
    // elsewhere keep their parsers and body limit.
    await app.register(async (raw) => {
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      raw.withTypeProvider<ZodTypeProvider>().post(
        '/files',
        {
          schema: {
            tags: ['files'],
            summary: '上传文件',
            description:
              '请求体为文件本身（流式接收，不整体读入内存）；文件名放在 X-File-Name 头（URL 编码）。按扩展名与文件头双重校验类型，超过大小上限返回 413。',
            headers: z.object({
              'x-file-name': z
                .string({ error: '请在 X-File-Name 头中给出文件名（URL 编码）' })
                .min(1, '请在 X-File-Name 头中给出文件名（URL 编码）')
                .max(2000),
            }),
            querystring: uploadQuerySchema,
            response: { 201: fileSchema, 413: errorBodySchema, 415: errorBodySchema },
          },
        },
        async (req, reply) => {
          const length = req.headers['content-length'];
          const body = (req.body as Readable | undefined) ?? req.raw;
          try {
            const out = await uploadFile(
              db,
              store,
              config.files,
              await contextOf(req),
              {
                name: decodeFileNameHeader(req.headers['x-file-name']),
                classification: req.query.classification,
                declaredSize: length === undefined ? null : Number(length),
              },
              body,
            );
            return reply.status(201).send(out);
          } catch (e) {
            // Refused before the body was read to its end: close the connection rather than read the rest.
            if (!req.raw.readableEnded) reply.header('connection', 'close');
            throw e;
          }
        },
      );
    });

    r.get(
      '/files/limits',
      { schema: { tags: ['files'], summary: '可上传的文件类型与大小上限', response: { 200: fileLimitsSchema } } },
      async () => ({
        maxBytes: config.files.maxBytes,
        types: FILE_TYPES.map(({ ext, mime, label }) => ({ ext, mime, label })),
      }),
    );

    r.get(
      '/files/:id',
      {
        schema: { tags: ['files'], summary: '文件信息', params: fileParams, response: { 200: fileSchema, 404: errorBodySchema } },
      },
      async (req) => inTransaction(req, (tx, ctx) => getFile(tx, ctx, req.params.id)),
    );

    r.route({
      method: ['GET', 'HEAD'],
      url: '/files/:id/content',
      schema: {
        tags: ['files'],
        summary: '下载文件',
        description: 'HEAD 只返回头部。ETag 与 X-Content-SM3 为内容的 SM3。',
        params: fileParams,
        querystring: downloadQuerySchema,
      },
      errorHandler: downloadErrorHandler,
      handler: async (req, reply) => {
        const head = req.method === 'HEAD';
        // Authorised and recorded first, in a transaction that ends before any byte is sent.
        const f = await inTransaction(req, (tx, ctx) => openFileForRead(tx, ctx, req.params.id, { record: !head }));
        return sendFileContent(req, reply, f, req.query.disposition);
      },
    });

    // Previews are read like downloads: the same rule (issued copies included), the same audit of a classified
    // read — recorded once, when the preview is opened, not for every page image it then loads.
    r.get(
      '/files/:id/preview',
      {
        schema: {
          tags: ['files'],
          summary: '在线预览：分页图片、图片本身，或不能预览的原因',
          params: fileParams,
          response: { 200: filePreviewSchema, 404: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (req) => {
        const f = await inTransaction(req, (tx, ctx) => openFileForRead(tx, ctx, req.params.id, { record: true }));
        return previewOf(store, config, f);
      },
    );

    r.get(
      '/files/:id/preview/:page',
      { schema: { tags: ['files'], summary: '在线预览的一页（PNG）', params: pageParams } },
      async (req, reply) => {
        const f = await inTransaction(req, (tx, ctx) => openFileForRead(tx, ctx, req.params.id, { record: false }));
        const etag = `"${f.sm3}-${req.params.page}"`;
        reply.header('cache-control', 'private, no-cache').header('etag', etag);
        if (req.headers['if-none-match'] === etag) return reply.status(304).send();
        const png = await previewPage(store, config, f, req.params.page);
        return reply
          .header('content-type', 'image/png')
          .header('content-disposition', contentDisposition(`${f.name}-${req.params.page}.png`, 'inline'))
          .send(Buffer.from(png));
      },
    );

    r.get(
      '/items/:id/files',
      {
        schema: {
          tags: ['files'],
          summary: '事项的文件',
          params: fileParams,
          querystring: listItemFilesQuerySchema,
          response: { 200: z.object({ items: z.array(itemFileSchema) }), 404: errorBodySchema },
        },
      },
      async (req) => ({
        items: await inTransaction(req, (tx, ctx) => listItemFiles(tx, ctx, req.params.id, req.query.includeRemoved)),
      }),
    );

    r.post(
      '/items/:id/files',
      {
        schema: {
          tags: ['files'],
          summary: '把已上传的文件放入事项（正文、附件等）',
          params: fileParams,
          body: attachFileBodySchema,
          response: { 201: itemFileSchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (req, reply) => {
        const out = await command(req, 201, (tx, ctx) => attachFile(tx, ctx, req.params.id, req.body));
        return reply.status(out.status).send(out.body);
      },
    );

    r.delete(
      '/items/:id/files/:attachmentId',
      { schema: { tags: ['files'], summary: '从事项中移除文件（留痕，不删除文件）', params: attachmentParams } },
      async (req, reply) => {
        await command(req, 204, (tx, ctx) => removeAttachment(tx, ctx, req.params.id, req.params.attachmentId));
        return reply.status(204).send();
      },
    );
  };
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../errors';
import { isAuditedRefusal, recordRefusal } from './refusals';

interface Issue {
  path: string;
  message: string;
}

function send(reply: FastifyReply, err: DomainError) {
  return reply.status(err.status).send({
    error: {
      code: err.code,
      message: err.message,
      ...(err.details !== undefined ? { details: err.details } : {}),
      requestId: String(reply.request.id),
    },
  });
}

/** PostgreSQL errors a user can cause (duplicates, races) become 409s, not 500s. */
function fromDatabase(e: unknown): DomainError | null {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (code === '23505') return new DomainError('CONFLICT', '数据与已有记录重复，请刷新后重试');
    if (code === '40001' || code === '40P01') return new DomainError('CONFLICT', '数据已被他人同时修改，请刷新后重试');
    if (code === '23503') return new DomainError('VALIDATION_FAILED', '引用的记录不存在');
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): an undecodable path, a path
 * parameter past its length limit. Answered in the product's shape and language like every other error.
 */
export function frameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  // The router answers before the hooks that add it run.
  reply.header('x-request-id', String(req.id));
  // Fastify calls this for its side effect and ignores what it returns; the reply it sends is not awaited here.
  void send(reply, frameworkRefusal(error));
}

function frameworkRefusal(error: FastifyError): DomainError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new DomainError('URI_TOO_LONG', '请求地址中的参数过长');
  if (error.code === 'FST_ERR_BAD_URL') return new DomainError('VALIDATION_FAILED', '请求地址无效：含有无法解码的字符');
  return new DomainError('VALIDATION_FAILED', '请求无效');
}

/** For GETs outside the API: what the web app serves instead of a JSON 404 (see http/web.ts). */
export type WebFallback = (url: string, method: string) => { file: 'index.html' } | { html: string } | null;

export function registerErrorHandling(app: FastifyInstance, web: WebFallback = () => null): void {
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof DomainError) {
      // Recorded beside the answer, not before it: a refusal hidden as 404 must not answer slower than a missing id.
      if (isAuditedRefusal(error)) void recordRefusal(req, error);
      return send(reply, error);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues: Issue[] = error.validation.map((v) => ({
        path: [
          error.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: v.message ?? '取值无效',
      }));
      const head = issues
        .slice(0, 3)
        .map((i) => `${i.path}：${i.message}`)
        .join('；');
      return send(reply, new DomainError('VALIDATION_FAILED', `请求参数有误：${head}`, issues));
    }
    const code = error.code ?? '';
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return send(
        reply,
        new DomainError('PAYLOAD_TOO_LARGE', `请求内容过大（上限 ${Math.round(app.initialConfig.bodyLimit! / 1024)} KB）`),
      );
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) {
      return send(reply, new DomainError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json'));
    }
    if (code.startsWith('FST_ERR_CTP') || error instanceof SyntaxError || (error.statusCode === 400 && !code)) {
      return send(reply, new DomainError('MALFORMED_JSON', '请求内容不是有效的 JSON'));
    }
    const db = fromDatabase(error);
    if (db) return send(reply, db);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, new DomainError('VALIDATION_FAILED', '请求无效'));
    }
    req.log.error({ err: error }, 'unhandled error');
    return send(reply, new DomainError('INTERNAL', '服务器内部错误，请稍后重试；如持续出现请联系管理员并提供请求编号'));
  });

  app.setNotFoundHandler((req, reply) => {
    const page = web(req.url, req.method);
    if (page && 'file' in page) return reply.header('cache-control', 'no-cache').sendFile(page.file);
    if (page) return reply.type('text/html; charset=utf-8').send(page.html);
    // The path is the client's own text: echoed back short.
    const path = req.url.split('?')[0]!;
    return send(
      reply,
      new DomainError('NOT_FOUND', `接口不存在：${req.method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`),
    );
  });
}

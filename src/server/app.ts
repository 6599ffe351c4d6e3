import { keepTablesMaintained } from './platform/db/maintenance';
import { keepAuditChainVerified } from './platform/audit/check';
import { ensureKeyedChain } from './platform/audit/service';
import { logProtection } from './platform/db/roles';
import { metricsRoutes } from './platform/modules/routes';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from './config';
import type { Database } from './platform/db/client';
import { systemClock, type Clock } from './platform/clock';
import { frameworkError, registerErrorHandling } from './platform/http/errors';
import { registerTextGuard } from './platform/http/text-guard';
import { serializeError } from './platform/http/log-safety';
import { registerWeb } from './platform/http/web';
import { registerAuthentication } from './platform/http/authenticate';
import { CalendarService } from './platform/calendar/service';
import { authRoutes } from './platform/auth/routes';
import { auditRoutes } from './platform/audit/routes';
import { itemRoutes } from './platform/items/routes';
import { calendarRoutes } from './platform/calendar/routes';
import { orgRoutes } from './org/routes';
import { docRegisterRoutes } from './platform/numbering/routes';
import { NotifyHub } from './platform/notify/hub';
import { JobRunner } from './platform/jobs/runner';
import { workbenchRoutes } from './platform/workbench/routes';
import { flowRoutes } from './platform/flow/routes';
import { phraseRoutes } from './platform/flow/phrases';
import { SERVER_MODULES } from './modules';
import { installModules, type ModuleDef } from './platform/modules/registry';
import { fileRoutes } from './platform/files/routes';
import { createBlobStore, type BlobStore } from './platform/files/store';
import { tokenSigner } from './platform/auth/signed-token';
import { loadDataKeys } from './platform/encryption/keys';

// Validation messages in Chinese, from zod's own zh-CN locale.
z.config(z.locales.zhCN());

export interface BuildOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  /** false in tests that do not want log output */
  logger?: boolean;
  /** Where log lines go instead of stdout (tests that read the log). */
  logStream?: { write(line: string): void };
  /** Where the built web app is; dist/web by default. */
  webRoot?: string;
  /** Where file content lives; by default the store the configuration names (local directory or S3). */
  blobStore?: BlobStore;
  /** The office modules to install; this build's list (modules/index.ts) by default. */
  modules?: ModuleDef[];
}

// Fastify's type insists on a message and a stack; a database error has neither in the log, by design.
const logError = (e: unknown) => ({ message: '', stack: '', ...serializeError(e) });

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const REQUEST_ID = /^[\w\-.]{8,64}$/;

// Never log credentials or content: cookies, tokens, passwords and bodies stay out of the log.
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/**
 * The access log: one line per request, written when it is answered (Fastify writes two): who asked for
 * which path and how it ended. The query string stays out of it (search words can quote what a classified
 * document says), as do headers and bodies. Fastify's other lines (errors, 404s) are its own.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const client = req.headers['x-request-id'];
    const line = {
      method: req.method,
      path: req.url.split('?', 1)[0],
      route: req.routeOptions.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      personId: req.actor?.personId,
      ip: req.ip,
      ...(typeof client === 'string' && REQUEST_ID.test(client) ? { clientRequestId: client } : {}),
    };
    if (error || reply.statusCode >= 500) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { database, config } = opts;
  // The modules' flows, rules and hooks, before anything can act on an item.
  const modules = opts.modules ?? SERVER_MODULES;
  installModules(modules);
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: { paths: REDACT, censor: '[已隐去]' },
            serializers: { err: logError },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    bodyLimit: config.bodyLimit,
    // Forwarded headers only from the configured proxies: anyone else could claim any address for the audit log.
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    logController: new AccessLog(),
    frameworkErrors: frameworkError,
    // Our own id, always: a client's X-Request-Id is only logged beside it (it could repeat another request's).
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
  });
  const clock = opts.clock ?? systemClock;
  const calendar = new CalendarService(database.db);
  const jobEnv = { calendar: () => calendar.get(), ceiling: config.classificationCeiling };
  const jobs = new JobRunner(database.db, clock, config.jobPollMs, jobEnv, app.log);
  // The data key seals stored files and keys the short-lived signed tokens (QR codes: signed-token.ts).
  const dataKeys = opts.blobStore?.keys ?? loadDataKeys(config).keys;
  const blobs = opts.blobStore ?? createBlobStore(config.files, dataKeys);
  app.decorate('zs', { database, config, clock, jobs, calendar, tokens: tokenSigner(dataKeys), files: blobs });
  if (config.jobPollMs > 0) app.addHook('onReady', async () => jobs.start());
  app.addHook('preClose', async () => jobs.stop());
  // Background work of a running server (the same switch as the job runner: off in tests that drive time).
  let stopMaintenance = () => {};
  if (config.jobPollMs > 0) app.addHook('onReady', async () => void (stopMaintenance = keepTablesMaintained(database, app.log)));
  app.addHook('preClose', async () => stopMaintenance());
  // The audit chain: keyed from the first start after the upgrade on, checked on a schedule, and a warning
  // when the application's PostgreSQL role could drop the append-only trigger (README: deploying on PostgreSQL).
  app.addHook('onReady', async () => void (await ensureKeyedChain(database.db, clock.now())));
  if (database.engine === 'postgres') {
    app.addHook('onReady', async () => {
      const p = await logProtection(database);
      if (p.ownsLog || p.superuser)
        app.log.warn(
          { role: p.role },
          'the application role owns the audit log or is a superuser: it could drop the append-only trigger',
        );
    });
  }
  let stopAuditCheck = () => {};
  if (config.jobPollMs > 0)
    app.addHook(
      'onReady',
      async () => void (stopAuditCheck = keepAuditChainVerified(database.db, app.log, config.audit.verifyMinutes, clock)),
    );
  app.addHook('preClose', async () => stopAuditCheck());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
    reply.header('x-content-type-options', 'nosniff');
    // Never framed (clickjacking); the web app's pages load only their own scripts. antd writes its styles
    // into <style> tags, hence 'unsafe-inline' for styles alone. The API document (/api/docs) sets its own below.
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) reply.header('content-security-policy', CSP);
  });

  registerErrorHandling(app, await registerWeb(app, opts.webRoot));
  registerTextGuard(app);
  await app.register(cookie);
  registerAuthentication(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '中枢 Zhongshu API',
        version: '1',
        description: '党政机关办公厅（室）业务平台接口。除 /api/health 外均需登录或 API 令牌。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zs_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The API document sets a CSP of its own (swagger-ui needs an inline style and script of its own making), never framed.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: true,
    transformStaticCSP: (header: string) => `${header}; frame-ancestors 'none'`,
  });

  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    await database.db.execute(sql`select 1`);
    return reply.send({ status: 'ok' });
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const hub = new NotifyHub(database, app.log);
  await hub.start();
  app.addHook('onClose', async () => hub.close());
  await app.register(
    async (v1) => {
      await v1.register(authRoutes);
      await v1.register(orgRoutes);
      await v1.register(auditRoutes);
      await v1.register(itemRoutes);
      await v1.register(fileRoutes(blobs));
      await v1.register(calendarRoutes);
      await v1.register(workbenchRoutes(hub));
      await v1.register(flowRoutes);
      await v1.register(phraseRoutes);
      for (const m of modules) if (m.routes) await v1.register(m.routes);
      await v1.register(docRegisterRoutes);
      await v1.register(metricsRoutes);
    },
    { prefix: '/api/v1' },
  );
  return app;
}

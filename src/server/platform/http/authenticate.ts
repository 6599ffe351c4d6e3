import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import { resolveSession } from '../auth/service';
import { resolveApiToken } from '../auth/tokens';
import { resolveFeedToken } from '../auth/feeds';
import { authorizeTokenRequest } from '../auth/token-scope';

export const SESSION_COOKIE = 'zs_session';
export const CSRF_COOKIE = 'zs_csrf';
const CSRF_HEADER = 'x-csrf-token';
/** Sent by the web app on requests it makes by itself (see src/web/api/client.ts markBackground). */
const BACKGROUND_HEADER = 'x-zs-background';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (!m) throw new DomainError('UNAUTHENTICATED', 'Authorization 头格式应为 “Bearer 令牌”');
  return m[1]!;
}

/**
 * What the browser does on its own — the live-update stream and the refetches it triggers (marked by the web app's
 * client) — does not count as the person being active, so an unattended page still times out.
 */
const passive = (req: FastifyRequest) =>
  SAFE_METHODS.has(req.method) &&
  (req.headers[BACKGROUND_HEADER] === '1' || req.routeOptions.url === '/api/v1/notifications/stream');

/**
 * Every /api/v1 request is authenticated here, before its handler: by API token (integrations) or by
 * session cookie (people). Cookie-authenticated writes must echo the session's CSRF token in a header.
 */
export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);

  // onRequest: before the body is read or validated, so an anonymous caller learns nothing about inputs.
  app.addHook('onRequest', async (req) => {
    // Only the API needs a caller; health, the API document and (later) the web app are public.
    if (!req.routeOptions.url?.startsWith('/api/v1')) return;
    const cfg = req.routeOptions.config;
    const { database, config, clock } = app.zs;
    const now = clock.now();
    const token = bearer(req);
    const feed = cfg.feed && SAFE_METHODS.has(req.method) ? (req.query as { token?: unknown }).token : undefined;
    if (typeof feed === 'string' && !token) {
      const r = await resolveFeedToken(database.db, feed, now);
      if (r instanceof DomainError) throw r;
      req.actor = r;
      return;
    } else if (token) {
      const r = await resolveApiToken(database.db, token, now);
      if (r instanceof DomainError) throw r;
      req.actor = r.actor;
      // A token reaches only the areas its scope names, never administration; refused before anything runs.
      authorizeTokenRequest(r.scope, req.method, req.routeOptions.url);
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) {
        const r = await resolveSession(
          database.db,
          cookie,
          { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs },
          now,
          !passive(req),
        );
        if (r instanceof DomainError) {
          if (!cfg.public) throw r;
        } else {
          req.actor = r.actor;
          // Refused, but attributed to the session's person in the audit log (nothing runs for them).
          if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== r.csrfToken) {
            throw new DomainError('CSRF_FAILED', '请求缺少有效的 CSRF 令牌，请刷新页面后重试');
          }
          req.sessionId = r.sessionId;
        }
      }
    }
    if (cfg.public) return;
    if (!req.actor) throw new DomainError('UNAUTHENTICATED', '未登录或会话已结束，请重新登录');
    if (req.actor.mustChangePassword && !cfg.allowDuringPasswordChange) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', '密码已被重置，请先修改密码');
    }
  });
}

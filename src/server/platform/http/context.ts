import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import type { AuditContext } from '../audit/service';
import type { Config } from '../../config';
import type { Clock } from '../clock';
import type { Database } from '../db/client';
import { DomainError } from '../errors';
import type { JobRunner } from '../jobs/runner';
import type { CalendarService } from '../calendar/service';
import type { TokenSigner } from '../auth/signed-token';
import type { BlobStore } from '../files/store';

/** What every route handler can reach: the database, the configuration, the clock, shared services. */
interface AppServices {
  database: Database;
  config: Config;
  clock: Clock;
  /** The job runner of this instance; tests call its tick() to run due jobs now. */
  jobs: JobRunner;
  /** The official working calendar, kept in memory and refreshed when an import changes it. */
  calendar: CalendarService;
  /** Signs and checks short-lived tokens (a QR code's), keyed from the data key. */
  tokens: TokenSigner;
  /** Where stored files' content is kept (a module's own download route streams from it: files/routes.ts sendFileContent). */
  files: BlobStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    zs: AppServices;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (health, sign-in, API document). */
    public?: boolean;
    /** Reachable while the account must change its password first. */
    allowDuringPasswordChange?: boolean;
    /**
     * A calendar feed (iCalendar): a GET that a phone's calendar polls with the person's subscription secret in
     * `?token=` (auth/feeds.ts) instead of a session; nothing else takes that secret.
     */
    feed?: boolean;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('UNAUTHENTICATED', '未登录或会话已结束，请重新登录');
  return req.actor;
}

export function auditContext(req: FastifyRequest): AuditContext {
  return {
    personId: req.actor?.personId ?? null,
    postId: req.actor?.postId ?? null,
    ip: req.ip,
    requestId: String(req.id),
  };
}

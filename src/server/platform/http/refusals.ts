import type { FastifyRequest } from 'fastify';
import { recordEvent } from '../audit/service';
import type { DomainError } from '../errors';
import { auditContext } from './context';

/** Refusals 等保 wants in the audit log: no right, no CSRF token, too low a clearance, above the ceiling, hidden as 404. */
const REFUSALS = new Set(['FORBIDDEN', 'CSRF_FAILED', 'CLEARANCE_INSUFFICIENT', 'CLASSIFICATION_ABOVE_CEILING']);
export const isAuditedRefusal = (e: DomainError) => REFUSALS.has(e.code) || e.refused;

/**
 * At most LIMIT refusals per person (or address, before sign-in) per minute are written, so a probe cannot flood
 * the log or hold the chain's lock; the ones left out are counted on the next event written for that principal.
 * Per instance: N instances write at most N × LIMIT.
 */
const LIMIT = 20;
const WINDOW_MS = 60_000;
type Window = { start: number; written: number; dropped: number };
/** Per server instance (several apps live in one test process). */
const perApp = new WeakMap<object, Map<string, Window>>();

function admit(app: object, key: string, now: number): { ok: boolean; dropped: number } {
  let windows = perApp.get(app);
  if (!windows) perApp.set(app, (windows = new Map<string, Window>()));
  let w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    const dropped = w?.dropped ?? 0;
    w = { start: now, written: 0, dropped: 0 };
    windows.set(key, w);
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= WINDOW_MS) windows.delete(k);
    w.written++;
    return { ok: true, dropped };
  }
  if (w.written >= LIMIT) {
    w.dropped++;
    return { ok: false, dropped: 0 };
  }
  w.written++;
  const dropped = w.dropped;
  w.dropped = 0;
  return { ok: true, dropped };
}

/** Records a refused request in its own transaction (the request's own was rolled back with the refusal). */
export async function recordRefusal(req: FastifyRequest, err: DomainError): Promise<void> {
  const { database, clock } = req.server.zs;
  const now = clock.now();
  const key = req.actor?.personId ?? `ip:${req.ip}`;
  const { ok, dropped } = admit(req.server, key, now.getTime());
  if (!ok) return;
  const id = (req.params as { id?: unknown } | undefined)?.id;
  try {
    await database.db.transaction((tx) =>
      recordEvent(tx, auditContext(req), now, {
        action: 'access.refused',
        targetType: 'request',
        targetId: typeof id === 'string' ? id : null,
        summary: {
          code: err.code,
          hidden: err.refused,
          method: req.method,
          route: req.routeOptions.url ?? null,
          ...(dropped ? { suppressed: dropped } : {}),
        },
      }),
    );
  } catch (e) {
    // The refusal is answered whatever happens here; a log line says the record is missing.
    req.log.warn({ err: e }, 'could not record a refused request');
  }
}

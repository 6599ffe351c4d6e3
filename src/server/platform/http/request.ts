import type { FastifyRequest } from 'fastify';
import type { Tx } from '../db/client';
import type { RequestContext } from '../context';
import { auditContext, requireActor } from './context';
import { idempotent, type SecretResponse, type Stored } from './idempotency';

const contexts = new WeakMap<FastifyRequest, Promise<RequestContext>>();

/** The request's context, built once: who acts (refused as 401 when no one), the audit context, now, the calendar, the ceiling. */
export function contextOf(req: FastifyRequest): Promise<RequestContext> {
  let ctx = contexts.get(req);
  if (!ctx) {
    const { clock, config, calendar } = req.server.zs;
    const actor = requireActor(req);
    ctx = calendar.get().then((cal) => ({
      actor,
      audit: auditContext(req),
      now: clock.now(),
      cal,
      ceiling: config.classificationCeiling,
    }));
    contexts.set(req, ctx);
  }
  return ctx;
}

/** One transaction with the request's context: a read, or a write that answers by no stored response (a download, a stream). */
export async function inTransaction<T>(req: FastifyRequest, run: (tx: Tx, ctx: RequestContext) => Promise<T>): Promise<T> {
  const ctx = await contextOf(req);
  return req.server.zs.database.db.transaction((tx) => run(tx, ctx));
}

/**
 * A command: its effects, their audit events and — when the client sent an `Idempotency-Key` — the answer it stored
 * commit in one transaction, so a repeated request (a retry after a lost answer, a double click) gets the first answer
 * and changes nothing. `run` gives the answer's body (nothing for 204); send the result as
 * `reply.status(out.status).send(out.body)`: a repeat answers the stored status and body.
 */
export async function command<T, S extends number>(
  req: FastifyRequest,
  status: S,
  run: (tx: Tx, ctx: RequestContext) => Promise<T>,
  secret?: SecretResponse<T>,
): Promise<Stored<T, S>> {
  const ctx = await contextOf(req);
  return req.server.zs.database.db.transaction((tx) =>
    idempotent(req, tx, ctx.actor.personId, async () => ({ status, body: ((await run(tx, ctx)) ?? null) as T }), secret),
  );
}

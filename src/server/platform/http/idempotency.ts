import type { FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { idempotencyKey } from '../auth/schema';
import { canonicalJson } from '../audit/canonical';
import { DomainError, invalid } from '../errors';
import { sha256 } from '../auth/service';

export interface Stored<T, S extends number = number> {
  status: S;
  body: T;
}

/**
 * For a response that holds a secret (an API token): what is stored instead of it, and what a repeat gets —
 * the idempotency table is in every backup, and a replay must not hand the secret out a second time.
 */
export interface SecretResponse<T> {
  withoutSecret(body: T): unknown;
  onReplay(stored: unknown): DomainError;
}

/**
 * Honours `Idempotency-Key` on a command: the first request's response is stored in the same transaction
 * as its effects; a repeat with the same key and body returns it and does nothing; a repeat with a
 * different body is refused. `command` (request.ts) calls it for every command; routes call that.
 */
export async function idempotent<T, S extends number>(
  req: FastifyRequest,
  tx: Tx,
  personId: string,
  run: () => Promise<Stored<T, S>>,
  secret?: SecretResponse<T>,
): Promise<Stored<T, S>> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return run();
  const key = Array.isArray(raw) ? raw[0]! : raw;
  if (!/^[\w\-:.]{8,200}$/.test(key)) throw invalid('Idempotency-Key 须为 8–200 位字母、数字或 -_:.');
  const route = `${req.method} ${req.routeOptions.url}`;
  const requestHash = sha256(canonicalJson({ route, params: req.params, body: req.body }));
  const [prior] = await tx
    .select()
    .from(idempotencyKey)
    .where(and(eq(idempotencyKey.personId, personId), eq(idempotencyKey.key, key)));
  if (prior) {
    if (prior.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_MISMATCH', '同一 Idempotency-Key 已用于内容不同的请求');
    }
    if (secret) throw secret.onReplay(prior.response);
    return { status: prior.statusCode as S, body: prior.response as T };
  }
  const result = await run();
  await tx.insert(idempotencyKey).values({
    personId,
    key,
    route,
    requestHash,
    statusCode: result.status,
    response: JSON.parse(JSON.stringify(secret ? secret.withoutSecret(result.body) : result.body)),
    createdAt: new Date(),
  });
  return result;
}

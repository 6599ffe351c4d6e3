import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client';
import { DomainError, forbidden, invalid } from '../errors';
import { recordEvent, type AuditContext } from '../audit/service';
import { authorizeSystem } from '../access/policy';
import { isAdministrator, type Actor } from '../access/actor';
import { CURSORS, decodeCursor, page } from '../http/pagination';
import { person } from '../../org/schema';
import { TOKEN_MAX_DAYS, type TOKEN_REVOKE_REASONS, type TokenScope } from '../../../contract/auth';
import { account, apiToken } from './schema';
import { loadActor } from './actor-loader';
import { endFeedOf } from './feeds';

type RevokeReason = (typeof TOKEN_REVOKE_REASONS)[number];

const DAY_MS = 86_400_000;
// The server keeps only this; the token is shown once, to its owner.
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
// lastUsedAt is written at most this often, so that reads do not turn into writes on every request.
const TOUCH_EVERY_MS = 30_000;

export interface NewToken {
  name: string;
  scope: TokenScope[];
  expiresAt?: string;
  days?: number;
}

/** The end a token asks for: within TOKEN_MAX_DAYS from now, and in the future. */
function endOf(input: NewToken, now: Date): Date {
  const end = input.days !== undefined ? new Date(now.getTime() + input.days * DAY_MS) : new Date(input.expiresAt!);
  if (end <= now) throw invalid('令牌的到期时间须晚于现在', { field: 'expiresAt' });
  if (end.getTime() > now.getTime() + TOKEN_MAX_DAYS * DAY_MS) {
    throw invalid(`令牌的有效期最长 ${TOKEN_MAX_DAYS} 天`, { field: 'expiresAt' });
  }
  return end;
}

/**
 * A token for an integration, acting as its owner in the post they act in now, within its scope and until its
 * end. Administrators get none: 三员分立 powers are used by the person, signed in, never by a stored secret.
 */
export async function createApiToken(tx: Tx, actor: Actor, input: NewToken, audit: AuditContext, now: Date) {
  if (isAdministrator(actor)) throw forbidden('管理员账号不能创建 API 令牌');
  const expiresAt = endOf(input, now);
  const scope = [...new Set(input.scope)].sort();
  const token = `zs_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  await tx.insert(apiToken).values({
    id,
    personId: actor.personId,
    postId: actor.postId,
    name: input.name,
    tokenHash: hashOf(token),
    scope,
    createdAt: now,
    expiresAt,
  });
  await recordEvent(tx, audit, now, {
    action: 'auth.token.create',
    targetType: 'apiToken',
    targetId: id,
    summary: { name: input.name, scope, expiresAt: expiresAt.toISOString() },
  });
  return { id, token, name: input.name, scope, createdAt: now, expiresAt };
}

export interface ResolvedToken {
  actor: Actor;
  scope: TokenScope[];
}

/** The live token for a bearer value, and whom it acts for; an administrator's account never acts by token. */
export async function resolveApiToken(db: Db, token: string, now: Date): Promise<ResolvedToken | DomainError> {
  const [t] = await db
    .select()
    .from(apiToken)
    .where(eq(apiToken.tokenHash, hashOf(token)));
  if (!t || t.revokedAt || t.expiresAt <= now) {
    return new DomainError('UNAUTHENTICATED', 'API 令牌无效、已过期或已吊销');
  }
  const actor = await loadActor(db, t.personId, t.postId, 'token', now);
  if (!actor) return new DomainError('UNAUTHENTICATED', 'API 令牌所属账号已停用');
  if (isAdministrator(actor)) return new DomainError('UNAUTHENTICATED', '管理员账号不能使用 API 令牌');
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, t.id));
  }
  return { actor, scope: t.scope };
}

const tokenColumns = {
  id: apiToken.id,
  name: apiToken.name,
  scope: apiToken.scope,
  createdAt: apiToken.createdAt,
  expiresAt: apiToken.expiresAt,
  lastUsedAt: apiToken.lastUsedAt,
  revokedAt: apiToken.revokedAt,
  revokedReason: apiToken.revokedReason,
};

export async function listOwnTokens(db: Queryable, personId: string) {
  return db
    .select(tokenColumns)
    .from(apiToken)
    .where(eq(apiToken.personId, personId))
    .orderBy(desc(apiToken.createdAt), desc(apiToken.id));
}

/** Every person's tokens, newest first, for the security administrator. */
export async function listAllTokens(
  db: Queryable,
  actor: Actor,
  query: { personId?: string; active: boolean; limit: number; cursor?: string },
  now: Date,
) {
  authorizeSystem(actor, 'token.manage');
  const after = decodeCursor(query.cursor, CURSORS.timeAndId);
  const rows = await db
    .select({ ...tokenColumns, personId: apiToken.personId, ownerName: person.name, username: account.username })
    .from(apiToken)
    .innerJoin(person, eq(person.id, apiToken.personId))
    .innerJoin(account, eq(account.personId, apiToken.personId))
    .where(
      and(
        query.personId ? eq(apiToken.personId, query.personId) : undefined,
        query.active ? and(isNull(apiToken.revokedAt), gt(apiToken.expiresAt, now)) : undefined,
        after
          ? or(
              lt(apiToken.createdAt, new Date(after[0])),
              and(eq(apiToken.createdAt, new Date(after[0])), lt(apiToken.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(apiToken.createdAt), desc(apiToken.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
}

/** The owner revokes their own token. */
export function revokeOwnToken(tx: Tx, actor: Actor, id: string, audit: AuditContext, now: Date) {
  return revoke(tx, actor, id, false, audit, now);
}

/** The security administrator revokes anyone's token. */
export function revokeAnyToken(tx: Tx, actor: Actor, id: string, audit: AuditContext, now: Date) {
  authorizeSystem(actor, 'token.manage');
  return revoke(tx, actor, id, true, audit, now);
}

async function revoke(tx: Tx, actor: Actor, id: string, anyone: boolean, audit: AuditContext, now: Date) {
  const [t] = await tx
    .select({ personId: apiToken.personId, revokedAt: apiToken.revokedAt })
    .from(apiToken)
    .where(eq(apiToken.id, id));
  if (!t || t.revokedAt || (!anyone && t.personId !== actor.personId))
    throw new DomainError('NOT_FOUND', 'API 令牌不存在或已吊销');
  const reason: RevokeReason = t.personId === actor.personId ? 'owner' : 'securityAdmin';
  await tx.update(apiToken).set({ revokedAt: now, revokedReason: reason, revokedBy: actor.personId }).where(eq(apiToken.id, id));
  await recordEvent(tx, audit, now, {
    action: 'auth.token.revoke',
    targetType: 'apiToken',
    targetId: id,
    summary: { owner: t.personId, reason },
  });
}

/**
 * Ends every live token of a person, inside the caller's transaction: when the password changes or is reset, or
 * the account is disabled, whatever was issued under the old credentials stops working for good.
 */
export async function endTokensOf(tx: Tx, personId: string, reason: RevokeReason, now: Date): Promise<number> {
  // The calendar subscription's secret was issued under the old credentials too.
  await endFeedOf(tx, personId);
  const ended = await tx
    .update(apiToken)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(apiToken.personId, personId), isNull(apiToken.revokedAt), gt(apiToken.expiresAt, now)))
    .returning({ id: apiToken.id });
  return ended.length;
}

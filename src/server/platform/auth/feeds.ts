import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client';
import { DomainError, forbidden, notFound } from '../errors';
import { recordEvent, type AuditContext } from '../audit/service';
import { isAdministrator, type Actor } from '../access/actor';
import { feedToken } from './schema';
import { loadActor } from './actor-loader';

// 日历订阅: a phone's calendar app subscribes to an address (…/calendar.ics?token=…) and polls it without signing in.
// The secret in it opens only the calendar feeds (GET, route config `feed`), as its owner, in their default post; it
// is shown once, kept as a hash, replaced by a new one, ended with the password. The access log never writes query
// strings (app.ts AccessLog), so the secret is not logged here; a proxy in front must not log them either.

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const TOUCH_EVERY_MS = 300_000;

/** The person's subscription, without its secret: when it was made and last polled; null when there is none. */
export async function feedTokenOf(db: Queryable, personId: string) {
  const [row] = await db
    .select({ createdAt: feedToken.createdAt, lastUsedAt: feedToken.lastUsedAt })
    .from(feedToken)
    .where(eq(feedToken.personId, personId));
  return row ?? null;
}

/** A new subscription secret for the actor, replacing any earlier one (whose address stops working at once). */
export async function createFeedToken(tx: Tx, actor: Actor, audit: AuditContext, now: Date) {
  if (isAdministrator(actor)) throw forbidden('管理员账号不能订阅日历');
  const token = `zf_${randomBytes(32).toString('base64url')}`;
  const replaced = await tx.delete(feedToken).where(eq(feedToken.personId, actor.personId)).returning();
  await tx.insert(feedToken).values({ personId: actor.personId, tokenHash: hashOf(token), createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'auth.feed.create',
    targetType: 'person',
    targetId: actor.personId,
    summary: { replaced: replaced.length > 0 },
  });
  return { token, createdAt: now };
}

/** Ends the actor's subscription: the address their calendar polls answers 401 from now on. */
export async function revokeFeedToken(tx: Tx, actor: Actor, audit: AuditContext, now: Date) {
  const gone = await tx.delete(feedToken).where(eq(feedToken.personId, actor.personId)).returning();
  if (!gone.length) throw notFound('日历订阅');
  await recordEvent(tx, audit, now, { action: 'auth.feed.revoke', targetType: 'person', targetId: actor.personId });
}

/** With the API tokens (`endTokensOf`): a changed or reset password, a disabled account end the subscription. */
export async function endFeedOf(tx: Tx, personId: string) {
  await tx.delete(feedToken).where(eq(feedToken.personId, personId));
}

/** Whom a subscription secret reads for; an unknown one, or a disabled account's, is refused. */
export async function resolveFeedToken(db: Db, token: string, now: Date): Promise<Actor | DomainError> {
  const refused = new DomainError('UNAUTHENTICATED', '日历订阅地址无效或已停用，请在系统中重新生成');
  if (!/^zf_[A-Za-z0-9_-]{43}$/.test(token)) return refused;
  const [row] = await db
    .select()
    .from(feedToken)
    .where(eq(feedToken.tokenHash, hashOf(token)));
  if (!row) return refused;
  const actor = await loadActor(db, row.personId, null, 'token', now);
  if (!actor || isAdministrator(actor)) return refused;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS)
    await db.update(feedToken).set({ lastUsedAt: now }).where(eq(feedToken.personId, row.personId));
  return actor;
}

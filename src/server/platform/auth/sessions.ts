import { and, desc, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { hasAdminRole, type Actor } from '../access/actor';
import { forbidden, notFound } from '../errors';
import { assertNotAdministrator } from '../../org/security';
import { session } from './schema';
import type { SessionPolicy } from './service';

/** Sessions still in force: not ended, not idle past the limit, not older than the absolute limit. */
const live = (personId: string, policy: SessionPolicy, now: Date) =>
  and(
    eq(session.personId, personId),
    isNull(session.endedAt),
    gt(session.lastSeenAt, new Date(now.getTime() - policy.idleMs)),
    gt(session.createdAt, new Date(now.getTime() - policy.absoluteMs)),
  );

/**
 * A person keeps at most `max` sessions: signing in once more ends the least recently used beyond it, so a
 * forgotten browser on another desk does not stay signed in for ever. Recorded in the audit log.
 */
export async function endSessionsBeyond(tx: Tx, personId: string, keepId: string, max: number, audit: AuditContext, now: Date) {
  const open = await tx
    .select({ id: session.id })
    .from(session)
    .where(and(eq(session.personId, personId), isNull(session.endedAt), ne(session.id, keepId)))
    .orderBy(desc(session.lastSeenAt), desc(session.createdAt));
  // The session just made is always kept; of the others, the most recently used up to the limit.
  const beyond = open.slice(max - 1).map((r) => r.id);
  if (!beyond.length) return;
  await tx.update(session).set({ endedAt: now }).where(inArray(session.id, beyond));
  await recordEvent(tx, audit, now, {
    action: 'auth.session.evict',
    targetType: 'account',
    targetId: personId,
    summary: { ended: beyond.length, max },
  });
}

/** 我的登录: the person's sessions in force, newest use first; the one making the request is marked. */
export async function listSessions(
  db: Queryable,
  personId: string,
  currentSessionId: string | null,
  policy: SessionPolicy,
  now: Date,
) {
  const rows = await db
    .select()
    .from(session)
    .where(live(personId, policy, now))
    .orderBy(desc(session.lastSeenAt));
  // This browser first, then the others by last use.
  rows.sort((a, b) => Number(b.id === currentSessionId) - Number(a.id === currentSessionId));
  return rows.map((r) => ({
    // The stored id is a hash of the cookie's secret: showing its head names the session without revealing it.
    id: r.id.slice(0, 16),
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
    current: r.id === currentSessionId,
  }));
}

/** Ends one of the actor's own sessions (another browser), by the id `listSessions` showed. */
export async function endOwnSession(tx: Tx, actor: Actor, shortId: string, audit: AuditContext, now: Date) {
  const mine = await tx
    .select({ id: session.id })
    .from(session)
    .where(and(eq(session.personId, actor.personId), isNull(session.endedAt)));
  const target = mine.find((r) => r.id.startsWith(shortId) && shortId.length === 16);
  if (!target) throw notFound('会话');
  await tx.update(session).set({ endedAt: now }).where(eq(session.id, target.id));
  await recordEvent(tx, audit, now, {
    action: 'auth.session.end',
    targetType: 'account',
    targetId: actor.personId,
    summary: { by: 'owner' },
  });
}

/** The security administrator signs a person out everywhere (a lost phone, a departure); never another administrator. */
export async function endSessionsOf(tx: Tx, actor: Actor, personId: string, audit: AuditContext, now: Date) {
  if (!hasAdminRole(actor, 'securityAdmin')) throw forbidden('只有安全保密管理员可以结束他人的登录会话');
  await assertNotAdministrator(tx, personId);
  const ended = await tx
    .update(session)
    .set({ endedAt: now })
    .where(and(eq(session.personId, personId), isNull(session.endedAt)))
    .returning({ id: session.id });
  await recordEvent(tx, audit, now, {
    action: 'auth.session.end',
    targetType: 'account',
    targetId: personId,
    summary: { by: 'securityAdmin', ended: ended.length },
  });
  return ended.length;
}

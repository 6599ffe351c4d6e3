import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { DomainError, invalid } from '../errors';
import { recordEvent, type AuditContext } from '../audit/service';
import { post } from '../../org/schema';
import { account, session } from './schema';
import { burnVerification, hashPassword, passwordProblems, verifyPassword } from './password';
import { actorFromRow, defaultPostId, loadSessionActor, type ActorRow } from './actor-loader';
import { endTokensOf } from './tokens';
import { endSessionsBeyond } from './sessions';
import type { Actor } from '../access/actor';
import { deviceHash, isKnownDevice, rememberDevice } from './device';
import { LOCK_AFTER_FAILURES, SIGN_IN_RULES, lockOutcome, pruneThrottle, releaseAttempt, reserveAttempt } from './throttle';
import type { Counted, Gate } from './throttle';

// lastSeenAt is written at most this often, so that reads do not turn into writes on every request.
const TOUCH_EVERY_MS = 30_000;

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const newSecret = (): string => randomBytes(32).toString('base64url');

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  personId: string;
  postId: string | null;
  /** The device cookie to set: this browser is now known for the account. */
  deviceToken: string;
}

export interface SignInMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The device cookie the browser sent, if any. */
  deviceToken?: string | null;
  /** At most this many sessions a person keeps open; signing in again ends the least recently used beyond it. */
  maxSessions?: number;
}

/**
 * Counts the attempt at its gates first (address and user name, or the known device), then checks the
 * password outside any transaction (argon2 is slow and PGlite has one connection), then records the outcome.
 * An unknown user name costs and answers exactly as a wrong password does; whether an account is disabled
 * is said only to someone who gave its password. A failure is committed (events) and returned, not thrown,
 * so that the caller can commit before answering with the error.
 */
export async function signIn(
  db: Db,
  input: { username: string; password: string },
  meta: SignInMeta,
  now: Date,
): Promise<SignedIn | DomainError> {
  const username = input.username.trim().toLowerCase();
  const [acc] = await db.select().from(account).where(eq(account.username, username));
  const device = deviceHash(meta.deviceToken);
  const known = acc ? await isKnownDevice(db, device, acc.personId, now) : false;
  const gates: Gate[] = known
    ? [{ scope: 'device', subject: username, device: device! }]
    : [...(meta.ip ? [{ scope: 'address' as const, subject: meta.ip }] : []), { scope: 'account', subject: username }];
  const audit: AuditContext = { personId: acc?.personId ?? null, postId: null, ip: meta.ip, requestId: meta.requestId };
  const failed = (tx: Tx, reason: string) =>
    recordEvent(tx, audit, now, {
      action: 'auth.signIn.failed',
      targetType: 'account',
      targetId: acc?.personId ?? null,
      summary: { username, reason, knownDevice: known },
    });

  const reserved = await db.transaction((tx) => reserveAttempt(tx, gates, now));
  if (!reserved.ok) {
    // Attempts an address makes while it waits are not recorded one by one: they would flood the log.
    if (reserved.gate.scope === 'address') return rateLimited(reserved.until, now);
    await db.transaction((tx) => failed(tx, 'locked'));
    return lockedError(reserved.until, now);
  }
  const counted = reserved.counted;

  const right = acc ? await verifyPassword(acc.passwordHash, input.password) : (await burnVerification(input.password), false);
  if (!right || !acc) {
    return db.transaction(async (tx) => {
      await failed(tx, acc ? 'bad-password' : 'unknown-user');
      await recordBlocks(tx, counted, audit, acc?.personId ?? null, now);
      await pruneThrottle(tx, now);
      const outcome = lockOutcome(counted)!;
      return outcome.lockedUntil ? lockedError(outcome.lockedUntil, now) : badCredentials(outcome.attemptsLeft);
    });
  }

  return db.transaction(async (tx) => {
    await releaseAttempt(tx, counted);
    if (acc.disabledAt) {
      await failed(tx, 'disabled');
      return new DomainError('ACCOUNT_DISABLED', '账号已停用，请联系系统管理员');
    }
    const postId = await defaultPostId(tx, acc.personId);
    await tx.update(account).set({ lastSignInAt: now }).where(eq(account.personId, acc.personId));
    const created = await createSession(tx, acc.personId, postId, meta, now);
    if (meta.maxSessions)
      await endSessionsBeyond(tx, acc.personId, sha256(created.token), meta.maxSessions, { ...audit, postId }, now);
    const deviceToken = await rememberDevice(tx, meta.deviceToken ?? null, known, acc.personId, now);
    await recordEvent(tx, { ...audit, postId }, now, {
      action: 'auth.signIn',
      targetType: 'account',
      targetId: acc.personId,
      summary: { username, knownDevice: known },
    });
    return { ...created, deviceToken };
  });
}

/** Every lock of a user name or device, and every address that starts being slowed down, goes into the audit log. */
async function recordBlocks(tx: Tx, counted: Counted[], audit: AuditContext, personId: string | null, now: Date) {
  for (const c of counted) {
    if (!c.blockedUntil) continue;
    const until = c.blockedUntil.toISOString();
    if (c.gate.scope === 'address') {
      const rule = SIGN_IN_RULES.address;
      if (rule.kind === 'delay' && c.failures === rule.freeFailures + 1) {
        await recordEvent(tx, audit, now, {
          action: 'auth.signIn.throttle',
          targetType: 'address',
          targetId: null,
          summary: { address: c.gate.subject, failures: c.failures, until },
        });
      }
    } else {
      await recordEvent(tx, audit, now, {
        action: 'auth.account.lock',
        targetType: 'account',
        targetId: personId,
        summary: { username: c.gate.subject, scope: c.gate.scope, failures: c.failures, until },
      });
    }
  }
}

const retryAfter = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

function badCredentials(attemptsLeft: number): DomainError {
  return new DomainError('BAD_CREDENTIALS', `用户名或密码错误，再错 ${attemptsLeft} 次账号将被暂时锁定`, { attemptsLeft });
}

function lockedError(until: Date, now: Date): DomainError {
  const at = until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit' });
  return new DomainError(
    'ACCOUNT_LOCKED',
    `连续 ${LOCK_AFTER_FAILURES} 次密码错误，账号已锁定，请于 ${at} 后再试，或在常用的设备上登录，或联系系统管理员解锁`,
    { lockedUntil: until.toISOString(), retryAfterSeconds: retryAfter(until, now) },
  );
}

function rateLimited(until: Date, now: Date): DomainError {
  const s = retryAfter(until, now);
  const wait = s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`;
  return new DomainError('RATE_LIMITED', `登录失败次数过多，请 ${wait}后再试`, { retryAfterSeconds: s });
}

async function createSession(
  tx: Tx,
  personId: string,
  postId: string | null,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<Omit<SignedIn, 'deviceToken'>> {
  const token = newSecret();
  const csrfToken = newSecret();
  await tx.insert(session).values({
    id: sha256(token),
    personId,
    postId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, personId, postId };
}

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

/** Finds the live session for a cookie value; ends it if it has been idle or open too long. */
export async function resolveSession(
  db: Db,
  token: string,
  policy: SessionPolicy,
  now: Date,
  /** false for what the browser does on its own (live-update refetches): it must not keep an idle session alive. */
  touch = true,
): Promise<ResolvedSession | DomainError> {
  const id = sha256(token);
  const s = await loadSessionActor(db, id, now);
  if (!s || s.ended) return new DomainError('UNAUTHENTICATED', '未登录或会话已结束，请重新登录');
  const idle = now.getTime() - s.lastSeenMs > policy.idleMs;
  const tooOld = now.getTime() - s.createdMs > policy.absoluteMs;
  if (idle || tooOld) {
    await db.update(session).set({ endedAt: now }).where(eq(session.id, id));
    return new DomainError('SESSION_EXPIRED', idle ? '长时间未操作，会话已超时，请重新登录' : '会话已达最长时限，请重新登录', {
      reason: idle ? 'idle' : 'absolute',
    });
  }
  if (!s.personId) {
    await db.update(session).set({ endedAt: now }).where(eq(session.id, id));
    return new DomainError('UNAUTHENTICATED', '账号已停用或不存在，请联系系统管理员');
  }
  const actor = actorFromRow(s as ActorRow, 'session');
  if (touch && now.getTime() - s.lastSeenMs > TOUCH_EVERY_MS) {
    await db.update(session).set({ lastSeenAt: now }).where(eq(session.id, id));
  }
  return { actor, sessionId: id, csrfToken: s.csrfToken };
}

export async function endSession(tx: Tx, sessionId: string, audit: AuditContext, now: Date): Promise<void> {
  await tx.update(session).set({ endedAt: now }).where(eq(session.id, sessionId));
  await recordEvent(tx, audit, now, { action: 'auth.signOut', targetType: 'account', targetId: audit.personId });
}

/** Switches the capacity (post) a session acts in; only to a post the person holds now. */
export async function switchCapacity(tx: Tx, actor: Actor, sessionId: string, postId: string, audit: AuditContext, now: Date) {
  const [p] = await tx
    .select()
    .from(post)
    .where(and(eq(post.id, postId), eq(post.personId, actor.personId), isNull(post.endedAt)));
  if (!p) throw invalid('只能切换到本人现任的职务');
  await tx.update(session).set({ postId }).where(eq(session.id, sessionId));
  await recordEvent(tx, { ...audit, postId }, now, {
    action: 'auth.capacity.switch',
    targetType: 'account',
    targetId: actor.personId,
    unitId: p.unitId,
    summary: { from: actor.postId, to: postId },
  });
}

export async function changePassword(
  db: Db,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
  audit: AuditContext,
  now: Date,
): Promise<void> {
  const [acc] = await db.select().from(account).where(eq(account.personId, actor.personId));
  if (!acc || !(await verifyPassword(acc.passwordHash, input.currentPassword))) {
    throw new DomainError('VALIDATION_FAILED', '当前密码不正确', { field: 'currentPassword' });
  }
  const problems = passwordProblems(input.newPassword, acc.username);
  if (input.newPassword === input.currentPassword) problems.push('新密码不能与当前密码相同');
  if (problems.length) throw invalid(`新密码不符合要求：${problems.join('；')}`, { problems });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(account)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now })
      .where(eq(account.personId, actor.personId));
    // Other sessions of this person end: whoever knew the old password is out.
    await tx
      .update(session)
      .set({ endedAt: now })
      .where(
        and(
          eq(session.personId, actor.personId),
          isNull(session.endedAt),
          keepSessionId ? ne(session.id, keepSessionId) : sql`true`,
        ),
      );
    // So do its API tokens: they were issued under the old password.
    const tokensEnded = await endTokensOf(tx, actor.personId, 'passwordChange', now);
    await recordEvent(tx, audit, now, {
      action: 'auth.password.change',
      targetType: 'account',
      targetId: actor.personId,
      ...(tokensEnded ? { summary: { tokensEnded } } : {}),
    });
  });
}

import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { authorizeSystem } from '../access/policy';
import type { Actor } from '../access/actor';
import { conflict, invalid, notFound } from '../errors';
import { person } from '../../org/schema';
import { assertNotAdministrator } from '../../org/security';
import { account, session } from './schema';
import { hashPassword, passwordProblems } from './password';
import { clearAccountLocks } from './throttle';
import { forgetDevices } from './device';
import { endTokensOf } from './tokens';

/** Whether an account action came through the API or from the CLI on the server (the audit log says which). */
const via = (actor: Actor | null) => (actor ? 'api' : 'cli');

function assertPassword(password: string, username: string) {
  const problems = passwordProblems(password, username);
  if (problems.length) throw invalid(`密码不符合要求：${problems.join('；')}`, { problems });
}

/**
 * Creates a person with a local account. The first password is temporary: the person must change it at
 * the first sign-in. `actor` null means the deployment CLI.
 */
export async function createUser(
  db: Db,
  actor: Actor | null,
  input: { name: string; gender: string | null; username: string; temporaryPassword: string; mustChangePassword?: boolean },
  audit: AuditContext,
  now: Date,
): Promise<string> {
  if (actor) authorizeSystem(actor, 'user.manage');
  const username = input.username.trim().toLowerCase();
  assertPassword(input.temporaryPassword, username);
  const passwordHash = await hashPassword(input.temporaryPassword);
  return db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: account.personId }).from(account).where(eq(account.username, username));
    if (dup) throw conflict(`用户名 ${username} 已被使用`);
    const id = randomUUID();
    await tx.insert(person).values({ id, name: input.name, gender: input.gender, clearance: '公开', createdAt: now });
    await tx.insert(account).values({
      personId: id,
      username,
      passwordHash,
      mustChangePassword: input.mustChangePassword ?? true,
      createdAt: now,
    });
    await recordEvent(tx, audit, now, {
      action: 'user.create',
      targetType: 'person',
      targetId: id,
      summary: { after: { name: input.name, username } },
    });
    return id;
  });
}

/**
 * Sets a temporary password, unlocks, ends every session and API token and forgets the account's known
 * devices; the person must change it at next sign-in. An administrator's account is reset only by the CLI on
 * the server (`actor` null): 三员分立 lets no administrator take over another's account.
 */
export async function resetPassword(
  db: Db,
  actor: Actor | null,
  personId: string,
  temporaryPassword: string,
  audit: AuditContext,
  now: Date,
) {
  if (actor) authorizeSystem(actor, 'user.manage');
  const [acc] = await db.select().from(account).where(eq(account.personId, personId));
  if (!acc) throw notFound('账号');
  if (actor) await assertNotAdministrator(db, personId);
  assertPassword(temporaryPassword, acc.username);
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    if (actor) await assertNotAdministrator(tx, personId);
    await tx
      .update(account)
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: now })
      .where(eq(account.personId, personId));
    await clearAccountLocks(tx, acc.username);
    await forgetDevices(tx, personId);
    await tx
      .update(session)
      .set({ endedAt: now })
      .where(and(eq(session.personId, personId), isNull(session.endedAt)));
    const tokensEnded = await endTokensOf(tx, personId, 'passwordReset', now);
    await recordEvent(tx, audit, now, {
      action: 'user.password.reset',
      targetType: 'person',
      targetId: personId,
      summary: { via: via(actor), ...(tokensEnded ? { tokensEnded } : {}) },
    });
  });
}

/** Ends the lock of a user name and its known devices. `actor` null: the CLI on the server, the only way for an administrator's account. */
export async function unlockAccount(db: Db, actor: Actor | null, personId: string, audit: AuditContext, now: Date) {
  if (actor) authorizeSystem(actor, 'user.manage');
  await db.transaction(async (tx) => {
    const [acc] = await tx.select({ username: account.username }).from(account).where(eq(account.personId, personId));
    if (!acc) throw notFound('账号');
    if (actor) await assertNotAdministrator(tx, personId);
    await clearAccountLocks(tx, acc.username);
    await recordEvent(tx, audit, now, {
      action: 'user.unlock',
      targetType: 'person',
      targetId: personId,
      summary: { via: via(actor) },
    });
  });
}

/** Disables or enables an account. `actor` null: the CLI on the server, the only way for an administrator's account. */
export async function setAccountDisabled(
  db: Db,
  actor: Actor | null,
  personId: string,
  disabled: boolean,
  audit: AuditContext,
  now: Date,
) {
  if (actor) authorizeSystem(actor, 'user.manage');
  await db.transaction(async (tx) => {
    if (actor) await assertNotAdministrator(tx, personId);
    if (personId === actor?.personId) throw invalid('不能停用本人账号');
    const res = await tx
      .update(account)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(account.personId, personId))
      .returning({ id: account.personId });
    if (!res.length) throw notFound('账号');
    let tokensEnded = 0;
    if (disabled) {
      await tx
        .update(session)
        .set({ endedAt: now })
        .where(and(eq(session.personId, personId), isNull(session.endedAt)));
      // Ended, not paused: enabling the account again does not bring its tokens back.
      tokensEnded = await endTokensOf(tx, personId, 'accountDisabled', now);
    }
    await recordEvent(tx, audit, now, {
      action: disabled ? 'user.disable' : 'user.enable',
      targetType: 'person',
      targetId: personId,
      summary: { via: via(actor), ...(tokensEnded ? { tokensEnded } : {}) },
    });
  });
}

import { randomInt } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Db } from '../platform/db/client';
import type { AuditContext } from '../platform/audit/service';
import { createUser } from '../platform/auth/accounts';
import { account } from '../platform/auth/schema';
import type { AdminRole } from '../platform/access/actor';
import { assignAdminRole } from './security';

/** The three administrators a new deployment starts with (三员分立); nobody else exists until they add them. */
const ADMINISTRATORS: { username: string; name: string; role: AdminRole }[] = [
  { username: 'sysadmin', name: '系统管理员', role: 'sysAdmin' },
  { username: 'secadmin', name: '安全保密管理员', role: 'securityAdmin' },
  { username: 'auditor', name: '安全审计员', role: 'securityAuditor' },
];

// No look-alikes (0/O, 1/l/I), so a password read off a console is typed right the first time.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '#%+=@';

/** 16 characters from a CSPRNG, every class present (the password rules ask for three of four). */
function oneTimePassword(): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS), ...Array.from({ length: 12 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export interface FirstAdministrator {
  username: string;
  name: string;
  role: AdminRole;
  /** Shown once, at the first start; stored only as its hash, and must be changed at the first sign-in. */
  password: string;
}

/**
 * A production start on an empty database (no demo) creates the three administrators with one-time passwords,
 * which the caller prints once; there is never a published password. Later starts find accounts and do nothing.
 * Runs under the start-up lock, so two instances starting together create them once.
 */
export async function bootstrapAdministrators(db: Db, audit: AuditContext, now: Date): Promise<FirstAdministrator[]> {
  // All three or none: an interrupted first start leaves no account whose password nobody saw.
  return db.transaction(async (tx) => {
    const [n] = await tx.select({ n: count() }).from(account);
    if (Number(n?.n ?? 0) > 0) return [];
    const made: FirstAdministrator[] = [];
    for (const a of ADMINISTRATORS) {
      const password = oneTimePassword();
      // A PgTransaction is a database too: createUser's own transaction becomes a savepoint inside this one.
      const personId = await createUser(
        tx,
        null,
        { name: a.name, gender: null, username: a.username, temporaryPassword: password, mustChangePassword: true },
        audit,
        now,
      );
      await assignAdminRole(tx, personId, a.role, audit, now);
      made.push({ ...a, password });
    }
    return made;
  });
}

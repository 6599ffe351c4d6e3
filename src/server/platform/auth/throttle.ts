import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { signInThrottle } from './schema';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export type Scope = 'address' | 'account' | 'device';

/** One counter a sign-in attempt passes through: its source address, the user name, or a known device of the account. */
export interface Gate {
  scope: Scope;
  subject: string;
  device?: string;
}

interface DelayRule {
  kind: 'delay';
  /** Failures forgiven before the first delay. */
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten after this long without an attempt. */
  forgetAfterMs: number;
}

interface LockRule {
  kind: 'lock';
  lockAfter: number;
  firstLockMs: number;
  maxLockMs: number;
  forgetAfterMs: number;
  /** Earlier locks stop making the next one longer after this long without an attempt. */
  forgetLocksAfterMs: number;
}

const lockRule: LockRule = {
  kind: 'lock',
  lockAfter: 5,
  firstLockMs: 15 * MINUTE,
  maxLockMs: 4 * HOUR,
  forgetAfterMs: HOUR,
  forgetLocksAfterMs: 24 * HOUR,
};

/**
 * The sign-in protection, as data (README “登录保护”). An address — one guesser trying many names, or an
 * office behind one proxy — gets growing delays and is never locked. A user name is locked after 5 failures
 * from devices not known for its account, each lock twice as long as the one before. A device the account
 * has signed in from keeps its own count, so failures from elsewhere do not shut the owner out.
 */
export const SIGN_IN_RULES: Record<Scope, DelayRule | LockRule> = {
  address: { kind: 'delay', freeFailures: 20, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetAfterMs: HOUR },
  account: lockRule,
  device: lockRule,
};

export const LOCK_AFTER_FAILURES = lockRule.lockAfter;

/** An attempt counted at one gate: the count including it, and the block it set (a delay or a lock), if any. */
export interface Counted {
  gate: Gate;
  failures: number;
  blockedUntil: Date | null;
}

export type Reservation = { ok: true; counted: Counted[] } | { ok: false; gate: Gate; until: Date };

const keyOf = (g: Gate) =>
  and(eq(signInThrottle.scope, g.scope), eq(signInThrottle.subject, g.subject), eq(signInThrottle.device, g.device ?? ''));

function blockFor(rule: DelayRule | LockRule, failures: number, locks: number): number {
  if (rule.kind === 'delay') {
    const over = failures - rule.freeFailures;
    return over > 0 ? Math.min(rule.firstDelayMs * 2 ** Math.min(over - 1, 30), rule.maxDelayMs) : 0;
  }
  return failures >= rule.lockAfter ? Math.min(rule.firstLockMs * 2 ** Math.min(locks, 30), rule.maxLockMs) : 0;
}

/**
 * Counts an attempt at each gate in turn, before its password is checked, with the gate's row locked: of any
 * number of concurrent attempts only as many as the rules allow get through. An attempt stopped at a gate is
 * not counted there or at the gates after it (it still counts at the ones before: a source address that keeps
 * trying a locked name is slowed down).
 */
export async function reserveAttempt(tx: Tx, gates: Gate[], now: Date): Promise<Reservation> {
  const counted: Counted[] = [];
  for (const gate of gates) {
    await tx
      .insert(signInThrottle)
      .values({ scope: gate.scope, subject: gate.subject, device: gate.device ?? '', lastAttemptAt: now })
      .onConflictDoNothing();
    const [row] = await tx.select().from(signInThrottle).where(keyOf(gate)).for('update');
    if (row!.blockedUntil && row!.blockedUntil > now) return { ok: false, gate, until: row!.blockedUntil };
    const rule = SIGN_IN_RULES[gate.scope];
    const idle = now.getTime() - row!.lastAttemptAt.getTime();
    let failures = idle > rule.forgetAfterMs ? 0 : row!.failures;
    let locks = rule.kind === 'lock' && idle > rule.forgetLocksAfterMs ? 0 : row!.locks;
    // A lock that has run out starts a new round of attempts.
    if (rule.kind === 'lock' && failures >= rule.lockAfter) failures = 0;
    failures += 1;
    const ms = blockFor(rule, failures, locks);
    if (ms && rule.kind === 'lock') locks += 1;
    const blockedUntil = ms ? new Date(now.getTime() + ms) : null;
    await tx.update(signInThrottle).set({ failures, locks, blockedUntil, lastAttemptAt: now }).where(keyOf(gate));
    counted.push({ gate, failures, blockedUntil });
  }
  return { ok: true, counted };
}

/**
 * The password was right: the attempt is given back. A user name or device starts afresh; an address only
 * has this one attempt given back (someone else behind it may be guessing) and keeps any delay it has.
 */
export async function releaseAttempt(tx: Tx, counted: Counted[]): Promise<void> {
  for (const c of counted) {
    const set =
      c.gate.scope === 'address'
        ? { failures: sql`greatest(${signInThrottle.failures} - 1, 0)` }
        : { failures: 0, locks: 0, blockedUntil: null };
    await tx.update(signInThrottle).set(set).where(keyOf(c.gate));
  }
}

/** What the attempt at a lock gate (user name or device) leaves: tries left, or the lock it set. */
export function lockOutcome(counted: Counted[]): { attemptsLeft: number; lockedUntil: Date | null } | null {
  const c = counted.find((x) => x.gate.scope !== 'address');
  if (!c) return null;
  return { attemptsLeft: Math.max(LOCK_AFTER_FAILURES - c.failures, 0), lockedUntil: c.blockedUntil };
}

/** Ends the locks (and forgets the failures) of a user name and of its known devices: an administrator's unlock or reset. */
export async function clearAccountLocks(tx: Tx, username: string): Promise<void> {
  await tx
    .delete(signInThrottle)
    .where(and(inArray(signInThrottle.scope, ['account', 'device']), eq(signInThrottle.subject, username)));
}

/** Counters nobody has touched for a day and that block nothing are dropped, so guessed names do not pile up. */
export async function pruneThrottle(tx: Tx, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * HOUR);
  await tx
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.lastAttemptAt, dayAgo),
        or(isNull(signInThrottle.blockedUntil), lte(signInThrottle.blockedUntil, now)),
      ),
    );
}

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client';
import { knownDevice } from './schema';

/** How long a browser stays known for an account without signing in again (the cookie lives as long). */
export const DEVICE_TTL_MS = 180 * 24 * 3_600_000;

const staleBefore = (now: Date) => new Date(now.getTime() - DEVICE_TTL_MS);
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The device cookie's value as the server keeps it; null for a value that cannot be one the server issued. */
export function deviceHash(token: string | null | undefined): string | null {
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? hashOf(token) : null;
}

/** Whether this browser signed in to this account before (and not too long ago). */
export async function isKnownDevice(db: Queryable, hash: string | null, personId: string, now: Date): Promise<boolean> {
  if (!hash) return false;
  const [row] = await db
    .select({ p: knownDevice.personId })
    .from(knownDevice)
    .where(
      and(eq(knownDevice.tokenHash, hash), eq(knownDevice.personId, personId), gt(knownDevice.lastUsedAt, staleBefore(now))),
    );
  return Boolean(row);
}

/**
 * After a successful sign-in: the browser's cookie stays if it is already known for this account, otherwise
 * it gets a new one (never a value the browser brought, which someone else may have planted). One cookie
 * per browser: the account signed in last is the one the browser is known for.
 */
export async function rememberDevice(
  tx: Tx,
  presented: string | null,
  known: boolean,
  personId: string,
  now: Date,
): Promise<string> {
  const token = known && presented ? presented : randomBytes(32).toString('base64url');
  await tx
    .insert(knownDevice)
    .values({ tokenHash: hashOf(token), personId, createdAt: now, lastUsedAt: now })
    .onConflictDoUpdate({ target: [knownDevice.tokenHash, knownDevice.personId], set: { lastUsedAt: now } });
  await tx.delete(knownDevice).where(and(eq(knownDevice.personId, personId), lt(knownDevice.lastUsedAt, staleBefore(now))));
  return token;
}

/** An administrator's or the CLI's reset: whoever had the password may have made their browser known. */
export async function forgetDevices(tx: Tx, personId: string): Promise<void> {
  await tx.delete(knownDevice).where(eq(knownDevice.personId, personId));
}

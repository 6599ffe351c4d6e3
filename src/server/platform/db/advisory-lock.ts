import type { Database } from './client';

/**
 * Runs `fn` holding a session-level advisory lock, taken on a connection of its own and kept for the whole
 * of `fn`: work that spans several transactions (migrations, then seeds) from several instances starting at
 * once runs one instance at a time. The lock ends with its connection, so an instance that dies while
 * holding it does not block the others. `fn` runs its queries on the pool, not on the lock's connection.
 *
 * Keys in use (keep them distinct): 7_270_001 migrations, 7_270_002 audit chains (the class of a two-key lock
 * whose second key is the chain's hashtext; the bench writer too),
 * 7_270_003 calendar writes, 7_270_004 demo seed, 7_270_005 start-up.
 */
export async function withSessionLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  // PGlite serves one process only (lock.ts locks its data directory), so there is nobody to wait for.
  if (database.engine === 'pglite') return fn();
  const client = await database.pool!.connect();
  let broken = false;
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => (broken = true));
    // A connection whose unlock failed may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}

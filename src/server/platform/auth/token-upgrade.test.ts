import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { engines } from '../../../../test/support/engines';
import { createEmptyServerDatabase } from '../../../../test/support/db';
import { openPglite, openPostgres, type Database } from '../db/client';
import { migrationsFolder } from '../db/migrate';
import { rowsOf } from '../db/client';

const SCOPES = '0018_api_token_scope';

/** The migrations as they were before the one given: the folder with the journal cut short. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zs-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

async function migrateWith(database: Database, folder: string) {
  if (database.engine === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder: folder });
}

describe.each(engines)('upgrading to scoped tokens (migration 0018, %s)', (engine) => {
  let database: Database | null = null;
  let old = '';
  afterEach(async () => {
    await database?.close();
    if (old) rmSync(old, { recursive: true, force: true });
  });

  it('ends the tokens made before scopes and removes stored responses that held a token', async () => {
    database = engine === 'pglite' ? await openPglite(undefined) : await openPostgres(await createEmptyServerDatabase());
    old = migrationsBefore(SCOPES);
    await migrateWith(database, old);
    const db = database.db;
    const personId = randomUUID();
    await db.execute(sql`insert into person (id, name, created_at) values (${personId}, '刘洋', now())`);
    // A token without an end, and one the owner had revoked already.
    await db.execute(sql`insert into api_token (id, person_id, name, token_hash, created_at)
      values (${randomUUID()}, ${personId}, '档案系统对接', 'hash-live', now())`);
    await db.execute(sql`insert into api_token (id, person_id, name, token_hash, created_at, revoked_at)
      values (${randomUUID()}, ${personId}, '旧对接', 'hash-revoked', now() - interval '2 days', now() - interval '1 day')`);
    const kept = { id: randomUUID(), title: '关于做好古树名木保护工作的通知' };
    await db.execute(sql`insert into idempotency_key (person_id, key, route, request_hash, status_code, response, created_at) values
      (${personId}, 'token-key-1', 'POST /api/v1/me/tokens', 'h1', 201, ${JSON.stringify({ id: randomUUID(), token: 'zs_secret-value' })}::jsonb, now()),
      (${personId}, 'incoming-key-1', 'POST /api/v1/incoming', 'h2', 201, ${JSON.stringify(kept)}::jsonb, now())`);

    await migrateWith(database, migrationsFolder);

    const tokens = rowsOf<{ token_hash: string; revoked_reason: string | null; live: boolean; scope: string[] | string }>(
      await db.execute(
        sql`select token_hash, revoked_reason, revoked_at is null and expires_at > now() as live, scope from api_token order by token_hash`,
      ),
    );
    expect(tokens.map((t) => [t.token_hash, t.revoked_reason, t.live])).toEqual([
      ['hash-live', 'upgrade', false],
      ['hash-revoked', null, false],
    ]);
    const stored = rowsOf<{ key: string; response: unknown }>(await db.execute(sql`select key, response from idempotency_key`));
    expect(stored.map((s) => s.key)).toEqual(['incoming-key-1']);
    expect(JSON.stringify(stored)).not.toContain('zs_secret-value');
  });
});

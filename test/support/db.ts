import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, wrapPglite, type Database } from '../../src/server/platform/db/client';
import { runDatabasePrefix, serverUrl, type Engine } from './engines';

/**
 * A new database name of this run's own, which its global teardown drops and no other run's does. The e2e files
 * have no template (nor that teardown) and drop what they make themselves.
 */
const newDatabaseName = () =>
  `${runDatabasePrefix(inject('pgTemplate') ?? `zs_tpl_${process.pid}`)}${randomBytes(6).toString('hex')}`;

/** A fresh database holding the migrated schema, the official calendar and the demo organisation. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const blob = new Blob([readFileSync(inject('pgliteSnapshot'))]);
    const client = await PGlite.create({ loadDataDir: blob, extensions: { pg_trgm } });
    return wrapPglite(client);
  }
  const name = newDatabaseName();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  return openPostgres(serverUrl(name));
}

/** An empty PostgreSQL database (no migrations), for restore tests. */
export async function createEmptyServerDatabase(): Promise<string> {
  const name = newDatabaseName();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  return serverUrl(name);
}

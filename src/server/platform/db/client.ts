import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { lockDataDir } from './lock';

// We use the query builder only (no relational query API), so the drivers need no schema object.
type NoSchema = Record<string, never>;
export type Db = PgDatabase<PgQueryResultHKT, NoSchema>;
export type Tx = PgTransaction<PgQueryResultHKT, NoSchema, ExtractTablesWithRelations<NoSchema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Database {
  engine: 'pglite' | 'postgres';
  db: Db;
  /** Engine version string, for benchmarks and the health page. */
  version(): Promise<string>;
  close(): Promise<void>;
  /** Only for PGlite: the raw client. */
  pglite?: PGlite;
  /** Only for PostgreSQL: the pool. */
  pool?: pg.Pool;
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    const client = await PGlite.create({
      ...(dataDir ? { dataDir: `${dataDir}/pgdata` } : {}),
      extensions: { pg_trgm },
    });
    return wrapPglite(client, unlock);
  } catch (e) {
    unlock();
    throw e;
  }
}

export function wrapPglite(client: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite(client) as unknown as Db;
  return {
    engine: 'pglite',
    db,
    pglite: client,
    async version() {
      const r = await client.query<{ v: string }>('select version() as v');
      return r.rows[0]?.v ?? 'PGlite';
    },
    async close() {
      await client.close();
      onClose();
    },
  };
}

// int8 and numeric come back as strings from node-postgres; counts and ids we keep in JS number range.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'zhongshu' });
  pool.on('error', () => {
    // an idle client died (server restart); the pool replaces it on next use
  });
  const c = await pool.connect();
  c.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    engine: 'postgres',
    db,
    pool,
    async version() {
      const r = await pool.query<{ v: string }>('select version() as v');
      return r.rows[0]?.v ?? 'PostgreSQL';
    },
    async close() {
      await pool.end();
    },
  };
}

export function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

/** node-postgres returns { rows }, PGlite returns { rows } too, but typed differently through drizzle. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

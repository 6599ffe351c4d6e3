import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/server/platform/db/client';
import { deriveAuditKey, useAuditKey } from '../src/server/platform/audit/key';

// The generator (in this process) and the measured server chain the audit log under the same key.
const BENCH_AUDIT_KEY = 'zhongshu-bench-audit-key-not-for-deployments';
export const useBenchAuditKey = () => useAuditKey(deriveAuditKey(Buffer.from(BENCH_AUDIT_KEY)));

export type EngineName = 'pglite' | 'pg';
export const engineLabel = (e: EngineName) => (e === 'pg' ? 'PostgreSQL' : 'PGlite');

/** A fresh database for one run: a PGlite data directory in a temp dir, or a new PostgreSQL database. */
export interface BenchDatabase {
  engine: EngineName;
  /** Open it in this process (generation, bare SQL); PGlite allows one process at a time. */
  open(max?: number): Promise<Database>;
  /** What the server process needs to find it. */
  serverEnv(): Record<string, string>;
  drop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function createDatabase(engine: EngineName, tag: string): Promise<BenchDatabase> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), `zs-bench-${tag}-`));
    return {
      engine,
      open: () => openPglite(dir),
      serverEnv: () => ({ ZHONGSHU_DATA_DIR: dir, ZHONGSHU_AUDIT_KEY: BENCH_AUDIT_KEY }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `zs_bench_${tag}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${(e as Error).message}); set BENCH_PG_URL, or run --engines pglite`,
      { cause: e },
    );
  }
  // UTF-8 ctype, or pg_trgm ignores Chinese (DESIGN.md §3).
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    engine,
    open: (max = 10) => openPostgres(url.toString(), max),
    serverEnv: () => ({ DATABASE_URL: url.toString(), ZHONGSHU_AUDIT_KEY: BENCH_AUDIT_KEY }),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A database an earlier run kept (--keep), found again by what its server needed. */
export function existingDatabase(engine: EngineName, env: Record<string, string>): BenchDatabase {
  if (engine === 'pglite') {
    const dir = env.ZHONGSHU_DATA_DIR!;
    return {
      engine,
      open: () => openPglite(dir),
      serverEnv: () => ({ ZHONGSHU_DATA_DIR: dir, ZHONGSHU_AUDIT_KEY: BENCH_AUDIT_KEY }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = env.DATABASE_URL!;
  const name = new URL(url).pathname.slice(1);
  return {
    engine,
    open: (max = 10) => openPostgres(url, max),
    serverEnv: () => ({ DATABASE_URL: url, ZHONGSHU_AUDIT_KEY: BENCH_AUDIT_KEY }),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

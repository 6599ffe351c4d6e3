import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/server/platform/db/client';
import { migrate } from '../../src/server/platform/db/migrate';
import { seedBundledCalendar } from '../../src/server/platform/calendar/service';
import { seedDemo } from '../../src/server/org/demo-seed';
import type { Database } from '../../src/server/platform/db/client';
import { runDatabasePrefix, serverUrl } from './engines';
import { buildWebIfStale } from '../../bin/web-build.js';
import { useTestAuditKey } from './audit-key';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string | null;
  }
}

// Seeded once at a fixed time so that tests that move the clock start from a known day.
export const TEST_WEB_ROOT = join(process.cwd(), 'test-output', 'web');

export const SEED_TIME = new Date('2026-11-02T01:00:00Z');

async function prepare(database: Database) {
  await migrate(database);
  await database.db.transaction((tx) =>
    seedBundledCalendar(tx, { personId: null, postId: null, requestId: 'test-seed' }, SEED_TIME),
  );
  await seedDemo(database.db, SEED_TIME);
}

/**
 * PGlite starts in ~3 s and migrates in more; a seeded snapshot loads in under one. PostgreSQL test
 * databases are cloned from a seeded template (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  useTestAuditKey();
  const dir = mkdtempSync(join(tmpdir(), 'zhongshu-test-'));
  const template = process.env.TEST_DATABASE_URL ? `zs_tpl_${process.pid}` : null;
  // Three independent preparations, at once: the web build is mostly Vite's and zlib's threads, PGlite runs on this
  // thread, and the PostgreSQL template mostly waits on the server. One after another they cost their sum.
  await Promise.all([
    // Browser tests drive the built web app, as users get it from `npm start`, built into a folder of the
    // tests' own so that a developer's rebuild of dist/web cannot pull files from under a running test.
    buildWebIfStale({ outDir: TEST_WEB_ROOT }),
    (async () => {
      const lite = await openPglite(undefined);
      await prepare(lite);
      const dump = await lite.pglite!.dumpDataDir('none');
      const snapshot = join(dir, 'seeded.tar');
      writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
      await lite.close();
      project.provide('pgliteSnapshot', snapshot);
    })(),
    (async () => {
      if (!template) return;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${template}`);
      await admin.query(`create database ${template} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
      await admin.end();
      const server = await openPostgres(serverUrl(template), 2);
      await prepare(server);
      await server.close();
    })(),
  ]);
  project.provide('pgTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (template) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      const left = await admin.query<{ datname: string }>(
        `select datname from pg_database where starts_with(datname, $1) or datname = $2`,
        [runDatabasePrefix(template), template],
      );
      for (const r of left.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    }
  };
}

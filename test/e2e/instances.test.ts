import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD, DEMO_SECRETARY_GENERAL_USERNAME } from '../../src/server/org/demo-data';
import { createEmptyServerDatabase } from '../support/db';
import { freePort, startServer, stopServer, waitHealthy, type ServerProcess } from '../support/process';

// How a province runs it: several instances on one PostgreSQL database, started together by the deployment.
describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL database', () => {
  const servers: { port: number; p: ServerProcess }[] = [];
  let url = '';

  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s.p)));
    if (!url) return;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
    await admin.end();
  });

  it('started at the same moment on an empty database, both come up and the demo office is loaded once', async () => {
    url = await createEmptyServerDatabase();
    // One data directory, as instances of a deployment share their file store.
    const dataDir = mkdtempSync(join(tmpdir(), 'zs-inst-'));
    for (const port of [await freePort(), await freePort()]) {
      const env = { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, ZHONGSHU_DATA_DIR: dataDir };
      servers.push({ port, p: startServer(env) });
    }
    await Promise.all(servers.map((s) => waitHealthy(s.port, s.p)));
    expect(servers.filter((s) => s.p.out.join('').includes('已载入演示单位'))).toHaveLength(1);
    expect(servers.filter((s) => s.p.out.join('').includes('已载入官方工作日日历'))).toHaveLength(1);

    // A session made on one is honoured by the other.
    const [a, b] = servers.map((s) => `http://127.0.0.1:${s.port}`);
    const signIn = await fetch(`${a}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_SECRETARY_GENERAL_USERNAME, password: DEMO_PASSWORD }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('zs_session='))!
      .split(';')[0]!;
    expect((await fetch(`${b}/api/v1/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('both stop on SIGTERM', async () => {
    expect(await Promise.all(servers.map((s) => stopServer(s.p)))).toEqual([0, 0]);
  });
});

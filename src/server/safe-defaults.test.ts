import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { openPglite, type Database } from './platform/db/client';
import { loadConfig } from './config';
import { buildApp } from './app';
import { ManualClock } from './platform/clock';
import { prepareDatabase } from './startup';
import { account } from './platform/auth/schema';
import { roleGrant } from './org/schema';
import { unit } from './org/schema';
import { passwordProblems } from './platform/auth/password';
import { DEMO_PASSWORD } from './org/demo-data';
import { Client, startTestApp, type TestApp } from '../../test/support/app';
import { TEST_DATA_SECRET } from '../../test/support/data-key';

const NOW = new Date('2026-11-23T02:00:00Z');

describe('safe defaults for a real deployment', () => {
  it('the demo listens on this machine only unless told otherwise; a production start listens on every interface', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ ZHONGSHU_DEMO: '0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '10.2.3.4' }).host).toBe('10.2.3.4');
  });

  describe('a production start on an empty database', () => {
    let database: Database;
    let first: Awaited<ReturnType<typeof prepareDatabase>>;
    beforeAll(async () => {
      database = await openPglite(undefined);
      first = await prepareDatabase(database, {
        demo: false,
        audit: { personId: null, postId: null, requestId: 'start' },
        now: NOW,
      });
    });
    afterAll(() => database.close());

    it('creates the three administrators only, with strong one-time passwords shown once, and no demo office', async () => {
      expect(first.administrators.map((a) => [a.username, a.role])).toEqual([
        ['sysadmin', 'sysAdmin'],
        ['secadmin', 'securityAdmin'],
        ['auditor', 'securityAuditor'],
      ]);
      const passwords = first.administrators.map((a) => a.password);
      expect(new Set([...passwords, DEMO_PASSWORD]).size).toBe(4);
      for (const a of first.administrators) expect(passwordProblems(a.password, a.username)).toEqual([]);
      expect((await database.db.select({ n: count() }).from(unit))[0]!.n).toBe(0);
      expect(await database.db.select({ role: roleGrant.role }).from(roleGrant)).toHaveLength(3);
      const stored = await database.db.select().from(account);
      expect(stored.every((a) => a.mustChangePassword)).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(passwords[0]!);
      // A second start (or a second instance) creates nobody and shows nothing.
      const again = await prepareDatabase(database, {
        demo: false,
        audit: { personId: null, postId: null, requestId: 'restart' },
        now: NOW,
      });
      expect(again.administrators).toEqual([]);
    });

    it('the one-time password signs in only to change it', async () => {
      const config = loadConfig({
        ZHONGSHU_DEMO: '0',
        LOG_LEVEL: 'silent',
        ZHONGSHU_JOB_POLL_MS: '0',
        ZHONGSHU_DATA_KEY: TEST_DATA_SECRET,
      });
      const app = await buildApp({ database, config, clock: new ManualClock(NOW), logger: false });
      try {
        const c = new Client(app);
        const sys = first.administrators.find((a) => a.role === 'sysAdmin')!;
        expect((await c.signIn('sysadmin', DEMO_PASSWORD)).status).toBe(401);
        const signed = await c.signIn('sysadmin', sys.password);
        expect(signed.status).toBe(200);
        expect(signed.body.me.mustChangePassword).toBe(true);
        expect((await c.get('/api/v1/org/units')).status).toBe(403);
        const [acc] = await database.db.select().from(account).where(eq(account.username, 'sysadmin'));
        expect(acc!.mustChangePassword).toBe(true);
      } finally {
        await app.close();
      }
    });
  });

  describe('headers and cookies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp('pglite', { ZHONGSHU_TRUSTED_PROXIES: '10.0.0.5' });
    });
    afterAll(() => t.close());

    it('pages and answers may not be framed and load only their own scripts', async () => {
      for (const url of ['/', '/api/health', '/incoming/x', '/api/docs/static/index.html']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
        expect(res.headers['x-frame-options'], url).toBe('DENY');
      }
    });

    it('session cookies are Secure when the site is reached over HTTPS through a configured proxy, and not otherwise', async () => {
      const signIn = (headers: Record<string, string>, remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          remoteAddress,
          headers: { 'content-type': 'application/json', ...headers },
          payload: JSON.stringify({ username: 'chenjing', password: DEMO_PASSWORD }),
        });
      const viaProxy = await signIn({ 'x-forwarded-proto': 'https' }, '10.0.0.5');
      expect(viaProxy.statusCode).toBe(200);
      expect(viaProxy.cookies.find((c) => c.name === 'zs_session')?.secure).toBe(true);
      const claimed = await signIn({ 'x-forwarded-proto': 'https' }, '198.51.100.7');
      expect(claimed.cookies.find((c) => c.name === 'zs_session')?.secure).toBeFalsy();
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { Client, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_PASSWORD, DEMO_SECRETARY_GENERAL_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';
import { account } from './schema';

const MIN = 60_000;

describe.each(engines)('sign-in and sessions (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('the secretary-general signs in and /me shows the name, post and a CSRF token', async () => {
    const c = new Client(t.app);
    const res = await c.signIn(DEMO_SECRETARY_GENERAL_USERNAME);
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^zs_session=.*HttpOnly.*SameSite=Strict/i)]),
    );
    const me = await c.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(DEMO_SECRETARY_GENERAL_USERNAME);
    expect(me.body.posts.length).toBeGreaterThan(0);
    expect(me.body.currentPostId).toBe(me.body.posts[0].id);
    expect(me.body.csrfToken).toBe(c.csrf);
  });

  it('/me answers 401 without a session', async () => {
    const res = await new Client(t.app).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/登录/);
  });

  it('a wrong password is refused, says how many tries are left, and is recorded', async () => {
    const c = new Client(t.app);
    const res = await c.signIn(DEMO_CLERK_USERNAME, 'Wrong-pass-1');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('再错 4 次');
    const failures = await t.database.db.select().from(event).where(eq(event.action, 'auth.signIn.failed'));
    expect(failures.some((e) => (e.summary as { username: string }).username === DEMO_CLERK_USERNAME)).toBe(true);
    // a success resets the count
    expect((await c.signIn(DEMO_CLERK_USERNAME)).status).toBe(200);
    expect((await c.signIn(DEMO_CLERK_USERNAME, 'Wrong-pass-2')).body.error.message).toContain('再错 4 次');
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    const c = new Client(t.app);
    const user = 'auditor';
    for (let i = 1; i <= 4; i++) expect((await c.signIn(user, `Wrong-pass-${i}`)).status).toBe(401);
    const fifth = await c.signIn(user, 'Wrong-pass-5');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.error.message).toContain('锁定');
    const right = await c.signIn(user, DEMO_PASSWORD);
    expect(right.status).toBe(423);
    t.clock.advance(14 * MIN);
    expect((await c.signIn(user, DEMO_PASSWORD)).status).toBe(423);
    t.clock.advance(2 * MIN);
    expect((await c.signIn(user, DEMO_PASSWORD)).status).toBe(200);
  });

  it('an idle session ends after 30 minutes; activity keeps it alive', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    t.clock.advance(25 * MIN);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(25 * MIN);
    expect((await c.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(31 * MIN);
    const res = await c.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
    expect(res.body.error.details).toEqual({ reason: 'idle' });
    // once ended it stays ended
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('a session ends 12 hours after sign-in however active it is', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    for (let h = 0; h < 12 * 3 - 1; h++) {
      t.clock.advance(20 * MIN);
      expect((await c.get('/api/v1/me')).status).toBe(200);
    }
    t.clock.advance(21 * MIN);
    const res = await c.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.error.details).toEqual({ reason: 'absolute' });
  });

  it('a write with the session cookie but without the CSRF token is refused', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const res = await c.request('POST', '/api/v1/me/tokens', { name: '集成' }, { 'x-csrf-token': 'forged' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_FAILED');
    expect((await c.get('/api/v1/me/tokens')).body.items).toHaveLength(0);
  });

  it('sign-out ends the session on the server', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const cookie = c.cookie;
    expect((await c.post('/api/v1/auth/sign-out')).status).toBe(204);
    c.cookie = cookie; // replaying the old cookie does not work
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('an API token authenticates an integration until it is revoked', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const created = await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['incoming:read'], days: 30 });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const bearer = { authorization: `Bearer ${token}` };
    const anon = new Client(t.app);
    expect((await anon.request('GET', '/api/v1/me', undefined, bearer)).body.username).toBe(DEMO_CLERK_USERNAME);
    expect((await c.delete(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(204);
    expect((await anon.request('GET', '/api/v1/me', undefined, bearer)).status).toBe(401);
  });

  it('password rules: length, three classes, not the user name', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    for (const bad of ['Ab1!', 'abcdefgh1', `${DEMO_CLERK_USERNAME}A1!`]) {
      const res = await c.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/密码/);
    }
  });

  it('a reset account must change its password before doing anything else', async () => {
    const admin = await signedIn(t, 'sysadmin');
    const [clerk] = await t.database.db.select().from(account).where(eq(account.username, DEMO_CLERK_USERNAME));
    expect(
      (await admin.post(`/api/v1/admin/users/${clerk!.personId}/reset-password`, { temporaryPassword: 'Temp-pass-2026' })).status,
    ).toBe(204);
    const c = new Client(t.app);
    expect((await c.signIn(DEMO_CLERK_USERNAME, 'Temp-pass-2026')).status).toBe(200);
    expect((await c.get('/api/v1/me')).body.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/v1/items');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (await c.post('/api/v1/auth/password', { currentPassword: 'Temp-pass-2026', newPassword: 'New-pass-2026' })).status,
    ).toBe(204);
    expect((await c.get('/api/v1/items')).status).toBe(200);
    const changed = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'auth.password.change'), eq(event.targetId, clerk!.personId)));
    expect(changed).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_PASSWORD, DEMO_SECRETARY_GENERAL_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';
import { account } from './schema';

const MIN = 60_000;

interface Attempt {
  status: number;
  body: { error?: { code: string; message: string; details?: unknown } };
  headers: Record<string, unknown>;
  device: string | null;
}

/** A sign-in from a given source address, with the browser's device cookie if it has one. */
async function attempt(
  t: TestApp,
  username: string,
  password: string,
  from: string,
  device: string | null = null,
): Promise<Attempt> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress: from,
    headers: { 'content-type': 'application/json', ...(device ? { cookie: `zs_device=${device}` } : {}) },
    payload: JSON.stringify({ username, password }),
  });
  const cookie = res.cookies.find((c) => c.name === 'zs_device');
  return { status: res.statusCode, body: res.json(), headers: res.headers, device: cookie?.value ?? null };
}

const withoutRequestId = (a: Attempt) => ({
  status: a.status,
  code: a.body.error?.code,
  message: a.body.error?.message,
  details: a.body.error?.details,
});

describe.each(engines)('sign-in protection: guessing is slowed, the owner is not locked out (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const personIdOf = async (username: string) =>
    (await t.database.db.select().from(account).where(eq(account.username, username)))[0]!.personId;
  const eventsOf = (action: string, personId: string) =>
    t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, action), eq(event.targetId, personId)));

  it('five wrong passwords from a stranger do not lock the secretary-general out of the browser he signed in from before', async () => {
    const own = await attempt(t, DEMO_SECRETARY_GENERAL_USERNAME, DEMO_PASSWORD, '10.0.1.10');
    expect(own.status).toBe(200);
    expect(own.device).toBeTruthy();
    const cookie = (own.headers['set-cookie'] as string[]).find((c) => c.startsWith('zs_device='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);

    for (let i = 1; i <= 4; i++)
      expect((await attempt(t, DEMO_SECRETARY_GENERAL_USERNAME, `Wrong-pass-${i}`, '192.0.2.66')).status).toBe(401);
    const fifth = await attempt(t, DEMO_SECRETARY_GENERAL_USERNAME, 'Wrong-pass-5', '192.0.2.66');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error!.message).toContain('锁定');
    expect(fifth.headers['retry-after']).toBe(String(15 * 60));
    // Without the device cookie even the right password is refused, from anywhere…
    expect((await attempt(t, DEMO_SECRETARY_GENERAL_USERNAME, DEMO_PASSWORD, '10.0.1.10')).status).toBe(423);
    // …but the browser he signed in from before gets in, and stays known.
    const again = await attempt(t, DEMO_SECRETARY_GENERAL_USERNAME, DEMO_PASSWORD, '10.0.1.10', own.device);
    expect(again.status).toBe(200);
    expect(again.device).toBe(own.device);
    // A device cookie is good for the account it signed in to, not for another.
    expect((await attempt(t, 'auditor', DEMO_PASSWORD, '10.0.1.10', own.device)).device).not.toBe(own.device);

    const sg = await personIdOf(DEMO_SECRETARY_GENERAL_USERNAME);
    const locks = await eventsOf('auth.account.lock', sg);
    expect(locks).toHaveLength(1);
    expect(locks[0]!.ip).toBe('192.0.2.66');
    expect(locks[0]!.summary).toMatchObject({ username: DEMO_SECRETARY_GENERAL_USERNAME, scope: 'account', failures: 5 });
  });

  it('on a known browser the owner’s own wrong passwords still count: five lock that browser too', async () => {
    const user = 'wuzhiqiang';
    const { device } = await attempt(t, user, DEMO_PASSWORD, '10.0.2.10');
    for (let i = 1; i <= 4; i++) {
      const r = await attempt(t, user, `Wrong-pass-${i}`, '10.0.2.10', device);
      expect(r.status).toBe(401);
      expect(r.body.error!.message).toContain(`再错 ${5 - i} 次`);
    }
    expect((await attempt(t, user, 'Wrong-pass-5', '10.0.2.10', device)).status).toBe(423);
    expect((await attempt(t, user, DEMO_PASSWORD, '10.0.2.10', device)).status).toBe(423);
    const locks = await eventsOf('auth.account.lock', await personIdOf(user));
    expect(locks.map((e) => (e.summary as { scope: string }).scope)).toEqual(['device']);
    t.clock.advance(16 * MIN);
    expect((await attempt(t, user, DEMO_PASSWORD, '10.0.2.10', device)).status).toBe(200);
  });

  it('a lock that comes back after it ran out lasts twice as long', async () => {
    const user = 'fengxiaoli';
    const lockOnce = async () => {
      for (let i = 1; i <= 5; i++) await attempt(t, user, `Wrong-pass-${i}`, '192.0.2.70');
      return (await attempt(t, user, DEMO_PASSWORD, '192.0.2.71')).headers['retry-after'];
    };
    expect(await lockOnce()).toBe(String(15 * 60));
    t.clock.advance(15 * MIN + 1000);
    expect(await lockOnce()).toBe(String(30 * 60));
    t.clock.advance(30 * MIN + 1000);
    expect((await attempt(t, user, DEMO_PASSWORD, '192.0.2.71')).status).toBe(200);
  });

  it('an address that keeps failing is slowed down with growing delays (429, Retry-After), other addresses and known browsers are not', async () => {
    const from = '198.51.100.7';
    const { device } = await attempt(t, 'caowenjing', DEMO_PASSWORD, from);
    for (let i = 1; i <= 21; i++) expect((await attempt(t, `guess${i}`, 'Wrong-pass-1', from)).status).toBe(401);
    const slowed = await attempt(t, 'guess22', 'Wrong-pass-1', from);
    expect(slowed.status).toBe(429);
    expect(slowed.body.error!.code).toBe('RATE_LIMITED');
    expect(slowed.body.error!.message).toMatch(/登录失败次数过多，请 1 秒后再试/);
    expect(slowed.headers['retry-after']).toBe('1');
    t.clock.advance(1000);
    expect((await attempt(t, 'guess23', 'Wrong-pass-1', from)).status).toBe(401);
    expect((await attempt(t, 'guess24', 'Wrong-pass-1', from)).headers['retry-after']).toBe('2');
    // Another address is not slowed, and the owner of a known browser behind the same address gets in.
    expect((await attempt(t, 'guess25', 'Wrong-pass-1', '198.51.100.8')).status).toBe(401);
    expect((await attempt(t, 'caowenjing', DEMO_PASSWORD, from, device)).status).toBe(200);
    const throttled = await t.database.db.select().from(event).where(eq(event.action, 'auth.signIn.throttle'));
    expect(throttled.map((e) => e.summary)).toEqual([expect.objectContaining({ address: from, failures: 21 })]);
  });

  it('a burst of 100 concurrent sign-ins checks at most five passwords, and the right password after them in the burst fails', async () => {
    const user = 'penglixin';
    const burst = await Promise.all(
      Array.from({ length: 100 }, (_, i) => attempt(t, user, i === 99 ? DEMO_PASSWORD : `Wrong-pass-${i}`, `203.0.113.${i + 1}`)),
    );
    const checked = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'auth.signIn.failed'), eq(event.targetId, await personIdOf(user))));
    const byReason = (r: string) => checked.filter((e) => (e.summary as { reason: string }).reason === r).length;
    expect(byReason('bad-password')).toBeLessThanOrEqual(5);
    // The fifth wrong password is answered with the lock; every attempt after it is refused unchecked.
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(4);
    expect(burst.filter((r) => r.status === 423).length).toBeGreaterThanOrEqual(95);
    expect(burst[99]!.status).toBe(423);
    expect(burst.some((r) => r.status === 200)).toBe(false);
  });

  it('an unknown user name is answered exactly as a wrong password for a real one, lock included', async () => {
    for (let i = 1; i <= 6; i++) {
      const real = await attempt(t, 'handongsheng', `Wrong-pass-${i}`, '192.0.2.80');
      const made = await attempt(t, 'nobody-here', `Wrong-pass-${i}`, '192.0.2.81');
      expect(withoutRequestId(made)).toEqual(withoutRequestId(real));
      expect(made.headers['retry-after']).toBe(real.headers['retry-after']);
    }
  });

  it('a disabled account says so only to someone who gives its password', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const user = 'jianghongxia';
    expect((await sys.post(`/api/v1/admin/users/${await personIdOf(user)}/disable`)).status).toBe(204);
    const wrong = await attempt(t, user, 'Wrong-pass-1', '192.0.2.90');
    const unknown = await attempt(t, 'nobody-either', 'Wrong-pass-1', '192.0.2.91');
    expect(withoutRequestId(wrong)).toEqual(withoutRequestId(unknown));
    const right = await attempt(t, user, DEMO_PASSWORD, '192.0.2.90');
    expect(right.status).toBe(403);
    expect(right.body.error!.code).toBe('ACCOUNT_DISABLED');
  });

  it('the system administrator sees the lock, ends it, and the unlock is recorded', async () => {
    const user = 'dengxinyi';
    for (let i = 1; i <= 5; i++) await attempt(t, user, `Wrong-pass-${i}`, '192.0.2.100');
    const sys = await signedIn(t, 'sysadmin');
    const id = await personIdOf(user);
    const listed = async () => (await sys.get(`/api/v1/org/people?ids=${id}`)).body.items[0].locked;
    expect(await listed()).toBe(true);
    expect((await sys.post(`/api/v1/admin/users/${id}/unlock`)).status).toBe(204);
    expect(await listed()).toBe(false);
    expect(await eventsOf('user.unlock', id)).toHaveLength(1);
    expect((await attempt(t, user, DEMO_PASSWORD, '192.0.2.100')).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_PASSWORD, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';
import { loadConfig } from '../../config';

/** Signs in with the given headers; the sign-in's audit event shows which address and request id were recorded. */
async function signInWith(t: TestApp, headers: Record<string, string>, remoteAddress = '198.51.100.7') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ username: DEMO_REGISTRAR_USERNAME, password: DEMO_PASSWORD }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const [e] = await t.database.db
    .select()
    .from(event)
    .where(and(eq(event.action, 'auth.signIn')))
    .orderBy(desc(event.id))
    .limit(1);
  return { e: e!, responseId: res.headers['x-request-id'] };
}

describe.each(engines)('client address and request id in the audit log (%s)', (engine) => {
  let open: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    open = await startTestApp(engine);
    proxied = await startTestApp(engine, { ZHONGSHU_TRUSTED_PROXIES: '10.0.0.5, 192.168.8.0/24' });
  });
  afterAll(async () => {
    await open.close();
    await proxied.close();
  });

  it('a client cannot claim an address or a request id: the connection’s address and our own id are recorded', async () => {
    const { e, responseId } = await signInWith(open, { 'x-forwarded-for': '10.1.2.3', 'x-request-id': 'forged-request-0001' });
    expect(e.ip).toBe('198.51.100.7');
    expect(e.requestId).not.toBe('forged-request-0001');
    expect(e.requestId).toBe(responseId);
  });

  it('a configured proxy’s X-Forwarded-For is believed; the same header from anyone else is not', async () => {
    expect((await signInWith(proxied, { 'x-forwarded-for': '172.16.4.20' }, '10.0.0.5')).e.ip).toBe('172.16.4.20');
    expect((await signInWith(proxied, { 'x-forwarded-for': '172.16.4.21' }, '192.168.8.30')).e.ip).toBe('172.16.4.21');
    expect((await signInWith(proxied, { 'x-forwarded-for': '172.16.4.22' }, '203.0.113.9')).e.ip).toBe('203.0.113.9');
  });

  it('a proxy list that is not addresses stops the server from starting with a clear message', () => {
    expect(() => loadConfig({ ZHONGSHU_TRUSTED_PROXIES: 'everyone' })).toThrow(/IP 地址或 CIDR/);
  });
});

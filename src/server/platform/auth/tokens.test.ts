import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { Client, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import {
  DEMO_CLERK_USERNAME,
  DEMO_PASSWORD,
  DEMO_REGISTRAR_USERNAME,
  DEMO_SECRETARY_GENERAL_USERNAME,
} from '../../org/demo-data';
import { event } from '../audit/schema';
import { rowsOf } from '../db/client';
import { account, apiToken, idempotencyKey } from './schema';

const DAY = 86_400_000;

/** An integration calling with a token and nothing else (no cookie, no CSRF header). */
function integration(t: TestApp, token: string) {
  const c = new Client(t.app);
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (url: string) => c.request('GET', url, undefined, auth),
    post: (url: string, body: Record<string, unknown> = {}) => c.request('POST', url, body, auth),
    put: (url: string, body: Record<string, unknown> = {}) => c.request('PUT', url, body, auth),
  };
}

async function mint(c: Client, scope: string[], extra: Record<string, unknown> = { days: 30 }) {
  const res = await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; token: string; expiresAt: string; scope: string[] };
}

async function personId(t: TestApp, username: string) {
  const [a] = await t.database.db.select({ id: account.personId }).from(account).where(eq(account.username, username));
  return a!.id;
}

describe.each(engines)('API tokens: an end, a scope, never administration (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('a token without an end is refused, as is one past 365 days or without a scope', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const noEnd = await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['incoming:read'] });
    expect(noEnd.status).toBe(400);
    expect(noEnd.body.error.message).toContain('有效期');
    expect((await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['incoming:read'], days: 366 })).status).toBe(400);
    const farEnd = new Date(t.clock.now().getTime() + 400 * DAY).toISOString();
    const far = await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['incoming:read'], expiresAt: farEnd });
    expect(far.status).toBe(400);
    expect(far.body.error.message).toContain('365');
    const past = new Date(t.clock.now().getTime() - DAY).toISOString();
    expect((await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['incoming:read'], expiresAt: past })).status).toBe(
      400,
    );
    expect((await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: [], days: 30 })).status).toBe(400);
    // Administration is no scope, nor is writing the organisation.
    expect((await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['admin:write'], days: 30 })).status).toBe(400);
    expect((await c.post('/api/v1/me/tokens', { name: '档案系统对接', scope: ['org:write'], days: 30 })).status).toBe(400);
    expect((await c.get('/api/v1/me/tokens')).body.items).toEqual([]);
  });

  it('an expired token is refused with 401', async () => {
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    const made = await mint(c, ['tasks:read'], { days: 7 });
    expect(made.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * DAY).toISOString());
    const api = integration(t, made.token);
    expect((await api.get('/api/v1/workbench/summary')).status).toBe(200);
    t.clock.advance(7 * DAY);
    const late = await api.get('/api/v1/workbench/summary');
    expect(late.status).toBe(401);
    expect(late.body.error.message).toMatch(/过期/);
  });

  it('a read-scoped token reads but cannot write', async () => {
    const c = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const api = integration(t, (await mint(c, ['incoming:read', 'tasks:read'])).token);
    expect((await api.get('/api/v1/incoming')).status).toBe(200);
    const write = await api.post('/api/v1/incoming', {});
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');
    expect(write.body.error.message).toContain('incoming:write');
    expect((await api.post('/api/v1/notifications/read-all')).status).toBe(403);
    // A write scope covers reading and writing.
    const writer = integration(t, (await mint(c, ['tasks:write'])).token);
    expect((await writer.get('/api/v1/workbench/summary')).status).toBe(200);
    expect((await writer.post('/api/v1/notifications/read-all')).status).toBe(200);
  });

  it('a token scoped to incoming cannot read outgoing, items or files', async () => {
    const c = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const api = integration(t, (await mint(c, ['incoming:write'])).token);
    expect((await api.get('/api/v1/incoming')).status).toBe(200);
    for (const url of [
      '/api/v1/outgoing',
      '/api/v1/deliveries',
      '/api/v1/items',
      '/api/v1/workbench/summary',
      '/api/v1/files/limits',
    ]) {
      const res = await api.get(url);
      expect([url, res.status]).toEqual([url, 403]);
      expect(res.body.error.message).toMatch(/权限范围不含 \w+:read/);
    }
    // Whom it acts for is readable with any scope.
    expect((await api.get('/api/v1/me')).body.username).toBe(DEMO_REGISTRAR_USERNAME);
  });

  it('no scope opens administration, the audit log, passwords, delegations or tokens to a token', async () => {
    const c = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const all = [
      'incoming:write',
      'outgoing:write',
      'items:write',
      'files:write',
      'tasks:write',
      'org:read',
      'calendar:read',
      'efficiency:read',
    ];
    const api = integration(t, (await mint(c, all)).token);
    const refused = [
      api.get('/api/v1/admin/role-grants'),
      api.get('/api/v1/audit/events'),
      api.post('/api/v1/calendar/years', {}),
      api.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Other-pass-2026' }),
      api.post('/api/v1/me/tokens', { name: '再造一个', scope: ['incoming:read'], days: 1 }),
      api.get('/api/v1/me/tokens'),
      api.get('/api/v1/delegations'),
      api.put('/api/v1/me/capacity', { postId: '00000000-0000-4000-8000-000000000000' }),
    ];
    for (const res of await Promise.all(refused)) expect(res.status).toBe(403);
    // The refusals are in the audit log like any other (issue 13 #17).
    // Written beside the answers: wait for them to land.
    await vi.waitFor(async () => {
      const refusals = await t.database.db.select().from(event).where(eq(event.action, 'access.refused'));
      expect(refusals.some((e) => (e.summary as { route: string }).route === '/api/v1/admin/role-grants')).toBe(true);
    });
  });

  it('administrators cannot create a token', async () => {
    for (const admin of ['sysadmin', 'secadmin', 'auditor']) {
      const c = await signedIn(t, admin);
      const res = await c.post('/api/v1/me/tokens', { name: '运维脚本', scope: ['org:read'], days: 30 });
      expect([admin, res.status]).toEqual([admin, 403]);
      expect(res.body.error.message).toContain('管理员');
    }
    const adminIds = await Promise.all(['sysadmin', 'secadmin', 'auditor'].map((u) => personId(t, u)));
    const rows = await t.database.db.select().from(apiToken);
    expect(rows.filter((r) => adminIds.includes(r.personId))).toEqual([]);
  });

  it('changing the password ends the person’s tokens', async () => {
    const c = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    const api = integration(t, (await mint(c, ['tasks:read'])).token);
    expect((await api.get('/api/v1/workbench/summary')).status).toBe(200);
    expect(
      (await c.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Changed-pass-2026' })).status,
    ).toBe(204);
    expect((await api.get('/api/v1/workbench/summary')).status).toBe(401);
    const mine = (await c.get('/api/v1/me/tokens')).body.items as { revokedAt: string | null; revokedReason: string | null }[];
    expect(mine.map((x) => x.revokedReason)).toEqual(['passwordChange']);
    const [changed] = await t.database.db
      .select()
      .from(event)
      .where(
        and(eq(event.action, 'auth.password.change'), eq(event.targetId, await personId(t, DEMO_SECRETARY_GENERAL_USERNAME))),
      );
    expect(changed!.summary).toEqual({ tokensEnded: 1 });
  });

  it('an administrator’s password reset ends the person’s tokens', async () => {
    const c = await signedIn(t, 'xunuo');
    const api = integration(t, (await mint(c, ['tasks:read'])).token);
    const sys = await signedIn(t, 'sysadmin');
    const id = await personId(t, 'xunuo');
    expect((await sys.post(`/api/v1/admin/users/${id}/reset-password`, { temporaryPassword: 'Temp-pass-2026' })).status).toBe(
      204,
    );
    expect((await api.get('/api/v1/me')).status).toBe(401);
    const [row] = await t.database.db.select().from(apiToken).where(eq(apiToken.personId, id));
    expect(row!.revokedReason).toBe('passwordReset');
  });

  it('disabling an account ends its tokens for good: enabling it again does not bring them back', async () => {
    const c = await signedIn(t, 'guoyaqin');
    const api = integration(t, (await mint(c, ['tasks:read'])).token);
    const sys = await signedIn(t, 'sysadmin');
    const id = await personId(t, 'guoyaqin');
    expect((await sys.post(`/api/v1/admin/users/${id}/disable`)).status).toBe(204);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    expect((await sys.post(`/api/v1/admin/users/${id}/enable`)).status).toBe(204);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    const [row] = await t.database.db.select().from(apiToken).where(eq(apiToken.personId, id));
    expect(row!.revokedReason).toBe('accountDisabled');
  });

  it('the security administrator lists every token and revokes another person’s; others cannot', async () => {
    const owner = await signedIn(t, DEMO_CLERK_USERNAME);
    const made = await mint(owner, ['incoming:read', 'tasks:write'], { days: 90 });
    const api = integration(t, made.token);
    expect((await api.get('/api/v1/workbench/summary')).status).toBe(200);

    const sec = await signedIn(t, 'secadmin');
    const listed = await sec.get(`/api/v1/admin/api-tokens?personId=${await personId(t, DEMO_CLERK_USERNAME)}&active=true`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: made.id,
        ownerName: '刘洋',
        username: DEMO_CLERK_USERNAME,
        name: '档案系统对接',
        scope: ['incoming:read', 'tasks:write'],
        expiresAt: made.expiresAt,
        lastUsedAt: t.clock.now().toISOString(),
        revokedAt: null,
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(made.token);
    // Every token, the ended ones included, pages newest first.
    const first = await sec.get('/api/v1/admin/api-tokens?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await sec.get(`/api/v1/admin/api-tokens?limit=50&cursor=${first.body.nextCursor}`);
    expect(second.body.items.length).toBeGreaterThan(0);
    expect(second.body.items.map((x: { id: string }) => x.id)).not.toContain(first.body.items[0].id);

    for (const who of ['sysadmin', 'auditor', DEMO_REGISTRAR_USERNAME]) {
      const other = await signedIn(t, who);
      expect([who, (await other.get('/api/v1/admin/api-tokens')).status]).toEqual([who, 403]);
      expect([who, (await other.delete(`/api/v1/admin/api-tokens/${made.id}`)).status]).toEqual([who, 403]);
      // An owner's route reaches only the owner's own tokens.
      expect([who, (await other.delete(`/api/v1/me/tokens/${made.id}`)).status]).toEqual([who, 404]);
    }

    expect((await sec.delete(`/api/v1/admin/api-tokens/${made.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/workbench/summary')).status).toBe(401);
    const [mine] = (await owner.get('/api/v1/me/tokens')).body.items.filter((x: { id: string }) => x.id === made.id);
    expect(mine.revokedReason).toBe('securityAdmin');
    const eventOf = async (action: string) =>
      (
        await t.database.db
          .select()
          .from(event)
          .where(and(eq(event.action, action), eq(event.targetId, made.id)))
      )[0]!;
    expect(await eventOf('auth.token.revoke')).toMatchObject({
      actorPersonId: await personId(t, 'secadmin'),
      summary: { owner: await personId(t, DEMO_CLERK_USERNAME), reason: 'securityAdmin' },
    });
    expect((await eventOf('auth.token.create')).summary).toEqual({
      name: '档案系统对接',
      scope: ['incoming:read', 'tasks:write'],
      expiresAt: made.expiresAt,
    });
  });

  it('a repeated creation with the same Idempotency-Key never gives the token again, and no table holds it', async () => {
    const c = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const body = { name: '公文交换对接', scope: ['incoming:write'], days: 30 };
    const key = { 'idempotency-key': 'token-create-0001' };
    const first = await c.request('POST', '/api/v1/me/tokens', body, key);
    expect(first.status).toBe(201);
    const token = first.body.token as string;
    const again = await c.request('POST', '/api/v1/me/tokens', body, key);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('只在创建时显示一次');
    expect(again.body.error.details).toEqual({ id: first.body.id });
    expect(JSON.stringify(again.body)).not.toContain(token);
    // Still one token made by that key.
    const named = (await c.get('/api/v1/me/tokens')).body.items.filter((x: { name: string }) => x.name === '公文交换对接');
    expect(named).toHaveLength(1);

    const stored = await t.database.db.select().from(idempotencyKey).where(eq(idempotencyKey.key, 'token-create-0001'));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.response).not.toHaveProperty('token');
    const secret = token.slice(3);
    for (const table of ['idempotency_key', 'api_token', 'event']) {
      const res = await t.database.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(table)} t where t::text like ${`%${secret}%`}`,
      );
      const n = Number(rowsOf<{ n: number }>(res)[0]!.n);
      expect([table, n]).toEqual([table, 0]);
    }
  });
});

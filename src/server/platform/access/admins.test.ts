import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, Client, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_PASSWORD, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { person, unit } from '../../org/schema';
import { account } from '../auth/schema';
import { event } from '../audit/schema';
import { resetPassword } from '../auth/accounts';

/** 三员分立: each administrator does their own work and is refused the others’ and all business content. */
describe.each(engines)('three separated administrators (%s)', (engine) => {
  let t: TestApp;
  let sys: Client;
  let sec: Client;
  let aud: Client;
  let clerk: Client;
  let clerkId: string;
  let rootUnit: string;
  let itemId: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    sys = await signedIn(t, 'sysadmin');
    sec = await signedIn(t, 'secadmin');
    aud = await signedIn(t, 'auditor');
    clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const [acc] = await t.database.db.select().from(account).where(eq(account.username, DEMO_CLERK_USERNAME));
    clerkId = acc!.personId;
    rootUnit = (await t.database.db.select().from(unit))[0]!.id;
    itemId = await makeItem(t, await actorOf(t.database, DEMO_REGISTRAR_USERNAME), { title: '关于印发工作要点的通知' });
  });
  afterAll(() => t.close());

  const newUnit = () => ({
    parentId: rootUnit,
    name: `测试单位${Math.random().toString(36).slice(2, 8)}`,
    shortName: '测试',
    level: '县',
    category: '部门',
  });
  const grant = () => ({ personId: clerkId, role: 'registrar', unitId: rootUnit });

  it('the system administrator manages users and organisation, nothing else', async () => {
    expect((await sys.post('/api/v1/org/units', newUnit())).status).toBe(201);
    expect((await sys.post(`/api/v1/admin/users/${clerkId}/unlock`)).status).toBe(204);
    expect((await sys.put(`/api/v1/admin/people/${clerkId}/clearance`, { clearance: '内部' })).status).toBe(403);
    expect((await sys.post('/api/v1/admin/role-grants', grant())).status).toBe(403);
    expect((await sys.get('/api/v1/audit/events')).status).toBe(403);
    expect((await sys.post('/api/v1/audit/verify')).status).toBe(403);
    expect((await sys.get(`/api/v1/items/${itemId}`)).status).toBe(404);
    expect((await sys.get('/api/v1/items')).body.items).toHaveLength(0);
  });

  it('the security administrator sets roles and clearances, nothing else', async () => {
    expect((await sec.put(`/api/v1/admin/people/${clerkId}/clearance`, { clearance: '内部' })).status).toBe(204);
    const g = await sec.post('/api/v1/admin/role-grants', grant());
    expect(g.status).toBe(201);
    expect((await sec.delete(`/api/v1/admin/role-grants/${g.body.id}`)).status).toBe(204);
    expect((await sec.post('/api/v1/org/units', newUnit())).status).toBe(403);
    expect((await sec.post(`/api/v1/admin/users/${clerkId}/unlock`)).status).toBe(403);
    expect((await sec.get('/api/v1/audit/events')).status).toBe(403);
    expect((await sec.get('/api/v1/items')).body.items).toHaveLength(0);
  });

  it('the security auditor reads and verifies the audit log, nothing else', async () => {
    const events = await aud.get('/api/v1/audit/events?limit=5');
    expect(events.status).toBe(200);
    expect(events.body.items.length).toBe(5);
    expect(events.body.nextCursor).toBeTruthy();
    const verify = await aud.post('/api/v1/audit/verify');
    expect(verify.body.ok).toBe(true);
    expect((await aud.post('/api/v1/org/units', newUnit())).status).toBe(403);
    expect((await aud.put(`/api/v1/admin/people/${clerkId}/clearance`, { clearance: '内部' })).status).toBe(403);
    expect((await aud.post('/api/v1/admin/role-grants', grant())).status).toBe(403);
    expect((await aud.get(`/api/v1/items/${itemId}`)).status).toBe(404);
  });

  it('a section clerk can do none of the administrators’ work', async () => {
    expect((await clerk.post('/api/v1/org/units', newUnit())).status).toBe(403);
    expect((await clerk.post('/api/v1/admin/role-grants', grant())).status).toBe(403);
    expect((await clerk.put(`/api/v1/admin/people/${clerkId}/clearance`, { clearance: '绝密' })).status).toBe(403);
    expect((await clerk.get('/api/v1/audit/events')).status).toBe(403);
    const [p] = await t.database.db.select().from(person).where(eq(person.id, clerkId));
    expect(p!.clearance).not.toBe('绝密');
  });

  it('a clearance above the deployment ceiling cannot be granted', async () => {
    const res = await sec.put(`/api/v1/admin/people/${clerkId}/clearance`, { clearance: '机密' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CLASSIFICATION_ABOVE_CEILING');
  });

  it('an administrator cannot also be given a business role or post', async () => {
    const [a] = await t.database.db.select().from(account).where(eq(account.username, 'auditor'));
    const res = await sec.post('/api/v1/admin/role-grants', { ...grant(), personId: a!.personId });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('三员');
  });

  const idOf = async (username: string) =>
    (await t.database.db.select().from(account).where(eq(account.username, username)))[0]!.personId;

  it('the system administrator cannot reset, unlock, disable or enable the other administrators’ accounts, nor their own', async () => {
    for (const target of ['secadmin', 'auditor', 'sysadmin']) {
      const id = await idOf(target);
      const reset = await sys.post(`/api/v1/admin/users/${id}/reset-password`, { temporaryPassword: 'Temp-pass-2026' });
      expect(reset.status).toBe(403);
      expect(reset.body.error.message).toContain('三员分立');
      for (const action of ['unlock', 'disable', 'enable'])
        expect((await sys.post(`/api/v1/admin/users/${id}/${action}`)).status).toBe(403);
    }
    // Nothing changed: each still signs in with their own password, and the security administrator is still at work.
    for (const target of ['secadmin', 'auditor'])
      expect((await new Client(t.app).signIn(target, DEMO_PASSWORD)).status).toBe(200);
    expect((await sec.get('/api/v1/admin/role-grants')).status).toBe(200);
  });

  it('the security administrator cannot change an administrator’s clearance, not even their own', async () => {
    for (const target of ['sysadmin', 'auditor', 'secadmin']) {
      const res = await sec.put(`/api/v1/admin/people/${await idOf(target)}/clearance`, { clearance: '内部' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('三员分立');
    }
  });

  it('only the security administrator sees clearances; only the security and system administrators see who is locked', async () => {
    const seen = async (c: Client) => {
      const res = await c.get(`/api/v1/org/people?ids=${clerkId}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items[0] as { clearance: string | null; locked: boolean | null; name: string };
    };
    expect(await seen(sec)).toMatchObject({ clearance: expect.any(String), locked: false });
    expect(await seen(sys)).toMatchObject({ clearance: null, locked: false });
    expect(await seen(aud)).toMatchObject({ clearance: null, locked: null });
    const someone = await signedIn(t, 'qianlei');
    expect(await seen(someone)).toMatchObject({ clearance: null, locked: null, name: expect.any(String) });
    const page = (await someone.get('/api/v1/org/people?limit=200')).body.items as { clearance: unknown; locked: unknown }[];
    expect(page.every((p) => p.clearance === null && p.locked === null)).toBe(true);
  });
  it('an administrator’s account is recovered by the command line on the server, and that is recorded', async () => {
    const id = await idOf('auditor');
    await resetPassword(
      t.database.db,
      null,
      id,
      'Recover-2026!',
      { personId: null, postId: null, requestId: 'cli' },
      t.clock.now(),
    );
    expect((await new Client(t.app).signIn('auditor', 'Recover-2026!')).status).toBe(200);
    const [e] = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'user.password.reset'), eq(event.targetId, id)));
    expect(e).toMatchObject({ actorPersonId: null, requestId: 'cli', summary: { via: 'cli' } });
  });
});

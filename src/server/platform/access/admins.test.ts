import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { person, unit } from '../../org/schema';
import { account } from '../auth/schema';

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

  const newUnit = () => ({ parentId: rootUnit, name: `测试单位${Math.random().toString(36).slice(2, 8)}`, shortName: '测试', level: '县', category: '部门' });
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
});

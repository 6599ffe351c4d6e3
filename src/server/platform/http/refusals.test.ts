import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';

/** 等保: refused actions are audited, without letting a probe flood the log. */
describe.each(engines)('refused requests in the audit log (%s)', (engine) => {
  let t: TestApp;
  let item: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    item = await makeItem(t, await actorOf(t.database, DEMO_REGISTRAR_USERNAME), { title: '关于做好年末值班工作的通知', classification: '内部' });
  });
  afterAll(() => t.close());

  const refusals = async (personId: string) =>
    (await t.database.db.select().from(event).where(and(eq(event.action, 'access.refused'), eq(event.actorPersonId, personId)))).map((e) => ({ targetId: e.targetId, ...(e.summary as Record<string, unknown>) }));

  it('a read refused as 404, a 403 and a missing CSRF token are recorded; a truly missing id is not', async () => {
    const outsider = await signedIn(t, 'tangxiaolin');
    const who = (await actorOf(t.database, 'tangxiaolin')).personId;
    expect((await outsider.get(`/api/v1/items/${item}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await outsider.request('POST', '/api/v1/auth/sign-out', {}, { 'x-csrf-token': 'forged' })).status).toBe(403);
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    expect((await clerk.patch(`/api/v1/items/${item}`, { version: 1, title: '改标题' })).status).toBe(403);
    expect(await refusals(who)).toEqual([
      expect.objectContaining({ targetId: item, code: 'NOT_FOUND', hidden: true, route: '/api/v1/items/:id' }),
      expect.objectContaining({ code: 'CSRF_FAILED' }),
    ]);
    expect(await refusals((await actorOf(t.database, DEMO_CLERK_USERNAME)).personId)).toEqual([expect.objectContaining({ targetId: item, code: 'FORBIDDEN', method: 'PATCH' })]);
  });

  it('a burst of refusals writes at most 20 a minute; the rest are counted on the next one', async () => {
    const prober = await signedIn(t, 'panyulan');
    const who = (await actorOf(t.database, 'panyulan')).personId;
    for (let i = 0; i < 30; i++) expect((await prober.get(`/api/v1/items/${item}`)).status).toBe(404);
    expect(await refusals(who)).toHaveLength(20);
    t.clock.advance(61_000);
    await prober.get(`/api/v1/items/${item}`);
    const all = await refusals(who);
    expect(all).toHaveLength(21);
    expect(all.at(-1)).toMatchObject({ suppressed: 10 });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';
import { task } from '../flow/schema';

/** 等保: refused actions are audited, without letting a probe flood the log. */
describe.each(engines)('refused requests in the audit log (%s)', (engine) => {
  let t: TestApp;
  let item: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    item = await makeItem(t, await actorOf(t.database, DEMO_REGISTRAR_USERNAME), {
      title: '关于做好年末值班工作的通知',
      classification: '内部',
    });
  });
  afterAll(() => t.close());

  const refusals = async (personId: string) =>
    (
      await t.database.db
        .select()
        .from(event)
        .where(and(eq(event.action, 'access.refused'), eq(event.actorPersonId, personId)))
    ).map((e) => ({ targetId: e.targetId, ...(e.summary as Record<string, unknown>) }));

  it('a read refused as 404, a 403 and a missing CSRF token are recorded; a truly missing id is not', async () => {
    const outsider = await signedIn(t, 'tangxiaolin');
    const who = (await actorOf(t.database, 'tangxiaolin')).personId;
    expect((await outsider.get(`/api/v1/items/${item}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await outsider.request('POST', '/api/v1/auth/sign-out', {}, { 'x-csrf-token': 'forged' })).status).toBe(403);
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    expect((await clerk.patch(`/api/v1/items/${item}`, { version: 1, title: '改标题' })).status).toBe(403);
    // Written beside the answer: wait for them to land.
    await vi.waitFor(async () =>
      expect(await refusals(who)).toEqual([
        expect.objectContaining({ targetId: item, code: 'NOT_FOUND', hidden: true, route: '/api/v1/items/:id' }),
        expect.objectContaining({ code: 'CSRF_FAILED' }),
      ]),
    );
    const clerkId = (await actorOf(t.database, DEMO_CLERK_USERNAME)).personId;
    await vi.waitFor(async () =>
      expect(await refusals(clerkId)).toEqual([expect.objectContaining({ targetId: item, code: 'FORBIDDEN', method: 'PATCH' })]),
    );
  });

  it('a burst of refusals writes at most 20 a minute; the rest are counted on the next one', async () => {
    const prober = await signedIn(t, 'panyulan');
    const who = (await actorOf(t.database, 'panyulan')).personId;
    for (let i = 0; i < 30; i++) expect((await prober.get(`/api/v1/items/${item}`)).status).toBe(404);
    await vi.waitFor(async () => expect(await refusals(who)).toHaveLength(20));
    t.clock.advance(61_000);
    await prober.get(`/api/v1/items/${item}`);
    await vi.waitFor(async () => expect(await refusals(who)).toHaveLength(21));
    const all = await refusals(who);
    expect(all.find((e) => 'suppressed' in e)).toMatchObject({ suppressed: 10 });
    // Still only 21 a while later: the ten left out were never written.
    expect(await refusals(who)).toHaveLength(21);
  });

  it('an id someone may not know exists is answered 404, the same as an id that does not exist', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const reg = await registrar.post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕61号',
      title: '关于做好岁末年初安全生产工作的通知',
      classification: '公开',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const [open] = await t.database.db.select().from(task).where(eq(task.itemId, reg.body.itemId));
    const delegation = await registrar.post('/api/v1/delegations', {
      toPersonId: (await actorOf(t.database, 'maxiaoyan')).personId,
      startsAt: '2026-11-24T00:00:00Z',
      endsAt: '2026-11-30T00:00:00Z',
      reason: '外出',
    });
    expect(delegation.status).toBe(201);
    const outsider = await signedIn(t, 'tangxiaolin');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [what, real, none] of [
      ['催办', `/api/v1/tasks/${open!.id}/remind`, `/api/v1/tasks/${missing}/remind`],
      ['改派', `/api/v1/tasks/${open!.id}/reassign`, `/api/v1/tasks/${missing}/reassign`],
      ['撤销代理', `/api/v1/delegations/${delegation.body.id}/revoke`, `/api/v1/delegations/${missing}/revoke`],
    ] as const) {
      const body =
        what === '改派'
          ? { toPersonId: (await actorOf(t.database, 'tangxiaolin')).personId, reason: '试探' }
          : what === '催办'
            ? { note: '请抓紧' }
            : {};
      const a = await outsider.post(real, body);
      const b = await outsider.post(none, body);
      expect([what, a.status, a.body.error.message], what).toEqual([what, b.status, b.body.error.message]);
      expect(a.status, what).toBe(404);
    }
    // Only the security administrator decides delegations: everyone else is told so, whatever the id.
    expect((await outsider.post(`/api/v1/delegations/${delegation.body.id}/approve`)).status).toBe(403);
    expect((await outsider.post(`/api/v1/delegations/${missing}/approve`)).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, Client, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';

describe.each(engines)('sessions: idle time, a limit per person, seeing and ending them (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_MAX_SESSIONS: '2', ZHONGSHU_SESSION_IDLE_MINUTES: '30' });
  });
  afterAll(() => t.close());
  const minutes = (n: number) => t.clock.advance(n * 60_000);
  const background = (c: Client, url: string) => c.request('GET', url, undefined, { 'x-zs-background': '1' });

  it('live-update refetches do not keep an unattended session alive; what the person does does', async () => {
    const idle = await signedIn(t, 'liuyang');
    const busy = await signedIn(t, 'huangxiaodong');
    for (let i = 0; i < 3; i++) {
      minutes(10);
      expect((await background(idle, '/api/v1/workbench/summary')).status).toBe(200);
      expect((await busy.get('/api/v1/workbench/summary')).status).toBe(200);
    }
    minutes(10);
    // 40 minutes on: the page that only refreshed its badges has timed out; the one in use has not.
    const gone = await idle.get('/api/v1/me');
    expect(gone.status).toBe(401);
    expect(gone.body.error.code).toBe('SESSION_EXPIRED');
    expect((await busy.get('/api/v1/me')).status).toBe(200);
  });

  it('a person keeps at most the configured number of sessions; signing in again ends the least recently used', async () => {
    const first = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    minutes(1);
    const second = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    minutes(1);
    await second.get('/api/v1/me');
    const third = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    expect((await first.get('/api/v1/me')).status).toBe(401);
    expect((await second.get('/api/v1/me')).status).toBe(200);
    expect((await third.get('/api/v1/me')).status).toBe(200);
    const who = (await actorOf(t.database, DEMO_REGISTRAR_USERNAME)).personId;
    expect(
      await t.database.db
        .select()
        .from(event)
        .where(and(eq(event.action, 'auth.session.evict'), eq(event.targetId, who))),
    ).toHaveLength(1);
  });

  it('a person sees their sessions and ends another one; nobody ends someone else’s by its id', async () => {
    const here = await signedIn(t, 'maxiaoyan');
    const there = await signedIn(t, 'maxiaoyan');
    const list = (await here.get('/api/v1/me/sessions')).body as {
      items: { id: string; current: boolean; ip: string | null }[];
      max: number;
    };
    expect(list.max).toBe(2);
    expect(list.items.map((s) => s.current).sort()).toEqual([false, true]);
    const other = list.items.find((s) => !s.current)!;
    expect((await (await signedIn(t, 'linzhiyuan')).post(`/api/v1/me/sessions/${other.id}/end`)).status).toBe(404);
    expect((await here.post('/api/v1/me/sessions/0123456789abcdef/end')).status).toBe(404);
    expect((await here.post(`/api/v1/me/sessions/${other.id}/end`)).status).toBe(204);
    expect((await there.get('/api/v1/me')).status).toBe(401);
    expect((await here.get('/api/v1/me')).status).toBe(200);
  });

  it('the security administrator signs a person out everywhere, but no administrator', async () => {
    const person = await signedIn(t, 'xunuo');
    const sec = await signedIn(t, 'secadmin');
    const sys = await signedIn(t, 'sysadmin');
    const id = (await actorOf(t.database, 'xunuo')).personId;
    expect((await sys.post(`/api/v1/admin/people/${id}/sessions/end`)).status).toBe(403);
    const ended = await sec.post(`/api/v1/admin/people/${id}/sessions/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.ended).toBe(1);
    expect((await person.get('/api/v1/me')).status).toBe(401);
    expect((await sec.post(`/api/v1/admin/people/${(await actorOf(t.database, 'auditor')).personId}/sessions/end`)).status).toBe(
      403,
    );
  });
});

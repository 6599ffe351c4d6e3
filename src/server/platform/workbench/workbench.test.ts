import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import {
  EventStream,
  actorOf,
  makeItem,
  signedIn,
  startSecondInstance,
  startTestApp,
  type Client,
  type TestApp,
} from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from '../../org/demo-data';
import { demoDocuments, demoWorkbench } from '../../org/demo-work';
import { createTask } from '../flow/tasks';
import { task } from '../flow/schema';
import { LISTEN_APPLICATION_NAME } from '../notify/hub';

const TABS = ['todo', 'toRead', 'done', 'started'] as const;
type Row = {
  id: string;
  title: string;
  urgency: string | null;
  onBehalfOf: string | null;
  version: number;
  deadline: { date: string; remainingWorkdays: number | null; overdueWorkdays: number | null } | null;
};

async function listAll(c: Client, tab: string, query = '') {
  const res = await c.get(`/api/v1/workbench/${tab}?limit=200${query}`);
  expect(res.status).toBe(200);
  return res.body as { total: number; items: Row[]; today: string };
}

describe.each(engines)('workbench (%s)', (engine) => {
  let t: TestApp;
  let sg: Client;
  let registrar: Client;

  beforeAll(async () => {
    t = await startTestApp(engine);
    sg = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
  });
  afterAll(() => t.close());

  it('every badge equals the length of its list, for the secretary-general and the registrar', async () => {
    for (const c of [sg, registrar]) {
      const summary = (await c.get('/api/v1/workbench/summary')).body;
      for (const tab of TABS) {
        const list = await listAll(c, tab);
        expect(list.items).toHaveLength(summary.counts[tab]);
        expect(list.total).toBe(summary.counts[tab]);
      }
    }
    const summary = (await sg.get('/api/v1/workbench/summary')).body;
    expect(summary.counts).toMatchObject(demoWorkbench[DEMO_SECRETARY_GENERAL_USERNAME]);
    const byRegistrar = demoDocuments.filter((d) => !('registrar' in d.path && d.path.registrar));
    expect((await registrar.get('/api/v1/workbench/summary')).body.counts.started).toBe(byRegistrar.length);
  });

  it('pages add up to the total, and a module filter narrows both', async () => {
    const all = await listAll(registrar, 'started');
    const seen: string[] = [];
    for (let offset = 0; offset < all.total + 3; offset += 3) {
      const page = (await registrar.get(`/api/v1/workbench/started?limit=3&offset=${offset}`)).body;
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((r: Row) => r.id));
    }
    expect(new Set(seen).size).toBe(all.total);
    expect((await listAll(registrar, 'started', '&module=incoming')).total).toBe(all.total);
    expect((await listAll(registrar, 'started', '&module=outgoing')).total).toBe(0);
  });

  it('sorts by urgency (特急 first) and by due date (earliest first, undated last)', async () => {
    const byUrgency = (await listAll(sg, 'todo', '&sort=urgency')).items;
    expect(byUrgency[0]!.urgency).toBe('特急');
    const byDue = (await listAll(sg, 'todo', '&sort=due')).items.map((r) => r.deadline?.date ?? '9999');
    expect(byDue).toEqual([...byDue].sort());
  });

  it('counts overdue work and the working days left both in working days on the official calendar', async () => {
    // The test clock stands on Monday 23 November 2026.
    const registrarActor = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const sgActor = await actorOf(t.database, DEMO_SECRETARY_GENERAL_USERNAME);
    const audit = { personId: registrarActor.personId, postId: registrarActor.postId, requestId: 'test' };
    const itemId = await makeItem(t, registrarActor, { title: '关于国庆节后上班第一周工作安排的请示' });
    await t.database.db.transaction(async (tx) => {
      await createTask(
        tx,
        { itemId, kind: 'do', step: '批办', assigneePersonId: sgActor.personId, dueDate: '2026-11-20' },
        audit,
        t.clock.now(),
      );
      await createTask(
        tx,
        { itemId, kind: 'read', step: '传阅', assigneePersonId: sgActor.personId, dueDate: '2026-11-30' },
        audit,
        t.clock.now(),
      );
    });
    const todo = await listAll(sg, 'todo');
    expect(todo.today).toBe('2026-11-23');
    const overdue = todo.items.find((r) => r.title === '关于国庆节后上班第一周工作安排的请示')!;
    // Friday 20 November to Monday 23: one working day late, not three calendar days.
    expect(overdue.deadline).toMatchObject({ date: '2026-11-20', overdueWorkdays: 1, remainingWorkdays: null });
    const toRead = (await listAll(sg, 'toRead')).items.find((r) => r.title === '关于国庆节后上班第一周工作安排的请示')!;
    expect(toRead.deadline).toMatchObject({ date: '2026-11-30', remainingWorkdays: 5, overdueWorkdays: null });
    const summary = (await sg.get('/api/v1/workbench/summary')).body;
    expect(summary.overdue).toBe(todo.items.filter((r) => r.deadline && r.deadline.overdueWorkdays !== null).length);
  });

  it('switching capacity switches the tasks given to that post', async () => {
    const director = await signedIn(t, 'sunhaitao');
    const me = (await director.get('/api/v1/me')).body;
    const office = await listAll(director, 'todo');
    expect(office.items.map((r) => r.title)).toEqual(demoWorkbench.sunhaitao.office.todo);
    expect((await listAll(director, 'toRead')).total).toBe(demoWorkbench.sunhaitao.office.toRead);
    const bureau = me.posts.find((p: { isPrimary: boolean }) => !p.isPrimary);
    await director.put('/api/v1/me/capacity', { postId: bureau.id });
    const inBureau = await listAll(director, 'todo');
    expect(inBureau.items.map((r) => r.title)).toEqual(demoWorkbench.sunhaitao.bureau.todo);
    // Work given to the office director is not shown while he acts as head of the bureau.
    expect((await listAll(director, 'toRead')).total).toBe(demoWorkbench.sunhaitao.bureau.toRead);
  });

  it('a delegate sees the principal’s tasks marked 代, and completing one moves it to the delegate’s 已办', async () => {
    const director = await signedIn(t, 'sunhaitao');
    const directorId = (await director.get('/api/v1/me')).body.personId;
    const now = t.clock.now().getTime();
    const d = await sg.post('/api/v1/delegations', {
      toPersonId: directorId,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      reason: '出差',
    });
    expect(d.status).toBe(201);
    const sgTodo = await listAll(sg, 'todo');
    const delegated = (await listAll(director, 'todo')).items.filter((r) => r.onBehalfOf === '周文斌');
    expect(delegated).toHaveLength(sgTodo.total);
    const target = delegated[0]!;
    expect(
      (await director.post(`/api/v1/tasks/${target.id}/submit`, { version: target.version, opinion: '同意。' })).status,
    ).toBe(200);
    expect((await listAll(sg, 'todo')).total).toBe(sgTodo.total - 1);
    expect((await listAll(director, 'done')).items.map((r) => r.id)).toContain(target.id);

    await sg.post(`/api/v1/delegations/${d.body.id}/revoke`);
    expect((await listAll(director, 'todo')).items.filter((r) => r.onBehalfOf)).toHaveLength(0);
    const other = (await listAll(sg, 'todo')).items[0]!;
    expect((await director.post(`/api/v1/tasks/${other.id}/submit`, { version: other.version, opinion: '同意。' })).status).toBe(
      404,
    );
  });

  it('two people completing one task at once: exactly one succeeds, the other gets a conflict', async () => {
    const row = (await listAll(sg, 'toRead')).items[0]!;
    const again = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    const results = await Promise.all([sg, again].map((c) => c.post(`/api/v1/tasks/${row.id}/read`, { version: row.version })));
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    const [stored] = await t.database.db.select().from(task).where(eq(task.id, row.id));
    expect(stored!.state).toBe('done');
  });

  it('催办 by the registrar reaches the assignee; others may not; a second reminder within minutes is refused', async () => {
    const row = (await listAll(sg, 'todo')).items[0]!;
    const before = (await sg.get('/api/v1/workbench/summary')).body.unreadNotifications;
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    t.clock.advance(60_000); // so the reminder is the newest message
    // The clerk may not read the document: told nothing about the task, as for one that does not exist.
    expect((await clerk.post(`/api/v1/tasks/${row.id}/remind`, { note: '请尽快' })).status).toBe(404);
    expect((await registrar.post(`/api/v1/tasks/${row.id}/remind`, { note: '省委办要求本周内报送' })).status).toBe(204);
    expect((await registrar.post(`/api/v1/tasks/${row.id}/remind`, {})).status).toBe(409);
    const notes = (await sg.get('/api/v1/notifications')).body;
    expect(notes.unread).toBe(before + 1);
    expect(notes.items[0]).toMatchObject({ kind: 'reminder', taskId: row.id });
    expect(notes.items[0].message).toContain('省委办要求本周内报送');
    expect((await sg.post('/api/v1/notifications/read-all')).body.marked).toBe(before + 1);
    expect((await sg.get('/api/v1/workbench/summary')).body.unreadNotifications).toBe(0);
    // Nobody marks another person's notification.
    const clerkNote = (await clerk.get('/api/v1/notifications')).body.items[0];
    if (clerkNote) expect((await sg.post(`/api/v1/notifications/${clerkNote.id}/read`)).status).toBe(404);
  });

  it('administrators have no business workbench', async () => {
    for (const who of ['sysadmin', 'secadmin', 'auditor']) {
      const admin = await signedIn(t, who);
      const s = (await admin.get('/api/v1/workbench/summary')).body;
      expect(s.counts).toEqual({ todo: 0, toRead: 0, done: 0, started: 0 });
    }
  });

  it('a new task and a reminder reach the open event stream, through another instance too', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await EventStream.open(base, sg.cookie);
    const sgActor = await actorOf(t.database, DEMO_SECRETARY_GENERAL_USERNAME);
    const registrarActor = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const itemId = await makeItem(t, registrarActor, { title: '关于报送重要会议纪要的通知' });
    const audit = { personId: registrarActor.personId, postId: registrarActor.postId, requestId: 'test' };
    const changed = stream.next('changed');
    await t.database.db.transaction((tx) =>
      createTask(tx, { itemId, kind: 'do', step: '批办', assigneePersonId: sgActor.personId }, audit, t.clock.now()),
    );
    await changed;

    // A rolled-back change is never announced.
    const seenBefore = stream.count('changed');
    await t.database.db
      .transaction(async (tx) => {
        await createTask(tx, { itemId, kind: 'read', step: '传阅', assigneePersonId: sgActor.personId }, audit, t.clock.now());
        throw new Error('rollback');
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 400));
    expect(stream.count('changed')).toBe(seenBefore);

    if (engine === 'postgres') {
      // A reminder sent through a second instance reaches the stream held by the first.
      const second = await startSecondInstance(t);
      try {
        const reg2 = await signedIn(second, DEMO_REGISTRAR_USERNAME);
        const row = (await listAll(sg, 'todo')).items.find((r) => r.title === '关于报送重要会议纪要的通知')!;
        const reminded = stream.next('changed');
        expect((await reg2.post(`/api/v1/tasks/${row.id}/remind`, {})).status).toBe(204);
        await reminded;
      } finally {
        await second.close();
      }
    }
    stream.close();
  });

  // The instance's one LISTEN connection dies (a failover, an idle-connection killer): its streams must not go quiet for good.
  it.skipIf(engine !== 'postgres')(
    'after the listening connection is lost, open streams are told to re-read, and new tasks still arrive',
    async () => {
      const address = t.app.server.address() as AddressInfo | null;
      const base = address ? `http://127.0.0.1:${address.port}` : await t.app.listen({ port: 0, host: '127.0.0.1' });
      const stream = await EventStream.open(base, sg.cookie);
      const reread = stream.next('changed');
      const killed = await t.database.pool!.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()',
        [LISTEN_APPLICATION_NAME],
      );
      expect(killed.rowCount).toBe(1);
      // Nothing changed, yet the stream says "changed": what was committed while nobody listened is unknown.
      await reread;

      const sgActor = await actorOf(t.database, DEMO_SECRETARY_GENERAL_USERNAME);
      const registrarActor = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
      const itemId = await makeItem(t, registrarActor, { title: '关于做好断线重连演练的通知' });
      const arrived = stream.next('changed');
      const audit = { personId: registrarActor.personId, postId: registrarActor.postId, requestId: 'test' };
      await t.database.db.transaction((tx) =>
        createTask(tx, { itemId, kind: 'do', step: '批办', assigneePersonId: sgActor.personId }, audit, t.clock.now()),
      );
      await arrived;
      stream.close();
    },
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, like, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startSecondInstance, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from '../../org/demo-data';
import { buildApp } from '../../app';
import { wrapPglite } from '../db/client';
import { notification } from '../notify/schema';
import { completeTask, createTask, scheduleTaskReminders } from '../flow/tasks';
import { CalendarService } from '../calendar/service';
import { cancelJobs, defineJob, enqueue, runDueJobs } from './queue';
import { job } from './schema';
import { rowsOf } from '../db/client';

// A job that leaves a visible mark: one notification per run, and a failure when asked.
defineJob('test.mark', async (tx, payload, { now }) => {
  await tx.insert(notification).values({
    id: crypto.randomUUID(),
    personId: String(payload.personId),
    kind: 'task',
    message: `mark:${payload.tag}`,
    createdAt: now,
  });
  if (payload.fail) throw new Error('故意失败');
});

const marks = async (t: TestApp, tag: string) =>
  Number(
    (
      await t.database.db
        .select({ n: count() })
        .from(notification)
        .where(eq(notification.message, `mark:${tag}`))
    )[0]!.n,
  );

describe.each(engines)('job queue (%s)', (engine) => {
  let t: TestApp;
  let personId: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    personId = (await actorOf(t.database, DEMO_SECRETARY_GENERAL_USERNAME)).personId;
  });
  afterAll(() => t?.close());

  it('runs a job when it falls due, once, and not before', async () => {
    const now = t.clock.now();
    await enqueue(
      t.database.db,
      [{ kind: 'test.mark', payload: { personId, tag: 'due' }, runAt: new Date(now.getTime() + 60_000) }],
      now,
    );
    await t.app.zs.jobs.tick();
    expect(await marks(t, 'due')).toBe(0);
    t.clock.advance(61_000);
    await t.app.zs.jobs.tick();
    await t.app.zs.jobs.tick();
    expect(await marks(t, 'due')).toBe(1);
  });

  it('scheduling the same key twice gives one job', async () => {
    const now = t.clock.now();
    const j = { kind: 'test.mark', payload: { personId, tag: 'dedupe' }, runAt: now, dedupeKey: 'test:dedupe' };
    await enqueue(t.database.db, [j], now);
    await enqueue(t.database.db, [j], now);
    await t.app.zs.jobs.tick();
    expect(await marks(t, 'dedupe')).toBe(1);
  });

  it('a failing job leaves nothing half-done, is retried later, and is marked failed after its last attempt', async () => {
    const now = t.clock.now();
    await enqueue(
      t.database.db,
      [{ kind: 'test.mark', payload: { personId, tag: 'fail', fail: true }, runAt: now, dedupeKey: 'test:fail', maxAttempts: 2 }],
      now,
    );
    expect(await runDueJobs(t.database.db, t.clock.now())).toMatchObject({ retried: 1 });
    expect(await marks(t, 'fail')).toBe(0);
    expect((await runDueJobs(t.database.db, t.clock.now())).retried).toBe(0); // backing off
    t.clock.advance(31_000);
    expect(await runDueJobs(t.database.db, t.clock.now())).toMatchObject({ failed: 1 });
    const [row] = await t.database.db.select().from(job).where(eq(job.dedupeKey, 'test:fail'));
    expect(row).toMatchObject({ state: 'failed', attempts: 2, lastError: '故意失败' });
    expect(await marks(t, 'fail')).toBe(0);
  });

  it('cancelling a group cancels its pending jobs only, and finds them through an index, never by reading every pending job', async () => {
    const now = t.clock.now();
    const later = new Date(now.getTime() + 3_600_000);
    await enqueue(
      t.database.db,
      [
        {
          kind: 'test.mark',
          payload: { personId, tag: 'g1' },
          runAt: later,
          dedupeKey: 'task:aaa:remind:after:1',
          groupKey: 'task:aaa',
        },
        {
          kind: 'test.mark',
          payload: { personId, tag: 'g1' },
          runAt: later,
          dedupeKey: 'task:aaa:remind:after:3',
          groupKey: 'task:aaa',
        },
        // A group whose name starts like the other's is a different group.
        {
          kind: 'test.mark',
          payload: { personId, tag: 'g2' },
          runAt: later,
          dedupeKey: 'task:aaab:remind:after:1',
          groupKey: 'task:aaab',
        },
      ],
      now,
    );
    await t.database.db.transaction((tx) => cancelJobs(tx, 'task:aaa', now));
    const rows = await t.database.db
      .select({ key: job.dedupeKey, state: job.state })
      .from(job)
      .where(like(job.dedupeKey, 'task:aaa%'));
    expect(Object.fromEntries(rows.map((r) => [r.key, r.state]))).toEqual({
      'task:aaa:remind:after:1': 'cancelled',
      'task:aaa:remind:after:3': 'cancelled',
      'task:aaab:remind:after:1': 'pending',
    });
    // With sequential scans priced out, the planner shows whether the query can use an index at all (a LIKE prefix
    // under the C.UTF-8 collation could not).
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const r = await tx.execute(
        sql`explain update job set state = 'cancelled' where state = 'pending' and group_key = 'task:aaa'`,
      );
      return rowsOf<{ 'QUERY PLAN': string }>(r)
        .map((x) => x['QUERY PLAN'])
        .join('\n');
    });
    expect(plan).toMatch(/Index Scan using job_group_idx|Bitmap Index Scan on job_group_idx/u);
  });

  it.runIf(engine === 'postgres')('two instances working one queue run each job exactly once', async () => {
    const now = t.clock.now();
    await enqueue(
      t.database.db,
      Array.from({ length: 40 }, (_, i) => ({
        kind: 'test.mark',
        payload: { personId, tag: 'race' },
        runAt: now,
        dedupeKey: `test:race:${i}`,
      })),
      now,
    );
    const second = await startSecondInstance(t);
    try {
      const [a, b] = await Promise.all([runDueJobs(t.database.db, now, 100), runDueJobs(second.database.db, now, 100)]);
      expect(a.done + b.done).toBe(40);
      expect(await marks(t, 'race')).toBe(40);
    } finally {
      await second.close();
    }
  });
});

describe.each(engines)('automatic reminders (%s)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  /** Closes the server and opens a new one on the same stored data, as a restart does. */
  async function restart(): Promise<TestApp> {
    if (engine === 'postgres') {
      const next = await startSecondInstance(t);
      await t.close();
      return next;
    }
    const blob = await t.database.pglite!.dumpDataDir('none');
    await t.close();
    const database = wrapPglite(await PGlite.create({ loadDataDir: blob, extensions: { pg_trgm } }));
    const app = await buildApp({ database, config: t.config, clock: t.clock, logger: false });
    await app.ready();
    return { app, database, clock: t.clock, config: t.config, close: async () => (await app.close(), await database.close()) };
  }

  it('a reminder for an overdue task fires after a server restart; a finished task gets none', async () => {
    const registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const sg = await actorOf(t.database, DEMO_SECRETARY_GENERAL_USERNAME);
    const audit = { personId: registrar.personId, postId: registrar.postId, requestId: 'test' };
    const cal = await new CalendarService(t.database.db).get();
    const open = await makeItem(t, registrar, { title: '关于报送冬季森林防火工作情况的通知' });
    const finished = await makeItem(t, registrar, { title: '关于做好年度统计报表报送工作的通知' });
    const now = t.clock.now(); // Monday 23 November 2026, 10:00 in Beijing
    const [openTask, doneTask] = await t.database.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const itemId of [open, finished]) {
        const id = await createTask(
          tx,
          { itemId, kind: 'do', step: '承办', assigneePersonId: sg.personId, dueDate: '2026-11-24' },
          audit,
          now,
        );
        await scheduleTaskReminders(tx, id, '2026-11-24', { beforeWorkdays: [1], afterDays: [1, 3] }, cal, now);
        ids.push(id);
      }
      return ids;
    });
    // "1 working day before" (today 09:00) has already passed, so only the two after the deadline are kept.
    const pending = await t.database.db
      .select()
      .from(job)
      .where(and(eq(job.state, 'pending'), like(job.dedupeKey, `task:${openTask}:%`)));
    expect(pending.map((j) => j.runAt.toISOString()).sort()).toEqual(['2026-11-25T01:00:00.000Z', '2026-11-27T01:00:00.000Z']);
    await t.database.db.transaction((tx) => completeTask(tx, sg, doneTask!, null, audit, now));
    // Overdue is counted in working days: "1 day after" a Friday limit is Monday, not Saturday.
    const friday = await makeItem(t, registrar, { title: '关于周五前报送值班表的通知' });
    const fridayTask = await t.database.db.transaction(async (tx) => {
      const id = await createTask(
        tx,
        { itemId: friday, kind: 'do', step: '承办', assigneePersonId: sg.personId, dueDate: '2026-11-27' },
        audit,
        now,
      );
      await scheduleTaskReminders(tx, id, '2026-11-27', { afterDays: [1] }, cal, now);
      return id;
    });
    const afterFriday = await t.database.db
      .select()
      .from(job)
      .where(and(eq(job.state, 'pending'), like(job.dedupeKey, `task:${fridayTask}:%`)));
    expect(afterFriday.map((j) => j.runAt.toISOString())).toEqual(['2026-11-30T01:00:00.000Z']);
    await t.database.db.transaction((tx) => completeTask(tx, sg, fridayTask, null, audit, now));

    t = await restart();
    t.clock.set('2026-11-25T01:30:00Z');
    await t.app.zs.jobs.tick();
    const api = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    const notes = (await api.get('/api/v1/notifications?limit=50')).body.items as {
      kind: string;
      message: string;
      taskId: string;
    }[];
    const reminders = notes.filter((n) => n.kind === 'reminder');
    expect(reminders.filter((n) => n.taskId === openTask).map((n) => n.message)).toEqual([
      '超期提醒（承办）：关于报送冬季森林防火工作情况的通知——已超过办理期限 1 个工作日',
    ]);
    expect(reminders.filter((n) => n.taskId === doneTask)).toEqual([]);
    // The audit log names the reminder as the system's.
    const auditor = await signedIn(t, 'auditor');
    const events = (await auditor.get('/api/v1/audit/events?action=task.remind.auto&limit=10')).body.items as {
      targetId: string;
      actorPersonId: string | null;
    }[];
    expect(events.filter((e) => e.targetId === openTask)).toHaveLength(1);
  });
});

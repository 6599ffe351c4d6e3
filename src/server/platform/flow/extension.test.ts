import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { event } from '../audit/schema';
import { job } from '../jobs/schema';
import { notification } from '../notify/schema';
import { computeMetrics } from '../modules/metrics';
import type { ModuleDef } from '../modules/registry';
import { metricTaskDone } from '../modules/schema';
import { delegation } from '../../org/schema';
import type { FlowDef } from './definition';
import { startFlow, submitTask } from './engine';
import { cancelExtension, decideExtension, EXTENSION_STEP, requestExtension } from './extension';
import { declareFlow } from './registry';
import { flowView } from './view';
import { task, taskExtension } from './schema';

// 延期 on flows of the test's own: the holder asks before the due date, the step's approver decides from a 待办, an
// approved date moves the task's deadline and reminders and is what 效能 counts against.

/** 交办 by a leader, then 承办 within five working days, reminded the day before and the day after. */
const assigned: FlowDef = {
  key: 'test.extension.assigned',
  name: '测试交办',
  start: 'assign',
  steps: [
    {
      key: 'assign',
      name: '交办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      next: { to: 'extHandle' },
    },
    {
      key: 'extHandle',
      name: '承办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      limit: { days: 5, unit: 'working' },
      reminders: { beforeWorkdays: [1], afterDays: [1] },
      next: { end: true },
    },
  ],
};

/** The same work where the supervisors (督查督办) decide extensions. */
const supervised: FlowDef = {
  key: 'test.extension.supervised',
  name: '测试督办',
  start: 'extSupervised',
  steps: [
    {
      key: 'extSupervised',
      name: '承办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      limit: { days: 5, unit: 'working' },
      extension: { approver: { type: 'role', role: 'supervisor' } },
      next: { end: true },
    },
  ],
};

for (const f of [assigned, supervised]) declareFlow(f);

const testModule: ModuleDef = {
  kind: 'test',
  name: '测试',
  flows: [assigned, supervised],
  visibility: 'unit',
  searchText: () => [],
  metrics: [
    { key: 'onTime', name: '承办按时办结率', measure: { type: 'onTimeRate', step: 'extHandle' } },
    { key: 'extensions', name: '延期次数', measure: { type: 'extensions', step: 'extHandle' } },
  ],
};

describe.each(engines)('延期 on flows of its own (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'extension-test',
  );
  const actors = new Map<string, Actor>();
  const as = async (username: string) =>
    actors.get(username) ?? (actors.set(username, await actorOf(t.database, username)), actors.get(username)!);
  const idOf = async (username: string) => (await as(username)).personId;

  beforeAll(async () => {
    t = await startTestApp(engine);
    cal = await new CalendarService(t.database.db).get();
  });
  afterAll(() => t?.close());

  /** Monday 23 November, 10:00 in Beijing: 交办 by 孙海涛 to 黄晓东, due Monday 30 November. */
  async function handleTask(flow: FlowDef = assigned) {
    t.clock.set('2026-11-23T02:00:00Z');
    const registrar = await as('chenjing');
    const itemId = await makeItem(t, registrar, { title: `关于报送年度工作总结的通知 ${randomUUID().slice(0, 6)}` });
    const first = flow === assigned ? await idOf('sunhaitao') : await idOf('huangxiaodong');
    await run((tx) => startFlow(tx, ctx(registrar), itemId, flow.key, { personIds: [first] }));
    if (flow === assigned) {
      const [director, assign, huang] = [await as('sunhaitao'), await openTask(itemId, 'assign'), await idOf('huangxiaodong')];
      await run((tx) => submitTask(tx, ctx(director), assign.id, { version: null, next: { personIds: [huang] } }));
    }
    return { itemId, task: await openTask(itemId, flow.steps.at(-1)!.key) };
  }
  async function openTask(itemId: string, stepKey: string) {
    const [row] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.stepKey, stepKey), eq(task.state, 'open')));
    return row!;
  }
  const taskRow = async (id: string) => (await t.database.db.select().from(task).where(eq(task.id, id)))[0]!;
  const extensionRow = async (id: string) =>
    (await t.database.db.select().from(taskExtension).where(eq(taskExtension.id, id)))[0]!;
  /** The 延期审批 待办 of a request: who holds them and in what state. */
  const approvals = async (extensionId: string) => {
    const ext = await extensionRow(extensionId);
    return t.database.db
      .select({ id: task.id, person: task.assigneePersonId, state: task.state, step: task.step })
      .from(task)
      .where(eq(task.groupId, ext.approvalGroupId));
  };
  const pendingReminders = async (taskId: string) =>
    (
      await t.database.db
        .select({ runAt: job.runAt })
        .from(job)
        .where(and(eq(job.groupKey, `task:${taskId}`), eq(job.state, 'pending')))
        .orderBy(asc(job.runAt))
    ).map((j) => j.runAt.toISOString());
  const notesTo = async (username: string, itemId: string) =>
    (
      await t.database.db
        .select({ message: notification.message })
        .from(notification)
        .where(and(eq(notification.personId, await idOf(username)), eq(notification.itemId, itemId)))
    ).map((n) => n.message);
  const request = async (username: string, taskId: string, proposedDate: string, reason = '涉及多个部门数据，需逐一核实。') => {
    const a = await as(username);
    return run((tx) => requestExtension(tx, ctx(a), taskId, { reason, proposedDate }));
  };

  it('the holder asks before the due date; the one who gave the task out finds it as a 待办; a late request, an earlier date or a second request are refused', async () => {
    const { itemId, task: handle } = await handleTask();
    expect(handle.dueDate).toBe('2026-11-30');
    expect(await refusal(request('huangxiaodong', handle.id, '2026-11-30'))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '申请的新期限应晚于现办理期限 2026-11-30',
    });
    const id = await request('huangxiaodong', handle.id, '2026-12-04');
    // 孙海涛 gave the task out (his 交办 activated it): the decision is his.
    expect((await approvals(id)).map((a) => [a.person, a.state, a.step])).toEqual([
      [await idOf('sunhaitao'), 'open', EXTENSION_STEP],
    ]);
    expect(await notesTo('sunhaitao', itemId)).toContainEqual(expect.stringContaining(`新待办（${EXTENSION_STEP}）`));
    expect(await refusal(request('huangxiaodong', handle.id, '2026-12-07'))).toMatchObject({ code: 'CONFLICT' });

    const late = await handleTask();
    // Tuesday 1 December: the deadline (Monday) has passed.
    t.clock.set('2026-12-01T02:00:00Z');
    expect(await refusal(request('huangxiaodong', late.task.id, '2026-12-04'))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '延期申请应在办理期限届满前提出：办理期限为 2026-11-30，今天已是 2026-12-01',
    });
    // On the due day itself it may still be asked.
    t.clock.set('2026-11-30T09:00:00Z');
    await request('huangxiaodong', late.task.id, '2026-12-04');
  });

  it('someone who does not hold the task may not ask, nor decide; whoever cannot read the item is told nothing exists', async () => {
    const { task: handle } = await handleTask();
    expect(await refusal(request('liuyang', handle.id, '2026-12-04'))).toEqual({
      code: 'FORBIDDEN',
      message: '只有该事项的办理人（或其代理人）可以申请延期',
    });
    expect(await refusal(request('fanlijuan', handle.id, '2026-12-04'))).toMatchObject({ code: 'NOT_FOUND' });
    const id = await request('huangxiaodong', handle.id, '2026-12-04');
    const [liu, huang] = [await as('liuyang'), await as('huangxiaodong')];
    expect(await refusal(run((tx) => decideExtension(tx, ctx(liu), id, { approve: true })))).toEqual({
      code: 'FORBIDDEN',
      message: '只有延期审批人可以审批该申请',
    });
    // The holder does not decide his own request.
    expect(await refusal(run((tx) => decideExtension(tx, ctx(huang), id, { approve: true })))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await extensionRow(id)).state).toBe('pending');
  });

  it('approved to another date: the due date moves, the original is kept, reminders follow the new date, the holder is told; 效能 counts against the new date and counts the extension', async () => {
    const { itemId, task: handle } = await handleTask();
    const scope = { unitId: (await as('chenjing')).unitId!, from: '2026-01-01', to: '2026-12-31', today: '2026-12-02' };
    const before = await computeMetrics(t.database.db, cal, testModule, scope);
    expect(await pendingReminders(handle.id)).toEqual(['2026-11-27T01:00:00.000Z', '2026-12-01T01:00:00.000Z']);
    const id = await request('huangxiaodong', handle.id, '2026-12-04');
    const director = await as('sunhaitao');
    expect(await refusal(run((tx) => decideExtension(tx, ctx(director), id, { approve: true, date: '2026-11-27' })))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '批准的新期限不能早于现办理期限 2026-11-30',
    });
    await run((tx) => decideExtension(tx, ctx(director), id, { approve: true, date: '2026-12-03', note: '请抓紧办理。' }));
    expect(await taskRow(handle.id)).toMatchObject({ dueDate: '2026-12-03', originalDueDate: '2026-11-30', state: 'open' });
    expect(await extensionRow(id)).toMatchObject({
      state: 'approved',
      decidedDate: '2026-12-03',
      decisionNote: '请抓紧办理。',
      decidedByPersonId: director.personId,
    });
    expect((await approvals(id)).map((a) => a.state)).toEqual(['done']);
    // The day before Thursday 3 December and the day after.
    expect(await pendingReminders(handle.id)).toEqual(['2026-12-02T01:00:00.000Z', '2026-12-04T01:00:00.000Z']);
    expect(await notesTo('huangxiaodong', itemId)).toContainEqual(
      expect.stringContaining('办理期限由 2026-11-30 延至 2026-12-03'),
    );

    // Done on Wednesday 2 December: late against the original date, on time against the one approved.
    t.clock.set('2026-12-02T03:00:00Z');
    const huang = await as('huangxiaodong');
    await run((tx) => submitTask(tx, ctx(huang), handle.id, { version: null }));
    const [done] = await t.database.db
      .select({ onTime: metricTaskDone.onTime, total: metricTaskDone.total })
      .from(metricTaskDone)
      .where(and(eq(metricTaskDone.kind, 'test'), eq(metricTaskDone.stepKey, 'extHandle'), eq(metricTaskDone.day, '2026-12-02')));
    expect(done).toEqual({ onTime: 1, total: 1 });
    const after = await computeMetrics(t.database.db, cal, testModule, scope);
    const value = (r: typeof after, key: string) => r.metrics.find((m) => m.key === key)!;
    expect(value(after, 'onTime').numerator! - (value(before, 'onTime').numerator ?? 0)).toBe(1);
    expect(value(after, 'extensions').value! - value(before, 'extensions').value!).toBe(1);
    // An extension refused, or one of another step, is not counted.
    const other = await handleTask(supervised);
    const eid = await request('huangxiaodong', other.task.id, '2026-12-04');
    const sup = await as('zhaochunmei');
    await run((tx) => decideExtension(tx, ctx(sup), eid, { approve: true }));
    expect(value(await computeMetrics(t.database.db, cal, testModule, scope), 'extensions').value).toBe(
      value(after, 'extensions').value,
    );
  });

  it('refused with the reason: the due date stays, the holder is told why; a refusal without a reason is not accepted', async () => {
    const { itemId, task: handle } = await handleTask(supervised);
    const id = await request('huangxiaodong', handle.id, '2026-12-10');
    expect((await approvals(id)).map((a) => a.person)).toEqual([await idOf('zhaochunmei')]);
    const sup = await as('zhaochunmei');
    expect(await refusal(run((tx) => decideExtension(tx, ctx(sup), id, { approve: false, note: '  ' })))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '请填写不同意延期的理由',
    });
    await run((tx) => decideExtension(tx, ctx(sup), id, { approve: false, note: '市委要求月底前报送，不能延期。' }));
    expect(await taskRow(handle.id)).toMatchObject({ dueDate: '2026-11-30', originalDueDate: null });
    expect(await extensionRow(id)).toMatchObject({
      state: 'refused',
      decidedDate: null,
      decisionNote: '市委要求月底前报送，不能延期。',
    });
    expect(await notesTo('huangxiaodong', itemId)).toContainEqual(
      expect.stringContaining('理由：市委要求月底前报送，不能延期。'),
    );
    expect(await refusal(run((tx) => decideExtension(tx, ctx(sup), id, { approve: true })))).toMatchObject({ code: 'CONFLICT' });
    // A new request may follow the refusal.
    await request('huangxiaodong', handle.id, '2026-12-02', '数据已基本汇总，仅需两天。');
  });

  it('a delegate asks for the holder, on record as such; the request may be withdrawn; closing the task cancels a request still waiting', async () => {
    const { task: handle } = await handleTask();
    const huang = await idOf('huangxiaodong');
    await t.database.db.insert(delegation).values({
      id: randomUUID(),
      fromPersonId: huang,
      toPersonId: await idOf('yangguangming'),
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: new Date('2028-01-01T00:00:00Z'),
      reason: '出差',
      createdBy: huang,
      createdAt: t.clock.now(),
    });
    const delegate = await actorOf(t.database, 'yangguangming');
    const id = await run((tx) =>
      requestExtension(tx, ctx(delegate), handle.id, { reason: '黄晓东同志出差，待其返回后核实。', proposedDate: '2026-12-04' }),
    );
    expect(await extensionRow(id)).toMatchObject({
      requestedByPersonId: delegate.personId,
      onBehalfOfPersonId: huang,
      state: 'pending',
    });
    await run((tx) => cancelExtension(tx, ctx(delegate), id));
    expect((await extensionRow(id)).state).toBe('cancelled');
    expect((await approvals(id)).map((a) => a.state)).toEqual(['cancelled']);

    const again = await run((tx) =>
      requestExtension(tx, ctx(delegate), handle.id, { reason: '仍需核实。', proposedDate: '2026-12-04' }),
    );
    await run((tx) => submitTask(tx, ctx(delegate), handle.id, { version: null }));
    expect((await extensionRow(again)).state).toBe('cancelled');
    expect((await approvals(again)).map((a) => a.state)).toEqual(['cancelled']);
    const [cancelled] = await t.database.db
      .select({ summary: event.summary })
      .from(event)
      .where(
        and(
          eq(event.action, 'task.extension.cancel'),
          eq(event.targetId, handle.id),
          sql`${event.summary}->>'withTask' = 'true'`,
        ),
      );
    expect(cancelled?.summary).toMatchObject({ extensionId: again });
  });

  it('the API refuses a bad date and an empty reason with a Chinese message and writes nothing', async () => {
    const { itemId, task: handle } = await handleTask();
    const c = await signedIn(t, 'huangxiaodong');
    const badDate = await c.post(`/api/v1/tasks/${handle.id}/extensions`, {
      reason: '需要核实数据。',
      proposedDate: '2026-12-32',
    });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('日期格式应为 YYYY-MM-DD');
    const noReason = await c.post(`/api/v1/tasks/${handle.id}/extensions`, { reason: '   ', proposedDate: '2026-12-04' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('请填写延期理由');
    const noText = await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '' });
    expect(noText.status).toBe(400);
    expect(JSON.stringify(noText.body)).toContain('请填写进展情况');
    expect(await t.database.db.select().from(taskExtension).where(eq(taskExtension.taskId, handle.id))).toEqual([]);
    const [events] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(event)
      .where(and(inArray(event.action, ['task.extension.request', 'task.progress.report']), eq(event.targetId, handle.id)));
    expect(events!.n).toBe(0);

    const ok = await c.post(`/api/v1/tasks/${handle.id}/extensions`, { reason: '需要核实数据。', proposedDate: '2026-12-04' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const list = await c.get(`/api/v1/tasks/${handle.id}/extensions`);
    expect(list.body).toMatchObject([
      { id: ok.body.id, state: 'pending', requestedBy: '黄晓东', currentDueDate: '2026-11-30', proposedDate: '2026-12-04' },
    ]);
    // The approver decides through the API; the item page shows the request on his 待办 and on the task's record.
    const [sun, now] = [await as('sunhaitao'), t.clock.now()];
    const view = await run((tx) => flowView(tx, sun, itemId, now));
    expect(view.myTasks.find((x) => x.approval)).toMatchObject({
      step: EXTENSION_STEP,
      actions: [],
      approval: { id: ok.body.id, step: '承办', proposedDate: '2026-12-04', requestedBy: '黄晓东' },
    });
    expect(view.tasks.find((x) => x.id === handle.id)?.extensions).toMatchObject([{ state: 'pending' }]);
    const director = await signedIn(t, 'sunhaitao');
    const approved = await director.post(`/api/v1/extensions/${ok.body.id}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toEqual({ state: 'approved', dueDate: '2026-12-04' });
  });
});

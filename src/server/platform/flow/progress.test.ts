import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { strToU8 } from 'fflate';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { event } from '../audit/schema';
import { job } from '../jobs/schema';
import { runDueJobs } from '../jobs/queue';
import { notification } from '../notify/schema';
import { checkFlow, type FlowDef, type ProgressCadence } from './definition';
import { startFlow, submitTask } from './engine';
import { decideExtension, requestExtension } from './extension';
import { nextReportDue, reportProgress } from './progress';
import { leadersOfUnit } from './resolve';
import { declareFlow } from './registry';
import { defineModule, installModules } from '../modules/registry';
import { flowView } from './view';
import { task, taskProgress, taskProgressFile } from './schema';

// 进展报告 on a flow of the test's own: reports keep the task open, the next one is due by the step's cadence on the
// official calendar, and a missed one is escalated level by level — the holder, the leaders of the unit the task is
// for, the supervisors — each once, until a report settles the period or the task closes.

const escalation = [
  { afterWorkdays: 0, to: 'holder' as const },
  { afterWorkdays: 2, to: 'unitLeader' as const },
  { afterWorkdays: 5, to: 'supervisor' as const },
];

/** 承办 by a chosen person, reporting every three working days. */
const reported: FlowDef = {
  key: 'test.progress.person',
  name: '测试进展报告',
  start: 'progHandle',
  steps: [
    {
      key: 'progHandle',
      name: '承办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      progress: { cadence: { every: 3 }, escalation },
      next: { end: true },
    },
  ],
};

/** 承办 by units, reporting weekly on Fridays; the unit's leaders are told of a missed report. */
const byUnits: FlowDef = {
  key: 'test.progress.units',
  name: '测试单位进展',
  start: 'progUnits',
  steps: [
    {
      key: 'progUnits',
      name: '承办',
      kind: 'do',
      actors: { type: 'units' },
      mode: 'all',
      actions: ['submit'],
      progress: { cadence: { weekly: 5 }, escalation },
      next: { end: true },
    },
  ],
};

/** 承办 within five working days, reporting by `cadence`: what an approved 延期 does to the report owed. */
const limited = (key: string, cadence: ProgressCadence): FlowDef => ({
  key: `test.progress.limited.${key}`,
  name: '测试限期进展',
  start: 'progLimited',
  steps: [
    {
      key: 'progLimited',
      name: '承办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      limit: { days: 5, unit: 'working' },
      progress: { cadence, escalation },
      next: { end: true },
    },
  ],
});
const everyThree = limited('every', { every: 3 });
const weekly = limited('weekly', { weekly: 5 });
const monthly = limited('monthly', { monthlyOnDay: 4 });
const beforeDue = limited('beforeDue', { beforeDueWorkdays: 2 });

for (const f of [reported, byUnits, everyThree, weekly, monthly, beforeDue]) declareFlow(f);

/** A module of the test's own whose items may carry their own cadence (as 督办's 报告周期 chosen at 立项). */
const ownCadences = new Map<string, ProgressCadence>();
const ownCadenceModule = defineModule({
  kind: 'test.ownCadence',
  name: '测试自定报告周期',
  flows: [],
  visibility: 'unit',
  searchText: () => [],
  metrics: [],
  progressCadence: async (_db, itemId) => ownCadences.get(itemId) ?? null,
});
/**
 * A module of the test's own that acts at the last level of a missed report's escalation (as 督办 drafts a 督办函):
 * what each call saw — the item, the period missed, and the context `actAs` gave for the item's creator.
 */
const acted: { itemId: string; period: string; as: string | null; post: string | null; calendar: boolean }[] = [];
const escalating: FlowDef = {
  key: 'test.progress.then',
  name: '测试逐级催报',
  start: 'progThen',
  steps: [
    {
      key: 'progThen',
      name: '承办',
      kind: 'do',
      actors: { type: 'chosen', scope: 'people' },
      mode: 'single',
      actions: ['submit'],
      progress: {
        cadence: { every: 3 },
        escalation: [
          { afterWorkdays: 0, to: 'holder' },
          { afterWorkdays: 2, to: 'supervisor', then: 'note' },
        ],
      },
      next: { end: true },
    },
  ],
};
const escalatingModule = defineModule({
  kind: 'test.escalates',
  name: '测试逐级催报',
  flows: [escalating],
  visibility: 'unit',
  searchText: () => [],
  metrics: [],
  escalations: {
    async note(_tx, e) {
      const c = await e.actAs(e.item.createdBy);
      acted.push({
        itemId: e.item.id,
        period: e.period,
        as: c?.actor.personId ?? null,
        post: c?.actor.postId ?? null,
        calendar: c?.cal.isWorkday(e.period) ?? false,
      });
    },
  },
});
installModules([ownCadenceModule, escalatingModule]);

const pdf = (text: string) =>
  strToU8(`%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const upload = (c: Client, name: string, bytes: Uint8Array) =>
  c.request(
    'POST',
    '/api/v1/files',
    undefined,
    { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
    bytes,
  );

describe('progress cadences on the official calendar', () => {
  let cal: WorkCalendar;
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    cal = await new CalendarService(t.database.db).get();
  });
  afterAll(() => t?.close());

  it('every N working days skips the weekend and the 2026 Mid-Autumn/National Day break', () => {
    // Wed 23 Sep: Thu 24 is one; Fri 25 – Sun 27 are off; Mon 28 and Tue 29 make three.
    expect(nextReportDue({ every: 3 }, '2026-09-23', null, cal)).toBe('2026-09-29');
    expect(nextReportDue({ every: 1 }, '2026-11-27', null, cal)).toBe('2026-11-30');
  });

  it('weekly on a weekday moves off a holiday to the next working day, and keeps a make-up Saturday', () => {
    // Friday 25 September is a holiday: due Monday 28.
    expect(nextReportDue({ weekly: 5 }, '2026-09-21', null, cal)).toBe('2026-09-28');
    expect(nextReportDue({ weekly: 5 }, '2026-11-23', null, cal)).toBe('2026-11-27');
    // Saturday 10 October is a working day (调休上班).
    expect(nextReportDue({ weekly: 6 }, '2026-10-05', null, cal)).toBe('2026-10-10');
  });

  it('monthly on a day: after the holidays when it falls in them, the month’s last day when it is shorter', () => {
    expect(nextReportDue({ monthlyOnDay: 1 }, '2026-09-15', null, cal)).toBe('2026-10-08');
    expect(nextReportDue({ monthlyOnDay: 5 }, '2026-11-05', null, cal)).toBe('2026-12-07');
    expect(nextReportDue({ monthlyOnDay: 31 }, '2026-11-05', null, cal)).toBe('2026-11-30');
    // 28 February 2026 is a Saturday worked before the Spring Festival.
    expect(nextReportDue({ monthlyOnDay: 31 }, '2026-02-10', null, cal)).toBe('2026-02-28');
  });

  it('N working days before the due date: once, counted back over the holidays; nothing when past or without a due date', () => {
    expect(nextReportDue({ beforeDueWorkdays: 2 }, '2026-09-20', '2026-10-09', cal)).toBe('2026-09-30');
    expect(nextReportDue({ beforeDueWorkdays: 2 }, '2026-09-30', '2026-10-09', cal)).toBeNull();
    expect(nextReportDue({ beforeDueWorkdays: 2 }, '2026-09-20', null, cal)).toBeNull();
  });

  it('monthly on a day of the months listed: quarterly on the 10th of March, June, September and December', () => {
    const quarterly = { monthlyOnDay: 10, months: [3, 6, 9, 12] };
    expect(nextReportDue(quarterly, '2026-07-01', null, cal)).toBe('2026-09-10');
    expect(nextReportDue(quarterly, '2026-09-10', null, cal)).toBe('2026-12-10');
    expect(nextReportDue(quarterly, '2026-12-15', null, cal)).toBe('2027-03-10');
    // Half-yearly on the last day: Tuesday 30 June, then Thursday 31 December.
    expect(nextReportDue({ monthlyOnDay: 31, months: [6, 12] }, '2026-01-05', null, cal)).toBe('2026-06-30');
    expect(nextReportDue({ monthlyOnDay: 31, months: [6, 12] }, '2026-06-30', null, cal)).toBe('2026-12-31');
    const step = reported.steps[0]!;
    expect(checkFlow({ ...reported, steps: [{ ...step, progress: { cadence: { monthlyOnDay: 10, months: [6, 3] } } }] })).toEqual(
      ['progHandle: progress months must be 1..12, ascending, at least one'],
    );
  });

  it('a definition with a bad cadence or escalation out of order is refused', () => {
    const bad: FlowDef = {
      ...reported,
      steps: [{ ...reported.steps[0]!, progress: { cadence: { weekly: 8 }, escalation: [escalation[1]!, escalation[0]!] } }],
    };
    expect(checkFlow(bad)).toEqual([
      'progHandle: progress weekly must be 1..7',
      'progHandle: escalation levels must come later one after another',
    ]);
    expect(checkFlow(reported)).toEqual([]);
  });
});

describe.each(engines)('进展报告 on flows of its own (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'progress-test',
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

  /** Monday 23 November, 10:00 in Beijing: the registrar gives 承办 to 黄晓东 (秘书科科长). */
  async function begin(flow: FlowDef = reported, choice: Parameters<typeof startFlow>[4] = {}) {
    t.clock.set('2026-11-23T02:00:00Z');
    const registrar = await as('chenjing');
    const itemId = await makeItem(t, registrar, { title: `关于落实安全生产责任制的督办事项 ${randomUUID().slice(0, 6)}` });
    const c = flow === byUnits ? choice : { personIds: [await idOf('huangxiaodong')] };
    await run((tx) => startFlow(tx, ctx(registrar), itemId, flow.key, c));
    const [row] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.state, 'open')));
    return { itemId, task: row! };
  }
  const taskRow = async (id: string) => (await t.database.db.select().from(task).where(eq(task.id, id)))[0]!;
  const progressJobs = async (taskId: string) =>
    (
      await t.database.db
        .select({ runAt: job.runAt, state: job.state, payload: job.payload })
        .from(job)
        .where(eq(job.groupKey, `task:${taskId}:progress`))
        .orderBy(asc(job.id))
    ).map((j) => ({ at: j.runAt.toISOString().slice(0, 10), state: j.state, to: (j.payload as { to: string }).to }));
  const escalations = async (taskId: string) =>
    (
      await t.database.db
        .select({ summary: event.summary })
        .from(event)
        .where(and(eq(event.action, 'task.progress.escalate'), eq(event.targetId, taskId)))
        .orderBy(asc(event.id))
    ).map((e) => e.summary as { to: string; people: string[]; period: string; n: number });
  const at = async (iso: string) => {
    t.clock.set(iso);
    await runDueJobs(t.database.db, t.clock.now());
  };
  const report = async (username: string, taskId: string, text: string) => {
    const a = await as(username);
    return run((tx) => reportProgress(tx, ctx(a), taskId, { text }));
  };

  it('an item’s own cadence, given by its module, replaces its step’s; an item without one keeps the step’s', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    const registrar = await as('chenjing');
    const start = async (own: ProgressCadence | null) => {
      const itemId = await makeItem(t, registrar, {
        title: `季度报告的督办事项 ${randomUUID().slice(0, 6)}`,
        kind: 'test.ownCadence',
      });
      if (own) ownCadences.set(itemId, own);
      const c = { personIds: [await idOf('huangxiaodong')] };
      await run((tx) => startFlow(tx, ctx(registrar), itemId, reported.key, c));
      const [row] = await t.database.db
        .select()
        .from(task)
        .where(and(eq(task.itemId, itemId), eq(task.state, 'open')));
      return row!;
    };
    // Quarterly on the 10th: the next is Thursday 10 December, not three working days on.
    const quarterly = await start({ monthlyOnDay: 10, months: [3, 6, 9, 12] });
    expect(quarterly.progressDueDate).toBe('2026-12-10');
    expect((await progressJobs(quarterly.id))[0]).toEqual({ at: '2026-12-10', state: 'pending', to: 'holder' });
    t.clock.set('2026-12-09T02:00:00Z');
    expect((await report('huangxiaodong', quarterly.id, '本季度已完成三个小区的改造方案。')).nextDue).toBe('2027-03-10');
    t.clock.set('2026-11-23T02:00:00Z');
    expect((await start(null)).progressDueDate).toBe('2026-11-26');
    // A module's cadence is checked as a step's is.
    await expect(start({ weekly: 9 })).rejects.toThrow('progress weekly must be 1..7');
  });

  it('a report keeps the task open and sets the next report three working days on; the sender hears of it; others may not report', async () => {
    const { task: handle } = await begin();
    // Monday + 3 working days: Thursday 26 November; its three levels are scheduled.
    expect(handle.progressDueDate).toBe('2026-11-26');
    expect(await progressJobs(handle.id)).toEqual([
      { at: '2026-11-26', state: 'pending', to: 'holder' },
      { at: '2026-11-30', state: 'pending', to: 'unitLeader' },
      { at: '2026-12-03', state: 'pending', to: 'supervisor' },
    ]);
    t.clock.set('2026-11-25T02:00:00Z');
    const out = await report('huangxiaodong', handle.id, '已召集各科室部署，正在逐项排查。');
    // Reported early for Thursday's period: the next is counted from Thursday.
    expect(out.nextDue).toBe('2026-12-01');
    expect(await taskRow(handle.id)).toMatchObject({ state: 'open', progressDueDate: '2026-12-01' });
    const [saved] = await t.database.db.select().from(taskProgress).where(eq(taskProgress.taskId, handle.id));
    expect(saved).toMatchObject({
      periodDueDate: '2026-11-26',
      text: '已召集各科室部署，正在逐项排查。',
      signature: '黄晓东',
      onBehalfOfPersonId: null,
    });
    expect((await progressJobs(handle.id)).map((j) => j.state)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'pending',
      'pending',
      'pending',
    ]);
    const told = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.personId, await idOf('chenjing')), like(notification.message, '进展报告%')));
    expect(told.map((n) => n.message)).toContainEqual(expect.stringContaining('已召集各科室部署'));
    expect(await refusal(report('liuyang', handle.id, '代报'))).toEqual({
      code: 'FORBIDDEN',
      message: '只有该事项的办理人（或其代理人）可以报告进展',
    });
  });

  it('a missed report is escalated once per level: the holder on the day, the leader in charge of his section two working days on; a report then settles the period', async () => {
    const { task: handle } = await begin();
    const [huang, zhou] = [await idOf('huangxiaodong'), await idOf('zhouwenbin')];
    await at('2026-11-26T01:30:00Z');
    expect(await escalations(handle.id)).toEqual([
      expect.objectContaining({ to: 'holder', people: [huang], period: '2026-11-26', n: 0 }),
    ]);
    const [urge] = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.personId, huang), eq(notification.taskId, handle.id), eq(notification.kind, 'reminder')));
    expect(urge!.message).toContain('进展报告应于 2026-11-26 报送');
    // Running the jobs again on the same day tells nobody twice.
    await at('2026-11-27T01:30:00Z');
    expect(await escalations(handle.id)).toHaveLength(1);
    // Monday 30 November, two working days late: 秘书科 is in the charge of the secretary-general.
    await at('2026-11-30T01:30:00Z');
    expect((await escalations(handle.id)).map((e) => [e.to, e.people])).toEqual([
      ['holder', [huang]],
      ['unitLeader', [zhou]],
    ]);
    const [late] = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.personId, zhou), like(notification.message, '进展报告逾期%')));
    expect(late!.message).toContain('黄晓东的进展报告应于 2026-11-26 报送，已逾期 2 个工作日');
    // The report comes on Tuesday: the supervisors' level (Thursday 3 December) is cancelled; the next period runs from today.
    t.clock.set('2026-12-01T03:00:00Z');
    expect((await report('huangxiaodong', handle.id, '排查完毕，正在整改。')).nextDue).toBe('2026-12-04');
    await at('2026-12-03T02:00:00Z');
    expect((await escalations(handle.id)).map((e) => e.to)).toEqual(['holder', 'unitLeader']);
    expect((await progressJobs(handle.id)).slice(0, 3).map((j) => j.state)).toEqual(['done', 'done', 'cancelled']);
  });

  it('the supervisors are told at the last level; a task for a unit escalates to that unit’s leaders; closing the task cancels its jobs', async () => {
    const gov = (await as('fanlijuan')).unitId!;
    const { task: handle } = await begin(byUnits, { units: [{ unitId: gov, role: 'lead' }] });
    // Weekly on Friday: 27 November.
    expect(handle.progressDueDate).toBe('2026-11-27');
    const leaders = (await run((tx) => leadersOfUnit(tx, gov))).map((l) => l.personId);
    expect(leaders.length).toBeGreaterThan(0);
    await at('2026-12-01T01:30:00Z');
    const sup = await idOf('zhaochunmei');
    await at('2026-12-04T01:30:00Z');
    expect((await escalations(handle.id)).map((e) => [e.to, e.people])).toEqual([
      ['holder', [await idOf('fanlijuan')]],
      ['unitLeader', leaders],
      ['supervisor', [sup]],
    ]);

    // A second unit's task, closed before its report is due: nothing is left to run.
    const other = await begin(byUnits, { units: [{ unitId: gov, role: 'lead' }] });
    const clerk = await as('fanlijuan');
    t.clock.set('2026-11-24T02:00:00Z');
    await run((tx) => submitTask(tx, ctx(clerk), other.task.id, { version: null }));
    expect((await progressJobs(other.task.id)).map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await refusal(report('fanlijuan', other.task.id, '已办结'))).toMatchObject({ code: 'CONFLICT' });
  });

  it('a level naming a module act runs it once, after the people are told, acting for a person; a report before it stops it', async () => {
    // The module is the file's, shared by both engines' runs: what an earlier run saw is not this one's.
    acted.length = 0;
    const env = { calendar: async () => cal, ceiling: '内部' as const };
    const tick = async (iso: string) => {
      t.clock.set(iso);
      await runDueJobs(t.database.db, t.clock.now(), 50, env);
    };
    const registrar = await as('chenjing');
    const start = async () => {
      t.clock.set('2026-11-23T02:00:00Z');
      const itemId = await makeItem(t, registrar, { title: `逐级催报 ${randomUUID().slice(0, 6)}`, kind: 'test.escalates' });
      const holder = await idOf('huangxiaodong');
      await run((tx) => startFlow(tx, ctx(registrar), itemId, escalating.key, { personIds: [holder] }));
      const [row] = await t.database.db
        .select()
        .from(task)
        .where(and(eq(task.itemId, itemId), eq(task.state, 'open')));
      return { itemId, task: row! };
    };
    const missed = await start();
    const reported = await start();
    // Every three working days from Monday 23 November: Thursday 26th; the last level two working days on, Monday 30th.
    expect(missed.task.progressDueDate).toBe('2026-11-26');
    expect((await progressJobs(missed.task.id)).map((j) => [j.at, j.to])).toEqual([
      ['2026-11-26', 'holder'],
      ['2026-11-30', 'supervisor'],
    ]);
    await tick('2026-11-26T01:30:00Z');
    expect(acted).toEqual([]);
    t.clock.set('2026-11-27T02:00:00Z');
    await report('huangxiaodong', reported.task.id, '已逐项落实。');
    await tick('2026-11-30T01:30:00Z');
    expect(acted).toEqual([
      { itemId: missed.itemId, period: '2026-11-26', as: registrar.personId, post: registrar.postId, calendar: true },
    ]);
    expect((await escalations(missed.task.id)).map((e) => e.to)).toEqual(['holder', 'supervisor']);
    // Once per missed report: the first item's stays owed and is not acted on again; the second's next one, missed too,
    // is acted on for its own period.
    await tick('2026-12-31T01:30:00Z');
    expect(acted.filter((a) => a.itemId === missed.itemId)).toHaveLength(1);
    expect(acted.filter((a) => a.itemId === reported.itemId).map((a) => a.period > '2026-11-26')).toEqual([true]);

    // A flow naming an act its module does not declare is refused when the module is defined.
    expect(() =>
      defineModule({
        kind: 'test.escalates.bad',
        name: '测试',
        flows: [{ ...escalating, key: 'test.progress.then.bad' }],
        visibility: 'unit',
        searchText: () => [],
        metrics: [],
      }),
    ).toThrow('escalates to note, which the module does not declare');
  });

  it('the API takes a report and lists them; the item page shows them on the task and the holder’s next report date', async () => {
    const { itemId, task: handle } = await begin();
    const c = await signedIn(t, 'huangxiaodong');
    const res = await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '  第一阶段排查已完成。  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), nextDue: '2026-12-01' });
    const list = await c.get(`/api/v1/tasks/${handle.id}/progress`);
    expect(list.body).toMatchObject([{ text: '第一阶段排查已完成。', signature: '黄晓东', periodDueDate: '2026-11-26' }]);
    const [holder, now] = [await as('huangxiaodong'), t.clock.now()];
    const view = await run((tx) => flowView(tx, holder, itemId, now));
    expect(view.tasks.find((x) => x.id === handle.id)).toMatchObject({
      progressDueDate: '2026-12-01',
      progress: [{ text: '第一阶段排查已完成。' }],
    });
    expect(view.myTasks.find((x) => x.id === handle.id)?.holderActions).toEqual({
      progress: true,
      progressDueDate: '2026-12-01',
      extension: false,
      pendingExtensionId: null,
      fileClassification: '公开',
    });
    const outsider = await signedIn(t, 'fanlijuan');
    expect((await outsider.get(`/api/v1/tasks/${handle.id}/progress`)).status).toBe(404);
  });

  it('a report may carry files, uploaded first: whoever reads the item reads them, nobody else does; none are asked for', async () => {
    const { itemId, task: handle } = await begin();
    const c = await signedIn(t, 'huangxiaodong');
    const up = await upload(c, '安全隐患排查汇总表.pdf', pdf('排查汇总'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const res = await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '排查情况见附表。', fileIds: [up.body.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const list = await c.get(`/api/v1/tasks/${handle.id}/progress`);
    expect(list.body).toMatchObject([
      { text: '排查情况见附表。', files: [{ id: up.body.id, name: '安全隐患排查汇总表.pdf', contentType: 'application/pdf' }] },
    ]);
    const [reported] = await t.database.db
      .select({ summary: event.summary })
      .from(event)
      .where(and(eq(event.action, 'task.progress.report'), eq(event.targetId, handle.id)));
    expect(reported!.summary).toMatchObject({
      progressId: res.body.id,
      files: [{ fileId: up.body.id, name: '安全隐患排查汇总表.pdf' }],
    });
    // The registrar who made the item reads the report and its file, downloaded or previewed; another unit's clerk does not.
    const registrar = await signedIn(t, 'chenjing');
    const got = await registrar.getBytes(`/api/v1/files/${up.body.id}/content`);
    expect(got.status).toBe(200);
    expect(got.text).toContain('排查汇总');
    expect((await registrar.get(`/api/v1/files/${up.body.id}/preview`)).status).not.toBe(404);
    const outsider = await signedIn(t, 'fanlijuan');
    expect((await outsider.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    // The item page lists the report's files on its task; a report without files is still a report.
    const [holder, now] = [await as('huangxiaodong'), t.clock.now()];
    const view = await run((tx) => flowView(tx, holder, itemId, now));
    expect(view.tasks.find((x) => x.id === handle.id)?.progress).toMatchObject([{ files: [{ id: up.body.id }] }]);
    const plain = await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '整改已过半。' });
    expect(plain.status).toBe(201);
    expect((await c.get(`/api/v1/tasks/${handle.id}/progress`)).body[1]).toMatchObject({ text: '整改已过半。', files: [] });
  });

  it('a file that does not exist, one of another item, or one the holder may not read is refused with the reason, and nothing is written', async () => {
    const { task: handle } = await begin();
    const other = await begin();
    const c = await signedIn(t, 'huangxiaodong');
    const elsewhere = await upload(c, '另一督办事项材料.pdf', pdf('另一事项'));
    expect(
      (await c.post(`/api/v1/tasks/${other.task.id}/progress`, { text: '另一事项进展。', fileIds: [elsewhere.body.id] })).status,
    ).toBe(201);
    // 刘洋's own upload, on no item yet, is his alone.
    const notHis = await upload(await signedIn(t, 'liuyang'), '个人草稿.pdf', pdf('草稿'));
    const mine = await upload(c, '整改方案.pdf', pdf('整改方案'));
    const cases: [string[], number, string][] = [
      [[randomUUID()], 404, '所附文件不存在或无权查看'],
      [[mine.body.id, elsewhere.body.id], 400, '文件“另一督办事项材料.pdf”属于其他事项，不能附在本事项的进展报告中；请重新上传'],
      [[notHis.body.id], 404, '所附文件不存在或无权查看'],
      [['not-an-id'], 400, '标识格式不正确'],
    ];
    for (const [fileIds, status, message] of cases) {
      const res = await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '附件见后。', fileIds });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(JSON.stringify(res.body)).toContain(message);
    }
    expect(await t.database.db.select().from(taskProgress).where(eq(taskProgress.taskId, handle.id))).toEqual([]);
    expect(await t.database.db.select().from(taskProgressFile).where(eq(taskProgressFile.itemId, handle.itemId))).toEqual([]);
    const [events] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(event)
      .where(and(eq(event.action, 'task.progress.report'), eq(event.targetId, handle.id)));
    expect(events!.n).toBe(0);
    expect(await taskRow(handle.id)).toMatchObject({ progressDueDate: '2026-11-26' });
    // The holder's own file is not taken from him by a refused report: he sends it with the next.
    expect(
      (await c.post(`/api/v1/tasks/${handle.id}/progress`, { text: '整改方案见附件。', fileIds: [mine.body.id] })).status,
    ).toBe(201);
  });

  describe('after an approved 延期, the report owed follows what its cadence counts from', () => {
    /** 黄晓东 asks on `askOn` (before the due date, Monday 30 November) for `to`; 陈静, who gave the task out, approves on `decideOn`. */
    async function extend(taskId: string, askOn: string, to: string, decideOn: string) {
      const [huang, chen] = [await as('huangxiaodong'), await as('chenjing')];
      t.clock.set(`${askOn}T02:00:00Z`);
      const id = await run((tx) =>
        requestExtension(tx, ctx(huang), taskId, { reason: '需协调多部门，时间不足。', proposedDate: to }),
      );
      t.clock.set(`${decideOn}T03:00:00Z`);
      await run((tx) => decideExtension(tx, ctx(chen), id, { approve: true }));
    }
    const pending = async (taskId: string) => (await progressJobs(taskId)).filter((j) => j.state === 'pending');

    it.each([
      ['every three working days', everyThree, '2026-11-26'],
      ['weekly on Friday', weekly, '2026-11-27'],
      ['monthly on the 4th', monthly, '2026-12-04'],
    ])(
      '%s: the report owed keeps its date and its escalations (the monthly one falls after the new deadline)',
      async (_, flow, owed) => {
        const { task: handle } = await begin(flow);
        expect(handle).toMatchObject({ dueDate: '2026-11-30', progressDueDate: owed });
        const before = await pending(handle.id);
        await extend(handle.id, '2026-11-24', '2026-12-02', '2026-11-25');
        expect(await taskRow(handle.id)).toMatchObject({ dueDate: '2026-12-02', progressDueDate: owed });
        expect(await pending(handle.id)).toEqual(before);
      },
    );

    it('every three working days: a report missed before the approval stays owed, and its escalation still reaches the leader', async () => {
      const { task: handle } = await begin(everyThree);
      await at('2026-11-26T01:30:00Z');
      await extend(handle.id, '2026-11-26', '2026-12-11', '2026-11-27');
      expect(await taskRow(handle.id)).toMatchObject({ dueDate: '2026-12-11', progressDueDate: '2026-11-26' });
      await at('2026-11-30T01:30:00Z');
      expect((await escalations(handle.id)).map((e) => [e.to, e.period])).toEqual([
        ['holder', '2026-11-26'],
        ['unitLeader', '2026-11-26'],
      ]);
      // Reported at last: the next is counted from today, as without the 延期.
      t.clock.set('2026-11-30T03:00:00Z');
      expect((await report('huangxiaodong', handle.id, '已协调完毕。')).nextDue).toBe('2026-12-03');
    });

    it('once before the due date: moves with the deadline, before it is due and after it was sent', async () => {
      // Due Monday 30 November: the report two working days before, Thursday 26.
      const ahead = await begin(beforeDue);
      expect(ahead.task.progressDueDate).toBe('2026-11-26');
      await extend(ahead.task.id, '2026-11-24', '2026-12-04', '2026-11-25');
      // Friday 4 December: Wednesday 2.
      expect(await taskRow(ahead.task.id)).toMatchObject({ dueDate: '2026-12-04', progressDueDate: '2026-12-02' });
      expect((await pending(ahead.task.id)).map((j) => [j.at, j.to])).toEqual([
        ['2026-12-02', 'holder'],
        ['2026-12-04', 'unitLeader'],
        ['2026-12-09', 'supervisor'],
      ]);

      const sent = await begin(beforeDue);
      t.clock.set('2026-11-25T02:00:00Z');
      expect((await report('huangxiaodong', sent.task.id, '基本完成，待汇总。')).nextDue).toBeNull();
      await extend(sent.task.id, '2026-11-27', '2026-12-04', '2026-11-27');
      expect(await taskRow(sent.task.id)).toMatchObject({ progressDueDate: '2026-12-02' });
    });

    it('once before the due date: one missed before the approval stays owed — not excused by a date that has passed too, nor moved to the new one', async () => {
      const missed = await begin(beforeDue);
      await at('2026-11-26T01:30:00Z');
      // To Tuesday 1 December: two working days before it is Friday 27, the day of the approval.
      await extend(missed.task.id, '2026-11-26', '2026-12-01', '2026-11-27');
      expect(await taskRow(missed.task.id)).toMatchObject({ dueDate: '2026-12-01', progressDueDate: '2026-11-26' });
      await at('2026-11-30T01:30:00Z');
      expect((await escalations(missed.task.id)).map((e) => e.to)).toEqual(['holder', 'unitLeader']);

      const later = await begin(beforeDue);
      await at('2026-11-26T01:30:00Z');
      await extend(later.task.id, '2026-11-26', '2026-12-10', '2026-11-27');
      expect(await taskRow(later.task.id)).toMatchObject({ dueDate: '2026-12-10', progressDueDate: '2026-11-26' });
      // Sent late, on Monday 30: the next is the one before the new deadline, Tuesday 8 December.
      t.clock.set('2026-11-30T03:00:00Z');
      expect((await report('huangxiaodong', later.task.id, '已补报。')).nextDue).toBe('2026-12-08');
      const [approved] = await t.database.db
        .select({ summary: event.summary })
        .from(event)
        .where(and(eq(event.action, 'task.extension.approve'), eq(event.targetId, later.task.id)));
      expect(approved!.summary).toMatchObject({ nextReport: { from: '2026-11-26', to: '2026-11-26' } });
    });
  });
});

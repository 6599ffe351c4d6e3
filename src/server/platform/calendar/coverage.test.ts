import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { createTask } from '../flow/tasks';
import { flowView } from '../flow/view';
import { missingYearsBetween, nextYearNotice } from './calendar';

describe('next year’s calendar, before it is needed', () => {
  it('is asked for from 1 November while it is missing, and not before or once loaded', () => {
    expect(nextYearNotice([2025, 2026], '2026-10-31')).toBeNull();
    expect(nextYearNotice([2025, 2026], '2026-11-01')).toEqual({ year: 2027, from: '2026-11-01' });
    expect(nextYearNotice([2025, 2026], '2026-12-31')).toEqual({ year: 2027, from: '2026-11-01' });
    expect(nextYearNotice([2026, 2027], '2026-12-01')).toBeNull();
  });

  it('a deadline running into a year without its calendar names that year', () => {
    expect(missingYearsBetween([2026], '2026-12-28', '2027-01-06')).toEqual([2027]);
    expect(missingYearsBetween([2026], '2026-12-01', '2026-12-20')).toEqual([]);
  });
});

// The shipped calendar covers 2020–2026; the State Council had not published 2027 when this was written.
describe.each(engines)('the 2027 calendar in December 2026 (%s)', (engine) => {
  let t: TestApp;
  const year2027 = { year: 2027, notice: ['国办发明电〔2026〕99号'], offDays: ['2027-01-01'], makeupWorkdays: [] };
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('administrators and registrars are told from 1 November (China time) that 2027 is missing', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    t.clock.set('2026-10-31T15:59:00Z'); // 23:59 on 31 October in Beijing
    expect((await registrar.get('/api/v1/calendar/coverage')).body.nextYearMissing).toBeNull();
    t.clock.set('2026-10-31T16:01:00Z'); // 00:01 on 1 November
    const res = await registrar.get('/api/v1/calendar/coverage');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today: '2026-11-01', nextYearMissing: { year: 2027, from: '2026-11-01' } });
    expect(res.body.loadedYears).toContain(2026);
  });

  it('a deadline in January 2027 says on the workbench and on the item that it counts weekends only, until 2027 is imported', async () => {
    t.clock.set('2026-12-28T02:00:00Z');
    const registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const itemId = await makeItem(t, registrar, { title: '关于报送2026年度工作总结的通知' });
    const audit = { personId: registrar.personId, postId: registrar.postId };
    await t.database.db.transaction((tx) =>
      createTask(
        tx,
        { itemId, kind: 'do', step: '承办', assigneePersonId: registrar.personId, dueDate: '2027-01-06' },
        audit,
        t.clock.now(),
      ),
    );
    const c = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const row = async () =>
      (
        (await c.get('/api/v1/workbench/todo?limit=200')).body.items as {
          itemId: string;
          deadline: { missingYears: number[]; calendarComplete: boolean };
        }[]
      ).find((r) => r.itemId === itemId)!;
    expect((await row()).deadline).toMatchObject({ calendarComplete: false, missingYears: [2027] });

    const onItem = async () =>
      (await t.database.db.transaction((tx) => flowView(tx, registrar, itemId, t.clock.now()))).myTasks[0]!;
    expect(await onItem()).toMatchObject({ dueDate: '2027-01-06', dueMissingYears: [2027] });

    const sys = await signedIn(t, 'sysadmin');
    expect((await sys.post('/api/v1/calendar/years', year2027)).status).toBe(201);
    expect((await sys.get('/api/v1/calendar/coverage')).body.nextYearMissing).toBeNull();
    expect((await row()).deadline).toMatchObject({ calendarComplete: true, missingYears: [] });
    expect((await onItem()).dueMissingYears).toEqual([]);
  });
});

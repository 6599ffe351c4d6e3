import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, startTestApp, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { item } from '../items/schema';
import { unit } from '../../org/schema';
import { returnTask, startFlow, stopFlow, submitTask } from './engine';
import { declareFlow } from './registry';
import {
  acceptDispatch,
  cancelDispatch,
  declareDispatchKind,
  redirectDispatch,
  resendDispatch,
  returnDispatch,
} from './dispatch';
import { dispatch, task } from './schema';

// A step of a flow given out by sending (ActorRule `units` with `via`: 督办 交办, and later 会议通知, 约稿 …), on a
// synthetic flow and kind of its own: the units sign for it or send it back, the step's task opens for whoever
// signed, and the step is done only when every unit sent it has signed and finished — or was taken off by the sender.

declareDispatchKind({ key: 'test.handout', name: '签收', reads: 'full', limit: { days: 1, unit: 'working' } });
declareFlow({
  key: 'test.handout',
  name: '测试交办',
  start: 'give',
  steps: [
    {
      key: 'give',
      name: '交办',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit'],
      next: { to: 'work' },
    },
    {
      key: 'work',
      name: '办理',
      kind: 'do',
      actors: { type: 'units', via: 'test.handout' },
      mode: 'all',
      actions: ['submit', 'reassign'],
      limit: 'item',
      next: { to: 'check' },
      progress: { cadence: { every: 5 }, leadOnly: true },
    },
    {
      key: 'check',
      name: '审核',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit', 'return'],
      returnTo: ['work'],
      next: { end: true },
    },
  ],
});

describe.each(engines)('a step given out by sending (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'dispatched-step-test',
  );
  const actors = new Map<string, Actor>();
  const A = (username: string) => actors.get(username)!;
  const units = new Map<string, string>();
  const CITY_OFFICE = '中共江州市委办公室';
  const QINGXI = '中共清溪县委办公室';
  const EDUCATION = '江州市教育局';

  beforeAll(async () => {
    t = await startTestApp(engine);
    cal = await new CalendarService(t.database.db).get();
    for (const u of await t.database.db.select({ id: unit.id, name: unit.name }).from(unit)) units.set(u.name, u.id);
    for (const u of ['chenghao', 'chenjing', 'panyulan', 'donglei']) actors.set(u, await actorOf(t.database, u));
  });
  afterAll(() => t?.close());

  /** 市发改委's registrar gives an item out to the city office (lead, due 12-14) and 清溪 (assisting, due 12-07). */
  async function handOut() {
    const sender = A('chenghao');
    const itemId = await makeItem(t, sender, { title: `测试 ${randomUUID().slice(0, 8)}`, dueDate: '2026-12-14' });
    await run((tx) => startFlow(tx, ctx(sender), itemId, 'test.handout'));
    const [give] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.stepKey, 'give')));
    await run((tx) =>
      submitTask(tx, ctx(sender), give!.id, {
        version: null,
        next: {
          units: [
            { unitId: units.get(CITY_OFFICE)!, role: 'lead' },
            { unitId: units.get(QINGXI)!, role: 'assisting', dueDate: '2026-12-07' },
          ],
        },
      }),
    );
    const rows = await t.database.db.select().from(dispatch).where(eq(dispatch.itemId, itemId));
    const of = (name: string) => rows.find((r) => r.unitId === units.get(name))!;
    return { itemId, of };
  }
  const stateOf = async (itemId: string) => (await t.database.db.select().from(item).where(eq(item.id, itemId)))[0]!.state;
  const workTasks = (itemId: string) =>
    t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.stepKey, 'work')));

  it('sends each unit its part; 签收 opens the step task for the signer, due on its unit date, given out by the sender', async () => {
    const { itemId, of } = await handOut();
    expect(await stateOf(itemId)).toBe('work');
    expect(await workTasks(itemId)).toHaveLength(0);
    // Signing for it is due within the kind's working day (Monday 23 Nov → Tuesday), the work on the unit's date.
    const receiving = await t.database.db
      .select()
      .from(task)
      .where(eq(task.dispatchId, of(CITY_OFFICE).id));
    expect([...new Set(receiving.map((r) => r.dueDate))]).toEqual(['2026-11-24']);
    expect([of(CITY_OFFICE).role, of(CITY_OFFICE).dueDate, of(QINGXI).role, of(QINGXI).dueDate]).toEqual([
      'lead',
      '2026-12-14',
      'assisting',
      '2026-12-07',
    ]);
    const made = await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), of(CITY_OFFICE).id, null));
    await run((tx) => acceptDispatch(tx, ctx(A('panyulan')), of(QINGXI).id, null));
    const tasks = await workTasks(itemId);
    const lead = tasks.find((x) => x.id === made.stepTaskId)!;
    expect([lead.assigneePersonId, lead.unitRole, lead.dueDate, lead.createdBy, lead.forUnitId]).toEqual([
      A('chenjing').personId,
      'lead',
      '2026-12-14',
      A('chenghao').personId,
      units.get(CITY_OFFICE),
    ]);
    // Only the lead owes reports (leadOnly): the assisting unit's task has no report date.
    const assisting = tasks.find((x) => x.unitRole === 'assisting')!;
    expect([lead.progressDueDate !== null, assisting.progressDueDate, assisting.dueDate]).toEqual([true, null, '2026-12-07']);
  });

  it('the step waits for a unit that has not signed or sent it back; 改派 to another unit, whose finishing moves the item on', async () => {
    const { itemId, of } = await handOut();
    const lead = await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), of(CITY_OFFICE).id, null));
    await run((tx) => submitTask(tx, ctx(A('chenjing')), lead.stepTaskId!, { version: null }));
    // The lead is done but 清溪 has not signed: the step goes on.
    expect(await stateOf(itemId)).toBe('work');
    await run((tx) => returnDispatch(tx, ctx(A('panyulan')), of(QINGXI).id, '不属本县职责'));
    expect(await stateOf(itemId)).toBe('work');
    // Dropping the last unit with work to do would leave nobody to move the step on: refused.
    expect(await refusal(run((tx) => cancelDispatch(tx, ctx(A('chenghao')), itemId, of(QINGXI).id, '不再需要')))).toMatchObject({
      code: 'CONFLICT',
    });
    const moved = await run((tx) =>
      redirectDispatch(tx, ctx(A('chenghao')), itemId, of(QINGXI).id, { unitId: units.get(EDUCATION)!, note: null }),
    );
    expect([moved.role, moved.dueDate, moved.groupId, moved.flowStep]).toEqual([
      'assisting',
      '2026-12-07',
      of(QINGXI).groupId,
      'work',
    ]);
    const edu = await run((tx) => acceptDispatch(tx, ctx(A('donglei')), moved.id, null));
    await run((tx) => submitTask(tx, ctx(A('donglei')), edu.stepTaskId!, { version: null }));
    expect(await stateOf(itemId)).toBe('check');
  });

  it('sent back from the next step, the work goes to whoever completed the step, though others finished the same moment', async () => {
    const { itemId, of } = await handOut();
    const lead = await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), of(CITY_OFFICE).id, null));
    const part = await run((tx) => acceptDispatch(tx, ctx(A('panyulan')), of(QINGXI).id, null));
    // The clock does not move: both are done at the same instant; 清溪's submission completes the step.
    await run((tx) => submitTask(tx, ctx(A('chenjing')), lead.stepTaskId!, { version: null }));
    await run((tx) => submitTask(tx, ctx(A('panyulan')), part.stepTaskId!, { version: null }));
    const [check] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.stepKey, 'check'), eq(task.state, 'open')));
    await run((tx) =>
      returnTask(tx, ctx(A('chenghao')), check!.id, { version: null, toStep: 'work', reason: '请补充', dueDate: '2026-12-18' }),
    );
    const again = (await workTasks(itemId)).filter((x) => x.state === 'open');
    expect(again.map((x) => [x.assigneePersonId, x.dueDate])).toEqual([[A('panyulan').personId, '2026-12-18']]);
    expect(await stateOf(itemId)).toBe('work');
  });

  it('the lead is never dropped; stopping the flow cancels what no unit has signed for yet', async () => {
    const { itemId, of } = await handOut();
    await run((tx) => returnDispatch(tx, ctx(A('chenjing')), of(CITY_OFFICE).id, '请改交他单位'));
    expect(await refusal(run((tx) => cancelDispatch(tx, ctx(A('chenghao')), itemId, of(CITY_OFFICE).id, '撤销')))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('主办单位不能撤销'),
    });
    // Sent again without a new date, the unit's part keeps its own (the kind has no limit to count afresh).
    const again = await run((tx) => resendDispatch(tx, ctx(A('chenghao')), itemId, of(CITY_OFFICE).id, null));
    expect([again.dueDate, again.role, again.groupId]).toEqual(['2026-12-14', 'lead', of(CITY_OFFICE).groupId]);
    await run((tx) => stopFlow(tx, ctx(A('chenghao')), itemId, { state: 'closed', reason: '事项撤销' }));
    const left = await t.database.db
      .select({ state: dispatch.state })
      .from(dispatch)
      .where(and(eq(dispatch.itemId, itemId), isNull(dispatch.supersededAt)));
    expect(left.map((r) => r.state).sort()).toEqual(['cancelled', 'cancelled']);
    const open = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.state, 'open')));
    expect(open).toHaveLength(0);
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(A('panyulan')), of(QINGXI).id, null)))).not.toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, startTestApp, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { issuedCopyReaches } from '../items/service';
import { job } from '../jobs/schema';
import { migrationsFolder } from '../db/migrate';
import { rowsOf } from '../db/client';
import { notification } from '../notify/schema';
import { computeMetrics } from '../modules/metrics';
import { defineModule } from '../modules/registry';
import { chinaToday, listWorkbench, workbenchScope } from '../workbench/service';
import { delegation, person, unit } from '../../org/schema';
import { startFlow, submitTask } from './engine';
import { declareFlow } from './registry';
import {
  acceptDispatch,
  cancelDispatch,
  declareDispatchKind,
  remindDispatch,
  resendDispatch,
  returnDispatch,
  sendToUnits,
  type DispatchKindDef,
} from './dispatch';
import { dispatch, task } from './schema';
import { completeTask, readsItem } from './tasks';
import { requestExtension } from './extension';
import { reportProgress } from './progress';

// Sending to units on kinds of its own — no module, no 发文 — so that what every module's 交办/分送/核发 relies on is
// shown to hold: who receives, the deadline and reminders, 签收 and 退回, sending again, 撤回, 催办, delegation, 效能.

const accepted: { dispatchId: string; input: unknown; by: string }[] = [];
const returned: string[] = [];

/** Receivers read only the issued copy; 签收 within 2 working days, reminded the day after. */
const notice: DispatchKindDef = {
  key: 'test.notice',
  name: '签收',
  reads: 'issued',
  limit: { days: 2, unit: 'working' },
  reminders: { afterDays: [1] },
  accept: async (_tx, ctx, d, input) => {
    accepted.push({ dispatchId: d.id, input, by: ctx.actor.name });
    return { resultItemId: null, result: { ok: true } };
  },
  returned: async (_tx, _ctx, d) => {
    returned.push(d.reason ?? '');
  },
};
/** Receivers read the whole record (a supervision item's requirement), no limit of its own. */
const assignment: DispatchKindDef = { key: 'test.assign', name: '接收', reads: 'full' };
for (const k of [notice, assignment]) declareDispatchKind(k);
/** The sender's own handling of the item while it is out with the units: one step, its creator's. */
declareFlow({
  key: 'test.sent',
  name: '测试发送',
  start: 'work',
  steps: [
    {
      key: 'work',
      name: '办理',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit'],
      next: { end: true },
    },
  ],
});

describe.each(engines)('sending items to units (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'dispatch-test',
  );
  const actors = new Map<string, Actor>();
  /** The people of these tests, loaded before any transaction (PGlite has one connection: no query inside one). */
  const A = (username: string) => actors.get(username)!;
  const units = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    cal = await new CalendarService(t.database.db).get();
    for (const u of await t.database.db.select({ id: unit.id, name: unit.name }).from(unit)) units.set(u.name, u.id);
    for (const u of ['chenghao', 'chenjing', 'maxiaoyan', 'panyulan', 'liuyang']) actors.set(u, await actorOf(t.database, u));
  });
  afterAll(() => t?.close());

  const CITY_OFFICE = '中共江州市委办公室';
  const QINGXI = '中共清溪县委办公室';

  /** 市发改委's registrar sends one of its items to the city office and 清溪县委办. */
  async function send(kind = notice.key, extra: { classification?: '公开' | '秘密'; dueDate?: string } = {}) {
    const sender = A('chenghao');
    const itemId = await makeItem(t, sender, {
      title: `测试交办 ${randomUUID().slice(0, 8)}`,
      ...(extra.classification ? { classification: extra.classification } : {}),
    });
    const targets = [
      { unitId: units.get(CITY_OFFICE)!, role: 'lead' },
      { unitId: units.get(QINGXI)!, role: 'assisting' },
    ];
    const c = ctx(sender);
    const rows = await run((tx) => sendToUnits(tx, c, { itemId, kind, targets, dueDate: extra.dueDate ?? null }));
    return { itemId, rows, byUnit: (name: string) => rows.find((r) => r.unitId === units.get(name))! };
  }

  async function tasksOf(dispatchId: string) {
    return t.database.db
      .select({
        id: task.id,
        who: person.name,
        state: task.state,
        stepKey: task.stepKey,
        step: task.step,
        dueDate: task.dueDate,
        forUnitId: task.forUnitId,
        remindCount: task.remindCount,
      })
      .from(task)
      .innerJoin(person, eq(person.id, task.assigneePersonId))
      .where(eq(task.dispatchId, dispatchId))
      .orderBy(asc(person.name));
  }
  const rowOf = async (id: string) => (await t.database.db.select().from(dispatch).where(eq(dispatch.id, id)))[0]!;

  it("each unit's registrars cleared for the item get a receiving task with the kind's deadline; a classified item only its cleared ones; sending twice sends once", async () => {
    const { itemId, rows, byUnit } = await send();
    expect(rows).toHaveLength(2);
    const due = cal.addWorkdays(chinaToday(t.clock.now()), 2).date;
    const city = await tasksOf(byUnit(CITY_OFFICE).id);
    expect(city.map((r) => [r.who, r.state, r.stepKey, r.step, r.dueDate, r.forUnitId])).toEqual([
      ['陈静', 'open', 'test.notice', '签收', due, units.get(CITY_OFFICE)],
      ['马晓燕', 'open', 'test.notice', '签收', due, units.get(CITY_OFFICE)],
    ]);
    expect((await tasksOf(byUnit(QINGXI).id)).map((r) => r.who)).toEqual(['潘玉兰']);
    // Automatic reminders the working day after the deadline, one per task, grouped so closing the task cancels them.
    const reminders = await t.database.db
      .select({ key: job.groupKey })
      .from(job)
      .where(
        and(
          eq(job.kind, 'task.autoRemind'),
          eq(job.state, 'pending'),
          inArray(
            job.groupKey,
            city.map((r) => `task:${r.id}`),
          ),
        ),
      );
    expect(reminders).toHaveLength(2);
    const sender = A('chenghao');
    const again = await run((tx) =>
      sendToUnits(tx, ctx(sender), { itemId, kind: notice.key, targets: [{ unitId: units.get(CITY_OFFICE)!, role: 'lead' }] }),
    );
    expect(again).toEqual([]);

    const secret = await send(notice.key, { classification: '秘密' });
    expect((await tasksOf(secret.byUnit(CITY_OFFICE).id)).map((r) => r.who)).toEqual(['马晓燕']);
    // Nobody in 清溪 is cleared for 秘密: the row is there for the sender to see, with no one holding it.
    expect(await tasksOf(secret.byUnit(QINGXI).id)).toEqual([]);
  });

  it('receivers read the issued copy only (or the whole record, as the kind says); the task is on their workbench and opens where the module receives it', async () => {
    const issued = await send();
    // The item has a flow of its own (as a 发文 has), so a receiving task's step key is not one of its steps.
    const sender = A('chenghao');
    await run((tx) => startFlow(tx, ctx(sender), issued.itemId, 'test.sent', {}));
    const chenjing = A('chenjing');
    expect(await readsItem(t.database.db, chenjing, issued.itemId)).toBe(false);
    expect(await run((tx) => issuedCopyReaches(tx, chenjing, issued.itemId, '机密'))).toBe(true);
    const full = await send(assignment.key);
    expect(await readsItem(t.database.db, chenjing, full.itemId)).toBe(true);
    const bench = await listWorkbench(
      t.database.db,
      workbenchScope(chenjing, '机密'),
      'todo',
      { limit: 200, offset: 0, sort: 'created' },
      cal,
      t.clock.now(),
    );
    const row = bench.items.find((r) => r.itemId === issued.itemId)!;
    expect(row).toMatchObject({ step: '签收', dispatchId: issued.byUnit(CITY_OFFICE).id });
    // The flow's own commands do not settle a receiving task.
    const [own] = (await tasksOf(issued.byUnit(CITY_OFFICE).id)).filter((r) => r.who === '陈静');
    expect(await refusal(run((tx) => submitTask(tx, ctx(chenjing), own!.id, { version: null })))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await refusal(run((tx) => completeTask(tx, chenjing, own!.id, null, ctx(chenjing).audit, t.clock.now()))),
    ).toMatchObject({ code: 'CONFLICT' });
    // Nor do the holder's other acts on a flow step: 延期 and 进展报告 are refused with a reason, not a failure.
    expect(
      await refusal(
        run((tx) => requestExtension(tx, ctx(chenjing), own!.id, { reason: '需要时间核对', proposedDate: '2099-01-01' })),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await refusal(run((tx) => reportProgress(tx, ctx(chenjing), own!.id, { text: '已收到' })))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('签收: the first registrar settles it for the unit; the module makes its part; others are refused and outsiders told nothing', async () => {
    const { byUnit } = await send();
    const d = byUnit(CITY_OFFICE);
    const chenjing = A('chenjing');
    const outsider = A('panyulan');
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(outsider), d.id, {})))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(A('chenghao')), d.id, {})))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const made = await run((tx) => acceptDispatch(tx, ctx(chenjing), d.id, { register: '收文' }));
    expect(made.result).toEqual({ ok: true });
    expect(accepted.at(-1)).toEqual({ dispatchId: d.id, input: { register: '收文' }, by: '陈静' });
    expect(await rowOf(d.id)).toMatchObject({ state: 'accepted', decidedByPersonId: chenjing.personId, decidedOnBehalfOf: null });
    expect((await tasksOf(d.id)).map((r) => [r.who, r.state])).toEqual([
      ['陈静', 'done'],
      ['马晓燕', 'cancelled'],
    ]);
    // Reminders end with the tasks.
    const pending = await t.database.db
      .select({ id: job.id })
      .from(job)
      .where(
        and(
          eq(job.state, 'pending'),
          inArray(
            job.groupKey,
            (await tasksOf(d.id)).map((r) => `task:${r.id}`),
          ),
        ),
      );
    expect(pending).toEqual([]);
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(chenjing), d.id, {})))).toMatchObject({
      code: 'CONFLICT',
      message: '该件已签收',
    });
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(A('maxiaoyan')), d.id, {})))).toMatchObject({
      code: 'CONFLICT',
    });
    // The sender hears of it.
    const told = await t.database.db
      .select({ message: notification.message })
      .from(notification)
      .where(and(eq(notification.personId, A('chenghao').personId), like(notification.message, '陈静已签收%')));
    expect(told.length).toBeGreaterThan(0);
  });

  it('退回 needs a reason; the sender sends again (a new row, the return kept) and the old one can no longer be signed for', async () => {
    const { itemId, byUnit } = await send();
    const d = byUnit(QINGXI);
    const pan = A('panyulan');
    expect(await refusal(run((tx) => returnDispatch(tx, ctx(pan), d.id, ' ')))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await rowOf(d.id)).state).toBe('pending');
    await run((tx) => returnDispatch(tx, ctx(pan), d.id, '不属于我县办理范围。'));
    expect(returned.at(-1)).toBe('不属于我县办理范围。');
    expect(await rowOf(d.id)).toMatchObject({ state: 'returned', reason: '不属于我县办理范围。' });
    // Only the sending side may send again: 清溪's own registrar is refused, a stranger is told nothing.
    expect(await refusal(run((tx) => resendDispatch(tx, ctx(pan), itemId, d.id, null)))).toMatchObject({ code: 'NOT_FOUND' });
    const again = await run((tx) => resendDispatch(tx, ctx(A('chenghao')), itemId, d.id, '已补充材料'));
    expect(again).toMatchObject({ state: 'pending', previousId: d.id, note: '已补充材料', unitId: d.unitId });
    expect((await rowOf(d.id)).supersededAt).not.toBeNull();
    expect((await tasksOf(again.id)).map((r) => [r.who, r.state])).toEqual([['潘玉兰', 'open']]);
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(pan), d.id, {})))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('重新发送'),
    });
    expect(await refusal(run((tx) => resendDispatch(tx, ctx(A('chenghao')), itemId, again.id, null)))).toMatchObject({
      code: 'CONFLICT',
    });
    await run((tx) => acceptDispatch(tx, ctx(pan), again.id, {}));
  });

  it('a delegate of a registrar signs for the unit, recorded for whom', async () => {
    const { byUnit } = await send();
    const d = byUnit(CITY_OFFICE);
    const chenjing = A('chenjing');
    await t.database.db.insert(delegation).values({
      id: randomUUID(),
      fromPersonId: chenjing.personId,
      toPersonId: A('liuyang').personId,
      startsAt: new Date('2026-01-01T00:00:00Z'),
      endsAt: new Date('2028-01-01T00:00:00Z'),
      reason: '休假',
      createdBy: chenjing.personId,
      createdAt: t.clock.now(),
    });
    const delegate = await actorOf(t.database, 'liuyang');
    await run((tx) => acceptDispatch(tx, ctx(delegate), d.id, {}));
    expect(await rowOf(d.id)).toMatchObject({
      state: 'accepted',
      decidedByPersonId: delegate.personId,
      decidedOnBehalfOf: chenjing.personId,
    });
    expect((await tasksOf(d.id)).map((r) => [r.who, r.state])).toEqual([
      ['陈静', 'done'],
      ['马晓燕', 'cancelled'],
    ]);
  });

  it('撤回 ends what is still waiting; 催办 reaches every registrar still holding it, spaced, and only from the sending side', async () => {
    const { itemId, byUnit } = await send();
    const sender = A('chenghao');
    const city = byUnit(CITY_OFFICE);
    expect(await refusal(run((tx) => remindDispatch(tx, ctx(sender), randomUUID(), city.id, null)))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refusal(run((tx) => remindDispatch(tx, ctx(A('panyulan')), itemId, city.id, null)))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await run((tx) => remindDispatch(tx, ctx(sender), itemId, city.id, '请尽快签收'))).toEqual({ reminded: 2 });
    expect((await tasksOf(city.id)).map((r) => r.remindCount)).toEqual([1, 1]);
    expect(await refusal(run((tx) => remindDispatch(tx, ctx(sender), itemId, city.id, null)))).toMatchObject({
      code: 'CONFLICT',
    });

    const qx = byUnit(QINGXI);
    expect(await refusal(run((tx) => cancelDispatch(tx, ctx(sender), itemId, qx.id, '')))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await run((tx) => cancelDispatch(tx, ctx(sender), itemId, qx.id, '误发'));
    expect(await rowOf(qx.id)).toMatchObject({ state: 'cancelled', reason: '误发' });
    expect((await tasksOf(qx.id)).map((r) => r.state)).toEqual(['cancelled']);
    expect(await refusal(run((tx) => acceptDispatch(tx, ctx(A('panyulan')), qx.id, {})))).toMatchObject({
      code: 'CONFLICT',
      message: '发送单位已撤回该件',
    });
    await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), city.id, {}));
    expect(await refusal(run((tx) => cancelDispatch(tx, ctx(sender), itemId, city.id, '误发')))).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('效能: a kind is a step a metric measures — on time per receiving unit, against the deadline', async () => {
    const late = await send(notice.key, { dueDate: chinaToday(t.clock.now()) });
    const onTime = await send();
    await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), onTime.byUnit(CITY_OFFICE).id, {}));
    // Signed for after its deadline: pretend the deadline was yesterday.
    const lateTasks = await tasksOf(late.byUnit(CITY_OFFICE).id);
    await t.database.db
      .update(task)
      .set({ dueDate: cal.subtractWorkdays(chinaToday(t.clock.now()), 1).date })
      .where(
        inArray(
          task.id,
          lateTasks.map((r) => r.id),
        ),
      );
    await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), late.byUnit(CITY_OFFICE).id, {}));
    const mod = defineModule({
      kind: 'test',
      name: '测试',
      flows: [],
      visibility: 'unit',
      searchText: () => [],
      metrics: [{ key: 'receivedOnTime', name: '签收及时率', measure: { type: 'onTimeRate', step: notice.key }, byUnit: true }],
      dispatches: [notice],
    });
    const today = chinaToday(t.clock.now());
    const report = await computeMetrics(t.database.db, cal, mod, {
      unitId: A('chenghao').unitId!,
      from: today,
      to: today,
      today,
    });
    const city = report.metrics[0]!.byUnit!.find((u) => u.unitName === CITY_OFFICE)!;
    expect(city.denominator).toBeGreaterThanOrEqual(2);
    expect(city.numerator).toBe(city.denominator! - 1);
    expect(() =>
      defineModule({
        kind: 'test2',
        name: '测试',
        flows: [],
        visibility: 'unit',
        searchText: () => [],
        metrics: [{ key: 'x', name: 'x', measure: { type: 'onTimeRate', step: 'nope' } }],
      }),
    ).toThrow(/unknown step/);
  });
});

describe.each(engines)('发文 receipts from before the kernel dispatch (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  it("migration 0026 turns units' receipts into dispatches (ids kept) and what waited into 签收 tasks; organs outside stay", async () => {
    const db = t.database.db;
    const sender = await actorOf(t.database, 'chenghao');
    const itemId = await makeItem(t, sender, { title: '迁移前核发的文件' });
    const received = await makeItem(t, await actorOf(t.database, 'panyulan'), { title: '清溪收文' });
    const unitId = async (name: string) => (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    const [city, qingxi, donghu] = [
      await unitId('中共江州市委办公室'),
      await unitId('中共清溪县委办公室'),
      await unitId('中共江州市东湖区委办公室'),
    ];
    const pan = (await actorOf(t.database, 'panyulan')).personId;
    const tang = (await actorOf(t.database, 'tangxiaolin')).personId;
    const at = new Date('2026-11-02T02:00:00Z');
    const later = new Date('2026-11-03T02:00:00Z');
    const ids = { city: randomUUID(), qingxi: randomUUID(), returned: randomUUID(), again: randomUUID(), organ: randomUUID() };
    // The rows as 发文 wrote them (its table, by SQL: the kernel's tests import no module), in the table as 0026 found
    // it — with the unit-receipt columns 0029 dropped.
    await db.execute(
      sql.raw(`alter table outgoing_delivery alter column organ_name drop not null, add column unit_id uuid,
        add column signed_at timestamptz, add column signed_by_person_id uuid, add column incoming_item_id uuid,
        add column returned_at timestamptz, add column returned_by_person_id uuid, add column return_reason text`),
    );
    const receipt = (
      id: string,
      unitId: string | null,
      organ: string | null,
      role: string,
      status: string,
      extra: Record<string, unknown> = {},
    ) => {
      const v = {
        signed_at: null,
        signed_by_person_id: null,
        incoming_item_id: null,
        returned_at: null,
        returned_by_person_id: null,
        return_reason: null,
        superseded_at: null,
        previous_id: null,
        correction_reason: null,
        delivered_at: at,
        ...extra,
      };
      return sql`insert into outgoing_delivery (id, item_id, unit_id, organ_name, role, status, delivered_at, created_by_person_id, signed_at, signed_by_person_id,
        incoming_item_id, returned_at, returned_by_person_id, return_reason, superseded_at, previous_id, correction_reason)
        values (${id}, ${itemId}, ${unitId}, ${organ}, ${role}, ${status}, ${v.delivered_at}, ${sender.personId}, ${v.signed_at}, ${v.signed_by_person_id},
        ${v.incoming_item_id}, ${v.returned_at}, ${v.returned_by_person_id}, ${v.return_reason}, ${v.superseded_at}, ${v.previous_id}, ${v.correction_reason})`;
    };
    for (const q of [
      receipt(ids.city, city, null, 'main', 'delivered'),
      receipt(ids.qingxi, qingxi, null, 'cc', 'signed', {
        signed_at: later,
        signed_by_person_id: pan,
        incoming_item_id: received,
      }),
      receipt(ids.returned, donghu, null, 'main', 'returned', {
        returned_at: later,
        returned_by_person_id: tang,
        return_reason: '非我区事项',
        superseded_at: later,
      }),
      receipt(ids.again, donghu, null, 'main', 'delivered', {
        delivered_at: later,
        previous_id: ids.returned,
        correction_reason: '请转交',
      }),
      receipt(ids.organ, null, '江南省委办公厅', 'main', 'offline'),
    ])
      await db.execute(q);

    const statements = readFileSync(join(migrationsFolder, '0026_dispatch.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => /^\s*(INSERT|DELETE)/m.test(s.replace(/^--.*$/gm, '')));
    expect(statements).toHaveLength(3);
    await db.transaction(async (tx) => {
      for (const s of statements) await tx.execute(sql.raw(s));
    });

    const rows = new Map((await db.select().from(dispatch).where(eq(dispatch.itemId, itemId))).map((d) => [d.id, d]));
    expect(rows.get(ids.city)).toMatchObject({
      kind: 'issue',
      unitId: city,
      state: 'pending',
      sentAt: at,
      sentByPersonId: sender.personId,
    });
    expect(rows.get(ids.qingxi)).toMatchObject({
      role: 'cc',
      state: 'accepted',
      decidedAt: later,
      decidedByPersonId: pan,
      resultItemId: received,
    });
    expect(rows.get(ids.returned)).toMatchObject({
      state: 'returned',
      reason: '非我区事项',
      decidedByPersonId: tang,
      supersededAt: later,
    });
    expect(rows.get(ids.again)).toMatchObject({ state: 'pending', previousId: ids.returned, note: '请转交' });
    const tasks = await db
      .select({ d: task.dispatchId, who: person.name, state: task.state, stepKey: task.stepKey, forUnitId: task.forUnitId })
      .from(task)
      .innerJoin(person, eq(person.id, task.assigneePersonId))
      .where(eq(task.itemId, itemId))
      .orderBy(asc(person.name));
    expect(tasks.map((r) => [r.d, r.who, r.state, r.stepKey])).toEqual([
      [ids.again, '唐晓琳', 'open', 'issue'],
      [ids.city, '陈静', 'open', 'issue'],
      [ids.city, '马晓燕', 'open', 'issue'],
    ]);
    const left = rowsOf<{ id: string }>(await db.execute(sql`select id from outgoing_delivery where item_id = ${itemId}`));
    expect(left.map((r) => r.id)).toEqual([ids.organ]);
  });
});

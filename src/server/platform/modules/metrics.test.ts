import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { account } from '../auth/schema';
import { unit } from '../../org/schema';
import type { MetricsReport } from '../../../contract/metrics';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client';
import { NO_UNIT } from './schema';

// The 效能 figures the 收文 module declares, computed by the kernel from what the flow left behind.

describe.each(engines)('module metrics (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  const submit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown>) => {
    const c = await signedIn(t, who);
    const d = (await c.get(`/api/v1/incoming/${itemId}`)).body as { myTasks: { id: string; version: number; stepKey: string }[] };
    const task = d.myTasks.find((x) => x.stepKey === stepKey);
    expect(task, `${who} has no ${stepKey} task`).toBeDefined();
    const res = await c.post(`/api/v1/tasks/${task!.id}/submit`, { version: task!.version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const register = async (title: string) => {
    const res = await (
      await signedIn(t, 'chenjing')
    ).post('/api/v1/incoming', { senderName: '江南省发展和改革委员会', title, classification: '公开', copies: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.itemId as string;
  };
  const toUnits = async (itemId: string, dispatch: { unit: string; role: 'lead' | 'assisting'; dueDate: string }[]) => {
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    await submit('zhouwenbin', itemId, 'assign', { opinion: '同意。' });
    await submit('chenjing', itemId, 'dispatch', {
      next: { units: dispatch.map((x) => ({ unitId: units.get(x.unit), role: x.role, dueDate: x.dueDate })) },
    });
  };
  const report = async (who = 'chenjing') => {
    const res = await (await signedIn(t, who)).get('/api/v1/metrics/incoming?from=2026-01-01&to=2026-12-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as MetricsReport;
  };
  const metric = (r: MetricsReport, key: string) => r.metrics.find((m) => m.key === key)!;
  const forUnit = (r: MetricsReport, key: string, name: string) => metric(r, key).byUnit!.find((u) => u.unitName === name);

  it('counts registered and closed documents, working-day cycle time, on-time handling and overdue handling per unit', async () => {
    const before = await report();
    expect(before.metrics.map((m) => m.key)).toEqual([
      'registered',
      'closed',
      'cycleWorkdays',
      'handleOnTime',
      'overdueHandling',
    ]);

    // Monday 23 November: three documents. One goes to 发改委 (lead, on time) and 财政局 (assisting, late) and is
    // closed on Thursday; one waits at 教育局 past its limit; one is not yet screened.
    const closedOne = await register('关于报送2026年重大项目推进情况的通知');
    await toUnits(closedOne, [
      { unit: '市发改委', role: 'lead', dueDate: '2026-11-27' },
      { unit: '市财政局', role: 'assisting', dueDate: '2026-11-24' },
    ]);
    const waiting = await register('关于开展冬季安全生产大检查的通知');
    await toUnits(waiting, [{ unit: '市教育局', role: 'lead', dueDate: '2026-11-24' }]);
    await register('关于征求2027年立法计划意见的函');

    t.clock.set('2026-11-26T03:00:00Z');
    await submit('weifang', closedOne, 'handle', { opinion: '市财政局已安排配套资金。' });
    await submit('chenghao', closedOne, 'handle', { opinion: '市发改委已汇总报送。' });
    await submit('chenghao', closedOne, 'reply', { opinion: '已答复。' });
    await submit('maxiaoyan', closedOne, 'close', { opinion: '办理完毕。' });

    const after = await report();
    expect(metric(after, 'registered').value! - metric(before, 'registered').value!).toBe(3);
    expect(metric(after, 'closed').value! - metric(before, 'closed').value!).toBe(1);
    // Registered Monday, closed Thursday: three working days on the official calendar.
    const cycle = [metric(after, 'cycleWorkdays'), metric(before, 'cycleWorkdays')];
    expect(cycle[0]!.numerator! - (cycle[1]!.numerator ?? 0)).toBe(3);
    expect(cycle[0]!.denominator! - (cycle[1]!.denominator ?? 0)).toBe(1);

    const delta = (key: string, name: string) => {
      const [a, b] = [forUnit(after, key, name), forUnit(before, key, name)];
      return {
        value: a?.value,
        num: (a?.numerator ?? 0) - (b?.numerator ?? 0),
        den: (a?.denominator ?? 0) - (b?.denominator ?? 0),
        count: (a?.value ?? 0) - (b?.value ?? 0),
      };
    };
    expect(delta('handleOnTime', '江州市发展和改革委员会')).toMatchObject({ num: 1, den: 1 });
    expect(delta('handleOnTime', '江州市财政局')).toMatchObject({ num: 0, den: 1 });
    expect(forUnit(after, 'handleOnTime', '江州市财政局')!.value).toBeLessThan(100);
    // 教育局's task is overdue now (due Tuesday, today Thursday); counted once though two registrars hold it.
    expect(delta('overdueHandling', '江州市教育局').count).toBe(1);
    expect(forUnit(after, 'overdueHandling', '江州市发展和改革委员会')?.value ?? 0).toBe(
      forUnit(before, 'overdueHandling', '江州市发展和改革委员会')?.value ?? 0,
    );
    expect(after.calendarComplete).toBe(true);
  });

  // The daily figures the triggers keep, against the same figures computed from the raw rows.
  const kept = async () => {
    const r = await t.database.db.execute(sql`
      select 'created' as k, kind, unit_id::text as u, day::text as d, '' as x, n as a, 0 as b from metric_item_created where n <> 0
      union all select 'closed', kind, unit_id::text, closed_day::text, created_day::text || state, n, 0 from metric_item_closed where n <> 0
      union all select 'done', kind, unit_id::text, day::text, step_key || '/' || for_unit_id::text, on_time, total from metric_task_done where total <> 0 or on_time <> 0
      order by 1, 2, 3, 4, 5`);
    return rowsOf(r);
  };
  const raw = async () => {
    const day = (c: string) => sql.raw(`((${c} at time zone 'UTC') + interval '8 hours')::date`);
    const r = await t.database.db.execute(sql`
      select 'created' as k, kind, owning_unit_id::text as u, ${day('created_at')}::text as d, '' as x, count(*)::int as a, 0 as b from item group by 1, 2, 3, 4, 5
      union all select 'closed', kind, owning_unit_id::text, ${day('closed_at')}::text, ${day('created_at')}::text || state, count(*)::int, 0 from item where closed_at is not null group by 1, 2, 3, 4, 5
      union all select 'done', i.kind, i.owning_unit_id::text, ${day('t.completed_at')}::text, coalesce(t.step_key, '') || '/' || coalesce(t.for_unit_id::text, ${NO_UNIT}),
        (count(*) filter (where ${day('t.completed_at')} <= t.due_date))::int, count(*)::int
        from task t join item i on i.id = t.item_id where t.state = 'done' and t.due_date is not null and t.completed_at is not null group by 1, 2, 3, 4, 5
      order by 1, 2, 3, 4, 5`);
    return rowsOf(r);
  };

  it('the daily figures the database keeps equal the raw history, across midnight in Beijing and through any later change of the rows', async () => {
    expect(await kept()).toEqual(await raw());
    const doc = await register('关于做好2027年元旦春节期间有关工作的通知');
    await toUnits(doc, [{ unit: '市财政局', role: 'lead', dueDate: '2026-11-27' }]);
    // 00:30 on Saturday the 28th in Beijing (still the 27th in UTC): one day late.
    t.clock.set('2026-11-27T16:30:00Z');
    await submit('weifang', doc, 'handle', { opinion: '已研究落实。' });
    const late = forUnit(await report(), 'handleOnTime', '江州市财政局')!;
    expect(await kept()).toEqual(await raw());
    const doneRows = (await kept()).filter(
      (r) => (r as { k: string; d: string }).k === 'done' && (r as { d: string }).d === '2026-11-28',
    );
    expect(doneRows).toHaveLength(1);

    // Whatever path changes a row later (a retract reopens a done task, a correction moves a date, a
    // purge deletes), the figures follow the row: driven here straight in SQL, as any path would.
    const db = t.database.db;
    const [done] = rowsOf<{ id: string; completed_at: unknown }>(
      await db.execute(sql`select id, completed_at from task where item_id = ${doc} and step_key = 'handle' and state = 'done'`),
    );
    await db.execute(sql`update task set state = 'open', completed_at = null where id = ${done!.id}`);
    expect(await kept()).toEqual(await raw());
    const back = forUnit(await report(), 'handleOnTime', '江州市财政局');
    expect(back?.denominator ?? 0).toBe(late.denominator! - 1);
    await db.execute(sql`update task set state = 'done', completed_at = '2026-11-27T15:00:00Z' where id = ${done!.id}`);
    expect(await kept()).toEqual(await raw());
    expect(forUnit(await report(), 'handleOnTime', '江州市财政局')).toMatchObject({
      numerator: late.numerator! + 1,
      denominator: late.denominator,
    });
    await db.execute(sql`update task set due_date = '2026-11-26' where id = ${done!.id}`);
    expect(forUnit(await report(), 'handleOnTime', '江州市财政局')).toEqual(late);
    await db.execute(sql`update item set closed_at = '2026-11-27T16:00:00Z', state = '已办结' where id = ${doc}`);
    expect(await kept()).toEqual(await raw());
    await db.execute(sql`update item set state = '已退文' where id = ${doc}`);
    expect(await kept()).toEqual(await raw());
    await db.execute(sql`update item set closed_at = null, state = '办理中' where id = ${doc}`);
    expect(await kept()).toEqual(await raw());
    await db.execute(sql`delete from task where id = ${done!.id}`);
    expect(await kept()).toEqual(await raw());
  });

  it('only the office’s registrars and supervisors see its figures; bad periods and unknown modules are refused', async () => {
    const clerk = await signedIn(t, 'liuyang');
    expect((await clerk.get('/api/v1/metrics/incoming')).status).toBe(403);
    const otherUnit = await signedIn(t, 'chenghao');
    const res = await otherUnit.get(`/api/v1/metrics/incoming?unitId=${units.get('市委办')}`);
    expect(res.status).toBe(403);
    const registrar = await signedIn(t, 'chenjing');
    expect((await registrar.get('/api/v1/metrics/nosuchmodule')).status).toBe(404);
    const bad = await registrar.get('/api/v1/metrics/incoming?from=2026-12-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('开始日期不能晚于结束日期');
    expect((await registrar.get('/api/v1/metrics/incoming?from=2026-13-01')).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { person, unit } from '../../org/schema';

// 督查督办's views (issue 16 §6) through the API: a unit's board says what the unit owes (待签收, 在办, 逾期, 已办结),
// only to its own people and the 督查室; a leader's page lists what they answer for and where each stands; the
// calendar shows the open items due each day of a month and the month's days off.

type BoardRow = { itemId: string; role: string; stage: string; dueDate: string | null; light: string | null };
type Board = {
  unit: { id: string; name: string };
  groups: Record<'pending' | 'handling' | 'overdue' | 'done', { count: number; items: BoardRow[] }>;
  unlisted: number;
};
type LeaderRow = {
  itemId: string;
  stateKey: string;
  light: string | null;
  leadUnit: { name: string };
  responsible: boolean;
  lastReport: { text: string; date: string } | null;
  resultSent: boolean;
  resultRead: boolean;
};
type Calendar = {
  days: { date: string; items: { itemId: string; light: string | null }[] }[];
  daysOff: string[];
  calendarComplete: boolean;
};
type MyTask = { id: string; version: number; stepKey: string | null };

describe.each(engines)('督查督办 views: unit board, leader page, deadline calendar (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  /** The items made, by what each is for. */
  const item: Record<string, string> = {};

  const signInAll = async () => {
    for (const u of ['zhaochunmei', 'chenghao', 'shenweidong', 'mazhiyuan', 'sunhaitao', 'weifang', 'zhouwenbin'])
      c[u] = await signedIn(t, u);
  };
  const get = async (who: string, path: string, status = 200) => {
    const r = await c[who]!.get(path);
    expect(r.status, `${who} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
    return r.body;
  };
  const myTasks = async (who: string, id: string) =>
    ((await get(who, `/api/v1/supervision/${id}`)) as { myTasks: MyTask[] }).myTasks;

  /** 立项 by 赵春梅 (督查室) and 交办 at once. */
  async function opened(name: string, over: Record<string, unknown>) {
    const r = await c.zhaochunmei!.post('/api/v1/supervision', {
      title: `督办：${name}`,
      source: 'leaderInstruction',
      requirement: '请按批示要求抓紧落实，按期报送办理情况。',
      leadUnitId: ids.ndrc,
      assistingUnitIds: [],
      leaderPersonId: ids.leader,
      ...over,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.itemId as string;
    const a = await c.zhaochunmei!.post(`/api/v1/supervision/${id}/assign`, {});
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    item[name] = id;
    return id;
  }
  /** 签收 by a unit's registrar (the sending found on the item page, `myReceipts`). */
  async function accept(who: string, id: string) {
    const [rid] = ((await get(who, `/api/v1/supervision/${id}`)) as { myReceipts: string[] }).myReceipts;
    const r = await c[who]!.post(`/api/v1/supervision/${id}/receipts/${rid}/accept`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  async function submit(who: string, id: string, step: string, body: Record<string, unknown>) {
    const task = (await myTasks(who, id)).find((x) => x.stepKey === step)!;
    const r = await c[who]!.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    expect(r.status, `${who} ${step}: ${JSON.stringify(r.body)}`).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const db = t.database.db;
    for (const [k, name] of [
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
      ['education', '江州市教育局'],
    ] as const)
      ids[k] = (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    for (const [k, name] of [
      ['leader', '孙海涛'],
      ['director', '马志远'],
      ['sg', '周文斌'],
    ] as const)
      ids[k] = (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;

    // Monday 2026-11-23: five items. 发改委 leads three, assists one; 教育局 leads the fifth.
    t.clock.set('2026-11-23T02:00:00Z');
    await signInAll();
    await opened('handling', { deadline: { date: '2026-12-14' } });
    await accept('chenghao', item.handling!);
    await opened('lateToSign', { deadline: { date: '2026-11-27' } });
    await opened('assisting', {
      leadUnitId: ids.finance,
      assistingUnitIds: [ids.ndrc],
      leaderPersonId: null,
      source: 'meeting',
      deadline: { date: '2026-12-18' },
    });
    await opened('closed', { deadline: { date: '2026-12-14' } });
    await accept('chenghao', item.closed!);
    await submit('chenghao', item.closed!, 'handle', { opinion: '已办结。', next: { personIds: [ids.director] } });
    await submit('mazhiyuan', item.closed!, 'signoff', { opinion: '同意报送。' });
    const review = await c.zhaochunmei!.post(`/api/v1/supervision/${item.closed}/review`, {
      decision: 'close',
      opinion: '予以销号。',
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    await opened('elsewhere', { leadUnitId: ids.education, deadline: { date: '2026-12-14' } });
    // The lead unit reports on the one it is handling.
    const handle = (await myTasks('chenghao', item.handling!)).find((x) => x.stepKey === 'handle')!;
    expect((await c.chenghao!.post(`/api/v1/tasks/${handle.id}/progress`, { text: '已完成点位摸排。' })).status).toBe(201);

    // A week on: the item to sign for by Friday is late.
    t.clock.set('2026-11-30T03:00:00Z');
    await signInAll();
  });
  afterAll(() => t?.close());

  const idsOf = (g: { items: BoardRow[] }) => g.items.map((r) => r.itemId).sort();

  it("a unit's board: each group holds what the unit owes there, its count equal to its rows", async () => {
    const b = (await get('chenghao', '/api/v1/supervision/board')) as Board;
    expect(b.unit).toEqual({ id: ids.ndrc, name: '江州市发展和改革委员会' });
    expect(idsOf(b.groups.pending)).toEqual([item.assisting]);
    expect(idsOf(b.groups.handling)).toEqual([item.handling]);
    expect(idsOf(b.groups.overdue)).toEqual([item.lateToSign]);
    expect(idsOf(b.groups.done)).toEqual([item.closed]);
    for (const g of Object.values(b.groups)) expect(g.count).toBe(g.items.length);
    expect(b.groups.pending.items[0]).toMatchObject({ role: 'assisting', stage: 'pending', dueDate: '2026-12-18' });
    expect(b.groups.overdue.items[0]).toMatchObject({ role: 'lead', stage: 'pending', light: 'red' });
    expect(b.groups.handling.items[0]).toMatchObject({ role: 'lead', light: 'green', dueDate: '2026-12-14' });
    expect(b.groups.done.items[0]).toMatchObject({ stage: 'done', light: null });
    expect(b.unlisted).toBe(0);
    // The 督查室 sees the same board of a unit it supervises.
    const seen = (await get('zhaochunmei', `/api/v1/supervision/board?unitId=${ids.ndrc}`)) as Board;
    expect(Object.fromEntries(Object.entries(seen.groups).map(([k, g]) => [k, idsOf(g)]))).toEqual(
      Object.fromEntries(Object.entries(b.groups).map(([k, g]) => [k, idsOf(g)])),
    );
  });

  it("a colleague who holds no task sees the unit's items only as a count", async () => {
    const b = (await get('shenweidong', '/api/v1/supervision/board')) as Board;
    expect(Object.values(b.groups).map((g) => g.count)).toEqual([0, 0, 0, 0]);
    expect(b.unlisted).toBe(4);
  });

  it("another unit's board is refused to whoever does not supervise it; a bad or forged id too", async () => {
    await get('chenghao', `/api/v1/supervision/board?unitId=${ids.finance}`, 403);
    await get('chenghao', '/api/v1/supervision/board?unitId=00000000-0000-4000-8000-000000000000', 403);
    await get('zhaochunmei', '/api/v1/supervision/board?unitId=00000000-0000-4000-8000-000000000000', 403);
    await get('chenghao', '/api/v1/supervision/board?unitId=ndrc', 400);
    await get('chenghao', '/api/v1/supervision/board?other=1', 400);
    // 财政局's own registrar sees its one item, as 主办.
    const fin = (await get('weifang', '/api/v1/supervision/board')) as Board;
    expect(fin.unit.id).toBe(ids.finance);
    expect(idsOf(fin.groups.pending)).toEqual([item.assisting]);
    expect(fin.groups.pending.items[0]!.role).toBe('lead');
  });

  it("a leader's page lists the items they answer for, with the latest report and the result sent to them", async () => {
    const page = (await get('sunhaitao', '/api/v1/supervision/leader')) as { items: LeaderRow[]; counts: Record<string, number> };
    const mine = [item.handling, item.lateToSign, item.closed, item.elsewhere];
    expect(page.items.map((r) => r.itemId).sort()).toEqual([...mine].sort());
    const row = (name: string) => page.items.find((r) => r.itemId === item[name])!;
    expect(row('handling')).toMatchObject({
      responsible: true,
      stateKey: 'handle',
      light: 'green',
      leadUnit: { name: '江州市发展和改革委员会' },
      lastReport: { text: '已完成点位摸排。', date: '2026-11-23' },
      resultSent: false,
    });
    expect(row('lateToSign').light).toBe('red');
    // 销号 of a 领导批示件 sends the result to its leader (呈阅); not read yet.
    expect(row('closed')).toMatchObject({ stateKey: 'closed', light: null, resultSent: true, resultRead: false });
    expect(page.counts).toEqual({ green: 2, yellow: 0, red: 1, closed: 1 });
    // Open items first, soonest due first.
    expect(page.items.at(-1)!.itemId).toBe(item.closed);
    // A leader named on none sees none.
    expect(((await get('zhouwenbin', '/api/v1/supervision/leader')) as { items: unknown[] }).items).toEqual([]);
  });

  it('the calendar lists the open items due in a month by day, not the closed, with the days off', async () => {
    const dec = (await get('zhaochunmei', '/api/v1/supervision/calendar?month=2026-12')) as Calendar;
    expect(dec.days.map((d) => [d.date, d.items.map((i) => i.itemId).sort()])).toEqual([
      ['2026-12-14', [item.handling, item.elsewhere].sort()],
      ['2026-12-18', [item.assisting]],
    ]);
    expect(dec.days.flatMap((d) => d.items.map((i) => i.itemId))).not.toContain(item.closed);
    expect(dec.daysOff).toEqual(expect.arrayContaining(['2026-12-05', '2026-12-06', '2026-12-26', '2026-12-27']));
    expect(dec.daysOff).not.toContain('2026-12-14');
    expect(dec.calendarComplete).toBe(true);
    const nov = (await get('zhaochunmei', '/api/v1/supervision/calendar?month=2026-11')) as Calendar;
    expect(nov.days).toEqual([
      { date: '2026-11-27', items: [expect.objectContaining({ itemId: item.lateToSign, light: 'red' })] },
    ]);
    // Only what the reader may read: 发改委's registrar does not see 教育局's item.
    const theirs = (await get('chenghao', '/api/v1/supervision/calendar?month=2026-12')) as Calendar;
    expect(theirs.days.flatMap((d) => d.items.map((i) => i.itemId))).not.toContain(item.elsewhere);
    for (const bad of ['2026-13', '2026-1', 'december', ''])
      await get('zhaochunmei', `/api/v1/supervision/calendar?month=${bad}`, 400);
    await get('zhaochunmei', '/api/v1/supervision/calendar', 400);
  });
});

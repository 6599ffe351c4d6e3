import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { event } from '../../platform/audit/schema';
import { item } from '../../platform/items/schema';
import { task } from '../../platform/flow/schema';
import { createTask } from '../../platform/flow/tasks';
import { encodeCursor } from '../../platform/http/pagination';
import { person, unit } from '../../org/schema';
import { lightOf } from './policy';
import { supervisionSetting } from './schema';

// 督办登记簿 (issue 16 items 6–7): the filters, the light computed in SQL as lightOf computes it, counts that equal
// the list, and the .xlsx export.

type Row = { itemId: string; registryNo: string; title: string; dueDate: string; light: string | null; openedOn: string };
type Page = {
  items: Row[];
  nextCursor: string | null;
  total: number;
  byLight: { green: number; yellow: number; red: number; closed: number };
};
const LIGHTS = ['green', 'yellow', 'red', 'closed'] as const;

/** Beijing 10:00 on a day. */
const at = (day: string) => `${day}T02:00:00Z`;

describe.each(engines)('督办登记簿: filters, lights, counts and export (%s)', (engine) => {
  let t: TestApp;
  let chief: Client; // 赵春梅, 督查室主任
  const ids: Record<string, string> = {};
  /** The items made, by a name saying what each is for, with the facts lightOf needs. */
  const made: Record<string, { id: string; dueDate: string; closed: boolean; progressOverdueFrom: string | null }> = {};

  const body = (over: Record<string, unknown>) => ({
    title: '推进城区老旧小区改造',
    source: 'meeting',
    requirement: '按期完成并报送办理情况。',
    leadUnitId: ids.ndrc,
    assistingUnitIds: [ids.finance],
    leaderPersonId: ids.leader,
    category: 'ordinary',
    ...over,
  });

  async function make(name: string, dueDate: string, over: Record<string, unknown> = {}) {
    const res = await chief.post('/api/v1/supervision', body({ title: `督办：${name}`, deadline: { date: dueDate }, ...over }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    made[name] = { id: res.body.itemId as string, dueDate, closed: false, progressOverdueFrom: null };
    return res.body.itemId as string;
  }

  /** The lead unit's handling step, its next progress report due on `reportDue` (the flow is built elsewhere). */
  async function handling(name: string, reportDue: string) {
    const id = await t.database.db.transaction((tx) =>
      createTask(
        tx,
        { itemId: made[name]!.id, kind: 'do', step: '办理', stepKey: 'handle', assigneePersonId: ids.handler!, unitRole: 'lead' },
        { personId: ids.chief!, postId: null, requestId: 'test' },
        t.clock.now(),
      ),
    );
    await t.database.db.update(task).set({ progressDueDate: reportDue }).where(eq(task.id, id));
    // Overdue once today is after the report date.
    made[name]!.progressOverdueFrom = reportDue;
  }

  /** Moves the clock to 10:00 on a day and signs the chief in again: a session left idle for days has ended. */
  async function on(day: string) {
    t.clock.set(at(day));
    chief = await signedIn(t, 'zhaochunmei');
  }

  const list = async (c: Client, qs: string) => {
    const res = await c.get(`/api/v1/supervision?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };
  /** Every row the filters give, page by page. */
  async function all(c: Client, qs: string, limit = 3) {
    const rows: Row[] = [];
    let cursor: string | null = null;
    let first: Page | null = null;
    do {
      const p: Page = await list(c, `${qs}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      first ??= p;
      rows.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    return { rows, first };
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const db = t.database.db;
    for (const [k, name] of [
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
      ['education', '江州市教育局'],
    ] as const) {
      ids[k] = (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    }
    const byName = async (name: string) => (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
    ids.leader = await byName('孙海涛');
    ids.chief = await byName('赵春梅');
    ids.handler = await byName('刘洋');
    ids.sg = await byName('周文斌');

    // Opened on Tuesday 1 September 2026. The week the lights are read: 中秋 is Friday 25 September (off, with the
    // weekend after it), 国庆 1–7 October, and Saturday 10 October is a working day (调休).
    await on('2026-09-01');
    for (const due of [
      '2026-09-10',
      '2026-09-22',
      '2026-09-23',
      '2026-09-24',
      '2026-09-25',
      '2026-09-26',
      '2026-09-27',
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ])
      await make(`due ${due}`, due);
    await make('report late', '2026-11-30', {
      category: 'key',
      approverId: ids.sg,
      source: 'upperDecision',
      leadUnitId: ids.education,
    });
    await handling('report late', '2026-09-22');
    await make('report on time', '2026-11-30', { assistingUnitIds: [], leaderPersonId: null });
    await handling('report on time', '2026-09-30');
    await make('closed early', '2026-09-24');
    // 销号 is the flow's (being built beside this); the register only reads that the item is closed.
    await db
      .update(item)
      .set({ closedAt: new Date(at('2026-09-15')) })
      .where(eq(item.id, made['closed early']!.id));
    made['closed early']!.closed = true;
    await on('2026-09-10');
    await make('opened later, 50% done_', '2026-12-31', { source: 'public' });
  });
  afterAll(() => t?.close());

  /** On each day, every light filter and every row's light as lightOf gives them with this office's window. */
  async function agreeWithLightOf(config: { yellowWithinWorkdays: number }) {
    const cal = await t.app.zs.calendar.get();
    // A working day, a holiday, the day before 国庆 and the first day back after it.
    for (const today of ['2026-09-23', '2026-09-24', '2026-09-25', '2026-09-30', '2026-10-08']) {
      await on(today);
      const expected = new Map(
        Object.entries(made).map(([name, m]) => {
          const l = lightOf(
            {
              dueDate: m.dueDate,
              closedAt: m.closed ? 'closed' : null,
              progressOverdue: m.progressOverdueFrom !== null && m.progressOverdueFrom < today,
            },
            today,
            cal,
            config,
          );
          return [m.id, { name, light: l ?? 'closed' }];
        }),
      );
      const everything = await list(chief, 'limit=100');
      expect(everything.total).toBe(expected.size);
      for (const light of LIGHTS) {
        const got = await list(chief, `light=${light}&limit=100`);
        const want = [...expected].filter(([, e]) => e.light === light).map(([, e]) => e.name);
        const names = got.items.map((r) => expected.get(r.itemId)!.name);
        expect(names.sort(), `${today} ${light}`).toEqual(want.sort());
        expect(got.total).toBe(want.length);
        expect(everything.byLight[light]).toBe(want.length);
        // The row shows the light it was filtered by.
        for (const r of got.items) expect(r.light ?? 'closed').toBe(light);
      }
    }
  }
  const lightOfRow = async (name: string) =>
    (await list(chief, 'limit=100')).items.find((r) => r.itemId === made[name]!.id)!.light;

  it('the light filter in SQL and lightOf agree item by item, across a weekend, 中秋, 国庆 and a 调休 Saturday', async () => {
    await agreeWithLightOf({ yellowWithinWorkdays: 3 });
    // Spot checks in words, on Wednesday 23 September: 3 working days on is Tuesday 29th (24th, 28th, 29th).
    await on('2026-09-23');
    const light = lightOfRow;
    expect(await light('due 2026-09-22')).toBe('red');
    expect(await light('due 2026-09-23')).toBe('yellow');
    expect(await light('due 2026-09-27')).toBe('yellow');
    expect(await light('due 2026-09-28')).toBe('yellow');
    expect(await light('due 2026-09-29')).toBe('green');
    expect(await light('report late')).toBe('yellow');
    expect(await light('report on time')).toBe('green');
    expect(await light('closed early')).toBe(null);
  });

  it('total counts every row the filters give, not the page; byLight ignores only the light filter', async () => {
    await on('2026-09-23');
    for (const qs of [
      'x=1',
      `unitId=${ids.finance}`,
      `unitId=${ids.education}`,
      'light=yellow',
      'light=green&source=meeting',
      'state=open',
      'dueFrom=2026-09-24&dueTo=2026-10-08',
    ].map((q) => q.replace('x=1', ''))) {
      const { rows, first } = await all(chief, qs);
      expect(new Set(rows.map((r) => r.itemId)).size, qs).toBe(rows.length);
      expect(first.total, qs).toBe(rows.length);
      if (!qs.includes('light='))
        expect(
          Object.values(first.byLight).reduce((a, b) => a + b, 0),
          qs,
        ).toBe(rows.length);
    }
    const yellow = await list(chief, 'light=yellow&limit=1');
    const unfiltered = await list(chief, 'limit=1');
    expect(yellow.byLight).toEqual(unfiltered.byLight);
    expect(yellow.total).toBe(unfiltered.byLight.yellow);
  });

  it('filters by unit (lead or assisting), leader, category, source, state, dates and words', async () => {
    await on('2026-09-23');
    const names = async (qs: string) => {
      const byId = new Map(Object.entries(made).map(([n, m]) => [m.id, n]));
      return (await all(chief, qs)).rows.map((r) => byId.get(r.itemId)!).sort();
    };
    const everyName = Object.keys(made).sort();
    expect(await names(`unitId=${ids.education}`)).toEqual(['report late']);
    // Assisting counts: every item but the two made without 财政局.
    expect(await names(`unitId=${ids.finance}`)).toEqual(everyName.filter((n) => n !== 'report on time').sort());
    expect((await names(`leaderId=${ids.leader}`)).length).toBe(everyName.length - 1);
    expect(await names('category=key')).toEqual(['report late']);
    expect(await names('source=public')).toEqual(['opened later, 50% done_']);
    expect(await names('state=closed')).toEqual(['closed early']);
    expect(await names('state=open')).not.toContain('closed early');
    expect(await names('openedFrom=2026-09-02')).toEqual(['opened later, 50% done_']);
    expect((await names('openedTo=2026-09-01')).length).toBe(everyName.length - 1);
    expect(await names('dueFrom=2026-10-09&dueTo=2026-10-10')).toEqual(['due 2026-10-09', 'due 2026-10-10']);
    // Words of the title, and the 督办编号; % and _ are the words themselves, not wildcards.
    expect(await names(`q=${encodeURIComponent('due 2026-10-1')}`)).toEqual(['due 2026-10-10', 'due 2026-10-12']);
    expect(await names(`q=${encodeURIComponent('50%')}`)).toEqual(['opened later, 50% done_']);
    expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['opened later, 50% done_']);
    expect(await names(`q=${encodeURIComponent('e_')}`)).toEqual(['opened later, 50% done_']);
    expect(await names(`q=${encodeURIComponent('督〔2026〕1号')}`)).toEqual(['due 2026-09-10']);
    // Filters together.
    expect(await names(`light=yellow&unitId=${ids.education}`)).toEqual(['report late']);
  });

  it('refuses forged cursors, bad filters and backward ranges, and shows nothing to someone not concerned', async () => {
    const bad = [
      'cursor=garbage',
      `cursor=${encodeCursor('not a time', '00000000-0000-4000-8000-000000000000')}`,
      'light=blue',
      'state=half',
      'leaderId=someone',
      'openedFrom=2026-13-01',
      'dueFrom=2026-10-02&dueTo=2026-10-01',
      'openedFrom=2026-10-02&openedTo=2026-10-01',
      'q=%00',
      'colour=red',
    ];
    for (const qs of bad) expect((await chief.get(`/api/v1/supervision?${qs}`)).status, qs).toBe(400);
    expect((await chief.getBytes('/api/v1/supervision/export.xlsx?light=blue')).status).toBe(400);
    const outsider = await signedIn(t, 'xunuo');
    const theirs = await list(outsider, 'limit=5');
    expect(theirs).toMatchObject({ items: [], total: 0, byLight: { green: 0, yellow: 0, red: 0, closed: 0 } });
  });

  it('exports the register with the filters on screen as .xlsx, with the columns of the paper register, and records it', async () => {
    await on('2026-09-23');
    const qs = `unitId=${ids.finance}&state=open`;
    const shown = (await all(chief, qs)).rows;
    const res = await chief.getBytes(`/api/v1/supervision/export.xlsx?${qs}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('督办登记簿-2026-09-23.xlsx'));
    const xml = strFromU8(unzipSync(res.bytes)['xl/worksheets/sheet1.xml']!);
    const rows = [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, r, b]) => ({
      r: Number(r),
      texts: [...b!.matchAll(/<c r="([A-Z]+)\d+"[^>]*>(.*?)<\/c>/g)].map(([, col, inner]) => [
        col!,
        /<t[^>]*>(.*?)<\/t>/.exec(inner!)?.[1] ?? /<v>(.*?)<\/v>/.exec(inner!)?.[1],
      ]),
    }));
    const cells = (r: number) => Object.fromEntries(rows.find((x) => x.r === r)!.texts);
    expect(Object.values(cells(3))).toEqual([
      '督办编号',
      '标题',
      '来源',
      '主办单位',
      '协办单位',
      '责任领导',
      '类别',
      '立项日期',
      '办理期限',
      '状态',
      '灯号',
    ]);
    expect(cells(2).A).toContain('承办单位：江州市财政局');
    expect(cells(2).A).toContain('状态：在办');
    const body = rows.filter((x) => x.r > 3).map((x) => Object.fromEntries(x.texts));
    expect(body).toHaveLength(shown.length);
    expect(body.map((b) => b.A)).toEqual(shown.map((s) => s.registryNo));
    const red = body.find((b) => b.B === '督办：due 2026-09-22')!;
    expect(red).toMatchObject({ C: '会议议定事项', D: '江州市发展和改革委员会', E: '江州市财政局', F: '孙海涛', G: '一般' });
    expect(red.J).toBe('交办');
    expect(red.K).toBe('红');
    expect(body.find((b) => b.B === '督办：due 2026-09-24')!.K).toBe('黄');
    expect(body.find((b) => b.B === '督办：due 2026-10-12')!.K).toBe('绿');
    // Dates are real dates (Excel serial numbers): 2026-09-01 is day 46266.
    expect(red.H).toBe('46266');

    const [ev] = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'supervision.register.export'), eq(event.actorPersonId, ids.chief!)));
    expect(ev!.summary).toMatchObject({ format: 'xlsx', rows: shown.length, filters: { unitId: ids.finance, state: 'open' } });

    // Closed items say so in the light column; someone not concerned gets an empty register.
    const closed = strFromU8(
      unzipSync((await chief.getBytes('/api/v1/supervision/export.xlsx?state=closed')).bytes)['xl/worksheets/sheet1.xml']!,
    );
    expect(closed).toContain('已办结');
    const outsider = await signedIn(t, 'xunuo');
    const theirs = strFromU8(
      unzipSync((await outsider.getBytes('/api/v1/supervision/export.xlsx')).bytes)['xl/worksheets/sheet1.xml']!,
    );
    expect(theirs).not.toContain('督办：');
  });
  it('an office sets its own yellow window (督查室设置): its lights follow in SQL, rows and the item page; others keep theirs', async () => {
    await on('2026-09-23');
    const db = t.database.db;
    const put = (c: Client, b: Record<string, unknown>) => c.put('/api/v1/supervision/settings', b);
    // Only the office's supervisors; a whole number of working days from 1 to 30; nothing else; nothing written.
    const outsider = await signedIn(t, 'xunuo');
    expect((await put(outsider, { yellowWithinWorkdays: 5 })).status).toBe(403);
    for (const bad of [
      { yellowWithinWorkdays: 0 },
      { yellowWithinWorkdays: 31 },
      { yellowWithinWorkdays: 2.5 },
      { yellowWithinWorkdays: '5' },
      {},
      { yellowWithinWorkdays: 5, other: 1 },
    ]) {
      const res = await put(chief, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await db.select().from(supervisionSetting)).toEqual([]);
    expect((await chief.get('/api/v1/supervision/settings')).body).toMatchObject({
      yellowWithinWorkdays: 3,
      isDefault: true,
      editable: true,
    });

    // Another office's window changes nothing here: 5 working days on from Wednesday 23 September is 8 October.
    await db.insert(supervisionSetting).values({
      officeUnitId: ids.education!,
      yellowWithinWorkdays: 10,
      updatedByPersonId: ids.chief!,
      updatedAt: t.clock.now(),
    });
    expect(await lightOfRow('due 2026-09-30')).toBe('green');

    const res = await put(chief, { yellowWithinWorkdays: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ yellowWithinWorkdays: 5, isDefault: false, editable: true, updatedBy: '赵春梅' });
    await agreeWithLightOf({ yellowWithinWorkdays: 5 });
    await on('2026-09-23');
    expect(await lightOfRow('due 2026-09-30')).toBe('yellow');
    expect(await lightOfRow('due 2026-10-01')).toBe('yellow');
    expect(await lightOfRow('due 2026-10-08')).toBe('green');
    const page = await chief.get(`/api/v1/supervision/${made['due 2026-09-30']!.id}`);
    expect(page.body.light).toBe('yellow');
    const [ev] = await db.select().from(event).where(eq(event.action, 'supervision.settings'));
    expect(ev!.summary).toEqual({ before: { yellowWithinWorkdays: 3 }, after: { yellowWithinWorkdays: 5 } });

    // Back to the default, for whatever runs after.
    expect((await put(chief, { yellowWithinWorkdays: 3 })).status).toBe(200);
    await db.delete(supervisionSetting);
    expect(await lightOfRow('due 2026-09-30')).toBe('green');
  });
});

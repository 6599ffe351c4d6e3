import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { CalendarService } from '../../platform/calendar/service';
import { person, unit } from '../../org/schema';
import type { z } from 'zod';
import type { supervisionFiguresSchema } from '../../../contract/supervision';

// 效能 of 督查督办 (issue 16 §8) equal to a hand count: seven items of October 2026 with every outcome — closed on time,
// closed late, overdue and open, extended past the period, redone once, withdrawn, not yet due — then the figures for
// the month as the 督查室 reads them on 5 November, and the 督查通报 drafted from them.

type Figures = z.output<typeof supervisionFiguresSchema>;

describe.each(engines)('督查督办 figures and the 督查通报 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const items: Record<string, string> = {};

  const at = async (day: string) => {
    t.clock.set(`${day}T02:00:00Z`);
    for (const u of ['zhaochunmei', 'chenghao', 'weifang', 'mazhiyuan', 'xunuo']) c[u] = await signedIn(t, u);
  };
  const ok = (r: { status: number; body: unknown }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body as Record<string, unknown>;
  };
  const detail = async (who: string, id: string) =>
    ok(await c[who]!.get(`/api/v1/supervision/${id}`)) as {
      myReceipts: string[];
      myTasks: { id: string; version: number; stepKey: string | null }[];
    };
  const taskOf = async (who: string, id: string, step: string) =>
    (await detail(who, id)).myTasks.find((x) => x.stepKey === step)!;

  /** 立项 and 交办 by the 督查室, 签收 by the lead unit's registrar. */
  async function open(key: string, over: Record<string, unknown>, registrar = 'chenghao') {
    const made = ok(
      await c.zhaochunmei!.post('/api/v1/supervision', {
        title: `事项${key}`,
        source: 'leaderInstruction',
        requirement: '按要求办理。',
        leadUnitId: ids.ndrc,
        ...over,
      }),
      201,
    );
    items[key] = made.itemId as string;
    ok(await c.zhaochunmei!.post(`/api/v1/supervision/${items[key]}/assign`, {}));
    const [rid] = (await detail(registrar, items[key])).myReceipts;
    ok(await c[registrar]!.post(`/api/v1/supervision/${items[key]}/receipts/${rid}/accept`, {}));
  }
  /** The 办结报告, signed by the unit's director, and the 督查室's 审核. */
  async function finish(key: string, decision: 'close' | 'redo') {
    const h = await taskOf('chenghao', items[key]!, 'handle');
    ok(
      await c.chenghao!.post(`/api/v1/tasks/${h.id}/submit`, {
        version: h.version,
        opinion: '已办结。',
        next: { personIds: [ids.director] },
      }),
    );
    const s = await taskOf('mazhiyuan', items[key]!, 'signoff');
    ok(await c.mazhiyuan!.post(`/api/v1/tasks/${s.id}/submit`, { version: s.version, opinion: '同意报送。' }));
    ok(
      await c.zhaochunmei!.post(`/api/v1/supervision/${items[key]}/review`, {
        decision,
        opinion: decision === 'redo' ? '请补充。' : '销号。',
      }),
    );
  }

  beforeAll(async () => {
    t = await startTestApp(engine);
    const db = t.database.db;
    for (const [k, name] of [
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
    ] as const)
      ids[k] = (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    ids.director = (await db.select({ id: person.id }).from(person).where(eq(person.name, '马志远')))[0]!.id;

    await at('2026-09-28');
    await open('A', { deadline: { workdays: 15 } }); // due 2026-10-23 (the example), closed 10-20: on time
    await open('B', { deadline: { date: '2026-10-16' } }); // closed 10-21: late
    await at('2026-10-09');
    await open('C', { deadline: { date: '2026-10-30' } }); // still open on 11-05: overdue
    await open('D', { deadline: { date: '2026-10-20' } }); // extended to 11-10: not due in October
    await at('2026-10-12');
    await open('E', { deadline: { date: '2026-11-20' } }); // redone once, closed 10-28
    await open('F', { deadline: { date: '2026-11-20' } }); // withdrawn
    ok(await c.zhaochunmei!.post(`/api/v1/supervision/${items.F}/withdraw`, { reason: '已由其他渠道落实' }));
    await open('G', { source: 'public', leadUnitId: ids.finance, deadline: { date: '2026-12-01' } }, 'weifang');
    await at('2026-10-15');
    const d = await taskOf('chenghao', items.D!, 'handle');
    const ask = ok(
      await c.chenghao!.post(`/api/v1/tasks/${d.id}/extensions`, { reason: '需会商', proposedDate: '2026-11-10' }),
      201,
    );
    ok(await c.zhaochunmei!.post(`/api/v1/extensions/${ask.id as string}/approve`, {}));
    await at('2026-10-20');
    await finish('A', 'close');
    await at('2026-10-21');
    await finish('B', 'close');
    await at('2026-10-26');
    await finish('E', 'redo');
    await at('2026-10-28');
    await finish('E', 'close');
    await at('2026-11-05');
  });
  afterAll(() => t?.close());

  it('equal a hand count: 立项 5, 办结 3, due 3 of which 2 closed and 1 on time, 1 延期, 超期 2, 退回重办 1 of 3', async () => {
    const f = ok(await c.zhaochunmei!.get('/api/v1/supervision/figures?from=2026-10-01&to=2026-10-31')) as unknown as Figures;
    const cal = await new CalendarService(t.database.db).get();
    const cycle = [
      cal.workdaysBetween('2026-09-28', '2026-10-20').days,
      cal.workdaysBetween('2026-09-28', '2026-10-21').days,
      cal.workdaysBetween('2026-10-12', '2026-10-28').days,
    ];
    expect(f.total).toEqual({
      opened: 5,
      closed: 3,
      due: 3,
      dueClosed: 2,
      onTime: 1,
      closeRate: 66.7,
      onTimeRate: 33.3,
      extensions: 1,
      overdue: 2,
      redoRate: 33.3,
      cycleWorkdays: Math.round((cycle.reduce((a, b) => a + b, 0) / 3) * 10) / 10,
    });
    expect(f.overdue.map((o) => [o.title, o.deadline, o.closedOn])).toEqual([
      ['事项B', '2026-10-16', '2026-10-21'],
      ['事项C', '2026-10-30', null],
    ]);
    const ndrc = f.byUnit.find((u) => u.unit.id === ids.ndrc)!;
    const finance = f.byUnit.find((u) => u.unit.id === ids.finance)!;
    expect([ndrc.opened, ndrc.closed, ndrc.overdue, finance.opened, finance.closed]).toEqual([4, 3, 2, 1, 0]);
    expect(f.bySource.map((s) => [s.source, s.opened])).toEqual([
      ['leaderInstruction', 4],
      ['public', 1],
    ]);
    // The register counts the same items opened in the month (the withdrawn one too: it was opened).
    const reg = ok(await c.zhaochunmei!.get('/api/v1/supervision?openedFrom=2026-10-01&openedTo=2026-10-31&limit=100'));
    expect(reg.total).toBe(f.total.opened);
  });

  it("a unit sees the figures published about it — its own, not another unit's; the 督查通报 is the 督查室's", async () => {
    const own = ok(await c.weifang!.get('/api/v1/supervision/figures?from=2026-10-01&to=2026-10-31')) as unknown as Figures;
    expect(own.byUnit.map((u) => u.unit.id)).toEqual([ids.finance]);
    expect(own.total.opened).toBe(1);
    const none = ok(await c.xunuo!.get('/api/v1/supervision/figures?from=2026-10-01&to=2026-10-31')) as unknown as Figures;
    expect(none.total.opened).toBe(0);
    expect((await c.weifang!.post('/api/v1/supervision/bulletins', { from: '2026-10-01', to: '2026-10-31' })).status).toBe(403);
    expect((await c.zhaochunmei!.get('/api/v1/supervision/figures?from=2026-11-01&to=2026-10-31')).status).toBe(400);
  });

  it('the 督查通报 is a 发文 draft on the 督查室 member’s desk whose counts are the figures', async () => {
    const made = ok(await c.zhaochunmei!.post('/api/v1/supervision/bulletins', { from: '2026-10-01', to: '2026-10-31' }), 201);
    const doc = ok(await c.zhaochunmei!.get(`/api/v1/outgoing/${made.itemId as string}`)) as {
      item: { state: string; title: string };
      document: { draft: { genre: string; body: { text: string }[]; mainRecipients: { name: string }[] } };
    };
    expect(doc.item.title).toBe('关于2026年10月1日至2026年10月31日督查督办工作情况的通报');
    // 主送 the units it is about, so the format check (通报须有主送机关) has nothing to find.
    expect(doc.document.draft.mainRecipients.map((r) => r.name)).toEqual(['江州市发展和改革委员会', '江州市财政局']);
    const body = doc.document.draft.body.map((p) => p.text).join('\n');
    expect(body).toContain(
      '共立项5件，办结3件；期内到期3件，办结率66.7%，按期办结率33.3%；批准延期1件，超期2件，退回重办率33.3%。',
    );
    expect(body).toContain('江州市发展和改革委员会：立项4件，办结3件');
    expect(body).toContain('《事项C》，主办单位江州市发展和改革委员会，办理期限2026年10月30日，截至2026年11月5日尚未办结。');
  });

  it('督办函 for a late item: a 函 draft to the lead unit, linked to the item; none for an item on track', async () => {
    expect((await c.zhaochunmei!.post(`/api/v1/supervision/${items.G}/urging-letter`, {})).status).toBe(409);
    expect((await c.chenghao!.post(`/api/v1/supervision/${items.C}/urging-letter`, {})).status).toBe(403);
    const made = ok(await c.zhaochunmei!.post(`/api/v1/supervision/${items.C}/urging-letter`, {}), 201);
    const doc = ok(await c.zhaochunmei!.get(`/api/v1/outgoing/${made.itemId as string}`)) as {
      item: { title: string };
      document: { draft: { genre: string; body: { text: string }[] } };
    };
    expect(doc.item.title).toMatch(/^关于督促办理督〔2026〕\d+号事项的函$/);
    expect(doc.document.draft.genre).toBe('函');
    expect(doc.document.draft.body.map((p) => p.text).join('')).toContain('目前该事项已超过办理期限，尚未办结。');
    const links = (
      ok(await c.zhaochunmei!.get(`/api/v1/supervision/${items.C}`)) as { links: { kind: string; itemId: string }[] }
    ).links;
    expect(links).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'urges', itemId: made.itemId })]));
  });
});

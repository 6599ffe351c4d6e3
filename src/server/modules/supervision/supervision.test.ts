import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { person, unit } from '../../org/schema';
import { supervisionItem } from './schema';

// 立项 (DOMAIN §6.3) through /api/v1/supervision: the 督查室 opens an item with its 督办编号, units, leader and deadline;
// bad input changes nothing and takes no number; only those the item concerns see it.

describe.each(engines)('督查督办: 立项 and the register (%s)', (engine) => {
  let t: TestApp;
  let chief: Client; // 赵春梅, 督查室主任 (supervisor of the city committee and below)
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    chief = await signedIn(t, 'zhaochunmei');
    const db = t.database.db;
    for (const [k, name] of [
      ['ndrc', '江州市发展和改革委员会'],
      ['finance', '江州市财政局'],
      ['education', '江州市教育局'],
    ] as const) {
      const [u] = await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name));
      ids[k] = u!.id;
    }
    const byName = async (name: string) => (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
    ids.leader = await byName('孙海涛');
    ids.clerk = await byName('刘洋');
  });
  afterAll(() => t?.close());

  const body = (over: Record<string, unknown> = {}) => ({
    title: '推进城区老旧小区改造',
    source: 'meeting',
    sourceText: '市委常委会第12次会议纪要',
    requirement: '年底前完成首批12个小区改造方案，报市委。',
    leadUnitId: ids.ndrc,
    assistingUnitIds: [ids.finance],
    leaderPersonId: ids.leader,
    category: 'ordinary',
    deadline: { workdays: 15 },
    ...over,
  });
  const count = async () => (await t.database.db.select({ id: supervisionItem.itemId }).from(supervisionItem)).length;

  it('the 督查室 opens an item: 督〔2026〕N号 in order, due 15 working days on, green, the leader and units named', async () => {
    const first = await chief.post('/api/v1/supervision', body());
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // The test clock is Monday 2026-11-23: 15 working days on is Monday 2026-12-14.
    expect(first.body).toMatchObject({ registryNo: '督〔2026〕1号', dueDate: '2026-12-14' });
    const second = await chief.post('/api/v1/supervision', body({ title: '落实冬季安全生产大检查', source: 'upperDecision' }));
    expect(second.body.registryNo).toBe('督〔2026〕2号');

    const read = await chief.get(`/api/v1/supervision/${first.body.itemId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      registryNo: '督〔2026〕1号',
      sourceName: '会议议定事项',
      leadUnit: { id: ids.ndrc, name: '江州市发展和改革委员会' },
      assistingUnits: [{ id: ids.finance, name: '江州市财政局' }],
      leader: { id: ids.leader, name: '孙海涛' },
      openedOn: '2026-11-23',
      dueDate: '2026-12-14',
      state: '交办',
      light: 'green',
    });
  });

  it('bad 立项 is refused with the reason, writes nothing and takes no number', async () => {
    const before = await count();
    const refusals: [Record<string, unknown>, string][] = [
      [{ deadline: { date: '2026-11-20' } }, '早于今天'],
      [{ assistingUnitIds: [ids.ndrc] }, '主办单位不能同时是协办单位'],
      [{ leadUnitId: '00000000-0000-4000-8000-000000000000' }, '承办单位不存在'],
      [{ source: 'npcCppcc', statutory: 'npc', deadline: { date: '2027-03-01' } }, '不能晚于 2027-02-23'],
      [{ cadence: { kind: 'everyWorkdays', workdays: 2 } }, '须写明理由'],
      [{ source: 'gossip' }, '来源'],
      [{ source: 'npcCppcc', deadline: { date: '2028-01-01' } }, '须注明是建议还是提案'],
      [{ statutory: 'npc' }, '只有人大代表建议、政协提案'],
      [{ difficult: true }, '办理难度大'],
      [{ leaderPersonId: ids.clerk }, '责任领导须为在任的领导'],
      [{ title: '' }, '请填写督办事项'],
    ];
    for (const [over, message] of refusals) {
      const res = await chief.post('/api/v1/supervision', body(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    // A difficult proposal has six months; a reason makes the frequent cadence acceptable.
    const ok = await chief.post(
      '/api/v1/supervision',
      body({ source: 'npcCppcc', statutory: 'cppcc', difficult: true, deadline: { date: '2027-05-21' } }),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await count()).toBe(before + 1);
    // No refused request took a number: the next is the one after the last given.
    const next = await chief.post(
      '/api/v1/supervision',
      body({ cadence: { kind: 'everyWorkdays', workdays: 2 }, cadenceReason: '汛期每两日报告进展' }),
    );
    expect(next.body.registryNo).toBe(`督〔2026〕${Number(/〔2026〕(\d+)号/.exec(ok.body.registryNo as string)![1]) + 1}号`);
    // Someone who is not a supervisor may not open one.
    const clerk = await signedIn(t, 'liuyang');
    expect((await clerk.post('/api/v1/supervision', body())).status).toBe(403);
    // Nor changed past its rules through the kernel's generic item edit.
    const item = (await chief.get(`/api/v1/items/${ok.body.itemId}`)).body as { version: number; dueDate: string };
    const patched = await chief.request('PATCH', `/api/v1/items/${ok.body.itemId}`, { dueDate: null, version: item.version });
    expect(patched.status).toBe(409);
    expect((await chief.get(`/api/v1/supervision/${ok.body.itemId}`)).body.dueDate).toBe(item.dueDate);
  });

  it('only the 督查室, the leader named and (later) the units working on it see an item; the register filters', async () => {
    const made = await chief.post('/api/v1/supervision', body({ title: '整治校园周边交通秩序', leadUnitId: ids.education }));
    const id = made.body.itemId as string;
    const leader = await signedIn(t, 'sunhaitao');
    expect((await leader.get(`/api/v1/supervision/${id}`)).status).toBe(200);
    const outsider = await signedIn(t, 'xunuo');
    expect((await outsider.get(`/api/v1/supervision/${id}`)).status).toBe(404);
    expect(((await outsider.get('/api/v1/supervision')).body as { items: unknown[] }).items).toEqual([]);
    const other = await signedIn(t, 'chenghao');
    expect((await other.get(`/api/v1/supervision/${id}`)).status).toBe(404);
    // The office's 文书 (registrar) does not keep the 督查室's register: not listed, not readable.
    const registrar = await signedIn(t, 'chenjing');
    expect((await registrar.get(`/api/v1/supervision/${id}`)).status).toBe(404);
    expect(((await registrar.get('/api/v1/supervision')).body as { items: unknown[] }).items).toEqual([]);

    const byUnit = (await chief.get(`/api/v1/supervision?unitId=${ids.education}`)).body as { items: { itemId: string }[] };
    expect(byUnit.items.map((i) => i.itemId)).toEqual([id]);
    const assisting = (await chief.get(`/api/v1/supervision?unitId=${ids.finance}`)).body as { items: { title: string }[] };
    expect(assisting.items.length).toBeGreaterThanOrEqual(2);
    const bySource = (await chief.get('/api/v1/supervision?source=upperDecision')).body as { items: { source: string }[] };
    expect(bySource.items.map((i) => i.source)).toEqual(['upperDecision']);
    // Paging walks every row once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const p = (await chief.get(`/api/v1/supervision?limit=2${q}`)).body as {
        items: { itemId: string }[];
        nextCursor: string | null;
      };
      seen.push(...p.items.map((i) => i.itemId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count());
  });

  it('forged ids and cursors are refused without a trace of the item', async () => {
    expect((await chief.get('/api/v1/supervision/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await chief.get('/api/v1/supervision/not-an-id')).status).toBe(400);
    expect((await chief.get('/api/v1/supervision?cursor=garbage')).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, contextFor, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { unit } from '../../org/schema';
import { takeNumber } from './register';

interface Numbers {
  year: number;
  last: number;
  missing: number[];
  numbers: { id: string; seq: number; docNo: string; state: string; itemId: string | null; cancelReason: string | null }[];
}

describe.each(engines)('文号 registers (%s)', (engine) => {
  let t: TestApp;
  let registrar: Client;
  let fawen = '';
  let officeId = '';

  beforeAll(async () => {
    t = await startTestApp(engine);
    registrar = await signedIn(t, 'chenjing');
    officeId = (await t.database.db.select().from(unit).where(eq(unit.name, '中共江州市委办公室')))[0]!.id;
  });
  afterAll(() => t?.close());

  const numbers = async (registerId: string, year?: number) => {
    const res = await registrar.get(`/api/v1/doc-registers/${registerId}/numbers${year ? `?year=${year}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Numbers;
  };

  it('a registrar sees the registers of their unit; others see none and cannot open one', async () => {
    const list = (await registrar.get('/api/v1/doc-registers')).body.items as {
      id: string;
      code: string;
      unitName: string;
      example: string;
    }[];
    expect(list.map((r) => r.code).sort()).toEqual(['常委会议纪要', '江委办函', '江委办发']);
    const reg = list.find((r) => r.code === '江委办发')!;
    expect(reg.example).toBe('江委办发〔2026〕1号');
    // The office's 纪要 series is numbered by issue, from 1 each year.
    expect(list.find((r) => r.code === '常委会议纪要')!.example).toBe('第1期');
    fawen = reg.id;
    const clerk = await signedIn(t, 'liuyang');
    expect((await clerk.get('/api/v1/doc-registers')).body.items).toEqual([]);
    expect((await clerk.get(`/api/v1/doc-registers/${fawen}/numbers`)).status).toBe(404);
    expect((await clerk.post(`/api/v1/doc-registers/${fawen}/reservations`, {})).status).toBe(404);
    // Another unit's registrar neither.
    const other = await signedIn(t, 'chenghao');
    expect((await other.get(`/api/v1/doc-registers/${fawen}/numbers`)).status).toBe(404);
  });

  it('200 concurrent requests get 200 distinct, consecutive numbers', async () => {
    const before = (await numbers(fawen)).last;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '并发测试' })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const seqs = results.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => before + i + 1));
    expect(new Set(results.map((r) => r.body.docNo)).size).toBe(200);
    const reg = await numbers(fawen);
    expect(reg.last).toBe(before + 200);
    expect(reg.missing).toEqual([]);
    expect(reg.numbers).toHaveLength(before + 200);
  });

  it('a cancelled number stays a gap with its reason, and is never given again', async () => {
    const r = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '拟发关于冬季防火的通知' });
    expect((await registrar.post(`/api/v1/doc-numbers/${r.body.id}/cancel`, {})).status).toBe(400);
    expect(
      (await registrar.post(`/api/v1/doc-numbers/${r.body.id}/cancel`, { reason: '该文改为以市政府办公室名义印发' })).status,
    ).toBe(204);
    expect((await registrar.post(`/api/v1/doc-numbers/${r.body.id}/cancel`, { reason: '再次作废' })).status).toBe(409);
    const next = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, {});
    expect(next.body.seq).toBe(r.body.seq + 1);
    const reg = await numbers(fawen);
    const gap = reg.numbers.find((n) => n.seq === r.body.seq)!;
    expect(gap).toMatchObject({
      state: 'cancelled',
      cancelReason: '该文改为以市政府办公室名义印发',
      docNo: `江委办发〔2026〕${r.body.seq}号`,
    });
    expect(reg.missing).toEqual([]);
  });

  it('a document keeps its number: reserved then taken, or taken again after coming back to 编号', async () => {
    const actor = await actorOf(t.database, 'chenjing');
    const c = await contextFor(t, actor);
    const ctx = () => ({ ...c, now: t.clock.now() });
    const a = await makeItem(t, actor, { title: '关于做好冬季安全生产工作的通知', kind: 'outgoing' });
    const first = await t.database.db.transaction((tx) => takeNumber(tx, ctx(), fawen, a));
    expect(first.kept).toBe(false);
    await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, {}); // someone else's number in between
    const again = await t.database.db.transaction((tx) => takeNumber(tx, ctx(), fawen, a));
    expect(again).toMatchObject({ id: first.id, docNo: first.docNo, kept: true });

    const b = await makeItem(t, actor, { title: '关于召开全市秘书长会议的通知', kind: 'outgoing' });
    const reserved = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { itemId: b });
    expect(reserved.status).toBe(201);
    expect((await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { itemId: b })).status).toBe(409);
    const taken = await t.database.db.transaction((tx) => takeNumber(tx, ctx(), fawen, b));
    expect(taken).toMatchObject({ docNo: reserved.body.docNo, state: 'used', kept: true });
    const reg = await numbers(fawen);
    expect(reg.numbers.find((n) => n.itemId === b)!.state).toBe('used');
  });

  it('numbers start again at 1 in a new year; an order register numbers on', async () => {
    const sys = await signedIn(t, 'sysadmin');
    expect(
      (await sys.post('/api/v1/doc-registers', { unitId: officeId, name: '令', code: '江委办令', kind: 'order' })).status,
    ).toBe(201);
    expect(
      (await sys.post('/api/v1/doc-registers', { unitId: officeId, name: '令', code: '江委办令', kind: 'order' })).status,
    ).toBe(409);
    expect((await sys.post('/api/v1/doc-registers', { unitId: officeId, name: '通报', code: '江委办〔通〕' })).status).toBe(400);
    expect((await registrar.post('/api/v1/doc-registers', { unitId: officeId, name: '通报', code: '江委办通' })).status).toBe(
      403,
    );
    const order = ((await registrar.get('/api/v1/doc-registers')).body.items as { id: string; code: string }[]).find(
      (r) => r.code === '江委办令',
    )!;
    expect((await registrar.post(`/api/v1/doc-registers/${order.id}/reservations`, {})).body.docNo).toBe('第1号');

    // 2027-01-01 00:30 in China is still 2026-12-31 in UTC.
    t.clock.set('2026-12-31T16:30:00Z');
    registrar = await signedIn(t, 'chenjing'); // the old session timed out over the jump
    const y2027 = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, {});
    expect(y2027.body).toMatchObject({ seq: 1, docNo: '江委办发〔2027〕1号' });
    expect((await registrar.post(`/api/v1/doc-registers/${order.id}/reservations`, {})).body.docNo).toBe('第2号');
    expect((await numbers(fawen, 2026)).last).toBeGreaterThan(200);
    expect((await numbers(fawen)).year).toBe(2027);
  });
});

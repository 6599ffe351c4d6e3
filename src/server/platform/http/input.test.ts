import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { unit } from '../../org/schema';
import { event } from '../audit/schema';

/** Bad input gets a clear Chinese error and a 4xx, and nothing is written. */
describe.each(engines)('bad input (%s)', (engine) => {
  let t: TestApp;
  let sys: Client;
  let parent = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_BODY_LIMIT_BYTES: '4096' });
    sys = await signedIn(t, 'sysadmin');
    parent = (await t.database.db.select().from(unit))[0]!.id;
  });
  afterAll(() => t.close());

  const counts = async () => ({
    units: (await t.database.db.select({ n: count() }).from(unit))[0]!.n,
    events: (await t.database.db.select({ n: count() }).from(event))[0]!.n,
  });
  const good = () => ({ parentId: parent, name: `中共测试县委办公室${Math.random()}`, shortName: '测试县委办', level: '县', category: '党委办公室' });

  it.each([
    ['malformed JSON', '{"name": "中共', 400, 'MALFORMED_JSON', /JSON/],
    ['an unknown field', { ...good(), color: 'red' }, 400, 'VALIDATION_FAILED', /color|未知|无法识别/],
    ['a wrong type', { ...good(), sortOrder: '第一' }, 400, 'VALIDATION_FAILED', /sortOrder/],
    ['a missing field', { parentId: parent, shortName: 'x', level: '县', category: '部门' }, 400, 'VALIDATION_FAILED', /name/],
    ['a value outside the enum', { ...good(), level: '村' }, 400, 'VALIDATION_FAILED', /level/],
    ['an oversized body', { ...good(), name: '长'.repeat(5000) }, 413, 'PAYLOAD_TOO_LARGE', /过大/],
  ] as const)('%s is refused with a clear message and changes nothing', async (_what, body, status, code, message) => {
    const before = await counts();
    const res = await sys.post('/api/v1/org/units', body as never);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    expect(await counts()).toEqual(before);
  });

  it('a query string with an unknown parameter or a bad cursor is refused', async () => {
    expect((await sys.get('/api/v1/org/people?colour=1')).status).toBe(400);
    expect((await sys.get('/api/v1/org/people?cursor=%%%')).status).toBe(400);
  });

  it('a repeated create with the same Idempotency-Key creates once and answers the same', async () => {
    const before = await counts();
    const body = good();
    const headers = { 'idempotency-key': 'create-unit-0001' };
    const first = await sys.post('/api/v1/org/units', body, headers);
    const second = await sys.post('/api/v1/org/units', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect((await counts()).units).toBe(before.units + 1);
    const other = await sys.post('/api/v1/org/units', { ...body, name: '另一个单位' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('an unknown route answers a JSON 404 in Chinese', async () => {
    const res = await sys.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('接口不存在');
  });

  it('cursor pagination walks every row once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await sys.get(
        `/api/v1/org/people?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((p) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = await sys.get('/api/v1/org/people?limit=200');
    expect(seen).toEqual(all.body.items.map((p: { id: string }) => p.id));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

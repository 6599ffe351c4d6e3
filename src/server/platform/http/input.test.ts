import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { Client, actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
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
  const good = () => ({
    parentId: parent,
    name: `中共测试县委办公室${Math.random()}`,
    shortName: '测试县委办',
    level: '县',
    category: '党委办公室',
  });

  it.each([
    ['malformed JSON', '{"name": "中共', 400, 'MALFORMED_JSON', /JSON/],
    ['an unknown field', { ...good(), color: 'red' }, 400, 'VALIDATION_FAILED', /color|未知|无法识别/],
    ['a wrong type', { ...good(), sortOrder: '第一' }, 400, 'VALIDATION_FAILED', /sortOrder/],
    ['a missing field', { parentId: parent, shortName: 'x', level: '县', category: '部门' }, 400, 'VALIDATION_FAILED', /name/],
    ['a value outside the enum', { ...good(), level: '村' }, 400, 'VALIDATION_FAILED', /level/],
    ['an oversized body', { ...good(), name: '长'.repeat(5000) }, 413, 'PAYLOAD_TOO_LARGE', /过大/],
  ] as const)('%s is refused with a clear message and changes nothing', async (_what, body, status, code, message) => {
    const before = await counts();
    const res = await sys.post('/api/v1/org/units', body);
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

  const expectChinese400 = (
    res: {
      status: number;
      body: { error: { code: string; message: string; requestId?: string } };
      headers: Record<string, unknown>;
    },
    what: string,
  ) => {
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  };

  it('a NUL or a lone surrogate in any JSON text is a 400 before anything is written, even when signing in', async () => {
    const before = await counts();
    const anon = new Client(t.app);
    const nulName = await anon.request(
      'POST',
      '/api/v1/auth/sign-in',
      undefined,
      { 'content-type': 'application/json' },
      '{"username":"zhou\\u0000wenbin","password":"x"}',
    );
    expectChinese400(nulName, 'NUL in the user name');
    expect(nulName.body.error.message).toContain('username');
    const lone = await sys.request(
      'POST',
      '/api/v1/org/units',
      undefined,
      { 'content-type': 'application/json' },
      JSON.stringify(good()).replace('测试县委办', '测试\\ud800县委办'),
    );
    expectChinese400(lone, 'lone surrogate');
    const nested = await sys.post('/api/v1/org/units', { ...good(), name: 'a\u0000b' });
    expectChinese400(nested, 'NUL in a field');
    // Bytes that are not UTF-8 are refused, not stored as U+FFFD.
    const latin = await sys.request(
      'POST',
      '/api/v1/org/units',
      undefined,
      { 'content-type': 'application/json' },
      Buffer.concat([Buffer.from(JSON.stringify(good()).slice(0, -2)), Buffer.from([0xff, 0x22, 0x7d])]),
    );
    expect(latin.status).toBe(400);
    expect(latin.body.error.code).toBe('MALFORMED_JSON');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a NUL in a query parameter', '/api/v1/items?q=%00'],
    ['a percent-escaped lone surrogate', '/api/v1/items?q=%ED%A0%80'],
    ['an escape that does not decode', '/api/v1/items?q=%E0%A4%A'],
    [
      'a forged cursor with a garbage date',
      `/api/v1/items?cursor=${Buffer.from(JSON.stringify(['garbage', 'x'])).toString('base64url')}`,
    ],
    [
      'a forged people cursor',
      `/api/v1/org/people?cursor=${Buffer.from(JSON.stringify(['张三', 'not-a-uuid'])).toString('base64url')}`,
    ],
    [
      'a forged cursor of the wrong shape',
      `/api/v1/org/people?cursor=${Buffer.from(JSON.stringify([0, 'DROP'])).toString('base64url')}`,
    ],
    ['a path that does not decode', '/api/v1/items/%E0%A4%A'],
  ])('%s is a 400 in Chinese', async (what, url) => {
    expectChinese400(await sys.get(url), what);
  });

  it('an over-long path parameter is a 414 in the product’s shape, not the router’s', async () => {
    const res = await sys.get(`/api/v1/items/${'a'.repeat(300)}`);
    expect(res.status).toBe(414);
    expect(res.body.error.code).toBe('URI_TOO_LONG');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('titles are kept without zero-width or bidi control characters, which could disguise one title as another', async () => {
    const registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const id = await makeItem(t, registrar, { title: '关于\u200b防汛\u202e工作的通知\ufeff' });
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    expect((await r.get(`/api/v1/items/${id}`)).body.title).toBe('关于防汛工作的通知');
    const changed = await r.patch(`/api/v1/items/${id}`, { version: 1, title: '\u2066关于防汛工作的\u200d补充通知\u2069 ' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.title).toBe('关于防汛工作的补充通知');
    // Found by what it shows.
    expect(
      (await r.get(`/api/v1/items?q=${encodeURIComponent('防汛工作的补充')}`)).body.items.map((i: { id: string }) => i.id),
    ).toContain(id);
  });
});

describe.each(engines)('a hostile JSON body at the default size limit (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('nested thousands deep, it answers a 400 at once, signed in or not (it must not hold the event loop)', async () => {
    const anon = new Client(t.app);
    const deep = '['.repeat(5000) + Array.from({ length: 300_000 }, () => '""').join(',') + ']'.repeat(5000);
    const started = performance.now();
    const res = await anon.request('POST', '/api/v1/auth/sign-in', undefined, { 'content-type': 'application/json' }, deep);
    const ms = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('嵌套');
    expect(ms).toBeLessThan(1000);
  });
});

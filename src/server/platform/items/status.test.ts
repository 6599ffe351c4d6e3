import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, contextFor, makeItem, startTestApp, type TestApp } from '../../../../test/support/app';
import { engines } from '../../../../test/support/engines';
import { defineModule, installModules } from '../modules/registry';
import { SERVER_MODULES } from '../../modules';
import { statusOfItems } from './status';

// Where items of another module stand (a meeting's 议定事项 show their 督办 items' lights): the kernel asks the owning
// module, declared by `statusOf`, with that module's items only; a kind that declares none gives no light and the
// state's name.

// One declaration for both engines: the kernel installs a module once.
const asked: string[][] = [];
const lit = defineModule({
  kind: 'test.lit',
  name: '测试',
  flows: [],
  visibility: 'unit',
  searchText: () => [],
  metrics: [],
  states: { registered: '已登记' },
  async statusOf(_db, _ctx, ids) {
    asked.push(ids);
    return new Map(ids.map((id, i) => [id, { light: i === 0 ? ('red' as const) : ('green' as const), state: '办理中' }]));
  },
});

describe.each(engines)('item status through the owning module (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
    installModules([...SERVER_MODULES, lit]);
  });
  afterAll(() => t?.close());

  it('asks the module for its own items and names the rest from their state', async () => {
    asked.length = 0;
    const chen = await actorOf(t.database, 'chenjing');
    const a = await makeItem(t, chen, { kind: 'test.lit', title: '甲' });
    const b = await makeItem(t, chen, { kind: 'test.lit', title: '乙' });
    const plain = await makeItem(t, chen, { title: '丙', state: 'registered' });
    const ctx = await contextFor(t, chen);
    const status = await statusOfItems(t.database.db, ctx, [a, b, plain, a, '00000000-0000-4000-8000-000000000000']);
    expect(asked.map((ids) => ids.sort())).toEqual([[a, b].sort()]);
    expect(status.get(plain)).toEqual({ light: null, state: 'registered', closed: false });
    expect([status.get(a)!.light, status.get(b)!.light].sort()).toEqual(['green', 'red']);
    expect(status.get(a)).toMatchObject({ state: '办理中', closed: false });
    expect(status.size).toBe(3);
    expect((await statusOfItems(t.database.db, ctx, [])).size).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { person, post, roleGrant, unit } from '../../org/schema';
import { account } from '../auth/schema';
import { rowsOf } from '../db/client';
import { event } from '../audit/schema';
import { item } from './schema';
import type { Actor } from '../access/actor';
import { grantIssuedCopy, grantItemAccess } from './service';
import { keepFromRegistrars, restrictToParticipants } from './policy';

describe.each(engines)('who may see and change an item (%s)', (engine) => {
  let t: TestApp;
  let clerkA: Actor; // 市委办公室 section clerk
  let registrarA: Actor; // 市委办公室 文书
  let userB: string; // someone whose post is in another unit
  let publicA: string;
  let internalA: string;
  let secretA: string;

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    clerkA = await actorOf(t.database, DEMO_CLERK_USERNAME);
    registrarA = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    const [b] = await t.database.db
      .select({ username: account.username })
      .from(post)
      .innerJoin(account, eq(account.personId, post.personId))
      .where(and(ne(post.unitId, clerkA.unitId!), eq(post.isPrimary, true), eq(post.isLeader, false)))
      .limit(1);
    userB = b!.username;
    publicA = await makeItem(t, registrarA, { title: '关于做好2026年冬季森林防火工作的通知' });
    internalA = await makeItem(t, registrarA, { title: '关于市委常委会议题安排的请示', classification: '内部' });
    secretA = await makeItem(t, registrarA, { title: '关于重大项目选址的报告', classification: '秘密' });
  });
  afterAll(() => t.close());

  /** The demo's supervisor whose role includes the units below their own, and that unit. */
  const subtreeSupervisor = async () =>
    (
      await t.database.db
        .select({ username: account.username, unitId: roleGrant.unitId })
        .from(roleGrant)
        .innerJoin(account, eq(account.personId, roleGrant.personId))
        .where(and(eq(roleGrant.role, 'supervisor'), eq(roleGrant.includeSubordinates, true)))
    )[0];

  it('a person of another unit cannot list, read, search or change the unit’s items', async () => {
    const b = await signedIn(t, userB);
    const list = await b.get('/api/v1/items');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(publicA);
    const search = await b.get(`/api/v1/items?q=${encodeURIComponent('森林防火')}`);
    expect(search.body.items).toHaveLength(0);
    const read = await b.get(`/api/v1/items/${publicA}`);
    expect(read.status).toBe(404);
    const change = await b.patch(`/api/v1/items/${publicA}`, { version: 1, title: '改过的标题' });
    expect(change.status).toBe(404);
    const [row] = await t.database.db.select().from(item).where(eq(item.id, publicA));
    expect(row!.title).toBe('关于做好2026年冬季森林防火工作的通知');
  });

  it('a person of the same unit lists, searches (by word and by substring) and reads it', async () => {
    const a = await signedIn(t, DEMO_CLERK_USERNAME);
    const ids = (await a.get('/api/v1/items')).body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([publicA, internalA]));
    const byWord = await a.get(`/api/v1/items?q=${encodeURIComponent('防火')}`);
    expect(byWord.body.items.map((i: { id: string }) => i.id)).toEqual([publicA]);
    const bySubstring = await a.get(`/api/v1/items?q=${encodeURIComponent('常委会议')}`);
    expect(bySubstring.body.items.map((i: { id: string }) => i.id)).toEqual([internalA]);
    expect((await a.get(`/api/v1/items/${publicA}`)).status).toBe(200);
  });

  it('clearance below the item’s classification blocks the read and hides it from lists', async () => {
    const [p] = await t.database.db.select({ clearance: person.clearance }).from(person).where(eq(person.id, clerkA.personId));
    expect(['公开', '内部']).toContain(p!.clearance);
    const a = await signedIn(t, DEMO_CLERK_USERNAME);
    const read = await a.get(`/api/v1/items/${secretA}`);
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('CLEARANCE_INSUFFICIENT');
    const ids = (await a.get('/api/v1/items')).body.items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(secretA);
  });

  it('reading an item classified 内部 is recorded in the event log; reading a 公开 one is not', async () => {
    const a = await signedIn(t, DEMO_CLERK_USERNAME);
    expect((await a.get(`/api/v1/items/${internalA}`)).status).toBe(200);
    expect((await a.get(`/api/v1/items/${publicA}`)).status).toBe(200);
    const reads = await t.database.db.select().from(event).where(eq(event.action, 'item.read'));
    expect(reads.filter((e) => e.targetId === internalA && e.actorPersonId === clerkA.personId)).toHaveLength(1);
    expect(reads.filter((e) => e.targetId === publicA)).toHaveLength(0);
    const read = reads.find((e) => e.targetId === internalA)!;
    expect(read.actorPostId).toBe(clerkA.postId);
    expect(read.ip).toBeTruthy();
  });

  it('only the registering clerk or a registrar of the unit changes basic fields; a stale version conflicts', async () => {
    const a = await signedIn(t, DEMO_CLERK_USERNAME);
    expect((await a.patch(`/api/v1/items/${publicA}`, { version: 1, title: 'x' })).status).toBe(403);
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const ok = await r.patch(`/api/v1/items/${publicA}`, { version: 1, urgency: '加急' });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await r.patch(`/api/v1/items/${publicA}`, { version: 1, urgency: '特急' });
    expect(stale.status).toBe(409);
    const [row] = await t.database.db.select().from(item).where(eq(item.id, publicA));
    expect(row!.urgency).toBe('加急');
  });

  it('an issued-copy grant to another unit never opens the record; a person given a task reads it', async () => {
    const b = await actorOf(t.database, userB);
    const c = await signedIn(t, userB);
    const by = { personId: registrarA.personId, postId: registrarA.postId };
    await t.database.db.transaction((tx) =>
      grantIssuedCopy(tx, publicA, { type: 'unit', id: b.unitId! }, '核发', by, t.clock.now()),
    );
    expect((await c.get(`/api/v1/items/${publicA}`)).status).toBe(404);
    expect((await c.get('/api/v1/items')).body.items).toEqual([]);
    await t.database.db.transaction((tx) =>
      grantItemAccess(tx, publicA, { type: 'person', id: b.personId }, 'task:handle', by, t.clock.now()),
    );
    expect((await c.get(`/api/v1/items/${publicA}`)).status).toBe(200);
    expect((await c.get('/api/v1/items')).body.items.map((i: { id: string }) => i.id)).toEqual([publicA]);
  });

  it('a supervisor whose role covers subordinate units reads their items', async () => {
    const grant = await subtreeSupervisor();
    const [child] = await t.database.db.select().from(unit).where(eq(unit.parentId, grant!.unitId!));
    const [childRegistrar] = await t.database.db
      .select({ username: account.username })
      .from(roleGrant)
      .innerJoin(account, eq(account.personId, roleGrant.personId))
      .where(and(eq(roleGrant.role, 'registrar'), eq(roleGrant.unitId, child?.id ?? grant!.unitId!)));
    const owner = await actorOf(t.database, childRegistrar?.username ?? DEMO_REGISTRAR_USERNAME);
    const sub = await makeItem(t, owner, { title: '关于防汛准备情况的报告' });
    const s = await signedIn(t, grant!.username);
    expect((await s.get(`/api/v1/items/${sub}`)).status).toBe(200);
  });

  it('a supervisor’s reach follows the unit tree as units are added and moved, on reads and in lists', async () => {
    const grant = await subtreeSupervisor();
    const sys = await signedIn(t, 'sysadmin');
    const made = async (body: object) => {
      const r = await sys.post('/api/v1/org/units', { level: '县', category: '党委', ...body });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    // A new tree outside the supervisor's, two levels deep, and an item owned at its bottom.
    const zone = await made({ parentId: null, name: '江州临港新区党工委', shortName: '临港党工委' });
    const office = await made({
      parentId: zone,
      name: '江州临港新区党政办公室',
      shortName: '临港党政办',
      category: '党委办公室',
    });
    const it = await makeItem(t, registrarA, { title: '关于临港新区防台风准备的报告', owningUnitId: office });
    const s = await signedIn(t, grant!.username);
    const sees = async () => {
      const read = (await s.get(`/api/v1/items/${it}`)).status;
      const listed = ((await s.get('/api/v1/items?limit=100')).body.items as { id: string }[]).some((i) => i.id === it);
      return { read, listed };
    };
    expect(await sees()).toEqual({ read: 404, listed: false });

    // Moved under the supervised unit: the office two levels down is now within the grant.
    expect((await sys.patch(`/api/v1/org/units/${zone}`, { parentId: grant!.unitId })).status).toBe(204);
    expect(await sees()).toEqual({ read: 200, listed: true });
    // The closure is the tree: every unit's ancestors, itself at depth 0, as a walk up the parents finds them.
    const walk = await t.database.db.execute(sql`
      with recursive up(ancestor_id, unit_id, depth) as (
        select id, id, 0 from unit union all
        select u.parent_id, up.unit_id, up.depth + 1 from up join unit u on u.id = up.ancestor_id where u.parent_id is not null)
      select count(*)::int as n from (
        (select * from up except select ancestor_id, unit_id, depth from unit_closure)
        union all (select ancestor_id, unit_id, depth from unit_closure except select * from up)) d`);
    expect(rowsOf<{ n: number }>(walk)[0]!.n).toBe(0);
    const [{ depth }] = rowsOf<{ depth: number }>(
      await t.database.db.execute(
        sql`select depth from unit_closure where ancestor_id = ${grant!.unitId} and unit_id = ${office}`,
      ),
    ) as [{ depth: number }];
    expect(depth).toBe(2);

    // And moved out again: gone from the read and the list at once.
    expect((await sys.patch(`/api/v1/org/units/${zone}`, { parentId: null })).status).toBe(204);
    expect(await sees()).toEqual({ read: 404, listed: false });
  });

  it('a kind kept from registrars: the supervisors, the creator and those given it read and list it; the unit’s 文书 and its people do not', async () => {
    keepFromRegistrars('test.supervised');
    restrictToParticipants('test.supervised');
    const chief = await actorOf(t.database, 'zhaochunmei'); // 督查室主任, supervisor over the city
    const id = await makeItem(t, chief, { title: '关于督办冬季供暖保障的事项', kind: 'test.supervised' });
    const [leader] = await t.database.db.select({ id: person.id }).from(person).where(eq(person.name, '孙海涛'));
    await t.database.db.transaction((tx) =>
      grantItemAccess(
        tx,
        id,
        { type: 'person', id: leader!.id },
        '责任领导',
        { personId: chief.personId, postId: chief.postId },
        t.clock.now(),
      ),
    );
    const sees = async (username: string) => {
      const c = await signedIn(t, username);
      const listed = ((await c.get('/api/v1/items?limit=100')).body as { items: { id: string }[] }).items.some(
        (i) => i.id === id,
      );
      return [(await c.get(`/api/v1/items/${id}`)).status, listed];
    };
    expect(await sees('zhaochunmei')).toEqual([200, true]);
    expect(await sees('sunhaitao')).toEqual([200, true]);
    expect(await sees(DEMO_REGISTRAR_USERNAME)).toEqual([404, false]);
    expect(await sees(DEMO_CLERK_USERNAME)).toEqual([404, false]);
    // An ordinary participant-only kind stays open to the unit's registrar.
    expect((await (await signedIn(t, DEMO_REGISTRAR_USERNAME)).get(`/api/v1/items/${internalA}`)).status).toBe(200);
  });

  it('an item above the deployment ceiling is refused with a message about certified networks', async () => {
    const strict = await startTestApp(engine); // default ceiling 内部
    try {
      const reg = await actorOf(strict.database, DEMO_REGISTRAR_USERNAME);
      await expect(makeItem(strict, reg, { title: '涉密文件', classification: '秘密' })).rejects.toThrow(/涉密网络/);
      expect(await strict.database.db.select().from(item).where(eq(item.title, '涉密文件'))).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});

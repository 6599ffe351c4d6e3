import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actorOf, Client, makeItem, signedIn, startTestApp, type TestApp } from '../../../test/support/app';
import { engines } from '../../../test/support/engines';
import { asc, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { post, unit } from './schema';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from './demo-data';
import { account } from '../platform/auth/schema';
import { event } from '../platform/audit/schema';
import { grantItemAccess } from '../platform/items/service';

interface Post {
  id: string;
  title: string;
  unitName: string;
  isPrimary: boolean;
}

describe.each(engines)('organisation: capacity, delegation, structure (%s)', (engine) => {
  let t: TestApp;
  let officeItem: string;
  let bureauItem: string;

  beforeAll(async () => {
    t = await startTestApp(engine);
    officeItem = await makeItem(t, await actorOf(t.database, DEMO_CLERK_USERNAME), { title: '关于做好年末值班工作的通知' });
    bureauItem = await makeItem(t, await actorOf(t.database, 'suwanqing'), { title: '关于群众来信反映供暖问题的报告' });
  });
  afterAll(() => t.close());

  it('a person with two posts acts in one at a time, and switching changes what they see', async () => {
    const director = await signedIn(t, 'sunhaitao');
    const me = await director.get('/api/v1/me');
    const posts = me.body.posts as Post[];
    expect(posts).toHaveLength(2);
    const primary = posts.find((p) => p.isPrimary)!;
    const bureau = posts.find((p) => !p.isPrimary)!;
    expect(primary.unitName).toBe('中共江州市委办公室');
    expect(bureau.title).toBe('市信访局局长（兼）');
    expect(me.body.currentPostId).toBe(primary.id);

    const seen = async () => ((await director.get('/api/v1/items')).body.items as { id: string }[]).map((i) => i.id);
    expect(await seen()).toContain(officeItem);
    expect(await seen()).not.toContain(bureauItem);
    expect((await director.get(`/api/v1/items/${bureauItem}`)).status).toBe(404);

    const switched = await director.put('/api/v1/me/capacity', { postId: bureau.id });
    expect(switched.status).toBe(200);
    expect(switched.body.currentPostId).toBe(bureau.id);
    expect((await director.get('/api/v1/me')).body.currentPostId).toBe(bureau.id);
    expect(await seen()).toContain(bureauItem);
    expect(await seen()).not.toContain(officeItem);
    expect((await director.get(`/api/v1/items/${officeItem}`)).status).toBe(404);

    // The capacity belongs to the session: a second sign-in starts in the primary post again.
    const other = await signedIn(t, 'sunhaitao');
    expect((await other.get('/api/v1/me')).body.currentPostId).toBe(primary.id);
  });

  it('nobody can act in a post that is not theirs', async () => {
    const director = await signedIn(t, 'sunhaitao');
    const sg = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    const sgPost = ((await sg.get('/api/v1/me')).body.posts as Post[])[0]!;
    const res = await director.put('/api/v1/me/capacity', { postId: sgPost.id });
    expect([400, 403]).toContain(res.status);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const me = await director.get('/api/v1/me');
    expect(me.body.currentPostId).not.toBe(sgPost.id);
  });

  it('a delegation is labelled "Y（代 X）", seen by both sides, and only the principal may revoke it', async () => {
    const sg = await signedIn(t, DEMO_SECRETARY_GENERAL_USERNAME);
    const director = await signedIn(t, 'sunhaitao');
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const directorId = (await director.get('/api/v1/me')).body.personId;
    const now = t.clock.now().getTime();
    const window = { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 7 * 86_400_000).toISOString() };

    const created = await sg.post('/api/v1/delegations', { toPersonId: directorId, ...window, reason: '外出学习期间' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const fromSg = (await sg.get('/api/v1/delegations')).body.items.find((d: { id: string }) => d.id === created.body.id);
    expect(fromSg.label).toBe('孙海涛（代 周文斌）');
    expect(fromSg.reason).toBe('外出学习期间');
    const forDirector = (await director.get('/api/v1/delegations')).body.items.map((d: { id: string }) => d.id);
    expect(forDirector).toContain(created.body.id);
    expect((await clerk.get('/api/v1/delegations')).body.items.map((d: { id: string }) => d.id)).not.toContain(created.body.id);

    // Nobody delegates someone else's work, and the delegate cannot revoke it.
    const sgId = (await sg.get('/api/v1/me')).body.personId;
    expect(
      (await clerk.post('/api/v1/delegations', { fromPersonId: sgId, toPersonId: directorId, ...window, reason: '冒名' })).status,
    ).toBe(403);
    expect((await director.post(`/api/v1/delegations/${created.body.id}/revoke`)).status).toBe(403);
    const backwards = await sg.post('/api/v1/delegations', {
      toPersonId: directorId,
      startsAt: window.endsAt,
      endsAt: window.startsAt,
      reason: '颠倒',
    });
    expect(backwards.status).toBe(400);

    expect((await sg.post(`/api/v1/delegations/${created.body.id}/revoke`)).status).toBe(204);
    const after = (await sg.get('/api/v1/delegations')).body.items.find((d: { id: string }) => d.id === created.body.id);
    expect(after.revokedAt).not.toBeNull();
    expect((await sg.post(`/api/v1/delegations/${created.body.id}/revoke`)).status).toBe(400);
  });

  it('people are listed by name, page after page, and can be fetched by id', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await sys.get(`/api/v1/org/people?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { name: string; id: string }[]).map((p) => `${p.name}|${p.id}`));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = (await sys.get('/api/v1/org/people?limit=200')).body.items as { name: string; id: string }[];
    expect(seen).toEqual(all.map((p) => `${p.name}|${p.id}`));
    expect(new Set(seen).size).toBe(seen.length);
    // The database's own collation orders the names; the pages agree with one query, without gaps or repeats.
    const picked = [all[3]!.id, all[0]!.id];
    const byId = (await sys.get(`/api/v1/org/people?ids=${picked.join(',')}`)).body.items as { id: string }[];
    expect(byId.map((p) => p.id).sort()).toEqual([...picked].sort());
    expect((await sys.get('/api/v1/org/people?ids=not-a-uuid')).status).toBe(400);
  });

  it('an administrator can neither delegate nor be a delegate (三员分立)', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const ids = new Map((await t.database.db.select().from(account)).map((a) => [a.username, a.personId]));
    const period = { startsAt: '2026-11-24T00:00:00Z', endsAt: '2026-11-30T00:00:00Z', reason: '出差' };
    const toAdmin = await sys.post('/api/v1/delegations', {
      fromPersonId: ids.get('zhouwenbin'),
      toPersonId: ids.get('auditor'),
      ...period,
    });
    expect(toAdmin.status).toBe(400);
    expect(toAdmin.body.error.message).toContain('三员');
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    expect((await clerk.post('/api/v1/delegations', { toPersonId: ids.get('secadmin'), ...period })).status).toBe(400);
  });

  it('the system administrator builds structure: a unit, a department, a post, a leader in charge', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const units = (await sys.get('/api/v1/org/units')).body.items as { id: string; parentId: string | null; name: string }[];
    const root = units.find((u) => u.parentId === null)!;
    const unit = await sys.post('/api/v1/org/units', {
      parentId: root.id,
      name: '江州市数据局',
      shortName: '市数据局',
      issuerCode: '江数',
      level: '市',
      category: '部门',
    });
    expect(unit.status).toBe(201);
    const dept = await sys.post('/api/v1/org/departments', { unitId: unit.body.id, name: '办公室', shortName: '办公室' });
    expect(dept.status).toBe(201);
    const depts = (await sys.get(`/api/v1/org/units/${unit.body.id}/departments`)).body.items as { id: string; name: string }[];
    expect(depts.map((d) => d.name)).toEqual(['办公室']);

    const user = await sys.post('/api/v1/admin/users', {
      name: '林雨桐',
      gender: '女',
      username: 'linyutong',
      temporaryPassword: 'Temp#2026pass',
    });
    expect(user.status).toBe(201);
    const post = await sys.post('/api/v1/org/posts', {
      personId: user.body.id,
      unitId: unit.body.id,
      title: '局长',
      isLeader: true,
      isPrimary: true,
    });
    expect(post.status).toBe(201);
    expect((await sys.put(`/api/v1/org/posts/${post.body.id}/in-charge`, { departmentIds: [dept.body.id] })).status).toBe(204);

    const people = await sys.get(`/api/v1/org/people?unitId=${unit.body.id}`);
    const lin = (people.body.items as { name: string; posts: { title: string; inChargeOf: string[] }[] }[]).find(
      (p) => p.name === '林雨桐',
    )!;
    expect(lin.posts[0]!.title).toBe('局长');
    expect(lin.posts[0]!.inChargeOf).toEqual([dept.body.id]);

    // A department of another unit cannot be put in this leader's charge.
    const office = units.find((u) => u.name === '中共江州市委办公室')!;
    const officeDepts = (await sys.get(`/api/v1/org/units/${office.id}/departments`)).body.items as { id: string }[];
    expect(officeDepts.length).toBeGreaterThan(0);
    const cross = await sys.put(`/api/v1/org/posts/${post.body.id}/in-charge`, { departmentIds: [officeDepts[0]!.id] });
    expect(cross.status).toBe(400);
    expect(cross.body.error.message).toContain('本单位');
    expect((await sys.get(`/api/v1/org/people?ids=${user.body.id}`)).body.items[0].posts[0].inChargeOf).toEqual([dept.body.id]);

    // Disabling the account shows in the people list; enabling it again clears it.
    const linNow = async () => (await sys.get(`/api/v1/org/people?ids=${user.body.id}`)).body.items[0] as { disabled: boolean };
    expect((await linNow()).disabled).toBe(false);
    expect((await sys.post(`/api/v1/admin/users/${user.body.id}/disable`)).status).toBe(204);
    expect((await linNow()).disabled).toBe(true);
    expect((await sys.post(`/api/v1/admin/users/${user.body.id}/enable`)).status).toBe(204);
    expect((await linNow()).disabled).toBe(false);

    // A business user cannot change the structure.
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    expect(
      (
        await clerk.post('/api/v1/org/units', {
          parentId: root.id,
          name: '冒设单位',
          shortName: '冒设',
          level: '市',
          category: '部门',
        })
      ).status,
    ).toBe(403);
    expect((await clerk.post('/api/v1/org/departments', { unitId: unit.body.id, name: '冒设科' })).status).toBe(403);
  });
});

describe.each(engines)('delegation across units (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  let internalItem: string;
  let secretItem: string;
  const period = { startsAt: '2026-11-22T00:00:00Z', endsAt: '2026-12-31T00:00:00Z', reason: '外出学习期间' };

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    // Two documents 马晓燕 (市委办 机要员, cleared for 秘密) was given to handle.
    const registrar = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    internalItem = await makeItem(t, registrar, { title: '关于年终考核安排的通知', classification: '内部' });
    secretItem = await makeItem(t, await actorOf(t.database, 'maxiaoyan'), {
      title: '关于重要会议安排的请示',
      classification: '秘密',
    });
    const by = { personId: registrar.personId, postId: registrar.postId };
    await t.database.db.transaction(async (tx) => {
      for (const id of [internalItem, secretItem])
        await grantItemAccess(tx, id, { type: 'person', id: ids.get('maxiaoyan')! }, 'task:承办', by, t.clock.now());
    });
  });
  afterAll(() => t.close());

  it('a delegation to a person of another unit is not in force until the security administrator approves it, and never beyond the delegate’s clearance', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const delegate = await signedIn(t, 'tangxiaolin'); // 东湖区委办 文书, cleared for 内部
    const made = await sys.post('/api/v1/delegations', {
      fromPersonId: ids.get('maxiaoyan'),
      toPersonId: ids.get('tangxiaolin'),
      ...period,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.approval).toBe('pending');
    expect((await delegate.get(`/api/v1/items/${internalItem}`)).status).toBe(404);
    // The security administrator is told, and is the one who decides.
    const sec = await signedIn(t, 'secadmin');
    expect(
      ((await sec.get('/api/v1/notifications?limit=20')).body.items as { message: string }[]).map((n) => n.message),
    ).toContain('跨单位代理待审批：唐晓琳（代 马晓燕）');
    expect((await sys.post(`/api/v1/delegations/${made.body.id}/approve`)).status).toBe(403);
    expect((await delegate.post(`/api/v1/delegations/${made.body.id}/approve`)).status).toBe(403);
    expect(
      ((await sec.get('/api/v1/delegations')).body.items as { id: string; approval: string }[]).find((d) => d.id === made.body.id)
        ?.approval,
    ).toBe('pending');
    expect((await sec.post(`/api/v1/delegations/${made.body.id}/approve`)).status).toBe(204);
    expect((await sec.post(`/api/v1/delegations/${made.body.id}/approve`)).status).toBe(409);
    // In force: the principal's 内部 document, not the 秘密 one above the delegate's own clearance.
    expect((await delegate.get(`/api/v1/items/${internalItem}`)).status).toBe(200);
    expect((await delegate.get(`/api/v1/items/${secretItem}`)).status).not.toBe(200);
    const listed = ((await delegate.get('/api/v1/items?limit=200')).body.items as { id: string }[]).map((i) => i.id);
    expect(listed).toContain(internalItem);
    expect(listed).not.toContain(secretItem);
    // Its end ends the access.
    expect((await sys.post(`/api/v1/delegations/${made.body.id}/revoke`)).status).toBe(204);
    expect((await delegate.get(`/api/v1/items/${internalItem}`)).status).toBe(404);
    const actions = async () =>
      (await t.database.db.select().from(event).where(eq(event.targetId, made.body.id)).orderBy(asc(event.id))).map(
        (e) => e.action,
      );
    // The two refused approvals are in the log too (written beside their answers).
    await vi.waitFor(async () => expect((await actions()).filter((a) => a === 'access.refused')).toHaveLength(2));
    expect((await actions()).filter((a) => a.startsWith('org.delegation.'))).toEqual([
      'org.delegation.create',
      'org.delegation.approve',
      'org.delegation.revoke',
    ]);
  });

  it('a refused delegation never comes into force; one within a unit needs no approval', async () => {
    const sys = await signedIn(t, 'sysadmin');
    const made = await sys.post('/api/v1/delegations', {
      fromPersonId: ids.get('maxiaoyan'),
      toPersonId: ids.get('panyulan'),
      ...period,
    });
    expect(made.body.approval).toBe('pending');
    expect((await (await signedIn(t, 'secadmin')).post(`/api/v1/delegations/${made.body.id}/refuse`)).status).toBe(204);
    expect((await (await signedIn(t, 'panyulan')).get(`/api/v1/items/${internalItem}`)).status).toBe(404);
    const own = await (
      await signedIn(t, 'maxiaoyan')
    ).post('/api/v1/delegations', { toPersonId: ids.get('linzhiyuan'), ...period });
    expect(own.body.approval).toBe('approved');
    expect((await (await signedIn(t, 'linzhiyuan')).get(`/api/v1/items/${secretItem}`)).status).toBe(200);
    expect((await (await signedIn(t, 'maxiaoyan')).post(`/api/v1/delegations/${own.body.id}/revoke`)).status).toBe(204);
  });

  it('a delegation within a unit stops when the delegate moves to another unit', async () => {
    const principal = await signedIn(t, 'maxiaoyan');
    const made = await principal.post('/api/v1/delegations', { toPersonId: ids.get('jianghongxia'), ...period });
    expect(made.body.approval).toBe('approved');
    const delegate = await signedIn(t, 'jianghongxia'); // 文电科科长, 市委办
    expect((await delegate.get(`/api/v1/items/${internalItem}`)).status).toBe(200);
    // She is transferred to 东湖区委办: her 市委办 post ends, a 东湖 one begins.
    const [old] = await t.database.db
      .select()
      .from(post)
      .where(eq(post.personId, ids.get('jianghongxia')!));
    const [donghu] = await t.database.db.select().from(unit).where(eq(unit.shortName, '东湖区委办'));
    await t.database.db.update(post).set({ endedAt: t.clock.now() }).where(eq(post.id, old!.id));
    await t.database.db.insert(post).values({
      id: randomUUID(),
      personId: ids.get('jianghongxia')!,
      unitId: donghu!.id,
      title: '文书',
      isPrimary: true,
      createdAt: t.clock.now(),
    });
    const moved = await signedIn(t, 'jianghongxia');
    expect((await moved.get(`/api/v1/items/${internalItem}`)).status).toBe(404);
  });

  it('one person’s work has one delegate at a time: an overlapping delegation is refused, naming the one in the way', async () => {
    const principal = await signedIn(t, 'linzhiyuan');
    const first = await principal.post('/api/v1/delegations', {
      toPersonId: ids.get('maxiaoyan'),
      startsAt: '2026-12-01T00:00:00Z',
      endsAt: '2026-12-10T00:00:00Z',
      reason: '出差',
    });
    expect(first.status).toBe(201);
    const overlapping = await principal.post('/api/v1/delegations', {
      toPersonId: ids.get('jianghongxia'),
      startsAt: '2026-12-08T00:00:00Z',
      endsAt: '2026-12-20T00:00:00Z',
      reason: '休假',
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.error.message).toContain('马晓燕（代 林志远）');
    const after = await principal.post('/api/v1/delegations', {
      toPersonId: ids.get('jianghongxia'),
      startsAt: '2026-12-10T00:00:00Z',
      endsAt: '2026-12-20T00:00:00Z',
      reason: '休假',
    });
    expect(after.status).toBe(201);
  });
});

describe.each(engines)('unit pickers find units by name instead of loading all of them (%s)', (engine) => {
  let t: TestApp;
  let sys: Client;
  interface UnitRow {
    id: string;
    name: string;
    shortName: string;
  }
  const units = async (query: string) => {
    const res = await sys.get(`/api/v1/org/units${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: UnitRow[]; truncated: boolean };
  };
  const names = async (query: string) => (await units(query)).items.map((u) => u.name);
  const newUnit = async (name: string, shortName: string, sortOrder = 500) => {
    const [root] = await t.database.db.select().from(unit).where(isNull(unit.parentId));
    const res = await sys.post('/api/v1/org/units', {
      parentId: root!.id,
      name,
      shortName,
      level: '市',
      category: '部门',
      sortOrder,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    sys = await signedIn(t, 'sysadmin');
    await newUnit('江州市数据资源管理局', '市数据局');
    await newUnit('江州市ITC信息技术中心', '市信息中心');
    await newUnit('江州市百分之100%保障办公室', '市保障办');
  });
  afterAll(() => t.close());

  it('q finds a unit by a part of its full name or of its short name, in any letter case', async () => {
    expect(await names('?q=资源管理')).toEqual(['江州市数据资源管理局']);
    // 数据局 is in the short name only.
    expect(await names(`?q=${encodeURIComponent('数据局')}`)).toEqual(['江州市数据资源管理局']);
    expect(await names('?q=itc')).toEqual(['江州市ITC信息技术中心']);
    expect(await names(`?q=${encodeURIComponent('  市委办 ')}`)).toContain('中共江州市委办公室');
    expect(await units(`?q=${encodeURIComponent('没有这个单位')}`)).toEqual({ items: [], truncated: false });
  });

  it('a % or _ or \\ typed is that character, never a wildcard', async () => {
    expect(await names(`?q=${encodeURIComponent('%')}`)).toEqual(['江州市百分之100%保障办公室']);
    expect(await names(`?q=${encodeURIComponent('100%保')}`)).toEqual(['江州市百分之100%保障办公室']);
    expect(await names(`?q=${encodeURIComponent('江州%局')}`)).toEqual([]);
    expect(await names(`?q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await names(`?q=${encodeURIComponent('\\')}`)).toEqual([]);
  });

  it('ids names the units a page already holds, in the organisation’s order, and no others', async () => {
    const all = (await units('?all=true')).items;
    const chosen = [all[5]!.id, all[1]!.id, randomUUID()];
    const res = await units(`?ids=${chosen.join(',')}`);
    expect(res.items.map((u) => u.id)).toEqual([all[1]!.id, all[5]!.id]);
    expect(res.truncated).toBe(false);
    // A search and ids together: the chosen units that match.
    expect((await units(`?ids=${chosen.join(',')}&q=${encodeURIComponent(all[5]!.shortName)}`)).items.map((u) => u.id)).toEqual([
      all[5]!.id,
    ]);
  });

  it('limit cuts the list in the order the pickers show (排序号, then name) and says it was cut', async () => {
    const all = (await units('?all=true')).items;
    const matching = all.filter((u) => u.name.includes('江州市'));
    expect(matching.length).toBeGreaterThan(3);
    const cut = await units(`?q=${encodeURIComponent('江州市')}&limit=2`);
    expect(cut.items.map((u) => u.id)).toEqual(matching.slice(0, 2).map((u) => u.id));
    expect(cut.truncated).toBe(true);
    const exact = await units(`?q=${encodeURIComponent('江州市')}&limit=${matching.length}`);
    expect(exact.items).toHaveLength(matching.length);
    expect(exact.truncated).toBe(false);
  });

  it('without a limit a picker gets 50 units and is told there are more; the admin tree asks for all', async () => {
    const [root] = await t.database.db.select().from(unit).where(isNull(unit.parentId));
    const before = (await units('?all=true')).items.length;
    await t.database.db.insert(unit).values(
      Array.from({ length: 60 - before }, (_, i) => ({
        id: randomUUID(),
        parentId: root!.id,
        name: `江州市测试乡镇${String(i).padStart(2, '0')}`,
        shortName: `测试乡镇${i}`,
        level: '乡',
        category: '政府',
        sortOrder: 900,
        createdAt: new Date(),
      })),
    );
    const first = await units('');
    expect(first.items).toHaveLength(50);
    expect(first.truncated).toBe(true);
    const all = await units('?all=true');
    expect(all.items).toHaveLength(60);
    expect(all.truncated).toBe(false);
    expect(first.items).toEqual(all.items.slice(0, 50));
    expect((await units('?limit=200')).items).toHaveLength(60);
    // A page holding more chosen units than a page of search results gets every one of them named.
    const chosen = all.items.slice(0, 60).map((u) => u.id);
    const named = await units(`?ids=${chosen.join(',')}`);
    expect(named.items).toHaveLength(60);
    expect(named.truncated).toBe(false);
  });

  it('bad input is refused with 400 and says what is wrong, in Chinese', async () => {
    const refused = async (query: string, says: string) => {
      const res = await sys.get(`/api/v1/org/units${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(says);
    };
    await refused('?limit=0', '数量应为 1 至 200 的整数');
    await refused('?limit=201', '数量应为 1 至 200 的整数');
    await refused('?limit=abc', '数量应为 1 至 200 的整数');
    await refused('?limit=2.5', '数量应为 1 至 200 的整数');
    await refused('?ids=not-a-uuid', '标识格式不正确');
    await refused(`?ids=${Array.from({ length: 101 }, () => randomUUID()).join(',')}`, '一次最多查询 100 个单位');
    await refused(`?q=${encodeURIComponent('单'.repeat(51))}`, '查找的单位名称不能超过 50 字');
    await refused('?all=yes', 'all 应为 true 或 false');
    await refused('?parentId=x', '请求参数有误');
  });

  it('every signed-in person may search, as they may read the organisation; nobody signed out', async () => {
    const clerk = await signedIn(t, DEMO_CLERK_USERNAME);
    const res = await clerk.get(`/api/v1/org/units?q=${encodeURIComponent('市委办')}`);
    expect(res.status).toBe(200);
    expect((res.body.items as UnitRow[]).map((u) => u.name)).toContain('中共江州市委办公室');
    expect((await new Client(t.app).get('/api/v1/org/units?q=x')).status).toBe(401);
  });
});

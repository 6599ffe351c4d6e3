import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { account } from '../auth/schema';
import { department, unit } from '../../org/schema';
import type { FlowView } from '../../../contract/flow';

const document = {
  senderName: '中共江南省委办公厅',
  docNo: '江南委办发〔2026〕80号',
  title: '关于做好2027年春运期间安全保障工作的通知',
  classification: '公开',
  copies: 1,
  writtenDate: '2026-11-20',
  mainRecipients: ['各市委'],
};

type Detail = FlowView & { item: { state: string } };

/** 转办, 加签 and 催办 by the people of the flow; 主办/协办/会商 and suggested people as the item page gets them. */
describe.each(engines)('handing tasks on, adding signers and urging, as the flow record shows them (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const depts = new Map<string, string>();
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    if (!clients.has(username)) clients.set(username, await signedIn(t, username));
    return clients.get(username)!;
  };
  const detail = async (who: string, itemId: string, module = 'incoming') => {
    const res = await (await as(who)).get(`/api/v1/${module}/${itemId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Detail;
  };
  const myTask = async (who: string, itemId: string, stepKey: string | null, module = 'incoming') => {
    const d = await detail(who, itemId, module);
    const task = d.myTasks.find((x) => x.stepKey === stepKey);
    expect(task, `${who} has no open ${stepKey} task; has ${JSON.stringify(d.myTasks.map((x) => x.stepKey))}`).toBeDefined();
    return task!;
  };
  const submit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown>, module = 'incoming') => {
    const task = await myTask(who, itemId, stepKey, module);
    const res = await (await as(who)).post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    expect(res.status, `${who} ${stepKey}: ${JSON.stringify(res.body)}`).toBe(200);
  };
  const told = async (who: string, itemId: string) =>
    (
      (await (await as(who)).get('/api/v1/notifications?limit=100')).body.items as {
        itemId: string;
        message: string;
        kind: string;
      }[]
    )
      .filter((n) => n.itemId === itemId)
      .map((n) => n.message);
  let n = 0;
  const register = async (title: string) => {
    const res = await (
      await as('chenjing')
    ).post('/api/v1/incoming', { ...document, docNo: `江南委办发〔2026〕${100 + ++n}号`, title });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.itemId as string;
  };
  /** A 收文 taken through 初审, 拟办 and 批办 to 分办, then given to the units chosen. */
  const toHandling = async (
    title: string,
    handling: { departmentId?: string; unitId?: string; role: 'lead' | 'assisting'; dueDate?: string }[],
  ) => {
    const itemId = await register(title);
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    await submit('zhouwenbin', itemId, 'assign', { opinion: '请有关科室办理。' });
    await submit('chenjing', itemId, 'dispatch', { next: { units: handling } });
    return itemId;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
    for (const d of await t.database.db.select().from(department)) if (d.unitId === units.get('市委办')) depts.set(d.name, d.id);
  });
  afterAll(() => t?.close());

  it('a section chief hands his 承办 to his clerk (转办): the clerk has it, the record says who handed it to whom, and others may not', async () => {
    const itemId = await toHandling('关于做好春运期间值班工作的通知', [
      { departmentId: depts.get('秘书科'), role: 'lead', dueDate: '2026-12-04' },
    ]);
    const chief = await myTask('huangxiaodong', itemId, 'handle');
    // He is offered his own section's people first.
    expect(chief.handover?.suggested.map((p) => p.name)).toEqual(['刘洋']);
    // Someone of another section may not take the section's work; a stranger cannot touch the task; a forged id is unknown.
    const outside = await (
      await as('huangxiaodong')
    ).post(`/api/v1/tasks/${chief.id}/transfer`, { toPersonId: ids.get('guoyaqin') });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('郭雅琴不在承办该事项的单位');
    expect(
      (await (await as('liuyang')).post(`/api/v1/tasks/${chief.id}/transfer`, { toPersonId: ids.get('liuyang') })).status,
    ).toBe(404);
    expect(
      (
        await (
          await as('huangxiaodong')
        ).post('/api/v1/tasks/00000000-0000-4000-8000-000000000000/transfer', { toPersonId: ids.get('liuyang') })
      ).status,
    ).toBe(404);
    expect(
      (await (await as('huangxiaodong')).post(`/api/v1/tasks/${chief.id}/transfer`, { toPersonId: 'not-an-id' })).status,
    ).toBe(400);

    const res = await (
      await as('huangxiaodong')
    ).post(`/api/v1/tasks/${chief.id}/transfer`, {
      toPersonId: ids.get('liuyang'),
      note: '请于12月3日前拿出落实意见。',
      version: chief.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // The clerk holds it now, as the chief did: for 秘书科, as 主办, with the same time limit.
    const clerk = await myTask('liuyang', itemId, 'handle');
    expect(clerk.dueDate).toBe('2026-12-04');
    expect((await detail('huangxiaodong', itemId)).myTasks).toEqual([]);
    expect(await told('liuyang', itemId)).toEqual([expect.stringContaining('新待办（承办）')]);
    const d = await detail('chenjing', itemId);
    const handle = d.tasks.filter((x) => x.stepKey === 'handle');
    expect(handle.map((x) => [x.assignee, x.state, x.unit, x.unitRole, x.handedTo, x.origin])).toEqual([
      ['黄晓东', 'cancelled', '秘书科', 'lead', '刘洋', null],
      ['刘洋', 'open', '秘书科', 'lead', null, { kind: 'transfer', by: '黄晓东' }],
    ]);
    expect(d.opinions.at(-1)).toMatchObject({
      stepName: '承办',
      kind: 'transfer',
      text: '转刘洋办理：请于12月3日前拿出落实意见。',
      signature: '黄晓东',
    });
    // The chief's task is closed: handing it on twice is refused.
    expect(
      (await (await as('huangxiaodong')).post(`/api/v1/tasks/${chief.id}/transfer`, { toPersonId: ids.get('guoyaqin') })).status,
    ).toBe(409);

    // The one who handed it on may urge it, and the registrar; the clerk may not urge himself, a stranger sees nothing.
    expect((await detail('huangxiaodong', itemId)).tasks.find((x) => x.assignee === '刘洋')!.mayRemind).toBe(true);
    expect(d.tasks.find((x) => x.assignee === '刘洋')!.mayRemind).toBe(true);
    expect((await detail('liuyang', itemId)).tasks.every((x) => !x.mayRemind)).toBe(true);
    expect(
      (await (await as('huangxiaodong')).post(`/api/v1/tasks/${clerk.id}/remind`, { note: '省委办催要，请今天报来。' })).status,
    ).toBe(204);
    expect((await (await as('guoyaqin')).post(`/api/v1/tasks/${clerk.id}/remind`, {})).status).toBe(404);
    const after = (await detail('chenjing', itemId)).tasks.find((x) => x.assignee === '刘洋')!;
    expect(after.reminders).toEqual([
      { at: expect.any(String), by: '黄晓东', note: '省委办催要，请今天报来。', auto: null, days: null },
    ]);
    // The clock stands still in tests, so the 催办 notice and the 新待办 share a time: look for it, not at its place.
    expect((await told('liuyang', itemId)).filter((m) => m.includes('省委办催要'))).toHaveLength(1);
  });

  it('a leader adds another leader to 批办 (加签): she instructs right after him; only the unit’s leaders may be added', async () => {
    const itemId = await register('关于春运期间加强道路交通安全管理的通知');
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    const mine = await myTask('zhouwenbin', itemId, 'assign');
    expect(mine.handover).toMatchObject({ leadersOnly: true, signerAfter: true });
    const add = (personId: string | undefined) =>
      as('zhouwenbin').then((c) => c.post(`/api/v1/tasks/${mine.id}/handlers`, { personId }));
    // A clerk is no leader; a section chief leads his section, not the office.
    for (const who of ['liuyang', 'huangxiaodong']) {
      const refused = await add(ids.get(who));
      expect(refused.status, who).toBe(400);
      expect(refused.body.error.message).toContain('不是领导职务');
    }
    expect((await add(ids.get('wangshumin'))).status).toBe(201);
    expect((await add(ids.get('wangshumin'))).status).toBe(409);
    let d = await detail('chenjing', itemId);
    expect(d.tasks.filter((x) => x.stepKey === 'assign').map((x) => [x.assignee, x.state, x.origin?.kind ?? null])).toEqual([
      ['周文斌', 'open', null],
      ['王淑敏', 'waiting', 'addSigner'],
    ]);
    await submit('zhouwenbin', itemId, 'assign', { opinion: '请王淑敏同志阅示。' });
    d = await detail('chenjing', itemId);
    expect(d.item.state).toBe('批办');
    await submit('wangshumin', itemId, 'assign', { opinion: '同意。' });
    expect((await detail('chenjing', itemId)).item.state).toBe('分办');
  });

  it('shows which units lead, assist or are consulted: sections by name, 会商 as 会商', async () => {
    const itemId = await toHandling('关于春运期间信息报送工作的通知', [
      { departmentId: depts.get('信息科'), role: 'lead' },
      { departmentId: depts.get('综合科'), role: 'assisting' },
    ]);
    const d = await detail('chenjing', itemId);
    expect(d.tasks.filter((x) => x.stepKey === 'handle').map((x) => [x.unit, x.unitRole, x.assignee])).toEqual([
      ['信息科', 'lead', '郭雅琴'],
      ['综合科', 'assisting', '杨光明'],
    ]);

    const draft = {
      format: 'standard',
      genre: '通知',
      direction: 'down',
      issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办') }],
      title: '中共江州市委办公室关于做好2027年春运期间值班工作的通知',
      mainRecipients: [{ name: '中共江州市东湖区委办公室', unitId: units.get('东湖区委办') }],
      body: [{ level: 0, text: '现就做好春运期间值班工作有关事项通知如下。' }],
      signatureNames: ['中共江州市委办公室'],
    };
    const created = await (await as('liuyang')).post('/api/v1/outgoing', { draft, copies: 5 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const out = created.body.itemId as string;
    await submit(
      'liuyang',
      out,
      'draft',
      {
        decision: 'consult',
        next: {
          units: [
            { unitId: units.get('市政府办'), role: 'assisting' },
            { departmentId: depts.get('综合科'), role: 'assisting' },
          ],
        },
      },
      'outgoing',
    );
    const o = await detail('liuyang', out, 'outgoing');
    expect(o.tasks.filter((x) => x.stepKey === 'consult').map((x) => [x.unit, x.unitRole])).toEqual([
      ['江州市人民政府办公室', 'consulted'],
      ['综合科', 'consulted'],
    ]);
  });

  it('suggests the usual people, worked out from the organisation: the office director for 拟办, the drafter’s 科长 for 核稿, the issuing unit’s leaders for 批办 and 签发', async () => {
    const itemId = await register('关于春运期间做好困难群众返乡服务的通知');
    const screen = await myTask('chenjing', itemId, 'screen');
    // 文电科's leader in charge (分管) is the office director.
    expect(screen.next!['handle']!.suggested.map((p) => p.name)).toEqual(['孙海涛']);
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    const propose = await myTask('sunhaitao', itemId, 'propose');
    expect(propose.next!['_']!.suggested.map((p) => p.name)).toEqual(['周文斌', '王淑敏', '吴志强']);

    const created = await (
      await as('liuyang')
    ).post('/api/v1/outgoing', {
      draft: {
        format: 'standard',
        genre: '通知',
        direction: 'down',
        issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办') }],
        title: '中共江州市委办公室关于做好2027年春运期间返乡服务工作的通知',
        mainRecipients: [{ name: '中共清溪县委办公室', unitId: units.get('清溪县委办') }],
        body: [{ level: 0, text: '现就做好春运期间返乡服务工作有关事项通知如下。' }],
        signatureNames: ['中共江州市委办公室'],
      },
      copies: 5,
    });
    const out = created.body.itemId as string;
    const draft = await myTask('liuyang', out, 'draft', 'outgoing');
    expect(draft.next!['check']!.suggested.map((p) => [p.name, p.title])).toEqual([['黄晓东', '秘书科科长']]);
    await submit('liuyang', out, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } }, 'outgoing');
    await submit('huangxiaodong', out, 'deptCheck', { opinion: '已核。' }, 'outgoing');
    const review = await myTask('chenjing', out, 'officeReview', 'outgoing');
    expect(review.next!['sign']!.suggested.map((p) => p.name)).toEqual(['周文斌', '孙海涛', '王淑敏', '吴志强']);
  });

  it('several 待阅 are marked read in one go; one that is not the reader’s is named and the rest still go through', async () => {
    const items = [await register('关于春运期间有关情况的通报'), await register('关于春运期间气象服务的通报')];
    const readers = [ids.get('liuyang')];
    for (const itemId of items) {
      const c = await (await as('chenjing')).post(`/api/v1/items/${itemId}/circulations`, { readerIds: readers, ordered: false });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
    }
    const reader = await as('liuyang');
    const rows = (await reader.get('/api/v1/workbench/toRead')).body.items as { id: string; itemId: string; version: number }[];
    const mine = rows.filter((r) => items.includes(r.itemId));
    expect(mine).toHaveLength(2);
    const other = await myTask('maxiaoyan', items[0]!, 'screen');
    const res = await reader.post('/api/v1/tasks/read', {
      tasks: [...mine.map((r) => ({ id: r.id, version: r.version })), { id: other.id, version: other.version }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.read.sort()).toEqual(mine.map((r) => r.id).sort());
    expect(res.body.failed).toEqual([{ id: other.id, message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    expect(
      ((await reader.get('/api/v1/workbench/toRead')).body.items as { itemId: string }[]).filter((r) => items.includes(r.itemId)),
    ).toEqual([]);
    // The other registrar's 初审 is untouched.
    expect((await myTask('maxiaoyan', items[0]!, 'screen')).version).toBe(other.version);
    expect((await reader.post('/api/v1/tasks/read', { tasks: [] })).status).toBe(400);
  });

  it('the registrar who registers and routes a 收文 is told nothing of her own doing; the next holder is', async () => {
    const itemId = await register('关于春运期间做好疫情防控工作的通知');
    await submit('chenjing', itemId, 'screen', {
      decision: 'handle',
      opinion: '请拟办。',
      next: { personIds: [ids.get('sunhaitao')] },
    });
    expect(await told('chenjing', itemId)).toEqual([]);
    expect(await told('sunhaitao', itemId)).toEqual([expect.stringContaining('新待办（拟办）')]);
    expect(await told('maxiaoyan', itemId)).toEqual([expect.stringContaining('新待办（初审）')]);
    // What others send her is news: 分办 comes back to the registrars after 批办.
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    await submit('zhouwenbin', itemId, 'assign', { opinion: '请秘书科办理。' });
    expect(await told('chenjing', itemId)).toEqual(expect.arrayContaining([expect.stringContaining('新待办（分办）')]));
    expect((await told('chenjing', itemId)).filter((m) => m.includes('初审') || m.includes('拟办'))).toEqual([]);
  });
});

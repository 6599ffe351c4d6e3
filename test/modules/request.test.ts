import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { signedIn, startTestApp, type TestApp } from '../support/app';
import { SERVER_MODULES } from '../../src/server/modules';
import { DEMO_REGISTRAR_USERNAME } from '../../src/server/org/demo-data';
import { requestModule } from './request/module';

// The module contract, proved by a module the product does not ship: a 请示 approval declared in test/modules/request,
// added to the list the server installs. Nothing in the kernel names it, yet its items are on the approver's
// workbench, found by search, measured in 效能, linked to the 收文 they answer, and worked by the kernel's commands.

describe.each(engines)('a module that is only its folder and a line in the list (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, {}, undefined, [...SERVER_MODULES, requestModule]);
  });
  afterAll(() => t?.close());

  it('its items reach the workbench, search, 效能 and links, and the kernel works their flow', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const director = await signedIn(t, 'sunhaitao');
    const incoming = await registrar.post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕91号',
      title: '关于报送冬季安全生产大检查情况的通知',
      classification: '公开',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    expect(incoming.status, JSON.stringify(incoming.body)).toBe(201);
    const incomingId = incoming.body.itemId as string;
    const directorId = ((await director.get('/api/v1/me')).body as { personId: string }).personId;

    // Derived from the 收文 by its registrar, through the kernel's derive rule.
    const made = await registrar.post('/api/v1/requests', {
      title: '关于开展冬季安全生产大检查的请示',
      approverId: directorId,
      fromItemId: incomingId,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;

    // The workbench: the director's 待办, named by the module's step.
    const todo = (await director.get('/api/v1/workbench/todo?limit=50')).body as {
      items: { itemId: string; module: string; step: string }[];
    };
    expect(todo.items.find((r) => r.itemId === id)).toMatchObject({ module: 'request', step: '审批' });
    // Search finds it by a word of its title; someone not working on it does not.
    const found = (await director.get(`/api/v1/items?q=${encodeURIComponent('冬季安全生产大检查的请示')}`)).body as {
      items: { id: string; kind: string; state: string }[];
    };
    expect(found.items.find((i) => i.id === id)).toMatchObject({ kind: 'request', state: '审批' });
    const outsider = await signedIn(t, 'xunuo');
    expect(
      ((await outsider.get(`/api/v1/items?q=${encodeURIComponent('冬季安全生产大检查的请示')}`)).body as { items: unknown[] })
        .items,
    ).toEqual([]);

    // The kernel's commands on its flow: refusing needs the reason its step requires; agreeing closes it.
    const page = (await director.get(`/api/v1/requests/${id}`)).body as {
      myTasks: { id: string; version: number; decisions: Record<string, string> }[];
      links: { kind: string; itemId: string }[];
    };
    expect(page.myTasks[0]!.decisions).toEqual({ agree: '同意', refuse: '不同意' });
    // The link shows to whoever may open the 收文 (its registrar), not to the director, who may not.
    expect(page.links).toEqual([]);
    const mine = (await registrar.get(`/api/v1/requests/${id}`)).body as { links: { kind: string; itemId: string }[] };
    expect(mine.links).toEqual([expect.objectContaining({ kind: 'answers', itemId: incomingId, direction: 'to' })]);
    const task = page.myTasks[0]!;
    expect((await director.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, decision: 'refuse' })).status).toBe(
      400,
    );
    expect(
      (await director.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, decision: 'agree', opinion: '同意。' }))
        .status,
    ).toBe(200);
    expect(
      ((await director.get(`/api/v1/requests/${id}`)).body as { item: { state: string; stateKey: string } }).item,
    ).toMatchObject({ state: '已办结', stateKey: 'closed' });
    // Its 常用语 come from its declaration.
    expect((await director.get('/api/v1/me/phrases?kind=approval')).body).toEqual({
      custom: false,
      items: ['同意。', '请按程序办理。'],
    });

    // The 收文 shows the link from the other side.
    const back = (await registrar.get(`/api/v1/incoming/${incomingId}`)).body as {
      links: { kind: string; itemId: string; direction: string }[];
    };
    expect(back.links).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'answers', itemId: id, direction: 'from' })]),
    );

    // 效能: its declared figures, computed by the kernel for the office.
    const metrics = (await registrar.get('/api/v1/metrics/request?from=2026-01-01&to=2026-12-31')).body as {
      module: string;
      metrics: { key: string; value: number | null }[];
    };
    expect(metrics.module).toBe('请示');
    const value = (key: string) => metrics.metrics.find((m) => m.key === key)?.value;
    expect([value('submitted'), value('approved'), value('approveOnTime')]).toEqual([1, 1, 100]);
  });

  it('its own kind of job, declared with it, runs: the drafter hears of a 请示 unanswered after five days', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const director = await signedIn(t, 'sunhaitao');
    const directorId = ((await director.get('/api/v1/me')).body as { personId: string }).personId;
    const made = await registrar.post('/api/v1/requests', { title: '关于增配值班车辆的请示', approverId: directorId });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const notes = async (reader = registrar) =>
      ((await reader.get('/api/v1/notifications?limit=50')).body as { items: { message: string }[] }).items.map((n) => n.message);
    await t.app.zs.jobs.tick();
    expect(await notes()).not.toContain('请示“关于增配值班车辆的请示”送审已满五日，尚未批复');
    t.clock.advance(5 * 86_400_000 + 60_000);
    await t.app.zs.jobs.tick();
    // A session ends after 12 hours: the drafter signs in again five days on.
    expect(await notes(await signedIn(t, DEMO_REGISTRAR_USERNAME))).toContain(
      '请示“关于增配值班车辆的请示”送审已满五日，尚未批复',
    );
  });
});

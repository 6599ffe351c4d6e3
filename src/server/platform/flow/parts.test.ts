import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { strToU8 } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { actorOf, makeItem, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import type { Actor } from '../access/actor';
import { CalendarService } from '../calendar/service';
import type { WorkCalendar } from '../calendar/calendar';
import { readItem } from '../items/service';
import { unit } from '../../org/schema';
import { startFlow, submitTask } from './engine';
import { declareFlow } from './registry';
import { acceptDispatch, cancelDispatch, declareDispatchKind, dispatchesOf, returnDispatch } from './dispatch';
import { extensionsOf, requestExtension } from './extension';
import { progressOf, reportProgress } from './progress';
import { flowView } from './view';
import { handlesItem } from './tasks';
import { reachOf } from './parts';
import { dispatch, task } from './schema';

// A unit's part (`reads: 'part'`), on a synthetic flow and kind of its own: an item given out to three units by sending,
// each unit reads the record and its own part; the lead unit (主办) every part from the sending on; the sender the whole.

declareDispatchKind({ key: 'test.part', name: '签收', reads: 'part', limit: { days: 1, unit: 'working' } });
declareFlow({
  key: 'test.part',
  name: '测试分办',
  start: 'prepare',
  steps: [
    {
      key: 'prepare',
      name: '拟办',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit'],
      opinion: { kind: 'opinion', required: false },
      next: { to: 'give' },
    },
    {
      key: 'give',
      name: '交办',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit'],
      opinion: { kind: 'opinion', required: false },
      next: { to: 'work' },
    },
    {
      key: 'work',
      name: '办理',
      kind: 'do',
      actors: { type: 'units', via: 'test.part' },
      mode: 'all',
      actions: ['submit'],
      limit: 'item',
      opinion: { kind: 'opinion', required: false },
      next: { to: 'check' },
    },
    {
      key: 'check',
      name: '审核',
      kind: 'do',
      actors: { type: 'creator' },
      mode: 'single',
      actions: ['submit', 'return'],
      returnTo: ['work'],
      next: { end: true },
    },
  ],
});

const pdf = (text: string) =>
  strToU8(`%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const upload = async (c: Client, name: string) => {
  const res = await c.request(
    'POST',
    '/api/v1/files',
    undefined,
    { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
    pdf(name),
  );
  return (res.body as { id: string }).id;
};

describe.each(engines)("a unit's part of an item sent to several units (%s)", (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'parts-test',
  );
  const actors = new Map<string, Actor>();
  const A = (username: string) => actors.get(username)!;
  const units = new Map<string, string>();
  const CITY_OFFICE = '中共江州市委办公室';
  const QINGXI = '中共清溪县委办公室';
  const EDUCATION = '江州市教育局';
  const minute = () => t.clock.advance(60_000);

  beforeAll(async () => {
    t = await startTestApp(engine);
    cal = await new CalendarService(t.database.db).get();
    for (const u of await t.database.db.select({ id: unit.id, name: unit.name }).from(unit)) units.set(u.name, u.id);
    for (const u of ['chenghao', 'chenjing', 'panyulan', 'donglei']) actors.set(u, await actorOf(t.database, u));
  });
  afterAll(() => t?.close());

  const openTask = async (itemId: string, step: string) =>
    (
      await t.database.db
        .select()
        .from(task)
        .where(and(eq(task.itemId, itemId), eq(task.stepKey, step), eq(task.state, 'open')))
    )[0]!;

  /**
   * 市发改委 prepares (an internal note), gives the item to the city office (lead), 清溪 and the education bureau
   * (assisting); 教育局 sends it back, the other two sign; each reports progress with a file and 清溪 gives its part.
   */
  async function handOut() {
    const sender = A('chenghao');
    const itemId = await makeItem(t, sender, { title: `分办 ${randomUUID().slice(0, 8)}`, dueDate: '2026-12-14' });
    await run((tx) => startFlow(tx, ctx(sender), itemId, 'test.part'));
    const prepare = await openTask(itemId, 'prepare');
    await run((tx) => submitTask(tx, ctx(sender), prepare.id, { version: null, opinion: '内部拟办：先听取分管领导意见' }));
    minute();
    const give = await openTask(itemId, 'give');
    await run((tx) =>
      submitTask(tx, ctx(sender), give.id, {
        version: null,
        opinion: '请按分工抓好落实',
        next: {
          units: [
            { unitId: units.get(CITY_OFFICE)!, role: 'lead' },
            { unitId: units.get(QINGXI)!, role: 'assisting', dueDate: '2026-12-07' },
            { unitId: units.get(EDUCATION)!, role: 'assisting', dueDate: '2026-12-07' },
          ],
        },
      }),
    );
    minute();
    const rows = await t.database.db.select().from(dispatch).where(eq(dispatch.itemId, itemId));
    const of = (name: string) => rows.find((r) => r.unitId === units.get(name))!;
    await run((tx) => returnDispatch(tx, ctx(A('donglei')), of(EDUCATION).id, '不属本局职责，建议交市住建局'));
    const lead = await run((tx) => acceptDispatch(tx, ctx(A('chenjing')), of(CITY_OFFICE).id, null));
    const part = await run((tx) => acceptDispatch(tx, ctx(A('panyulan')), of(QINGXI).id, null));
    const jing = await signedIn(t, 'chenjing');
    const pan = await signedIn(t, 'panyulan');
    const leadFile = await upload(jing, '市委办汇总材料.pdf');
    const partFile = await upload(pan, '清溪县落实情况.pdf');
    await run((tx) =>
      reportProgress(tx, ctx(A('chenjing')), lead.stepTaskId!, { text: '主办单位内部：已汇总', fileIds: [leadFile] }),
    );
    await run((tx) => reportProgress(tx, ctx(A('panyulan')), part.stepTaskId!, { text: '清溪：已部署', fileIds: [partFile] }));
    minute();
    await run((tx) => submitTask(tx, ctx(A('panyulan')), part.stepTaskId!, { version: null, opinion: '清溪县协办意见' }));
    return { itemId, leadTask: lead.stepTaskId!, partTask: part.stepTaskId!, leadFile, partFile, education: of(EDUCATION).id };
  }

  it('an assisting unit reads the record and its own part: its task, opinion, report and receipt, and the work it was given', async () => {
    const { itemId, leadTask, partTask } = await handOut();
    const pan = A('panyulan');
    // The record itself is theirs to read; the handling is their part of it.
    expect((await run((tx) => readItem(tx, ctx(pan), itemId))).id).toBe(itemId);
    const view = await run((tx) => flowView(tx, pan, itemId, t.clock.now()));
    expect(view.tasks.map((x) => [x.stepKey, x.unit])).toEqual([
      ['give', null],
      ['work', QINGXI],
    ]);
    expect(view.opinions.map((o) => o.text)).toEqual(['请按分工抓好落实', '清溪县协办意见']);
    expect(view.tasks.find((x) => x.id === partTask)?.progress.map((p) => p.text)).toEqual(['清溪：已部署']);
    expect(view.tasks.some((x) => x.id === leadTask)).toBe(false);
    const receipts = await run(async (tx) => dispatchesOf(tx, itemId, 'test.part', await reachOf(tx, pan, itemId)));
    expect(receipts.map((r) => [r.unitId, r.state])).toEqual([[units.get(QINGXI), 'accepted']]);
    // Another unit's 退回 and its reason are not in what they see.
    expect(JSON.stringify({ view, receipts })).not.toContain('不属本局职责');
    // Holding a part, they do not pass the whole record round (传阅) nor draft from it; the sender's office does.
    const it = { id: itemId, owningUnitId: A('chenghao').unitId! };
    expect(await run((tx) => handlesItem(tx, pan, it))).toBe(false);
    expect(await run((tx) => handlesItem(tx, A('chenghao'), it))).toBe(true);
  });

  it("another unit's reports and 延期 requests are refused as not found, in the service and through the API", async () => {
    const { leadTask, partTask, leadFile, partFile } = await handOut();
    expect(await refusal(run((tx) => progressOf(tx, A('panyulan'), leadTask)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(run((tx) => extensionsOf(tx, A('panyulan'), leadTask)))).toMatchObject({ code: 'NOT_FOUND' });
    const pan = await signedIn(t, 'panyulan');
    expect((await pan.get(`/api/v1/tasks/${leadTask}/progress`)).status).toBe(404);
    expect((await pan.get(`/api/v1/tasks/${leadTask}/extensions`)).status).toBe(404);
    expect((await pan.getBytes(`/api/v1/files/${leadFile}/content`)).status).toBe(404);
    expect((await pan.get(`/api/v1/files/${leadFile}`)).status).toBe(404);
    // Its own part it reads.
    expect((await pan.get(`/api/v1/tasks/${partTask}/progress`)).status).toBe(200);
    expect((await pan.getBytes(`/api/v1/files/${partFile}/content`)).status).toBe(200);
    // Acting on another unit's part by its id — its task, a 延期 it asked for — is "not found" too, never "not yours":
    // the answer must not tell a forged id from a real one.
    const ext = await run((tx) =>
      requestExtension(tx, ctx(A('chenjing')), leadTask, { reason: '需要会同市住建局核实', proposedDate: '2026-12-21' }),
    );
    expect((await pan.post(`/api/v1/extensions/${ext}/approve`, {})).status).toBe(404);
    expect((await pan.post(`/api/v1/extensions/${ext}/refuse`, { note: '不同意' })).status).toBe(404);
    expect((await pan.post(`/api/v1/extensions/${ext}/cancel`, {})).status).toBe(404);
    expect((await pan.post(`/api/v1/tasks/${leadTask}/submit`, { version: 1, opinion: '代为办结' })).status).toBe(404);
    expect((await run((tx) => extensionsOf(tx, A('chenjing'), leadTask))).map((e) => e.state)).toEqual(['pending']);
    // Whoever sees the task but does not decide its 延期 — the lead unit's own person who asked — is told so (403).
    const jing = await signedIn(t, 'chenjing');
    expect((await jing.post(`/api/v1/extensions/${ext}/refuse`, { note: '不同意' })).status).toBe(403);
    // A unit that sent it back reads its own 退回, nothing of the units that signed.
    const dong = await signedIn(t, 'donglei');
    expect((await dong.get(`/api/v1/tasks/${partTask}/progress`)).status).toBe(404);
    expect((await dong.getBytes(`/api/v1/files/${partFile}/content`)).status).toBe(404);
  });

  it('the lead unit reads every part from the sending on, not the sender’s handling before it; the sender reads it whole', async () => {
    const { itemId, leadTask, partTask, partFile } = await handOut();
    const lead = await run((tx) => flowView(tx, A('chenjing'), itemId, t.clock.now()));
    expect(lead.tasks.map((x) => x.stepKey)).toEqual(['give', 'work', 'work']);
    expect(lead.opinions.map((o) => o.text)).toEqual(['请按分工抓好落实', '清溪县协办意见']);
    expect(lead.tasks.find((x) => x.id === partTask)?.progress.map((p) => p.text)).toEqual(['清溪：已部署']);
    const receipts = await run(async (tx) => dispatchesOf(tx, itemId, 'test.part', await reachOf(tx, A('chenjing'), itemId)));
    expect(receipts.map((r) => r.reason)).toContain('不属本局职责，建议交市住建局');
    const jing = await signedIn(t, 'chenjing');
    expect((await jing.get(`/api/v1/tasks/${partTask}/progress`)).status).toBe(200);
    expect((await jing.getBytes(`/api/v1/files/${partFile}/content`)).status).toBe(200);

    const sender = await run((tx) => flowView(tx, A('chenghao'), itemId, t.clock.now()));
    expect(sender.tasks.map((x) => x.stepKey)).toEqual(['prepare', 'give', 'work', 'work']);
    expect(sender.opinions.map((o) => o.text)).toEqual(['内部拟办：先听取分管领导意见', '请按分工抓好落实', '清溪县协办意见']);
    expect(sender.tasks.find((x) => x.id === leadTask)?.progress.map((p) => p.text)).toEqual(['主办单位内部：已汇总']);
    const all = await run(async (tx) => dispatchesOf(tx, itemId, 'test.part', await reachOf(tx, A('chenghao'), itemId)));
    expect(all).toHaveLength(3);
  });

  it('a unit holding a part removes only the files its own people put on the item, not the record’s', async () => {
    const { itemId } = await handOut();
    const [sender, jing] = [await signedIn(t, 'chenghao'), await signedIn(t, 'chenjing')];
    const attach = async (c: Client, name: string) => {
      const res = await c.post(`/api/v1/items/${itemId}/files`, { fileId: await upload(c, name), role: '附件' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body as { id: string }).id;
    };
    const material = await attach(sender, '交办材料.pdf');
    const own = await attach(jing, '市委办补充材料.pdf');
    const removing = (c: Client, id: string) => c.delete(`/api/v1/items/${itemId}/files/${id}`);
    expect((await removing(jing, material)).status).toBe(403);
    expect((await removing(jing, own)).status).toBe(204);
    expect((await removing(sender, material)).status).toBe(204);
  });

  it('what the office does after the units (审核, 退回) is the lead’s to read, not an assisting unit’s', async () => {
    const { itemId, leadTask, education } = await handOut();
    await run((tx) => cancelDispatch(tx, ctx(A('chenghao')), itemId, education, '已另行交办'));
    await run((tx) => submitTask(tx, ctx(A('chenjing')), leadTask, { version: null, opinion: '主办单位办结报告' }));
    minute();
    const check = await openTask(itemId, 'check');
    await run((tx) => submitTask(tx, ctx(A('chenghao')), check.id, { version: null, opinion: '审核：数据需核实' }));
    const texts = async (a: Actor) => (await run((tx) => flowView(tx, a, itemId, t.clock.now()))).opinions.map((o) => o.text);
    expect(await texts(A('chenjing'))).toEqual(['请按分工抓好落实', '清溪县协办意见', '主办单位办结报告', '审核：数据需核实']);
    expect(await texts(A('panyulan'))).toEqual(['请按分工抓好落实', '清溪县协办意见']);
  });
});

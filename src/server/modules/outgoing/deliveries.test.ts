import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { itemPages } from '../../../../test/support/item-pages';
import { engines } from '../../../../test/support/engines';
import { startTestApp, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { event } from '../../platform/audit/schema';
import { file } from '../../platform/files/schema';
import { unit } from '../../org/schema';
import { verifyLog } from '../../platform/audit/seal';
import type { DraftInput, OrganRef } from '../../../contract/outgoing-draft';

// 核发 and after (条例 Art.25(四), Art.24(一)): organs outside the system are not silently skipped, a returned
// document can be sent again, a registrar signs for several at once, and the 收文 carries the issued files.

type Receipt = {
  id: string;
  unitId: string | null;
  unitName: string;
  role: string;
  status: string;
  returnReason: string | null;
  offline: { method: string; by: string; note: string | null; recordedBy: string } | null;
  previousId: string | null;
};
type Log = {
  event: string;
  unitName: string;
  person: string | null;
  reason: string | null;
  registryNo: string | null;
  offline: { method: string } | null;
};
type Detail = {
  checks: { findings: { rule: string; message: string }[] };
  deliveries: Receipt[];
  deliveryLog: Log[];
  distribution: { inSystem: string[]; offline: string[] } | null;
  canManageDeliveries: boolean;
  myTasks: { id: string; version: number; stepKey: string | null }[];
};
type InboxRow = {
  id: string;
  sourceItemId: string;
  status: string;
  returnReason: string | null;
  redistributed: boolean;
  dueDate: string | null;
};

const pdfBytes = (text: string) =>
  new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe.each(engines)('核发 and its receipts (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const { as, detail, submit } = itemPages<Detail>(() => t, '/api/v1/outgoing');
  const unitRef = (short: string, name: string): OrganRef => ({ name, unitId: units.get(short)!, kind: 'organ' });
  const draftOf = (title: string, main: OrganRef[], cc: OrganRef[] = []): DraftInput => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [unitRef('市委办', '中共江州市委办公室')],
    title: `中共江州市委办公室关于${title}的通知`,
    mainRecipients: main,
    body: [{ level: 0, text: '现将有关事项通知如下，请认真贯彻执行。' }],
    signatureNames: ['中共江州市委办公室'],
    ccRecipients: cc,
  });
  /** From 拟稿 to just before 核发; warnings the signer accepts with a reason. */
  const toDistribute = async (draft: DraftInput) => {
    const created = await (await as('liuyang')).post('/api/v1/outgoing', { draft });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    await submit('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await submit('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await submit('chenjing', itemId, 'officeReview', {
      decision: 'sign',
      opinion: '请签发。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    for (const f of (await detail('zhouwenbin', itemId)).checks.findings) {
      expect(
        (
          await (
            await as('zhouwenbin')
          ).post(`/api/v1/outgoing/${itemId}/overrides`, { rule: f.rule, reason: '确认，线下送达。' })
        ).status,
      ).toBe(201);
    }
    await submit('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    await submit('chenjing', itemId, 'recheck', { decision: 'ok' });
    await submit('chenjing', itemId, 'number');
    const printing = (await detail('maxiaoyan', itemId)).myTasks.find((x: { stepKey: string | null }) => x.stepKey === 'print')!;
    const printed = await (
      await as('maxiaoyan')
    ).post(`/api/v1/outgoing/${itemId}/print`, { version: printing.version, printCount: 3, opinion: '已印制。' });
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    return itemId;
  };
  const inboxOf = async (who: string) =>
    ((await (await as(who)).get('/api/v1/deliveries?status=delivered')).body as { items: InboxRow[] }).items;

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  it('a 主送 typed with a slip and an outside 抄送 are named by the checks, counted apart at 核发 and recorded as 线下分发', async () => {
    const typo: OrganRef = { name: '中共青溪县委办公室', unitId: null, kind: 'organ' };
    const outside: OrganRef = { name: '江南省人民政府办公厅', unitId: null, kind: 'organ' };
    const draft = draftOf('做好冬季森林防火工作', [unitRef('东湖区委办', '中共江州市东湖区委办公室'), typo], [outside]);
    // The check names each organ the system will not reach, and the unit a slip most likely meant.
    const checked = await (await as('liuyang')).post('/api/v1/outgoing/checks', { draft });
    const outsideFindings = (checked.body.findings as { rule: string; message: string }[]).filter(
      (f) => f.rule === 'F-RECIPIENT-OUTSIDE',
    );
    expect(outsideFindings.map((f) => f.message)).toEqual([
      expect.stringContaining('“中共青溪县委办公室”（是否为“中共清溪县委办公室”？）'),
      expect.stringContaining('“江南省人民政府办公厅”'),
    ]);

    const itemId = await toDistribute(draft);
    // Before 核发 the registrar sees who the system reaches and who it does not.
    expect((await detail('chenjing', itemId)).distribution).toEqual({
      inSystem: ['中共江州市东湖区委办公室'],
      offline: ['中共青溪县委办公室', '江南省人民政府办公厅'],
    });
    await submit('chenjing', itemId, 'distribute');
    let d = await detail('chenjing', itemId);
    expect(d.canManageDeliveries).toBe(true);
    expect(d.deliveries.map((x) => [x.unitName, x.role, x.status])).toEqual([
      ['中共江州市东湖区委办公室', 'main', 'delivered'],
      ['中共青溪县委办公室', 'main', 'offline'],
      ['江南省人民政府办公厅', 'cc', 'offline'],
    ]);
    const [ev] = await t.database.db.select().from(event).where(eq(event.action, 'outgoing.distribute')).orderBy(event.id);
    expect(ev!.summary).toMatchObject({ offline: ['中共青溪县委办公室', '江南省人民政府办公厅'] });
    // 清溪县委办 received nothing in the system: nothing in its 待签收.
    expect((await inboxOf('panyulan')).filter((r) => r.sourceItemId === itemId)).toEqual([]);

    const typoRow = d.deliveries.find((x) => x.unitName === '中共青溪县委办公室')!;
    const url = `/api/v1/outgoing/${itemId}/deliveries/${typoRow.id}/offline`;
    const record = { method: '机要交换', at: '2026-11-23T02:00:00Z', by: '马晓燕', note: '经市机要交换站，回执编号 J-1123-07' };
    // Only the issuing unit's registrars record it; another unit, a forged id, another document's id: not found.
    expect((await (await as('liuyang')).post(url, record)).status).toBe(403);
    expect((await (await as('chenghao')).post(url, record)).status).toBe(404);
    expect(
      (await (await as('chenjing')).post(`/api/v1/outgoing/${itemId}/deliveries/${randomUUID()}/offline`, record)).status,
    ).toBe(404);
    const other = d.deliveries.find((x) => x.unitId)!;
    expect((await (await as('chenjing')).post(`/api/v1/outgoing/${itemId}/deliveries/${other.id}/offline`, record)).status).toBe(
      409,
    );
    expect((await (await as('chenjing')).post(url, { ...record, method: '信鸽' })).status).toBe(400);
    expect((await (await as('chenjing')).post(url, { ...record, method: '其他', note: null })).status).toBe(400);
    expect((await (await as('chenjing')).post(url, { ...record, at: '2099-01-01T00:00:00Z' })).status).toBe(400);
    expect((await (await as('chenjing')).post(url, record)).status).toBe(201);

    d = await detail('chenjing', itemId);
    expect(d.deliveries.find((x) => x.unitName === '中共青溪县委办公室')).toMatchObject({
      status: 'sentOffline',
      offline: { method: '机要交换', by: '马晓燕', recordedBy: '陈静' },
    });
    // Recorded in error: a second record corrects it, only with a reason; both stay in the log.
    expect((await (await as('chenjing')).post(url, { ...record, method: '专人送达' })).status).toBe(400);
    expect(
      (
        await (
          await as('chenjing')
        ).post(url, { ...record, method: '专人送达', by: '陈静', reason: '实为专人送达，误选机要交换' })
      ).status,
    ).toBe(201);
    // The superseded record is no longer the one to correct.
    expect((await (await as('chenjing')).post(url, { ...record, reason: '再次更正' })).status).toBe(409);
    d = await detail('chenjing', itemId);
    const corrected = d.deliveries.find((x) => x.unitName === '中共青溪县委办公室')!;
    expect(corrected).toMatchObject({
      status: 'sentOffline',
      offline: { method: '专人送达', by: '陈静' },
      previousId: typoRow.id,
    });
    // It did not go at all: withdrawn, back to 需线下分发, with the reason.
    expect(
      (
        await (
          await as('chenjing')
        ).post(`/api/v1/outgoing/${itemId}/deliveries/${corrected.id}/offline/withdraw`, { reason: '' })
      ).status,
    ).toBe(400);
    expect(
      (
        await (
          await as('chenjing')
        ).post(`/api/v1/outgoing/${itemId}/deliveries/${corrected.id}/offline/withdraw`, {
          reason: '送达人未送出，文件仍在机要室',
        })
      ).status,
    ).toBe(201);
    d = await detail('chenjing', itemId);
    expect(d.deliveries.find((x) => x.unitName === '中共青溪县委办公室')).toMatchObject({ status: 'offline', offline: null });
    expect(d.deliveryLog.map((l) => [l.event, l.unitName, l.person, l.reason, l.offline?.method ?? null])).toEqual([
      ['recorded', '中共青溪县委办公室', '陈静', null, '机要交换'],
      ['corrected', '中共青溪县委办公室', '陈静', '实为专人送达，误选机要交换', '专人送达'],
      ['withdrawn', '中共青溪县委办公室', '陈静', '送达人未送出，文件仍在机要室', null],
    ]);
    const actions = (await t.database.db.select({ a: event.action }).from(event).where(eq(event.targetId, itemId))).map(
      (r) => r.a,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'outgoing.delivery.recordOffline',
        'outgoing.delivery.correctOffline',
        'outgoing.delivery.withdrawOffline',
      ]),
    );
    expect((await verifyLog(t.database.db)).ok).toBe(true);
  });

  it('after 退文 the sender distributes again; the receiver finds it in 待签收 and the log keeps the 退文 and its reason', async () => {
    const itemId = await toDistribute(draftOf('开展安全生产大检查', [unitRef('清溪县委办', '中共清溪县委办公室')]));
    await submit('chenjing', itemId, 'distribute');
    const qx = await as('panyulan');
    const first = (await inboxOf('panyulan')).find((r) => r.sourceItemId === itemId)!;
    expect((await qx.post(`/api/v1/deliveries/${first.id}/return`, { reason: '附件缺页，请补齐后重新分发。' })).status).toBe(204);
    let d = await detail('chenjing', itemId);
    const returned = d.deliveries[0]!;
    expect(returned).toMatchObject({ status: 'returned', returnReason: '附件缺页，请补齐后重新分发。' });

    const url = `/api/v1/outgoing/${itemId}/deliveries/${returned.id}/redistribute`;
    expect((await (await as('liuyang')).post(url, {})).status).toBe(403);
    expect((await (await as('chenghao')).post(url, {})).status).toBe(404);
    expect((await qx.post(url, {})).status).toBe(404);
    expect(
      (await (await as('chenjing')).post(`/api/v1/outgoing/${itemId}/deliveries/${randomUUID()}/redistribute`, {})).status,
    ).toBe(404);
    expect((await (await as('chenjing')).post(url, { note: '已补齐附件' })).status).toBe(201);
    expect((await (await as('chenjing')).post(url, {})).status).toBe(409);

    d = await detail('chenjing', itemId);
    expect(d.deliveries.map((x) => [x.unitName, x.status, x.previousId])).toEqual([
      ['中共清溪县委办公室', 'delivered', returned.id],
    ]);
    expect(d.deliveryLog.map((l) => [l.event, l.person, l.reason])).toEqual([
      ['returned', '潘玉兰', '附件缺页，请补齐后重新分发。'],
      ['redistributed', '陈静', '已补齐附件'],
    ]);
    // The receiver sees it waiting again; the old one stays among the returned, and cannot be signed for.
    const again = (await inboxOf('panyulan')).filter((r) => r.sourceItemId === itemId);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ redistributed: true });
    expect(again[0]!.id).not.toBe(first.id);
    // 签收 is the registrar's 待办 (the kernel's dispatch): on the workbench with its deadline, opening the issued copy.
    const todo = (await qx.get('/api/v1/workbench/todo?limit=200')).body as {
      items: { itemId: string; step: string; dispatchId: string | null; deadline: { date: string } | null }[];
    };
    expect(todo.items.find((r) => r.itemId === itemId)).toMatchObject({
      step: '签收',
      dispatchId: again[0]!.id,
      deadline: { date: again[0]!.dueDate },
    });
    // 催办 from the issuing unit's registrar only; spaced; counted on the receipt.
    const remind = `/api/v1/outgoing/${itemId}/deliveries/${again[0]!.id}/remind`;
    expect((await (await as('liuyang')).post(remind, {})).status).toBe(403);
    expect((await (await as('chenghao')).post(remind, {})).status).toBe(404);
    expect((await qx.post(remind, {})).status).toBe(404);
    expect((await (await as('chenjing')).post(remind, { note: '\u0000' })).status).toBe(400);
    expect((await (await as('chenjing')).post(remind, { note: '请今日签收' })).body).toEqual({ reminded: 1 });
    expect((await (await as('chenjing')).post(remind, {})).status).toBe(409);
    expect((await detail('chenjing', itemId)).deliveries[0]).toMatchObject({
      status: 'delivered',
      remindCount: 1,
      dueDate: again[0]!.dueDate,
    });
    const returnedList = ((await qx.get('/api/v1/deliveries?status=returned')).body as { items: InboxRow[] }).items.filter(
      (r) => r.sourceItemId === itemId,
    );
    expect(returnedList.map((r) => r.returnReason)).toEqual(['附件缺页，请补齐后重新分发。']);
    expect((await qx.post(`/api/v1/deliveries/${first.id}/sign-for`, {})).status).toBe(409);
    expect((await qx.get(`/api/v1/outgoing/${itemId}/issued`)).body.receipt).toMatchObject({
      id: again[0]!.id,
      status: 'delivered',
    });
    // A delegate of the 文书 holds the 签收 task, but 签收 registers a 收文, which is the 文书's own role: refused with
    // the reason, nothing signed for (a colleague of the same unit: the delegation is in force at once).
    const director = await as('xiezhenhua');
    const directorId = ((await director.get('/api/v1/me')).body as { personId: string }).personId;
    const from = t.clock.now().getTime();
    const window = { startsAt: new Date(from).toISOString(), endsAt: new Date(from + 86_400_000).toISOString() };
    expect((await qx.post('/api/v1/delegations', { toPersonId: directorId, ...window, reason: '外出开会' })).status).toBe(201);
    const byDelegate = await (await as('xiezhenhua')).post(`/api/v1/deliveries/${again[0]!.id}/sign-for`, {});
    expect(byDelegate.status).toBe(403);
    expect(byDelegate.body.error.message).toContain('代理人不能签收');
    expect((await qx.post(`/api/v1/deliveries/${again[0]!.id}/sign-for`, {})).status).toBe(201);
    d = await detail('chenjing', itemId);
    expect(d.deliveryLog.map((l) => l.event)).toEqual(['returned', 'redistributed', 'signed']);
  });

  it('a registrar signs for several at once: each its own 收文 carrying the issued files (linked, not copied); one that fails is reported, the rest go through', async () => {
    const dh = (short: string) => [unitRef(short, short)];
    const a = await toDistribute(draftOf('做好防汛抗旱工作', dh('东湖区委办')));
    const b = await toDistribute(draftOf('开展作风建设专项整治', dh('东湖区委办')));
    const c = await toDistribute(draftOf('报送年度工作总结', dh('东湖区委办')));
    // What goes out with the first (正文 PDF, 附件) and what stays with the sender (发文稿纸).
    const attach = async (itemId: string, name: string, role: string) => {
      const up = await (
        await as('chenjing')
      ).request(
        'POST',
        '/api/v1/files',
        undefined,
        { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
        pdfBytes(name),
      );
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      expect((await (await as('chenjing')).post(`/api/v1/items/${itemId}/files`, { fileId: up.body.id, role })).status).toBe(201);
      return up.body.id as string;
    };
    const body = await attach(a, '防汛抗旱通知.pdf', '正文');
    const annex = await attach(a, '防汛物资清单.pdf', '附件');
    await attach(a, '发文稿纸.pdf', '发文稿纸');
    for (const x of [a, b, c]) await submit('chenjing', x, 'distribute');

    const tang = await as('tangxiaolin');
    const rows = (await inboxOf('tangxiaolin')).filter((r) => [a, b, c].includes(r.sourceItemId));
    expect(rows).toHaveLength(3);
    const byItem = (x: string) => rows.find((r) => r.sourceItemId === x)!.id;
    // The third was sent back meanwhile; a forged id and another unit's delivery are not found.
    expect((await tang.post(`/api/v1/deliveries/${byItem(c)}/return`, { reason: '不属于我区办理范围。' })).status).toBe(204);
    const foreign = (await inboxOf('panyulan'))[0];
    const forged = randomUUID();
    expect((await tang.post('/api/v1/deliveries/sign-for', { ids: [] })).status).toBe(400);
    const filesBefore = Number((await t.database.db.select({ n: count() }).from(file))[0]!.n);
    const res = await tang.post('/api/v1/deliveries/sign-for', {
      ids: [byItem(a), forged, byItem(c), byItem(b), ...(foreign ? [foreign.id] : [])],
      dueDate: null,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const results = res.body.results as (
      { id: string; ok: true; itemId: string; registryNo: string } | { id: string; ok: false; code: string; message: string }
    )[];
    expect(results.map((r) => [r.id, r.ok, r.ok ? null : r.code])).toEqual([
      [byItem(a), true, null],
      [forged, false, 'NOT_FOUND'],
      [byItem(c), false, 'CONFLICT'],
      [byItem(b), true, null],
      ...(foreign ? [[foreign.id, false, 'NOT_FOUND']] : []),
    ]);
    const okA = results[0] as { itemId: string; registryNo: string };
    const okB = results[3] as { itemId: string; registryNo: string };
    expect(okA.itemId).not.toBe(okB.itemId);
    expect(okA.registryNo).not.toBe(okB.registryNo);
    for (const [src, ok] of [
      [a, okA],
      [b, okB],
    ] as const) {
      expect((await detail('chenjing', src)).deliveries[0]).toMatchObject({ status: 'signed', incomingItemId: ok.itemId });
    }
    // The 收文 carries the issued copy's files — the same stored files, none of the sender's 稿纸.
    const files = (await tang.get(`/api/v1/items/${okA.itemId}/files`)).body.items as {
      fileId: string;
      role: string;
      name: string;
    }[];
    expect(files.map((f) => [f.fileId, f.role, f.name])).toEqual([
      [body, '正文', '防汛抗旱通知.pdf'],
      [annex, '附件', '防汛物资清单.pdf'],
    ]);
    expect(Number((await t.database.db.select({ n: count() }).from(file))[0]!.n)).toBe(filesBefore);
    expect((await tang.get(`/api/v1/items/${okB.itemId}/files`)).body.items).toEqual([]);
    // Whoever reads the 收文 reads them; someone of another unit does not.
    expect((await tang.getBytes(`/api/v1/files/${annex}/content`)).status).toBe(200);
    expect((await (await as('chenghao')).get(`/api/v1/items/${okA.itemId}/files`)).status).toBe(404);
    expect((await (await as('chenghao')).getBytes(`/api/v1/files/${annex}/content`)).status).toBe(404);
    expect((await verifyLog(t.database.db)).ok).toBe(true);
  });
});

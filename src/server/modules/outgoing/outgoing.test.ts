import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { itemPages } from '../../../../test/support/item-pages';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { unit } from '../../org/schema';
import { verifyLog } from '../../platform/audit/seal';
import type { DraftInput } from '../../../contract/outgoing-draft';
import { strFromU8, unzipSync } from 'fflate';
import { pdfPages } from '../../../../test/support/pdf';
import { officeAvailable } from '../../platform/pdf/office';

type Detail = {
  item: { state: string; filingStatus: string | null; registryNo: string | null };
  document: {
    draft: {
      docNo: string | null;
      signers: string[];
      writtenDate: string | null;
      title: string;
      body: { level: number; text: string }[];
      printedBy: string | null;
      printedDate: string | null;
    };
    version: number;
    signedVersion: number | null;
    changedSinceSigning: boolean;
    docNo: string | null;
  };
  checks: { stage: string; findings: { rule: string; severity: string }[]; blocking: { rule: string }[] };
  canEdit: boolean;
  versions: { no: number; kind: string; stepName: string; personName: string; changes: string[] }[];
  deliveries: {
    unitName: string;
    role: string;
    status: string;
    registryNo: string | null;
    incomingItemId: string | null;
    returnReason: string | null;
  }[];
  myTasks: { id: string; version: number; stepKey: string | null }[];
  opinions: { stepName: string; kind: string; signature: string; text: string }[];
};

const pdfBytes = (text: string) =>
  new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe.each(engines)('发文 from 拟稿 to 核发 (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const { as, detail, taskOf: myTask, trySubmit, submit } = itemPages<Detail>(() => t, '/api/v1/outgoing');
  const save = async (who: string, itemId: string, change: (d: DraftInput) => DraftInput) => {
    const d = await detail(who, itemId);
    const res = await (
      await as(who)
    ).put(`/api/v1/outgoing/${itemId}/draft`, {
      baseVersion: d.document.version,
      draft: change(d.document.draft as unknown as DraftInput),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { version: number; changes: string[] };
  };

  const draftOf = (): DraftInput => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办')! }],
    title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知',
    mainRecipients: [
      { name: '中共江州市东湖区委办公室', unitId: units.get('东湖区委办')! },
      { name: '中共清溪县委办公室', unitId: units.get('清溪县委办')! },
    ],
    body: [
      { level: 0, text: '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。' },
      { level: 1, text: '一、严格落实值班制度' },
      { level: 0, text: '各地要严格执行24小时值班和领导干部带班制度，值班人员不得擅离岗位。' },
      { level: 1, text: '二、及时报送重要情况' },
      { level: 0, text: '遇有重大突发事件，要按规定时限向市委总值班室报告，不得迟报、漏报、瞒报。' },
    ],
    signatureNames: ['中共江州市委办公室'],
    ccRecipients: [{ name: '江州市人民政府办公室', unitId: units.get('市政府办')! }],
  });

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  // Long: LibreOffice lays the 公文 out for its .docx and PDF (where the 版记 goes), and converts the PDF.
  it('drafts, consults, checks, reviews, signs, rechecks, numbers, prints and distributes; receivers sign for it or return it', async () => {
    const drafter = await as('liuyang');
    const created = await drafter.post('/api/v1/outgoing', { draft: draftOf(), copies: 30 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    let d = await detail('liuyang', itemId);
    expect(d.item.state).toBe('拟稿');
    expect(d.canEdit).toBe(true);
    // A good draft passes the drafting checks; nobody outside the flow reads it.
    expect(d.checks.blocking, JSON.stringify(d.checks.findings)).toEqual([]);
    expect((await (await as('xunuo')).get(`/api/v1/outgoing/${itemId}`)).status).toBe(404);
    expect((await (await as('chenghao')).get(`/api/v1/outgoing/${itemId}`)).status).toBe(404);

    // 会商 with 市政府办 (its remit is touched); its view comes back to the drafter.
    await submit('liuyang', itemId, 'draft', {
      decision: 'consult',
      next: { units: [{ unitId: units.get('市政府办'), role: 'assisting' }] },
    });
    expect(
      (await (await as('liuyang')).put(`/api/v1/outgoing/${itemId}/draft`, { baseVersion: d.document.version, draft: draftOf() }))
        .status,
    ).toBe(403);
    await submit('fanlijuan', itemId, 'consult', { opinion: '同意。建议增加“节日期间安全生产”内容。' });
    const v2 = await save('liuyang', itemId, (x) => ({
      ...x,
      body: [
        ...x.body!,
        { level: 1, text: '三、抓好安全生产' },
        { level: 0, text: '各地要加强节日期间安全生产检查，严防各类事故发生。' },
      ],
    }));
    expect(v2.changes).toEqual(['增加一级标题（第6段）', '增加正文（第7段）']);
    // Saving over someone else's newer version is refused.
    const stale = await drafter.put(`/api/v1/outgoing/${itemId}/draft`, { baseVersion: 1, draft: draftOf() });
    expect(stale.status).toBe(409);

    await submit('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await submit('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    // 审核: revise and resubmit once, then on to 签发.
    await submit('chenjing', itemId, 'officeReview', {
      decision: 'revise',
      opinion: '请将“不得迟报、漏报、瞒报”改为“严禁迟报、漏报、瞒报”。',
    });
    await save('liuyang', itemId, (x) => ({
      ...x,
      body: x.body!.map((p) => ({ ...p, text: p.text.replace('不得迟报', '严禁迟报') })),
    }));
    await submit('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await submit('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await submit('maxiaoyan', itemId, 'officeReview', {
      decision: 'sign',
      opinion: '拟同意，请周秘书长签发。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });

    // The signer sees the checks of the draft as it will be signed (dated today): nothing in the way.
    expect((await detail('zhouwenbin', itemId)).checks).toMatchObject({ stage: 'sign', blocking: [] });
    // The leader changes the title into one without a 文种: 签发 is refused with the rule named; fixed, it goes.
    await save('zhouwenbin', itemId, (x) => ({ ...x, title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作' }));
    const refused = await trySubmit('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('F-TITLE-GENRE');
    await save('zhouwenbin', itemId, (x) => ({ ...x, title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知' }));
    await submit('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    d = await detail('chenjing', itemId);
    expect(d.item.state).toBe('复核');
    expect(d.document.signedVersion).toBe(d.document.version);
    expect(d.document.draft.writtenDate).toBe('2026-11-23');
    // A downward document carries no 签发人 line.
    expect(d.document.draft.signers).toEqual([]);

    // 复核: a substantive change after signing cannot pass; it goes back to the signer for 复审.
    await save('chenjing', itemId, (x) => ({
      ...x,
      body: x.body!.map((p, i) => (i === 2 ? { ...p, text: `${p.text}带班领导须在岗在位。` } : p)),
    }));
    d = await detail('chenjing', itemId);
    expect(d.document.changedSinceSigning).toBe(true);
    const notOk = await trySubmit('chenjing', itemId, 'recheck', { decision: 'ok' });
    expect(notOk.status).toBe(400);
    expect(notOk.body.error.message).toContain('复审');
    await submit('chenjing', itemId, 'recheck', { decision: 'resign', opinion: '第一部分增加带班领导在岗要求，请复审。' });
    await submit('zhouwenbin', itemId, 'resign', { opinion: '同意。' });
    await submit('chenjing', itemId, 'recheck', { decision: 'ok' });

    // 编号: the 文号 comes from the office's 发文 register; a return from 印制 keeps it.
    await submit('chenjing', itemId, 'number');
    d = await detail('chenjing', itemId);
    const docNo = d.document.docNo!;
    expect(docNo).toMatch(/^江委办发〔2026〕\d+号$/);
    expect(d.document.draft.docNo).toBe(docNo);
    expect(d.document.draft.printedBy).toBe('中共江州市委办公室');
    expect(d.document.draft.printedDate).toBe('2026-11-23');
    expect(d.item.registryNo).toBe(docNo);
    const returned = await (
      await as('maxiaoyan')
    ).post(`/api/v1/tasks/${(await myTask('maxiaoyan', itemId, 'print')).id}/return`, {
      version: (await myTask('maxiaoyan', itemId, 'print')).version,
      toStep: 'number',
      reason: '印发日期需调整，请重新登记。',
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(204);
    await submit('chenjing', itemId, 'number');
    expect((await detail('chenjing', itemId)).document.docNo).toBe(docNo);
    const registers = (await (await as('chenjing')).get('/api/v1/doc-registers')).body.items as { id: string; code: string }[];
    const fa = registers.find((r) => r.code === '江委办发')!;
    const numbers = (await (await as('chenjing')).get(`/api/v1/doc-registers/${fa.id}/numbers`)).body as {
      numbers: { id: string; docNo: string; itemId: string | null; state: string }[];
      missing: number[];
    };
    expect(numbers.numbers.filter((n) => n.itemId === itemId)).toEqual([expect.objectContaining({ docNo, state: 'used' })]);
    // The number the document carries cannot be cancelled from under it.
    const used = numbers.numbers.find((n) => n.itemId === itemId)!;
    const cancel = await (await as('chenjing')).post(`/api/v1/doc-numbers/${used.id}/cancel`, { reason: '试图作废已用文号' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.message).toContain('已用于文件');
    expect(numbers.missing).toEqual([]);

    const printing = await myTask('maxiaoyan', itemId, 'print');
    const printed = await (
      await as('maxiaoyan')
    ).post(`/api/v1/outgoing/${itemId}/print`, { version: printing.version, printCount: 30, opinion: '已印制 30 份。' });
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    // What goes out with it (附件) and what stays with the sender (发文稿纸).
    const attach = async (name: string, role: string) => {
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
    const annex = await attach('值班安排表.pdf', '附件');
    const sheet = await attach('发文稿纸.pdf', '发文稿纸');
    expect(await submit('chenjing', itemId, 'distribute')).toEqual({ nextStep: null, finished: true });
    d = await detail('chenjing', itemId);
    expect(d.item.state).toBe('已办结');
    expect(d.item.filingStatus).toBe('待归档');
    expect(d.deliveries.map((x) => [x.unitName, x.role, x.status])).toEqual([
      ['中共江州市东湖区委办公室', 'main', 'delivered'],
      ['中共清溪县委办公室', 'main', 'delivered'],
      ['江州市人民政府办公室', 'cc', 'delivered'],
    ]);
    expect(d.versions.map((v) => v.kind)).toContain('signed');
    expect(d.versions.at(-1)!.kind).toBe('numbered');

    // The 清稿 as GB/T 9704 .docx: the final text with its 文号; an earlier version on request.
    const docx = await (await as('chenjing')).getBytes(`/api/v1/outgoing/${itemId}/document.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const parts = unzipSync(docx.bytes);
    // The downloaded .docx names the faces GB/T 9704 asks for, not this server's stand-ins (only its PDF uses those).
    const faces = Object.values(parts)
      .map((p) => strFromU8(p))
      .join('');
    expect(faces).toContain('仿宋_GB2312');
    expect(faces).toContain('方正小标宋简体');
    expect(faces).not.toMatch(/Noto (Serif|Sans) CJK/);
    const xml = strFromU8(parts['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(xml).toContain(docNo);
    expect(xml).toContain('严禁迟报');
    const first = strFromU8(
      unzipSync((await (await as('chenjing')).getBytes(`/api/v1/outgoing/${itemId}/document.docx?version=1`)).bytes)[
        'word/document.xml'
      ]!,
    ).replace(/<[^>]+>/g, '');
    expect(first).toContain('不得迟报');
    expect(first).not.toContain(docNo);
    expect((await (await as('xunuo')).getBytes(`/api/v1/outgoing/${itemId}/document.docx`)).status).toBe(404);
    const pdf = await (await as('chenjing')).getBytes(`/api/v1/outgoing/${itemId}/document.pdf`);
    if (officeAvailable()) {
      expect(pdf.status).toBe(200);
      const pages = await pdfPages(pdf.bytes);
      expect(pages[0]!.width).toBeCloseTo(595.3, 0);
      expect(
        pages
          .map((p) => p.text)
          .join('')
          .replace(/\s/g, ''),
      ).toContain('值班工作的通知');
    } else {
      expect(pdf.status).toBe(503);
      expect(pdf.text).toContain('LibreOffice');
    }

    // 东湖区委办 finds it in 待签收 and signs for it: a 收文 there, pre-filled and linked back.
    const dh = await as('tangxiaolin');
    const inbox = (await dh.get('/api/v1/deliveries')).body as {
      items: { id: string; docNo: string; title: string; status: string; sourceItemId: string }[];
    };
    expect(inbox.items.map((x) => [x.docNo, x.status])).toEqual([[docNo, 'delivered']]);
    // A receiver reads the issued copy — the numbered text, its 附件, its own receipt — and nothing of the
    // sender's handling: not the record (opinions, versions, the distribution list), no earlier version, no 稿纸.
    for (const url of [
      `/api/v1/outgoing/${itemId}`,
      `/api/v1/items/${itemId}`,
      `/api/v1/outgoing/${itemId}/versions/1`,
      `/api/v1/items/${itemId}/files`,
    ]) {
      expect((await dh.get(url)).status, url).toBe(404);
    }
    for (const url of [
      `/api/v1/outgoing/${itemId}/document.docx`,
      `/api/v1/outgoing/${itemId}/document.docx?version=1`,
      `/api/v1/outgoing/${itemId}/document.pdf`,
      `/api/v1/files/${sheet}/content`,
    ]) {
      expect((await dh.getBytes(url)).status, url).toBe(404);
    }
    const copy = await dh.get(`/api/v1/outgoing/${itemId}/issued`);
    expect(copy.status, JSON.stringify(copy.body)).toBe(200);
    expect(copy.body).toMatchObject({
      docNo,
      senderName: '中共江州市委办公室',
      fullRecord: false,
      receipt: { unitName: '中共江州市东湖区委办公室', status: 'delivered' },
    });
    expect(Object.keys(copy.body)).not.toEqual(expect.arrayContaining(['deliveries']));
    expect(JSON.stringify(copy.body)).not.toMatch(/不得迟报|范丽娟|同意/);
    expect(copy.body.files.map((f: { fileId: string; role: string }) => [f.fileId, f.role])).toEqual([[annex, '附件']]);
    expect((await dh.getBytes(`/api/v1/files/${annex}/content`)).status).toBe(200);
    // Read in the page as it is downloaded: the 附件 (this one is no real PDF, so it answers why it cannot be
    // shown), never the sender's 稿纸.
    expect((await dh.get(`/api/v1/files/${annex}/preview`)).status).not.toBe(404);
    expect((await dh.get(`/api/v1/files/${sheet}/preview`)).status).toBe(404);
    expect((await dh.getBytes(`/api/v1/files/${sheet}/preview/1`)).status).toBe(404);
    const issuedDocx = await dh.getBytes(`/api/v1/outgoing/${itemId}/issued/document.docx?version=1`);
    expect(issuedDocx.status).toBe(200);
    expect(
      Object.values(unzipSync(issuedDocx.bytes))
        .map((p) => strFromU8(p))
        .join(''),
    ).not.toMatch(/Noto (Serif|Sans) CJK/);
    const issuedText = strFromU8(unzipSync(issuedDocx.bytes)['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(issuedText).toContain(docNo);
    expect(issuedText).toContain('严禁迟报');
    // The unit's director, in no flow of it, reads nothing; another unit's registrar neither.
    expect((await (await as('luojianping')).get(`/api/v1/outgoing/${itemId}/issued`)).status).toBe(404);
    expect((await (await as('chenghao')).get(`/api/v1/outgoing/${itemId}/issued`)).status).toBe(404);
    expect((await (await as('chenghao')).getBytes(`/api/v1/files/${annex}/content`)).status).toBe(404);
    expect((await (await as('chenghao')).get(`/api/v1/files/${annex}/preview`)).status).toBe(404);
    const signedFor = await dh.post(`/api/v1/deliveries/${inbox.items[0]!.id}/sign-for`, {});
    expect(signedFor.status, JSON.stringify(signedFor.body)).toBe(201);
    const incoming = (await dh.get(`/api/v1/incoming/${signedFor.body.itemId}`)).body as {
      document: { senderName: string; docNo: string; writtenDate: string };
      item: { title: string; state: string };
      links: { kind: string; itemId: string }[];
    };
    expect(incoming.document).toMatchObject({ senderName: '中共江州市委办公室', docNo, writtenDate: '2026-11-23' });
    expect(incoming.item).toMatchObject({ title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知', state: '初审' });
    expect(incoming.links).toEqual([expect.objectContaining({ kind: 'distributedFrom', itemId, access: 'issued' })]);
    expect((await dh.post(`/api/v1/deliveries/${inbox.items[0]!.id}/sign-for`, {})).status).toBe(409);

    // 清溪县委办 sends it back with its reason; a unit it was not sent to sees nothing.
    const qx = await as('panyulan');
    const qxInbox = (await qx.get('/api/v1/deliveries')).body as { items: { id: string }[] };
    expect((await qx.post(`/api/v1/deliveries/${qxInbox.items[0]!.id}/return`, { reason: '' })).status).toBe(400);
    expect(
      (await qx.post(`/api/v1/deliveries/${qxInbox.items[0]!.id}/return`, { reason: '我县不属于该文件的发送范围，请核实。' }))
        .status,
    ).toBe(204);
    expect(((await (await as('chenghao')).get('/api/v1/deliveries')).body as { items: unknown[] }).items).toEqual([]);
    expect(
      (await (await as('chenghao')).post(`/api/v1/deliveries/${qxInbox.items[0]!.id}/return`, { reason: '不是我们的。' })).status,
    ).toBe(404);
    // The unit that sent it back still reads what it was sent and its own receipt, not the record.
    expect((await qx.get(`/api/v1/outgoing/${itemId}`)).status).toBe(404);
    expect((await qx.get(`/api/v1/outgoing/${itemId}/issued`)).body.receipt).toMatchObject({
      status: 'returned',
      returnReason: '我县不属于该文件的发送范围，请核实。',
    });

    d = await detail('chenjing', itemId);
    // The receiver's 收文 is theirs: the sender sees the receipt, not a link it could not open.
    expect((d as unknown as { links: unknown[] }).links).toEqual([]);
    expect(d.deliveries.map((x) => [x.unitName, x.status, x.registryNo !== null, x.returnReason])).toEqual([
      ['中共江州市东湖区委办公室', 'signed', true, null],
      ['中共清溪县委办公室', 'returned', false, '我县不属于该文件的发送范围，请核实。'],
      ['江州市人民政府办公室', 'delivered', false, null],
    ]);
    // The drafter is told of each receipt.
    const notes = (await drafter.get('/api/v1/notifications?limit=50')).body.items as { message: string }[];
    expect(notes.map((n) => n.message).join('\n')).toContain('退回');
    expect(d.opinions.map((o) => [o.stepName, o.signature])).toEqual(
      expect.arrayContaining([
        ['会商', '范丽娟'],
        ['签发', '周文斌'],
        ['复审', '周文斌'],
      ]),
    );
    expect((await verifyLog(t.database.db)).ok).toBe(true);
  }, 240_000);

  it('compares any two versions; an earlier version reads as it was', async () => {
    const drafter = await as('liuyang');
    const { itemId } = (await drafter.post('/api/v1/outgoing', { draft: draftOf() })).body as { itemId: string };
    await save('liuyang', itemId, (x) => ({ ...x, title: '中共江州市委办公室关于做好2027年元旦期间值班工作的通知' }));
    const v1 = await drafter.get(`/api/v1/outgoing/${itemId}/versions/1`);
    const v2 = await drafter.get(`/api/v1/outgoing/${itemId}/versions/2`);
    expect(v1.body.draft.title).toContain('元旦春节');
    expect(v2.body.draft.title).not.toContain('春节');
    expect(v2.body.changes).toEqual(['修改标题']);
    expect(v2.body.personName).toBe('刘洋');
    expect((await drafter.get(`/api/v1/outgoing/${itemId}/versions/9`)).status).toBe(404);
    expect((await (await as('xunuo')).get(`/api/v1/outgoing/${itemId}/versions/1`)).status).toBe(404);

    // A 文号 may be held for it while it is in progress; once, and only by the unit's registrars.
    expect((await drafter.post(`/api/v1/outgoing/${itemId}/reserve-number`)).status).toBe(404);
    const reserved = await (await as('chenjing')).post(`/api/v1/outgoing/${itemId}/reserve-number`);
    expect(reserved.status, JSON.stringify(reserved.body)).toBe(201);
    expect(reserved.body.docNo).toMatch(/^江委办发〔2026〕\d+号$/);
    expect((await (await as('chenjing')).post(`/api/v1/outgoing/${itemId}/reserve-number`)).status).toBe(409);
  });

  it('a warning blocks 签发 until accepted with a reason; errors cannot be accepted', async () => {
    const drafter = await as('liuyang');
    const draft = { ...draftOf(), title: '中共江州市委办公室关于做好“两节”期间值班工作的通知', mainRecipients: [] };
    const { itemId } = (await drafter.post('/api/v1/outgoing', { draft })).body as { itemId: string };
    const checks = (await detail('liuyang', itemId)).checks;
    expect(checks.findings.map((f) => f.rule)).toContain('F-MAIN-REQUIRED');
    const err = await drafter.post(`/api/v1/outgoing/${itemId}/overrides`, { rule: 'F-MAIN-REQUIRED', reason: '确有需要' });
    expect(err.status).toBe(400);
    // A warning (a title with punctuation other than 书名号) blocks 签发 until the signer accepts it with a reason.
    const warned = (
      await drafter.post('/api/v1/outgoing', {
        draft: { ...draftOf(), title: '中共江州市委办公室关于做好“两节”期间值班工作的通知' },
      })
    ).body.itemId as string;
    expect((await detail('liuyang', warned)).checks.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['F-TITLE-PUNCT', 'warning'],
    ]);
    await submit('liuyang', warned, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await submit('huangxiaodong', warned, 'deptCheck', { opinion: '已核。' });
    await submit('chenjing', warned, 'officeReview', {
      decision: 'sign',
      opinion: '请签发。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    const held = await trySubmit('zhouwenbin', warned, 'sign', { opinion: '同意。' });
    expect(held.status).toBe(400);
    expect(JSON.stringify(held.body)).toContain('F-TITLE-PUNCT');
    const leader = await as('zhouwenbin');
    expect((await leader.post(`/api/v1/outgoing/${warned}/overrides`, { rule: 'F-TITLE-PUNCT', reason: '' })).status).toBe(400);
    expect(
      (
        await (
          await as('xunuo')
        ).post(`/api/v1/outgoing/${warned}/overrides`, { rule: 'F-TITLE-PUNCT', reason: '“两节”是通用简称' })
      ).status,
    ).toBe(404);
    expect(
      (await leader.post(`/api/v1/outgoing/${warned}/overrides`, { rule: 'F-TITLE-PUNCT', reason: '“两节”是通用简称，保留引号' }))
        .status,
    ).toBe(201);
    await submit('zhouwenbin', warned, 'sign', { opinion: '同意。' });
    expect((await detail('chenjing', warned)).item.state).toBe('复核');

    const live = await drafter.post('/api/v1/outgoing/checks', { draft: draftOf() });
    expect(live.status).toBe(200);
    expect(live.body.blocking).toEqual([]);
    const bad = await drafter.post('/api/v1/outgoing/checks', { draft: { ...draftOf(), genre: '请示', direction: 'down' } });
    expect((bad.body.findings as { rule: string }[]).map((f) => f.rule)).toContain('F-GENRE-DIRECTION');
    expect((await drafter.post('/api/v1/outgoing/checks', { draft: { title: 1 } })).status).toBe(400);
    // 许诺 holds 公开 clearance: she cannot write an 内部 document, and nothing is left behind; above the
    // deployment's ceiling nobody can.
    const xu = await as('xunuo');
    const before = ((await xu.get('/api/v1/outgoing')).body as { total: number }).total;
    const internal = await xu.post('/api/v1/outgoing', { draft: { ...draftOf(), classification: '内部' } });
    expect(internal.status).toBe(403);
    expect(internal.body.error.message).toContain('涉密等级');
    expect(
      (
        await drafter.post('/api/v1/outgoing', {
          draft: { ...draftOf(), classification: '秘密', secrecyTerm: '1年', copyNo: '000001' },
        })
      ).status,
    ).toBe(403);
    expect(((await xu.get('/api/v1/outgoing')).body as { total: number }).total).toBe(before);
  });
});

describe.each(engines)('who reads a 发文 draft (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  it('the leader in charge (分管) of the drafting department reads its drafts; another deputy director does not', async () => {
    const [xinxi] = await t.database.db.select().from(unit).where(eq(unit.shortName, '市委办'));
    const drafter = await signedIn(t, 'xunuo'); // 信息科科员; 王淑敏 is in charge of 信息科, 吴志强 is not
    const created = await drafter.post('/api/v1/outgoing', {
      draft: {
        genre: '通知',
        direction: 'down',
        issuers: [{ name: '中共江州市委办公室', unitId: xinxi!.id }],
        title: '中共江州市委办公室关于报送2026年度信息工作总结的通知',
        body: [{ level: 0, text: '请各单位于12月20日前报送年度信息工作总结。' }],
        signatureNames: ['中共江州市委办公室'],
      },
      copies: 1,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.itemId as string;
    const inCharge = await signedIn(t, 'wangshumin');
    expect((await inCharge.get(`/api/v1/outgoing/${id}`)).status).toBe(200);
    expect(((await inCharge.get('/api/v1/outgoing')).body.items as { itemId: string }[]).map((i) => i.itemId)).toContain(id);
    const other = await signedIn(t, 'wuzhiqiang');
    expect((await other.get(`/api/v1/outgoing/${id}`)).status).toBe(404);
    expect(((await other.get('/api/v1/outgoing')).body.items as { itemId: string }[]).map((i) => i.itemId)).not.toContain(id);
    // Not yet issued: there is no issued copy to read, for anyone.
    expect((await inCharge.get(`/api/v1/outgoing/${id}/issued`)).status).toBe(404);
    // Its drafter cannot pass the draft round: 发文 is not a module that circulates.
    const passed = await drafter.post(`/api/v1/items/${id}/circulations`, {
      readerIds: [(await inCharge.get('/api/v1/me')).body.personId],
      ordered: false,
    });
    expect(passed.status).toBe(404);
    expect((await other.get(`/api/v1/outgoing/${id}`)).status).toBe(404);
  });
});

describe.each(engines)('joint upward 发文 (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  it('is signed by the leader of each co-issuer (会签); the 签发人 line names them in issuer order', async () => {
    const draft: DraftInput = {
      format: 'standard',
      genre: '请示',
      direction: 'up',
      issuers: [
        { name: '中共江州市委办公室', unitId: units.get('市委办')! },
        { name: '江州市人民政府办公室', unitId: units.get('市政府办')! },
      ],
      headerName: '中共江州市委办公室 江州市人民政府办公室',
      title: '中共江州市委办公室 江州市人民政府办公室关于申请召开全市营商环境大会的请示',
      mainRecipients: [{ name: '中共江州市委', unitId: units.get('江州市委')! }],
      body: [
        { level: 0, text: '为进一步优化营商环境，拟于2027年1月召开全市营商环境大会。' },
        { level: 0, text: '妥否，请批示。' },
      ],
      signatureNames: ['中共江州市委办公室', '江州市人民政府办公室'],
      note: '联系人：黄晓东；联系电话：0791-88888888',
    };
    const step = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown> = {}) => {
      const c = await signedIn(t, who);
      const d = (await c.get(`/api/v1/outgoing/${itemId}`)).body as {
        myTasks: { id: string; version: number; stepKey: string }[];
      };
      const task = d.myTasks.find((x) => x.stepKey === stepKey);
      expect(task, `${who} has no ${stepKey}`).toBeDefined();
      const res = await c.post(`/api/v1/tasks/${task!.id}/submit`, { version: task!.version, ...body });
      expect(res.status, `${who} ${stepKey}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    const drafter = await signedIn(t, 'liuyang');
    const created = await drafter.post('/api/v1/outgoing', { draft });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    const first = (await drafter.get(`/api/v1/outgoing/${itemId}`)).body as { checks: { findings: unknown[] } };
    expect(first.checks.findings).toEqual([]);
    await step('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await step('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await step('chenjing', itemId, 'officeReview', {
      decision: 'sign',
      opinion: '请两办主要负责同志会签。',
      next: { personIds: [ids.get('zhouwenbin'), ids.get('tianyonggang')] },
    });
    // The first signature does not finish 签发; the second does, and the signed version names both.
    await step('tianyonggang', itemId, 'sign', { opinion: '同意。' });
    let d = (await (await signedIn(t, 'chenjing')).get(`/api/v1/outgoing/${itemId}`)).body as {
      item: { state: string };
      document: { signedVersion: number | null; draft: { signers: string[] } };
    };
    expect(d.item.state).toBe('签发');
    expect(d.document.signedVersion).toBeNull();
    await step('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    d = (await (await signedIn(t, 'chenjing')).get(`/api/v1/outgoing/${itemId}`)).body;
    expect(d.item.state).toBe('复核');
    expect(d.document.draft.signers).toEqual(['周文斌', '田永刚']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { itemPages } from '../../../../test/support/item-pages';
import { engines } from '../../../../test/support/engines';
import { startTestApp, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { event } from '../../platform/audit/schema';
import { unit } from '../../org/schema';
import type { DraftInput } from '../../../contract/outgoing-draft';

type Detail = {
  item: { state: string };
  document: { docNo: string | null; print: { count: number; copyNoFrom: string | null; copyNoTo: string | null } | null };
  myTasks: { id: string; version: number; stepKey: string | null }[];
  tasks: { stepKey: string | null; state: string; assignee: string; completedAt: string | null }[];
};
type Preview = {
  register: { code: string };
  year: number;
  seq: number;
  docNo: string;
  held: string | null;
  blocking: { rule: string }[];
};

const FORGED = '00000000-0000-4000-8000-000000000000';

/** The registrar's steps after 签发 (条例 Art.25): the 文号 seen before 编号, 印制 with its 印数 and 份号. */
describe.each(engines)('发文: the registrar from 复核 to 核发 (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const { as, detail, taskOf, submit } = itemPages<Detail>(() => t, '/api/v1/outgoing');
  const preview = async (who: string, itemId: string) => (await as(who)).get(`/api/v1/outgoing/${itemId}/number-preview`);
  const print = async (who: string, itemId: string, body: Record<string, unknown>) => {
    const task = (await detail('chenjing', itemId)).myTasks.find((x) => x.stepKey === 'print');
    return (await as(who)).post(`/api/v1/outgoing/${itemId}/print`, { version: task?.version ?? 1, ...body });
  };

  const draftOf = (over: Partial<DraftInput> = {}): DraftInput => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办')! }],
    title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知',
    mainRecipients: [{ name: '中共江州市东湖区委办公室', unitId: units.get('东湖区委办')! }],
    body: [
      { level: 0, text: '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。' },
      { level: 0, text: '各地要严格执行24小时值班和领导干部带班制度，值班人员不得擅离岗位。' },
    ],
    signatureNames: ['中共江州市委办公室'],
    ...over,
  });

  /** A document drafted by `drafter`, checked, reviewed by `reviewer` and signed: at 复核. */
  const signed = async (drafter: string, reviewer: string, draft: DraftInput) => {
    const created = await (await as(drafter)).post('/api/v1/outgoing', { draft, copies: 30 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    await submit(drafter, itemId, 'draft', {
      decision: 'check',
      next: { personIds: [ids.get(drafter === 'huangxiaodong' ? 'wangshumin' : 'huangxiaodong')] },
    });
    await submit(drafter === 'huangxiaodong' ? 'wangshumin' : 'huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await submit(reviewer, itemId, 'officeReview', {
      decision: 'sign',
      opinion: '请签发。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    await submit('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    expect((await detail(reviewer, itemId)).item.state).toBe('复核');
    return itemId;
  };

  beforeAll(async () => {
    // 秘密 documents exist only where the deployment is cleared for them.
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  it('before 编号 the registrar sees the 文号 it would give; the number itself is taken, gapless, only at 编号', async () => {
    const itemId = await signed('liuyang', 'chenjing', draftOf());
    const first = await preview('chenjing', itemId);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const p = first.body as Preview;
    expect(p).toMatchObject({ register: { code: '江委办发' }, year: 2026, held: null, blocking: [] });
    expect(p.docNo).toBe(`江委办发〔2026〕${p.seq}号`);
    // Looking takes nothing: the same number again, and the register's year has not moved.
    expect(((await preview('chenjing', itemId)).body as Preview).docNo).toBe(p.docNo);
    const registers = (await (await as('chenjing')).get('/api/v1/doc-registers')).body.items as { id: string; code: string }[];
    const fa = registers.find((r) => r.code === '江委办发')!;
    expect((await (await as('chenjing')).get(`/api/v1/doc-registers/${fa.id}/numbers`)).body.last).toBe(p.seq - 1);

    // Another registrar takes that number first: the preview moves on, and 编号 gives the next one, no gap.
    const taken = await (
      await as('maxiaoyan')
    ).post(`/api/v1/doc-registers/${fa.id}/reservations`, { note: '市委常委会会议纪要' });
    expect(taken.body.docNo).toBe(p.docNo);
    const moved = (await preview('chenjing', itemId)).body as Preview;
    expect(moved.docNo).toBe(`江委办发〔2026〕${p.seq + 1}号`);
    await submit('chenjing', itemId, 'recheck', { decision: 'ok' });
    await submit('chenjing', itemId, 'number');
    expect((await detail('chenjing', itemId)).document.docNo).toBe(moved.docNo);
    // Once numbered, the preview is the number the document holds.
    expect((await preview('chenjing', itemId)).body).toMatchObject({ docNo: moved.docNo, held: 'used' });

    // A number reserved for a document is the one the preview shows and 编号 gives.
    const other = await signed(
      'liuyang',
      'chenjing',
      draftOf({ title: '中共江州市委办公室关于开展2027年春节走访慰问工作的通知' }),
    );
    const reserved = await (await as('chenjing')).post(`/api/v1/outgoing/${other}/reserve-number`);
    expect((await preview('chenjing', other)).body).toMatchObject({ docNo: reserved.body.docNo, held: 'reserved' });

    // Only the unit's registrars see it; to anyone else the document, or the id, is not there.
    const drafter = await preview('liuyang', itemId);
    expect(drafter.status).toBe(403);
    expect(drafter.body.error.message).toContain('文书');
    expect((await preview('chenghao', itemId)).status).toBe(404);
    expect((await preview('chenjing', FORGED)).status).toBe(404);
    expect((await (await as('chenjing')).get('/api/v1/outgoing/not-an-id/number-preview')).status).toBe(400);
  });

  it('the preview names what would stop 编号: a 秘密 document without 份号 in its 版头', async () => {
    const itemId = await signed(
      'huangxiaodong',
      'maxiaoyan',
      draftOf({ classification: '秘密', secrecyTerm: '1年', title: '中共江州市委办公室关于做好重要会议安全保卫工作的通知' }),
    );
    const p = (await preview('maxiaoyan', itemId)).body as Preview;
    expect(p.blocking.map((f) => f.rule)).toEqual(['F-COPY-NO']);
    // Cleared for 内部 only, the other registrar of the unit is refused it (a clearance refusal, as for the document).
    expect((await preview('chenjing', itemId)).status).toBe(403);
  });

  it('印制 records 印数 and 份号: checked at the door, in Chinese, and nothing is written when refused', async () => {
    const itemId = await signed(
      'liuyang',
      'chenjing',
      draftOf({ title: '中共江州市委办公室关于做好2027年度机关值班安排的通知' }),
    );
    // Not at 印制 yet: refused, and nothing recorded.
    const early = await print('chenjing', itemId, { printCount: 30 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('不在印制环节');
    await submit('chenjing', itemId, 'recheck', { decision: 'ok' });
    await submit('chenjing', itemId, 'number');

    const refused: [Record<string, unknown>, string][] = [
      [{ printCount: -5 }, '印数至少为 1 份'],
      [{ printCount: 0 }, '印数至少为 1 份'],
      [{ printCount: 1e12 }, '印数不能超过 100000 份'],
      [{ printCount: 2.5 }, '印数须为整数'],
      [{ printCount: '三十' }, '请填写印数'],
      [{ printCount: 30, copyNoFrom: '1', copyNoTo: '30' }, '6 位阿拉伯数字'],
      [{ printCount: 30, copyNoFrom: '000000', copyNoTo: '000029' }, '从 000001 起'],
      [{ printCount: 30, copyNoFrom: '000001' }, '同时填写起号和止号'],
      [{ printCount: 30, copyNoFrom: '000031', copyNoTo: '000001' }, '不能小于起号'],
      [{ printCount: 30, copyNoFrom: '000001', copyNoTo: '000025' }, '共 25 份，与印数 30 份不符'],
    ];
    for (const [body, message] of refused) {
      const res = await print('chenjing', itemId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message, JSON.stringify(body)).toContain(message);
    }
    // Someone who reads it but does not hold 印制 may not; another unit's registrar and a forged id find nothing.
    expect((await print('liuyang', itemId, { printCount: 30 })).status).toBe(403);
    expect((await print('chenghao', itemId, { printCount: 30 })).status).toBe(404);
    expect((await (await as('chenjing')).post(`/api/v1/outgoing/${FORGED}/print`, { version: 1, printCount: 30 })).status).toBe(
      404,
    );
    // The kernel's plain submit does not pass 印制 without its record.
    const task = await taskOf('chenjing', itemId, 'print');
    const bare = await (await as('chenjing')).post(`/api/v1/tasks/${task.id}/submit`, { version: task.version });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('印数');
    expect((await detail('chenjing', itemId)).document.print).toBeNull();

    const done = await print('chenjing', itemId, {
      printCount: 30,
      copyNoFrom: '000001',
      copyNoTo: '000030',
      opinion: '已印制。',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ nextStep: 'distribute', finished: false });
    const d = await detail('chenjing', itemId);
    expect(d.item.state).toBe('核发');
    expect(d.document.print).toEqual({ count: 30, copyNoFrom: '000001', copyNoTo: '000030' });
    // A flow step like any other: in the record with who and when.
    expect(d.tasks.filter((x) => x.stepKey === 'print' && x.state === 'done')).toEqual([
      expect.objectContaining({ assignee: '陈静', completedAt: expect.any(String) }),
    ]);
    const audit = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'outgoing.print'), eq(event.targetId, itemId)));
    expect(audit.map((e) => e.summary)).toEqual([
      expect.objectContaining({ printCount: 30, copyNoFrom: '000001', copyNoTo: '000030', before: null }),
    ]);
    // The 发文登记簿 shows the run.
    const list = (await (await as('chenjing')).get('/api/v1/outgoing?q=机关值班安排')).body.items as {
      itemId: string;
      printCount: number | null;
      copyNoFrom: string | null;
      copyNoTo: string | null;
    }[];
    expect(list.find((r) => r.itemId === itemId)).toMatchObject({ printCount: 30, copyNoFrom: '000001', copyNoTo: '000030' });
    // Twice is not twice: the step is done.
    expect((await print('chenjing', itemId, { printCount: 30 })).status).toBe(409);

    // A plain document may be printed without 份号.
    const plain = await signed('liuyang', 'chenjing', draftOf({ title: '中共江州市委办公室关于印发2027年工作要点的通知' }));
    await submit('chenjing', plain, 'recheck', { decision: 'ok' });
    await submit('chenjing', plain, 'number');
    expect((await print('chenjing', plain, { printCount: 12 })).status).toBe(200);
    expect((await detail('chenjing', plain)).document.print).toEqual({ count: 12, copyNoFrom: null, copyNoTo: null });
  });

  it('a 秘密 document is printed only with its 份号 range (GB/T 9704 §7.2.1)', async () => {
    const itemId = await signed(
      'huangxiaodong',
      'maxiaoyan',
      draftOf({
        classification: '秘密',
        secrecyTerm: '1年',
        copyNo: '000001',
        title: '中共江州市委办公室关于做好重要会议期间保密工作的通知',
      }),
    );
    await submit('maxiaoyan', itemId, 'recheck', { decision: 'ok' });
    await submit('maxiaoyan', itemId, 'number');
    const task = (await detail('maxiaoyan', itemId)).myTasks.find((x) => x.stepKey === 'print')!;
    const jiyao = await as('maxiaoyan');
    const unnumbered = await jiyao.post(`/api/v1/outgoing/${itemId}/print`, { version: task.version, printCount: 5 });
    expect(unnumbered.status).toBe(400);
    expect(unnumbered.body.error.message).toContain('秘密公文须标注份号');
    const ok = await jiyao.post(`/api/v1/outgoing/${itemId}/print`, {
      version: task.version,
      printCount: 5,
      copyNoFrom: '000001',
      copyNoTo: '000005',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await detail('maxiaoyan', itemId)).document.print).toEqual({ count: 5, copyNoFrom: '000001', copyNoTo: '000005' });
  });
});

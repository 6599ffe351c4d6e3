import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { pdftotextPages } from '../../../../test/support/pdf';
import { event } from '../../platform/audit/schema';
import { officeAvailable } from '../../platform/pdf/office';
import { person, unit } from '../../org/schema';
import { cadenceWords, chineseDate, NOTE, renderNotice, type NoticeSlip } from './notice';

// 督办通知单 (issue 16 item 2): one numbered slip per item, as .docx and PDF, read by whoever may read the item.

const text = (docx: Uint8Array) =>
  strFromU8(unzipSync(docx)['word/document.xml']!)
    .replace(/<[^>]+>/gu, '')
    .trim();

describe('报告要求 and dates as the slip words them', () => {
  it('each cadence in words, weekdays in Chinese, days in Arabic numerals', () => {
    expect(cadenceWords({ kind: 'once' })).toBe('一次性报告');
    expect(cadenceWords({ kind: 'weekly', weekday: 5 })).toBe('每周五报告');
    expect(cadenceWords({ kind: 'weekly', weekday: 7 })).toBe('每周日报告');
    expect(cadenceWords({ kind: 'monthly', day: 25 })).toBe('每月25日前报告');
    expect(cadenceWords({ kind: 'quarterly', day: 20 })).toBe('每季度末月20日前报告');
    expect(cadenceWords({ kind: 'everyWorkdays', workdays: 5 })).toBe('每5个工作日报告');
  });

  it('dates without leading zeros (GB/T 9704 §7.3.5.4)', () => {
    expect(chineseDate('2026-09-28')).toBe('2026年9月28日');
    expect(chineseDate('2026-10-03')).toBe('2026年10月3日');
  });
});

describe('the slip marks 国家秘密 only (GB/T 9704 §7.2.2)', () => {
  const slip: NoticeSlip = {
    registryNo: '督〔2026〕12号',
    title: '推进城区老旧小区改造',
    sourceName: '会议议定事项',
    sourceText: null,
    requirement: '年底前完成首批12个小区改造方案。',
    leadUnit: { id: 'u1', name: '江州市发展和改革委员会' },
    assistingUnits: [],
    leader: null,
    classification: '秘密',
    cadence: { kind: 'once' },
    openedOn: '2026-09-28',
    dueDate: '2026-10-23',
    office: '中共江州市委办公室',
  };

  it('秘密 stands first, at the top left; 内部 and 公开 carry no marking', () => {
    expect(text(renderNotice(slip)).startsWith('秘密督办通知单')).toBe(true);
    for (const classification of ['内部', '公开'] as const)
      expect(text(renderNotice({ ...slip, classification })).startsWith('督办通知单')).toBe(true);
  });

  it('a field left empty reads 无, not a blank a clerk might fill in', () => {
    const t = text(renderNotice(slip));
    expect(t).toContain('协办单位无');
    expect(t).toContain('责任领导无');
    expect(t).toContain('来源会议议定事项督办要求');
  });
});

describe.each(engines)('督办通知单 through GET /supervision/:id/notice (%s)', (engine) => {
  let t: TestApp;
  let chief: Client; // 赵春梅, 督查室主任
  let itemId = '';
  let registryNo = '';
  let office = '';

  beforeAll(async () => {
    t = await startTestApp(engine);
    chief = await signedIn(t, 'zhaochunmei');
    const db = t.database.db;
    const unitId = async (name: string) => (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    const [leader] = await db.select({ id: person.id }).from(person).where(eq(person.name, '孙海涛'));
    const made = await chief.post('/api/v1/supervision', {
      title: '推进城区老旧小区改造',
      source: 'meeting',
      sourceText: '市委常委会第12次会议纪要',
      requirement: '年底前完成首批12个小区改造方案，报市委。\n同步建立改造项目台账，按月更新。',
      leadUnitId: await unitId('江州市发展和改革委员会'),
      assistingUnitIds: [await unitId('江州市财政局'), await unitId('江州市教育局')],
      leaderPersonId: leader!.id,
      deadline: { workdays: 15 },
      cadence: { kind: 'monthly', day: 25 },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    itemId = made.body.itemId as string;
    registryNo = made.body.registryNo as string;
    const item = (await chief.get(`/api/v1/items/${itemId}`)).body as { owningUnitId: string };
    office = (await db.select({ name: unit.name }).from(unit).where(eq(unit.id, item.owningUnitId)))[0]!.name;
  });
  afterAll(() => t?.close());

  it('the .docx holds the number, the item, its units, leader, deadline, 报告要求, the office and date — and is audited', async () => {
    const res = await chief.getBytes(`/api/v1/supervision/${itemId}/notice?format=docx`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${registryNo} 督办通知单.docx`)}`,
    );
    const parts = unzipSync(res.bytes);
    // The download names the standard's faces; only the PDF made here uses this server's stand-ins.
    expect(strFromU8(parts['word/document.xml']!)).toContain('方正小标宋简体');
    const xml = text(res.bytes);
    for (const part of [
      '督办通知单',
      registryNo,
      '督办事项推进城区老旧小区改造',
      '会议议定事项（市委常委会第12次会议纪要）',
      '年底前完成首批12个小区改造方案，报市委。',
      '主办单位江州市发展和改革委员会',
      '江州市财政局、江州市教育局',
      '责任领导孙海涛',
      // The test clock is Monday 2026-11-23: 15 working days on is Monday 2026-12-14.
      '办理时限2026年12月14日',
      '报告要求每月25日前报告',
      NOTE,
      `${office}2026年11月23日`,
    ])
      expect(xml).toContain(part);
    expect(xml).not.toContain('秘密');
    // The default format is .docx.
    expect((await chief.getBytes(`/api/v1/supervision/${itemId}/notice`)).headers['content-type']).toContain('wordprocessingml');

    const audited = await t.database.db
      .select({ summary: event.summary, unitId: event.unitId })
      .from(event)
      .where(and(eq(event.action, 'supervision.notice.export'), eq(event.targetId, itemId)));
    expect(audited.length).toBeGreaterThanOrEqual(2);
    expect(audited[0]!.summary).toMatchObject({ registryNo, format: 'docx' });
  });

  it('the leader named reads it; anyone who may not read the item gets 404, as for the item itself', async () => {
    const leader = await signedIn(t, 'sunhaitao');
    expect((await leader.getBytes(`/api/v1/supervision/${itemId}/notice`)).status).toBe(200);
    for (const username of ['xunuo', 'chenjing']) {
      const other = await signedIn(t, username);
      expect((await other.getBytes(`/api/v1/supervision/${itemId}/notice?format=docx`)).status, username).toBe(404);
      expect((await other.getBytes(`/api/v1/supervision/${itemId}/notice?format=pdf`)).status, username).toBe(404);
    }
    expect((await chief.getBytes('/api/v1/supervision/00000000-0000-4000-8000-000000000000/notice')).status).toBe(404);
    expect((await chief.getBytes(`/api/v1/supervision/${itemId}/notice?format=xls`)).status).toBe(400);
  });

  const officeRequired = process.env.REQUIRE_OFFICE === '1';
  it.skipIf(!officeAvailable() && !officeRequired)(
    'the PDF is one A4 page reading 督办通知单, the number and the item (page image in test-output/supervision/)',
    async () => {
      const res = await chief.getBytes(`/api/v1/supervision/${itemId}/notice?format=pdf`);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(Buffer.from(res.bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
      const out = join(process.cwd(), 'test-output', 'supervision');
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'notice.pdf'), res.bytes);
      execFileSync('pdftoppm', ['-png', '-r', '80', join(out, 'notice.pdf'), join(out, 'notice')]);
      const pages = pdftotextPages(res.bytes).map((p) => p.replace(/\s+/gu, ''));
      expect(pages).toHaveLength(1);
      for (const part of ['督办通知单', registryNo, '推进城区老旧小区改造', '江州市发展和改革委员会', '2026年12月14日', office])
        expect(pages[0]).toContain(part);
    },
    120_000,
  );
});

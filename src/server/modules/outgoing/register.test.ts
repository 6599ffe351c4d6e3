import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { event } from '../../platform/audit/schema';
import { department, unit } from '../../org/schema';
import type { DraftInput } from '../../../contract/outgoing-draft';

type Row = {
  itemId: string;
  title: string;
  mainRecipients: string[];
  handlerName: string | null;
  createdAt: string;
  writtenDate: string | null;
  docNo: string | null;
};
type Page = { total: number; nextCursor: string | null; items: Row[] };

describe.each(engines)('发文登记簿：按主送、拟稿部门筛选，导出 (%s)', (engine) => {
  let t: TestApp;
  let drafter: Client;
  const units = new Map<string, string>();
  const made: Record<string, string> = {};
  const draftOf = (title: string, recipients: [string, string][]): DraftInput => ({
    format: 'standard',
    genre: '通知',
    direction: 'down',
    issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办')! }],
    title,
    mainRecipients: recipients.map(([name, short]) => ({ name, unitId: units.get(short)! })),
    body: [{ level: 0, text: '现将有关事项通知如下。' }],
    signatureNames: ['中共江州市委办公室'],
    ccRecipients: [],
  });
  const list = async (who: Client, query: string) => {
    const res = await who.get(`/api/v1/outgoing?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
    drafter = await signedIn(t, 'liuyang');
    for (const [key, title, recipients] of [
      ['donghu', '中共江州市委办公室关于做好东湖区防汛物资储备工作的通知', [['中共江州市东湖区委办公室', '东湖区委办']]],
      [
        'both',
        '中共江州市委办公室关于开展2027年度机关作风建设专项检查的通知',
        [
          ['中共江州市东湖区委办公室', '东湖区委办'],
          ['中共清溪县委办公室', '清溪县委办'],
        ],
      ],
      ['qingxi', '中共江州市委办公室关于清溪县乡村振兴示范点建设的通知', [['中共清溪县委办公室', '清溪县委办']]],
    ] as const) {
      const res = await drafter.post('/api/v1/outgoing', {
        draft: draftOf(
          title,
          recipients.map((r) => [...r]),
        ),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made[key] = res.body.itemId;
      t.clock.advance(60_000);
    }
  });
  afterAll(() => t?.close());

  it('filters by 主送 and by the drafting section, and shows both in the register', async () => {
    const donghu = await list(drafter, `recipient=${encodeURIComponent('东湖区委')}&limit=200`);
    expect(donghu.items.map((r) => r.itemId)).toEqual(expect.arrayContaining([made.donghu, made.both]));
    expect(donghu.items.map((r) => r.itemId)).not.toContain(made.qingxi);
    expect(donghu.items.every((r) => r.mainRecipients.some((m) => m.includes('东湖区委')))).toBe(true);
    const [mishu] = await t.database.db.select().from(department).where(eq(department.name, '秘书科'));
    const bySection = await list(drafter, `handler=${mishu!.id}&limit=200`);
    expect(bySection.items.map((r) => r.itemId)).toEqual(expect.arrayContaining(Object.values(made)));
    expect(bySection.items.every((r) => r.handlerName === '秘书科')).toBe(true);
    // A draft has no 成文日期 yet: its date in the register is the day it was drafted.
    const today = await list(drafter, 'from=2026-11-23&to=2026-11-23&limit=200');
    expect(today.items.map((r) => r.itemId)).toEqual(expect.arrayContaining(Object.values(made)));
  });

  it('pages by keyset in 文号 order with unnumbered drafts last, and refuses a forged cursor', async () => {
    const whole = await list(drafter, 'sort=number&limit=200');
    const numbered = whole.items.filter((r) => r.docNo !== null).length;
    expect(whole.items.slice(numbered).every((r) => r.docNo === null)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await list(drafter, `sort=number&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((r) => r.itemId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((r) => r.itemId));
    const forged = await drafter.get('/api/v1/outgoing?cursor=eyJhIjoxfQ');
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toContain('分页游标');
  });

  it('exports the filtered 发文登记簿 as .xlsx whose rows are the list’s, and records the export', async () => {
    const query = `recipient=${encodeURIComponent('清溪县委')}`;
    const shown = await list(drafter, `${query}&limit=200`);
    const res = await drafter.getBytes(`/api/v1/outgoing/register.xlsx?${query}`);
    expect(res.status, res.text).toBe(200);
    const xml = strFromU8(unzipSync(res.bytes)['xl/worksheets/sheet1.xml']!);
    const rows = [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, r, body]) => ({
      r: Number(r),
      texts: [...body!.matchAll(/<t[^>]*>(.*?)<\/t>/g)].map((m) => m[1]),
    }));
    expect(rows.find((r) => r.r === 3)!.texts).toEqual([
      '发文字号',
      '成文日期',
      '标题',
      '文种',
      '主送',
      '密级',
      '紧急程度',
      '拟稿部门',
      '拟稿人',
      '拟稿日期',
      '状态',
    ]);
    const titles = rows.filter((r) => r.r > 3).map((r) => r.texts.find((x) => x!.startsWith('中共江州市委办公室关于')));
    expect(titles).toEqual(shown.items.map((r) => r.title));
    expect(rows[1]!.texts[0]).toContain('主送：清溪县委');
    const events = await t.database.db.select().from(event).where(eq(event.action, 'outgoing.register.export'));
    expect(events.at(-1)!.summary).toMatchObject({ format: 'xlsx', rows: shown.total, filters: { recipient: '清溪县委' } });
  });
});

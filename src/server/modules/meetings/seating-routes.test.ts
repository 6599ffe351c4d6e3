import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { pdfPages, pdfWords, pdftotextPages } from '../../../../test/support/pdf';
import { event } from '../../platform/audit/schema';
import { officeAvailable } from '../../platform/pdf/office';

// 座次 (issue 17 item 5): a seating chart of the rostrum as the audience sees it, and table cards to fold, made from
// names in protocol order by anyone signed in; each export audited.

const EIGHT = ['李建国', '王志强', '张伟', '刘海燕', '陈明', '杨光辉', '赵晓东', '孙海涛'];
const body = (names: string[], extra: Record<string, unknown> = {}) => ({
  title: '全市经济工作会议',
  subtitle: '2026年12月8日　市委常委会会议室',
  names,
  rule: 'domestic',
  ...extra,
});

async function post(t: TestApp, c: Client | null, url: string, payload: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {}) },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: res.statusCode, bytes: new Uint8Array(res.rawPayload), headers: res.headers, text: res.body };
}

const out = join(process.cwd(), 'test-output', 'meetings');
const save = (name: string, bytes: Uint8Array) => {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, name), bytes);
};

describe.each(engines)('座次 at /meetings/seating (%s)', (engine) => {
  let t: TestApp;
  let clerk: Client;

  beforeAll(async () => {
    t = await startTestApp(engine);
    clerk = await signedIn(t, 'xunuo');
  });
  afterAll(() => t?.close());

  it('the chart as .docx: the names in the audience-view order, under 主席台, audited', async () => {
    const res = await post(t, clerk, '/api/v1/meetings/seating/chart.docx', body(EIGHT.slice(0, 7)));
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('全市经济工作会议 座次图.docx'));
    const xml = strFromU8(unzipSync(res.bytes)['word/document.xml']!).replace(/<[^>]+>/gu, '');
    expect(xml).toContain('主 席 台');
    // 7 5 3 1 2 4 6: each name after its seat number.
    expect(xml).toContain('7赵晓东5陈明3张伟1李建国2王志强4刘海燕6杨光辉');
    expect(xml).toContain('台下（观众席）');
    const audited = await t.database.db.select().from(event).where(eq(event.action, 'meetings.seating.chart.export'));
    expect(audited.at(-1)!.summary).toMatchObject({ title: '全市经济工作会议', people: 7, rule: 'domestic', format: 'docx' });
  });

  it('the layout for the page: rows front first, seats as the audience sees them, by the same rule', async () => {
    const res = await post(t, clerk, '/api/v1/meetings/seating/layout', { names: EIGHT, rule: 'international', rowSize: 5 });
    expect(res.status, res.text).toBe(200);
    const { rows } = JSON.parse(res.text) as { rows: { row: number; seats: { seat: number; name: string }[] }[] };
    expect(rows.map((r) => r.seats.map((s) => s.seat))).toEqual([
      [4, 2, 1, 3, 5],
      [7, 6, 8],
    ]);
    expect((await post(t, clerk, '/api/v1/meetings/seating/layout', { names: [], rule: 'domestic' })).status).toBe(400);
  });

  it('table cards as .docx: a page per person, the name twice, the far half turned half round', async () => {
    const res = await post(t, clerk, '/api/v1/meetings/seating/cards.docx', body(EIGHT.slice(0, 3)));
    expect(res.status, res.text).toBe(200);
    const xml = strFromU8(unzipSync(res.bytes)['word/document.xml']!);
    expect(xml.match(/<w:pageBreakBefore\/>/gu)).toHaveLength(2);
    expect(xml.match(/rot="10800000"/gu)).toHaveLength(3);
    expect(xml.match(/李建国/gu)).toHaveLength(2);
  });

  it('bad input is refused with 400 and a Chinese message; no one signed in gets 401', async () => {
    const cases: [unknown, RegExp][] = [
      [body([]), /至少填写一个姓名/u],
      [body(['李建国'.repeat(7)]), /不能超过 20 字/u],
      [body(Array.from({ length: 201 }, (_, i) => `代表${i}`)), /不能超过 200 个/u],
      [body(['  ']), /姓名不能为空/u],
      [body(['李建国'], { rule: 'left' }), /座次规则/u],
      [body(['李建国'], { rowSize: 0 }), /每排至少 1 人/u],
      [body(['李建国'], { title: '' }), /请填写标题/u],
    ];
    for (const [payload, message] of cases) {
      const res = await post(t, clerk, '/api/v1/meetings/seating/chart.pdf', payload);
      expect(res.status, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.text).toMatch(message);
    }
    // The text guard refuses a NUL or a lone surrogate before the handler.
    for (const raw of [
      '{"title":"会议","names":["李\\u0000建国"],"rule":"domestic"}',
      '{"title":"会议","names":["李\\ud800"],"rule":"domestic"}',
    ]) {
      const res = await post(t, clerk, '/api/v1/meetings/seating/cards.pdf', raw);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/[\u4e00-\u9fff]/u);
    }
    expect((await post(t, null, '/api/v1/meetings/seating/chart.docx', body(EIGHT))).status).toBe(401);
  });

  it('table cards as PDF: one A4 landscape page each, the name above and below the fold', async () => {
    const res = await post(t, clerk, '/api/v1/meetings/seating/cards.pdf', body(EIGHT.slice(0, 2)));
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    save('cards.pdf', res.bytes);
    const pages = await pdfPages(res.bytes);
    expect(pages).toHaveLength(2);
    for (const p of pages) expect(p.width).toBeGreaterThan(p.height);
    pages.forEach((p, i) => expect(p.text.match(new RegExp(EIGHT[i]!, 'gu'))).toHaveLength(2));
  });

  const officeRequired = process.env.REQUIRE_OFFICE === '1';
  it.skipIf(!officeAvailable() && !officeRequired)(
    'the chart as PDF reads left to right as the audience sees it: 7 5 3 1 2 4 6, and 7 5 3 1 2 4 6 8',
    async () => {
      for (const n of [7, 8]) {
        const res = await post(t, clerk, '/api/v1/meetings/seating/chart.pdf', body(EIGHT.slice(0, n)));
        expect(res.status, res.text).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        save(`chart-${n}.pdf`, res.bytes);
        const [text] = pdftotextPages(res.bytes).map((p) => p.replace(/\s+/gu, ''));
        expect(pdftotextPages(res.bytes)).toHaveLength(1);
        for (const part of ['全市经济工作会议', '市委常委会会议室', '主席台', '台下（观众席）']) expect(text).toContain(part);
        const order = n === 7 ? [7, 5, 3, 1, 2, 4, 6] : [7, 5, 3, 1, 2, 4, 6, 8];
        const words = pdfWords(res.bytes, 1).filter((w) => EIGHT.includes(w.text));
        expect(words.sort((a, b) => a.xMin - b.xMin).map((w) => w.text)).toEqual(order.map((k) => EIGHT[k - 1]));
        expect(text).toContain(order.map((k) => EIGHT[k - 1]).join(''));
      }
    },
    120_000,
  );
});

// POST /incoming/import against files made to hurt (issue 13 item 11): the server keeps answering everyone
// else, and the registrar gets a Chinese message instead of a frozen page or a 500.
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../../test/support/app';
import { makeDocx, para } from './fixtures/docx';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const send = (c: Client, bytes: Uint8Array, name: string, type: string) =>
  c.request(
    'POST',
    '/api/v1/incoming/import',
    undefined,
    { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    bytes,
  );
/** A long but ordinary 公文: about 1.5 million characters. */
const long = strToU8(
  [
    '江州市教育局文件',
    '江教发〔2026〕9号',
    '关于做好寒假安全教育工作的通知',
    '各县（市、区）教育局：',
    ...Array(60_000).fill('　　现将有关事项通知如下，请结合实际认真贯彻执行。'),
  ].join('\n'),
);
const chinese = /[\u4e00-\u9fff]/u;

describe('来文导入 against hostile files', () => {
  let t: TestApp;
  let hasty: TestApp;
  let registrar: Client;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    // A time limit no real file meets, so that the limit itself can be seen at work.
    hasty = await startTestApp('pglite', { ZHONGSHU_IMPORT_TIMEOUT_MS: '1' });
    registrar = await signedIn(t, 'chenjing');
    // The first import starts a thread; the timings below are of reading, not of starting.
    expect((await send(registrar, strToU8('江州市教育局文件'), 'a.txt', 'text/plain')).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await hasty?.close();
  });

  it('a .docx of a million "<" (the file that froze the server for 21 s) is answered in under a second', async () => {
    const docx = zipSync({ 'word/document.xml': strToU8(`<w:document><w:body><w:p><w:r><w:t>${'<'.repeat(1_000_000)}`) });
    const start = performance.now();
    const r = await send(registrar, docx, '来文.docx', DOCX);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.lines).toEqual([]);
  });

  it('a .docx with &#x110000; and a lone surrogate is read (it was a 500)', async () => {
    const r = await send(
      registrar,
      makeDocx([para({ xml: '<w:r><w:t>江州市&#x110000;教育局&#xD800;文件</w:t></w:r>' })]),
      '来文.docx',
      DOCX,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.lines).toContain('江州市教育局文件');
  });

  it('a line of a million spaces, or a Word part past 16 MB, gets a 413 with a message for the registrar', async () => {
    const spaces = await send(registrar, strToU8(`江州市教育局文件\nx${' '.repeat(1_000_000)}x`), '来文.txt', 'text/plain');
    expect(spaces.status).toBe(413);
    expect(spaces.body.error.message).toMatch(chinese);
    expect(spaces.body.error.message).toContain('请手工登记');
    const bomb = await send(registrar, zipSync({ 'word/document.xml': new Uint8Array(17 * 1024 * 1024) }), '来文.docx', DOCX);
    expect(bomb.status).toBe(413);
    expect(bomb.body.error.message).toMatch(chinese);
  });

  it('past the time limit the registrar is told to register by hand, and the next file is read normally', async () => {
    const late = await send(await signedIn(hasty, 'chenjing'), long, '通知.txt', 'text/plain');
    expect(late.status).toBe(400);
    expect(late.body.error.message).toBe('来文解析超时（文件过大或结构异常），请手工登记');
    const next = await send(registrar, long, '通知.txt', 'text/plain');
    expect(next.status).toBe(200);
    expect(next.body.fields.docNo.value).toBe('江教发〔2026〕9号');
  });

  it('/api/health keeps answering while a heavy 来文 is being read (it waited 18 s)', async () => {
    // Fifteen megabytes of run formatting and little text: the most a .docx may hold, long to read, small to answer.
    const heavy = makeDocx([
      para('江州市教育局文件'),
      para({ xml: '<w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:r>'.repeat(300_000) }),
    ]);
    const began = performance.now();
    const reading = send(registrar, heavy, '来文.docx', DOCX);
    let read = false;
    void reading.finally(() => (read = true));
    const waits: number[] = [];
    while (!read) {
      const start = performance.now();
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // PGlite answers within the microtask queue, so the wait for the event loop is measured here: what a
      // request arriving now would wait for before being read at all.
      await new Promise((resolve) => setImmediate(resolve));
      waits.push(performance.now() - start);
    }
    const took = performance.now() - began;
    expect((await reading).status).toBe(200);
    // Read on the event loop, one of these would have waited about as long as the reading itself.
    expect(Math.max(...waits)).toBeLessThan(took / 4);
  });
});

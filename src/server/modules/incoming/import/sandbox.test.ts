import { readFileSync } from 'node:fs';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { parseOfficialDocument } from './parse';
import { parseInWorker } from './sandbox';

const fixture = new Uint8Array(readFileSync(new URL('./fixtures/01-tongzhi-shizhengfu-bangongshi.txt', import.meta.url)));
/** A long but ordinary 公文: about 1.5 million characters, some tens of milliseconds of parsing. */
const long = strToU8(
  [
    '江州市教育局文件',
    '江教发〔2026〕9号',
    '关于做好寒假安全教育工作的通知',
    '各县（市、区）教育局：',
    ...Array(60_000).fill('　　现将有关事项通知如下，请结合实际认真贯彻执行。'),
  ].join('\n'),
);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => {
      if (e instanceof DomainError) return { code: e.code, message: e.message };
      throw e;
    },
  );

describe('reading a 来文 in a worker thread', () => {
  it('gives the same suggestions as reading it in the server’s own thread', async () => {
    expect(await parseInWorker(fixture, '江政办发〔2026〕58号.txt', 'text/plain; charset=utf-8', 5000)).toEqual(
      parseOfficialDocument(fixture, '江政办发〔2026〕58号.txt', 'text/plain; charset=utf-8'),
    );
  });

  it('passes on the parser’s refusal with its code and message', async () => {
    expect(await refusal(parseInWorker(strToU8('%PDF-1.7 junk'), 'a.pdf', undefined, 5000))).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: '暂不支持 PDF 文件，请上传 .docx 或 .txt',
    });
  });

  it('leaves the event loop free while it reads', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      await parseInWorker(long, '通知.txt', undefined, 60_000);
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('gives up a file that runs past the time limit, with a message for the registrar, and reads the next one', async () => {
    expect(await refusal(parseInWorker(long, '通知.txt', undefined, 1))).toEqual({
      code: 'VALIDATION_FAILED',
      message: '来文解析超时（文件过大或结构异常），请手工登记',
    });
    expect((await parseInWorker(fixture, 'a.txt', undefined, 5000)).fields.docNo?.value).toBe('江政办发〔2026〕58号');
  });

  it('lets two files be read at once and sixteen wait; more are turned away until a thread is free', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => refusal(parseInWorker(fixture, 'a.txt', undefined, 60_000))),
    );
    expect(answers.filter((a) => a === null)).toHaveLength(18);
    expect(answers.filter((a) => a?.code === 'RATE_LIMITED')).toHaveLength(2);
    expect(await refusal(parseInWorker(fixture, 'a.txt', undefined, 5000))).toBeNull();
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pdfPages, pdfRaster, pdftotextPages, pdfWords } from '../../../../test/support/pdf';
import { DomainError } from '../errors';
import { resolveFonts } from '../pdf/fonts';
import { rasterAvailable } from '../pdf/raster';
import { buildOfd, notice, signatureValue, solidPng, textObjects, type OfdFixture } from './fixtures';
import { OfdError, readOfd, sealPicture } from './read';
import { deltas, ofdToPdf, svgPath } from './render';
import { ofdToPdfInThread } from './thread';
import { parseXml, XmlError } from './xml';

// The OFD preview: packages built the way producers write them, drawn, then read back as a reader would — the
// text (pdftotext), where it sits (word boxes), and the colours where the red head, rules and seals should be.

const fonts = resolveFonts({});
const BODY = [
  '各县（市、区）委办公室，市直各单位：',
  '　　为做好元旦春节期间困难党员、困难群众走访慰问工作，',
  '现将有关事项通知如下。',
];
const compact = (s: string) => s.replace(/\s+/gu, '');
const MM = 72 / 25.4;
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

const red = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;
const white = ([r, g, b]: number[]) => r! > 240 && g! > 240 && b! > 240;

const refusal = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof OfdError) return e.message;
    throw e;
  }
};

const requireRaster = process.env.REQUIRE_OFFICE === '1';
if (!rasterAvailable() && !requireRaster) console.warn('[OFD raster checks skipped] install poppler-utils');

describe('reading OFD XML', () => {
  it('reads elements, attributes and text with the namespace prefix dropped', () => {
    const el = parseXml(
      '<?xml version="1.0"?><ofd:Page xmlns:ofd="x"><ofd:TextCode X="1" Y=\'2\'>a &amp; b&#x3001;<![CDATA[<c>]]></ofd:TextCode></ofd:Page>',
    );
    expect(el.name).toBe('Page');
    expect(el.children[0]).toMatchObject({ name: 'TextCode', attrs: { X: '1', Y: '2' }, text: 'a & b、<c>' });
  });

  it('never expands a declared entity and drops references to characters XML forbids', () => {
    const el = parseXml('<!DOCTYPE r [<!ENTITY big "xxxxxxxxxx">]><r>&big;&#0;&#xD800;ok</r>');
    expect(el.text).toBe('&big;ok');
  });

  it('refuses text that is not well nested', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a>')).toThrow(XmlError);
    expect(() => parseXml('<a/><b/>')).toThrow(XmlError);
    expect(() => parseXml('just text')).toThrow(XmlError);
  });
});

describe('the parts of an OFD package', () => {
  it('follows OFD.xml to the document, its pages, templates and resources, whether locations are relative or from the root', () => {
    for (const rootRelative of [false, true]) {
      const doc = readOfd(
        buildOfd({ ...notice(BODY), template: textObjects([{ x: 100, y: 285, text: '— 1 —' }], 500), rootRelative }),
      );
      expect(doc.pages).toHaveLength(1);
      expect(doc.pages[0]!.box).toEqual([0, 0, 210, 297]);
      // The template's layer first (behind), then the page's own.
      expect(doc.pages[0]!.layers.map((l) => l.attrs.ID)).toEqual(['91', '200']);
      expect(doc.resources.fonts.get('4')?.name).toBe('方正小标宋简体');
    }
  });

  it('expands DeltaX repeats and turns abbreviated path data into SVG path data', () => {
    expect(deltas('1 g 3 5.6 2')).toEqual([1, 5.6, 5.6, 5.6, 2]);
    expect(deltas('g 1e12 1')).toHaveLength(1_000_000);
    expect(svgPath('S 0 0 L 10 0 B 1 2 3 4 5 6 Q 1 1 2 2 A 5 5 0 0 1 10 10 C')).toBe(
      'M 0 0 L 10 0 C 1 2 3 4 5 6 Q 1 1 2 2 A 5 5 0 0 1 10 10 Z',
    );
    // A command short of its numbers ends the path there rather than drawing garbage.
    expect(svgPath('M 0 0 L 10')).toBe('M 0 0');
  });

  it('finds the seal picture inside a DER signature value by its length', () => {
    const png = solidPng(4, [200, 0, 0]);
    // In the SES_Signature shape (a long-form length), and bare with a short one: exactly the picture's bytes.
    for (const value of [signatureValue(png, 'png'), new Uint8Array([0x30, 0x10, 0x04, png.length, ...png, 0x02, 0x01, 0x05])]) {
      const inner = sealPicture(value);
      expect(inner?.kind).toBe('png');
      expect(Buffer.from(inner!.bytes).equals(Buffer.from(png))).toBe(true);
    }
    expect(sealPicture(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('refuses what is not an OFD package with a reason a reader understands', () => {
    expect(refusal(() => readOfd(strToU8('not a zip at all')))).toBe('文件不是有效的 OFD 版式文件（压缩包无法读取），可能已损坏');
    expect(refusal(() => readOfd(zipSync({ 'a.txt': strToU8('x') })))).toBe('文件不是有效的 OFD 版式文件（缺少 OFD.xml）');
    expect(refusal(() => readOfd(zipSync({ 'OFD.xml': strToU8('<ofd:OFD><ofd:DocBody>') })))).toMatch(
      /^OFD 文件的 OFD\.xml 不是有效的 XML/u,
    );
    const parts = {
      'OFD.xml': strToU8('<ofd:OFD><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
      'Doc_0/Document.xml': strToU8(
        '<ofd:Document><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_9/Content.xml"/></ofd:Pages></ofd:Document>',
      ),
    };
    expect(refusal(() => readOfd(zipSync(parts)))).toBe('OFD 文件缺少第 1 页（Pages/Page_9/Content.xml）');
  });

  it('refuses a package that would inflate past its bound without inflating it', () => {
    // 70 MB of zeros compress to a few KB: the declared size alone refuses it.
    const bomb = zipSync({ 'OFD.xml': new Uint8Array(70 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(refusal(() => readOfd(bomb))).toBe('OFD 文件解压后过大');
  });

  it('refuses page blocks nested past the bound, and survives a DrawParam that refers to itself', async () => {
    const deep = '<ofd:PageBlock>'.repeat(40) + '</ofd:PageBlock>'.repeat(40);
    await expect(ofdToPdf(buildOfd({ pages: [deep] }), fonts)).rejects.toThrow('OFD 页面对象嵌套过深');
    const loop = buildOfd({
      pages: [
        '<ofd:PathObject ID="1" Boundary="0 0 10 10" DrawParam="7"><ofd:AbbreviatedData>M 0 0 L 10 10</ofd:AbbreviatedData></ofd:PathObject>',
      ],
    });
    expect((await pdfPages(await ofdToPdf(loop, fonts))).length).toBe(1);
  });
});

describe('an OFD 公文 drawn for the preview', () => {
  it('prints the text the package holds, punctuation included, on A4 pages', async () => {
    const pdf = await ofdToPdf(buildOfd(notice(BODY)), fonts);
    const [page] = await pdfPages(pdf);
    expect(page!.width).toBeCloseTo(210 * MM, 0);
    expect(page!.height).toBeCloseTo(297 * MM, 0);
    const text = compact(pdftotextPages(pdf)[0]!);
    for (const line of [
      '中共江南市委办公室文件',
      '江南委办发〔2026〕46号',
      '关于做好元旦春节期间走访慰问工作的通知',
      ...BODY,
      '2026年12月6日',
    ]) {
      expect(text).toContain(compact(line));
    }
  });

  it('places each character where the package says, in millimetres from the page corner', async () => {
    const pdf = await ofdToPdf(buildOfd(notice(BODY)), fonts);
    const words = pdfWords(pdf, 1);
    const title = words.find((w) => w.text.startsWith('关于'))!;
    expect(title.xMin / MM).toBeCloseTo(40, 0);
    // The baseline at 110 mm: the word box ends just below it.
    expect(title.yMax / MM).toBeGreaterThan(108.5);
    expect(title.yMax / MM).toBeLessThan(112.5);
    // 19 characters of 7.7 mm, each advanced by its own.
    expect((title.xMax - title.xMin) / MM).toBeCloseTo(19 * 7.7, 0);
  });

  it.runIf(rasterAvailable() || requireRaster)(
    'draws the red head and rule, pictures, templates, annotations and the seal',
    async () => {
      const f: OfdFixture = notice(BODY);
      f.template = textObjects([{ x: 100, y: 285, text: '— 1 —', size: 4.9 }], 500);
      f.media = { '60': solidPng(8, [0, 0, 200]) };
      f.pages.push(
        '<ofd:ImageObject ID="61" Boundary="20 20 30 30" CTM="30 0 0 30 0 0" ResourceID="60"/>' +
          textObjects([{ x: 27, y: 60, text: '第二页正文' }], 70),
      );
      f.annotation = {
        box: [10, 10, 20, 10],
        content:
          '<ofd:PathObject ID="301" Boundary="0 0 20 10" Fill="true" Stroke="false"><ofd:FillColor Value="0 160 0"/><ofd:AbbreviatedData>M 0 0 L 20 0 L 20 10 L 0 10 C</ofd:AbbreviatedData></ofd:PathObject>',
      };
      f.seal = { page: 1, box: [125, 222, 40, 40], picture: solidPng(40, [220, 0, 0]), type: 'png' };
      const pdf = await ofdToPdf(buildOfd(f), fonts);
      const one = pdfRaster(pdf, 1);
      expect(red(one.at(100, 86.5))).toBe(true); // the red rule under the 发文字号
      // The 发文机关标志 in red: strokes across its line, and none of them black.
      const head = Array.from({ length: 160 }, (_, i) => one.at(23 + i, 60));
      expect(head.filter(red).length).toBeGreaterThan(20);
      expect(head.filter(([r, g, b]) => r + g + b < 150)).toEqual([]);
      expect(white(one.at(100, 200))).toBe(true);
      expect(one.at(15, 15)).toEqual([0, 160, 0]); // the annotation's appearance
      expect(red(one.at(145, 242))).toBe(true); // the seal over the date
      const two = pdfRaster(pdf, 2);
      expect(two.at(35, 35)).toEqual([0, 0, 200]); // the picture, scaled by its CTM to 30 mm
      expect(compact(pdftotextPages(pdf)[1]!)).toContain('—1—'); // the template, behind every page
    },
  );

  it.runIf(rasterAvailable() || requireRaster)(
    'draws a seal made as an OFD document into its box, and marks a seal it cannot read',
    async () => {
      const circle = buildOfd({
        pages: [
          '<ofd:PathObject ID="1" Boundary="0 0 40 40" Fill="true" Stroke="false"><ofd:FillColor Value="230 0 0"/><ofd:AbbreviatedData>M 0 0 L 40 0 L 40 40 L 0 40 C</ofd:AbbreviatedData></ofd:PathObject>',
        ],
      });
      // The seal document's page is 210 × 297: its 40 mm square becomes a fifth of the stamp's width.
      const withOfdSeal = await ofdToPdf(
        buildOfd({ pages: [''], seal: { page: 1, box: [100, 100, 42, 59.4], picture: circle, type: 'ofd' } }),
        fonts,
      );
      expect(red(pdfRaster(withOfdSeal, 1).at(103, 103))).toBe(true);
      expect(white(pdfRaster(withOfdSeal, 1).at(130, 150))).toBe(true);
      const unreadable = await ofdToPdf(
        buildOfd({ pages: [''], seal: { page: 1, box: [100, 100, 40, 40], picture: strToU8('no picture here'), type: 'png' } }),
        fonts,
      );
      expect(compact(pdftotextPages(unreadable)[0]!)).toContain('电子印章');
    },
  );

  it('uses the server’s font where the embedded font is unreadable or lacks the character', async () => {
    const garbage = await ofdToPdf(buildOfd({ ...notice(BODY), fontFiles: { '3': strToU8('not a font') } }), fonts);
    expect(compact(pdftotextPages(garbage)[0]!)).toContain(compact(BODY[1]!));
  });

  it.runIf(existsSync(DEJAVU))('draws with the embedded font the characters it has', async () => {
    const latin = textObjects([{ x: 27, y: 60, text: 'ABC中文', font: 5 }], 10);
    const pdf = await ofdToPdf(buildOfd({ pages: [latin], fontFiles: { '5': new Uint8Array(readFileSync(DEJAVU)) } }), fonts);
    const names = [
      ...Buffer.from(pdf)
        .toString('latin1')
        .matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/gu),
    ].map((m) => m[1]);
    expect(names).toContain('DejaVuSansMono');
    expect(names.some((n) => n?.startsWith('NotoSansCJK'))).toBe(true);
    expect(compact(pdftotextPages(pdf)[0]!)).toBe('ABC中文');
  });
});

describe('drawing in a thread', () => {
  it('gives the PDF the server’s own thread gives, and a 415 with the reason for a broken package', async () => {
    const bytes = buildOfd(notice(BODY));
    const pdf = await ofdToPdfInThread(bytes, fonts);
    expect(compact(pdftotextPages(pdf)[0]!)).toBe(compact(pdftotextPages(await ofdToPdf(bytes, fonts))[0]!));
    const refused = await ofdToPdfInThread(strToU8('junk'), fonts).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: '文件不是有效的 OFD 版式文件（压缩包无法读取），可能已损坏',
    });
  });
});

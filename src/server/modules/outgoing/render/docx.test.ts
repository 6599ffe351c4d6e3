import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages, pdftotextPages, pdfWords } from '../../../../../test/support/pdf';
import { DomainError } from '../../../platform/errors';
import { convertToPdf, officeAvailable } from '../../../platform/pdf/office';
import { renderDocx } from './docx';
import { makeDownwardNotice, makeJointNotice, makeLetter, makeMinutes, makeUpwardRequest } from './fixtures';
import { fontsForPdf, pickFonts, STANDARD_FONTS } from '../../../platform/pdf/docx-fonts';
import { CHAR, LINE, MARGIN, TYPE_AREA } from './page';
import { placeColophon } from './placement';
import { titleLines } from './title';

// The .docx is read back as a reader of the XML would: unzip, parse the parts, walk the elements.

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/gu, (_, e: string) => ENTITIES[e]!);

/** A small XML reader: elements, attributes and text; enough for WordprocessingML written without CDATA. */
function parseXml(xml: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const token = /<\?[^>]*\?>|<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/gu;
  for (const m of xml.matchAll(token)) {
    const [whole, close, name, rawAttrs, selfClose, text] = m;
    if (whole.startsWith('<?')) continue;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) top.text += decode(text);
    else if (close) stack.pop();
    else {
      const attrs: Record<string, string> = {};
      for (const a of rawAttrs!.matchAll(/([\w:]+)="([^"]*)"/gu)) attrs[a[1]!] = decode(a[2]!);
      const node: Node = { name: name!, attrs, children: [], text: '' };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  return root;
}

function all(node: Node, name: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => n.children.forEach((c) => (c.name === name ? out.push(c) : undefined, walk(c)));
  walk(node);
  return out;
}
const first = (node: Node, name: string) => all(node, name)[0];
const val = (node: Node | undefined, attr = 'w:val') => node?.attrs[attr];

/** A paragraph's text as typed: tabs and line breaks kept, field codes left out. */
function text(p: Node): string {
  let s = '';
  const walk = (n: Node) => {
    for (const c of n.children) {
      if (c.name === 'w:t') s += c.text;
      else if (c.name === 'w:tab' && n.name === 'w:r') s += '\t';
      else if (c.name === 'w:br') s += '\n';
      else if (c.name !== 'w:instrText' && c.name !== 'w:pPr') walk(c);
    }
  };
  walk(p);
  return s;
}

interface Run {
  text: string;
  font?: string;
  bold: boolean;
  color?: string;
  size?: number;
}
const runs = (p: Node): Run[] =>
  all(p, 'w:r')
    .map((r) => ({
      text: text({ ...r, name: 'w:p', children: [r] }),
      font: val(first(r, 'w:rFonts'), 'w:eastAsia'),
      bold: !!first(r, 'w:b'),
      color: val(first(r, 'w:color')),
      size: Number(val(first(r, 'w:sz')) ?? 0) || undefined,
    }))
    .filter((r) => r.text);

interface Docx {
  document: Node;
  paras: Node[];
  texts: string[];
  part(name: string): Node;
  /** The header or footer part a section refers to, by type (default, even, first). */
  ref(sect: Node, kind: 'header' | 'footer', type: string): Node;
  sections: Node[];
}

function read(bytes: Uint8Array): Docx {
  const files = unzipSync(bytes);
  const part = (name: string) => parseXml(strFromU8(files[name]!));
  const rels = all(part('word/_rels/document.xml.rels'), 'Relationship');
  const document = part('word/document.xml');
  const paras = all(first(document, 'w:body')!, 'w:p');
  return {
    document,
    paras,
    texts: paras.map(text),
    part,
    sections: all(document, 'w:sectPr'),
    ref(sect, kind, type) {
      const id = all(sect, `w:${kind}Reference`).find((r) => r.attrs['w:type'] === type)!.attrs['r:id'];
      return part(`word/${rels.find((r) => r.attrs.Id === id)!.attrs.Target}`);
    },
  };
}

const paraWith = (d: Docx, s: string) => {
  const i = d.texts.findIndex((t) => t.includes(s));
  expect(i, `a paragraph with “${s}”`).toBeGreaterThanOrEqual(0);
  return d.paras[i]!;
};
/** The texts appear in this order, each in a later paragraph than the one before. */
function expectOrder(d: Docx, expected: string[]) {
  let at = -1;
  for (const s of expected) {
    const i = d.texts.findIndex((t, j) => j > at && t.includes(s));
    expect(i, `“${s}” after paragraph ${at} in\n${d.texts.join('\n')}`).toBeGreaterThan(at);
    at = i;
  }
}
const ind = (p: Node, attr: string) => Number(val(first(p, 'w:ind'), `w:${attr}`) ?? 0);

describe('GB/T 9704 page geometry', () => {
  const d = read(renderDocx(makeDownwardNotice()));
  const sect = d.sections.at(-1)!;

  it('is A4 with 天头 37 mm, 订口 28 mm and a 156 × 225 mm 版心, in twips', () => {
    expect(first(sect, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': '11906', 'w:h': '16838' });
    // 37, 35, 28 and 26 mm rounded to twips (1 mm = 56.69 twips)
    expect(first(sect, 'w:pgMar')!.attrs).toMatchObject({
      'w:top': '2098',
      'w:bottom': '1984',
      'w:left': '1587',
      'w:right': '1474',
    });
  });

  it('declares a grid of 22 lines and 28 characters of 3号 text', () => {
    const grid = first(sect, 'w:docGrid')!.attrs;
    expect(grid['w:type']).toBe('linesAndChars');
    const pitch = Number(grid['w:linePitch']);
    expect(22 * pitch).toBeLessThanOrEqual(TYPE_AREA.height);
    expect(23 * pitch).toBeGreaterThan(TYPE_AREA.height);
    const charPt = 16 + Number(grid['w:charSpace']) / 4096;
    expect(28 * charPt * 20).toBeLessThanOrEqual(TYPE_AREA.width);
    expect(29 * charPt * 20).toBeGreaterThan(TYPE_AREA.width);
  });

  it('sets 3号 仿宋 by default, on exact lines, tracked so that 28 characters fill a line', () => {
    const styles = d.part('word/styles.xml');
    const defaults = first(styles, 'w:docDefaults')!;
    expect(val(first(defaults, 'w:rFonts'), 'w:eastAsia')).toBe('仿宋_GB2312');
    expect(val(first(defaults, 'w:sz'))).toBe('32');
    expect(first(first(defaults, 'w:pPrDefault')!, 'w:spacing')!.attrs).toMatchObject({ 'w:line': '579', 'w:lineRule': 'exact' });
    const tracking = Number(val(first(first(defaults, 'w:rPr')!, 'w:spacing')));
    expect(28 * (320 + tracking)).toBeLessThanOrEqual(TYPE_AREA.width);
    expect(29 * (320 + tracking)).toBeGreaterThan(TYPE_AREA.width);
  });

  it('numbers pages — N — in 4号 宋体, odd pages on the right and even pages on the left', () => {
    expect(first(d.part('word/settings.xml'), 'w:evenAndOddHeaders')).toBeDefined();
    const body = d.sections[0]!;
    for (const [type, side] of [
      ['default', 'right'],
      ['even', 'left'],
    ] as const) {
      const footer = d.ref(body, 'footer', type);
      const p = first(footer, 'w:p')!;
      expect(val(first(p, 'w:jc'))).toBe(side);
      expect(all(p, 'w:instrText').map((t) => t.text.trim())).toEqual(['PAGE']);
      expect(text(p)).toBe('— 1 —');
      expect(runs(p).every((r) => r.font === '宋体' && r.size === 28)).toBe(true);
    }
  });
});

describe('a 下行文 in the standard format', () => {
  const draft = makeDownwardNotice();
  const d = read(renderDocx(draft));

  it('reads in the order of GB/T 9704: 版头, 主体, attachments', () => {
    expectOrder(d, [
      '000123',
      '秘密★1年',
      '特急',
      '江州市人民政府办公室文件',
      '江政办发〔2026〕12号',
      '江州市人民政府办公室关于\n做好2026年防汛抗旱工作的通知',
      '各县（市、区）人民政府，市政府各部门：',
      '为切实做好2026年全市防汛抗旱工作',
      '一、总体要求',
      '二、保障措施',
      '附件：1.2026年江州市防汛抗旱责任人名单',
      '2.江州市重点水库安全度汛检查表',
      '江州市人民政府办公室',
      '2026年5月6日',
      '（此件发至县级）',
      '附件1',
      '2026年江州市防汛抗旱责任人名单',
      '一、市级防汛抗旱责任人：市长李明。',
    ]);
    // The second attachment is a separate file: no page of its own.
    expect(d.texts.some((t) => t === '附件2')).toBe(false);
  });

  it('prints the 发文机关标志 in red 小标宋, centred, and a red rule under the 发文字号', () => {
    const header = paraWith(d, '江州市人民政府办公室文件');
    expect(val(first(header, 'w:jc'))).toBe('center');
    expect(runs(header)).toEqual([expect.objectContaining({ font: '方正小标宋简体', color: 'FF0000' })]);
    const docNo = paraWith(d, '江政办发〔2026〕12号');
    expect(val(first(docNo, 'w:jc'))).toBe('center');
    expect(first(first(docNo, 'w:pBdr')!, 'w:bottom')!.attrs).toMatchObject({ 'w:val': 'single', 'w:color': 'FF0000' });
  });

  it('sets 份号, 密级 and 紧急程度 flush left in 黑体', () => {
    for (const s of ['000123', '秘密★1年', '特急']) {
      const p = paraWith(d, s);
      expect(val(first(p, 'w:jc'))).toBe('left');
      expect(runs(p)[0]!.font).toBe('黑体');
    }
  });

  it('sets the title in 2号 小标宋, centred, broken between words', () => {
    const p = paraWith(d, '做好2026年防汛抗旱工作的通知');
    expect(val(first(p, 'w:jc'))).toBe('center');
    expect(runs(p)[0]).toMatchObject({ font: '方正小标宋简体', size: 44 });
  });

  it('sets headings in 黑体, 楷体, bold 仿宋 and 仿宋 by level, the text after a heading in 仿宋', () => {
    expect(runs(paraWith(d, '一、总体要求'))).toEqual([expect.objectContaining({ font: '黑体', bold: false })]);
    expect(runs(paraWith(d, '（一）落实责任。'))).toEqual([
      expect.objectContaining({ text: '（一）落实责任。', font: '楷体_GB2312' }),
      expect.objectContaining({ font: '仿宋_GB2312', bold: false }),
    ]);
    expect(runs(paraWith(d, '1.开展隐患排查。'))).toEqual([
      expect.objectContaining({ text: '1.开展隐患排查。', font: '仿宋_GB2312', bold: true }),
      expect.objectContaining({ font: '仿宋_GB2312', bold: false }),
    ]);
    expect(runs(paraWith(d, '（1）重点水库'))).toEqual([expect.objectContaining({ font: '仿宋_GB2312', bold: false })]);
    const body = paraWith(d, '为切实做好');
    expect(ind(body, 'firstLine')).toBe(2 * CHAR);
  });

  it('lines up 附件说明: 附件： 2 字 in, 2. under 1., wrapped names under the name', () => {
    const [a, b] = [paraWith(d, '附件：1.'), paraWith(d, '2.江州市重点水库')];
    expect(ind(a, 'left')).toBe(ind(b, 'left'));
    expect(ind(a, 'left') - ind(a, 'hanging')).toBe(2 * CHAR);
    expect(ind(b, 'left') - ind(b, 'hanging')).toBe(5 * CHAR);
    expect(ind(a, 'left')).toBe(6 * CHAR);
  });

  it('centres the sealed issuer name over the date, which stands 4 字 from the right', () => {
    const date = paraWith(d, '2026年5月6日');
    expect(val(first(date, 'w:jc'))).toBe('right');
    expect(ind(date, 'right')).toBe(4 * CHAR);
    const name = d.paras[d.texts.indexOf('\t江州市人民政府办公室')]!;
    const tab = first(name, 'w:tab')!.attrs;
    expect(tab['w:val']).toBe('center');
    expect(Number(tab['w:pos'])).toBe(TYPE_AREA.width - 4 * CHAR - Math.round(3 * CHAR));
    // Room for the seal: three blank lines above the name.
    expect(Number(val(first(name, 'w:spacing'), 'w:before'))).toBe(3 * 579);
  });

  it('starts each attachment on a new page with 附件N in 黑体', () => {
    const p = paraWith(d, '附件1');
    expect(first(p, 'w:pageBreakBefore')).toBeDefined();
    expect(runs(p)[0]!.font).toBe('黑体');
  });

  it('puts the 版记 on an even page, between thick and thin rules, above the page number', () => {
    const [body, colophon] = d.sections;
    expect(val(first(body!, 'w:type'))).toBe('nextPage');
    expect(val(first(colophon!, 'w:type'))).toBe('evenPage');
    const footer = d.ref(colophon!, 'footer', 'even');
    const tbl = first(footer, 'w:tbl')!;
    const borders = first(tbl, 'w:tblBorders')!;
    expect(val(first(borders, 'w:top'), 'w:sz')).toBe('8');
    expect(val(first(borders, 'w:insideH'), 'w:sz')).toBe('6');
    expect(val(first(borders, 'w:bottom'), 'w:sz')).toBe('8');
    expect(all(tbl, 'w:p').map(text)).toEqual([
      '抄送：市委办公室、市人大常委会办公室、市政协办公室。',
      '江州市人民政府办公室\t2026年5月7日印发',
    ]);
    expect(runs(first(tbl, 'w:p')!)[0]).toMatchObject({ font: '仿宋_GB2312', size: 28 });
    expect(all(footer, 'w:instrText').map((t) => t.text.trim())).toEqual(['PAGE']);
  });

  it('sets the 版记 after the 主体, pushed to the foot of the page by the room measured, when it fits there', () => {
    const foot = read(renderDocx(draft, { colophon: { at: 'foot', spacer: 3 * LINE } }));
    expect(foot.sections).toHaveLength(1);
    const body = first(foot.document, 'w:body')!;
    const tbl = body.children.find((c) => c.name === 'w:tbl')!;
    expect(all(tbl, 'w:p').map(text)[1]).toBe('江州市人民政府办公室\t2026年5月7日印发');
    const before = body.children[body.children.indexOf(tbl) - 1]!;
    expect(first(before, 'w:spacing')!.attrs).toMatchObject({ 'w:line': String(3 * LINE), 'w:lineRule': 'exact' });
    expect(text(before)).toBe('');
  });

  it('leaves the blank page and the 版记 page after it unnumbered (§7.5)', () => {
    const blank = read(renderDocx(draft, { colophon: { at: 'afterBlankPage' } }));
    const colophon = blank.sections.at(-1)!;
    expect(all(blank.ref(colophon, 'footer', 'default'), 'w:instrText')).toHaveLength(0);
    const even = blank.ref(colophon, 'footer', 'even');
    expect(all(even, 'w:instrText')).toHaveLength(0);
    expect(all(even, 'w:tbl')).toHaveLength(1);
    // The blank page is written out, not left to the converter (Word would number one it inserts).
    expect(first(blank.paras.at(-1)!, 'w:pageBreakBefore')).toBeDefined();
    const next = read(renderDocx(draft, { colophon: { at: 'nextPage' } }));
    expect(val(first(next.sections.at(-1)!, 'w:type'))).toBe('nextPage');
    expect(all(next.ref(next.sections.at(-1)!, 'footer', 'even'), 'w:instrText').map((t) => t.text.trim())).toEqual(['PAGE']);
  });

  it('lets punctuation at a line end stay on the line in LibreOffice too (overflowPunct, not its hanging mode)', () => {
    const pPr = first(first(d.part('word/styles.xml'), 'w:pPrDefault')!, 'w:pPr')!;
    expect(val(first(pPr, 'w:overflowPunct'))).toBe('1');
  });

  it('writes the configured font names', () => {
    const custom = read(
      renderDocx(draft, { fonts: { heiti: 'SimHei', xiaobiaosong: 'FZXiaoBiaoSong-B05S' }, embolden: ['xiaobiaosong'] }),
    );
    expect(runs(paraWith(custom, '一、总体要求'))[0]!.font).toBe('SimHei');
    expect(runs(paraWith(custom, '江州市人民政府办公室文件'))[0]).toMatchObject({ font: 'FZXiaoBiaoSong-B05S', bold: true });
  });
});

describe('the other layouts', () => {
  it('an upward document puts the 发文字号 on the left and 签发人 (name in 楷体) on the right of one line', () => {
    const d = read(renderDocx(makeUpwardRequest()));
    const p = paraWith(d, '签发人：');
    expect(text(p)).toBe('\t江政〔2026〕7号\t签发人：王建国');
    expect(runs(p).at(-1)).toMatchObject({ text: '王建国', font: '楷体_GB2312' });
    const tabs = all(p, 'w:tab')
      .filter((t) => t.attrs['w:pos'])
      .map((t) => Number(t.attrs['w:pos']));
    expect(tabs[0]).toBe(CHAR);
    // 签发人：王建国 is 7 字 wide and ends 1 字 from the right.
    expect(tabs[1]).toBe(TYPE_AREA.width - CHAR - 7 * CHAR);
    expect(val(first(first(p, 'w:pBdr')!, 'w:bottom'), 'w:color')).toBe('FF0000');
    expectOrder(d, [
      '江州市人民政府文件',
      '签发人：',
      '省人民政府：',
      '江州市人民政府',
      '（联系人：张华；联系电话：0791-86001234）',
    ]);
  });

  it('a joint document stacks the issuers beside 文件 and signs with both names, the last over the date', () => {
    const d = read(renderDocx(makeJointNotice()));
    const tbl = first(first(d.document, 'w:body')!, 'w:tbl')!;
    const cells = all(tbl, 'w:tc');
    expect(all(cells[0]!, 'w:p').map(text)).toEqual(['中共江州市委办公室', '江州市人民政府办公室']);
    expect(all(cells[1]!, 'w:p').map(text)).toEqual(['文件']);
    expect(val(first(cells[1]!, 'w:vAlign'))).toBe('center');
    expect(runs(all(cells[0]!, 'w:p')[0]!)[0]!.color).toBe('FF0000');
    const names = paraWith(d, '\t中共江州市委办公室\t江州市人民政府办公室');
    const centres = all(names, 'w:tab')
      .filter((t) => t.attrs['w:pos'])
      .map((t) => Number(t.attrs['w:pos']));
    expect(centres[1]).toBe(TYPE_AREA.width - 4 * CHAR - Math.round(3 * CHAR));
    expect(centres[1]! - centres[0]!).toBe(14 * CHAR);
    expectOrder(d, [
      '江办发〔2026〕3号',
      '关于进一步加强基层减负工作的通知',
      '\t中共江州市委办公室\t江州市人民政府办公室',
      '2026年5月6日',
    ]);
  });

  it('an unsealed signature stands 2 字 from the right, the date starting 2 字 further in', () => {
    const d = read(renderDocx(makeDownwardNotice({ sealed: false })));
    const name = d.paras[d.texts.lastIndexOf('江州市人民政府办公室')]!;
    const date = paraWith(d, '2026年5月6日');
    expect(ind(name, 'left')).toBe(TYPE_AREA.width - Math.round(12 * CHAR));
    expect(ind(date, 'left')).toBe(ind(name, 'left') + 2 * CHAR);
  });

  it('a letter has the letterhead with its double lines on page 1 only, the 文号 flush right, no 印发 line', () => {
    const d = read(renderDocx(makeLetter()));
    const sect = d.sections[0]!;
    expect(first(sect, 'w:titlePg')).toBeDefined();
    const head = d.ref(sect, 'header', 'first');
    expect(all(head, 'w:p').map(text)).toEqual(['江州市人民政府办公室']);
    expect(runs(first(head, 'w:p')!)[0]!.color).toBe('FF0000');
    expect(val(first(first(head, 'w:pBdr')!, 'w:bottom'))).toBe('thickThinSmallGap');
    const foot = d.ref(sect, 'footer', 'first');
    expect(first(foot, 'w:instrText')).toBeUndefined();
    expect(val(first(first(foot, 'w:pBdr')!, 'w:top'))).toBe('thickThinSmallGap');
    expect(text(paraWith(d, '江政办函〔2026〕21号'))).toBe('加急\t江政办函〔2026〕21号');
    expectOrder(d, [
      '加急',
      '江州市人民政府办公室关于\n商请支持江州港扩建工程的函',
      '省交通运输厅：',
      '附件：江州港扩建工程项目概况',
      '2026年3月18日',
      '抄送：市交通运输局。',
    ]);
    const cc = paraWith(d, '抄送：');
    expect(first(cc, 'w:framePr')!.attrs).toMatchObject({ 'w:vAnchor': 'margin', 'w:yAlign': 'bottom' });
    expect(d.texts.some((t) => t.includes('印发'))).toBe(false);
    expect(d.sections).toHaveLength(1);
  });

  it('minutes carry ××××纪要 in red, the issue number, and 出席, 请假, 列席 labelled in 黑体', () => {
    const d = read(renderDocx(makeMinutes()));
    const header = paraWith(d, '江州市人民政府常务会议纪要');
    expect(runs(header)[0]!.color).toBe('FF0000');
    expect(first(paraWith(d, '第8期'), 'w:pBdr')).toBeUndefined();
    expectOrder(d, [
      '江州市人民政府常务会议纪要',
      '第8期',
      '江州市人民政府办公室\t2026年4月21日',
      '纪要如下',
      '出席：李明',
      '请假：吴涛（出差）',
      '列席：',
    ]);
    expect(runs(paraWith(d, '出席：'))[0]).toMatchObject({ text: '出席：', font: '黑体' });
    expect(d.texts.filter((t) => t.includes('2026年4月21日'))).toHaveLength(1);
  });
});

describe('title lines and fonts', () => {
  it('keeps a short title on one line and a typed line break as typed', () => {
    expect(titleLines('关于进一步加强基层减负工作的通知')).toEqual(['关于进一步加强基层减负工作的通知']);
    expect(titleLines('关于印发\n江州市防汛预案的通知')).toEqual(['关于印发', '江州市防汛预案的通知']);
  });

  it('breaks a long title between words, never inside 《》, into balanced lines', () => {
    expect(titleLines('江州市人民政府办公室关于印发《江州市防汛抗旱应急预案》的通知')).toEqual([
      '江州市人民政府办公室关于印发',
      '《江州市防汛抗旱应急预案》的通知',
    ]);
    expect(titleLines('江州市人民政府办公室关于商请支持江州港扩建工程的函')).toEqual([
      '江州市人民政府办公室关于',
      '商请支持江州港扩建工程的函',
    ]);
  });

  it('picks installed stand-ins for the standard faces and emboldens the light one for 小标宋', () => {
    const installed = new Set(['Noto Serif CJK SC', 'Noto Sans CJK SC', '楷体_GB2312']);
    expect(pickFonts({}, installed)).toEqual({
      fonts: {
        fangsong: 'Noto Serif CJK SC',
        xiaobiaosong: 'Noto Serif CJK SC',
        heiti: 'Noto Sans CJK SC',
        kaiti: '楷体_GB2312',
        songti: 'Noto Serif CJK SC',
      },
      embolden: ['xiaobiaosong'],
    });
    expect(pickFonts({ heiti: 'SimHei' }, new Set(['SimHei', ...Object.values(STANDARD_FONTS)])).fonts).toEqual({
      ...STANDARD_FONTS,
      heiti: 'SimHei',
    });
    expect(pickFonts({}, new Set()).fonts).toEqual(STANDARD_FONTS);
  });
});

describe('PDF through LibreOffice', () => {
  it('says what to install when LibreOffice is missing', async () => {
    const e = await convertToPdf(new Uint8Array(), { soffice: '/nonexistent/soffice' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect((e as Error).message).toContain('未安装 LibreOffice');
  });
});

const officeRequired = process.env.REQUIRE_OFFICE === '1';
const haveOffice = officeAvailable();
if (!haveOffice && !officeRequired) {
  console.warn(
    '[公文 PDF tests skipped] LibreOffice not found; install it with: apt-get install -y libreoffice-writer-nogui poppler-utils',
  );
}

describe.skipIf(!haveOffice && !officeRequired)('公文 as PDF, page images in test-output/outgoing/', () => {
  const out = join(process.cwd(), 'test-output', 'outgoing');
  const A4 = { width: 595.3, height: 841.9 };
  const pdfs: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const fonts = fontsForPdf();
    const drafts = { standard: makeDownwardNotice(), upward: makeUpwardRequest(), letter: makeLetter() };
    for (const [name, draft] of Object.entries(drafts)) {
      pdfs[name] = await convertToPdf(renderDocx(draft, { ...fonts, colophon: await placeColophon(draft, fonts) }));
      writeFileSync(join(out, `${name}.pdf`), pdfs[name]);
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', join(out, `${name}.pdf`), join(out, name)]);
    }
  }, 300_000);

  it('a 下行文 comes out on A4 pages: the header and title on page 1, the 版记 alone on page 4 after an odd page', async () => {
    const pages = await pdfPages(pdfs.standard!);
    expect(pages).toHaveLength(4);
    for (const p of pages) {
      expect(p.width).toBeCloseTo(A4.width, 0);
      expect(p.height).toBeCloseTo(A4.height, 0);
    }
    const flat = pages.map((p) => p.text.replace(/\s+/gu, ''));
    expect(flat[0]).toContain('江州市人民政府办公室文件');
    expect(flat[0]).toContain('江州市人民政府办公室关于做好2026年防汛抗旱工作的通知');
    expect(flat[0]).toContain('—1—');
    expect(flat[2]).toContain('附件1');
    expect(flat[3]).toContain('抄送：市委办公室');
    expect(flat[3]).toContain('2026年5月7日印发');
  });

  it('a 请示 whose 主体 ends on page 2 with room has its 版记 at the foot of page 2: 2 pages, not 4', async () => {
    const pages = pdftotextPages(pdfs.upward!).map(flat);
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('（联系人：张华；联系电话：0791-86001234）');
    expect(pages[1]).toContain('2026年5月7日印发');
    expect(pages[1]).toContain('—2—');
    const printed = pdfWords(pdfs.upward!, 2).find((w) => w.text.includes('印发'))!;
    expect(TYPE_AREA_FOOT - printed.yMax).toBeLessThan(4);
  });

  it('a letter fits on one A4 page without a page number', async () => {
    const [page, ...more] = await pdfPages(pdfs.letter!);
    expect(more).toHaveLength(0);
    expect(page!.width).toBeCloseTo(A4.width, 0);
    const flat = page!.text.replace(/\s+/gu, '');
    expect(flat).toContain('江州市人民政府办公室关于商请支持江州港扩建工程的函');
    expect(flat).toContain('抄送：市交通运输局。');
    expect(flat).not.toContain('—1—');
  });
});

const flat = (s: string) => s.replace(/\s+/gu, '');

/** Points from the page's top to the type area's lower edge (A4 is 841.89 pt tall). */
const TYPE_AREA_FOOT = 841.89 - MARGIN.bottom / 20;

/** A notice of `n` numbered paragraphs of two lines each, without 附注 or attachments. */
function noticeOf(n: number) {
  const body = Array.from({ length: n }, (_, i) => ({
    level: 0,
    text: `第${i + 1}项，各地各部门要加强值班值守，严格执行值班和领导带班制度，重要情况及时报告，确保信息畅通。`,
  }));
  return makeDownwardNotice({ body, attachments: [], note: null });
}

describe.skipIf(!haveOffice && !officeRequired)('the 版记 at the foot of an even page (GB/T 9704 §7.4.1, §7.5)', () => {
  const fonts = fontsForPdf();
  const pdfOf = async (draft: ReturnType<typeof noticeOf>) =>
    convertToPdf(renderDocx(draft, { ...fonts, colophon: await placeColophon(draft, fonts) }));
  /** The 印发 line of the 版记 on a page: its words' common box. */
  const printLine = (pdf: Uint8Array, page: number) => pdfWords(pdf, page).filter((w) => w.text.includes('印发'))[0];

  it('a notice whose 主体 ends on page 2 with room: 2 pages, the 版记 at the foot of page 2', async () => {
    const pdf = await pdfOf(noticeOf(9));
    writeFileSync(join(process.cwd(), 'test-output', 'outgoing', 'colophon-foot.pdf'), pdf);
    const pages = pdftotextPages(pdf).map(flat);
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('第9项');
    expect(pages[1]).toContain('抄送：市委办公室');
    expect(pages[1]).toContain('—2—');
    // The last rule on the type area's lower edge: the 印发 line ends just above it, as on a page of its own.
    const line = printLine(pdf, 2)!;
    expect(TYPE_AREA_FOOT - line.yMax).toBeGreaterThan(0);
    expect(TYPE_AREA_FOOT - line.yMax).toBeLessThan(4);
  }, 120_000);

  it('a notice whose 主体 ends on page 1: 2 pages, the 版记 alone at the foot of page 2', async () => {
    const pdf = await pdfOf(noticeOf(1));
    const pages = pdftotextPages(pdf).map(flat);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('2026年5月6日');
    expect(pages[0]).not.toContain('印发');
    expect(pages[1]).toContain('印发');
    // No blank page stands before it, so it keeps its number.
    expect(pages[1]).toContain('—2—');
    expect(TYPE_AREA_FOOT - printLine(pdf, 2)!.yMax).toBeLessThan(4);
  }, 120_000);

  it('a notice whose page 2 is full: 4 pages, a blank page 3 and the 版记 on page 4, neither numbered', async () => {
    const pdf = await pdfOf(noticeOf(12));
    const pages = pdftotextPages(pdf).map(flat);
    expect(pages).toHaveLength(4);
    expect(pages[1]).toContain('2026年5月6日');
    expect(pages[1]).toContain('—2—');
    expect(pages[2]).toBe('');
    expect(pages[3]).toContain('印发');
    expect(pages[3]).not.toMatch(/—\d+—/u);
    expect(TYPE_AREA_FOOT - printLine(pdf, 4)!.yMax).toBeLessThan(4);
  }, 120_000);
});

describe.skipIf(!haveOffice && !officeRequired)('the printed text is the signed text', () => {
  it('keeps every mark that falls at a line end: 、，。；：and closing quotes and brackets', async () => {
    // Each mark placed so that it falls at the 27th, 28th and 29th place of a first line (2 字 indent).
    const lead = '为进一步做好全市基层党建工作经研究决定现将有关事项';
    const marks = ['、', '，', '。', '；', '：', '”', '）', '》', '’', '」'];
    const body = marks.flatMap((m) =>
      [24, 25, 26].map((at) => ({
        level: 0,
        text: `${lead.slice(0, at - 4)}困难党员${m}困难群众${m === '”' ? '“' : ''}要认真贯彻落实。`,
      })),
    );
    // “ opens after ” so that the quotes pair up; （《‘「 open nothing: what matters is the closing mark at the line end.
    const draft = makeDownwardNotice({ body, attachments: [], note: null, ccRecipients: [], printedBy: null, printedDate: null });
    const pdf = await convertToPdf(renderDocx(draft, fontsForPdf()));
    writeFileSync(join(process.cwd(), 'test-output', 'outgoing', 'punctuation.pdf'), pdf);
    const printed = pdftotextPages(pdf)
      .map((p) => p.replace(/—\s*\d+\s*—/gu, ''))
      .join('')
      .replace(/\s+/gu, '');
    expect(printed).toContain(body.map((p) => p.text).join(''));
  }, 120_000);
});

// WordprocessingML (ECMA-376) written as strings: only what a GB/T 9704 document needs. Child elements are
// emitted in the schema's order, which Word enforces on opening ("unreadable content") though LibreOffice does not.
import { strToU8, zipSync } from 'fflate';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
const attrs = (a: Record<string, string | number | undefined>) =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` w:${k}="${esc(String(v))}"`)
    .join('');
const el = (name: string, a: Record<string, string | number | undefined> = {}) => `<w:${name}${attrs(a)}/>`;

export interface RunStyle {
  /** Family name for Chinese and Latin text alike. */
  font?: string;
  /** Half-points, as w:sz. */
  size?: number;
  bold?: boolean;
  /** RRGGBB. */
  color?: string;
  /** Horizontal scale in per cent (字符缩放), for a header too long for the line. */
  scale?: number;
}

function runProps(s: RunStyle): string {
  const f = s.font ? el('rFonts', { ascii: s.font, hAnsi: s.font, eastAsia: s.font, cs: s.font }) : '';
  const b = s.bold ? '<w:b/><w:bCs/>' : '';
  const color = s.color ? el('color', { val: s.color }) : '';
  const scale = s.scale && s.scale !== 100 ? el('w', { val: Math.round(s.scale) }) : '';
  const size = s.size ? el('sz', { val: s.size }) + el('szCs', { val: s.size }) : '';
  const inner = f + b + color + scale + size;
  return inner ? `<w:rPr>${inner}</w:rPr>` : '';
}

/** A run; tabs and line breaks in `text` become <w:tab/> and <w:br/>. */
export function run(text: string, style: RunStyle = {}): string {
  const pieces = text.split(/(\t|\n)/u).filter((p) => p !== '');
  const body = pieces
    .map((p) => (p === '\t' ? '<w:tab/>' : p === '\n' ? '<w:br/>' : `<w:t xml:space="preserve">${esc(p)}</w:t>`))
    .join('');
  return `<w:r>${runProps(style)}${body}</w:r>`;
}

/** A field such as PAGE, as a complex field (fldChar), which Word and LibreOffice both update on layout. */
export function field(instruction: string, placeholder: string, style: RunStyle = {}): string {
  const rPr = runProps(style);
  return (
    `<w:r>${rPr}<w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r>${rPr}<w:instrText xml:space="preserve"> ${esc(instruction)} </w:instrText></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r>${rPr}<w:t>${esc(placeholder)}</w:t></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="end"/></w:r>`
  );
}

export interface Border {
  /** single, or thickThinSmallGap / thinThickSmallGap for the 信函 double lines. */
  val: string;
  /** Eighths of a point. */
  sz: number;
  color: string;
  /** Distance from the text, in points. */
  space?: number;
}

export interface Tab {
  pos: number;
  kind: 'left' | 'center' | 'right';
}

export interface ParaStyle {
  align?: 'left' | 'center' | 'right' | 'both' | 'distribute';
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /**
   * Set the paragraph in a frame as wide as the type area at the foot of the page's type area, text flowing
   * above it (the 信函's 版记). Consecutive framed paragraphs share one frame. LibreOffice drops the frame of a
   * paragraph with borders, so framed paragraphs carry none.
   */
  footFrame?: { width: number };
  border?: { top?: Border; bottom?: Border };
  tabs?: Tab[];
  /** Space before and after, twips. */
  before?: number;
  after?: number;
  /** Exact line height, twips. */
  line?: number;
  left?: number;
  right?: number;
  firstLine?: number;
  hanging?: number;
  /** Run properties of the paragraph mark, which set the height of an empty paragraph. */
  mark?: RunStyle;
  /** A section ends with this paragraph. */
  sectPr?: string;
}

function borderXml(side: string, b: Border): string {
  return el(side, { val: b.val, sz: b.sz, space: b.space ?? 0, color: b.color });
}

function paraProps(s: ParaStyle): string {
  let x = '';
  if (s.keepNext) x += '<w:keepNext/>';
  if (s.pageBreakBefore) x += '<w:pageBreakBefore/>';
  if (s.footFrame)
    x += el('framePr', {
      w: s.footFrame.width,
      wrap: 'around',
      vAnchor: 'margin',
      hAnchor: 'margin',
      xAlign: 'center',
      yAlign: 'bottom',
    });
  if (s.border && (s.border.top || s.border.bottom)) {
    x += `<w:pBdr>${s.border.top ? borderXml('top', s.border.top) : ''}${s.border.bottom ? borderXml('bottom', s.border.bottom) : ''}</w:pBdr>`;
  }
  if (s.tabs?.length) x += `<w:tabs>${s.tabs.map((t) => el('tab', { val: t.kind, pos: t.pos })).join('')}</w:tabs>`;
  if (s.before !== undefined || s.after !== undefined || s.line !== undefined) {
    x += el('spacing', { before: s.before, after: s.after, line: s.line, lineRule: s.line === undefined ? undefined : 'exact' });
  }
  if (s.left !== undefined || s.right !== undefined || s.firstLine !== undefined || s.hanging !== undefined) {
    x += el('ind', { left: s.left, right: s.right, firstLine: s.firstLine, hanging: s.hanging });
  }
  if (s.align) x += el('jc', { val: s.align });
  if (s.mark) x += runProps(s.mark);
  if (s.sectPr) x += s.sectPr;
  return x ? `<w:pPr>${x}</w:pPr>` : '';
}

export function para(runs: string | string[], style: ParaStyle = {}): string {
  return `<w:p>${paraProps(style)}${Array.isArray(runs) ? runs.join('') : runs}</w:p>`;
}

/** A named point in the text (a bookmark), which LibreOffice can export as a PDF destination with its position. */
export const bookmark = (id: number, name: string) =>
  `<w:bookmarkStart w:id="${id}" w:name="${esc(name)}"/><w:bookmarkEnd w:id="${id}"/>`;

export interface Cell {
  width: number;
  paras: string[];
  vAlign?: 'top' | 'center' | 'bottom';
}

export interface TableStyle {
  align?: 'left' | 'center';
  /** Horizontal rules: above the first row, between rows, under the last; none when absent. */
  borders?: { top?: Border; insideH?: Border; bottom?: Border };
}

/** A fixed-layout table without cell margins or vertical rules (the joint header, the 版记). */
export function table(rows: Cell[][], style: TableStyle = {}): string {
  const widths = rows[0]!.map((c) => c.width);
  const total = widths.reduce((a, b) => a + b, 0);
  const b = style.borders ?? {};
  const side = (name: 'top' | 'left' | 'bottom' | 'right' | 'insideH' | 'insideV') => {
    const given = name === 'top' || name === 'bottom' || name === 'insideH' ? b[name] : undefined;
    return given ? borderXml(name, given) : el(name, { val: 'nil' });
  };
  const borders = `<w:tblBorders>${(['top', 'left', 'bottom', 'right', 'insideH', 'insideV'] as const).map(side).join('')}</w:tblBorders>`;
  const margins = `<w:tblCellMar>${el('left', { w: 0, type: 'dxa' })}${el('right', { w: 0, type: 'dxa' })}</w:tblCellMar>`;
  const tblPr = `<w:tblPr>${el('tblW', { w: total, type: 'dxa' })}${el('jc', { val: style.align ?? 'left' })}${borders}${el('tblLayout', { type: 'fixed' })}${margins}</w:tblPr>`;
  const grid = `<w:tblGrid>${widths.map((w) => el('gridCol', { w })).join('')}</w:tblGrid>`;
  const tr = (cells: Cell[]) =>
    `<w:tr>${cells
      .map(
        (c) =>
          `<w:tc><w:tcPr>${el('tcW', { w: c.width, type: 'dxa' })}${c.vAlign ? el('vAlign', { val: c.vAlign }) : ''}</w:tcPr>${c.paras.join('')}</w:tc>`,
      )
      .join('')}</w:tr>`;
  return `<w:tbl>${tblPr}${grid}${rows.map(tr).join('')}</w:tbl>`;
}

export interface SectionProps {
  headers?: { default?: string; even?: string; first?: string };
  footers?: { default?: string; even?: string; first?: string };
  /** nextPage (default) or evenPage: the section starts on the next even page. */
  start?: 'nextPage' | 'evenPage';
  page: { width: number; height: number };
  margin: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
  titlePage?: boolean;
  grid: { linePitch: number; charSpace: number };
}

export function sectPr(s: SectionProps): string {
  const refs = (kind: 'header' | 'footer', ids: SectionProps['headers']) =>
    (['default', 'even', 'first'] as const)
      .filter((t) => ids?.[t])
      .map((t) => `<w:${kind}Reference w:type="${t}" r:id="${ids![t]}"/>`)
      .join('');
  const m = s.margin;
  return (
    `<w:sectPr>${refs('header', s.headers)}${refs('footer', s.footers)}` +
    el('type', { val: s.start ?? 'nextPage' }) +
    el('pgSz', { w: s.page.width, h: s.page.height }) +
    el('pgMar', { top: m.top, right: m.right, bottom: m.bottom, left: m.left, header: m.header, footer: m.footer, gutter: 0 }) +
    el('cols', { space: 425 }) +
    (s.titlePage ? '<w:titlePg/>' : '') +
    el('docGrid', { type: 'linesAndChars', linePitch: s.grid.linePitch, charSpace: s.grid.charSpace }) +
    `</w:sectPr>`
  );
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const documentXml = (body: string) =>
  `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body}</w:body></w:document>`;
export const headerXml = (paras: string) => `${XML_HEAD}<w:hdr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${paras}</w:hdr>`;
export const footerXml = (paras: string) => `${XML_HEAD}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${paras}</w:ftr>`;

/**
 * docDefaults: 3号 in the body face, exact grid lines, no widow control (22 lines a page, always), no extra space
 * between Chinese and digits (2026年5月6日 is as wide as its characters, which the layout counts on). Normal repeats
 * them: LibreOffice takes the grid's character pitch from Normal, not from the defaults.
 *
 * The character grid asks for 28 characters of 3号 (16 pt) in 156 mm, a pitch of 15.79 pt. Word squeezes the
 * glyphs into it; LibreOffice gives a glyph wider than the pitch two cells, 14 characters a line. So paragraphs
 * do not snap to the grid and the text carries the tracking instead (`tracking`, in twentieths of a point,
 * -5 for 3号): the same 28 characters a line in both, the grid still declaring 22 × 28 in Page Setup.
 *
 * overflowPunct on, as Word has it by default, written out because LibreOffice reads its absence (and its "0") as
 * its own hanging punctuation, which lets a 、，。 that falls at the end of a full line hang past the margin and
 * then leaves it out of the PDF: 困难党员、困难群众 printed as 困难党员困难群众. With it LibreOffice carries the
 * character before the mark to the next line instead, as 禁则 want, and every mark is printed.
 */
export function stylesXml(bodyFont: string, line: number, tracking: number): string {
  const rPr = `<w:rPr>${el('rFonts', { ascii: bodyFont, hAnsi: bodyFont, eastAsia: bodyFont, cs: bodyFont })}${el('spacing', { val: tracking })}${el('kern', { val: 0 })}${el('sz', { val: 32 })}${el('szCs', { val: 32 })}${el('lang', { val: 'en-US', eastAsia: 'zh-CN', bidi: 'ar-SA' })}</w:rPr>`;
  const pPr = `<w:pPr>${el('widowControl', { val: 0 })}${el('overflowPunct', { val: 1 })}${el('autoSpaceDE', { val: 0 })}${el('autoSpaceDN', { val: 0 })}${el('snapToGrid', { val: 0 })}${el('spacing', { before: 0, after: 0, line, lineRule: 'exact' })}${el('jc', { val: 'both' })}</w:pPr>`;
  return (
    `${XML_HEAD}<w:styles xmlns:w="${W_NS}">` +
    `<w:docDefaults><w:rPrDefault>${rPr}</w:rPrDefault><w:pPrDefault>${pPr}</w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>${pPr}${rPr}</w:style>` +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

/**
 * evenAndOddHeaders: odd pages number on the right, even pages on the left (GB/T 9704 §7.5). Punctuation is not
 * compressed, so that every line holds its 28 characters.
 */
const settingsXml = () =>
  `${XML_HEAD}<w:settings xmlns:w="${W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>` +
  `<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

const coreXml = (title: string) =>
  `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(title)}</dc:title></cp:coreProperties>`;

export interface Package {
  document: string;
  styles: string;
  /** Header and footer parts by relationship id, e.g. { rIdFooterOdd: footerXml(…) }. */
  headers: Record<string, string>;
  footers: Record<string, string>;
  title: string;
}

/** The zipped package: content types, relationships and parts. */
export function zipPackage(p: Package): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const rels: string[] = [
    `<Relationship Id="rIdStyles" Type="${R_NS}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdSettings" Type="${R_NS}/settings" Target="settings.xml"/>`,
  ];
  const overrides: string[] = [
    `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`,
    `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`,
    `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`,
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
  ];
  for (const [kind, parts] of [
    ['header', p.headers],
    ['footer', p.footers],
  ] as const) {
    Object.entries(parts).forEach(([id, xml], i) => {
      const name = `${kind}${i + 1}.xml`;
      files[`word/${name}`] = strToU8(xml);
      rels.push(`<Relationship Id="${id}" Type="${R_NS}/${kind}" Target="${name}"/>`);
      overrides.push(
        `<Override PartName="/word/${name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${kind}+xml"/>`,
      );
    });
  }
  files['[Content_Types].xml'] = strToU8(
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R_NS}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  files['word/_rels/document.xml.rels'] = strToU8(
    `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  files['word/document.xml'] = strToU8(p.document);
  files['word/styles.xml'] = strToU8(p.styles);
  files['word/settings.xml'] = strToU8(settingsXml());
  files['docProps/core.xml'] = strToU8(coreXml(p.title));
  return zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

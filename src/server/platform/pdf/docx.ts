// The little WordprocessingML (ECMA-376) a printed form needs — 督办's 通知单, 办会's seating chart and table cards —
// written as strings and zipped with fflate as 发文's renderer does. It lives in the kernel so that modules share it
// without importing each other. Child elements follow the schema's order: Word refuses a file whose elements are out
// of order ("unreadable content"), though LibreOffice reads it.
import { strToU8, zipSync } from 'fflate';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WP_NS = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const WPS_NS = 'http://schemas.microsoft.com/office/word/2010/wordprocessingShape';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
const el = (name: string, a: Record<string, string | number | undefined> = {}) =>
  `<w:${name}${Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` w:${k}="${esc(String(v))}"`)
    .join('')}/>`;

/** Twips (1/1440 inch) from millimetres. */
export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

export interface RunStyle {
  font: string;
  /** Half-points, as w:sz. */
  size: number;
  bold?: boolean;
  /** Extra space after each character, in twentieths of a point (a title set wide). */
  spacing?: number;
}

export function run(text: string, s: RunStyle): string {
  const rPr =
    el('rFonts', { ascii: s.font, hAnsi: s.font, eastAsia: s.font, cs: s.font }) +
    (s.bold ? '<w:b/><w:bCs/>' : '') +
    (s.spacing ? el('spacing', { val: s.spacing }) : '') +
    el('sz', { val: s.size }) +
    el('szCs', { val: s.size });
  return `<w:r><w:rPr>${rPr}</w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

interface ParaStyle {
  align?: 'left' | 'center' | 'right' | 'both' | 'distribute';
  /** Space before and after, twips. */
  before?: number;
  after?: number;
  /** Exact line height, twips. */
  line?: number;
  right?: number;
  firstLine?: number;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /** A rule above the paragraph: its width in eighths of a point, dashed for a line to fold or cut along. */
  ruleAbove?: { size: number; dashed?: boolean };
}

export function para(runs: string | string[], s: ParaStyle = {}): string {
  const pPr =
    (s.keepNext ? '<w:keepNext/>' : '') +
    (s.pageBreakBefore ? '<w:pageBreakBefore/>' : '') +
    (s.ruleAbove
      ? `<w:pBdr>${el('top', { val: s.ruleAbove.dashed ? 'dashed' : 'single', sz: s.ruleAbove.size, space: 4, color: '000000' })}</w:pBdr>`
      : '') +
    el('spacing', { before: s.before ?? 0, after: s.after ?? 0, line: s.line, lineRule: s.line ? 'exact' : undefined }) +
    (s.right !== undefined || s.firstLine !== undefined ? el('ind', { right: s.right, firstLine: s.firstLine }) : '') +
    (s.align ? el('jc', { val: s.align }) : '');
  return `<w:p><w:pPr>${pPr}</w:pPr>${Array.isArray(runs) ? runs.join('') : runs}</w:p>`;
}

export interface Cell {
  paras: string[];
  vAlign?: 'top' | 'center';
}

interface RuledTable {
  widths: number[];
  rows: { cells: Cell[]; minHeight: number; cantSplit?: boolean }[];
  /** Eighths of a point: the frame and the rules inside it. */
  outer: number;
  inner: number;
  /** Cell padding, twips. */
  padding: { x: number; y: number };
}

/** A fixed-layout table ruled all round, a heavier frame than its inside rules, as printed forms are. */
export function ruledTable(t: RuledTable): string {
  const line = (side: string, sz: number) => el(side, { val: 'single', sz, space: 0, color: '000000' });
  const borders =
    `<w:tblBorders>${line('top', t.outer)}${line('left', t.outer)}${line('bottom', t.outer)}${line('right', t.outer)}` +
    `${line('insideH', t.inner)}${line('insideV', t.inner)}</w:tblBorders>`;
  const pad = t.padding;
  const margins = `<w:tblCellMar>${el('top', { w: pad.y, type: 'dxa' })}${el('left', { w: pad.x, type: 'dxa' })}${el('bottom', { w: pad.y, type: 'dxa' })}${el('right', { w: pad.x, type: 'dxa' })}</w:tblCellMar>`;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const tblPr = `<w:tblPr>${el('tblW', { w: total, type: 'dxa' })}${el('jc', { val: 'center' })}${borders}${el('tblLayout', { type: 'fixed' })}${margins}</w:tblPr>`;
  const grid = `<w:tblGrid>${t.widths.map((w) => el('gridCol', { w })).join('')}</w:tblGrid>`;
  const rows = t.rows.map(
    (r) =>
      `<w:tr><w:trPr>${r.cantSplit ? '<w:cantSplit/>' : ''}${el('trHeight', { val: r.minHeight, hRule: 'atLeast' })}</w:trPr>` +
      r.cells
        .map(
          (c, i) =>
            `<w:tc><w:tcPr>${el('tcW', { w: t.widths[i], type: 'dxa' })}${el('vAlign', { val: c.vAlign ?? 'center' })}</w:tcPr>${c.paras.join('')}</w:tc>`,
        )
        .join('') +
      '</w:tr>',
  );
  return `<w:tbl>${tblPr}${grid}${rows.join('')}</w:tbl>`;
}

interface TextBox {
  /** Position of the top left corner on the page, and size, twips. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Turned half round (a table card's far side, read from across the table). */
  upsideDown?: boolean;
  /** Paragraphs, centred vertically in the box. */
  paras: string[];
  /** Unique in the document. */
  id: number;
}

/** EMU (1/914400 inch) from twips. */
const emu = (tw: number) => tw * 635;

/**
 * A frameless text box placed on the page (a run: put it in a paragraph). DrawingML rotates the box with its text,
 * which a table cell's text direction cannot do by 180°.
 */
export function textBox(b: TextBox): string {
  const [cx, cy] = [emu(b.width), emu(b.height)];
  return (
    `<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="${b.id}" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">` +
    `<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>${emu(b.x)}</wp:posOffset></wp:positionH>` +
    `<wp:positionV relativeFrom="page"><wp:posOffset>${emu(b.y)}</wp:posOffset></wp:positionV>` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>` +
    `<wp:docPr id="${b.id}" name="Text ${b.id}"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic><a:graphicData uri="${WPS_NS}"><wps:wsp><wps:cNvSpPr txBox="1"/>` +
    `<wps:spPr><a:xfrm${b.upsideDown ? ' rot="10800000"' : ''}><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm>` +
    `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>` +
    `<wps:txbx><w:txbxContent>${b.paras.join('')}</w:txbxContent></wps:txbx>` +
    `<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" anchorCtr="0"><a:noAutofit/></wps:bodyPr>` +
    `</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
  );
}

interface Page {
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
}

/**
 * The styles: the body face at `size`, no extra space between Chinese and digits (so 2026年9月28日 keeps its
 * width), overflowPunct written out so that LibreOffice does not hang a 、 past the margin and drop it from the PDF
 * (as 发文's renderer found), no snapping to a character grid.
 */
function stylesXml(font: string, size: number): string {
  const rPr = `<w:rPr>${el('rFonts', { ascii: font, hAnsi: font, eastAsia: font, cs: font })}${el('kern', { val: 0 })}${el('sz', { val: size })}${el('szCs', { val: size })}${el('lang', { val: 'en-US', eastAsia: 'zh-CN', bidi: 'ar-SA' })}</w:rPr>`;
  const pPr = `<w:pPr>${el('widowControl', { val: 0 })}${el('overflowPunct', { val: 1 })}${el('autoSpaceDE', { val: 0 })}${el('autoSpaceDN', { val: 0 })}${el('snapToGrid', { val: 0 })}${el('jc', { val: 'both' })}</w:pPr>`;
  return (
    `${XML_HEAD}<w:styles xmlns:w="${W_NS}">` +
    `<w:docDefaults><w:rPrDefault>${rPr}</w:rPrDefault><w:pPrDefault>${pPr}</w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>${pPr}${rPr}</w:style>` +
    `</w:styles>`
  );
}

const settingsXml = () =>
  `${XML_HEAD}<w:settings xmlns:w="${W_NS}"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="doNotCompress"/>` +
  `<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

/** The zipped package of one section: body, styles, settings and the title in the core properties. */
export function zipDocument(p: { body: string; page: Page; font: string; size: number; title: string }): Uint8Array {
  const m = p.page.margin;
  const sectPr =
    `<w:sectPr>${el('pgSz', { w: p.page.width, h: p.page.height, orient: p.page.width > p.page.height ? 'landscape' : undefined })}` +
    el('pgMar', { top: m.top, right: m.right, bottom: m.bottom, left: m.left, header: 851, footer: 992, gutter: 0 }) +
    `${el('cols', { space: 425 })}</w:sectPr>`;
  const document = `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}" xmlns:wp="${WP_NS}" xmlns:wps="${WPS_NS}" xmlns:a="${A_NS}"><w:body>${p.body}${sectPr}</w:body></w:document>`;
  const type = (part: string, kind: string) =>
    `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${kind}+xml"/>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `${type('/word/document.xml', 'document.main')}${type('/word/styles.xml', 'styles')}${type('/word/settings.xml', 'settings')}` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R_NS}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="${R_NS}/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="${R_NS}/settings" Target="settings.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(document),
    'word/styles.xml': strToU8(stylesXml(p.font, p.size)),
    'word/settings.xml': strToU8(settingsXml()),
    'docProps/core.xml': strToU8(
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(p.title)}</dc:title></cp:coreProperties>`,
    ),
  };
  // A fixed time in the zip: the same slip gives the same bytes, so the PDF conversion cache can key on them.
  return zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

import type { Draft, Paragraph } from '../../../../contract/outgoing-draft';
import type { DocxFontRole, DocxFonts } from '../../../platform/pdf/docx-fonts';
import { letterFootParas, letterheadDistance, letterheadParas, letterTop, minutesHead, standardHead } from './head';
import { face, makeKit, organList, type Kit } from './kit';
import {
  bookmark,
  documentXml,
  field,
  footerXml,
  headerXml,
  para,
  run,
  sectPr,
  stylesXml,
  table,
  zipPackage,
  type Border,
  type RunStyle,
  type SectionProps,
} from './ooxml';
import {
  CHAR,
  CHAR_SPACE,
  FOOTER_DISTANCE,
  LINE,
  MARGIN,
  PAGE,
  PAGE_NUMBER_SPACE,
  SIZE,
  TRACKING,
  TYPE_AREA,
  chineseDate,
  twips,
  widthInChars,
} from './page';
import { signatureBlock } from './signature';
import { titleLines } from './title';

// An outgoing 公文 as an Office Open XML document laid out per GB/T 9704-2012 (DOMAIN.md §2): the 版头 (head.ts),
// the 主体 (title, 主送, body, 附件说明, signature, 附注, the attachments), the 版记 and the page numbers.

/**
 * Where the 版记 goes. GB/T 9704 wants it at the foot of the last page, an even page, its last rule on the type
 * area's lower edge; a blank page before the 版记 page leaves both unnumbered (§7.4.1, §7.5). Which case applies
 * depends on where the 主体 ends, which only a layout knows: placement.ts measures it with LibreOffice.
 * - `foot`: the 主体 ends on an even page with room left: the 版记 follows it, `spacer` twips lower, at the foot.
 * - `nextPage`: the 主体 ends on an odd page: the 版记 alone at the foot of the next page, numbered.
 * - `afterBlankPage`: the 主体 fills an even page: a blank page, then the 版记 page, neither numbered.
 * - `nextEvenPage`: the layout is unknown (no LibreOffice): a section of its own starting on the next even page.
 * - `measure`: for placement.ts, the 版记 straight after the 主体, with bookmarks where each ends.
 */
export type ColophonPlacement =
  { at: 'foot'; spacer: number } | { at: 'nextPage' | 'afterBlankPage' | 'nextEvenPage' | 'measure' };

/**
 * The bookmarks of a `measure` layout: the end of the 主体's last paragraph and of the 版记's last line. LibreOffice
 * exports each as the top of its line.
 */
export const MARK = { bodyEnd: 'zsBodyEnd', colophonLastLine: 'zsColophonLastLine' } as const;

/** The 版记's last line, from its top to the table's foot: the line and the thick rule under it (§7.4.1). */
export const COLOPHON_LAST_LINE = LINE + 20;

/** The paragraph that must follow a table at the end of a section: as thin as a paragraph can be. */
export const TRAILER = 2;

export interface DocxOptions {
  /** Where the 版记 goes (standard and minutes formats); on the next even page when not given. */
  colophon?: ColophonPlacement;
  /** Family names written into the document; the standard's faces by default (fonts.ts). */
  fonts?: Partial<DocxFonts>;
  /** Roles set in bold because their stand-in is lighter than the standard's face (fontsForPdf says which). */
  embolden?: readonly DocxFontRole[];
}

const chars = (n: number) => Math.round(n * CHAR);

/** Heading faces by level (§7.3.3): 一、 黑体, （一） 楷体, 1. 仿宋 bold, （1） 仿宋. */
const HEADING: Record<number, { role: DocxFontRole; bold?: boolean }> = {
  0: { role: 'fangsong' },
  1: { role: 'heiti' },
  2: { role: 'kaiti' },
  3: { role: 'fangsong', bold: true },
  4: { role: 'fangsong' },
};

/**
 * A body paragraph, 2 字 in, wrapped lines flush left. A heading followed by text in the same paragraph
 * (一、总体要求。坚持……) has only the heading up to its full stop in the heading's face.
 */
function bodyParagraph(p: Paragraph, kit: Kit, extra: { before?: number } = {}): string {
  const h = HEADING[p.level] ?? HEADING[0]!;
  const headingFace = face(kit, h.role, h.bold ? { bold: true } : {});
  const split = p.level > 0 ? /^(.+?。)(.+)$/su.exec(p.text) : null;
  const runs = split ? [run(split[1]!, headingFace), run(split[2]!, face(kit, 'fangsong'))] : [run(p.text, headingFace)];
  return para(runs, { firstLine: chars(2), keepNext: p.level > 0 && !split, ...extra });
}

/** 标题: 2号 小标宋, centred, broken between words into balanced lines (title.ts). */
function title(text: string, kit: Kit, before: number): string {
  return para(run(titleLines(text).join('\n'), face(kit, 'xiaobiaosong', { size: SIZE.er })), { align: 'center', before });
}

/**
 * 附件说明 one line below the body, 2 字 in: 附件：name, or 附件：1.name with the next ones under the 1.;
 * wrapped names line up with the name's first character (§7.3.4).
 */
function attachmentNotes(draft: Draft, kit: Kit): string[] {
  const atts = draft.attachments;
  if (!atts.length) return [];
  const body = face(kit, 'fangsong');
  if (atts.length === 1) return [para(run(`附件：${atts[0]!.title}`, body), { left: chars(5), hanging: chars(3), before: LINE })];
  return atts.map((a, i) => {
    const label = `${i + 1}.`;
    const left = chars(5 + widthInChars(label));
    return para(run(`${i === 0 ? '附件：' : ''}${label}${a.title}`, body), {
      left,
      hanging: left - chars(i === 0 ? 2 : 5),
      ...(i === 0 ? { before: LINE } : {}),
    });
  });
}

/** 纪要: 出席, 请假, 列席 one line below the body, 2 字 in, the label in 黑体, wrapped lines after the colon (§10.3). */
function attendance(draft: Draft, kit: Kit): string[] {
  const a = draft.attendance;
  if (!a) return [];
  const lines = [
    ['出席：', a.present],
    ['请假：', a.absent],
    ['列席：', a.observers],
  ].filter(([, v]) => v!.trim());
  return lines.map(([label, value], i) =>
    para([run(label!, face(kit, 'heiti')), run(value!.trim(), face(kit, 'fangsong'))], {
      left: chars(5),
      hanging: chars(3),
      ...(i === 0 ? { before: LINE } : {}),
    }),
  );
}

/** Each attachment bound with the body on a new page: 附件N in 黑体 on line 1, its title centred on line 3 (§7.3.7). */
function attachmentPages(draft: Draft, kit: Kit): string[] {
  const numbered = draft.attachments.length > 1;
  return draft.attachments.flatMap((a, i) => {
    if (!a.body) return [];
    return [
      para(run(numbered ? `附件${i + 1}` : '附件', face(kit, 'heiti')), { align: 'left', pageBreakBefore: true }),
      title(a.title, kit, LINE),
      ...a.body.map((p, j) => bodyParagraph(p, kit, j === 0 ? { before: LINE } : {})),
    ];
  });
}

/** 版记 rules: the first and last 0.35 mm, the ones between 0.25 mm (§7.4.1). */
const THICK: Border = { val: 'single', sz: 8, color: '000000' };
const THIN: Border = { val: 'single', sz: 6, color: '000000' };
/** 版记 text is 4号, indented one 4号 字 on each side. */
const SMALL_CHAR = SIZE.si * 10;

/**
 * The 版记 (§7.4): 抄送：…。 and the 印发机关 with the 印发日期, one line each, between rules. The letter format has
 * only the 抄送 line, no rules, in a frame at the foot of the last page (§10.1).
 */
function colophon(draft: Draft, kit: Kit, letter: boolean): string[] {
  const small = face(kit, 'fangsong', { size: SIZE.si });
  const frame = letter ? { footFrame: { width: TYPE_AREA.width } } : {};
  const rows: string[] = [];
  if (draft.ccRecipients.length) {
    const indent = SMALL_CHAR * (1 + widthInChars('抄送：'));
    rows.push(
      para(run(`抄送：${organList(draft.ccRecipients)}。`, small), {
        ...frame,
        align: 'left',
        left: indent,
        right: SMALL_CHAR,
        hanging: indent - SMALL_CHAR,
      }),
    );
  }
  if (!letter && (draft.printedBy || draft.printedDate)) {
    const date = draft.printedDate ? `${chineseDate(draft.printedDate)}印发` : '';
    rows.push(
      para(run(`${draft.printedBy ?? ''}\t${date}`, small), {
        align: 'left',
        left: SMALL_CHAR,
        right: SMALL_CHAR,
        tabs: [{ pos: TYPE_AREA.width - SMALL_CHAR, kind: 'right' }],
      }),
    );
  }
  if (letter || !rows.length) return rows;
  return [
    table(
      rows.map((p) => [{ width: TYPE_AREA.width, paras: [p] }]),
      { borders: { top: THICK, insideH: THIN, bottom: THICK } },
    ),
  ];
}

/** Page numbers: — N — in 4号 宋体, odd pages on the right, even pages on the left, 1 字 from the edge (§7.5). */
function pageNumber(kit: Kit, side: 'odd' | 'even'): string {
  const style: RunStyle = face(kit, 'songti', { size: SIZE.si });
  const runs = [run('— ', style), field('PAGE', '1', style), run(' —', style)];
  const align = side === 'odd' ? { align: 'right' as const, right: SMALL_CHAR } : { align: 'left' as const, left: SMALL_CHAR };
  return para(runs, { ...align, ...PAGE_NUMBER_SPACE });
}

/** An empty paragraph `height` twips tall. */
const strut = (height: number, extra = '') => para(extra, { line: Math.max(2, height), mark: { size: 2 } });

/**
 * The 主体 and the 版记 placed as `placement` says (see ColophonPlacement). On a page of its own the 版记 stands in
 * the page's footer, just above the page number's line: footers grow upwards in Word and LibreOffice alike, so its
 * last rule lies on the type area's lower edge (a frame or a section's vertical alignment would not survive
 * LibreOffice). After the 主体 on the same page it is pushed down by a spacer as tall as the room left, measured.
 */
function withColophon(
  blocks: string[],
  colophonBlocks: string[],
  section: SectionProps,
  placement: ColophonPlacement,
  footers: Record<string, string>,
  kit: Kit,
): string {
  const inline = colophonBlocks.join('');
  if (placement.at === 'measure') {
    const last = blocks.at(-1)!;
    const end = inline.lastIndexOf('</w:p>');
    const body = last.endsWith('</w:p>')
      ? [...blocks.slice(0, -1), last.replace(/<\/w:p>$/u, `${bookmark(9001, MARK.bodyEnd)}</w:p>`)]
      : [...blocks, strut(TRAILER, bookmark(9001, MARK.bodyEnd))];
    return (
      body.join('') +
      inline.slice(0, end) +
      bookmark(9002, MARK.colophonLastLine) +
      inline.slice(end) +
      strut(TRAILER) +
      sectPr(section)
    );
  }
  if (placement.at === 'foot') return blocks.join('') + strut(placement.spacer) + inline + strut(TRAILER) + sectPr(section);
  const numbered = placement.at !== 'afterBlankPage';
  const number = numbered ? pageNumber(kit, 'even') : para('', PAGE_NUMBER_SPACE);
  footers.rIdFooterColophon = footerXml(inline + number);
  if (numbered) {
    const start = placement.at === 'nextPage' ? 'nextPage' : 'evenPage';
    const colophonSection = sectPr({ ...section, start, footers: { default: 'rIdFooterOdd', even: 'rIdFooterColophon' } });
    return endSection(blocks, sectPr(section)).join('') + para('') + colophonSection;
  }
  // The blank page is a page of the 版记's section, not one the converter inserts: Word would number that one.
  footers.rIdFooterBlank = footerXml(para('', PAGE_NUMBER_SPACE));
  const colophonSection = sectPr({ ...section, footers: { default: 'rIdFooterBlank', even: 'rIdFooterColophon' } });
  return endSection(blocks, sectPr(section)).join('') + para('') + para('', { pageBreakBefore: true }) + colophonSection;
}

/** Ends a section after the given blocks: its sectPr goes last in the last paragraph's properties. */
function endSection(blocks: string[], props: string): string[] {
  const last = blocks.at(-1);
  if (!last?.startsWith('<w:p>')) return [...blocks, para('', { sectPr: props })];
  const closed = last.includes('</w:pPr>')
    ? last.replace('</w:pPr>', `${props}</w:pPr>`)
    : last.replace('<w:p>', `<w:p><w:pPr>${props}</w:pPr>`);
  return [...blocks.slice(0, -1), closed];
}

/** The 版头 and the 主体 in reading order: marks, header, title, 主送, body, 附件说明, signature, attachments. */
function mainBlocks(draft: Draft, kit: Kit): string[] {
  const letter = draft.format === 'letter';
  const minutes = draft.format === 'minutes';
  const head = letter ? letterTop(draft, kit) : minutes ? minutesHead(draft, kit) : standardHead(draft, kit);
  const blocks = [...head];
  // The title two lines below the rule, or the element above it, or the 信函's double line.
  if (draft.title) blocks.push(title(draft.title, kit, head.length || letter ? 2 * LINE : 0));
  if (draft.mainRecipients.length)
    blocks.push(para(run(`${organList(draft.mainRecipients)}：`, face(kit, 'fangsong')), { align: 'left', before: LINE }));
  const afterHead = draft.mainRecipients.length ? 0 : LINE;
  blocks.push(...draft.body.map((p, i) => bodyParagraph(p, kit, i === 0 ? { before: afterHead } : {})));
  blocks.push(...attachmentNotes(draft, kit));
  blocks.push(...attendance(draft, kit));
  blocks.push(...signatureBlock(draft, kit, { dateInHead: minutes }));
  blocks.push(...attachmentPages(draft, kit));
  return blocks.length ? blocks : [para('')];
}

/** The .docx of a 发文稿, laid out per GB/T 9704-2012. Pure: the same draft and options give the same bytes. */
export function renderDocx(draft: Draft, opts: DocxOptions = {}): Uint8Array {
  const kit = makeKit(opts.fonts, opts.embolden);
  const letter = draft.format === 'letter';
  const blocks = mainBlocks(draft, kit);
  const footers: Record<string, string> = {
    rIdFooterOdd: footerXml(pageNumber(kit, 'odd')),
    rIdFooterEven: footerXml(pageNumber(kit, 'even')),
  };
  const headers: Record<string, string> = {};
  const section: SectionProps = {
    page: PAGE,
    margin: { ...MARGIN, header: twips(15), footer: FOOTER_DISTANCE },
    grid: { linePitch: LINE, charSpace: CHAR_SPACE },
    footers: { default: 'rIdFooterOdd', even: 'rIdFooterEven' },
  };
  let body: string;
  const last = colophon(draft, kit, letter);
  if (letter) {
    // The letterhead and both double lines belong to page 1 only; page 1 carries no page number (§10.1).
    headers.rIdHeaderLetter = headerXml(letterheadParas(draft, kit).join(''));
    headers.rIdHeaderEmpty = headerXml(para(''));
    footers.rIdFooterLetter = footerXml(letterFootParas().join(''));
    const letterSection: SectionProps = {
      ...section,
      margin: { ...section.margin, header: letterheadDistance(draft) },
      titlePage: true,
      headers: { default: 'rIdHeaderEmpty', even: 'rIdHeaderEmpty', first: 'rIdHeaderLetter' },
      footers: { ...section.footers, first: 'rIdFooterLetter' },
    };
    body = blocks.join('') + last.join('') + sectPr(letterSection);
  } else if (last.length) {
    body = withColophon(blocks, last, section, opts.colophon ?? { at: 'nextEvenPage' }, footers, kit);
  } else {
    body = blocks.join('') + sectPr(section);
  }
  return zipPackage({
    document: documentXml(body),
    styles: stylesXml(kit.fonts.fangsong, LINE, TRACKING),
    headers,
    footers,
    title: draft.title,
  });
}

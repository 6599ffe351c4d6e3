import type { Draft } from '../../../../contract/outgoing-draft';
import { isStateSecret } from '../../../../contract/common';
import { RED, face, type Kit } from './kit';
import { para, run, table, type Border } from './ooxml';
import { CHAR, FOOTER_DISTANCE, LINE, MARGIN, TYPE_AREA, chineseDate, twips, widthInChars } from './page';

// 版头 (GB/T 9704 §7.2, §10; DOMAIN.md §2.4, §2.7): the marks at the top left, the red 发文机关标志, the 发文字号
// with the 签发人 of an upward document, and the red rule; for letters the letterhead with its double lines.

/** The red header's size is not fixed by the standard; it should look prominent and stay inside the type area. */
const HEADER_MAX_PT = 60;
const HEADER_MIN_PT = 30;
const HEADER_WIDTH_PT = (TYPE_AREA.width / 20) * 0.9;

/** Size (half-points) and horizontal scale that fit `chars` 字 of header text across the type area. */
function fitHeader(chars: number): { size: number; scale: number } {
  const pt = Math.min(HEADER_MAX_PT, HEADER_WIDTH_PT / chars);
  if (pt >= HEADER_MIN_PT) return { size: Math.floor(pt) * 2, scale: 100 };
  return { size: HEADER_MIN_PT * 2, scale: Math.floor((pt / HEADER_MIN_PT) * 100) };
}

/** A header line is set a little taller than its glyphs; the glyphs' top then sits this far below the line's top. */
const headerLine = (size: number) => Math.round(size * 10 * 1.2);
const glyphInset = (size: number) => Math.round((headerLine(size) - size * 10) / 2);

const RED_RULE: Border = { val: 'single', sz: 16, color: RED, space: 6 };

/** 份号, 密级和保密期限, 紧急程度: top left, one a line, in that order (§7.2.1–7.2.3). */
function marks(draft: Draft): string[] {
  const lines: string[] = [];
  if (draft.copyNo) lines.push(draft.copyNo);
  if (isStateSecret(draft.classification)) {
    lines.push(draft.secrecyTerm ? `${draft.classification}★${draft.secrecyTerm}` : draft.classification);
  }
  if (draft.urgency) lines.push(draft.urgency);
  return lines;
}

const markParas = (draft: Draft, kit: Kit) => marks(draft).map((m) => para(run(m, face(kit, 'heiti')), { align: 'left' }));

/** Names printed in the red header: the configured header name, else every issuer (joint documents). */
const headerNames = (draft: Draft) => (draft.headerName ? draft.headerName.split('\n') : draft.issuers.map((i) => i.name));

/** An empty paragraph `height` twips tall: vertical room before a table, which has no space-before of its own. */
const spacer = (height: number) => para('', { line: Math.max(20, height), mark: { size: 2 } });

/**
 * The 发文机关标志, its glyphs' top `top` twips below where it starts. Joint documents stack the organs, lead first,
 * with 文件 to their right, centred on them (§7.2.4).
 */
function issuerHeader(names: string[], suffix: string, top: number, kit: Kit): string[] {
  if (names.length === 1 || !suffix) {
    const widest = Math.max(...names.map((n) => widthInChars(n + suffix)));
    const { size, scale } = fitHeader(widest);
    return names.map((n, i) =>
      para(run(n + suffix, face(kit, 'xiaobiaosong', { size, scale, color: RED })), {
        align: 'center',
        line: headerLine(size),
        ...(i === 0 ? { before: Math.max(0, top - glyphInset(size)) } : {}),
      }),
    );
  }
  const nameChars = Math.max(...names.map(widthInChars));
  const suffixChars = widthInChars(suffix);
  const { size, scale } = fitHeader(nameChars + suffixChars + 0.5);
  const charTwips = size * 10 * (scale / 100);
  const style = face(kit, 'xiaobiaosong', { size, scale, color: RED });
  const line = headerLine(size);
  const nameCell = {
    width: Math.round(nameChars * charTwips),
    paras: names.map((n) => para(run(n, style), { align: 'distribute', line })),
  };
  const suffixCell = {
    width: Math.round((suffixChars + 0.5) * charTwips),
    vAlign: 'center' as const,
    paras: [para(run(suffix, style), { align: 'right', line })],
  };
  const before = top - glyphInset(size);
  return [...(before > 0 ? [spacer(before)] : []), table([[nameCell, suffixCell]], { align: 'center' })];
}

/** 发文字号 centred two lines below the header, the red rule under it (§7.2.5, §7.2.7). */
function docNoLine(draft: Draft, kit: Kit): string[] {
  const body = face(kit, 'fangsong');
  const signers = draft.direction === 'up' ? draft.signers : [];
  if (!signers.length) {
    return [para(run(draft.docNo ?? '', body), { align: 'center', before: 2 * LINE, border: { bottom: RED_RULE } })];
  }
  // Upward: the number 1 字 from the left on the line of the last signer; 签发人：name right-aligned with 1 字 to
  // spare, two names a line, a second line aligned with the first name (§7.2.6).
  const rows: string[][] = [];
  for (let i = 0; i < signers.length; i += 2) rows.push(signers.slice(i, i + 2));
  const label = '签发人：';
  const rowChars = (r: string[]) => r.reduce((w, n) => w + widthInChars(n), 0) + (r.length - 1);
  const blockStart = TYPE_AREA.width - CHAR - Math.round((widthInChars(label) + Math.max(...rows.map(rowChars))) * CHAR);
  const namesStart = blockStart + Math.round(widthInChars(label) * CHAR);
  return rows.map((names, i) => {
    const last = i === rows.length - 1;
    const runs = [
      ...(last ? [run(`\t${draft.docNo ?? ''}`, body)] : []),
      run(i === 0 ? `\t${label}` : '\t', body),
      ...names.flatMap((n, j) => [...(j ? [run('　', body)] : []), run(n, face(kit, 'kaiti'))]),
    ];
    return para(runs, {
      align: 'left',
      tabs: [...(last ? [{ pos: CHAR, kind: 'left' as const }] : []), { pos: i === 0 ? blockStart : namesStart, kind: 'left' }],
      ...(i === 0 ? { before: 2 * LINE } : {}),
      ...(last ? { border: { bottom: RED_RULE } } : {}),
    });
  });
}

/** 文件格式 (§7.2): marks, the header 35 mm below the type area's top, the number, the red rule. */
export function standardHead(draft: Draft, kit: Kit): string[] {
  const m = markParas(draft, kit);
  const top = twips(35) - m.length * LINE;
  return [...m, ...issuerHeader(headerNames(draft), draft.headerWithWenjian ? '文件' : '', top, kit), ...docNoLine(draft, kit)];
}

/**
 * 纪要格式 (§10.3): ××××纪要 in red 35 mm below the type area's top, no rule. Below it the minutes' own number,
 * and — a 纪要 being unsigned — the issuing office and the date on one line [P].
 */
export function minutesHead(draft: Draft, kit: Kit): string[] {
  const m = markParas(draft, kit);
  const name = headerNames(draft).join('');
  const header = issuerHeader([name.endsWith('纪要') ? name : `${name}纪要`], '', twips(35) - m.length * LINE, kit);
  const body = face(kit, 'fangsong');
  const out = [...m, ...header];
  if (draft.docNo) out.push(para(run(draft.docNo, body), { align: 'center', before: 2 * LINE }));
  if (!draft.signatureNames.length && draft.writtenDate) {
    const office = draft.issuers[0]!.name;
    out.push(
      para([run(`\t${office}\t`, body), run(chineseDate(draft.writtenDate), body)], {
        align: 'left',
        tabs: [
          { pos: CHAR, kind: 'left' },
          { pos: TYPE_AREA.width - CHAR, kind: 'right' },
        ],
        ...(draft.docNo ? {} : { before: 2 * LINE }),
      }),
    );
  }
  return out;
}

/** The 信函 double lines are 170 mm long, centred on the paper, so they reach past the type area on both sides. */
const LETTER_RULE_INDENT = { left: -twips(28 - 20), right: -twips(26 - 20) };
const letterRule = (val: string): Border => ({ val, sz: 18, color: RED, space: 0 });

/** The letterhead, set in the first page's header part: its top edge 30 mm from the paper's top (§10.1). */
export function letterheadParas(draft: Draft, kit: Kit): string[] {
  const name = headerNames(draft)[0]!;
  const { size, scale } = fitHeader(widthInChars(name));
  const headerRule = { ...letterRule('thickThinSmallGap'), space: 5 };
  return [
    para(run(name, face(kit, 'xiaobiaosong', { size, scale, color: RED })), {
      align: 'center',
      line: headerLine(size),
      ...LETTER_RULE_INDENT,
      border: { bottom: headerRule },
    }),
  ];
}

/** Header distance of the letter's first page: the letterhead's glyphs start 30 mm from the top. */
export function letterheadDistance(draft: Draft): number {
  const { size } = fitHeader(widthInChars(headerNames(draft)[0]!));
  return twips(30) - glyphInset(size);
}

/**
 * The thin-over-thick double line 20 mm from the paper's bottom, in the first page's footer, whose foot is that
 * far up (FOOTER_DISTANCE), the footer as tall as the page's bottom margin like every other footer.
 */
export function letterFootParas(): string[] {
  return [
    para('', {
      before: MARGIN.bottom - FOOTER_DISTANCE - 20,
      line: 20,
      mark: { size: 2 },
      ...LETTER_RULE_INDENT,
      border: { top: letterRule('thickThinSmallGap') },
    }),
  ];
}

/**
 * Under the letterhead's double line: 份号, 密级, 紧急程度 flush left, the 发文字号 flush right on the first of those
 * lines (§10.1).
 */
export function letterTop(draft: Draft, kit: Kit): string[] {
  const lines = marks(draft);
  if (!lines.length && !draft.docNo) return [];
  const first = lines.shift() ?? '';
  const body = face(kit, 'fangsong');
  // A shorter first line lifts its glyphs to 7/8 of a 3号 character below the double line.
  const out = [
    para([run(first, face(kit, 'heiti')), run(`\t${draft.docNo ?? ''}`, body)], {
      align: 'left',
      line: LINE - twips(3),
      tabs: [{ pos: TYPE_AREA.width, kind: 'right' }],
    }),
  ];
  for (const l of lines) out.push(para(run(l, face(kit, 'heiti')), { align: 'left' }));
  return out;
}

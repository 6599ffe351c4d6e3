// The GB/T 9704-2012 page in WordprocessingML units (DOMAIN.md §2.2). Lengths are twips (1/1440 inch) unless
// named otherwise; the standard gives millimetres and counts, the numbers below are derived from them.

export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

/** A4 (GB/T 148), 210 mm × 297 mm. */
export const PAGE = { width: twips(210), height: twips(297) } as const;

/** 天头 37 mm, 订口 28 mm; bottom and right follow from the 156 mm × 225 mm 版心. */
export const MARGIN = { top: twips(37), bottom: twips(297 - 37 - 225), left: twips(28), right: twips(210 - 28 - 156) } as const;

/** The type area (版心) as the page and margins leave it after rounding. */
export const TYPE_AREA = {
  width: PAGE.width - MARGIN.left - MARGIN.right,
  height: PAGE.height - MARGIN.top - MARGIN.bottom,
} as const;

const LINES_PER_PAGE = 22;
const CHARS_PER_LINE = 28;

/** 225 mm / 22 lines: 579 twips, Word's customary "exactly 28.95 pt". */
export const LINE = Math.floor(TYPE_AREA.height / LINES_PER_PAGE);

/** 156 mm / 28 characters, in points: the character grid's pitch. */
const CHAR_PITCH_PT = TYPE_AREA.width / 20 / CHARS_PER_LINE;

/** One 字 of 3号 text on the grid, in twips (indents are counted in these). */
export const CHAR = Math.round(TYPE_AREA.width / CHARS_PER_LINE);

/** 字号 in half-points, as w:sz wants them (DOMAIN.md §2.2). */
export const SIZE = { er: 44, san: 32, si: 28 } as const;
const BODY_PT = SIZE.san / 2;

/**
 * docGrid charSpace: how far the grid pitch departs from the 3号 body size, in 1/4096 pt. Rounded down so that
 * 28 cells never overrun the type area, which would leave Word 27 characters a line.
 */
export const CHAR_SPACE = Math.floor((CHAR_PITCH_PT - BODY_PT) * 4096);

/** Tracking of 3号 text, in twentieths of a point, that brings its advance within the grid's pitch. */
export const TRACKING = Math.floor((CHAR_PITCH_PT - BODY_PT) * 20);

/**
 * Footers stand 19 mm above the paper's bottom edge: the 信函's lower double line, drawn on top of a hairline
 * paragraph there, then lies 20 mm up (§10.1).
 */
export const FOOTER_DISTANCE = twips(19);

/**
 * The page number's line and the space around it fill the footer exactly, from the type area's lower edge down
 * to FOOTER_DISTANCE, so that nothing grows into the type area (LibreOffice aligns frames to where the footer
 * starts). Its dashes come 7 mm below the type area (§7.5); a 4号 dash is drawn about 2 mm below its line's top.
 */
export const PAGE_NUMBER_SPACE = {
  before: twips(7 - 2),
  line: SIZE.si * 10,
  after: MARGIN.bottom - FOOTER_DISTANCE - twips(7 - 2) - SIZE.si * 10,
} as const;

/**
 * Blank lines between the body and a sealed signature: a 4.2 cm seal is about 4 lines high and presses the name
 * and date a little below its centre, so three blank lines put its top within one line of the body (§7.3.5.1).
 */
export const SEAL_BLANK_LINES = 3;

/** Width of a string in 字 (full-width characters); digits, Latin letters and ASCII punctuation count half. */
export function widthInChars(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x2e80 && ch !== '—' && ch !== '…' ? 0.5 : 1;
  return w;
}

/** 成文日期 and 印发日期 in Arabic numerals, month and day not padded (GB/T 9704 §7.3.5.4): 2026年1月5日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

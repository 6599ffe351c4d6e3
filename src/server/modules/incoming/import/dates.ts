// 成文日期 and 印发日期 as printed (GB/T 9704 §7.3.5.4): '2026年11月20日'. Documents drafted before 2012
// and some still today write '二〇二六年十一月二十日'; converted files may carry '2026-11-20'.

type DateStyle = 'arabic' | 'chinese' | 'iso';
export interface ParsedDate {
  iso: string;
  style: DateStyle;
}

const ARABIC = '(?<y>\\d{4})年(?<m>\\d{1,2})月(?<d>\\d{1,2})日';
const CHINESE =
  '(?<cy>[〇○零ＯO0一二三四五六七八九]{4})年(?<cm>[一二三四五六七八九十]{1,2})月(?<cd>[一二三四五六七八九十]{1,3})日';
const ISO = '(?<iy>\\d{4})[-/.](?<im>\\d{1,2})[-/.](?<id>\\d{1,2})';
/** A date anywhere in compact text, in any of the three styles. */
export const DATE_SOURCE = `(?:${ARABIC}|${CHINESE}|${ISO})`;
const WHOLE = new RegExp(`^${DATE_SOURCE}$`, 'u');

const DIGIT: Record<string, number> = {
  〇: 0,
  '○': 0,
  零: 0,
  Ｏ: 0,
  O: 0,
  '0': 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十 → 10, 十一 → 11, 二十 → 20, 二十一 → 21, 三十一 → 31. */
function chineseNumber(s: string): number {
  if (!s.includes('十')) return DIGIT[s] ?? NaN;
  const [tens, units] = s.split('十') as [string, string];
  return (tens ? (DIGIT[tens] ?? NaN) : 1) * 10 + (units ? (DIGIT[units] ?? NaN) : 0);
}

function isoOf(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1949 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Reads groups produced by DATE_SOURCE; null when the date does not exist (e.g. 2月30日). */
export function dateFromGroups(g: Record<string, string | undefined>): ParsedDate | null {
  if (g.y) {
    const iso = isoOf(Number(g.y), Number(g.m), Number(g.d));
    return iso ? { iso, style: 'arabic' } : null;
  }
  if (g.cy) {
    const year = Number([...g.cy].map((c) => DIGIT[c]).join(''));
    const iso = isoOf(year, chineseNumber(g.cm!), chineseNumber(g.cd!));
    return iso ? { iso, style: 'chinese' } : null;
  }
  const iso = isoOf(Number(g.iy), Number(g.im), Number(g.id));
  return iso ? { iso, style: 'iso' } : null;
}

/** The date when the whole (compact) text is one date, as on the 成文日期 line. */
export function parseDateLine(compact: string): ParsedDate | null {
  const m = WHOLE.exec(compact.normalize('NFKC').replace(/\s+/gu, ''));
  return m ? dateFromGroups(m.groups ?? {}) : null;
}

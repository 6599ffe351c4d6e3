// Reading the words of a draft: request phrases, heading numerals, dates written in the text.

/** 请示用语 (DOMAIN.md §1.4, R-UP-4): 妥否，请批示 / 请予批准 / 请批复 …; a leading 妥否 belongs to the phrase. */
const REQUEST = /(?:(?:妥否|当否|可否|是否可行|是否妥当)[，,]?)?请(?:予以|予)?(?:批示|批复|审批|批准|核准|审定)/gu;

export const requestPhrases = (text: string): string[] => [...text.matchAll(REQUEST)].map((m) => m[0]);

// Heading levels, GB/T 9704 §7.3.3 (DOMAIN.md §2.5): 一、 → （一） → 1. → （1）.
const H1 = /^(?<n>[一二三四五六七八九十百零]+)、/u;
const H2 = /^（(?<n>[一二三四五六七八九十百零]+)）/u;
const H3 = /^(?<n>[1-9]\d*)[.．]/u;
const H4 = /^（(?<n>[1-9]\d*)）/u;
const HEADING_PATTERNS = [H1, H2, H3, H4] as const;

/** The numbering of a heading of the level, e.g. (2, 3) → （三）. */
export function headingPrefix(level: number, n: number): string {
  return [`${cnNumeral(n)}、`, `（${cnNumeral(n)}）`, `${n}.`, `（${n}）`][level - 1]!;
}

/** The number a paragraph's text starts with when read as a heading of the level, or null. */
export function headingNumber(level: number, text: string): number | null {
  const m = HEADING_PATTERNS[level - 1]?.exec(text.trim());
  if (!m) return null;
  const n = m.groups!.n!;
  return level <= 2 ? cnNumber(n) : Number(n);
}

/** The level whose numbering the text starts with, if any (to say what the drafter typed). */
export const levelLookedLike = (text: string): number | null => {
  const i = HEADING_PATTERNS.findIndex((re) => re.test(text.trim()));
  return i < 0 ? null : i + 1;
};

const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105. */
function cnNumber(s: string): number | null {
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch]!;
    else if (ch === '十' || ch === '百') {
      total += (digit || 1) * (ch === '十' ? 10 : 100);
      digit = 0;
    } else return null;
  }
  return total + digit || null;
}

const NUMERALS = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (headings rarely go beyond 99). */
function cnNumeral(n: number): string {
  if (n < 10) return NUMERALS[n]!;
  if (n < 20) return `十${n % 10 ? NUMERALS[n % 10] : ''}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10)]}十${n % 10 ? NUMERALS[n % 10] : ''}`;
  return String(n);
}

// Dates in the text: Arabic digits, full year, no zero padding (GB/T 15835; DOMAIN.md §2.5 CN_DATE).
// Chinese-numeral dates (二〇二六年一月五日) are pre-2012 practice.
const CN_NUMERAL_DATE = /[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?/gu;
const PADDED_DATE = /\d{4}年(?:0\d月(?:\d{1,2}日)?|(?:1[0-2]|[1-9])月0\d日)/gu;
/** A year cut to two digits: 26年1月5日. */
const SHORT_YEAR_DATE = /(?<![\d〔［[（(])\d{2}年(?:1[0-2]|0?[1-9])月(?:(?:[12]\d|3[01]|0?[1-9])日)?/gu;

/** Dates in the text not written the standard way, e.g. 二〇二六年一月五日, 2026年01月05日, 26年1月5日. */
export const irregularDates = (text: string): string[] =>
  [CN_NUMERAL_DATE, PADDED_DATE, SHORT_YEAR_DATE].flatMap((re) => [...text.matchAll(re)].map((m) => m[0]));

/** 2026-01-05 → 2026年1月5日, as printed. */
export function printedDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

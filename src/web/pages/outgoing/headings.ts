import type { Paragraph } from '../../../contract/outgoing-draft';

// Heading numbering of 正文, GB/T 9704 §7.3.3 (DOMAIN.md §2.5): 一、 → （一） → 1. → （1）. The characters are
// written as escapes because web sources carry no Chinese text of their own (test/web/i18n.test.ts); they are
// the standard's numbering marks, not UI text.
const CN_DIGITS = '\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d';
const TEN = '\u5341';
const HUNDRED = '\u767e';
const COMMA = '\u3001';
const OPEN = '\uff08';
const CLOSE = '\uff09';
const CN_NUM = `[${CN_DIGITS}${TEN}${HUNDRED}]+`;

const PATTERNS: RegExp[] = [
  new RegExp(`^${CN_NUM}${COMMA}`, 'u'),
  new RegExp(`^${OPEN}${CN_NUM}${CLOSE}`, 'u'),
  /^[1-9]\d*[.\uff0e](?!\d)/u,
  new RegExp(`^${OPEN}[1-9]\\d*${CLOSE}`, 'u'),
];

/** The heading level a line's prefix suggests (1–4), or 0 for body text. */
export function levelOf(text: string): number {
  const s = text.trim();
  const i = PATTERNS.findIndex((re) => re.test(s));
  return i + 1;
}

/** The line without a heading prefix of any level. */
export function withoutPrefix(text: string): string {
  const s = text.trimStart();
  for (const re of PATTERNS) {
    const m = re.exec(s);
    if (m) return s.slice(m[0].length).trimStart();
  }
  return text;
}

/** 1 → 一, 12 → 十二, 20 → 二十 (heading numbers stay well below a hundred). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `${TEN}${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}${TEN}${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}

/** The prefix of the n-th heading of a level: 一、 （一） 1. （1）. */
export function headingPrefix(level: number, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}${COMMA}`;
    case 2:
      return `${OPEN}${chineseNumber(n)}${CLOSE}`;
    case 3:
      return `${n}.`;
    case 4:
      return `${OPEN}${n}${CLOSE}`;
    default:
      return '';
  }
}

/** The prefix the paragraph at `index` would take at `level`, counting the headings of that level above it. */
export function nextPrefix(body: Paragraph[], index: number, level: number): string {
  if (level < 1) return '';
  let n = 1;
  for (let i = index - 1; i >= 0; i--) {
    const p = body[i]!;
    if (p.level > 0 && p.level < level) break;
    if (p.level === level) n++;
  }
  return headingPrefix(level, n);
}

/** Full-width spaces and blanks that pasted text carries as indentation. */
const INDENT = /^[\s\u3000]+|[\s\u3000]+$/gu;

/** Pasted lines as paragraphs: blank lines dropped, indentation trimmed, each level guessed from its prefix. */
export function paragraphsFromText(text: string): Paragraph[] {
  return text
    .split(/\r\n|\r|\n/u)
    .map((l) => l.replace(INDENT, ''))
    .filter(Boolean)
    .map((line) => ({ level: levelOf(line), text: line }));
}

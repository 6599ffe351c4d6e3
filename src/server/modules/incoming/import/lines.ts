// The text of a received 公文 as numbered lines, with the few shapes GB/T 9704 gives every line
// (DOMAIN.md §2.3–2.5): blank, a 页码 '— 2 —', a rule drawn with dashes, indented body text.

export interface Line {
  /** 1-based, as shown to the registrar. */
  n: number;
  /** Trimmed; inner spacing kept (it separates joint issuers, 签发人 names, the 印发 organ and date). */
  text: string;
  /** No whitespace at all: for matching patterns. */
  compact: string;
  /** Starts with at least two spaces (the 2-字 indent of 正文); the 主送 line is flush left. */
  indented: boolean;
  /** Blank, a page number or a rule: carries no element. */
  empty: boolean;
  /** A 页码 line: a page break, which may fall inside a paragraph or a list. */
  pageNo: boolean;
}

// \s already holds U+3000, U+00A0 and U+FEFF (ECMA-262 WhiteSpace), and so does String.prototype.trim.
const SPACE = /\s+/gu;
// GB/T 9704 §7.5: '— 3 —' with U+2014; typed text uses any dash, and converters emit '第 3 页'.
const PAGE_NO = /^(?:[—–\-－―─~～]{1,2}\d{1,3}[—–\-－―─~～]{1,2}|第\d{1,3}页(?:共\d{1,3}页)?)$/u;
// The red rule under the 发文字号, 版记 rules and 信函 double lines, as typed in plain text.
const RULE = /^[─━—–\-－_＿=＝~～*＊·•═]{3,}$/u;

export function toLines(raw: readonly string[]): Line[] {
  return raw.map((s, i) => {
    // Not /[\s]+$/: tried at every space of a long run, it is quadratic (a 100 KB line of spaces took 19 s).
    const text = s.trim();
    const compact = text.replace(SPACE, '');
    const pageNo = PAGE_NO.test(compact);
    const empty = !compact || pageNo || RULE.test(compact);
    return { n: i + 1, text, compact, indented: /^(?:[\u3000\t]|\s{2})/u.test(s), empty, pageNo };
  });
}

/** The parts of a line that were set apart by spacing ('江州市教育局　　江州市财政局'). */
export const spacedParts = (text: string): string[] =>
  text
    .split(/[\s\u3000]{2,}|\t/u)
    .map((s) => s.replace(SPACE, ''))
    .filter(Boolean);

/**
 * `s` without the given characters at its end. A regex such as /[。：]+$/ retries the whole run from each of its
 * characters when something follows it, which is quadratic on a crafted line; this walks back once.
 */
export function dropTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

/** Splits at the given separators, but not inside brackets, so that '各县（市、区）人民政府' stays whole. */
function splitOutside(s: string, separators: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  // By UTF-16 unit: every bracket and separator is one, and a surrogate is neither.
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if ('（(【[〔'.includes(ch)) depth++;
    else if ('）)】]〕'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(ch)) {
      if (i > start) out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.length > start) out.push(s.slice(start));
  return out;
}

// '各县（市、区）教育局、财政局、人力资源和社会保障局': the 、 items share the scope of the first, so the
// group is one recipient; '财政局' alone would name the wrong organ.
const sharesScope = (items: string[]) =>
  items[0]!.startsWith('各') && items.slice(1).some((x) => !/^(?:各|省|市|县|区|乡|镇|中共)|[省市县区]/u.test(x));

/**
 * A list of organs as printed in 主送 or 抄送: classes are separated by ，or ；, organs within a class by 、
 * [P]. The trailing 。 of 抄送 and ： of 主送 are dropped.
 */
export function splitOrgans(s: string): string[] {
  return splitOutside(dropTrailing(s.replace(SPACE, ''), '。：:'), '，,；;').flatMap((group) => {
    const items = splitOutside(group, '、');
    return items.length > 1 && sharesScope(items) ? [group] : items;
  });
}

// The usual endings of organ names in a 版头 or 署名 [P]; used only where nothing better tells an organ apart.
const ORGAN_END =
  /(?:办公厅|办公室|人民政府|政府|委员会|常委会|党组|党委|工委|市委|县委|区委|省委|委|局|厅|部|署|办|院|会|中心|公司|集团|大学|学院|学校|医院|法院|检察院|支队|大队|所|站|处|队|团|社|联合会|协会|指挥部|小组|管委会|馆)$/u;

/** A name that can stand in a 版头 or 署名: Chinese only (brackets and · allowed), 3 to 40 characters. */
export const isOrganName = (s: string): boolean => /^[\p{Script=Han}（）()·]{3,40}$/u.test(s) && ORGAN_END.test(s);

/** One character at most (a surrogate pair is one), without spreading a long string to count it. */
export const atMostOneCharacter = (s: string): boolean => s.length <= 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);

/** Title-like text: no sentence punctuation (titles carry none but 书名号, quotes and 、). */
export const hasSentencePunctuation = (s: string): boolean => /[。，；：！？,;:!?]/u.test(s);

/** The index of the next line at or after `from` that carries text, or -1. */
export function nextText(lines: readonly Line[], from: number, to = lines.length): number {
  for (let i = Math.max(0, from); i < to; i++) if (!lines[i]!.empty) return i;
  return -1;
}

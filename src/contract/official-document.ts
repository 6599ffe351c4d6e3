// The statutory data of a 公文 (党政机关公文处理工作条例 Art.8–9, GB/T 9704-2012 §7), as data and checks,
// shared by the server and the web forms. See DOMAIN.md §1.2, §1.3, §2.5 and §3.

/** The 15 statutory 文种 (Art.8), with the conventional direction [P]. */
export const GENRES = [
  { genre: '决议', direction: 'down' },
  { genre: '决定', direction: 'down' },
  { genre: '命令（令）', direction: 'down' },
  { genre: '公报', direction: 'publication' },
  { genre: '公告', direction: 'publication' },
  { genre: '通告', direction: 'publication' },
  { genre: '意见', direction: 'any' },
  { genre: '通知', direction: 'down' },
  { genre: '通报', direction: 'down' },
  { genre: '报告', direction: 'up' },
  { genre: '请示', direction: 'up' },
  { genre: '批复', direction: 'down' },
  { genre: '议案', direction: 'special' },
  { genre: '函', direction: 'parallel' },
  { genre: '纪要', direction: 'any' },
] as const;
export type Genre = (typeof GENRES)[number]['genre'];
export const GENRE_NAMES = GENRES.map((g) => g.genre) as unknown as readonly [Genre, ...Genre[]];

// 标题 should end with a statutory 文种 [P]; 令 is the short form of 命令（令）.
const TITLE_GENRE = /(决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|函|纪要)$/u;

/** The 文种 a title ends with, or null (e.g. a 工作总结 is not a statutory 文种). */
export function genreFromTitle(title: string): Genre | null {
  const m = TITLE_GENRE.exec(title.trim());
  if (!m) return null;
  const word = m[1]!;
  return word === '命令' || word === '令' ? '命令（令）' : (word as Genre);
}

/**
 * The title suggested for a 复函 to a received document [P]: 关于X的通知 (or 函, 请示 …) → 关于X的复函, the issuer
 * before 关于 dropped; a title of another shape is quoted: 关于《…》的复函. The drafter edits it.
 */
export function replyTitle(title: string): string {
  const t = title.trim().replace(/\s+/gu, '');
  const at = t.indexOf('关于');
  const m =
    at >= 0
      ? /^关于(?<matter>.+)的(?:决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|议案|复函|函|纪要)$/u.exec(
          t.slice(at),
        )
      : null;
  return m ? `关于${m.groups!.matter}的复函` : `关于《${t}》的复函`;
}

/** A 复函 is a 函 (条例 Art.8(十四): 答复问题 between organs). */
export const REPLY_GENRE: Genre = '函';

/** The usual opening of a 复函 [P]: the 来文 by its title (and 发文字号) is acknowledged, then the answer follows. */
export function replyOpening(title: string, docNo: string | null): string {
  return `《${title.trim()}》${docNo ? `（${docNo}）` : ''}收悉。经研究，现函复如下：`;
}

// 发文字号, GB/T 9704 §7.2.5: issuer code + 〔full year〕 + sequence + 号; no 第, no leading zeros.
export const DOC_NO = /^(?<code>[\p{Script=Han}A-Za-z]{1,24})〔(?<year>(?:19|20)\d{2})〕(?<seq>[1-9]\d{0,5})号$/u;
// 令号, §10.2: orders use 第N号 and no year.
export const ORDER_NO = /^第(?<seq>[1-9]\d*)号$/u;
export const COPY_NO = /^\d{6}$/u;

export interface DocNoResult {
  /** The canonical form, or null when the input cannot be made valid. */
  value: string | null;
  code?: string;
  year?: number;
  seq?: number;
  /** What was corrected (normalised) or why it was refused, in Chinese. */
  notes: string[];
  ok: boolean;
}

const OPEN = /[[［(（【〔]/gu;
const CLOSE = /[\]］)）】〕]/gu;

/**
 * Reads a 发文字号 as typed or as printed and returns the canonical form (DOMAIN.md §2.5): brackets of any
 * kind around the year become 〔〕, 第 and leading zeros are dropped and reported; a two-digit year is refused.
 * An order number (第N号) is accepted as it is.
 */
export function normaliseDocNo(input: string): DocNoResult {
  const notes: string[] = [];
  let s = input.normalize('NFKC').replace(/\s+/gu, '');
  // NFKC turns full-width brackets and digits into ASCII; restore the tortoise-shell brackets afterwards.
  if (!s) return { value: null, notes: ['发文字号为空'], ok: false };
  if (ORDER_NO.test(s)) return { value: s, seq: Number(ORDER_NO.exec(s)!.groups!.seq), notes, ok: true };
  const raw = input.replace(/\s+/gu, '');
  if (/[[［(（【]/u.test(raw) || /[\]］)）】]/u.test(raw)) notes.push('年份应使用六角括号〔〕，已更正');
  s = s.replace(OPEN, '〔').replace(CLOSE, '〕');
  const loose = /^(?<code>[\p{Script=Han}A-Za-z]{1,24})〔(?<year>\d+)〕第?(?<seq>\d+)号?$/u.exec(s);
  if (!loose) return { value: null, notes: [...notes, '发文字号应为“机关代字〔年份〕序号号”，如 国办发〔2026〕12号'], ok: false };
  const { code, year, seq } = loose.groups!;
  if (year!.length !== 4) return { value: null, notes: [...notes, '年份须写全四位，如〔2026〕'], ok: false };
  if (/〕第/u.test(s)) notes.push('发文字号的序号前不加“第”，已去掉');
  if (/^0/u.test(seq!)) notes.push('序号不编虚位（1 不写作 01），已去掉前导 0');
  if (!s.endsWith('号')) notes.push('序号后应有“号”，已补上');
  const n = Number(seq);
  if (!Number.isInteger(n) || n < 1) return { value: null, notes: [...notes, '序号须为正整数'], ok: false };
  const value = `${code}〔${year}〕${n}号`;
  if (!DOC_NO.test(value)) return { value: null, notes: [...notes, '发文字号格式不正确'], ok: false };
  return { value, code, year: Number(year), seq: n, notes, ok: true };
}

/** The default 保密期限 when none is marked: the legal maximum (保密法 Art.20). */
const MAX_SECRECY_YEARS: Record<'秘密' | '机密' | '绝密', number> = { 秘密: 10, 机密: 20, 绝密: 30 };

/** Checks a 保密期限 against the level: only state secrets carry one, and not beyond the legal maximum. */
export function secrecyTermProblem(classification: string, term: string | null | undefined): string | null {
  const isStateSecret = classification === '秘密' || classification === '机密' || classification === '绝密';
  if (!term) return null;
  if (!isStateSecret) return `${classification}文件不标保密期限（保密期限只用于国家秘密）`;
  const years = /^([1-9]\d*)年$/u.exec(term);
  const months = /^([1-9]\d*)个月$/u.exec(term);
  const max = MAX_SECRECY_YEARS[classification];
  if (years && Number(years[1]) > max) return `${classification}的保密期限不超过 ${max} 年`;
  if (months && Number(months[1]) >= 12) return '一年以上的保密期限以“年”计';
  return null;
}

/** A typed list of organs (主送, 抄送): separated by 、，,；; or new lines. */
export const splitNames = (s: string): string[] =>
  s
    .split(/[、，,；;\n]/u)
    .map((x) => x.trim())
    .filter(Boolean);

import { z } from 'zod';
import data from './data/holidays-cn-2020-2026.json';

const DAY_MS = 86_400_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** A notice may reach a few days into the adjacent year (2023's 元旦 break starts on 2022-12-31). */
const BOUNDARY_DAYS = 7;
// A notice is cited by its gov.cn address or by its document number (e.g. 国办发明电〔2025〕7号).
const URLISH = /^(https?:\/\/\S+|\S*〔\d{4}〕\d+号)$/;
const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'] as const;

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** One year of the State Council's holiday notice, in the shape of one entry of the bundled file. */
export const calendarYearImportSchema = z.strictObject({
  year: z
    .number()
    .int('年份须为整数')
    .min(MIN_YEAR, `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间`)
    .max(MAX_YEAR, `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间`),
  notice: z
    .array(z.string().max(500).regex(URLISH, '通知出处须为 http(s) 网址或发文字号'))
    .min(1, '请至少提供一个国务院办公厅通知的网址'),
  offDays: z.array(dateText).max(400),
  makeupWorkdays: z.array(dateText).max(100),
  source: z.string().max(500).optional(),
});
export type CalendarYearImport = z.output<typeof calendarYearImportSchema>;

/** Whole UTC days since the epoch, or null when the text is not a real calendar date. */
function dayNumber(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s ? t / DAY_MS : null;
}

function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const d of list) (seen.has(d) ? dup : seen).add(d);
  return [...dup];
}

/**
 * Problems in Chinese; empty when the year may be loaded. Runs after the schema too, because the
 * bundled seed and programmatic callers skip zod, and a wrong calendar silently moves every deadline.
 */
export function validateCalendarYear(input: CalendarYearImport): string[] {
  const problems: string[] = [];
  const { year } = input;
  const yearOk = Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!yearOk) problems.push(`年份 ${year} 超出范围（须在 ${MIN_YEAR}–${MAX_YEAR} 之间）`);

  if (input.notice.length === 0) problems.push('缺少通知出处：请至少提供一个国务院办公厅通知的网址');
  for (const n of input.notice) if (!URLISH.test(n)) problems.push(`通知出处不是网址或发文字号：${n}`);

  const lo = Date.UTC(year, 0, 1) / DAY_MS - BOUNDARY_DAYS;
  const hi = Date.UTC(year, 11, 31) / DAY_MS + BOUNDARY_DAYS;
  const check = (d: string, label: string): number | null => {
    const n = dayNumber(d);
    if (n === null) problems.push(`${label}日期不存在或格式有误：${d}`);
    else if (yearOk && (n < lo || n > hi))
      problems.push(`${label}日期 ${d} 不在 ${year} 年内（仅允许跨年前后 ${BOUNDARY_DAYS} 天）`);
    return n;
  };

  for (const d of input.offDays) check(d, '放假');
  for (const d of input.makeupWorkdays) {
    const n = check(d, '调休上班');
    if (n === null) continue;
    const wd = new Date(n * DAY_MS).getUTCDay();
    // 调休 only ever turns a weekend day into a working day; a weekday here is a transcription slip.
    if (wd !== 0 && wd !== 6) problems.push(`调休上班日 ${d} 是星期${WEEKDAY_NAMES[wd]}，不是周末`);
  }

  for (const d of duplicates(input.offDays)) problems.push(`放假日期重复：${d}`);
  for (const d of duplicates(input.makeupWorkdays)) problems.push(`调休上班日期重复：${d}`);
  const off = new Set(input.offDays);
  for (const d of new Set(input.makeupWorkdays)) if (off.has(d)) problems.push(`日期 ${d} 同时列为放假和调休上班`);

  if (input.offDays.length === 0) problems.push('放假日期为空：每年都有法定节假日，请核对通知');
  return problems;
}

/** The reviewed calendar shipped in the repository, one import per year. */
export function bundledYears(): CalendarYearImport[] {
  return Object.entries(data.years).map(([year, y]) => ({
    year: Number(year),
    notice: [...y.notice],
    offDays: [...y.offDays],
    makeupWorkdays: [...y.makeupWorkdays],
    source: data.source,
  }));
}

export type DayKind = 'off' | 'work';
export interface DateResult {
  date: string;
  calendarComplete: boolean;
  missingYears: number[];
}
export interface CountResult {
  days: number;
  calendarComplete: boolean;
  missingYears: number[];
}

const DAY_MS = 86_400_000;
/** Longest period accepted; no statutory limit comes near it, so anything larger is an input error. */
const MAX_N = 10_000;
/** Enough calendar days for MAX_N working days even with every holiday block. */
const MAX_STEPS = 40_000;

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_N) throw new RangeError(`${what}须为 0–${MAX_N} 的整数：${n}`);
}

/** Date strings as whole days since the epoch, in UTC, so local time zones never shift a date. */
function toDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${s}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== s) throw new RangeError(`日期不存在：${s}`);
  return t / DAY_MS;
}
const fromDay = (d: number): string => new Date(d * DAY_MS).toISOString().slice(0, 10);
const yearOf = (d: number): number => new Date(d * DAY_MS).getUTCFullYear();
const weekday = (d: number): number => new Date(d * DAY_MS).getUTCDay();

/**
 * The official working-day calendar: listed exceptions first (holiday off-days, 调休 working weekends),
 * else Mon–Fri. Every result says whether it touched a year whose calendar is not loaded, since for such
 * a year the Mon–Fri fallback is only a guess (DOMAIN.md §8.3).
 */
export class WorkCalendar {
  private readonly days = new Map<number, DayKind>();
  private readonly years: Set<number>;

  constructor(days: Iterable<{ day: string; kind: DayKind }>, loadedYears: Iterable<number>) {
    for (const d of days) this.days.set(toDay(d.day), d.kind);
    this.years = new Set(loadedYears);
  }

  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  private isWork(d: number): boolean {
    const k = this.days.get(d);
    return k ? k === 'work' : weekday(d) !== 0 && weekday(d) !== 6;
  }

  isWorkday(day: string): boolean {
    return this.isWork(toDay(day));
  }

  /** Every year between the first and last day examined that has no loaded calendar. */
  private result(from: number, to: number, date: number): DateResult {
    const missing = new Set<number>();
    for (let y = yearOf(Math.min(from, to)); y <= yearOf(Math.max(from, to)); y++) if (!this.years.has(y)) missing.add(y);
    return { date: fromDay(date), calendarComplete: missing.size === 0, missingYears: [...missing] };
  }

  /** The n-th working day after start; the start day itself never counts. */
  addWorkdays(start: string, n: number): DateResult {
    checkN(n, '工作日数');
    const s = toDay(start);
    let d = s;
    for (let left = n, steps = 0; left > 0; steps++) {
      if (steps > MAX_STEPS) throw new RangeError('期限过长');
      d++;
      if (this.isWork(d)) left--;
    }
    return this.result(s, d, d);
  }

  /** The n-th working day before start (for reminders "N working days before the deadline"). */
  subtractWorkdays(start: string, n: number): DateResult {
    checkN(n, '工作日数');
    const s = toDay(start);
    let d = s;
    for (let left = n, steps = 0; left > 0; steps++) {
      if (steps > MAX_STEPS) throw new RangeError('期限过长');
      d--;
      if (this.isWork(d)) left--;
    }
    return this.result(d, s, d);
  }

  /** start + n calendar days; with extendIfOff, a last day that is off moves to the next working day. */
  addCalendarDays(start: string, n: number, extendIfOff = true): DateResult {
    checkN(n, '天数');
    const s = toDay(start);
    let d = s + n;
    for (let steps = 0; extendIfOff && !this.isWork(d); steps++) {
      // The longest real break is 10 days (2020 Spring Festival); beyond this the table is wrong.
      if (steps > 60) throw new RangeError('连续非工作日过长，日历数据可能有误');
      d++;
    }
    return this.result(s, d, d);
  }

  dueDate(trigger: string, n: number, unit: 'working' | 'calendar', extendIfOff = true): DateResult {
    return unit === 'working' ? this.addWorkdays(trigger, n) : this.addCalendarDays(trigger, n, extendIfOff);
  }

  /** Working days in (from, to]; negative when to is before from. Shown as 剩 N 个工作日. */
  workdaysBetween(from: string, to: string): CountResult {
    const a = toDay(from);
    const b = toDay(to);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (hi - lo > MAX_STEPS) throw new RangeError('区间过长');
    let n = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWork(d)) n++;
    // The day before the interval is never examined, so its year must not make the count look incomplete.
    const r = this.result(Math.min(lo + 1, hi), hi, hi);
    return { days: a <= b ? n : -n, calendarComplete: r.calendarComplete, missingYears: r.missingYears };
  }

  calendarDaysBetween(from: string, to: string): number {
    return toDay(to) - toDay(from);
  }
}

/** From this day of the year (MM-DD) administrators and registrars are told that next year's calendar is missing. */
const NEXT_YEAR_NOTICE_FROM = '11-01';

/**
 * Whether next year's official calendar is due and not loaded: from 1 November (the State Council usually
 * publishes the next year's holidays around then) a deadline can already run into next year, and there it
 * would count Mon–Fri only (DOMAIN.md §8.3). Null when there is nothing to say.
 */
export function nextYearNotice(loadedYears: Iterable<number>, today: string): { year: number; from: string } | null {
  const year = Number(today.slice(0, 4)) + 1;
  const from = `${year - 1}-${NEXT_YEAR_NOTICE_FROM}`;
  if (today < from || new Set(loadedYears).has(year)) return null;
  return { year, from };
}

/** The years between two dates (either order) whose calendar is not loaded: a deadline there counts weekdays only. */
export function missingYearsBetween(loadedYears: Iterable<number>, a: string, b: string): number[] {
  const loaded = new Set(loadedYears);
  const [lo, hi] = [Number(a.slice(0, 4)), Number(b.slice(0, 4))].sort((x, y) => x - y) as [number, number];
  const out: number[] = [];
  for (let y = lo; y <= hi; y++) if (!loaded.has(y)) out.push(y);
  return out;
}

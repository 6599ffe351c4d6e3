import { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { bundledYears } from '../../src/server/platform/calendar/import-format';

// Office hours in China (UTC+8): 08:30–12:00 and 14:00–17:30 on the official working days. People act
// within them, so the history's timestamps look like an office's, deadlines included.

const CHINA = 8 * 3_600_000;
const MIN = 60_000;
const DAY = 86_400_000;
/** Working windows as minutes after local midnight. */
const WINDOWS: [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 17 * 60 + 30],
];
export const WORK_MINUTES_PER_DAY = WINDOWS.reduce((a, [s, e]) => a + e - s, 0);

/** The calendar the product ships (the same data the server loads into the database). */
export function bundledCalendar(): WorkCalendar {
  const years = bundledYears();
  return new WorkCalendar(
    years.flatMap((y) => [
      ...y.offDays.map((day) => ({ day, kind: 'off' as const })),
      ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const })),
    ]),
    years.map((y) => y.year),
  );
}

const localDay = (t: number) => new Date(t + CHINA).toISOString().slice(0, 10);
/** UTC ms of local midnight of the day that contains t. */
const localMidnight = (t: number) => Math.floor((t + CHINA) / DAY) * DAY - CHINA;

/** t moved forward by `minutes` of office time (skipping nights, lunch, weekends and holidays). */
export function addWorkingMinutes(cal: WorkCalendar, at: Date, minutes: number): Date {
  let t = at.getTime();
  let left = Math.max(0, minutes) * MIN;
  for (let guard = 0; guard < 100_000; guard++) {
    const midnight = localMidnight(t);
    if (cal.isWorkday(localDay(t))) {
      for (const [s, e] of WINDOWS) {
        const start = midnight + s * MIN;
        const end = midnight + e * MIN;
        if (t >= end) continue;
        if (t < start) t = start;
        if (t + left <= end) return new Date(t + left);
        left -= end - t;
        t = end;
      }
    }
    t = midnight + DAY;
  }
  throw new Error('addWorkingMinutes: too far');
}

/** The working days from `from` to `to` (inclusive, China dates). */
export function workingDays(cal: WorkCalendar, from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (cal.isWorkday(d)) out.push(d);
  }
  return out;
}

/** A moment `minute` minutes into the office day `day` (China date). */
export function officeMoment(day: string, minute: number): Date {
  const midnight = Date.parse(`${day}T00:00:00Z`) - CHINA;
  let m = minute;
  for (const [s, e] of WINDOWS) {
    if (m < e - s) return new Date(midnight + (s + m) * MIN);
    m -= e - s;
  }
  return new Date(midnight + WINDOWS[1]![1] * MIN - MIN);
}

export const chinaDate = (at: Date) => localDay(at.getTime());

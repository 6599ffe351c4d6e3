// Bookings are kept in instants and read in Beijing time, whatever the browser's own zone.

const BEIJING = 8 * 3_600_000;

/** YYYY-MM-DD HH:mm in Beijing. */
const beijing = (iso: string) => new Date(new Date(iso).getTime() + BEIJING).toISOString().slice(0, 16).replace('T', ' ');
export const dayOf = (iso: string) => beijing(iso).slice(0, 10);
/** The instant of a Beijing day and time, as the API takes it. */
export const instant = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** The days (YYYY-MM-DD) a booking occupies: from its start's to the day of its last minute. */
export function occupies(b: { startsAt: string; endsAt: string }, day: string) {
  const last = new Date(new Date(b.endsAt).getTime() - 60_000).toISOString();
  return dayOf(b.startsAt) <= day && day <= dayOf(last);
}

/** 09:00–10:30, or with days when it does not start and end on one day. */
export function span(b: { startsAt: string; endsAt: string }) {
  const [s, e] = [beijing(b.startsAt), beijing(b.endsAt)];
  return s.slice(0, 10) === e.slice(0, 10) ? `${s.slice(11)}–${e.slice(11)}` : `${s.slice(5)}–${e.slice(5)}`;
}

/** The Monday of the week a day falls in, and a day moved by n days (both YYYY-MM-DD). */
export function addDays(day: string, n: number) {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
}
export function mondayOf(day: string) {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((wd + 6) % 7));
}
/** 1 Monday … 7 Sunday. */
export const weekdayOf = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

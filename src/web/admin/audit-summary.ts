import dayjs from 'dayjs';

/** One line of what an event changed or recorded: `field: before → after`, or `field: value`. */
export interface SummaryLine {
  field: string;
  before?: string;
  after?: string;
  value?: string;
}

export interface SummaryWords {
  yes: string;
  no: string;
  none: string;
  /** Between the items of a list. */
  list: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A value as a person reads it: identifiers by the name the server gave, times in local time, lists joined. */
function formatValue(v: unknown, names: Record<string, string>, w: SummaryWords): string {
  if (v === null || v === undefined || v === '') return w.none;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const named = names[v.toLowerCase()];
    if (named) return named;
    return ISO.test(v) ? dayjs(v).format('YYYY-MM-DD HH:mm') : v;
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(x, names, w)).join(w.list) : w.none;
  if (isPlain(v)) {
    // A reference such as { type: 'person', id }: its name says it.
    if (typeof v.id === 'string' && names[v.id.toLowerCase()]) return names[v.id.toLowerCase()]!;
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x, names, w)}`)
      .join(w.list);
  }
  // Nothing else comes from JSON; a bigint or a function would be a bug upstream, shown as its JSON.
  return JSON.stringify(v) ?? w.none;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * An event's summary as lines. `{ before, after }` of one value is one line; of records, a line per field
 * that changed (a field only in `after`, as at a creation, is shown as its value); anything else a line per key
 * that has a value.
 */
export function summaryLines(summary: unknown, names: Record<string, string>, w: SummaryWords): SummaryLine[] {
  if (!isPlain(summary)) return [];
  const keys = Object.keys(summary);
  if (!keys.length) return [];
  const f = (v: unknown) => formatValue(v, names, w);
  const lines: SummaryLine[] = [];
  const hasChange = 'before' in summary || 'after' in summary;
  if (hasChange) {
    const { before, after } = summary;
    if (isPlain(before) || isPlain(after)) {
      const b = isPlain(before) ? before : {};
      const a = isPlain(after) ? after : {};
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
        if (!(k in b)) lines.push({ field: k, value: f(a[k]) });
        else if (!(k in a)) lines.push({ field: k, before: f(b[k]) });
        else if (!same(b[k], a[k])) lines.push({ field: k, before: f(b[k]), after: f(a[k]) });
      }
    } else if ('before' in summary && 'after' in summary) {
      lines.push({ field: '', before: f(before), after: f(after) });
    } else {
      lines.push({ field: '', value: f(before ?? after) });
    }
  }
  for (const k of keys) {
    if (hasChange && (k === 'before' || k === 'after')) continue;
    // A fact the event did not have (no decision, nobody acted for) says nothing.
    if (summary[k] === null || summary[k] === undefined) continue;
    lines.push({ field: k, value: f(summary[k]) });
  }
  return lines;
}

import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { item } from '../items/schema';
import { nullsLastKey } from '../http/pagination';
import type { RegisterSort } from '../../../contract/register';
import type { FILING_STATUSES } from '../../../contract/items';

type FilingStatus = (typeof FILING_STATUSES)[number];

/** The filters every register has; each module adds its own (来文单位, 主送, its handling unit). */
export interface CommonRegisterFilter {
  year?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  state?: string | undefined;
  urgency?: string | undefined;
  overdue?: boolean | undefined;
  filing?: FilingStatus | undefined;
  sort?: RegisterSort | undefined;
  dir?: 'asc' | 'desc' | undefined;
}

/**
 * The conditions of the common filters. `day` is the register's date as `YYYY-MM-DD` text on the Beijing
 * calendar (收文日期, 发文日期); overdue means still open and past the item's time limit as of `today`.
 */
export function commonRegisterWhere(f: CommonRegisterFilter, day: SQL, today: string): SQL | undefined {
  return and(
    f.year ? sql`left(${day}, 4) = ${String(f.year)}` : undefined,
    f.from ? sql`${day} >= ${f.from}` : undefined,
    f.to ? sql`${day} <= ${f.to}` : undefined,
    f.state ? eq(item.state, f.state) : undefined,
    f.urgency ? eq(item.urgency, f.urgency) : undefined,
    f.overdue ? and(isNull(item.closedAt), lt(item.dueDate, today)) : undefined,
    f.filing ? eq(item.filingStatus, f.filing) : undefined,
  );
}

/** A timestamp as sortable text (UTC, microseconds), so keys of one order compare as the times do. */
export const timeKey = (ts: unknown) => sql`to_char(${ts} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
/** A timestamp's date on the Beijing calendar as `YYYY-MM-DD` (China keeps no daylight saving). */
export const beijingDay = (ts: unknown) => sql`to_char((${ts} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

/** The time limit as a key; items without one come last whichever way it runs. */
export const deadlineKey = (dir: 'asc' | 'desc') => nullsLastKey(sql`${item.dueDate}::text`, dir);

/** Sorting by time limit runs from the nearest; the other orders from the newest. */
export const defaultDir = (sort: RegisterSort): 'asc' | 'desc' => (sort === 'deadline' ? 'asc' : 'desc');

import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { authorizeSystem } from '../access/policy';
import type { Actor } from '../access/actor';
import { invalid, notFound } from '../errors';
import { WorkCalendar } from './calendar';
import { bundledYears, validateCalendarYear, type CalendarYearImport } from './import-format';
import { calendarDay, calendarRevision, calendarYear } from './schema';

/**
 * The official calendar, read from the database and kept in memory. Each instance re-reads it when the
 * stamp (sum of year versions) changes, so an import on one instance reaches the others within REFRESH_MS.
 */
const REFRESH_MS = 30_000;

export class CalendarService {
  private cached: WorkCalendar | null = null;
  private stamp = '';
  private checkedAt = 0;

  constructor(private readonly db: Db) {}

  async get(): Promise<WorkCalendar> {
    const now = Date.now();
    if (this.cached && now - this.checkedAt < REFRESH_MS) return this.cached;
    const stamp = await currentStamp(this.db);
    if (!this.cached || stamp !== this.stamp) {
      const days = await this.db.select({ day: calendarDay.day, kind: calendarDay.kind }).from(calendarDay);
      const years = await this.db.select({ year: calendarYear.year }).from(calendarYear);
      this.cached = new WorkCalendar(
        days,
        years.map((y) => y.year),
      );
      this.stamp = stamp;
    }
    this.checkedAt = now;
    return this.cached;
  }

  invalidate(): void {
    this.cached = null;
  }
}

async function currentStamp(db: Queryable): Promise<string> {
  const [r] = await db
    .select({
      s: sql<string>`coalesce(string_agg(${calendarYear.year} || ':' || ${calendarYear.version}, ',' order by ${calendarYear.year}), '')`,
    })
    .from(calendarYear);
  return r?.s ?? '';
}

export async function listYears(db: Queryable) {
  const rows = await db.select().from(calendarYear).orderBy(asc(calendarYear.year));
  const counts = await db
    .select({ year: calendarDay.year, kind: calendarDay.kind, n: sql<number>`count(*)`.mapWith(Number) })
    .from(calendarDay)
    .groupBy(calendarDay.year, calendarDay.kind);
  return rows.map((r) => ({
    year: r.year,
    version: r.version,
    source: r.source,
    notices: r.notices,
    importedAt: r.importedAt.toISOString(),
    offDays: counts.find((c) => c.year === r.year && c.kind === 'off')?.n ?? 0,
    makeupWorkdays: counts.find((c) => c.year === r.year && c.kind === 'work')?.n ?? 0,
  }));
}

export async function yearDetail(db: Queryable, year: number) {
  const [y] = await db.select().from(calendarYear).where(eq(calendarYear.year, year));
  if (!y) throw notFound(`${year} 年日历`);
  const days = await db.select().from(calendarDay).where(eq(calendarDay.year, year)).orderBy(asc(calendarDay.day));
  return {
    year,
    version: y.version,
    source: y.source,
    notices: y.notices,
    offDays: days.filter((d) => d.kind === 'off').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'work').map((d) => d.day),
  };
}

// Two imports of a year at once (an administrator's and a starting instance's) would both read version n and
// both write n + 1: calendar writes take turns, to the end of their transaction.
const CALENDAR_LOCK = 7_270_003;

async function lockCalendar(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CALENDAR_LOCK})`);
}

/** Loads (or replaces) one year. The previous version stays readable in calendar_revision. */
async function writeYear(tx: Tx, input: CalendarYearImport, importedBy: string | null, now: Date) {
  await lockCalendar(tx);
  const [prev] = await tx.select({ version: calendarYear.version }).from(calendarYear).where(eq(calendarYear.year, input.year));
  const version = (prev?.version ?? 0) + 1;
  const source = input.source ?? '管理员导入';
  await tx.delete(calendarDay).where(eq(calendarDay.year, input.year));
  const days = [
    ...input.offDays.map((day) => ({ day, kind: 'off' as const, year: input.year })),
    ...input.makeupWorkdays.map((day) => ({ day, kind: 'work' as const, year: input.year })),
  ];
  // A date listed by two notices (2022-12-31 in 2023's) belongs to the one imported last.
  if (days.length) {
    await tx
      .insert(calendarDay)
      .values(days)
      .onConflictDoUpdate({ target: calendarDay.day, set: { kind: sql`excluded.kind`, year: sql`excluded.year` } });
  }
  const row = { year: input.year, version, source, notices: input.notice, importedAt: now, importedBy };
  await tx.insert(calendarYear).values(row).onConflictDoUpdate({ target: calendarYear.year, set: row });
  await tx.insert(calendarRevision).values({ year: input.year, version, payload: input, importedAt: now, importedBy });
  return { version, previousVersion: prev?.version ?? null };
}

export async function importYear(tx: Tx, actor: Actor | null, input: CalendarYearImport, audit: AuditContext, now: Date) {
  if (actor) authorizeSystem(actor, 'config.manage');
  const problems = validateCalendarYear(input);
  if (problems.length) throw invalid(`日历数据有误：${problems.slice(0, 5).join('；')}`, { problems });
  const r = await writeYear(tx, input, actor?.personId ?? null, now);
  await recordEvent(tx, audit, now, {
    action: 'calendar.import',
    targetType: 'calendarYear',
    targetId: String(input.year),
    summary: {
      year: input.year,
      version: r.version,
      previousVersion: r.previousVersion,
      offDays: input.offDays.length,
      makeupWorkdays: input.makeupWorkdays.length,
    },
  });
  return r;
}

/** First start: the reviewed calendar shipped in the repository, for the years not yet loaded. */
export async function seedBundledCalendar(tx: Tx, audit: AuditContext, now: Date): Promise<number[]> {
  // Read what is loaded only once holding the lock, so the years another process just loaded are seen.
  await lockCalendar(tx);
  const loaded = new Set((await tx.select({ y: calendarYear.year }).from(calendarYear)).map((r) => r.y));
  const added: number[] = [];
  for (const y of bundledYears()) {
    if (loaded.has(y.year)) continue;
    await importYear(tx, null, y, audit, now);
    added.push(y.year);
  }
  return added;
}

import { date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One loaded year of the official calendar; version increases with each import of that year. */
export const calendarYear = pgTable('calendar_year', {
  year: integer('year').primaryKey(),
  version: integer('version').notNull(),
  source: text('source').notNull(),
  notices: jsonb('notices').$type<string[]>().notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
  importedBy: uuid('imported_by'),
});

/** Every import kept whole, so an earlier version can be read back. */
export const calendarRevision = pgTable(
  'calendar_revision',
  {
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    payload: jsonb('payload').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
    importedBy: uuid('imported_by'),
  },
  (t) => [primaryKey({ columns: [t.year, t.version] })],
);

/** Exceptions to the Mon–Fri rule: holiday off-days and 调休 working weekend days. */
export const calendarDay = pgTable('calendar_day', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: text('kind').$type<'off' | 'work'>().notNull(),
  /** The calendar year (notice) the day belongs to; 2023's notice holds 2022-12-31. */
  year: integer('year').notNull(),
});

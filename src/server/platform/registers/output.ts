import { stateName } from '../flow/states';
import type { AuditAction } from '../../../contract/audit';
import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../db/client';
import type { WorkCalendar } from '../calendar/calendar';
import { department, unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { recordEvent, type AuditContext } from '../audit/service';
import type { Actor } from '../access/actor';
import { titleFor } from '../access/classification';
import { deadlineOf } from '../calendar/deadline';
import { invalid, unavailable } from '../errors';
import { writeXlsx, XLSX_TYPE, type CellKind, type CellValue } from '../export/xlsx';
import { renderTablePdf } from '../pdf/table';
import { FontMissingError, resolveFonts, type FontRole } from '../pdf/fonts';
import { REGISTER_EXPORT_LIMIT } from '../../../contract/register';
import type { CommonRegisterFilter } from './filters';

/** What reading a register needs: who, the deployment's ceiling, the calendar for deadlines, the time. */
export interface RegisterEnv {
  actor: Actor;
  ceiling: Classification;
  cal: WorkCalendar;
  now: Date;
}

/**
 * What every register row shows alike, from its item's columns: its id, where it stands (name and key), its title as
 * this reader may see it, and its deadline counted in working days while it is open.
 */
export function registerRow(
  kind: string,
  env: RegisterEnv,
  today: string,
  r: { id: string; state: string; classification: string; title: string; dueDate: string | null; closedAt: Date | null },
) {
  return {
    itemId: r.id,
    state: stateName(kind, r.state),
    stateKey: r.state,
    classification: r.classification,
    title: titleFor(env.actor, r.classification as Classification, r.title),
    deadline: deadlineOf(env.cal, r.dueDate, today, r.closedAt === null),
  };
}

/** Name of the unit or section a `handler` filter names (for the line under the title). */
export async function handlerLabel(db: Queryable, id: string | undefined) {
  if (!id) return null;
  const [u] = await db.select({ name: unit.name }).from(unit).where(eq(unit.id, id));
  if (u) return u.name;
  const [d] = await db.select({ name: department.name }).from(department).where(eq(department.id, id));
  return d?.name ?? null;
}

/** A column of a register as exported (.xlsx) and printed (PDF). */
export interface RegisterColumn<T> {
  header: string;
  kind: CellKind;
  /** Share of the printed page's width. */
  weight: number;
  maxWidth?: number;
  value: (row: T) => CellValue;
}

export type RegisterFormat = 'xlsx' | 'pdf';
/** Rows a printed register may hold: past this a PDF is hundreds of pages nobody prints. */
const REGISTER_PRINT_LIMIT = 1000;

/** Refuses, before any row is written, an export or print larger than its limit, saying how to get under it. */
export function assertWithinLimit(total: number, format: RegisterFormat) {
  const limit = format === 'xlsx' ? REGISTER_EXPORT_LIMIT : REGISTER_PRINT_LIMIT;
  if (total > limit) {
    throw invalid(
      `符合条件的有 ${total} 件，${format === 'xlsx' ? '导出' : '打印'}一次最多 ${limit} 件。请缩小日期范围或增加筛选条件后再${format === 'xlsx' ? '导出' : '打印'}。`,
      { total, limit },
    );
  }
}

const SORT_NAMES = { date: '日期', number: '编号', deadline: '办理时限' } as const;

/** The common filters in words, for the line under a printed or exported register's title. */
export function describeCommonFilters(
  f: CommonRegisterFilter & { q?: string | undefined },
  dateLabel: string,
  kind: string,
): string[] {
  const out: string[] = [];
  if (f.year) out.push(`年度：${f.year}年`);
  if (f.from || f.to) out.push(`${dateLabel}：${f.from ?? '不限'} 至 ${f.to ?? '不限'}`);
  if (f.state) out.push(`状态：${stateName(kind, f.state)}`);
  if (f.urgency) out.push(`紧急程度：${f.urgency}`);
  if (f.overdue) out.push('仅超期未办结');
  if (f.filing) out.push(`归档：${f.filing}`);
  if (f.q) out.push(`检索：${f.q}`);
  return out;
}

export const sortWords = (sort: keyof typeof SORT_NAMES, dir: 'asc' | 'desc') =>
  `按${SORT_NAMES[sort]}${dir === 'asc' ? '升序' : '降序'}`;

/** Beijing date and time of an ISO instant, for printing. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export interface RegisterOutput<T> {
  format: RegisterFormat;
  /** Audit action, e.g. incoming.register.export. */
  action: AuditAction;
  title: string;
  fileStem: string;
  /** The filters in words (shown on the file) and as given (recorded in the audit log). */
  filterWords: string[];
  /** The order, in words (按日期降序). */
  orderWords: string;
  filters: Record<string, unknown>;
  columns: RegisterColumn<T>[];
  rows: T[];
  actor: Actor;
  audit: AuditContext;
  now: Date;
  unitName: string;
  fontSettings: Partial<Record<FontRole, string | undefined>>;
}

/**
 * Writes a register as .xlsx or PDF and records who took it, with which filters and how many rows, as an
 * export of any document is recorded: a register names documents, and copies of it leave the system.
 */
export async function registerOutput<T>(db: Db, o: RegisterOutput<T>) {
  const note = `筛选条件：${o.filterWords.length ? o.filterWords.join('；') : '无（全部可查阅的记录）'}　排序：${o.orderWords}`;
  const count = `共 ${o.rows.length} 件`;
  // The register is the unit's: its name heads the page, as on the paper register.
  const title = `${o.unitName}${o.title}`;
  let body: Uint8Array;
  if (o.format === 'xlsx') {
    body = writeXlsx({
      sheetName: o.title,
      title,
      note: `${note}　${count}　${o.actor.name}导出于${beijing(o.now.toISOString())}`,
      columns: o.columns.map((c) => ({ header: c.header, kind: c.kind, ...(c.maxWidth ? { maxWidth: c.maxWidth } : {}) })),
      rows: o.rows.map((r) => o.columns.map((c) => c.value(r))),
    });
  } else {
    let fonts;
    try {
      fonts = resolveFonts(o.fontSettings);
    } catch (e) {
      if (e instanceof FontMissingError) throw unavailable(e.message);
      throw e;
    }
    const text = (c: RegisterColumn<T>, r: T) => {
      const v = c.value(r);
      if (v === null || v === undefined) return '';
      return c.kind === 'datetime' && typeof v === 'string' ? beijing(v) : String(v);
    };
    body = await renderTablePdf({
      title,
      notes: [`${note}　${count}`],
      columns: o.columns.map((c) => ({ header: c.header, weight: c.weight })),
      rows: o.rows.map((r) => o.columns.map((c) => text(c, r))),
      printedBy: o.actor.name,
      printedAt: o.now,
      fonts,
      author: o.unitName,
    });
  }
  await db.transaction((tx) =>
    recordEvent(tx, o.audit, o.now, {
      action: o.action,
      targetType: 'register',
      unitId: o.actor.unitId,
      summary: { format: o.format, filters: o.filters, rows: o.rows.length },
    }),
  );
  const day = new Date(o.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const name = `${o.fileStem}-${day}.${o.format}`;
  return {
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    type: o.format === 'xlsx' ? XLSX_TYPE : 'application/pdf',
    disposition: `${o.format === 'xlsx' ? 'attachment' : 'inline'}; filename="register.${o.format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  };
}

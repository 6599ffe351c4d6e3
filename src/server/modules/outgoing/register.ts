import { aliasedTable, and, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../platform/db/client';
import type { AuditContext } from '../../platform/audit/service';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { keyset, nullsLastKey } from '../../platform/http/pagination';
import { flowStates } from '../../platform/flow/states';
import { docNumber, docRegister } from '../../platform/numbering/schema';
import { beijingDay, commonRegisterWhere, deadlineKey, defaultDir, timeKey } from '../../platform/registers/filters';
import {
  assertWithinLimit,
  describeCommonFilters,
  handlerLabel,
  registerOutput,
  registerRow,
  sortWords,
  type RegisterColumn,
  type RegisterEnv,
  type RegisterFormat,
  type RegisterOutput,
} from '../../platform/registers/output';
import { chinaToday } from '../../platform/workbench/service';
import { likeEscape } from '../../platform/search/tokenize';
import { department, person, unit } from '../../org/schema';
import type { OutgoingRegisterFilter } from '../../../contract/outgoing';
import { outgoingFlow } from './flow';
import { OUTGOING_KIND } from './service';
import { copyNoText } from './print-record';
import { outgoingDocument } from './schema';

// Named when asked: the module's declaration (its states' names) may load after this file.
const outgoingStates = () => flowStates(outgoingFlow, OUTGOING_KIND, null);

const like = (s: string) => `%${likeEscape(s)}%`;
const drafter = aliasedTable(person, 'drafter');
const drafting = aliasedTable(department, 'drafting_department');
const draftingUnit = aliasedTable(unit, 'drafting_unit');
/**
 * The register's date: the 成文日期 once the document has one, before that the day it was drafted, so that a
 * date range finds the drafts of the period as well as what was issued.
 */
const registerDay = sql<string>`coalesce(${outgoingDocument.writtenDate}, ${beijingDay(item.createdAt)})`;
const mainRecipients = sql<
  string[]
>`(select coalesce(jsonb_agg(r->>'name'), '[]'::jsonb) from jsonb_array_elements(${outgoingDocument.draft}->'mainRecipients') r)`;

function sortKey(sort: OutgoingRegisterFilter['sort'], dir: 'asc' | 'desc') {
  if (sort === 'number') {
    // 文号 by register, then year and number within it; documents not yet numbered come last.
    return nullsLastKey(
      sql`${docRegister.code} || ':' || lpad(${docNumber.year}::text, 4, '0') || lpad(${docNumber.seq}::text, 9, '0')`,
      dir,
    );
  }
  if (sort === 'deadline') return deadlineKey(dir);
  return sql`${registerDay} || ${timeKey(item.createdAt)}`;
}

/**
 * 发文登记簿: the documents the reader may read, filtered (主送 by name, the drafting section or unit), in the
 * chosen order, a page at a time by keyset.
 */
export async function outgoingRegister(
  db: Queryable,
  env: RegisterEnv,
  f: OutgoingRegisterFilter,
  pageOpts: { limit: number; cursor?: string | undefined },
) {
  const today = chinaToday(env.now);
  const sort = f.sort ?? 'date';
  const dir = f.dir ?? defaultDir(sort);
  const key = sortKey(sort, dir);
  const ks = keyset(sort, key, item.id, dir, pageOpts.cursor);
  const where = and(
    eq(item.kind, OUTGOING_KIND),
    readableItemsWhere(env.actor, env.ceiling),
    commonRegisterWhere(f, registerDay, today),
    f.recipient
      ? sql`exists (select 1 from jsonb_array_elements(${outgoingDocument.draft}->'mainRecipients') r where r->>'name' ilike ${like(f.recipient)})`
      : undefined,
    f.handler ? or(eq(item.owningDepartmentId, f.handler), eq(item.owningUnitId, f.handler)) : undefined,
    f.q ? or(ilike(item.title, like(f.q)), ilike(outgoingDocument.docNo, like(f.q))) : undefined,
  );
  const [rows, [c]] = await Promise.all([
    db
      .select({
        id: item.id,
        sortKey: sql<string>`${key}`,
        title: item.title,
        genre: outgoingDocument.genre,
        docNo: outgoingDocument.docNo,
        classification: item.classification,
        urgency: item.urgency,
        state: item.state,
        filingStatus: item.filingStatus,
        drafterName: drafter.name,
        mainRecipients,
        createdAt: item.createdAt,
        writtenDate: outgoingDocument.writtenDate,
        printCount: outgoingDocument.printCount,
        copyNoFrom: outgoingDocument.copyNoFrom,
        copyNoTo: outgoingDocument.copyNoTo,
        dueDate: item.dueDate,
        closedAt: item.closedAt,
        handlerName: sql<string | null>`coalesce(${drafting.name}, ${draftingUnit.name})`,
      })
      .from(item)
      .innerJoin(outgoingDocument, eq(outgoingDocument.itemId, item.id))
      .leftJoin(docNumber, eq(docNumber.id, outgoingDocument.docNumberId))
      .leftJoin(docRegister, eq(docRegister.id, docNumber.registerId))
      .innerJoin(drafter, eq(drafter.id, item.createdBy))
      .leftJoin(drafting, eq(drafting.id, item.owningDepartmentId))
      .leftJoin(draftingUnit, eq(draftingUnit.id, item.owningUnitId))
      .where(and(where, ks.where))
      .orderBy(...ks.orderBy)
      .limit(pageOpts.limit + 1),
    // The count needs the joins its filters use only.
    db.select({ n: count() }).from(item).innerJoin(outgoingDocument, eq(outgoingDocument.itemId, item.id)).where(where),
  ]);
  const { items, nextCursor } = ks.page(rows, pageOpts.limit);
  return {
    total: Number(c?.n ?? 0),
    nextCursor,
    states: outgoingStates(),
    items: items.map((row) => {
      const { id: _id, sortKey: _k, createdAt, closedAt: _c, mainRecipients: m, copyNoFrom, copyNoTo, ...r } = row;
      return {
        ...r,
        ...registerRow(OUTGOING_KIND, env, today, row),
        copyNoFrom: copyNoText(copyNoFrom),
        copyNoTo: copyNoText(copyNoTo),
        mainRecipients: m ?? [],
        createdAt: createdAt.toISOString(),
      };
    }),
  };
}

type Row = Awaited<ReturnType<typeof outgoingRegister>>['items'][number];

/** The 发文登记簿's columns (条例 Art.25(二): the 发文字号, the distribution scope, the number of copies). */
const OUTGOING_REGISTER_COLUMNS: RegisterColumn<Row>[] = [
  { header: '发文字号', kind: 'text', weight: 13, value: (r) => r.docNo },
  { header: '成文日期', kind: 'date', weight: 8, value: (r) => r.writtenDate },
  { header: '标题', kind: 'text', weight: 29, maxWidth: 60, value: (r) => r.title },
  { header: '文种', kind: 'text', weight: 5, value: (r) => r.genre },
  { header: '主送', kind: 'text', weight: 16, maxWidth: 40, value: (r) => r.mainRecipients.join('、') },
  { header: '密级', kind: 'text', weight: 4, value: (r) => r.classification },
  { header: '紧急程度', kind: 'text', weight: 6, value: (r) => r.urgency },
  { header: '拟稿部门', kind: 'text', weight: 9, maxWidth: 30, value: (r) => r.handlerName },
  { header: '拟稿人', kind: 'text', weight: 6, value: (r) => r.drafterName },
  { header: '拟稿日期', kind: 'datetime', weight: 9, value: (r) => r.createdAt },
  { header: '状态', kind: 'text', weight: 6, value: (r) => r.state },
];

/** The 发文登记簿 with the filters as on screen, as .xlsx or a printable PDF; the export is recorded. */
export async function exportOutgoingRegister(
  db: Db,
  env: RegisterEnv & { audit: AuditContext; fontSettings: RegisterOutput<Row>['fontSettings'] },
  f: OutgoingRegisterFilter,
  format: RegisterFormat,
) {
  // Counted first, so a register past the limit costs no rows and writes nothing.
  const first = await outgoingRegister(db, env, f, { limit: 1 });
  assertWithinLimit(first.total, format);
  const all = first.total > 1 ? await outgoingRegister(db, env, f, { limit: first.total }) : first;
  const sort = f.sort ?? 'date';
  const handler = await handlerLabel(db, f.handler);
  const [own] = env.actor.unitId ? await db.select({ name: unit.name }).from(unit).where(eq(unit.id, env.actor.unitId)) : [];
  return registerOutput(db, {
    format,
    action: 'outgoing.register.export',
    title: '发文登记簿',
    fileStem: '发文登记簿',
    filterWords: [
      ...describeCommonFilters(f, '发文日期', OUTGOING_KIND),
      ...(f.recipient ? [`主送：${f.recipient}`] : []),
      ...(handler ? [`拟稿部门：${handler}`] : []),
    ],
    orderWords: sortWords(sort, f.dir ?? defaultDir(sort)),
    filters: f,
    columns: OUTGOING_REGISTER_COLUMNS,
    rows: all.items,
    actor: env.actor,
    audit: env.audit,
    now: env.now,
    unitName: own?.name ?? '',
    fontSettings: env.fontSettings,
  });
}

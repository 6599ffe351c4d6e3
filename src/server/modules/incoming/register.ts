import { and, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../platform/db/client';
import type { AuditContext } from '../../platform/audit/service';
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
import { unit } from '../../org/schema';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { keyset } from '../../platform/http/pagination';
import { flowStates } from '../../platform/flow/states';
import { beijingDay, commonRegisterWhere, deadlineKey, defaultDir, timeKey } from '../../platform/registers/filters';
import { chinaToday } from '../../platform/workbench/service';
import { likeEscape } from '../../platform/search/tokenize';
import type { IncomingRegisterFilter } from '../../../contract/incoming';
import { incomingFlow } from './flow';
import { INCOMING_KIND } from './module';
import { incomingDocument } from './schema';

/** The states of a 收文 for the filter: registered (from 登记 until its flow moves it), its steps, its ends. */
const incomingStates = () => flowStates(incomingFlow, INCOMING_KIND, 'registered');

const like = (s: string) => `%${likeEscape(s)}%`;
const receivedDay = beijingDay(incomingDocument.receivedAt);

/** The lead (主办) units or sections of a 收文, as 分办 named them. */
const leadHandlers = (handler?: string) => sql`
  select 1 from task t where t.item_id = ${item.id} and t.unit_role = 'lead' and t.state <> 'cancelled'
    ${handler ? sql`and (t.for_unit_id = ${handler}::uuid or t.for_department_id = ${handler}::uuid)` : sql``}`;
const handlerName = sql<string | null>`(
  select string_agg(distinct coalesce(d.name, u.name), '、') from task t
    left join department d on d.id = t.for_department_id left join unit u on u.id = t.for_unit_id
  where t.item_id = ${item.id} and t.unit_role = 'lead' and t.state <> 'cancelled')`;

function sortKey(sort: IncomingRegisterFilter['sort'], dir: 'asc' | 'desc') {
  if (sort === 'date') return timeKey(incomingDocument.receivedAt);
  if (sort === 'deadline') return deadlineKey(dir);
  // 收文号: year, then the number within the year.
  return sql`lpad(${incomingDocument.year}::text, 4, '0') || lpad(${incomingDocument.seq}::text, 9, '0')`;
}

/**
 * 收文登记簿: the documents the reader may read (readableItemsWhere), filtered, in the chosen order, a page at a
 * time by keyset. Titles above the reader's clearance as it is now are withheld, as in every list.
 */
export async function incomingRegister(
  db: Queryable,
  env: RegisterEnv,
  f: IncomingRegisterFilter,
  pageOpts: { limit: number; cursor?: string | undefined },
) {
  const today = chinaToday(env.now);
  const sort = f.sort ?? 'number';
  const dir = f.dir ?? defaultDir(sort);
  const key = sortKey(sort, dir);
  const ks = keyset(sort, key, item.id, dir, pageOpts.cursor);
  const where = and(
    eq(item.kind, INCOMING_KIND),
    readableItemsWhere(env.actor, env.ceiling),
    commonRegisterWhere(f, receivedDay, today),
    f.sender ? ilike(incomingDocument.senderName, like(f.sender)) : undefined,
    f.handler ? sql`exists (${leadHandlers(f.handler)})` : undefined,
    f.q
      ? or(
          ilike(item.title, like(f.q)),
          ilike(incomingDocument.senderName, like(f.q)),
          ilike(incomingDocument.docNo, like(f.q)),
          ilike(item.registryNo, like(f.q)),
        )
      : undefined,
  );
  const [rows, [c]] = await Promise.all([
    db
      .select({
        id: item.id,
        sortKey: sql<string>`${key}`,
        registryNo: item.registryNo,
        title: item.title,
        senderName: incomingDocument.senderName,
        docNo: incomingDocument.docNo,
        classification: item.classification,
        urgency: item.urgency,
        state: item.state,
        filingStatus: item.filingStatus,
        receivedAt: incomingDocument.receivedAt,
        dueDate: item.dueDate,
        closedAt: item.closedAt,
        voidReason: incomingDocument.voidReason,
        handlerName,
      })
      .from(item)
      .innerJoin(incomingDocument, eq(incomingDocument.itemId, item.id))
      .where(and(where, ks.where))
      .orderBy(...ks.orderBy)
      .limit(pageOpts.limit + 1),
    db.select({ n: count() }).from(item).innerJoin(incomingDocument, eq(incomingDocument.itemId, item.id)).where(where),
  ]);
  const { items, nextCursor } = ks.page(rows, pageOpts.limit);
  return {
    total: Number(c?.n ?? 0),
    nextCursor,
    states: incomingStates(),
    items: items.map((row) => {
      const { id: _id, sortKey: _k, receivedAt, closedAt: _c, ...r } = row;
      return { ...r, ...registerRow(INCOMING_KIND, env, today, row), receivedAt: receivedAt.toISOString() };
    }),
  };
}

type Row = Awaited<ReturnType<typeof incomingRegister>>['items'][number];

const deadlineWords = (d: Row['deadline']) =>
  !d
    ? null
    : d.overdueWorkdays !== null
      ? d.overdueWorkdays > 0
        ? `超期 ${d.overdueWorkdays} 个工作日`
        : '已超期'
      : d.remainingWorkdays === 0
        ? '今日到期'
        : `剩 ${d.remainingWorkdays} 个工作日`;

/** The 收文登记簿's columns on paper and in a spreadsheet (条例 Art.24(二): the main data of each document). */
const INCOMING_REGISTER_COLUMNS: RegisterColumn<Row>[] = [
  { header: '收文号', kind: 'text', weight: 11, value: (r) => r.registryNo },
  { header: '收文日期', kind: 'datetime', weight: 10, value: (r) => r.receivedAt },
  { header: '来文单位', kind: 'text', weight: 13, maxWidth: 30, value: (r) => r.senderName },
  { header: '发文字号', kind: 'text', weight: 12, value: (r) => r.docNo },
  { header: '标题', kind: 'text', weight: 27, maxWidth: 60, value: (r) => r.title },
  { header: '密级', kind: 'text', weight: 4, value: (r) => r.classification },
  { header: '紧急程度', kind: 'text', weight: 6, value: (r) => r.urgency },
  { header: '主办单位', kind: 'text', weight: 10, maxWidth: 30, value: (r) => r.handlerName },
  { header: '办理时限', kind: 'date', weight: 7, value: (r) => r.dueDate },
  { header: '时限情况', kind: 'text', weight: 7, value: (r) => deadlineWords(r.deadline) },
  { header: '状态', kind: 'text', weight: 6, value: (r) => r.state },
];

/** The 收文登记簿 with the filters as on screen, as .xlsx or a printable PDF; the export is recorded. */
export async function exportIncomingRegister(
  db: Db,
  env: RegisterEnv & { audit: AuditContext; fontSettings: RegisterOutput<Row>['fontSettings'] },
  f: IncomingRegisterFilter,
  format: RegisterFormat,
) {
  // Counted first, so a register past the limit costs no rows and writes nothing.
  const first = await incomingRegister(db, env, f, { limit: 1 });
  assertWithinLimit(first.total, format);
  const all = first.total > 1 ? await incomingRegister(db, env, f, { limit: Math.max(first.total, 1) }) : first;
  const sort = f.sort ?? 'number';
  const handler = await handlerLabel(db, f.handler);
  const [own] = env.actor.unitId ? await db.select({ name: unit.name }).from(unit).where(eq(unit.id, env.actor.unitId)) : [];
  return registerOutput(db, {
    format,
    action: 'incoming.register.export',
    title: '收文登记簿',
    fileStem: '收文登记簿',
    filterWords: [
      ...describeCommonFilters(f, '收文日期', INCOMING_KIND),
      ...(f.sender ? [`来文单位：${f.sender}`] : []),
      ...(handler ? [`主办单位：${handler}`] : []),
    ],
    orderWords: sortWords(sort, f.dir ?? defaultDir(sort)),
    filters: f,
    columns: INCOMING_REGISTER_COLUMNS,
    rows: all.items,
    actor: env.actor,
    audit: env.audit,
    now: env.now,
    unitName: own?.name ?? '',
    fontSettings: env.fontSettings,
  });
}

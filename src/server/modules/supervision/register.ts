import { and, arrayOverlaps, count, desc, eq, gte, ilike, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import type { Classification } from '../../../contract/common';
import { titleFor } from '../../platform/access/classification';
import { CURSORS, decodeCursor, page } from '../../platform/http/pagination';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { assertWithinLimit, handlerLabel, registerOutput, type RegisterColumn } from '../../platform/registers/output';
import { likeEscape } from '../../platform/search/tokenize';
import { chinaToday } from '../../platform/workbench/service';
import { person, unit } from '../../org/schema';
import { SUPERVISION_LIGHTS, type SupervisionFilter } from '../../../contract/supervision';
import { CATEGORIES, DEFAULT_LIGHT_CONFIG, SOURCES } from './policy';
import { lightSettings, type LightSettings } from './settings';
import { supervisionItem } from './schema';
import { present, SUPERVISION_KIND } from './service';

// 督办登记簿 (issue 16 items 6–7): the register with its filters, the counts by light, and its .xlsx export.

type LightKey = (typeof SUPERVISION_LIGHTS)[number];

/**
 * What `lightOf` needs from the calendar, worked out once per request: today, and the Nth working day after it for
 * each office's N (`settings.ts`). An open item due on or after today is in its yellow window exactly when its due
 * date is before that day — fewer than N working days remain (`deadlineOf` counts the working days in (today, due]) —
 * so SQL compares plain dates and agrees with `lightOf` on every day of the calendar, days off included.
 */
function lightBounds(ctx: Pick<RequestContext, 'now' | 'cal'>, settings: LightSettings) {
  const today = chinaToday(ctx.now);
  const before = (n: number) => ctx.cal.addWorkdays(today, n).date;
  const otherwise = sql`${before(DEFAULT_LIGHT_CONFIG.yellowWithinWorkdays)}::date`;
  const exceptions = [...settings.exceptions()];
  // The day before which an item is yellow, by the office that owns it: most offices keep the default.
  const yellowBefore = exceptions.length
    ? sql`(case ${sql.join(
        exceptions.map(
          ([n, offices]) => sql`when ${item.owningUnitId} = any(${sql.param(offices)}::uuid[]) then ${before(n)}::date`,
        ),
        sql` `,
      )} else ${otherwise} end)`
    : otherwise;
  return { today, yellowBefore };
}
type LightBounds = ReturnType<typeof lightBounds>;

/**
 * A progress report overdue: the lead unit's handling task (step `handle`) is open and its report date has passed —
 * what turns an item yellow however far its deadline (`policy.ts lightOf`), in the register and every view.
 */
export const progressOverdue = (today: string) =>
  // Not correlated: the few open tasks with a report past due are read once (task_progress_due_idx) and hashed,
  // rather than every item of the register probing the task table (bench M: 5.5 of the page's 6 ms).
  sql<boolean>`${item.id} in (select pt.item_id from task pt where pt.state = 'open'
    and pt.progress_due_date < ${today}::date and pt.step_key = 'handle')`;

/** The lights in the order of `lightCase`'s codes. */
const LIGHT_CODES = ['green', 'yellow', 'red', 'closed'] as const satisfies readonly LightKey[];
const codeOf = (l: LightKey) => LIGHT_CODES.indexOf(l);

/**
 * Each item's light as one value, `lightOf` in SQL: closed, else red when past due, else yellow within the office's
 * window or with a report overdue, else green — as a small integer (`LIGHT_CODES`): grouping 4,800 items by text
 * sorts them under the database's collation (bench M, the provincial reader: 4.2 ms; by integer 2.3 ms).
 * Open items always have a due date.
 */
function lightCase(b: LightBounds): SQL<number> {
  return sql<number>`(case when ${item.closedAt} is not null then 3 when ${item.dueDate} < ${b.today}::date then 2
    when ${item.dueDate} < ${b.yellowBefore} or ${progressOverdue(b.today)} then 1 else 0 end)`;
}

const like = (s: string) => `%${likeEscape(s)}%`;

/** The filters other than the light: what the items must be for the reader to see them in the register. */
function filterWhere(ctx: RequestContext, f: SupervisionFilter): SQL {
  return and(
    eq(item.kind, SUPERVISION_KIND),
    readableItemsWhere(ctx.actor, ctx.ceiling),
    f.source ? eq(supervisionItem.source, f.source) : undefined,
    f.category ? eq(supervisionItem.category, f.category) : undefined,
    f.unitId
      ? or(eq(supervisionItem.leadUnitId, f.unitId), arrayOverlaps(supervisionItem.assistingUnitIds, [f.unitId]))
      : undefined,
    f.leaderId ? eq(supervisionItem.leaderPersonId, f.leaderId) : undefined,
    f.state === 'open' ? isNull(item.closedAt) : f.state === 'closed' ? isNotNull(item.closedAt) : undefined,
    f.openedFrom ? gte(supervisionItem.openedOn, f.openedFrom) : undefined,
    f.openedTo ? lte(supervisionItem.openedOn, f.openedTo) : undefined,
    f.dueFrom ? gte(item.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lte(item.dueDate, f.dueTo) : undefined,
    f.q ? or(ilike(item.registryNo, like(f.q)), ilike(item.title, like(f.q))) : undefined,
  )!;
}

const presentedItem = {
  id: item.id,
  kind: item.kind,
  state: item.state,
  registryNo: item.registryNo,
  title: item.title,
  classification: item.classification,
  owningUnitId: item.owningUnitId,
  dueDate: item.dueDate,
  closedAt: item.closedAt,
  createdAt: item.createdAt,
};

/**
 * The register: the items the reader may read, newest first, filtered; `total` counts every match, `byLight` the
 * matches of the other filters by light — one query. Each row's light is `lightOf` on the same facts as the filter.
 */
export async function listSupervision(
  db: Queryable,
  ctx: RequestContext,
  query: SupervisionFilter & { limit: number; cursor?: string | undefined },
) {
  const cursor = decodeCursor(query.cursor, CURSORS.timeAndId);
  const settings = await lightSettings(db);
  const bounds = lightBounds(ctx, settings);
  const light = lightCase(bounds);
  const base = filterWhere(ctx, query);
  // The light filter and the counts read the same CASE, so a light's count is its list.
  const where = and(base, query.light ? sql`${light} = ${codeOf(query.light)}` : undefined);
  const late = progressOverdue(bounds.today);
  const [rows, counts] = await Promise.all([
    db
      // The item's columns a row shows, not the whole row (its search tokens and vector are most of its bytes).
      .select({ s: supervisionItem, it: presentedItem, late })
      .from(supervisionItem)
      .innerJoin(item, eq(item.id, supervisionItem.itemId))
      .where(
        and(
          where,
          cursor
            ? or(lt(item.createdAt, new Date(cursor[0])), and(eq(item.createdAt, new Date(cursor[0])), lt(item.id, cursor[1])))
            : undefined,
        ),
      )
      .orderBy(desc(item.createdAt), desc(item.id))
      .limit(query.limit + 1),
    db
      // Each item's light once (one CASE: its report-overdue test read at most once per item), grouped by it.
      .select({ light, n: count() })
      .from(item)
      // A left join on the record's key: PostgreSQL drops it when no filter is on the record's own columns, so the
      // counts read `item` alone (one probe of supervision_item per item saved); with such a filter it is an inner join.
      .leftJoin(supervisionItem, eq(supervisionItem.itemId, item.id))
      .where(base)
      // By position: the CASE written again would carry its own parameters, which PostgreSQL cannot match to the select's.
      .groupBy(sql`1`),
  ]);
  const paged = page(rows, query.limit, (r) => [r.it.createdAt.toISOString(), r.it.id]);
  const shown = await present(db, paged.items, bounds.today, ctx, settings);
  const items = shown.map((x, i) => {
    const { it } = paged.items[i]!;
    return { ...x, title: titleFor(ctx.actor, it.classification as Classification, it.title) };
  });
  const byLight = { green: 0, yellow: 0, red: 0, closed: 0 };
  for (const c of counts) byLight[LIGHT_CODES[c.light]!] = Number(c.n);
  const total = query.light ? byLight[query.light] : byLight.green + byLight.yellow + byLight.red + byLight.closed;
  return { items, nextCursor: paged.nextCursor, total, byLight };
}

type Row = Awaited<ReturnType<typeof listSupervision>>['items'][number];

const LIGHT_WORDS = { green: '绿', yellow: '黄', red: '红', closed: '已办结' } as const;

/** The 督办登记簿's columns in a spreadsheet (issue 16 item 7). */
const COLUMNS: RegisterColumn<Row>[] = [
  { header: '督办编号', kind: 'text', weight: 10, value: (r) => r.registryNo },
  { header: '标题', kind: 'text', weight: 24, maxWidth: 60, value: (r) => r.title },
  { header: '来源', kind: 'text', weight: 10, value: (r) => r.sourceName },
  { header: '主办单位', kind: 'text', weight: 12, maxWidth: 30, value: (r) => r.leadUnit.name },
  { header: '协办单位', kind: 'text', weight: 12, maxWidth: 40, value: (r) => r.assistingUnits.map((u) => u.name).join('、') },
  { header: '责任领导', kind: 'text', weight: 6, value: (r) => r.leader?.name ?? null },
  { header: '类别', kind: 'text', weight: 4, value: (r) => CATEGORIES[r.category].name },
  { header: '立项日期', kind: 'date', weight: 7, value: (r) => r.openedOn },
  { header: '办理期限', kind: 'date', weight: 7, value: (r) => r.dueDate },
  { header: '状态', kind: 'text', weight: 5, value: (r) => r.state },
  { header: '灯号', kind: 'text', weight: 4, value: (r) => LIGHT_WORDS[r.light ?? 'closed'] },
];

/** The filters in words, for the line under the exported register's title. */
async function filterWords(db: Queryable, f: SupervisionFilter) {
  const [leader] = f.leaderId ? await db.select({ name: person.name }).from(person).where(eq(person.id, f.leaderId)) : [];
  const unitName = await handlerLabel(db, f.unitId);
  const range = (label: string, from?: string, to?: string) =>
    from || to ? [`${label}：${from ?? '不限'} 至 ${to ?? '不限'}`] : [];
  return [
    ...(f.source ? [`来源：${SOURCES[f.source].name}`] : []),
    ...(f.category ? [`类别：${CATEGORIES[f.category].name}`] : []),
    ...(unitName ? [`承办单位：${unitName}`] : []),
    ...(leader ? [`责任领导：${leader.name}`] : []),
    ...(f.light ? [`灯号：${LIGHT_WORDS[f.light]}`] : []),
    ...(f.state ? [`状态：${f.state === 'open' ? '在办' : '已办结'}`] : []),
    ...range('立项日期', f.openedFrom, f.openedTo),
    ...range('办理期限', f.dueFrom, f.dueTo),
    ...(f.q ? [`检索：${f.q}`] : []),
  ];
}

/** The 督办登记簿 with the filters as on screen, as .xlsx; who took it, with which filters, is recorded. */
export async function exportSupervisionRegister(db: Db, ctx: RequestContext, f: SupervisionFilter) {
  // Counted first, so a register past the limit costs no rows and writes nothing.
  const first = await listSupervision(db, ctx, { ...f, limit: 1 });
  assertWithinLimit(first.total, 'xlsx');
  const all = first.total > 1 ? await listSupervision(db, ctx, { ...f, limit: first.total }) : first;
  const [own] = ctx.actor.unitId ? await db.select({ name: unit.name }).from(unit).where(eq(unit.id, ctx.actor.unitId)) : [];
  return registerOutput(db, {
    format: 'xlsx',
    action: 'supervision.register.export',
    title: '督办登记簿',
    fileStem: '督办登记簿',
    filterWords: await filterWords(db, f),
    orderWords: '按立项先后降序',
    filters: f,
    columns: COLUMNS,
    rows: all.items,
    actor: ctx.actor,
    audit: ctx.audit,
    now: ctx.now,
    unitName: own?.name ?? '',
    fontSettings: {},
  });
}

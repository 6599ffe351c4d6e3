import { stateName } from '../flow/states';
import { heldBy } from '../flow/holding';
import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable } from '../db/client';
import type { Actor } from '../access/actor';
import { atOrBelow, lower } from '../access/classification';
import type { WorkCalendar } from '../calendar/calendar';
import { deadlineOf } from '../calendar/deadline';
import { item } from '../items/schema';
import { task } from '../flow/schema';
import { notification } from '../notify/schema';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { WORKBENCH_TABS, type WorkbenchRow, type WorkbenchTab, type workbenchQuerySchema } from '../../../contract/workbench';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China (UTC+8, no daylight saving): deadlines are dates on the Beijing calendar. */
export const chinaToday = (now: Date) => new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

const assignee = aliasedTable(person, 'assignee');

// 特提 (telegrams) outranks 特急, then 加急, 平急 (GB/T 9704 §7.2.5 and the telegram rules).
const urgencyRank = sql<number>`case ${item.urgency} when '特提' then 4 when '特急' then 3 when '加急' then 2 when '平急' then 1 else 0 end`;

interface Scope {
  actor: Actor;
  levels: Classification[];
}

export function workbenchScope(actor: Actor, ceiling: Classification): Scope {
  return { actor, levels: atOrBelow(lower(actor.clearance, ceiling)) };
}

/** The one definition of each tab; lists, counts and badges all use it, so a count always equals its list. */
function tabWhere(tab: WorkbenchTab, s: Scope): SQL {
  const a = s.actor;
  // Administrators and people without a post have no business work (三员分立).
  if (a.adminRole || !a.postId || !a.unitId) return sql`false`;
  const readable = inArray(item.classification, s.levels);
  if (tab === 'started') return and(eq(item.createdBy, a.personId), eq(item.owningUnitId, a.unitId), readable)!;
  if (tab === 'done') {
    return and(eq(task.state, 'done'), eq(task.completedByPersonId, a.personId), eq(task.completedByPostId, a.postId), readable)!;
  }
  // Tasks the actor holds, own or by delegation (flow/holding.ts, the same rule the engine applies).
  return and(eq(task.state, 'open'), eq(task.kind, tab === 'todo' ? 'do' : 'read'), heldBy(a), readable)!;
}

function orderFor(tab: WorkbenchTab, sort: 'due' | 'urgency' | 'created'): SQL[] {
  const due = tab === 'started' ? item.dueDate : task.dueDate;
  const newest = tab === 'started' ? item.createdAt : tab === 'done' ? task.completedAt : task.createdAt;
  const id = tab === 'started' ? item.id : task.id;
  if (sort === 'urgency') return [desc(urgencyRank), sql`${due} asc nulls last`, desc(newest), asc(id)];
  if (sort === 'created') return [desc(newest), asc(id)];
  return [sql`${due} asc nulls last`, desc(urgencyRank), desc(newest), asc(id)];
}

export async function listWorkbench(
  db: Queryable,
  scope: Scope,
  tab: WorkbenchTab,
  query: z.output<typeof workbenchQuerySchema>,
  cal: WorkCalendar,
  now: Date,
) {
  const today = chinaToday(now);
  const where = and(tabWhere(tab, scope), query.module ? eq(item.kind, query.module) : undefined);
  // The total comes from the same statement as the page, so the two can never disagree.
  const total = sql<number>`count(*) over ()`;
  let rows: (Omit<WorkbenchRow, 'deadline' | 'createdAt' | 'completedAt' | 'classification'> & {
    classification: string;
    dueDate: string | null;
    createdAt: Date;
    completedAt: Date | null;
    total: number;
  })[];
  if (tab === 'started') {
    rows = await db
      .select({
        id: item.id,
        itemId: item.id,
        title: item.title,
        module: item.kind,
        step: sql<string | null>`null`,
        registryNo: item.registryNo,
        classification: item.classification,
        urgency: item.urgency,
        state: item.state,
        dueDate: item.dueDate,
        onBehalfOf: sql<string | null>`null`,
        createdAt: item.createdAt,
        completedAt: item.closedAt,
        remindCount: sql<number>`0`,
        version: item.version,
        dispatchId: sql<string | null>`null`,
        total,
      })
      .from(item)
      .where(where)
      .orderBy(...orderFor(tab, query.sort))
      .limit(query.limit)
      .offset(query.offset);
  } else {
    rows = await db
      .select({
        id: task.id,
        itemId: item.id,
        title: item.title,
        module: item.kind,
        step: task.step,
        registryNo: item.registryNo,
        classification: item.classification,
        urgency: item.urgency,
        state: task.state,
        dueDate: task.dueDate,
        onBehalfOf: sql<
          string | null
        >`case when ${task.assigneePersonId} = ${scope.actor.personId} then null else ${assignee.name} end`,
        createdAt: task.createdAt,
        completedAt: task.completedAt,
        remindCount: task.remindCount,
        version: task.version,
        dispatchId: task.dispatchId,
        total,
      })
      .from(task)
      .innerJoin(item, eq(item.id, task.itemId))
      .innerJoin(assignee, eq(assignee.id, task.assigneePersonId))
      .where(where)
      .orderBy(...orderFor(tab, query.sort))
      .limit(query.limit)
      .offset(query.offset);
  }
  let totalCount = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && query.offset > 0) totalCount = await countTab(db, scope, tab, query.module);
  const open = tab === 'todo' || tab === 'toRead' || tab === 'started';
  return {
    tab,
    total: totalCount,
    today,
    items: rows.map(({ total: _t, dueDate, createdAt, completedAt, ...r }) => ({
      ...r,
      // The 我发起的 tab shows where the item stands (its state's name); the others the task's own state.
      state: tab === 'started' ? stateName(r.module, r.state) : r.state,
      classification: r.classification as Classification,
      remindCount: Number(r.remindCount),
      deadline: deadlineOf(cal, dueDate, today, open && (tab !== 'started' || completedAt === null)),
      createdAt: createdAt.toISOString(),
      completedAt: completedAt?.toISOString() ?? null,
    })),
  };
}

async function countTab(db: Queryable, scope: Scope, tab: WorkbenchTab, module?: string) {
  const where = and(tabWhere(tab, scope), module ? eq(item.kind, module) : undefined);
  const q =
    tab === 'started'
      ? db.select({ n: count() }).from(item).where(where)
      : db.select({ n: count() }).from(task).innerJoin(item, eq(item.id, task.itemId)).where(where);
  const [r] = await q;
  return Number(r?.n ?? 0);
}

/** Badge numbers for the four tabs, split by module, plus overdue 待办 and unread notifications. */
export async function workbenchSummary(db: Queryable, scope: Scope, now: Date) {
  const today = chinaToday(now);
  const counts = { todo: 0, toRead: 0, done: 0, started: 0 };
  const byModule = { todo: {}, toRead: {}, done: {}, started: {} } as Record<WorkbenchTab, Record<string, number>>;
  for (const tab of WORKBENCH_TABS) {
    const where = tabWhere(tab, scope);
    const rows =
      tab === 'started'
        ? await db.select({ module: item.kind, n: count() }).from(item).where(where).groupBy(item.kind)
        : await db
            .select({ module: item.kind, n: count() })
            .from(task)
            .innerJoin(item, eq(item.id, task.itemId))
            .where(where)
            .groupBy(item.kind);
    for (const r of rows) {
      byModule[tab][r.module] = Number(r.n);
      counts[tab] += Number(r.n);
    }
  }
  const [overdue] = await db
    .select({ n: count() })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .where(and(tabWhere('todo', scope), lt(task.dueDate, today)));
  const [unread] = await db
    .select({ n: count() })
    .from(notification)
    .where(and(eq(notification.personId, scope.actor.personId), isNull(notification.readAt)));
  return { counts, byModule, overdue: Number(overdue?.n ?? 0), unreadNotifications: Number(unread?.n ?? 0) };
}

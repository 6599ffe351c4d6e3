import { aliasedTable, and, asc, eq, gte, isNull, lte, notInArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { titleFor } from '../../platform/access/classification';
import { readableItemsWhere } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { stateName } from '../../platform/flow/states';
import { chinaToday } from '../../platform/workbench/service';
import { unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { lightOf } from './policy';
import { lightSettings } from './settings';
import { supervisionItem } from './schema';
import { progressOverdue } from './register';
import { SUPERVISION_KIND } from './service';

// 督办期限日历 (issue 16 §6): the open items the reader may read, due in one month, by day, with their light; and the
// month's days off on the official calendar, so the page greys them (a deadline never falls on one unless set so).

const leadUnit = aliasedTable(unit, 'lead_unit');

/** Items whose flow has ended without 销号 are not waited for (撤销督办, 不予立项). */
const ENDED = ['closed', 'withdrawn', 'declined'];

/** The days of a month, YYYY-MM-DD. */
function daysOf(month: string): string[] {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export async function supervisionCalendar(db: Queryable, ctx: RequestContext, month: string) {
  const today = chinaToday(ctx.now);
  const settings = await lightSettings(db);
  const days = daysOf(month);
  const late = progressOverdue(today);
  const rows = await db
    .select({ it: item, lead: { id: leadUnit.id, name: leadUnit.name }, late })
    .from(supervisionItem)
    .innerJoin(item, eq(item.id, supervisionItem.itemId))
    .innerJoin(leadUnit, eq(leadUnit.id, supervisionItem.leadUnitId))
    .where(
      and(
        eq(item.kind, SUPERVISION_KIND),
        readableItemsWhere(ctx.actor, ctx.ceiling),
        isNull(item.closedAt),
        notInArray(item.state, ENDED),
        gte(item.dueDate, days[0]!),
        lte(item.dueDate, days.at(-1)!),
      ),
    )
    .orderBy(asc(item.dueDate), asc(item.registryNo));
  const byDay = new Map<string, ReturnType<typeof entry>[]>();
  function entry({ it, lead, late: overdue }: (typeof rows)[number]) {
    return {
      itemId: it.id,
      registryNo: it.registryNo ?? '',
      title: titleFor(ctx.actor, it.classification as Classification, it.title),
      light: lightOf(
        { dueDate: it.dueDate!, closedAt: it.closedAt, progressOverdue: overdue },
        today,
        ctx.cal,
        settings.of(it.owningUnitId),
      ),
      leadUnit: lead,
      state: stateName(it.kind, it.state),
    };
  }
  for (const r of rows) byDay.set(r.it.dueDate!, [...(byDay.get(r.it.dueDate!) ?? []), entry(r)]);
  return {
    month,
    today,
    days: [...byDay].map(([date, items]) => ({ date, items })),
    daysOff: days.filter((d) => !ctx.cal.isWorkday(d)),
    calendarComplete: ctx.cal.loadedYears().includes(Number(month.slice(0, 4))),
  };
}

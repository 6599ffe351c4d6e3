import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import type { ItemStatus } from '../../platform/items/status';
import { item } from '../../platform/items/schema';
import { stateName } from '../../platform/flow/states';
import { chinaToday } from '../../platform/workbench/service';
import { lightOf } from './policy';
import { lightSettings } from './settings';
import { progressOverdue } from './register';
import { SUPERVISION_KIND } from './service';

// `ModuleDef.statusOf`: the light of 督办 items another module tracks (a meeting's 议定事项), by the same rule as the
// register and every view — each item lit by its own office's 督查室设置 — and the state's name. Items that ended without
// 销号 (不予立项, 撤销) have no light.

const ENDED = ['withdrawn', 'declined'];

export async function supervisionStatus(db: Queryable, ctx: RequestContext, itemIds: string[]) {
  const out = new Map<string, ItemStatus>();
  if (!itemIds.length) return out;
  const today = chinaToday(ctx.now);
  const settings = await lightSettings(db);
  const rows = await db
    .select({ it: item, late: progressOverdue(today) })
    .from(item)
    .where(and(eq(item.kind, SUPERVISION_KIND), inArray(item.id, itemIds)));
  for (const { it, late } of rows)
    out.set(it.id, {
      light:
        ENDED.includes(it.state) || !it.dueDate
          ? null
          : lightOf(
              { dueDate: it.dueDate, closedAt: it.closedAt, progressOverdue: late },
              today,
              ctx.cal,
              settings.of(it.owningUnitId),
            ),
      state: stateName(it.kind, it.state),
    });
  return out;
}

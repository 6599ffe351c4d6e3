import { inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import type { Authorized, ItemView } from '../../platform/items/service';
import { flowView, itemLinks } from '../../platform/flow/view';
import { person } from '../../org/schema';
import { leadersOfUnit } from '../../platform/flow/resolve';
import { myReceipts, receiptsOf } from './actions';
import type { getSupervision } from './service';

/**
 * The item page: the record (立项), its flow as every module shows it (steps, opinions, tasks, the reader's own
 * tasks), its links, each unit's 签收 or 退办, and whom the lead unit may ask to sign its 办结报告.
 */
export async function supervisionDetail(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  record: Awaited<ReturnType<typeof getSupervision>>,
) {
  const flow = await flowView(tx, ctx.actor, base.id, ctx.now);
  const leaders = await leadersOfUnit(tx, record.leadUnit.id);
  const names = leaders.length
    ? await tx
        .select({ id: person.id, name: person.name })
        .from(person)
        .where(
          inArray(
            person.id,
            leaders.map((l) => l.personId),
          ),
        )
    : [];
  return {
    ...record,
    ...flow,
    links: await itemLinks(tx, base.id, ctx.actor, ctx.ceiling),
    receipts: await receiptsOf(tx, ctx.actor, base.id),
    myReceipts: await myReceipts(tx, ctx, base.id),
    signers: leaders.map((l) => ({ id: l.personId, name: names.find((n) => n.id === l.personId)?.name ?? '' })),
    supervises: hasRoleOver(ctx.actor, 'supervisor', base.owningUnitId),
  };
}

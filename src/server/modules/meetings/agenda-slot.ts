import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import type { AgendaSlot } from '../../../contract/meetings';
import { loadMeeting, plansFor } from './meetings';
import { checkAgendaSlot } from './policy';
import { meetingAgendaItem } from './schema';
import { refuseCancelled } from './cancelled';

// A topic's reporting slot on the agenda (its minutes), changed after it was added; the 精文减会 speech limit is
// checked as when it was added (policy.ts checkAgendaSlot).

/** 调整汇报时间: the office's registrars or the chair set a topic's slot, until the meeting starts. */
export async function setAgendaSlot(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  agendaItemId: string,
  input: AgendaSlot,
) {
  const m = await loadMeeting(tx, base, true);
  if (!plansFor(ctx, m.officeUnitId) && m.chairPersonId !== ctx.actor.personId)
    throw forbidden('只有本办公厅（室）的登记人员或会议主持人可以调整议程');
  const [a] = await tx
    .select()
    .from(meetingAgendaItem)
    .where(and(eq(meetingAgendaItem.id, agendaItemId), eq(meetingAgendaItem.meetingItemId, m.itemId)));
  if (!a) throw notFound('议程事项');
  refuseCancelled(m);
  if (base.closedAt || m.startsAt <= ctx.now) throw conflict('会议已召开或已结束，不能再调整议程');
  if (a.state === 'refused') throw conflict('未获同意的议题留存备查，不能调整');
  await tx.update(meetingAgendaItem).set({ minutes: input.minutes }).where(eq(meetingAgendaItem.id, a.id));
  await checkAgendaSlot(tx, ctx, m, { id: a.id, minutes: input.minutes }, input.overrideReason);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.agenda.slot',
    targetType: 'item',
    targetId: m.itemId,
    summary: { agendaItemId: a.id, topicItemId: a.topicItemId, minutes: input.minutes, previous: a.minutes },
  });
}

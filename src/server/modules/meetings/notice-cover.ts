import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import { dispatch } from '../../platform/flow/schema';

/** The kind of sending of a 会议通知: a unit's registrars sign for it with the 回执 of the unit's invited people. */
export const MEETING_NOTICE = 'meetingNotice';

export type NoticeCover = { id: string; unitId: string; state: string };

/**
 * Which current 会议通知 answers for the people of each unit: the notice is sent to the unit of each invited person,
 * then may be sent again (same unit) or redirected (改派) to another unit after a return — that unit's registrars then
 * answer for the first unit's people. So each current row covers the units of its chain (`previous_id`), its own first.
 * A unit whose row is `cancelled` (撤回) has its people's notice withdrawn.
 */
export async function noticeCover(db: Queryable, meetingItemId: string): Promise<Map<string, NoticeCover>> {
  const rows = await db
    .select({
      id: dispatch.id,
      unitId: dispatch.unitId,
      state: dispatch.state,
      previousId: dispatch.previousId,
      supersededAt: dispatch.supersededAt,
    })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, meetingItemId), eq(dispatch.kind, MEETING_NOTICE)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, NoticeCover>();
  const current = rows.filter((r) => !r.supersededAt);
  // A unit's own current row wins over a chain that passed through it.
  for (const r of current) out.set(r.unitId, { id: r.id, unitId: r.unitId, state: r.state });
  for (const r of current) {
    const seen = new Set<string>([r.id]);
    for (
      let p = r.previousId ? byId.get(r.previousId) : undefined;
      p && !seen.has(p.id);
      p = p.previousId ? byId.get(p.previousId) : undefined
    ) {
      seen.add(p.id);
      if (!out.has(p.unitId)) out.set(p.unitId, { id: r.id, unitId: r.unitId, state: r.state });
    }
  }
  return out;
}

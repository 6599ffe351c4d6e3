import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import type { Actor } from '../../platform/access/actor';
import { titleFor } from '../../platform/access/classification';
import { registrarsOf } from '../../platform/flow/resolve';
import { item } from '../../platform/items/schema';
import { notifyPeople } from '../../platform/notify/service';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { meetingHandout, meetingMaterial, meetingParticipant, meetingRecord } from './schema';

// 涉密材料随议题收回 (DOMAIN §11.8: "retrieved against the list … when that topic ends"): a topic's discussion is over
// when its record is written; the numbered copies of that topic's materials still out (not returned, not reported lost)
// are then listed per topic on the copy register and told to the office's registrars and the meeting's staff, so
// they are collected before the attendees leave. The meeting still does not close while any copy is out (handouts.ts).

/** The copies still out of the materials of topics whose record is written, per topic (the order of the record). */
export async function copiesOutByTopic(db: Queryable, actor: Actor, meetingItemId: string, topicItemId?: string) {
  const rows = await db
    .select({
      topicItemId: meetingMaterial.topicItemId,
      topic: item.title,
      classification: item.classification,
      endedAt: meetingRecord.recordedAt,
      material: meetingMaterial.title,
      copyNo: meetingHandout.copyNo,
      holder: person.name,
    })
    .from(meetingHandout)
    .innerJoin(meetingMaterial, eq(meetingMaterial.id, meetingHandout.materialId))
    .innerJoin(
      meetingRecord,
      and(
        eq(meetingRecord.meetingItemId, meetingMaterial.meetingItemId),
        eq(meetingRecord.topicItemId, meetingMaterial.topicItemId),
      ),
    )
    .innerJoin(item, eq(item.id, meetingMaterial.topicItemId))
    .innerJoin(person, eq(person.id, meetingHandout.holderPersonId))
    .where(
      and(
        eq(meetingMaterial.meetingItemId, meetingItemId),
        isNotNull(meetingMaterial.topicItemId),
        topicItemId ? eq(meetingMaterial.topicItemId, topicItemId) : undefined,
        isNull(meetingHandout.returnedAt),
        isNull(meetingHandout.lostAt),
      ),
    )
    .orderBy(asc(meetingRecord.recordedAt), asc(meetingMaterial.title), asc(meetingHandout.copyNo));
  const out = new Map<
    string,
    { topicItemId: string; topic: string; endedAt: string; copies: { material: string; copyNo: number; holder: string }[] }
  >();
  for (const r of rows) {
    const key = r.topicItemId!;
    if (!out.has(key))
      out.set(key, {
        topicItemId: key,
        topic: titleFor(actor, r.classification as Classification, r.topic),
        endedAt: r.endedAt.toISOString(),
        copies: [],
      });
    out.get(key)!.copies.push({ material: r.material, copyNo: r.copyNo, holder: r.holder });
  }
  return [...out.values()];
}

/** As a topic's record is written: the office's registrars and the meeting's staff are told what of it is still out. */
export async function tellCopiesOut(
  tx: Tx,
  ctx: RequestContext,
  m: { itemId: string; officeUnitId: string },
  classification: Classification,
  topicItemId: string,
) {
  const [ended] = await copiesOutByTopic(tx, ctx.actor, m.itemId, topicItemId);
  if (!ended) return;
  const staff = await tx
    .select({ personId: meetingParticipant.personId })
    .from(meetingParticipant)
    .where(and(eq(meetingParticipant.meetingItemId, m.itemId), eq(meetingParticipant.role, 'staff')));
  const people = new Set([
    ...(await registrarsOf(tx, m.officeUnitId, classification)).map((p) => p.personId),
    ...staff.map((s) => s.personId),
  ]);
  const copies = ended.copies.map((c) => `《${c.material}》第${c.copyNo}份（${c.holder}）`).join('、');
  await notifyPeople(
    tx,
    [...people].map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `议题《${ended.topic}》审议结束，以下涉密材料尚未收回，请在参会人员离场前收回：${copies}`,
      itemId: m.itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
}

import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { titleFor } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { flowInstance } from '../../platform/flow/schema';
import { item } from '../../platform/items/schema';
import { grantItemAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { person, post } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { RecordTopic } from '../../../contract/meetings-minutes';
import { loadMeeting, plansFor } from './meetings';
import { copiesOutByTopic, tellCopiesOut } from './handout-topics';
import { meeting, meetingAgendaItem, meetingMinutes, meetingParticipant, meetingRecord } from './schema';
import { refuseCancelled } from './cancelled';

// 会议记录 (issue 17 item 7, DOMAIN §11.5): per agenda topic the result, the main proceedings and who said what —
// differing opinions as they were said. An internal working record, not a 公文: written by the recorders (the office's
// registrars, who plan the meeting, and its staff) once the meeting has started; read only by them, the chair and the
// office's secretary-general (its principal leader) — anyone else, members and the proposing unit included, is told
// it does not exist. The topic's state becomes the result.

type Meeting = typeof meeting.$inferSelect;

/** Who writes the record: the office's registrars and the meeting's staff (工作人员). */
export async function isRecorder(db: Queryable, ctx: RequestContext, m: Meeting) {
  if (plansFor(ctx, m.officeUnitId)) return true;
  const [staff] = await db
    .select({ id: meetingParticipant.personId })
    .from(meetingParticipant)
    .where(
      and(
        eq(meetingParticipant.meetingItemId, m.itemId),
        eq(meetingParticipant.personId, ctx.actor.personId),
        eq(meetingParticipant.role, 'staff'),
      ),
    );
  return !!staff;
}

/** The office's principal leader (秘书长) now. */
async function principalsOf(db: Queryable, officeUnitId: string) {
  const rows = await db
    .select({ personId: post.personId })
    .from(post)
    .where(and(eq(post.unitId, officeUnitId), eq(post.isPrincipal, true), isNull(post.endedAt)));
  return rows.map((r) => r.personId);
}

/** Who reads the record: its recorders, the chair and the office's principal leader (秘书长). */
export async function readsRecord(db: Queryable, ctx: RequestContext, m: Meeting) {
  if (m.chairPersonId === ctx.actor.personId || (await isRecorder(db, ctx, m))) return true;
  return (await principalsOf(db, m.officeUnitId)).includes(ctx.actor.personId);
}

/** The 纪要 in force: the latest drafted from the meeting that was not withdrawn or stopped (作废). */
export async function minutesInForce(db: Queryable, meetingItemId: string) {
  const rows = await db
    .select({ itemId: meetingMinutes.outgoingItemId, state: item.state, flow: flowInstance.state })
    .from(meetingMinutes)
    .innerJoin(item, eq(item.id, meetingMinutes.outgoingItemId))
    .leftJoin(flowInstance, eq(flowInstance.itemId, meetingMinutes.outgoingItemId))
    .where(eq(meetingMinutes.meetingItemId, meetingItemId))
    .orderBy(desc(meetingMinutes.draftedAt));
  return rows.find((r) => r.state !== 'withdrawn' && r.flow !== 'stopped') ?? null;
}

/** The planned topics of the meeting in agenda order, with their titles as the reader may see them. */
export async function agendaTopics(db: Queryable, ctx: RequestContext, meetingItemId: string) {
  const rows = await db
    .select({ topicItemId: meetingAgendaItem.topicItemId, title: item.title, classification: item.classification })
    .from(meetingAgendaItem)
    .innerJoin(item, eq(item.id, meetingAgendaItem.topicItemId))
    .where(and(eq(meetingAgendaItem.meetingItemId, meetingItemId), eq(meetingAgendaItem.state, 'planned')))
    .orderBy(asc(meetingAgendaItem.position));
  return rows.map((r) => ({
    topicItemId: r.topicItemId,
    title: titleFor(ctx.actor, r.classification as Classification, r.title),
    fullTitle: r.title,
  }));
}

/** The record as its readers see it; anyone else is told it does not exist. */
export async function getRecord(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  if (!(await readsRecord(tx, ctx, m))) throw notFound('会议记录');
  const topics = await agendaTopics(tx, ctx, m.itemId);
  const rows = await tx
    .select({ r: meetingRecord, by: person.name })
    .from(meetingRecord)
    .innerJoin(person, eq(person.id, meetingRecord.recordedByPersonId))
    .where(eq(meetingRecord.meetingItemId, m.itemId));
  const of = new Map(rows.map((x) => [x.r.topicItemId, x]));
  return {
    mayWrite: (await isRecorder(tx, ctx, m)) && m.startsAt <= ctx.now && !(await minutesInForce(tx, m.itemId)),
    topics: topics.map((t) => {
      const x = of.get(t.topicItemId);
      return {
        topicItemId: t.topicItemId,
        title: t.title,
        result: x?.r.result ?? null,
        summary: x?.r.summary ?? '',
        speeches: x?.r.speeches ?? [],
        recordedBy: x?.by ?? null,
        recordedAt: x?.r.recordedAt.toISOString() ?? null,
      };
    }),
  };
}

/** The states a topic on a fixed agenda may be in while its result is recorded (or corrected). */
const RECORDABLE = ['scheduled', 'passed', 'passedInPrinciple', 'rejected', 'restudy', 'deferred'];

/**
 * A recorder writes (or corrects, until the 纪要 is drafted) the record of one topic; the topic's state becomes the
 * result, on record in the audit log.
 */
export async function writeRecord(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  topicItemId: string,
  input: RecordTopic,
) {
  const m = await loadMeeting(tx, base, true);
  if (!(await isRecorder(tx, ctx, m))) {
    if (await readsRecord(tx, ctx, m)) throw forbidden('只有本办公厅（室）的登记人员或会议工作人员可以填写会议记录');
    throw notFound('会议记录');
  }
  refuseCancelled(m);
  if (m.startsAt > ctx.now) throw conflict('会议尚未开始，不能填写会议记录');
  if (await minutesInForce(tx, m.itemId)) throw conflict('纪要已起草，会议记录不能再修改');
  const [onAgenda] = await tx
    .select({ id: meetingAgendaItem.id })
    .from(meetingAgendaItem)
    .where(
      and(
        eq(meetingAgendaItem.meetingItemId, m.itemId),
        eq(meetingAgendaItem.topicItemId, topicItemId),
        eq(meetingAgendaItem.state, 'planned'),
      ),
    );
  if (!onAgenda) throw notFound('议程中的议题');
  const [topic] = await tx.select({ state: item.state }).from(item).where(eq(item.id, topicItemId)).for('update');
  if (!topic || !RECORDABLE.includes(topic.state)) throw conflict('该议题未列入已确定的议程，不能记录审议结果');
  const row = {
    result: input.result,
    summary: input.summary,
    speeches: input.speeches,
    recordedByPersonId: ctx.actor.personId,
    recordedAt: ctx.now,
  };
  const [before] = await tx
    .select({ at: meetingRecord.recordedAt })
    .from(meetingRecord)
    .where(and(eq(meetingRecord.meetingItemId, m.itemId), eq(meetingRecord.topicItemId, topicItemId)));
  await tx
    .insert(meetingRecord)
    .values({ meetingItemId: m.itemId, topicItemId, ...row })
    .onConflictDoUpdate({ target: [meetingRecord.meetingItemId, meetingRecord.topicItemId], set: row });
  // The topic's discussion is over: its numbered copies still out are to be collected now (DOMAIN §11.8) — said once,
  // when its record is first written, not at every correction of it.
  if (!before) await tellCopiesOut(tx, ctx, m, base.classification, topicItemId);
  // The secretary-general reads the record (DOMAIN §11.5: consulted with their approval), so reads the meeting.
  for (const id of await principalsOf(tx, m.officeUnitId))
    await grantItemAccess(tx, m.itemId, { type: 'person', id }, '秘书长（会议记录）', ctx.audit, ctx.now);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.record.write',
    targetType: 'item',
    targetId: m.itemId,
    summary: {
      topicItemId,
      result: input.result,
      speeches: input.speeches.length,
      dissents: input.speeches.filter((s) => s.dissent).length,
    },
  });
  if (topic.state !== input.result) {
    await tx
      .update(item)
      .set({ state: input.result, updatedAt: ctx.now, version: sql`${item.version} + 1` })
      .where(eq(item.id, topicItemId));
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'meetings.topic.result',
      targetType: 'item',
      targetId: topicItemId,
      summary: { meetingItemId: m.itemId, from: topic.state, to: input.result },
    });
  }
}

/**
 * The copies still out of topics whose discussion is over, for those who write the record and collect them (the
 * office's registrars, the staff); any other reader of the meeting — whose page asks too — is given none.
 */
export async function copiesOutView(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  const collects = await isRecorder(tx, ctx, m);
  return { collects, topics: collects ? await copiesOutByTopic(tx, ctx.actor, m.itemId) : [] };
}

/** The recorded results and proceedings of the given topics (for the 纪要). */
export async function recordsOf(db: Queryable, meetingItemId: string, topicItemIds: string[]) {
  if (!topicItemIds.length) return new Map<string, typeof meetingRecord.$inferSelect>();
  const rows = await db
    .select()
    .from(meetingRecord)
    .where(and(eq(meetingRecord.meetingItemId, meetingItemId), inArray(meetingRecord.topicItemId, topicItemIds)));
  return new Map(rows.map((r) => [r.topicItemId, r]));
}

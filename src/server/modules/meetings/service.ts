import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { assertWithinCeiling, rank, titleFor } from '../../platform/access/classification';
import { CURSORS, decodeCursor, page } from '../../platform/http/pagination';
import { likeEscape } from '../../platform/search/tokenize';
import { recordEvent } from '../../platform/audit/service';
import { forbidden, invalid, notFound } from '../../platform/errors';
import { startFlow } from '../../platform/flow/engine';
import { stateName } from '../../platform/flow/states';
import { createItem, readableItemsWhere, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { CreateTopic, listTopicsQuerySchema, TOPIC_STAGES } from '../../../contract/meetings';

type TopicStage = (typeof TOPIC_STAGES)[number];
import { kindRefusal, MEETING_KINDS } from './kinds';
import { meetingTopic } from './schema';
import { TOPIC_FLOW } from './flow';

/** The item kind of 办会: its 议题 (and, as the module grows, its meetings). */
export const MEETINGS_KIND = 'meetings';

/** The offices a topic may be proposed to: a party committee's or a government's general office. */
const OFFICE_CATEGORIES = ['党委办公室', '政府办公室'];

/**
 * 议题提报: a unit drafts a topic for a kind of meeting of an office; the drafter's unit proposes it and keeps it until
 * its head signs it. The flow starts at 拟稿 in the drafter's hands.
 */
export async function createTopic(tx: Tx, ctx: RequestContext, input: CreateTopic) {
  const { actor, now } = ctx;
  if (!actor.unitId) throw forbidden('当前岗位不属于任何单位，不能提报议题');
  assertWithinCeiling(input.classification, ctx.ceiling);
  if (rank(input.classification) > rank(actor.clearance))
    throw forbidden(`密级“${input.classification}”超出您的涉密等级（${actor.clearance}）`);
  const [office] = await tx
    .select({ id: unit.id, category: unit.category })
    .from(unit)
    .where(and(eq(unit.id, input.officeUnitId), inArray(unit.category, OFFICE_CATEGORIES)));
  if (!office) throw invalid('请选择受理议题的党委或政府办公厅（室）');
  const mismatch = await kindRefusal(tx, input.meetingKind, office);
  if (mismatch) throw invalid(mismatch);
  const itemId = await createItem(tx, ctx, {
    kind: MEETINGS_KIND,
    title: input.title,
    classification: input.classification,
    owningUnitId: actor.unitId,
    owningDepartmentId: actor.departmentId,
    state: 'draft',
    dueDate: null,
    registryNo: null,
    searchText: [input.question],
  });
  await tx.insert(meetingTopic).values({
    itemId,
    officeUnitId: office.id,
    proposerUnitId: actor.unitId,
    meetingKind: input.meetingKind,
    situation: input.situation,
    question: input.question,
    suggestedSitIns: input.suggestedSitIns,
    majorDecision: input.majorDecision,
    appointments: input.appointments,
    createdByPersonId: actor.personId,
    createdAt: now,
  });
  await startFlow(tx, ctx, itemId, TOPIC_FLOW);
  await recordEvent(tx, ctx.audit, now, {
    action: 'meetings.topic.create',
    targetType: 'item',
    targetId: itemId,
    summary: { officeUnitId: office.id, meetingKind: input.meetingKind, majorDecision: input.majorDecision },
  });
  return { itemId };
}

/** One 议题 for whoever the kernel let read it. */
export async function getTopic(tx: Tx, base: Authorized<ItemView>) {
  const [row] = await tx
    .select({ t: meetingTopic, it: item })
    .from(meetingTopic)
    .innerJoin(item, eq(item.id, meetingTopic.itemId))
    .where(eq(meetingTopic.itemId, base.id));
  if (!row) throw notFound('议题');
  const units = await tx
    .select({ id: unit.id, name: unit.name })
    .from(unit)
    .where(inArray(unit.id, [row.t.officeUnitId, row.t.proposerUnitId]));
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? '';
  return {
    itemId: row.it.id,
    registryNo: row.it.registryNo,
    title: row.it.title,
    office: { id: row.t.officeUnitId, name: name(row.t.officeUnitId) },
    proposer: { id: row.t.proposerUnitId, name: name(row.t.proposerUnitId) },
    meetingKind: row.t.meetingKind,
    meetingKindName: MEETING_KINDS[row.t.meetingKind].name,
    situation: row.t.situation,
    question: row.t.question,
    suggestedSitIns: row.t.suggestedSitIns,
    majorDecision: row.t.majorDecision,
    appointments: row.t.appointments,
    classification: row.it.classification as Classification,
    state: stateName(row.it.kind, row.it.state),
    stateKey: row.it.state,
    legalityStartedOn: row.t.legalityStartedOn,
    refusal: row.t.refusal,
    returnedReason: row.t.returnedReason,
    withdrawnReason: row.t.withdrawnReason,
    createdBy: row.t.createdByPersonId,
    createdAt: row.t.createdAt.toISOString(),
  };
}

const like = (s: string) => `%${likeEscape(s)}%`;
const STAGE_STATES: Record<TopicStage, SQL> = {
  inProgress: sql`${item.state} not in ('proposed', 'scheduled', 'returned', 'withdrawn')`,
  proposed: eq(item.state, 'proposed'),
  scheduled: eq(item.state, 'scheduled'),
  returned: eq(item.state, 'returned'),
  withdrawn: eq(item.state, 'withdrawn'),
};

/** 议题: those the reader may read (their unit's, and the office's 议题库 for its registrars), newest first, filtered. */
export async function listTopics(db: Queryable, ctx: RequestContext, query: z.output<typeof listTopicsQuerySchema>) {
  const cursor = decodeCursor(query.cursor, CURSORS.timeAndId);
  const rows = await db
    .select({
      t: meetingTopic,
      it: {
        id: item.id,
        title: item.title,
        registryNo: item.registryNo,
        state: item.state,
        kind: item.kind,
        classification: item.classification,
      },
    })
    .from(meetingTopic)
    .innerJoin(item, eq(item.id, meetingTopic.itemId))
    .where(
      and(
        eq(item.kind, MEETINGS_KIND),
        readableItemsWhere(ctx.actor, ctx.ceiling),
        query.stage ? STAGE_STATES[query.stage] : undefined,
        query.meetingKind ? eq(meetingTopic.meetingKind, query.meetingKind) : undefined,
        query.officeUnitId ? eq(meetingTopic.officeUnitId, query.officeUnitId) : undefined,
        query.q ? or(ilike(item.title, like(query.q)), ilike(item.registryNo, like(query.q))) : undefined,
        cursor
          ? or(
              lt(meetingTopic.createdAt, new Date(cursor[0])),
              and(eq(meetingTopic.createdAt, new Date(cursor[0])), lt(meetingTopic.itemId, cursor[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(meetingTopic.createdAt), desc(meetingTopic.itemId))
    .limit(query.limit + 1);
  const paged = page(rows, query.limit, (r) => [r.t.createdAt.toISOString(), r.t.itemId]);
  const unitIds = [...new Set(paged.items.flatMap((r) => [r.t.officeUnitId, r.t.proposerUnitId]))];
  const names = new Map(
    (unitIds.length ? await db.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, unitIds)) : []).map(
      (u) => [u.id, u.name],
    ),
  );
  return {
    items: paged.items.map(({ t, it }) => ({
      itemId: it.id,
      registryNo: it.registryNo,
      title: titleFor(ctx.actor, it.classification as Classification, it.title),
      office: { id: t.officeUnitId, name: names.get(t.officeUnitId) ?? '' },
      proposer: { id: t.proposerUnitId, name: names.get(t.proposerUnitId) ?? '' },
      meetingKind: t.meetingKind,
      meetingKindName: MEETING_KINDS[t.meetingKind].name,
      majorDecision: t.majorDecision,
      state: stateName(it.kind, it.state),
      stateKey: it.state,
      createdAt: t.createdAt.toISOString(),
    })),
    nextCursor: paged.nextCursor,
  };
}

/** The offices a topic may be proposed to: every party committee's and government's general office. */
export async function topicOffices(db: Queryable) {
  return {
    items: await db
      .select({ id: unit.id, name: unit.name })
      .from(unit)
      .where(inArray(unit.category, OFFICE_CATEGORIES))
      .orderBy(unit.sortOrder, unit.name),
  };
}

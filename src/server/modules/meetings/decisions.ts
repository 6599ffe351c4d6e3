import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { deriveItem } from '../../platform/flow/links';
import { stateName } from '../../platform/flow/states';
import { itemLinks } from '../../platform/flow/view';
import type { Authorized, ItemView } from '../../platform/items/service';
import { statusOfItems } from '../../platform/items/status';
import { TITLE_MAX } from '../../../contract/common';
import type { DecisionInput } from '../../../contract/meetings-minutes';
import { person, post, unit } from '../../org/schema';
import { loadMeeting, plansFor } from './meetings';
import { isRecorder, minutesInForce, readsRecord } from './record';
import { meetingAgendaItem, meetingDecision } from './schema';
import { refuseCancelled } from './cancelled';

// 议定事项 (issue 17 item 8, DOMAIN §11.6): written with the record by its recorders, in order, each with its lead unit,
// assisting units, responsible leader and due date, editable until the 纪要 is drafted; then the office's supervisors
// (督查室) turn each into a 督办 item through the kernel's derive (source 会议议定事项, linked to the meeting both ways),
// and the meeting page shows each one's light. The light is the 督办 module's, asked through the kernel
// (`items/status.ts`): every reader of the meeting sees the light and the state of a decision's item and nothing more;
// opening the item is governed by its own rules.

type Meeting = Awaited<ReturnType<typeof loadMeeting>>;

async function assertEditable(tx: Tx, ctx: RequestContext, m: Meeting) {
  if (!(await isRecorder(tx, ctx, m))) throw forbidden('只有本办公厅（室）的登记人员或会议工作人员可以填写议定事项');
  refuseCancelled(m);
  if (m.startsAt > ctx.now) throw conflict('会议尚未开始，不能填写议定事项');
  if (await minutesInForce(tx, m.itemId)) throw conflict('纪要已起草，议定事项不能再修改');
}

/** The units, leader and topic named exist and belong where they should. */
async function checkDecision(tx: Tx, m: Meeting, input: DecisionInput) {
  const units = [...new Set([...(input.leadUnitId ? [input.leadUnitId] : []), ...input.assistingUnitIds])];
  if (input.leadUnitId && input.assistingUnitIds.includes(input.leadUnitId)) throw invalid('牵头单位不能同时是协办单位');
  if (new Set(input.assistingUnitIds).size !== input.assistingUnitIds.length) throw invalid('协办单位有重复');
  if (units.length) {
    const found = await tx
      .select({ id: unit.id })
      .from(unit)
      .where(and(inArray(unit.id, units), isNull(unit.disabledAt)));
    if (found.length !== units.length) throw invalid('所选单位不存在或已停用');
  }
  if (input.leaderPersonId) {
    const [leader] = await tx
      .select({ id: post.personId })
      .from(post)
      .where(and(eq(post.personId, input.leaderPersonId), eq(post.isLeader, true), isNull(post.endedAt)));
    if (!leader) throw invalid('责任领导须为领导职务');
  }
  if (input.topicItemId) {
    const [a] = await tx
      .select({ id: meetingAgendaItem.id })
      .from(meetingAgendaItem)
      .where(
        and(
          eq(meetingAgendaItem.meetingItemId, m.itemId),
          eq(meetingAgendaItem.topicItemId, input.topicItemId),
          eq(meetingAgendaItem.state, 'planned'),
        ),
      );
    if (!a) throw invalid('所选议题不在本次会议议程中');
  }
}

const fieldsOf = (input: DecisionInput) => ({
  text: input.text,
  topicItemId: input.topicItemId,
  leadUnitId: input.leadUnitId,
  assistingUnitIds: input.assistingUnitIds,
  leaderPersonId: input.leaderPersonId,
  dueDate: input.dueDate,
});

/** A recorder adds a decision at the end of the list. */
export async function addDecision(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: DecisionInput) {
  const m = await loadMeeting(tx, base, true);
  await assertEditable(tx, ctx, m);
  await checkDecision(tx, m, input);
  const [last] = await tx
    .select({ n: max(meetingDecision.seq) })
    .from(meetingDecision)
    .where(eq(meetingDecision.meetingItemId, m.itemId));
  const id = randomUUID();
  const seq = (last?.n ?? 0) + 1;
  await tx
    .insert(meetingDecision)
    .values({ id, meetingItemId: m.itemId, seq, ...fieldsOf(input), createdAt: ctx.now, updatedAt: ctx.now });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.decision.add',
    targetType: 'item',
    targetId: m.itemId,
    summary: { decisionId: id, seq, leadUnitId: input.leadUnitId, dueDate: input.dueDate },
  });
  return { id, seq };
}

async function decisionOf(tx: Tx, m: Meeting, decisionId: string) {
  const [d] = await tx
    .select()
    .from(meetingDecision)
    .where(and(eq(meetingDecision.id, decisionId), eq(meetingDecision.meetingItemId, m.itemId)))
    .for('update');
  if (!d) throw notFound('议定事项');
  return d;
}

/** A recorder corrects a decision (until the 纪要 is drafted; one already turned into 督办 stays as it was turned). */
export async function updateDecision(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  decisionId: string,
  input: DecisionInput,
) {
  const m = await loadMeeting(tx, base, true);
  await assertEditable(tx, ctx, m);
  const d = await decisionOf(tx, m, decisionId);
  if (d.supervisionItemId) throw conflict('该议定事项已转为督办事项，不能修改');
  await checkDecision(tx, m, input);
  await tx
    .update(meetingDecision)
    .set({ ...fieldsOf(input), updatedAt: ctx.now })
    .where(eq(meetingDecision.id, d.id));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.decision.edit',
    targetType: 'item',
    targetId: m.itemId,
    summary: {
      decisionId: d.id,
      seq: d.seq,
      before: fieldsOf({ ...d, assistingUnitIds: d.assistingUnitIds }),
      after: fieldsOf(input),
    },
  });
}

/** A recorder removes a decision; those after it move up. */
export async function removeDecision(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, decisionId: string) {
  const m = await loadMeeting(tx, base, true);
  await assertEditable(tx, ctx, m);
  const d = await decisionOf(tx, m, decisionId);
  if (d.supervisionItemId) throw conflict('该议定事项已转为督办事项，不能删除');
  await tx.delete(meetingDecision).where(eq(meetingDecision.id, d.id));
  // One at a time, in order, so the (meeting, seq) index never sees two alike.
  const after = await tx
    .select({ id: meetingDecision.id })
    .from(meetingDecision)
    .where(and(eq(meetingDecision.meetingItemId, m.itemId), gt(meetingDecision.seq, d.seq)))
    .orderBy(asc(meetingDecision.seq));
  for (const x of after)
    await tx
      .update(meetingDecision)
      .set({ seq: sql`${meetingDecision.seq} - 1` })
      .where(eq(meetingDecision.id, x.id));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.decision.remove',
    targetType: 'item',
    targetId: m.itemId,
    summary: { decisionId: d.id, seq: d.seq, text: d.text },
  });
}

/** The decisions of a meeting in order, with names for their units and leader. */
export async function decisionsOf(tx: Tx, meetingItemId: string) {
  const rows = await tx
    .select()
    .from(meetingDecision)
    .where(eq(meetingDecision.meetingItemId, meetingItemId))
    .orderBy(asc(meetingDecision.seq));
  const unitIds = [...new Set(rows.flatMap((d) => [...(d.leadUnitId ? [d.leadUnitId] : []), ...d.assistingUnitIds]))];
  const personIds = [...new Set(rows.flatMap((d) => (d.leaderPersonId ? [d.leaderPersonId] : [])))];
  const units = new Map(
    unitIds.length
      ? (await tx.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, unitIds))).map((u) => [u.id, u.name])
      : [],
  );
  const people = new Map(
    personIds.length
      ? (await tx.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, personIds))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
  const ref = (id: string | null, names: Map<string, string>) => (id ? { id, name: names.get(id) ?? '' } : null);
  return rows.map((d) => ({
    row: d,
    leadUnit: ref(d.leadUnitId, units),
    assistingUnits: d.assistingUnitIds.map((id) => ({ id, name: units.get(id) ?? '' })),
    leader: ref(d.leaderPersonId, people),
  }));
}

/** The decisions as any reader of the meeting sees them, each turned one with its light; what the reader may do. */
export async function meetingDecisions(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  const list = await decisionsOf(tx, m.itemId);
  const status = await statusOfItems(
    tx,
    ctx,
    list.flatMap((d) => (d.row.supervisionItemId ? [d.row.supervisionItemId] : [])),
  );
  const minutes = await minutesInForce(tx, m.itemId);
  const recorder = await isRecorder(tx, ctx, m);
  const started = m.startsAt <= ctx.now;
  return {
    decisions: list.map((d) => {
      const s = d.row.supervisionItemId ? status.get(d.row.supervisionItemId) : undefined;
      return {
        id: d.row.id,
        seq: d.row.seq,
        text: d.row.text,
        topicItemId: d.row.topicItemId,
        leadUnit: d.leadUnit,
        assistingUnits: d.assistingUnits,
        leader: d.leader,
        dueDate: d.row.dueDate,
        supervision:
          d.row.supervisionItemId && s
            ? { itemId: d.row.supervisionItemId, light: s.light, state: s.state, closed: s.closed }
            : null,
      };
    }),
    minutes: minutes ? { itemId: minutes.itemId, state: stateName('outgoing', minutes.state), stateKey: minutes.state } : null,
    mayEdit: recorder && started && !minutes,
    mayDraftMinutes: plansFor(ctx, m.officeUnitId) && heldOrOver(base, m, ctx.now) && !minutes,
    maySupervise: hasRoleOver(ctx.actor, 'supervisor', m.officeUnitId) && !!minutes,
    mayReadRecord: await readsRecord(tx, ctx, m),
    links: await itemLinks(tx, base.id, ctx.actor, ctx.ceiling),
  };
}

/** The meeting was held: it has ended, or its flow was closed (会议筹备与召开 done). */
export const heldOrOver = (base: Authorized<ItemView>, m: Meeting, now: Date) => !!base.closedAt || m.endsAt <= now;

/** A decision's 督办 title: its text, cut to the title's length at a sentence's end where it can be. */
function titleOf(text: string) {
  const first = text.split(/[。；]/u)[0]!.trim() || text;
  return first.length <= TITLE_MAX ? first : `${first.slice(0, TITLE_MAX - 1)}…`;
}

/**
 * 转督办: a supervisor of the office turns decisions into 督办 items (source 会议议定事项), each linked to the meeting
 * (`supervises`), once the 纪要 is drafted; `decisionIds` null turns every one not yet turned. A decision turned already
 * is refused.
 */
export async function superviseDecisions(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, decisionIds: string[] | null) {
  const m = await loadMeeting(tx, base, true);
  if (!hasRoleOver(ctx.actor, 'supervisor', m.officeUnitId))
    throw forbidden('只有本办公厅（室）督查室的督查人员可以将议定事项转为督办事项');
  if (!(await minutesInForce(tx, m.itemId))) throw conflict('纪要起草后，议定事项方可转为督办事项');
  const all = await tx
    .select()
    .from(meetingDecision)
    .where(eq(meetingDecision.meetingItemId, m.itemId))
    .orderBy(asc(meetingDecision.seq))
    .for('update');
  let chosen: typeof all;
  if (decisionIds) {
    chosen = decisionIds.map((id) => {
      const d = all.find((x) => x.id === id);
      if (!d) throw notFound('议定事项');
      return d;
    });
    const turned = chosen.find((d) => d.supervisionItemId);
    if (turned) throw conflict(`议定事项第 ${turned.seq} 项已转为督办事项，不能重复转办`);
  } else {
    chosen = all.filter((d) => !d.supervisionItemId);
    if (!chosen.length) throw conflict('没有待转督办的议定事项');
  }
  const out: { decisionId: string; itemId: string }[] = [];
  for (const d of chosen) {
    if (!d.leadUnitId || !d.dueDate) throw invalid(`议定事项第 ${d.seq} 项未明确牵头单位或完成时限`);
    const made = await deriveItem(tx, ctx, 'supervision', {
      source: base,
      link: 'supervises',
      fields: {
        title: titleOf(d.text),
        source: 'meeting',
        sourceText: `${base.title}纪要`,
        requirement: d.text,
        leadUnitId: d.leadUnitId,
        assistingUnitIds: d.assistingUnitIds,
        leaderPersonId: d.leaderPersonId,
        deadline: { date: d.dueDate },
        classification: base.classification,
      },
    });
    await tx
      .update(meetingDecision)
      .set({ supervisionItemId: made.itemId, updatedAt: ctx.now })
      .where(eq(meetingDecision.id, d.id));
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'meetings.decision.supervise',
      targetType: 'item',
      targetId: m.itemId,
      summary: { decisionId: d.id, seq: d.seq, supervisionItemId: made.itemId, registryNo: made.registryNo },
    });
    out.push({ decisionId: d.id, itemId: made.itemId });
  }
  return { items: out };
}

import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { item } from '../items/schema';
import { issuedCopyReaches, readableItemsWhere } from '../items/service';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import type { FlowView, ItemLink } from '../../../contract/flow';
import { person, unit } from '../../org/schema';
import { activeDelegationsTo } from '../../org/delegation';
import { markOpened } from './engine';
import { definitionAt } from './registry';
import { flowInstance, itemLink, opinion, task } from './schema';
import { calendarYear } from '../calendar/schema';
import { missingYearsBetween } from '../calendar/calendar';
import { chinaToday } from '../workbench/service';

/**
 * What an item page shows of its flow, the same for every module: the steps, every opinion in order, the
 * task history, the reader's own open tasks (with what they may do there) and what they may take back.
 * Opening the page marks the reader's tasks opened.
 */
export async function flowView(tx: Tx, actor: Actor, itemId: string, now: Date): Promise<FlowView> {
  await markOpened(tx, actor, itemId, now);
  const [inst] = await tx.select().from(flowInstance).where(eq(flowInstance.itemId, itemId));
  const def = inst ? await definitionAt(tx, inst.flowKey, inst.flowVersion) : null;
  const opinions = await tx.select().from(opinion).where(eq(opinion.itemId, itemId)).orderBy(asc(opinion.seq));
  const tasks = await tx
    .select({ t: task, name: person.name })
    .from(task)
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    .where(eq(task.itemId, itemId))
    .orderBy(asc(task.createdAt), asc(task.seq));
  const principals = (await activeDelegationsTo(tx, actor.personId, now)).map((d) => ({ id: d.fromPersonId, name: d.fromName }));
  const mine = tasks.filter(
    (r) =>
      r.t.state === 'open' &&
      ((r.t.assigneePersonId === actor.personId && (r.t.assigneePostId === null || r.t.assigneePostId === actor.postId)) || principals.some((p) => p.id === r.t.assigneePersonId)),
  );
  const unitNames = new Map((await tx.select({ id: unit.id, name: unit.name }).from(unit)).map((u) => [u.id, u.name]));
  // A due date running into a year without the official calendar was counted on weekdays only: say so beside it.
  const loadedYears = (await tx.select({ year: calendarYear.year }).from(calendarYear)).map((y) => y.year);
  const today = chinaToday(now);
  const dueMissingYears = (t: typeof task.$inferSelect) => (t.dueDate && t.state !== 'done' && t.state !== 'cancelled' ? missingYearsBetween(loadedYears, today, t.dueDate) : []);
  return {
    flow: def && inst ? { key: def.key, version: inst.flowVersion, state: inst.state, steps: def.steps.map((s) => ({ key: s.key, name: s.name })) } : null,
    opinions: opinions.map((o) => ({
      id: o.id,
      stepKey: o.stepKey,
      stepName: o.stepName,
      kind: o.kind,
      text: o.text,
      signature: o.signature,
      postTitle: o.postTitle,
      createdAt: o.createdAt.toISOString(),
    })),
    tasks: tasks.map((r) => ({
      id: r.t.id,
      step: r.t.step,
      stepKey: r.t.stepKey,
      kind: r.t.kind,
      assignee: r.name,
      state: r.t.state,
      dueDate: r.t.dueDate,
      dueMissingYears: dueMissingYears(r.t),
      unit: r.t.forUnitId ? (unitNames.get(r.t.forUnitId) ?? null) : null,
      unitRole: r.t.unitRole,
      deliveredAt: r.t.deliveredAt?.toISOString() ?? null,
      openedAt: r.t.openedAt?.toISOString() ?? null,
      completedAt: r.t.completedAt?.toISOString() ?? null,
    })),
    myTasks: mine.map((r) => {
      const step = def && r.t.stepKey ? def.steps.find((s) => s.key === r.t.stepKey) : null;
      return {
        id: r.t.id,
        version: r.t.version,
        step: r.t.step,
        stepKey: r.t.stepKey,
        kind: r.t.kind,
        dueDate: r.t.dueDate,
        dueMissingYears: dueMissingYears(r.t),
        onBehalfOf: r.t.assigneePersonId === actor.personId ? null : (principals.find((p) => p.id === r.t.assigneePersonId)?.name ?? null),
        actions: step?.actions ?? ['submit'],
        decisions: step?.decisions ?? null,
        returnTo: (step?.returnTo ?? []).map((k) => ({ key: k, name: def!.steps.find((s) => s.key === k)!.name })),
        opinionKind: step?.opinion?.kind ?? (r.t.kind === 'read' ? 'comment' : null),
        opinionRequired: step?.opinion?.required ?? false,
        next: step ? nextInfo(def!, step.key) : null,
      };
    }),
    retractable: retractableOf(tasks.map((r) => r.t), actor.personId, def),
  };
}

/** The actor's last submission, if it may still be taken back: its step allows it and nobody has opened what followed. */
function retractableOf(tasks: (typeof task.$inferSelect)[], personId: string, def: Awaited<ReturnType<typeof definitionAt>> | null) {
  if (!def) return null;
  const mine = tasks.filter((t) => t.state === 'done' && t.completedByPersonId === personId && t.stepKey).sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime())[0];
  if (!mine) return null;
  const step = def.steps.find((s) => s.key === mine.stepKey);
  if (!step?.actions.includes('retract')) return null;
  const following = tasks.filter((t) => t.activatedByTaskId === mine.id && t.state !== 'cancelled');
  if (!following.length || following.some((f) => f.openedAt || f.state === 'done')) return null;
  return { taskId: mine.id, step: step.name };
}

/** What the next step asks of the person submitting: whom to choose, per decision. */
function nextInfo(def: NonNullable<Awaited<ReturnType<typeof definitionAt>>>, stepKey: string) {
  const step = def.steps.find((s) => s.key === stepKey)!;
  const targets = 'to' in step.next ? { _: step.next.to } : 'decide' in step.next ? step.next.decide : { _: '$end' };
  return Object.fromEntries(
    Object.entries(targets).map(([decision, to]) => {
      const s = def.steps.find((x) => x.key === to);
      return [decision, s ? { step: s.key, name: s.name, choose: (s.actors.type === 'chosen' ? s.actors.scope : s.actors.type === 'units' ? 'units' : null) as 'leaders' | 'people' | 'units' | null, mode: s.mode, dueDateFromItem: s.limit === 'item' } : null];
    }),
  );
}

/**
 * Items linked to this one either way (duplicate of, distributed from, …) that the reader may open: `full` the
 * record, `issued` only its issued copy (the document a 收文 was signed for from, read by the 收文's handlers).
 */
export async function itemLinks(tx: Tx, itemId: string, actor: Actor, ceiling: Classification) {
  const links = await tx
    .select({ toItemId: itemLink.toItemId, fromItemId: itemLink.fromItemId, kind: itemLink.kind, title: item.title, registryNo: item.registryNo, classification: item.classification })
    .from(itemLink)
    .innerJoin(item, or(and(eq(item.id, itemLink.toItemId), eq(itemLink.fromItemId, itemId)), and(eq(item.id, itemLink.fromItemId), eq(itemLink.toItemId, itemId))))
    .where(or(eq(itemLink.fromItemId, itemId), eq(itemLink.toItemId, itemId)));
  const other = (l: (typeof links)[number]) => (l.fromItemId === itemId ? l.toItemId : l.fromItemId);
  const ids = links.map(other);
  const full = new Set(ids.length ? (await tx.select({ id: item.id }).from(item).where(and(inArray(item.id, ids), readableItemsWhere(actor, ceiling)))).map((r) => r.id) : []);
  const out: ItemLink[] = [];
  for (const l of links) {
    const id = other(l);
    let access: 'full' | 'issued' | null = full.has(id) ? 'full' : null;
    // A linked item the reader may not open is not shown (another unit's 收文 of a distributed document).
    if (!access && rank(actor.clearance) >= rank(l.classification as Classification) && (await issuedCopyReaches(tx, actor, id, ceiling))) access = 'issued';
    if (access) out.push({ kind: l.kind, itemId: id, direction: l.fromItemId === itemId ? 'to' : 'from', title: l.title, registryNo: l.registryNo, access });
  }
  return out;
}

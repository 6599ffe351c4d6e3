import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { can } from '../access/policy';
import { event } from '../audit/schema';
import { item } from '../items/schema';
import { issuedCopyReaches, readableItemsWhere } from '../items/service';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import type { FlowView, ItemLink } from '../../../contract/flow';
import { department, person, unit } from '../../org/schema';
import { holding } from './holding';
import { markOpened } from './engine';
import { definitionAt } from './registry';
import { flowInstance, itemLink, opinion, task, taskExtension, taskProgress, type UnitRole } from './schema';
import { extensionsWhere, type ExtensionEntry } from './extension';
import { progressOfTasks } from './progress';
import { reachOf, seesOpinion, seesTask } from './parts';
import type { FlowDef, StepDef } from './definition';
import { forLeaders, handoverSuggestions, suggestedPeople, type PersonBrief } from './people';
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
  const [it] = await tx
    .select({ owningUnitId: item.owningUnitId, classification: item.classification })
    .from(item)
    .where(eq(item.id, itemId));
  const def = inst ? await definitionAt(tx, inst.flowKey, inst.flowVersion) : null;
  const stepDef = (key: string | null) => (def && key ? (def.steps.find((s) => s.key === key) ?? null) : null);
  const allOpinions = await tx.select().from(opinion).where(eq(opinion.itemId, itemId)).orderBy(asc(opinion.seq));
  const allTasks = await tx
    .select({ t: task, name: person.name })
    .from(task)
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    // Receiving tasks of dispatches are the receipts' (the sending module shows them), not the flow's.
    .where(and(eq(task.itemId, itemId), isNull(task.dispatchId)))
    .orderBy(asc(task.createdAt), asc(task.seq));
  // A unit sent its part of the item (督办 协办) sees its own tasks and their opinions, reports and 延期, not another's.
  const reach = await reachOf(tx, actor, itemId);
  const tasks = allTasks.filter((r) => seesTask(reach, r.t));
  const taskById = new Map(allTasks.map((r) => [r.t.id, r.t]));
  const opinions = allOpinions.filter((o) => seesOpinion(reach, o, (id) => taskById.get(id)));
  const mine = allTasks.filter((r) => r.t.state === 'open' && holding(actor, r.t));
  const partyNames = await partiesOf(
    tx,
    tasks.map((r) => r.t),
  );
  const record = await recordOf(
    tx,
    itemId,
    tasks.map((r) => r.t.id),
  );
  const nameOf = new Map(tasks.map((r) => [r.t.id, r.name]));
  const owningUnitId = it?.owningUnitId ?? '';
  const remindable = (t: typeof task.$inferSelect) =>
    t.state === 'open' && t.assigneePersonId !== actor.personId && can(actor, 'remind', 'task', { task: t, owningUnitId });
  // A due date running into a year without the official calendar was counted on weekdays only: say so beside it.
  const loadedYears = (await tx.select({ year: calendarYear.year }).from(calendarYear)).map((y) => y.year);
  const today = chinaToday(now);
  const dueMissingYears = (t: typeof task.$inferSelect) =>
    t.dueDate && t.state !== 'done' && t.state !== 'cancelled' ? missingYearsBetween(loadedYears, today, t.dueDate) : [];
  // Reports and requests are shown on their tasks, so only on the tasks the reader sees.
  const extensions = await extensionsWhere(tx, eq(taskExtension.itemId, itemId));
  const progress = await progressOfTasks(tx, eq(taskProgress.itemId, itemId));
  const public_ = ({ approvalGroupId: _, ...e }: ExtensionEntry) => e;
  const approvalOf = (t: typeof task.$inferSelect) => {
    const e = t.stepKey || t.kind !== 'do' || !t.groupId ? undefined : extensions.find((x) => x.approvalGroupId === t.groupId);
    return e ? { ...public_(e), step: taskById.get(e.taskId)?.step ?? '' } : null;
  };
  const myTasks = [];
  for (const r of mine) {
    const approval = approvalOf(r.t);
    const pending = extensions.find((e) => e.taskId === r.t.id && e.state === 'pending');
    const step = stepDef(r.t.stepKey);
    const chooser = { owningUnitId, chooserPersonId: r.t.assigneePersonId, chooserPostId: r.t.assigneePostId ?? actor.postId };
    const mayHandOver = step && (step.actions.includes('reassign') || step.actions.includes('addHandler'));
    myTasks.push({
      id: r.t.id,
      version: r.t.version,
      step: r.t.step,
      stepKey: r.t.stepKey,
      kind: r.t.kind,
      dueDate: r.t.dueDate,
      dueMissingYears: dueMissingYears(r.t),
      onBehalfOf: holding(actor, r.t) === 'delegated' ? r.name : null,
      actions: approval ? [] : (step?.actions ?? ['submit']),
      decisions: step?.decisions ?? null,
      returnTo: (step?.returnTo ?? []).map((k) => ({ key: k, name: def!.steps.find((s) => s.key === k)!.name })),
      opinionKind: step?.opinion?.kind ?? (r.t.kind === 'read' ? 'comment' : null),
      opinionRequired: step?.opinion?.required ?? false,
      next: step ? await nextInfo(tx, def!, step.key, chooser) : null,
      handover: mayHandOver
        ? {
            leadersOnly: forLeaders(step.actors),
            suggested: await handoverSuggestions(tx, step, r.t, owningUnitId),
            signerAfter: step.mode === 'sequential',
          }
        : null,
      holderActions:
        step && r.t.kind === 'do'
          ? {
              progress: true,
              progressDueDate: r.t.progressDueDate,
              extension: Boolean(r.t.dueDate && today <= r.t.dueDate && !pending),
              pendingExtensionId: pending?.id ?? null,
              fileClassification: (it?.classification ?? '公开') as Classification,
            }
          : null,
      approval,
    });
  }
  return {
    flow:
      def && inst
        ? {
            key: def.key,
            version: inst.flowVersion,
            state: inst.state,
            steps: def.steps.map((s) => ({ key: s.key, name: s.name })),
          }
        : null,
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
    tasks: tasks.map((r) => {
      const handed = record.handedOn.get(r.t.id);
      return {
        id: r.t.id,
        step: r.t.step,
        stepKey: r.t.stepKey,
        kind: r.t.kind,
        assignee: r.name,
        state: r.t.state,
        dueDate: r.t.dueDate,
        unit: r.t.forUnitId
          ? (partyNames.get(r.t.forUnitId) ?? null)
          : r.t.forDepartmentId
            ? (partyNames.get(r.t.forDepartmentId) ?? null)
            : null,
        unitRole: roleOf(r.t.unitRole, stepDef(r.t.stepKey)),
        deliveredAt: r.t.deliveredAt?.toISOString() ?? null,
        openedAt: r.t.openedAt?.toISOString() ?? null,
        completedAt: r.t.completedAt?.toISOString() ?? null,
        origin: record.origins.get(r.t.id) ?? null,
        handedTo: handed ? (nameOf.get(handed) ?? null) : null,
        reminders: record.reminders.get(r.t.id) ?? [],
        mayRemind: remindable(r.t),
        dueMissingYears: dueMissingYears(r.t),
        originalDueDate: r.t.originalDueDate,
        progressDueDate: r.t.state === 'open' ? r.t.progressDueDate : null,
        extensions: extensions.filter((e) => e.taskId === r.t.id).map(public_),
        progress: progress.filter((p) => p.taskId === r.t.id),
      };
    }),
    myTasks,
    retractable: retractableOf(
      allTasks.map((r) => r.t),
      actor.personId,
      def,
    ),
  };
}

/**
 * 会商 units were stored as assisting before they had a part of their own: the step says what they are. Units a step
 * sends to alike (`lead: false` with `via`: a 议题 submitted to its office) have no part to name.
 */
function roleOf(stored: UnitRole | null, step: StepDef | null): UnitRole | null {
  if (step?.actors.type === 'units' && step.actors.lead === false && stored) return step.actors.via ? null : 'consulted';
  return stored;
}

/** Names of the units and sections the tasks are for (主办, 协办, 会商). */
async function partiesOf(tx: Tx, tasks: (typeof task.$inferSelect)[]) {
  const unitIds = [...new Set(tasks.map((t) => t.forUnitId).filter((x): x is string => Boolean(x)))];
  const deptIds = [...new Set(tasks.map((t) => t.forDepartmentId).filter((x): x is string => Boolean(x)))];
  const names = new Map<string, string>();
  if (unitIds.length)
    for (const u of await tx.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, unitIds)))
      names.set(u.id, u.name);
  if (deptIds.length)
    for (const d of await tx
      .select({ id: department.id, name: department.name })
      .from(department)
      .where(inArray(department.id, deptIds)))
      names.set(d.id, d.name);
  return names;
}

type Reminder = FlowView['tasks'][number]['reminders'][number];
type Origin = NonNullable<FlowView['tasks'][number]['origin']>;

/**
 * What the audit log holds of the tasks' handling beyond their rows: every 催办 (manual and automatic), and which task
 * was handed on (转办), redirected (改派) or added (加签) by whom. The log is the record; nothing is kept twice.
 */
async function recordOf(tx: Tx, itemId: string, taskIds: string[]) {
  const reminders = new Map<string, Reminder[]>();
  const origins = new Map<string, Origin>();
  const handedOn = new Map<string, string>();
  const rows = await tx
    .select({ action: event.action, targetId: event.targetId, at: event.at, summary: event.summary, by: person.name })
    .from(event)
    .leftJoin(person, eq(person.id, event.actorPersonId))
    .where(
      or(
        and(
          eq(event.targetType, 'item'),
          eq(event.targetId, itemId),
          inArray(event.action, ['flow.transfer', 'flow.reassign', 'flow.addHandler']),
        ),
        taskIds.length
          ? and(
              eq(event.targetType, 'task'),
              inArray(event.targetId, taskIds),
              inArray(event.action, ['task.remind', 'task.remind.auto']),
            )
          : undefined,
      ),
    )
    .orderBy(asc(event.id));
  for (const r of rows) {
    const s = r.summary as { taskId?: string; newTaskId?: string; note?: string | null; label?: string; n?: number };
    if (r.action === 'task.remind' || r.action === 'task.remind.auto') {
      const auto = r.action === 'task.remind.auto' ? (s.label === 'before' ? 'before' : 'after') : null;
      const list = reminders.get(r.targetId!) ?? [];
      list.push({
        at: r.at.toISOString(),
        by: auto ? null : (r.by ?? null),
        note: s.note ?? null,
        auto,
        days: auto ? Number(s.n ?? 0) : null,
      });
      reminders.set(r.targetId!, list);
    } else if (s.newTaskId) {
      const kind = r.action === 'flow.transfer' ? 'transfer' : r.action === 'flow.reassign' ? 'reassign' : 'addSigner';
      origins.set(s.newTaskId, { kind, by: r.by ?? '' });
      if (kind !== 'addSigner' && s.taskId) handedOn.set(s.taskId, s.newTaskId);
    }
  }
  return { reminders, origins, handedOn };
}

/** The actor's last submission, if it may still be taken back: its step allows it and nobody has opened what followed. */
function retractableOf(
  tasks: (typeof task.$inferSelect)[],
  personId: string,
  def: Awaited<ReturnType<typeof definitionAt>> | null,
) {
  if (!def) return null;
  const mine = tasks
    .filter((t) => t.state === 'done' && t.completedByPersonId === personId && t.stepKey)
    .sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime())[0];
  if (!mine) return null;
  const step = def.steps.find((s) => s.key === mine.stepKey);
  if (!step?.actions.includes('retract')) return null;
  const following = tasks.filter((t) => t.activatedByTaskId === mine.id && t.state !== 'cancelled');
  if (!following.length || following.some((f) => f.openedAt || f.state === 'done')) return null;
  return { taskId: mine.id, step: step.name };
}

/** What the next step asks of the person submitting: whom to choose, per decision, and whom the organisation suggests. */
async function nextInfo(tx: Tx, def: FlowDef, stepKey: string, chooser: Parameters<typeof suggestedPeople>[2]) {
  const step = def.steps.find((s) => s.key === stepKey)!;
  const targets = 'to' in step.next ? { _: step.next.to } : 'decide' in step.next ? step.next.decide : { _: '$end' };
  const out: Record<string, NonNullable<FlowView['myTasks'][number]['next']>[string]> = {};
  for (const [decision, to] of Object.entries(targets)) {
    const s = def.steps.find((x) => x.key === to);
    if (!s) {
      out[decision] = null;
      continue;
    }
    const choose = s.actors.type === 'chosen' ? s.actors.scope : s.actors.type === 'units' ? 'units' : null;
    const suggested: PersonBrief[] =
      s.actors.type === 'chosen' && s.actors.suggest ? await suggestedPeople(tx, s.actors.suggest, chooser) : [];
    out[decision] = { step: s.key, name: s.name, choose, mode: s.mode, dueDateFromItem: s.limit === 'item', suggested };
  }
  return out;
}

/**
 * Items linked to this one either way (duplicate of, distributed from, …) that the reader may open: `full` the
 * record, `issued` only its issued copy (the document a 收文 was signed for from, read by the 收文's handlers).
 */
export async function itemLinks(tx: Tx, itemId: string, actor: Actor, ceiling: Classification) {
  const links = await tx
    .select({
      toItemId: itemLink.toItemId,
      fromItemId: itemLink.fromItemId,
      kind: itemLink.kind,
      itemKind: item.kind,
      title: item.title,
      registryNo: item.registryNo,
      classification: item.classification,
    })
    .from(itemLink)
    .innerJoin(
      item,
      or(
        and(eq(item.id, itemLink.toItemId), eq(itemLink.fromItemId, itemId)),
        and(eq(item.id, itemLink.fromItemId), eq(itemLink.toItemId, itemId)),
      ),
    )
    .where(or(eq(itemLink.fromItemId, itemId), eq(itemLink.toItemId, itemId)));
  const other = (l: (typeof links)[number]) => (l.fromItemId === itemId ? l.toItemId : l.fromItemId);
  const ids = links.map(other);
  const full = new Set(
    ids.length
      ? (
          await tx
            .select({ id: item.id })
            .from(item)
            .where(and(inArray(item.id, ids), readableItemsWhere(actor, ceiling)))
        ).map((r) => r.id)
      : [],
  );
  const out: ItemLink[] = [];
  for (const l of links) {
    const id = other(l);
    let access: 'full' | 'issued' | null = full.has(id) ? 'full' : null;
    // A linked item the reader may not open is not shown (another unit's 收文 of a distributed document).
    if (
      !access &&
      rank(actor.clearance) >= rank(l.classification as Classification) &&
      (await issuedCopyReaches(tx, actor, id, ceiling))
    )
      access = 'issued';
    if (access)
      out.push({
        kind: l.kind,
        itemId: id,
        itemKind: l.itemKind,
        direction: l.fromItemId === itemId ? 'to' : 'from',
        title: l.title,
        registryNo: l.registryNo,
        access,
      });
  }
  return out;
}

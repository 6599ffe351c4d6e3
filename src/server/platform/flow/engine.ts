import type { RequestContext } from '../context';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { hasRoleOver, type Actor } from '../access/actor';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { assertSeesTask } from './parts';
import type { Classification } from '../../../contract/common';
import { item } from '../items/schema';
import { notifyPeople, signalChanged } from '../notify/service';
import { chinaToday } from '../workbench/service';
import { onBehalfLabel } from '../../org/delegation';
import { person } from '../../org/schema';
import { END, type FlowDef, type StepAction, type StepDef } from './definition';
import { currentVersion, definitionAt, stepOf } from './registry';
import { moduleOf } from '../modules/registry';
import { resolveAssignees, type Choice } from './resolve';
import { handoverPost } from './people';
import { loadHeldTask } from './held';
import { CLOSED, stateName } from './states';
import { dispatch, flowInstance, opinion, task } from './schema';
import { circulation, endCirculation } from './circulation';
import { startProgress } from './progress';
import { outstandingDispatches, sendToUnits } from './dispatch';
import { announceTask, cancelTasks, createTask, finishTask, readsItem, scheduleTaskReminders } from './tasks';

type TaskRow = typeof task.$inferSelect;
type ItemRow = typeof item.$inferSelect;
type InstanceRow = typeof flowInstance.$inferSelect;

/** Locks the task, and finds out in what right the actor may act on it (own task, or as a delegate). */
const loadTask = (tx: Tx, ctx: RequestContext, taskId: string, expectedVersion: number | null) =>
  loadHeldTask(tx, ctx.actor, taskId, { version: expectedVersion });

function allow(step: StepDef, action: StepAction) {
  if (!step.actions.includes(action)) throw forbidden(`${step.name}环节不允许此操作`);
}

async function writeOpinion(
  tx: Tx,
  ctx: RequestContext,
  l: { itemId: string; taskId: string | null; step: StepDef | null; stepName?: string },
  kind: string,
  text: string,
  principalId: string | null,
) {
  const { actor } = ctx;
  let signature = actor.name;
  if (principalId) {
    const [p] = await tx.select({ name: person.name }).from(person).where(eq(person.id, principalId));
    signature = onBehalfLabel(actor.name, p?.name ?? '');
  }
  await tx.insert(opinion).values({
    id: randomUUID(),
    itemId: l.itemId,
    taskId: l.taskId,
    stepKey: l.step?.key ?? null,
    stepName: l.step?.name ?? l.stepName ?? '',
    kind,
    text,
    personId: actor.personId,
    postId: actor.postId,
    personName: actor.name,
    postTitle: actor.postTitle,
    onBehalfOfPersonId: principalId,
    signature,
    createdAt: ctx.now,
  });
}

/**
 * A leader's instruction (批示) reaches the people whose item it is: whoever registered it and whoever has
 * handled it so far, not the leader (nor the leader's principal) who wrote it.
 */
async function announceInstruction(tx: Tx, ctx: RequestContext, it: ItemRow, text: string, principalId: string | null) {
  const handlers = await tx
    .selectDistinct({ personId: task.assigneePersonId })
    .from(task)
    .where(and(eq(task.itemId, it.id), eq(task.kind, 'do'), eq(task.state, 'done'), isNull(task.dispatchId)));
  const skip = new Set([ctx.actor.personId, principalId]);
  const people = [...new Set([it.createdBy, ...handlers.map((h) => h.personId)])].filter((p) => !skip.has(p));
  const brief = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  await notifyPeople(
    tx,
    people.map((personId) => ({
      personId,
      kind: 'instruction' as const,
      message: `${ctx.actor.name}批示《${it.title}》：${brief}`,
      itemId: it.id,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
}

/** The due date of a step's tasks: per unit at 分办, set on the item, or the step's limit from today. */
function dueDateFor(ctx: RequestContext, step: StepDef, it: ItemRow, choice: Choice, perAssignee?: string | null): string | null {
  if (perAssignee) return perAssignee;
  if (step.limit === 'item') return choice.dueDate ?? it.dueDate ?? null;
  if (step.limit) return ctx.cal.dueDate(chinaToday(ctx.now), step.limit.days, step.limit.unit).date;
  return null;
}

/** What a task owes once it reaches its holder: reminders before and after its due date, progress reports. */
async function followUp(tx: Tx, ctx: RequestContext, taskId: string, step: StepDef, dueDate: string | null) {
  if (dueDate && step.reminders) await scheduleTaskReminders(tx, taskId, dueDate, step.reminders, ctx.cal, ctx.now);
  await startProgress(tx, taskId, step, dueDate, ctx.cal, ctx.now);
}

/** Gives out the tasks of a step; the item's state becomes the step's key. */
async function activate(
  tx: Tx,
  ctx: RequestContext,
  it: ItemRow,
  inst: InstanceRow,
  def: FlowDef,
  stepKey: string,
  choice: Choice,
  activatedByTaskId: string | null,
) {
  const step = stepOf(def, stepKey);
  const vars = inst.vars as { leadDepartmentId?: string | null };
  const groupId = randomUUID();
  if (step.actors.type === 'units' && step.actors.via) await sendStep(tx, ctx, it, step, step.actors.via, choice, groupId);
  else await giveOut(tx, ctx, it, step, { choice, activatedByTaskId, groupId, leadDepartmentId: vars.leadDepartmentId });
  const lead = choice.units?.find((u) => u.role === 'lead');
  if (lead)
    await tx
      .update(flowInstance)
      .set({ vars: { ...vars, leadDepartmentId: lead.departmentId ?? null, leadUnitId: lead.unitId ?? null } })
      .where(eq(flowInstance.id, inst.id));
  await tx
    .update(item)
    .set({ state: step.key, updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(eq(item.id, it.id));
}

/** The step's tasks, to the people its actor rule and the choice name. */
async function giveOut(
  tx: Tx,
  ctx: RequestContext,
  it: ItemRow,
  step: StepDef,
  at: { choice: Choice; activatedByTaskId: string | null; groupId: string; leadDepartmentId?: string | null },
) {
  const { choice, activatedByTaskId, groupId } = at;
  const assignees = await resolveAssignees(tx, step.actors, choice, {
    itemId: it.id,
    createdBy: it.createdBy,
    owningUnitId: it.owningUnitId,
    classification: it.classification as Classification,
    stepName: step.name,
    leadDepartmentId: at.leadDepartmentId,
  });
  if (step.mode === 'single' && new Set(assignees.map((a) => a.slot)).size > 1) throw invalid(`${step.name}只能交一人办理`);
  const sequential = step.mode === 'sequential';
  for (const [i, a] of assignees.entries()) {
    const dueDate = dueDateFor(ctx, step, it, choice, a.dueDate);
    const id = await createTask(
      tx,
      {
        itemId: it.id,
        kind: step.kind,
        step: step.name,
        stepKey: step.key,
        assigneePersonId: a.personId,
        assigneePostId: a.postId,
        dueDate,
        groupId,
        // "any": one slot for all, so the first to finish closes the step for everyone.
        slot: step.mode === 'any' ? 'any' : a.slot,
        seq: sequential ? i + 1 : null,
        forUnitId: a.forUnitId ?? null,
        forDepartmentId: a.forDepartmentId ?? null,
        unitRole: a.unitRole ?? null,
        activatedByTaskId,
        waiting: sequential && i > 0,
      },
      ctx.audit,
      ctx.now,
    );
    if (!(sequential && i > 0)) await followUp(tx, ctx, id, step, dueDate);
  }
}

/**
 * A units step given out by sending (交办): each unit chosen is sent the item by the step's dispatch kind, with its
 * role and its due date; the task of the step opens for whoever of the unit accepts it (dispatch.ts).
 */
async function sendStep(tx: Tx, ctx: RequestContext, it: ItemRow, step: StepDef, via: string, choice: Choice, groupId: string) {
  const units = choice.units ?? [];
  if (!units.length) throw invalid(`请选择${step.name}的单位`);
  if (units.some((u) => !u.unitId || u.departmentId)) throw invalid(`${step.name}须交给单位，不能交给内设机构`);
  const lead = step.actors.type === 'units' && step.actors.lead !== false;
  if (lead && units.filter((u) => u.role === 'lead').length !== 1) throw invalid(`${step.name}须确定一个主办单位`);
  if (new Set(units.map((u) => u.unitId)).size !== units.length) throw invalid('同一单位不能既主办又协办，也不能重复');
  await sendToUnits(tx, ctx, {
    itemId: it.id,
    kind: via,
    targets: units.map((u) => ({
      unitId: u.unitId!,
      role: lead ? u.role : 'consulted',
      dueDate: dueDateFor(ctx, step, it, choice, u.dueDate),
    })),
    step: { groupId, flowStep: step.key },
  });
}

/**
 * Work of a step still to be done besides the given slot: open or waiting tasks, and — for a step given out by sending —
 * units sent it not yet accepted.
 */
async function stillOpen(tx: Tx, step: StepDef, groupId: string, exceptSlot?: string) {
  const [open] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(task)
    .where(
      and(
        eq(task.groupId, groupId),
        inArray(task.state, ['open', 'waiting']),
        exceptSlot === undefined ? undefined : ne(task.slot, exceptSlot),
      ),
    );
  const sent = step.actors.type === 'units' && step.actors.via ? await outstandingDispatches(tx, groupId) : 0;
  return Number(open?.n ?? 0) + sent;
}

/** Starts an item's flow at its first step (the first actor's choice picks who acts, where the step asks). */
export async function startFlow(tx: Tx, ctx: RequestContext, itemId: string, flowKey: string, choice: Choice = {}) {
  const [it] = await tx.select().from(item).where(eq(item.id, itemId)).for('update');
  if (!it) throw notFound('事项');
  const { version, def } = await currentVersion(tx, flowKey, ctx.now);
  const inst: InstanceRow = {
    id: randomUUID(),
    itemId,
    flowKey,
    flowVersion: version,
    state: 'running',
    vars: {},
    startedAt: ctx.now,
    finishedAt: null,
  };
  await tx.insert(flowInstance).values(inst);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.start',
    targetType: 'item',
    targetId: itemId,
    summary: { flow: flowKey, version },
  });
  await activate(tx, ctx, it, inst, def, def.start, choice, null);
}

/**
 * Takes an item out of handling for good (a 收文 whose 收文号 is voided …): every open or waiting task is cancelled
 * and its holder told why, running 传阅 are withdrawn, the flow is stopped and the item gets the given state (a key
 * its module names).
 * Opinions and the task history stay on record.
 */
export async function stopFlow(tx: Tx, ctx: RequestContext, itemId: string, input: { state: string; reason: string }) {
  const [it] = await tx.select().from(item).where(eq(item.id, itemId)).for('update');
  if (!it) throw notFound('事项');
  const [inst] = await tx.select().from(flowInstance).where(eq(flowInstance.itemId, itemId)).for('update');
  if (!inst || inst.state !== 'running') throw conflict('该文件已不在办理中');
  for (const c of await tx
    .select({ id: circulation.id })
    .from(circulation)
    .where(and(eq(circulation.itemId, itemId), isNull(circulation.endedAt)))) {
    await endCirculation(tx, ctx, itemId, c.id, 'withdrawn');
  }
  // A step given out by sending (交办) ends with the flow: units still to sign for it no longer may.
  const unsent = await tx
    .update(dispatch)
    .set({ state: 'cancelled', decidedAt: ctx.now, decidedByPersonId: ctx.actor.personId, reason: input.reason })
    .where(
      and(
        eq(dispatch.itemId, itemId),
        isNotNull(dispatch.groupId),
        isNull(dispatch.supersededAt),
        inArray(dispatch.state, ['pending', 'returned']),
      ),
    )
    .returning({ id: dispatch.id });
  const cancelled = await cancelTasks(
    tx,
    and(
      eq(task.itemId, itemId),
      unsent.length
        ? or(
            isNull(task.dispatchId),
            inArray(
              task.dispatchId,
              unsent.map((d) => d.id),
            ),
          )
        : isNull(task.dispatchId),
    )!,
    ctx.now,
  );
  await tx.update(flowInstance).set({ state: 'stopped', finishedAt: ctx.now }).where(eq(flowInstance.id, inst.id));
  await tx
    .update(item)
    .set({ state: input.state, filingStatus: null, updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(eq(item.id, itemId));
  const told = [...new Set(cancelled.map((c) => c.person))].filter((p) => p !== ctx.actor.personId);
  await notifyPeople(
    tx,
    told.map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `《${it.title}》${stateName(it.kind, input.state)}，不再办理：${input.reason}`,
      itemId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.stop',
    targetType: 'item',
    targetId: itemId,
    summary: {
      state: input.state,
      reason: input.reason,
      cancelled: cancelled.map((c) => c.id),
      ...(unsent.length ? { dispatchesCancelled: unsent.map((d) => d.id) } : {}),
    },
  });
  await signalChanged(tx, [ctx.actor.personId, ...told]);
}

export interface SubmitInput {
  version: number | null;
  opinion?: string | null;
  decision?: string | null;
  next?: Choice;
}

/**
 * Finishes the actor's task: records the opinion, closes the other tasks of the same slot, opens the next
 * turn of a sequential step, and when the step is complete moves the item on (or ends the flow).
 */
export async function submitTask(
  tx: Tx,
  ctx: RequestContext,
  taskId: string,
  input: SubmitInput,
): Promise<{ nextStep: string | null; finished: boolean }> {
  const l = await loadTask(tx, ctx, taskId, input.version);
  const { t, step, def } = l;
  const text = input.opinion?.trim() ?? '';
  if (step.opinion?.required && !text) throw invalid(`请填写${step.name}意见`);
  const decide = 'decide' in step.next ? step.next.decide : null;
  if (input.decision && step.opinion?.requiredFor?.includes(input.decision) && !text) {
    throw invalid(`选择“${step.decisions?.[input.decision] ?? input.decision}”须写明理由`);
  }
  if (decide && (!input.decision || !(input.decision in decide)))
    throw invalid(`请选择${step.name}结果：${Object.values(step.decisions ?? {}).join('、')}`);
  if (!decide && input.decision) throw invalid(`${step.name}环节没有可选的结果`);

  // The module may check or complete its own record first (format checks before 签发, the 文号 at 编号).
  const hooks = moduleOf(l.it.kind)?.hooks;
  const completesStep = (await stillOpen(tx, step, t.groupId!, t.slot!)) === 0;
  const hookEvent = {
    item: l.it,
    task: t,
    step,
    decision: input.decision ?? null,
    opinion: text,
    completesStep,
    next: input.next ?? {},
  };
  if (hooks?.beforeSubmit) await hooks.beforeSubmit(tx, ctx, hookEvent);

  await finishTask(tx, ctx.actor, t, ctx.now);
  if (text) await writeOpinion(tx, ctx, { itemId: t.itemId, taskId, step }, step.opinion?.kind ?? 'opinion', text, l.principalId);
  if (text && step.opinion?.kind === 'instruction') await announceInstruction(tx, ctx, l.it, text, l.principalId);

  const touched = new Set<string>([ctx.actor.personId, t.assigneePersonId]);
  // The rest of this slot is moot (another registrar of the same unit, another reader of an "any" step).
  const moot = await cancelTasks(tx, and(eq(task.groupId, t.groupId!), eq(task.slot, t.slot!), ne(task.id, taskId))!, ctx.now);
  for (const m of moot) touched.add(m.person);
  // Sequential: the next in line gets their turn.
  if (step.mode === 'sequential') {
    const [nextTurn] = await tx
      .select()
      .from(task)
      .where(and(eq(task.groupId, t.groupId!), eq(task.state, 'waiting')))
      .orderBy(asc(task.seq))
      .limit(1);
    if (nextTurn) {
      await tx
        .update(task)
        .set({ state: 'open', deliveredAt: ctx.now, version: sql`${task.version} + 1` })
        .where(eq(task.id, nextTurn.id));
      await announceTask(
        tx,
        {
          id: nextTurn.id,
          kind: nextTurn.kind,
          step: nextTurn.step,
          itemId: nextTurn.itemId,
          assigneePersonId: nextTurn.assigneePersonId,
          forUnitId: nextTurn.forUnitId,
        },
        l.it.title,
        ctx.audit,
        ctx.now,
      );
      await followUp(tx, ctx, nextTurn.id, step, nextTurn.dueDate);
      touched.add(nextTurn.assigneePersonId);
    }
  }
  let nextStep: string | null = null;
  let finished = false;
  if ((await stillOpen(tx, step, t.groupId!)) === 0) {
    const to = 'to' in step.next ? step.next.to : decide ? decide[input.decision!]! : END;
    if (to === END) {
      finished = true;
      await tx
        .update(flowInstance)
        .set({
          state: 'finished',
          finishedAt: ctx.now,
          vars: { ...(l.inst.vars as object), lastDecision: input.decision ?? null },
        })
        .where(eq(flowInstance.id, l.inst.id));
      // Closed in the ordinary way it is ready for filing; an end of its own (退文 …) is not.
      const special = input.decision ? step.endStates?.[input.decision] : undefined;
      await tx
        .update(item)
        .set({
          state: special || CLOSED,
          filingStatus: special ? null : '待归档',
          closedAt: ctx.now,
          updatedAt: ctx.now,
          version: sql`${item.version} + 1`,
        })
        .where(eq(item.id, t.itemId));
    } else {
      nextStep = to;
      await activate(tx, ctx, l.it, l.inst, def, to, input.next ?? {}, taskId);
    }
  }
  if (completesStep && hooks?.afterStep) await hooks.afterStep(tx, ctx, { ...hookEvent, nextStep, finished });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.submit',
    targetType: 'item',
    targetId: t.itemId,
    summary: { taskId, step: step.key, decision: input.decision ?? null, nextStep, finished, onBehalfOf: l.principalId },
  });
  await signalChanged(tx, [...touched]);
  return { nextStep, finished };
}

/** Sends the item back to an earlier step, to whoever did that step last, with the reason on record. */
export async function returnTask(
  tx: Tx,
  ctx: RequestContext,
  taskId: string,
  input: { version: number | null; toStep: string; reason: string; dueDate?: string | null },
) {
  const l = await loadTask(tx, ctx, taskId, input.version);
  allow(l.step, 'return');
  if (input.dueDate && input.dueDate < chinaToday(ctx.now)) throw invalid('新的办理期限不能早于今天');
  if (!l.step.returnTo?.includes(input.toStep))
    throw invalid(
      `${l.step.name}只能退回到：${(l.step.returnTo ?? []).map((k) => stepOf(l.def, k).name).join('、') || '（无）'}`,
    );
  const reason = input.reason.trim();
  if (!reason) throw invalid('请填写退回理由');
  const target = stepOf(l.def, input.toStep);
  const last = await lastDoneOf(tx, l.t, target.key);
  if (!last?.completedByPersonId) throw invalid(`${target.name}环节还没有人办理过，无法退回`);
  const cancelled = await cancelTasks(tx, eq(task.groupId, l.t.groupId!), ctx.now);
  await writeOpinion(
    tx,
    ctx,
    { itemId: l.t.itemId, taskId, step: l.step },
    'return',
    `退回${target.name}：${reason}`,
    l.principalId,
  );
  const groupId = randomUUID();
  // Sent back for another round (退回重办), it may get a new due date; otherwise it keeps the one it had.
  const dueDate = input.dueDate ?? last.dueDate;
  const returned = await createTask(
    tx,
    {
      itemId: l.t.itemId,
      kind: target.kind,
      step: target.name,
      stepKey: target.key,
      assigneePersonId: last.completedByPersonId,
      assigneePostId: last.completedByPostId,
      dueDate,
      groupId,
      slot: last.completedByPersonId,
      forUnitId: last.forUnitId,
      forDepartmentId: last.forDepartmentId,
      unitRole: last.unitRole,
      activatedByTaskId: taskId,
    },
    ctx.audit,
    ctx.now,
  );
  if (dueDate && target.reminders) await scheduleTaskReminders(tx, returned, dueDate, target.reminders, ctx.cal, ctx.now);
  await startProgress(tx, returned, target, dueDate, ctx.cal, ctx.now);
  await tx
    .update(item)
    .set({ state: target.key, updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(eq(item.id, l.t.itemId));
  await moduleOf(l.it.kind)?.hooks?.afterReturn?.(tx, ctx, { item: l.it, from: l.step, to: target, reason });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.return',
    targetType: 'item',
    targetId: l.t.itemId,
    summary: { taskId, from: l.step.key, to: target.key, reason, dueDate: input.dueDate ?? null, newTaskId: returned },
  });
  await signalChanged(tx, [ctx.actor.personId, last.completedByPersonId, ...cancelled.map((c) => c.person)]);
}

/**
 * Who did the step last, for this turn of the flow: the task whose submission moved the item on from that step,
 * found by following the chain of activations back from the returning task (several people may finish a units step
 * in the same moment; the one who completed it is the one the work goes back to). Failing a chain, the latest done.
 */
async function lastDoneOf(tx: Tx, from: TaskRow, stepKey: string): Promise<TaskRow | undefined> {
  let at: string | null = from.activatedByTaskId;
  for (let hops = 0; at && hops < 50; hops++) {
    const [t] = await tx.select().from(task).where(eq(task.id, at));
    if (!t) break;
    if (t.stepKey === stepKey && t.state === 'done') return t;
    at = t.activatedByTaskId;
  }
  const [latest] = await tx
    .select()
    .from(task)
    .where(and(eq(task.itemId, from.itemId), eq(task.stepKey, stepKey), eq(task.state, 'done')))
    .orderBy(desc(task.completedAt))
    .limit(1);
  return latest;
}

/**
 * 收回: takes back a submission/**
 * 收回: takes back a submission while nobody it went to has opened their task yet; the actor's task reopens.
 */
export async function retractTask(tx: Tx, ctx: RequestContext, doneTaskId: string) {
  const [mine] = await tx.select().from(task).where(eq(task.id, doneTaskId)).for('update');
  if (!mine || mine.completedByPersonId !== ctx.actor.personId || mine.state !== 'done' || !mine.stepKey)
    throw notFound('可收回的事项');
  const [inst] = await tx.select().from(flowInstance).where(eq(flowInstance.itemId, mine.itemId)).for('update');
  if (!inst || inst.state !== 'running') throw conflict('流程已结束，不能收回');
  const def = await definitionAt(tx, inst.flowKey, inst.flowVersion);
  const step = stepOf(def, mine.stepKey);
  allow(step, 'retract');
  const following = await tx
    .select()
    .from(task)
    .where(and(eq(task.activatedByTaskId, doneTaskId), inArray(task.state, ['open', 'waiting', 'done'])));
  if (!following.length) throw conflict('该环节尚未流转到下一步（或其他人还未办完），无需收回');
  if (following.some((f) => f.openedAt || f.state === 'done'))
    throw conflict('下一环节已有人打开，不能收回；如需更改请联系对方退回');
  await cancelTasks(
    tx,
    inArray(
      task.id,
      following.map((f) => f.id),
    ),
    ctx.now,
  );
  await tx
    .update(task)
    .set({
      state: 'open',
      completedAt: null,
      completedByPersonId: null,
      completedByPostId: null,
      version: sql`${task.version} + 1`,
    })
    .where(eq(task.id, doneTaskId));
  // The opinion written with the submission stays on record; a new one may follow.
  await tx
    .update(item)
    .set({ state: step.key, updatedAt: ctx.now, version: sql`${item.version} + 1` })
    .where(eq(item.id, mine.itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.retract',
    targetType: 'item',
    targetId: mine.itemId,
    summary: { taskId: doneTaskId, step: step.key, cancelled: following.map((f) => f.id) },
  });
  await signalChanged(tx, [ctx.actor.personId, ...following.map((f) => f.assigneePersonId)]);
}

/** Gives an open task to someone else: the registrar or supervisor of the item's unit may (改派). */
export async function reassignTask(tx: Tx, ctx: RequestContext, taskId: string, input: { toPersonId: string; reason: string }) {
  const [row] = await tx
    .select({ t: task, it: item, inst: flowInstance })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .innerJoin(flowInstance, eq(flowInstance.itemId, task.itemId))
    .where(eq(task.id, taskId))
    .for('update', { of: task });
  if (!row || !row.t.stepKey || row.t.dispatchId) throw notFound('待办事项');
  if (!(await readsItem(tx, ctx.actor, row.t.itemId))) throw hiddenFrom('待办事项');
  await assertSeesTask(tx, ctx.actor, row.t.id, '待办事项');
  const mayReassign =
    hasRoleOver(ctx.actor, 'registrar', row.it.owningUnitId) || hasRoleOver(ctx.actor, 'supervisor', row.it.owningUnitId);
  if (!mayReassign) throw forbidden('只有本单位的登记或督办人员可以改派');
  if (row.t.state !== 'open' && row.t.state !== 'waiting') throw conflict('该事项已经办理，不能改派');
  const step = stepOf(await definitionAt(tx, row.inst.flowKey, row.inst.flowVersion), row.t.stepKey);
  allow(step, 'reassign');
  if (row.t.assigneePersonId === input.toPersonId) throw invalid('改派对象与原办理人相同');
  const id = await handOn(tx, ctx, row.t, row.it, step, input.toPersonId, row.t.state === 'waiting');
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.reassign',
    targetType: 'item',
    targetId: row.t.itemId,
    summary: { taskId, newTaskId: id, from: row.t.assigneePersonId, to: input.toPersonId, reason: input.reason },
  });
  await signalChanged(tx, [row.t.assigneePersonId, input.toPersonId]);
  return id;
}

/** Moves a task to another person within what the step allows: the old one is cancelled, the new one keeps its place. */
async function handOn(tx: Tx, ctx: RequestContext, t: TaskRow, it: ItemRow, step: StepDef, toPersonId: string, waiting: boolean) {
  const [dup] = await tx
    .select({ id: task.id })
    .from(task)
    .where(and(eq(task.groupId, t.groupId!), eq(task.assigneePersonId, toPersonId), inArray(task.state, ['open', 'waiting'])));
  if (dup) throw conflict('此人已在办理该环节');
  const postId = await handoverPost(tx, step, t, it, toPersonId);
  await cancelTasks(tx, eq(task.id, t.id), ctx.now);
  // The slot stays: whoever takes it over finishes the same share of the step.
  const id = await createTask(
    tx,
    { ...pick(t), assigneePersonId: toPersonId, assigneePostId: postId, waiting, activatedByTaskId: t.activatedByTaskId },
    ctx.audit,
    ctx.now,
  );
  if (!waiting) await followUp(tx, ctx, id, step, t.dueDate);
  return id;
}

/**
 * 转办: the holder of a task (or their delegate) hands it to someone the step allows — a section chief to his clerk.
 * The new holder has it as the old one did (due date, unit, share of the step); the handover is on record as an
 * opinion of the step, and the one who handed it on may 催办 it.
 */
export async function transferTask(
  tx: Tx,
  ctx: RequestContext,
  taskId: string,
  input: { toPersonId: string; note?: string | null; version?: number | null },
) {
  const l = await loadTask(tx, ctx, taskId, input.version ?? null);
  allow(l.step, 'reassign');
  if (l.t.assigneePersonId === input.toPersonId || ctx.actor.personId === input.toPersonId) throw invalid('转办对象不能是本人');
  const id = await handOn(tx, ctx, l.t, l.it, l.step, input.toPersonId, false);
  const [to] = await tx.select({ name: person.name }).from(person).where(eq(person.id, input.toPersonId));
  const note = input.note?.trim() ?? '';
  await writeOpinion(
    tx,
    ctx,
    { itemId: l.t.itemId, taskId, step: l.step },
    'transfer',
    `转${to!.name}办理${note ? `：${note}` : '。'}`,
    l.principalId,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.transfer',
    targetType: 'item',
    targetId: l.t.itemId,
    summary: {
      taskId,
      newTaskId: id,
      from: l.t.assigneePersonId,
      to: input.toPersonId,
      note: note || null,
      onBehalfOf: l.principalId,
    },
  });
  await signalChanged(tx, [ctx.actor.personId, l.t.assigneePersonId, input.toPersonId]);
  return id;
}

/**
 * 加签: the holder adds a signer to the step they are working on. In a sequential step (批办) the added one comes right
 * after the holder; otherwise they act alongside, and under "all" the step waits for them too.
 */
export async function addHandler(tx: Tx, ctx: RequestContext, taskId: string, personId: string) {
  const l = await loadTask(tx, ctx, taskId, null);
  allow(l.step, 'addHandler');
  if (l.t.assigneePersonId === personId || ctx.actor.personId === personId) throw invalid('不能给本人加签');
  const [dup] = await tx
    .select({ id: task.id })
    .from(task)
    .where(and(eq(task.groupId, l.t.groupId!), eq(task.assigneePersonId, personId), inArray(task.state, ['open', 'waiting'])));
  if (dup) throw conflict('此人已在办理该环节');
  const postId = await handoverPost(tx, l.step, l.t, l.it, personId);
  const after = l.step.mode === 'sequential' && l.t.seq !== null;
  if (after) {
    // Those after the holder move one place down the line.
    await tx
      .update(task)
      .set({ seq: sql`${task.seq} + 1` })
      .where(and(eq(task.groupId, l.t.groupId!), gt(task.seq, l.t.seq!)));
  }
  const id = await createTask(
    tx,
    {
      ...pick(l.t),
      assigneePersonId: personId,
      assigneePostId: postId,
      slot: l.step.mode === 'any' ? 'any' : personId,
      seq: after ? l.t.seq! + 1 : l.t.seq,
      waiting: after,
      activatedByTaskId: l.t.activatedByTaskId,
    },
    ctx.audit,
    ctx.now,
  );
  if (!after) await followUp(tx, ctx, id, l.step, l.t.dueDate);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'flow.addHandler',
    targetType: 'item',
    targetId: l.t.itemId,
    summary: { taskId, newTaskId: id, personId, after, onBehalfOf: l.principalId },
  });
  await signalChanged(tx, [ctx.actor.personId, personId]);
  return id;
}

function pick(t: TaskRow) {
  return {
    itemId: t.itemId,
    kind: t.kind,
    step: t.step,
    stepKey: t.stepKey,
    dueDate: t.dueDate,
    groupId: t.groupId,
    slot: t.slot,
    seq: t.seq,
    forUnitId: t.forUnitId,
    forDepartmentId: t.forDepartmentId,
    unitRole: t.unitRole,
  };
}

/** The assignee has looked at the task: from now on the sender can no longer take it back. */
export async function markOpened(tx: Tx, actor: Actor, itemId: string, now: Date) {
  await tx
    .update(task)
    .set({ openedAt: now })
    .where(
      and(
        eq(task.itemId, itemId),
        eq(task.assigneePersonId, actor.personId),
        eq(task.state, 'open'),
        isNull(task.openedAt),
        actor.postId ? or(isNull(task.assigneePostId), eq(task.assigneePostId, actor.postId)) : isNull(task.assigneePostId),
      ),
    );
}

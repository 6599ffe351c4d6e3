import type { RequestContext } from '../context';
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Actor } from '../access/actor';
import { recordEvent, type AuditContext } from '../audit/service';
import { filesForReport } from '../files/service';
import { file } from '../files/schema';
import type { WorkCalendar } from '../calendar/calendar';
import { hiddenFrom, notFound } from '../errors';
import { item } from '../items/schema';
import { cancelJobs, type JobEnv, type JobHandler, enqueue } from '../jobs/queue';
import { defaultPostId, loadActor } from '../auth/actor-loader';
import { notifyPeople, signalChanged } from '../notify/service';
import { chinaToday } from '../workbench/service';
import { onBehalfLabel } from '../../org/delegation';
import { department, person, post } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { cadenceProblems, type EscalationLevel, type ProgressCadence, type StepDef } from './definition';
import { moduleOf } from '../modules/registry';
import { loadHeldTask } from './held';
import { leadersInChargeOf } from './people';
import { leadersOfUnit, supervisorsOf } from './resolve';
import { task, taskProgress, taskProgressFile } from './schema';
import { at9, progressGroup, readsItem } from './tasks';
import { assertSeesTask } from './parts';

// 进展报告 (DOMAIN §6.3 反馈, §6.4 periodic reporting): the holder of an open task reports how it stands without
// closing it. A step that asks for reports names the cadence; the kernel keeps the next report's due date on the task
// and schedules, per missed report, one job per escalation level (催报 to the holder, then the leaders of the unit the
// task is for, then the supervisors). A report cancels the jobs of its period and schedules the next period's.

type TaskRow = typeof task.$inferSelect;

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => fromMs(toMs(d) + n * DAY_MS);
/** 1 Monday … 7 Sunday. */
const weekdayOf = (d: string) => ((new Date(toMs(d)).getUTCDay() + 6) % 7) + 1;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The date itself when it is a working day, else the next working day (a report due on a day off is due the day work resumes). */
const onOrAfterWorkday = (cal: WorkCalendar, d: string) => (cal.isWorkday(d) ? d : cal.addWorkdays(d, 1).date);

/**
 * The first report day after `from`: day D (clamped to the month's length) of this month or a later one, of the
 * months listed when there are (quarterly: the quarters' last months).
 */
function monthly(from: string, day: number, months?: number[]): string {
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const at = () => `${y}-${String(m).padStart(2, '0')}-${String(Math.min(day, daysInMonth(y, m))).padStart(2, '0')}`;
  while (at() <= from || (months && !months.includes(m))) {
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return at();
}

/**
 * When the next progress report is due after `from` (the day the task started, or the period last reported), on the
 * official calendar; null when the cadence asks for no more (a single report before the due date, already passed).
 */
export function nextReportDue(cadence: ProgressCadence, from: string, taskDue: string | null, cal: WorkCalendar): string | null {
  if ('every' in cadence) return cal.addWorkdays(from, cadence.every).date;
  if ('weekly' in cadence) {
    let d = plusDays(from, 1);
    while (weekdayOf(d) !== cadence.weekly) d = plusDays(d, 1);
    return onOrAfterWorkday(cal, d);
  }
  if ('monthlyOnDay' in cadence) return onOrAfterWorkday(cal, monthly(from, cadence.monthlyOnDay, cadence.months));
  if (!taskDue) return null;
  const d = cadence.beforeDueWorkdays === 0 ? taskDue : cal.subtractWorkdays(taskDue, cadence.beforeDueWorkdays).date;
  return d > from ? d : null;
}

/** Where the step sets none: the holder is reminded (催报) on the day a report is due. */
const DEFAULT_ESCALATION: EscalationLevel[] = [{ afterWorkdays: 0, to: 'holder' }];
const levelsOf = (step: StepDef) => step.progress?.escalation ?? DEFAULT_ESCALATION;

/**
 * The cadence a task's reports follow: its item's own where the item's module gives one (`ModuleDef.progressCadence`:
 * 督办's 报告周期, chosen at 立项), else its step's.
 */
async function cadenceFor(tx: Tx, taskId: string, step: StepDef): Promise<ProgressCadence> {
  const [row] = await tx
    .select({ itemId: item.id, kind: item.kind })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .where(eq(task.id, taskId));
  const own = row ? await moduleOf(row.kind)?.progressCadence?.(tx, row.itemId, step) : null;
  if (!own) return step.progress!.cadence;
  const problems = cadenceProblems(own);
  if (problems.length) throw new Error(`module ${row!.kind}: ${problems.join('; ')}`);
  return own;
}

/** Sets the task's next report date from `from` and schedules that period's escalations. */
async function schedulePeriod(
  tx: Tx,
  taskId: string,
  step: StepDef,
  from: string,
  taskDue: string | null,
  cal: WorkCalendar,
  now: Date,
) {
  const due = nextReportDue(await cadenceFor(tx, taskId, step), from, taskDue, cal);
  await tx.update(task).set({ progressDueDate: due }).where(eq(task.id, taskId));
  if (!due) return null;
  await enqueue(
    tx,
    levelsOf(step).map((l, level) => ({
      kind: 'task.progress.escalate',
      payload: { taskId, period: due, level, to: l.to, n: l.afterWorkdays, ...(l.then ? { then: l.then } : {}) },
      runAt: at9(l.afterWorkdays === 0 ? due : cal.addWorkdays(due, l.afterWorkdays).date),
      dedupeKey: `${progressGroup(taskId)}:${due}:${level}`,
      groupKey: progressGroup(taskId),
    })),
    now,
  );
  return due;
}

/** A task that has just reached its holder starts owing reports, where its step asks for them. */
export async function startProgress(tx: Tx, taskId: string, step: StepDef, taskDue: string | null, cal: WorkCalendar, now: Date) {
  if (!step.progress || step.kind !== 'do') return null;
  if (step.progress.leadOnly) {
    // 协办 give their part to the lead unit; only the lead (主办) reports to the sender.
    const [t] = await tx.select({ unitRole: task.unitRole }).from(task).where(eq(task.id, taskId));
    if (t?.unitRole !== 'lead') return null;
  }
  await cancelJobs(tx, progressGroup(taskId), now);
  return schedulePeriod(tx, taskId, step, chinaToday(now), taskDue, cal, now);
}

/**
 * After an approved 延期 (DOMAIN §6.3–6.4), the report owed follows what its cadence counts from:
 * - every N working days, weekly, monthly on a day: from the task's start or the last report, by the calendar, never
 *   from the deadline — the report owed keeps its date and its escalations, and the next is counted as before. A later
 *   deadline is no reason to report less often, and an item past its deadline still reports (交必办、办必果、果必报;
 *   the overdue item is the red one, watched more, not less), so a report that falls after the new deadline stays.
 * - once before the due date: from the deadline, so it moves with it — owed N working days before the new date, also
 *   when the one before the old date was sent (it reported on a deadline that no longer holds).
 * Either way a report whose date had passed unsent stays owed with its escalations under way: as a 延期 asked after
 * the deadline does not move it (§6.3), a later deadline does not excuse a report already missed.
 * Returns the next report's date.
 */
export async function progressAfterExtension(tx: Tx, t: TaskRow, step: StepDef, granted: string, cal: WorkCalendar, now: Date) {
  if (!step.progress || step.kind !== 'do') return t.progressDueDate;
  const cadence = await cadenceFor(tx, t.id, step);
  if (!('beforeDueWorkdays' in cadence)) return t.progressDueDate;
  const today = chinaToday(now);
  const owed = t.progressDueDate;
  const moved = nextReportDue(cadence, today, granted, cal);
  if (owed && (owed < today || (owed === today && !moved))) return owed;
  await cancelJobs(tx, progressGroup(t.id), now);
  return schedulePeriod(tx, t.id, step, today, granted, cal, now);
}

/**
 * 报告进展: the holder (or their delegate) reports on an open 办理 task, which stays open. The report answers the
 * period due now; the next period is counted from that date (or from today when it is late).
 */
export async function reportProgress(
  tx: Tx,
  ctx: RequestContext,
  taskId: string,
  input: { text: string; fileIds?: string[] },
): Promise<{ id: string; nextDue: string | null }> {
  const { text } = input;
  const { t, it, step, principalId } = await loadHeldTask(tx, ctx.actor, taskId, { what: '报告进展' });
  // Checked before anything is written: a refused file refuses the report.
  const files = await filesForReport(tx, ctx.actor, it, input.fileIds ?? [], ctx.ceiling);
  let signature = ctx.actor.name;
  if (principalId) {
    const [p] = await tx.select({ name: person.name }).from(person).where(eq(person.id, principalId));
    signature = onBehalfLabel(ctx.actor.name, p?.name ?? '');
  }
  const id = randomUUID();
  const period = t.progressDueDate;
  await tx.insert(taskProgress).values({
    id,
    taskId,
    itemId: t.itemId,
    periodDueDate: period,
    text,
    personId: ctx.actor.personId,
    postId: ctx.actor.postId,
    onBehalfOfPersonId: principalId,
    signature,
    createdAt: ctx.now,
  });
  if (files.length)
    await tx
      .insert(taskProgressFile)
      .values(files.map((f, i) => ({ progressId: id, fileId: f.id, itemId: t.itemId, ordinal: i + 1 })));
  let nextDue: string | null = null;
  if (step.progress && (!step.progress.leadOnly || t.unitRole === 'lead')) {
    // The period reported is settled: its 催报 and escalations are cancelled, the next period's scheduled.
    await cancelJobs(tx, progressGroup(taskId), ctx.now);
    const today = chinaToday(ctx.now);
    nextDue = await schedulePeriod(tx, taskId, step, period && period > today ? period : today, t.dueDate, ctx.cal, ctx.now);
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'task.progress.report',
    targetType: 'task',
    targetId: taskId,
    summary: {
      itemId: t.itemId,
      progressId: id,
      step: t.stepKey,
      period,
      nextDue,
      onBehalfOf: principalId,
      files: files.map((f) => ({ fileId: f.id, name: f.name, sm3: f.sm3 })),
    },
  });
  // Whoever gave the task out hears of it, as they would of a 反馈.
  const sender = t.createdBy && t.createdBy !== ctx.actor.personId && t.createdBy !== t.assigneePersonId ? [t.createdBy] : [];
  const brief = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  await notifyPeople(
    tx,
    sender.map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `进展报告（${t.step}）《${it.title}》：${brief}`,
      itemId: t.itemId,
      taskId,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await signalChanged(tx, [ctx.actor.personId, t.assigneePersonId, ...sender]);
  return { id, nextDue };
}

export interface ProgressEntry {
  id: string;
  taskId: string;
  periodDueDate: string | null;
  text: string;
  signature: string;
  createdAt: string;
  files: { id: string; name: string; size: number; contentType: string; classification: Classification }[];
}

/** The progress reports of a set of tasks, oldest first, each with the files sent with it. */
export async function progressOfTasks(tx: Tx, where: SQL): Promise<ProgressEntry[]> {
  const rows = await tx.select().from(taskProgress).where(where).orderBy(asc(taskProgress.createdAt));
  const attached = rows.length
    ? await tx
        .select({ progressId: taskProgressFile.progressId, f: file })
        .from(taskProgressFile)
        .innerJoin(file, eq(file.id, taskProgressFile.fileId))
        .where(
          inArray(
            taskProgressFile.progressId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(taskProgressFile.ordinal))
    : [];
  return rows.map((r) => ({
    id: r.id,
    taskId: r.taskId,
    periodDueDate: r.periodDueDate,
    text: r.text,
    signature: r.signature,
    createdAt: r.createdAt.toISOString(),
    files: attached
      .filter((a) => a.progressId === r.id)
      .map(({ f }) => ({
        id: f.id,
        name: f.name,
        size: f.size,
        contentType: f.contentType,
        classification: f.classification as Classification,
      })),
  }));
}

/** The reports on one task, for whoever may read its item and sees the task (another unit's part is not theirs). */
export async function progressOf(tx: Tx, actor: Actor, taskId: string) {
  const [t] = await tx.select({ itemId: task.itemId }).from(task).where(eq(task.id, taskId));
  if (!t) throw notFound('待办事项');
  if (!(await readsItem(tx, actor, t.itemId))) throw hiddenFrom('待办事项');
  await assertSeesTask(tx, actor, taskId, '待办事项');
  return progressOfTasks(tx, eq(taskProgress.taskId, taskId));
}

/**
 * The leaders of the unit a task is for: a unit's own leaders; for a section, its leader in charge (分管), failing
 * that the leaders of its unit; for a task given to a person, the same for the post they hold it in.
 */
async function unitLeadersFor(tx: Tx, t: TaskRow, owningUnitId: string) {
  const forDepartment = async (departmentId: string) => {
    const inCharge = await leadersInChargeOf(tx, departmentId);
    if (inCharge.length) return inCharge;
    const [d] = await tx.select({ unitId: department.unitId }).from(department).where(eq(department.id, departmentId));
    return d ? leadersOfUnit(tx, d.unitId) : [];
  };
  if (t.forUnitId) return leadersOfUnit(tx, t.forUnitId);
  if (t.forDepartmentId) return forDepartment(t.forDepartmentId);
  const [p] = t.assigneePostId
    ? await tx.select({ unitId: post.unitId, departmentId: post.departmentId }).from(post).where(eq(post.id, t.assigneePostId))
    : [];
  if (p?.departmentId) return forDepartment(p.departmentId);
  return leadersOfUnit(tx, p?.unitId ?? owningUnitId);
}

/** 催报 of a missed progress report, one level of its escalation (job `task.progress.escalate`). */
export const escalationJob: JobHandler = async (tx, payload, { now, jobId, env }) => {
  const taskId = String(payload.taskId);
  const period = String(payload.period);
  const n = Number(payload.n);
  const to = payload.to as EscalationLevel['to'];
  const [row] = await tx
    .select({ t: task, it: item, holder: person.name })
    .from(task)
    .innerJoin(item, eq(item.id, task.itemId))
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    .where(eq(task.id, taskId));
  // Reported, closed or moved on since: nothing is missing (the report or the close also cancelled this job).
  if (!row || row.t.state !== 'open' || row.t.progressDueDate !== period) return;
  const { t, it } = row;
  const people =
    to === 'holder'
      ? [t.assigneePersonId]
      : to === 'unitLeader'
        ? (await unitLeadersFor(tx, t, it.owningUnitId)).map((p) => p.personId)
        : (await supervisorsOf(tx, it.owningUnitId, it.classification as Classification)).map((p) => p.personId);
  const told = [...new Set(people)].filter((p) => to === 'holder' || p !== t.assigneePersonId);
  const late = n === 0 ? `应于 ${period} 报送` : `应于 ${period} 报送，已逾期 ${n} 个工作日`;
  const message =
    to === 'holder'
      ? `催报（${t.step}）：${it.title}——进展报告${late}`
      : `进展报告逾期（${t.step}）：${it.title}——${row.holder}的进展报告${late}`;
  const audit: AuditContext = { personId: null, postId: null, requestId: `job-${jobId}` };
  await recordEvent(tx, audit, now, {
    action: 'task.progress.escalate',
    targetType: 'task',
    targetId: taskId,
    summary: { itemId: t.itemId, period, level: Number(payload.level), to, n, people: told },
  });
  await notifyPeople(
    tx,
    told.map((personId) => ({
      personId,
      kind: 'reminder' as const,
      message,
      itemId: t.itemId,
      ...(personId === t.assigneePersonId ? { taskId } : {}),
    })),
    now,
  );
  await signalChanged(tx, told);
  const then = typeof payload.then === 'string' ? payload.then : null;
  const act = then ? moduleOf(it.kind)?.escalations?.[then] : undefined;
  if (then && !act) throw new Error(`escalation ${then} is not declared by module ${it.kind}`);
  if (act)
    await act(tx, {
      item: it,
      task: t,
      period,
      now,
      actAs: (personId, postId) => actingContext(tx, personId, postId ?? null, now, jobId, env),
    });
};

/**
 * A person's context for work a job does on their desk (a draft they will finish): the post given or their default, the
 * calendar and the ceiling the server runs with; the audit names the job, not them, as the one acting.
 */
async function actingContext(
  tx: Tx,
  personId: string,
  postId: string | null,
  now: Date,
  jobId: number,
  env: JobEnv | undefined,
): Promise<RequestContext | null> {
  if (!env) throw new Error('jobs acting for a person need the server environment (JobEnv)');
  const actor = await loadActor(tx, personId, postId ?? (await defaultPostId(tx, personId)), 'session', now);
  if (!actor) return null;
  return {
    actor,
    audit: { personId: null, postId: null, requestId: `job-${jobId}` },
    now,
    cal: await env.calendar(),
    ceiling: env.ceiling,
  };
}

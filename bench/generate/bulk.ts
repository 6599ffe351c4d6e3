import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client';
import type { RegisterIncoming } from '../../src/contract/incoming';
import { genreFromTitle, normaliseDocNo } from '../../src/contract/official-document';
import { atOrBelow } from '../../src/server/platform/access/classification';
import type { Classification } from '../../src/contract/common';
import { event } from '../../src/server/platform/audit/schema';
import {
  chainedFields,
  chainRow,
  SYSTEM_CHAIN,
  type AuditContext,
  type EventInput,
} from '../../src/server/platform/audit/service';
import { rowsOf } from '../../src/server/platform/db/client';
import { chainsIn } from '../../src/server/platform/audit/verify';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { END, type FlowDef, type StepDef } from '../../src/server/platform/flow/definition';
import type { SubmitInput } from '../../src/server/platform/flow/engine';
import { CLOSED } from '../../src/server/platform/flow/states';
import { currentVersion, stepOf } from '../../src/server/platform/flow/registry';
import type { Choice } from '../../src/server/platform/flow/resolve';
import { opinion, type UnitRole } from '../../src/server/platform/flow/schema';
import type { ReminderSchedule } from '../../src/server/platform/flow/tasks';
import { itemAccess } from '../../src/server/platform/items/schema';
import { numberSequence } from '../../src/server/platform/numbering/schema';
import { moduleOf } from '../../src/server/platform/modules/registry';
import { searchTokens } from '../../src/server/platform/search/tokenize';
import { chinaToday } from '../../src/server/platform/workbench/service';
import { INCOMING_FLOW } from '../../src/server/modules/incoming/flow';
import { INCOMING_KIND, incomingModule } from '../../src/server/modules/incoming/module';
import { incomingDocument } from '../../src/server/modules/incoming/schema';
import type { Backend, OpenTask } from './backend';
import type { OrgPlan } from './org';
import {
  HistoryWriter,
  type InstanceRow,
  type ItemRow,
  type JobRow,
  type NotificationRow,
  type Rows,
  type TaskRow,
} from './write';
import { MinHeap } from './heap';
import { Random } from './random';
import { BENCH_REQUEST_ID } from './services';

// The rows that registerIncoming, submitTask, markRead and the reminder job write, computed here and
// written in large batches, with the audit chain linked by the product's own chainRow. Each function
// below follows the product function it is named after, statement by statement; conformance.ts runs one
// scenario through both and compares the databases, so a change in the product that this does not follow
// stops the benchmark instead of measuring a database the product could not have produced.

/** An item whose flow is still running: its rows change until it closes, then they are written. */
interface Live {
  it: ItemRow;
  inst: InstanceRow;
  doc: typeof incomingDocument.$inferInsert;
  tasks: TaskRow[];
  opinions: (typeof opinion.$inferInsert)[];
  access: (typeof itemAccess.$inferInsert)[];
  accessKeys: Set<string>;
}

interface Actor {
  personId: string;
  postId: string;
  unitId: string;
  departmentId: string | null;
  name: string;
  postTitle: string;
  clearance: string;
}

/** Events per batch written (with the rows that are final by then). */
const FLUSH_EVENTS = 40_000;

export class BulkBackend implements Backend {
  private readonly ids: Random;
  private def!: FlowDef;
  private flowVersion = 0;
  private lastEventId = 0;
  /** Each chain's head: its place and hash. */
  private readonly chainHeads = new Map<string, { seq: number; hash: string }>();
  private readonly unitOfPost = new Map<string, string>();
  private lastOpinionSeq = 0;
  private lastJobId = 0;
  private readonly numbers = new Map<string, { scope: string; year: number; last: number; updatedAt: Date }>();
  private readonly live = new Map<string, Live>();
  private readonly taskIndex = new Map<string, Live>();
  private readonly jobs = new Map<number, JobRow>();
  private readonly jobsByTask = new Map<string, number[]>();
  private readonly jobHeap = new MinHeap<JobRow>(
    (a, b) => a.runAt.getTime() < b.runAt.getTime() || (a.runAt.getTime() === b.runAt.getTime() && a.id < b.id),
  );
  private readonly unread = new Map<string, NotificationRow[]>();
  private readonly seenDocNos = new Set<string>();
  private readonly registrarsOf = new Map<string, { personId: string; postId: string }[]>();
  private readonly sectionHead = new Map<string, { personId: string; postId: string }>();
  private readonly unitIssuer = new Map<string, { code: string | null; shortName: string }>();
  private started = false;
  readonly writer: HistoryWriter;
  /** Rows that no later action changes any more, waiting to be written. */
  private get out(): Rows {
    return this.writer.out;
  }

  /**
   * `targets`: every database of the run gets the same rows (the history is computed once); the first is
   * where the flow definition and the starting points (last event, sequences) are read.
   */
  constructor(
    private readonly targets: Database[],
    private readonly org: OrgPlan,
    private readonly cal: WorkCalendar,
    seed: string,
  ) {
    this.ids = new Random(`${seed}:ids`);
    this.writer = new HistoryWriter(targets);
    for (const r of org.roles) {
      if (r.role !== 'registrar') continue;
      const p = org.posts.find((x) => x.personId === r.personId && x.unitId === r.unitId && !x.endedAt);
      if (p)
        this.registrarsOf.set(r.unitId, [...(this.registrarsOf.get(r.unitId) ?? []), { personId: r.personId, postId: p.id }]);
    }
    const byDept = new Map<string, typeof org.posts>();
    for (const p of org.posts) if (p.departmentId) byDept.set(p.departmentId, [...(byDept.get(p.departmentId) ?? []), p]);
    for (const [d, posts] of byDept) {
      // peopleOfDepartment: the section's leaders, else its first post by order.
      const sorted = [...posts].sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
      const heads = sorted.filter((p) => p.isLeader);
      const h = heads[0] ?? sorted[0]!;
      if (heads.length > 1) throw new Error('bulk: a section with several leaders is not modelled');
      this.sectionHead.set(d, { personId: h.personId, postId: h.id });
    }
    for (const u of org.units) this.unitIssuer.set(u.id, { code: u.issuerCode ?? null, shortName: u.shortName });
    for (const p of org.posts) this.unitOfPost.set(p.id, p.unitId);
    if (moduleOf(INCOMING_KIND)?.hooks) throw new Error('bulk: the incoming module now has hooks; follow them here');
  }

  private async start(now: Date) {
    if (this.started) return;
    this.started = true;
    for (const target of this.targets) {
      await target.db.transaction(async (tx) => {
        const v = await currentVersion(tx, INCOMING_FLOW, now);
        if (this.flowVersion && v.version !== this.flowVersion) throw new Error('bulk: the targets hold different flow versions');
        this.flowVersion = v.version;
        this.def = v.def;
      });
    }
    const db = this.targets[0]!.db;
    const [last] = await db.select({ id: event.id }).from(event).orderBy(desc(event.id)).limit(1);
    this.lastEventId = last?.id ?? 0;
    for (const chain of await chainsIn(db, 'event')) {
      const [head] = await db
        .select({ seq: event.chainSeq, hash: event.hash })
        .from(event)
        .where(eq(event.chain, chain))
        .orderBy(desc(event.chainSeq))
        .limit(1);
      this.chainHeads.set(chain, head!);
    }
    const one = async (q: string) => Number(rowsOf<{ n: number }>(await db.execute(sql.raw(q)))[0]?.n ?? 0);
    this.lastOpinionSeq = await one('select coalesce(max(seq), 0)::int8 as n from opinion');
    this.lastJobId = await one('select coalesce(max(id), 0)::int8 as n from job');
    for (const r of await db.select().from(numberSequence)) this.numbers.set(`${r.scope}|${r.year}`, { ...r });
  }

  private actor(personId: string): Actor {
    const p = this.org.personById.get(personId)!;
    const post = this.org.primaryPost.get(personId)!;
    return {
      personId,
      postId: post.id,
      unitId: post.unitId,
      departmentId: post.departmentId ?? null,
      name: p.name,
      postTitle: post.title,
      clearance: p.clearance ?? '内部',
    };
  }

  private audit(a: Actor): AuditContext {
    return { personId: a.personId, postId: a.postId, requestId: BENCH_REQUEST_ID };
  }

  // recordEvent (lockChain: the office of the actor's post, else the event's unit, else the system chain; each
  // command here records all its events with one context, so the chain its first event takes is theirs too)
  private recordEvent(ctx: AuditContext, at: Date, input: EventInput) {
    const id = ++this.lastEventId;
    const fields = chainedFields(id, ctx, at, input);
    const chain = (ctx.postId ? this.unitOfPost.get(ctx.postId) : undefined) ?? input.unitId ?? SYSTEM_CHAIN;
    const head = this.chainHeads.get(chain) ?? { seq: 0, hash: '0'.repeat(64) };
    const link = chainRow(head.hash, fields, { chain, chainSeq: head.seq + 1 });
    this.chainHeads.set(chain, { seq: link.chainSeq, hash: link.hash });
    this.out.events.push({ ...fields, ...link });
  }

  // nextNumber
  private nextNumber(scope: string, year: number, now: Date) {
    const k = `${scope}|${year}`;
    const r = this.numbers.get(k) ?? { scope, year, last: 0, updatedAt: now };
    r.last++;
    r.updatedAt = now;
    this.numbers.set(k, r);
    return r.last;
  }

  // notifyPeople
  private notify(notes: Omit<NotificationRow, 'id' | 'createdAt' | 'readAt'>[], now: Date) {
    for (const n of notes) {
      const row: NotificationRow = {
        id: this.ids.uuid(),
        personId: n.personId,
        kind: n.kind,
        message: n.message,
        itemId: n.itemId ?? null,
        taskId: n.taskId ?? null,
        fromPersonId: n.fromPersonId ?? null,
        createdAt: now,
        readAt: null,
      };
      const list = this.unread.get(n.personId);
      if (list) list.push(row);
      else this.unread.set(n.personId, [row]);
    }
  }

  // markRead(tx, personId, null, now)
  async markAllRead(at: Date, personId: string) {
    const list = this.unread.get(personId);
    if (!list) return;
    for (const n of list) {
      n.readAt = at;
      this.out.notifications.push(n);
    }
    this.unread.delete(personId);
  }

  // registerIncoming (+ createItem, startFlow)
  async register(now: Date, registrarId: string, input: RegisterIncoming): Promise<string> {
    await this.start(now);
    const actor = this.actor(registrarId);
    const audit = this.audit(actor);
    if (!this.registrarsOf.get(actor.unitId)?.some((r) => r.personId === actor.personId))
      throw new Error('bulk: not a registrar of the unit');
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw new Error('bulk: received after registration');
    const receivedDate = chinaToday(receivedAt);
    if (input.classification !== '公开' && input.classification !== '内部')
      throw new Error('bulk: only 公开 and 内部 are generated');
    let docNo: string | null = null;
    if (input.docNo) {
      const r = normaliseDocNo(input.docNo);
      if (!r.ok) throw new Error(`bulk: 发文字号 ${input.docNo} not accepted: ${r.notes.join('; ')}`);
      docNo = r.value;
    }
    const unitId = actor.unitId;
    if (docNo) {
      const k = `${unitId}|${input.senderName}|${docNo}`;
      if (this.seenDocNos.has(k)) throw new Error(`bulk: duplicate registration ${k}`);
      this.seenDocNos.add(k);
    }
    const u = this.unitIssuer.get(unitId)!;
    const year = Number(receivedDate.slice(0, 4));
    const register = `${unitId}:${input.register}`;
    const seq = this.nextNumber(`incoming:${register}`, year, now);
    const prefix = input.register === '收文' ? `${u.code ?? u.shortName ?? ''}收` : input.register;
    const registryNo = `${prefix}〔${year}〕${seq}号`;
    const genre = input.genre ?? genreFromTitle(input.title);

    // createItem
    const id = this.ids.uuid();
    const it: ItemRow = {
      id,
      kind: INCOMING_KIND,
      title: input.title,
      classification: input.classification,
      urgency: input.urgency ?? null,
      owningUnitId: unitId,
      owningDepartmentId: actor.departmentId,
      state: 'registered',
      dueDate: input.dueDate ?? null,
      registryNo,
      createdBy: actor.personId,
      createdAt: now,
      updatedAt: now,
      version: 1,
      secrecyTerm: null,
      closedAt: null,
      filingStatus: null,
      searchTokens: searchTokens(
        input.title,
        ...incomingModule.searchText({ ...input, docNo, docNoAsReceived: input.docNo, registryNo }),
      ),
    };
    this.recordEvent(audit, now, {
      action: 'item.create',
      targetType: 'item',
      targetId: id,
      unitId,
      summary: { kind: INCOMING_KIND, classification: input.classification, state: 'registered' },
    });
    it.secrecyTerm = input.secrecyTerm;
    const doc: typeof incomingDocument.$inferInsert = {
      itemId: id,
      register,
      year,
      seq,
      senderName: input.senderName,
      docNo,
      docNoAsReceived: input.docNo && input.docNo !== docNo ? input.docNo : null,
      genre,
      copies: input.copies,
      copyNumbers: input.copyNumbers,
      writtenDate: input.writtenDate,
      receivedAt,
      receivedByPersonId: actor.personId,
      mainRecipients: input.mainRecipients,
      ccRecipients: input.ccRecipients,
      attachments: input.attachments,
    };
    this.recordEvent(audit, now, {
      action: 'incoming.signFor',
      targetType: 'item',
      targetId: id,
      summary: { receivedAt: receivedAt.toISOString(), copies: input.copies, copyNumbers: input.copyNumbers },
    });
    this.recordEvent(audit, now, {
      action: 'incoming.register',
      targetType: 'item',
      targetId: id,
      summary: { registryNo, senderName: input.senderName, docNo, classification: input.classification, duplicateOf: [] },
    });
    if (input.files.length) throw new Error('bulk: files are not generated');

    // startFlow
    const inst: InstanceRow = {
      id: this.ids.uuid(),
      itemId: id,
      flowKey: INCOMING_FLOW,
      flowVersion: this.flowVersion,
      state: 'running',
      vars: {},
      startedAt: now,
      finishedAt: null,
    };
    const l: Live = { it, inst, doc, tasks: [], opinions: [], access: [], accessKeys: new Set() };
    this.live.set(id, l);
    this.recordEvent(audit, now, {
      action: 'flow.start',
      targetType: 'item',
      targetId: id,
      summary: { flow: INCOMING_FLOW, version: this.flowVersion },
    });
    this.activate(l, actor, now, this.def.start, {}, null, { ...it });
    await this.maybeFlush();
    return id;
  }

  // resolveAssignees
  private resolve(step: StepDef, choice: Choice, l: Live) {
    type A = {
      personId: string;
      postId: string | null;
      slot: string;
      forUnitId?: string | null;
      forDepartmentId?: string | null;
      unitRole?: UnitRole | null;
      dueDate?: string | null;
    };
    const rule = step.actors;
    switch (rule.type) {
      case 'role': {
        const rows = this.registrarsOf.get(l.it.owningUnitId) ?? [];
        if (!rows.length) throw new Error('bulk: no registrar');
        return rows.map((r): A => ({ ...r, slot: 'role' }));
      }
      case 'chosen': {
        const ids = [...new Set(choice.personIds ?? [])];
        if (!ids.length) throw new Error('bulk: nobody chosen');
        return ids.map((pid): A => {
          const p = this.org.primaryPost.get(pid)!;
          if (rule.scope === 'leaders' && !p.isLeader) throw new Error('bulk: not a leader');
          return { personId: pid, postId: p.id, slot: pid };
        });
      }
      case 'units': {
        const units = choice.units ?? [];
        if (units.filter((u) => u.role === 'lead').length !== 1) throw new Error('bulk: one lead unit');
        const out: A[] = [];
        for (const u of units) {
          const target = (u.unitId ?? u.departmentId)!;
          const people = u.unitId ? (this.registrarsOf.get(u.unitId) ?? []) : [this.sectionHead.get(u.departmentId!)!];
          if (!people.length || !people[0]) throw new Error('bulk: a unit without a receiver');
          for (const p of people)
            out.push({
              ...p,
              slot: target,
              forUnitId: u.unitId ?? null,
              forDepartmentId: u.departmentId ?? null,
              unitRole: u.role,
              dueDate: u.dueDate ?? null,
            });
        }
        return out;
      }
      case 'previous': {
        if (rule.all) throw new Error('bulk: previous/all not modelled');
        const rows = l.tasks
          .filter((t) => t.stepKey === rule.step && t.state === 'done')
          .sort((a, b) => b.completedAt!.getTime() - a.completedAt!.getTime());
        const r = rows.find((x) => !rule.unitRole || x.unitRole === rule.unitRole);
        if (!r?.completedByPersonId) throw new Error('bulk: no previous handler');
        return [
          {
            personId: r.completedByPersonId,
            postId: r.completedByPostId ?? null,
            slot: r.completedByPersonId,
            forUnitId: r.forUnitId ?? null,
            forDepartmentId: r.forDepartmentId ?? null,
            unitRole: r.unitRole ?? null,
          },
        ] as A[];
      }
      default:
        throw new Error(`bulk: actor rule ${rule.type} not modelled`);
    }
  }

  // activate
  private activate(
    l: Live,
    actor: Actor,
    now: Date,
    stepKey: string,
    choice: Choice,
    activatedByTaskId: string | null,
    itAsLoaded: ItemRow,
  ) {
    const step = stepOf(this.def, stepKey);
    const vars = l.inst.vars as { leadDepartmentId?: string | null };
    const assignees = this.resolve(step, choice, l);
    if (step.mode === 'single' && new Set(assignees.map((a) => a.slot)).size > 1)
      throw new Error('bulk: single step with several');
    const groupId = this.ids.uuid();
    const sequential = step.mode === 'sequential';
    for (const [i, a] of assignees.entries()) {
      let dueDate: string | null;
      if (a.dueDate) dueDate = a.dueDate;
      else if (step.limit === 'item') dueDate = choice.dueDate ?? itAsLoaded.dueDate ?? null;
      else if (step.limit) dueDate = this.cal.dueDate(chinaToday(now), step.limit.days, step.limit.unit).date;
      else dueDate = null;
      const id = this.createTask(l, actor, now, {
        kind: step.kind,
        step: step.name,
        stepKey: step.key,
        assigneePersonId: a.personId,
        assigneePostId: a.postId,
        dueDate,
        groupId,
        slot: step.mode === 'any' ? 'any' : a.slot,
        seq: sequential ? i + 1 : null,
        forUnitId: a.forUnitId ?? null,
        forDepartmentId: a.forDepartmentId ?? null,
        unitRole: a.unitRole ?? null,
        activatedByTaskId,
        waiting: sequential && i > 0,
      });
      if (dueDate && step.reminders && !(sequential && i > 0)) this.scheduleTaskReminders(id, dueDate, step.reminders, now);
    }
    const lead = choice.units?.find((u) => u.role === 'lead');
    if (lead) l.inst.vars = { ...vars, leadDepartmentId: lead.departmentId ?? null, leadUnitId: lead.unitId ?? null };
    l.it.state = step.key;
    l.it.updatedAt = now;
    l.it.version++;
  }

  // createTask (+ grantItemAccess, announceTask)
  private createTask(
    l: Live,
    actor: Actor,
    now: Date,
    input: Omit<TaskRow, 'id' | 'version' | 'state' | 'itemId' | 'createdAt'> & { waiting: boolean },
  ): string {
    const audit = this.audit(actor);
    const assignee = this.org.personById.get(input.assigneePersonId)!;
    if (!atOrBelow(assignee.clearance as Classification).includes(l.it.classification as Classification))
      throw new Error('bulk: clearance too low');
    const id = this.ids.uuid();
    const { waiting, ...rest } = input;
    const row: TaskRow = {
      ...rest,
      id,
      itemId: l.it.id,
      createdBy: audit.personId,
      createdAt: now,
      state: waiting ? 'waiting' : 'open',
      deliveredAt: waiting ? null : now,
      openedAt: null,
      completedAt: null,
      completedByPersonId: null,
      completedByPostId: null,
      remindCount: 0,
      lastRemindedAt: null,
      version: 1,
    };
    l.tasks.push(row);
    this.taskIndex.set(id, l);
    this.recordEvent(audit, now, {
      action: 'task.create',
      targetType: 'task',
      targetId: id,
      summary: {
        itemId: l.it.id,
        kind: input.kind,
        step: input.step,
        assignee: input.assigneePersonId,
        dueDate: input.dueDate ?? null,
      },
    });
    if (!waiting) this.announceTask(row, l.it.title, audit, now);
    return id;
  }

  // announceTask: the task's document opens to the assignee when the task becomes theirs (grantItemAccess, scope full).
  private announceTask(t: TaskRow, title: string, audit: AuditContext, now: Date) {
    const l = this.taskIndex.get(t.id)!;
    const principal = { type: 'person' as const, id: t.assigneePersonId };
    const key = `person|${principal.id}`;
    if (!l.accessKeys.has(key)) {
      l.accessKeys.add(key);
      l.access.push({
        itemId: l.it.id,
        principalType: 'person',
        principalId: principal.id,
        reason: `task:${t.step}`,
        grantedBy: audit.personId ?? principal.id,
        createdAt: now,
      });
    }
    this.recordEvent(audit, now, {
      action: 'item.access.grant',
      targetType: 'item',
      targetId: l.it.id,
      summary: { principal, scope: 'full', reason: `task:${t.step}` },
    });
    if (t.assigneePersonId === audit.personId) return;
    const verb = t.kind === 'do' ? '待办' : '待阅';
    this.notify(
      [
        {
          personId: t.assigneePersonId,
          kind: 'task',
          message: `新${verb}（${t.step}）：${title}`,
          itemId: t.itemId,
          taskId: t.id,
          fromPersonId: audit.personId,
        },
      ],
      now,
    );
  }

  // scheduleTaskReminders (+ enqueue)
  private scheduleTaskReminders(taskId: string, dueDate: string, schedule: ReminderSchedule, now: Date) {
    const at9 = (date: string) => new Date(`${date}T01:00:00Z`);
    const jobs = [
      ...(schedule.beforeWorkdays ?? []).map((n) => ({
        when: at9(this.cal.subtractWorkdays(dueDate, n).date),
        label: 'before',
        n,
      })),
      // Overdue reminders count working days after the limit, as the product does (calendar/deadline.ts).
      ...(schedule.afterDays ?? []).map((n) => ({ when: at9(this.cal.addWorkdays(dueDate, n).date), label: 'after', n })),
    ].filter((j) => j.when > now);
    for (const j of jobs) {
      const dedupeKey = `task:${taskId}:remind:${j.label}:${j.n}`;
      // ON CONFLICT (dedupe_key) WHERE pending DO NOTHING
      if (
        (this.jobsByTask.get(taskId) ?? []).some(
          (id) => this.jobs.get(id)?.dedupeKey === dedupeKey && this.jobs.get(id)?.state === 'pending',
        )
      )
        continue;
      const row: JobRow = {
        id: ++this.lastJobId,
        kind: 'task.autoRemind',
        payload: { taskId, label: j.label, n: j.n },
        runAt: j.when,
        state: 'pending',
        attempts: 0,
        maxAttempts: 5,
        dedupeKey,
        groupKey: `task:${taskId}`,
        lastError: null,
        createdAt: now,
        finishedAt: null,
      };
      this.jobs.set(row.id, row);
      this.jobsByTask.set(taskId, [...(this.jobsByTask.get(taskId) ?? []), row.id]);
      this.jobHeap.push(row);
    }
  }

  // cancelTaskReminders
  private cancelTaskReminders(taskId: string, now: Date) {
    for (const id of this.jobsByTask.get(taskId) ?? []) {
      const j = this.jobs.get(id);
      if (!j || j.state !== 'pending') continue;
      j.state = 'cancelled';
      j.finishedAt = now;
      this.finishJob(j);
    }
    // A task is closed once: nothing will be scheduled for it again.
    this.jobsByTask.delete(taskId);
  }

  private finishJob(j: JobRow) {
    this.jobs.delete(j.id);
    this.out.jobs.push(j);
  }

  // submitTask
  async submit(now: Date, actorId: string, ot: OpenTask, input: SubmitInput) {
    const l = this.taskIndex.get(ot.id);
    if (!l) throw new Error('bulk: unknown task');
    const t = l.tasks.find((x) => x.id === ot.id)!;
    const actor = this.actor(actorId);
    const audit = this.audit(actor);
    const own = t.assigneePersonId === actor.personId && (t.assigneePostId === null || t.assigneePostId === actor.postId);
    if (!own) throw new Error('bulk: acting for someone else is not modelled');
    if (t.state !== 'open') throw new Error('bulk: task not open');
    if (input.version !== null && input.version !== t.version) throw new Error('bulk: stale version');
    const itAsLoaded = { ...l.it };
    const varsAsLoaded = { ...l.inst.vars };
    const step = stepOf(this.def, t.stepKey!);
    const text = input.opinion?.trim() ?? '';
    if (step.opinion?.required && !text) throw new Error(`bulk: ${step.name} needs an opinion`);
    const decide = 'decide' in step.next ? step.next.decide : null;
    if (input.decision && step.opinion?.requiredFor?.includes(input.decision) && !text)
      throw new Error('bulk: decision needs a reason');
    if (decide && (!input.decision || !(input.decision in decide))) throw new Error('bulk: decision missing');
    if (!decide && input.decision) throw new Error('bulk: decision not allowed');
    // (The step-completion count feeds only module hooks, which 收文 has none of: checked at construction.)
    const group = l.tasks.filter((x) => x.groupId === t.groupId);

    Object.assign(t, {
      state: 'done',
      completedAt: now,
      completedByPersonId: actor.personId,
      completedByPostId: actor.postId,
      openedAt: t.openedAt ?? now,
      version: t.version + 1,
    });
    this.cancelTaskReminders(t.id, now);
    if (text) this.writeOpinion(l, actor, t, step, step.opinion?.kind ?? 'opinion', text, now);
    if (text && step.opinion?.kind === 'instruction') this.announceInstruction(l, itAsLoaded, actor, text, now);
    for (const m of group.filter((x) => x.slot === t.slot && (x.state === 'open' || x.state === 'waiting') && x.id !== t.id)) {
      m.state = 'cancelled';
      m.version++;
      this.cancelTaskReminders(m.id, now);
    }
    if (step.mode === 'sequential') {
      const nextTurn = group.filter((x) => x.state === 'waiting').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))[0];
      if (nextTurn) {
        Object.assign(nextTurn, { state: 'open', deliveredAt: now, version: nextTurn.version + 1 });
        this.announceTask(nextTurn, itAsLoaded.title, audit, now);
        if (nextTurn.dueDate && step.reminders) this.scheduleTaskReminders(nextTurn.id, nextTurn.dueDate, step.reminders, now);
      }
    }
    const left = group.filter((x) => x.state === 'open' || x.state === 'waiting').length;
    let nextStep: string | null = null;
    let finished = false;
    if (left === 0) {
      const to = 'to' in step.next ? step.next.to : decide ? decide[input.decision!]! : END;
      if (to === END) {
        finished = true;
        Object.assign(l.inst, {
          state: 'finished',
          finishedAt: now,
          vars: { ...varsAsLoaded, lastDecision: input.decision ?? null },
        });
        const special = input.decision ? step.endStates?.[input.decision] : undefined;
        Object.assign(l.it, {
          state: special || CLOSED,
          filingStatus: special ? null : '待归档',
          closedAt: now,
          updatedAt: now,
          version: l.it.version + 1,
        });
      } else {
        nextStep = to;
        l.inst.vars = varsAsLoaded;
        this.activate(l, actor, now, to, input.next ?? {}, t.id, itAsLoaded);
      }
    }
    this.recordEvent(audit, now, {
      action: 'flow.submit',
      targetType: 'item',
      targetId: t.itemId,
      summary: { taskId: t.id, step: step.key, decision: input.decision ?? null, nextStep, finished, onBehalfOf: null },
    });
    if (finished) this.close(l);
    await this.maybeFlush();
  }

  private writeOpinion(l: Live, actor: Actor, t: TaskRow, step: StepDef, kind: string, text: string, now: Date) {
    l.opinions.push({
      id: this.ids.uuid(),
      seq: ++this.lastOpinionSeq,
      itemId: l.it.id,
      taskId: t.id,
      stepKey: step.key,
      stepName: step.name,
      kind,
      text,
      personId: actor.personId,
      postId: actor.postId,
      personName: actor.name,
      postTitle: actor.postTitle,
      onBehalfOfPersonId: null,
      signature: actor.name,
      createdAt: now,
    });
  }

  // announceInstruction
  private announceInstruction(l: Live, it: ItemRow, actor: Actor, text: string, now: Date) {
    const handlers = [...new Set(l.tasks.filter((x) => x.kind === 'do' && x.state === 'done').map((x) => x.assigneePersonId))];
    const skip = new Set([actor.personId, null]);
    const people = [...new Set([it.createdBy, ...handlers])].filter((p) => !skip.has(p));
    const brief = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    this.notify(
      people.map((personId) => ({
        personId,
        kind: 'instruction' as const,
        message: `${actor.name}批示《${it.title}》：${brief}`,
        itemId: it.id,
        fromPersonId: actor.personId,
      })),
      now,
    );
  }

  /** The item's flow is over: its rows change no more and can be written. */
  private close(l: Live) {
    this.live.delete(l.it.id);
    for (const t of l.tasks) this.taskIndex.delete(t.id);
    this.out.items.push(l.it);
    this.out.instances.push(l.inst);
    this.out.docs.push(l.doc);
    this.out.tasks.push(...l.tasks);
    this.out.opinions.push(...l.opinions);
    this.out.access.push(...l.access);
  }

  async openTasks(itemId: string): Promise<OpenTask[]> {
    const l = this.live.get(itemId);
    if (!l) return [];
    return l.tasks
      .filter((t) => t.state === 'open' || t.state === 'waiting')
      .map((t) => ({
        id: t.id,
        itemId,
        stepKey: t.stepKey!,
        kind: t.kind,
        state: t.state as 'open' | 'waiting',
        assigneePersonId: t.assigneePersonId,
        groupId: t.groupId!,
        slot: t.slot!,
        seq: t.seq ?? null,
        dueDate: t.dueDate ?? null,
        forUnitId: t.forUnitId ?? null,
        forDepartmentId: t.forDepartmentId ?? null,
        unitRole: t.unitRole ?? null,
      }));
  }

  // ——— the job runner ———

  async nextJobAt(): Promise<Date | null> {
    while (this.jobHeap.size && this.jobHeap.peek()!.state !== 'pending') this.jobHeap.pop();
    return this.jobHeap.peek()?.runAt ?? null;
  }

  // runDueJobs + the task.autoRemind handler
  async runJobs(now: Date) {
    while (this.jobHeap.size && this.jobHeap.peek()!.runAt.getTime() <= now.getTime()) {
      const j = this.jobHeap.pop()!;
      if (j.state !== 'pending') continue;
      const p = j.payload as { taskId: string; label: string; n: number };
      const l = this.taskIndex.get(p.taskId);
      const t = l?.tasks.find((x) => x.id === p.taskId);
      if (l && t && t.state === 'open') {
        const message =
          p.label === 'before'
            ? `到期提醒（${t.step}）：${l.it.title}——将于 ${t.dueDate} 到期`
            : `超期提醒（${t.step}）：${l.it.title}——已超过办理期限 ${p.n} 个工作日`;
        this.recordEvent({ personId: null, postId: null, requestId: `job-${j.id}` }, now, {
          action: 'task.remind.auto',
          targetType: 'task',
          targetId: p.taskId,
          summary: { itemId: t.itemId, label: p.label, n: p.n },
        });
        this.notify([{ personId: t.assigneePersonId, kind: 'reminder', message, itemId: t.itemId, taskId: p.taskId }], now);
      }
      Object.assign(j, { state: 'done', attempts: 1, finishedAt: now });
      this.finishJob(j);
    }
    await this.maybeFlush();
  }

  // ——— writing ———

  private async maybeFlush() {
    if (this.out.events.length >= FLUSH_EVENTS) await this.writer.flush();
  }

  /** Writes the open items, unread messages and pending jobs as they stand, then the sequences. */
  async finish() {
    for (const l of [...this.live.values()]) this.close(l);
    for (const list of this.unread.values()) this.out.notifications.push(...list);
    this.unread.clear();
    for (const j of this.jobs.values()) this.out.jobs.push(j);
    this.jobs.clear();
    await this.writer.flush();
    await this.writer.finish([...this.numbers.values()], {
      event: this.lastEventId,
      opinion: this.lastOpinionSeq,
      job: this.lastJobId,
    });
  }
}

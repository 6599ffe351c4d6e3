import type { RequestContext } from '../../src/server/platform/context';
import { and, eq, inArray, min, sql } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client';
import type { RegisterIncoming } from '../../src/contract/incoming';
import type { Actor } from '../../src/server/platform/access/actor';
import type { AuditContext } from '../../src/server/platform/audit/service';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { submitTask, type SubmitInput } from '../../src/server/platform/flow/engine';
import { task } from '../../src/server/platform/flow/schema';
import { job } from '../../src/server/platform/jobs/schema';
import { runDueJobs } from '../../src/server/platform/jobs/queue';
import { markRead } from '../../src/server/platform/notify/service';
import { registerIncoming } from '../../src/server/modules/incoming/service';
import type { Backend, OpenTask } from './backend';
import type { OrgPlan } from './org';

/** Marks every generated event, so that an auditor can tell the benchmark's history from live work. */
export const BENCH_REQUEST_ID = 'bench';

/** The product's own commands, one transaction each, exactly as the API runs them. */
export class ServiceBackend implements Backend {
  private actors = new Map<string, Actor>();

  constructor(
    private readonly database: Database,
    private readonly org: OrgPlan,
    private readonly cal: WorkCalendar,
  ) {}

  private async ctx(personId: string, now: Date): Promise<RequestContext> {
    let actor = this.actors.get(personId);
    if (!actor) {
      actor = (await loadActor(this.database.db, personId, this.org.primaryPost.get(personId)!.id, 'session', now))!;
      this.actors.set(personId, actor);
    }
    const audit: AuditContext = { personId: actor.personId, postId: actor.postId, requestId: BENCH_REQUEST_ID };
    return { actor, audit, now, cal: this.cal, ceiling: '内部' };
  }

  async register(at: Date, registrarId: string, input: RegisterIncoming) {
    const ctx = await this.ctx(registrarId, at);
    const r = await this.database.db.transaction((tx) => registerIncoming(tx, ctx, input));
    return r.itemId;
  }

  async submit(at: Date, actorId: string, t: OpenTask, input: SubmitInput) {
    const ctx = await this.ctx(actorId, at);
    await this.database.db.transaction((tx) => submitTask(tx, ctx, t.id, input));
  }

  async markAllRead(at: Date, personId: string) {
    await this.database.db.transaction((tx) => markRead(tx, personId, null, at));
  }

  async nextJobAt() {
    const [r] = await this.database.db
      .select({ at: min(job.runAt) })
      .from(job)
      .where(eq(job.state, 'pending'));
    return r?.at ?? null;
  }

  async runJobs(at: Date) {
    while ((await runDueJobs(this.database.db, at)).done > 0);
  }

  async openTasks(itemId: string): Promise<OpenTask[]> {
    const rows = await this.database.db
      .select()
      .from(task)
      .where(and(eq(task.itemId, itemId), inArray(task.state, ['open', 'waiting'])))
      .orderBy(sql`${task.createdAt}`);
    return rows.map((r) => ({
      id: r.id,
      itemId: r.itemId,
      stepKey: r.stepKey!,
      kind: r.kind,
      state: r.state as 'open' | 'waiting',
      assigneePersonId: r.assigneePersonId,
      groupId: r.groupId!,
      slot: r.slot!,
      seq: r.seq,
      dueDate: r.dueDate,
      forUnitId: r.forUnitId,
      forDepartmentId: r.forDepartmentId,
      unitRole: r.unitRole,
    }));
  }

  async finish() {}
}

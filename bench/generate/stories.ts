import type { Actor } from '../../src/server/platform/access/actor';
import type { RequestContext } from '../../src/server/platform/context';
import type { Database, Tx } from '../../src/server/platform/db/client';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { runDueJobs } from '../../src/server/platform/jobs/queue';
import type { OrgPlan } from './org';
import { BENCH_REQUEST_ID } from './services';

/** A step's context for a person at a moment (their primary post), as a signed-in request would have it. */
export type CtxOf = (tx: Tx, personId: string, now: Date) => Promise<RequestContext>;

/** One item's story of a module's history: its office, its steps in time, and whether the product refused one. */
export interface Story<S> {
  office: { unitId: string };
  failed: boolean;
  steps: { at: number; step: S }[];
}

/**
 * Plays stories through the product's own commands (督办, 办会): each office's steps in time order, `lanes` offices at
 * once, one transaction per step, steps after `to` left for the future. A step the product refuses ends its story
 * there (it stays as it is; the first three are logged). Jobs that came due run once at the end, as after a pause of
 * the job runner, rather than in the middle of the measurements.
 */
export async function playStories<S extends { kind: string }, P extends Story<S>>(
  database: Database,
  org: OrgPlan,
  cal: WorkCalendar,
  o: { to: Date; lanes: number; label: string },
  plans: P[],
  act: (tx: Tx, ctxOf: CtxOf, plan: P, step: S, now: Date) => Promise<void>,
  skip: (plan: P, step: S) => boolean = () => false,
) {
  const end = o.to.getTime();
  const byOffice = new Map<string, { at: number; plan: P; step: S }[]>();
  for (const p of plans) {
    const lane = byOffice.get(p.office.unitId) ?? [];
    for (const s of p.steps) if (s.at <= end) lane.push({ at: s.at, plan: p, step: s.step });
    byOffice.set(p.office.unitId, lane);
  }
  const actors = new Map<string, Actor>();
  // Inside the step's transaction: PGlite has one connection, which the transaction holds.
  const ctxOf: CtxOf = async (tx, personId, now) => {
    let actor = actors.get(personId);
    if (!actor) {
      actor = (await loadActor(tx, personId, org.primaryPost.get(personId)!.id, 'session', now))!;
      actors.set(personId, actor);
    }
    return {
      actor,
      audit: { personId: actor.personId, postId: actor.postId, requestId: BENCH_REQUEST_ID },
      now,
      cal,
      ceiling: '内部',
    };
  };
  let steps = 0;
  let failed = 0;
  const run = async (lane: { at: number; plan: P; step: S }[]) => {
    lane.sort((a, b) => a.at - b.at);
    for (const { at, plan, step } of lane) {
      if (plan.failed || skip(plan, step)) continue;
      try {
        await database.db.transaction((tx) => act(tx, ctxOf, plan, step, new Date(at)));
        steps++;
      } catch (e) {
        plan.failed = true;
        if (++failed <= 3) console.error(`${o.label} ${step.kind}: ${(e as Error).message}`);
      }
    }
  };
  const lanes = [...byOffice.values()];
  for (let i = 0; i < lanes.length; i += o.lanes) await Promise.all(lanes.slice(i, i + o.lanes).map(run));
  while ((await runDueJobs(database.db, o.to)).done > 0);
  return { steps, failed };
}

import { registerIncoming } from '../../src/server/modules/incoming/service';
import { incomingFlow } from '../../src/server/modules/incoming/flow';
import { submitTask, type SubmitInput } from '../../src/server/platform/flow/engine';
import { listWorkbench, workbenchScope } from '../../src/server/platform/workbench/service';
import type { z } from 'zod';
import type { workbenchListSchema } from '../../src/contract/workbench';
import type { OpenTask } from '../generate/backend';
import type { Office, OrgPlan } from '../generate/org';
import type { Random } from '../generate/random';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { DocNumbers, bodyFor, makeInput, makeItemPlan, unitNames } from '../generate/story';
import { call } from './http';
import { CEILING, type Op, type Shared } from './types';

const STEP_KEYS = new Map(incomingFlow.steps.map((s) => [s.name, s.key]));

/**
 * 登记收文: POST /incoming as the registrars of the provincial and the city offices in turn (the first
 * --writer-offices of them; 16 by default, so concurrent writers are in different offices): the item, its
 * 收文号, its record and the 初审 tasks of the office's registrars, in one transaction.
 */
export function registerOp(): Op {
  let numbers: DocNumbers | null = null;
  let serial = 9000;
  const input = (ctx: Shared, i: number) => {
    // Numbers above the history's, from a start the seed chooses: a kept database measured again with
    // another --seed gets no registrations refused as duplicates of the last run's.
    numbers ??= new DocNumbers(5000 + 10_000 * ctx.rng.int(0, 99));
    const { office, registrar } = ctx.subjects.offices[i % ctx.writerOffices]!;
    const receivedAt = new Date(ctx.now().getTime() - 60_000);
    return { registrar, input: makeInput(ctx.rng, ctx.cal, office, receivedAt, numbers, serial++).input };
  };
  return {
    key: 'register',
    title: '登记收文 register incoming',
    call: 'POST /api/v1/incoming',
    budget: { 1: { count: 150, warmup: 10, maxSeconds: 20 }, 16: { count: 480, warmup: 32, maxSeconds: 20 } },
    async api(ctx, i) {
      const { registrar, input: body } = input(ctx, i);
      await call(ctx.http, ctx.session(registrar), 'POST', '/api/v1/incoming', body, [201]);
    },
    async bare(ctx) {
      const sequences = [];
      for (let k = 0; k < 32; k++) {
        const { registrar, input: body } = input(ctx, k);
        const actor = await ctx.actor(registrar);
        const fctx = {
          actor,
          audit: { personId: actor.personId, postId: actor.postId, requestId: 'bench' },
          now: ctx.now(),
          cal: ctx.cal,
          ceiling: CEILING,
        };
        sequences.push(await ctx.capture.write((tx) => registerIncoming(tx, fctx, body)));
      }
      return { kind: 'write', sequences, note: 'the registration transaction, rolled back' };
    },
  };
}

interface Target {
  taskId: string;
  itemId: string;
  stepKey: string;
  personId: string;
  version: number | null;
}

const LIST = 200;

/** One open 收文 task per document and step (a colleague's copy of an "any" task would be cancelled by the first). */
function pickTargets(
  rng: Random,
  lists: { personId: string; rows: { id: string; itemId: string; step: string | null; module: string; version: number }[] }[],
): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const { personId, rows } of lists) {
    for (const r of rows) {
      const stepKey = STEP_KEYS.get(r.step ?? '');
      const key = `${r.itemId}|${stepKey}`;
      if (r.module !== 'incoming' || !stepKey || seen.has(key)) continue;
      seen.add(key);
      out.push({ taskId: r.id, itemId: r.itemId, stepKey, personId, version: r.version });
    }
  }
  return rng.sample(out, out.length);
}

/** What the person would submit at this step: the history's own policy, for the person's office. */
function submission(org: OrgPlan, cal: WorkCalendar, rng: Random, names: Map<string, string>, t: Target, now: Date): SubmitInput {
  const post = org.primaryPost.get(t.personId)!;
  const office: Office = org.offices.find((o) => o.unitId === post.unitId) ?? org.offices[0]!;
  const plan = makeItemPlan(rng, office, rng.pick(office.senders).name);
  const open: OpenTask = {
    id: t.taskId,
    itemId: t.itemId,
    stepKey: t.stepKey,
    kind: 'do',
    state: 'open',
    assigneePersonId: t.personId,
    groupId: '',
    slot: '',
    seq: null,
    dueDate: null,
    forUnitId: post.unitId,
    forDepartmentId: post.departmentId ?? null,
    unitRole: 'lead',
  };
  return { ...bodyFor(rng, cal, org, names, plan, open, now), version: t.version };
}

/**
 * 办理 a 待办: POST /tasks/:id/submit on open tasks found on the workbenches of the signed-in people (the
 * documents just registered among them), each submitted once, with what the history's people submit at
 * that step (初审 decision, 拟办 and 批办 opinions, 分办 to sections and agencies, 承办, 答复, 办结).
 */
export function advanceOp(): Op {
  let targets: Target[] = [];
  let cursor = 0;
  let names: Map<string, string> | null = null;
  const named = (org: OrgPlan) => (names ??= unitNames(org));
  return {
    key: 'advance',
    title: '办理待办 advance a task',
    call: 'POST /api/v1/tasks/:id/submit',
    budget: { 1: { count: 120, warmup: 10, maxSeconds: 20 }, 16: { count: 400, warmup: 32, maxSeconds: 20 } },
    async setup(ctx) {
      const lists = [];
      for (const personId of ctx.subjects.signInUsers) {
        lists.push({
          personId,
          rows: (
            await call<z.infer<typeof workbenchListSchema>>(
              ctx.http,
              ctx.session(personId),
              'GET',
              `/api/v1/workbench/todo?sort=created&limit=${LIST}`,
            )
          ).items,
        });
      }
      targets = pickTargets(ctx.rng, lists);
      cursor = 0;
      return targets.length;
    },
    async api(ctx) {
      const t = targets[cursor++];
      if (!t) throw new Error('advance: no open task left to submit');
      await call(
        ctx.http,
        ctx.session(t.personId),
        'POST',
        `/api/v1/tasks/${t.taskId}/submit`,
        submission(ctx.org, ctx.cal, ctx.rng, named(ctx.org), t, ctx.now()),
        [200],
      );
    },
    async bare(ctx) {
      // The same kind of targets as through the API: the open 待办 on the same people's workbenches.
      const lists = [];
      for (const personId of ctx.subjects.signInUsers) {
        const actor = await ctx.actor(personId);
        const now = ctx.now();
        const list = await listWorkbench(
          ctx.database.db,
          workbenchScope(actor, CEILING),
          'todo',
          { sort: 'created', limit: LIST, offset: 0 },
          ctx.cal,
          now,
        );
        lists.push({ personId, rows: list.items });
      }
      const sequences = [];
      for (const t of pickTargets(ctx.rng, lists).slice(0, 32)) {
        const actor = await ctx.actor(t.personId);
        const now = ctx.now();
        const body = submission(ctx.org, ctx.cal, ctx.rng, named(ctx.org), { ...t, version: null }, now);
        const fctx = {
          actor,
          audit: { personId: actor.personId, postId: actor.postId, requestId: 'bench' },
          now,
          cal: ctx.cal,
          ceiling: CEILING,
        };
        sequences.push(await ctx.capture.write((tx) => submitTask(tx, fctx, t.taskId, body)));
      }
      return { kind: 'write', sequences, note: 'the submission transaction, rolled back' };
    },
  };
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { workbenchListSchema } from '../../src/contract/workbench';
import type { RequestContext } from '../../src/server/platform/context';
import { reportProgress } from '../../src/server/platform/flow/progress';
import { task } from '../../src/server/platform/flow/schema';
import { item } from '../../src/server/platform/items/schema';
import { listSupervision } from '../../src/server/modules/supervision/register';
import { call } from './http';
import { CEILING, type BareContext, type Op } from './types';

// 督查督办 (issue 16): the register as the 督查室 opens it, with and without a light, and the lead unit's progress report.

const LIMIT = 30;
const LIGHTS = ['red', 'yellow', 'green'] as const;
const REPORT = '已召开专题会议研究部署，正在按时间节点推进。';

async function contextOf(ctx: BareContext, personId: string): Promise<RequestContext> {
  const actor = await ctx.actor(personId);
  return {
    actor,
    audit: { personId: actor.personId, postId: actor.postId, requestId: 'bench' },
    now: ctx.now(),
    cal: ctx.cal,
    ceiling: CEILING,
  };
}

/**
 * 督办登记簿: the first page of 30 and the counts by light (one statement each), as each supervising office's 督查
 * supervisor opens it in turn — the provincial one sees every office's items; with `light`, the red, yellow and green
 * items in turn (yellow needs the progress reports: a report overdue turns an item yellow).
 */
function registerOp(key: string, title: string, withLight: boolean): Op {
  const query = (i: number) => `limit=${LIMIT}${withLight ? `&light=${LIGHTS[i % LIGHTS.length]}` : ''}`;
  return {
    key,
    title,
    call: `GET /api/v1/supervision?limit=${LIMIT}${withLight ? '&light=red|yellow|green' : ''}`,
    budget: { 1: { count: 300, warmup: 30, maxSeconds: 20 }, 16: { count: 1200, warmup: 64, maxSeconds: 20 } },
    async api(ctx, i) {
      const people = ctx.subjects.supervisors;
      await call(ctx.http, ctx.session(people[i % people.length]!), 'GET', `/api/v1/supervision?${query(i)}`);
    },
    async bare(ctx) {
      const sequences = [];
      const people = ctx.subjects.supervisors;
      for (let i = 0; i < (withLight ? people.length * LIGHTS.length : people.length); i++) {
        const rctx = await contextOf(ctx, people[i % people.length]!);
        const light = withLight ? LIGHTS[i % LIGHTS.length] : undefined;
        sequences.push(await ctx.capture.read((db) => listSupervision(db, rctx, { limit: LIMIT, ...(light ? { light } : {}) })));
      }
      return { kind: 'read', sequences, note: 'the page and the counts by light (two statements) + unit and leader names' };
    },
  };
}

export const supervisionRegisterOp = registerOp('supervisionRegister', '督办登记簿 supervision register', false);
export const supervisionRegisterLightOp = registerOp('supervisionRegisterLight', '督办登记簿 按灯号 by light', true);

/**
 * 进展报告: POST /tasks/:id/progress by the holder of a lead unit's 办理 task (the unit's registrar who signed for it),
 * on the open tasks found on their workbench — the unit's main action between 签收 and the 办结报告: the report, the
 * period's 催报 cancelled and the next scheduled, the 督查室 told. A task may be reported on again (the next period).
 */
export function supervisionReportOp(): Op {
  let targets: { taskId: string; personId: string }[] = [];
  return {
    key: 'supervisionReport',
    title: '督办 进展报告 progress report',
    call: 'POST /api/v1/tasks/:id/progress',
    budget: { 1: { count: 150, warmup: 10, maxSeconds: 20 }, 16: { count: 480, warmup: 32, maxSeconds: 20 } },
    async setup(ctx) {
      targets = [];
      for (const personId of ctx.subjects.reporters) {
        const list = await call<z.infer<typeof workbenchListSchema>>(
          ctx.http,
          ctx.session(personId),
          'GET',
          '/api/v1/workbench/todo?module=supervision&sort=due&limit=200',
        );
        for (const r of list.items) if (r.step === '办理' && !r.dispatchId) targets.push({ taskId: r.id, personId });
      }
      targets = ctx.rng.sample(targets, targets.length);
      if (!targets.length) throw new Error('supervisionReport: no open 办理 task of a lead unit');
    },
    async api(ctx, i) {
      const t = targets[i % targets.length]!;
      await call(ctx.http, ctx.session(t.personId), 'POST', `/api/v1/tasks/${t.taskId}/progress`, { text: REPORT }, [201]);
    },
    async bare(ctx) {
      if (!ctx.subjects.reporters.length) throw new Error('supervisionReport: no open 办理 task of a lead unit');
      const rows = await ctx.database.db
        .select({ taskId: task.id, personId: task.assigneePersonId })
        .from(task)
        .innerJoin(item, eq(item.id, task.itemId))
        .where(
          and(
            eq(item.kind, 'supervision'),
            eq(task.stepKey, 'handle'),
            eq(task.state, 'open'),
            eq(task.unitRole, 'lead'),
            isNull(task.dispatchId),
            inArray(task.assigneePersonId, ctx.subjects.reporters),
          ),
        )
        .orderBy(task.id)
        .limit(32);
      const sequences = [];
      for (const t of rows) {
        const rctx = await contextOf(ctx, t.personId);
        sequences.push(await ctx.capture.write((tx) => reportProgress(tx, rctx, t.taskId, { text: REPORT })));
      }
      return { kind: 'write', sequences, note: 'the report transaction, rolled back' };
    },
  };
}

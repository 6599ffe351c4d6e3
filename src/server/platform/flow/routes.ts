import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  addHandlerBodySchema,
  endCirculationBodySchema,
  startCirculationBodySchema,
  approveExtensionBodySchema,
  extensionDecisionSchema,
  extensionSchema,
  progressEntrySchema,
  refuseExtensionBodySchema,
  reportProgressBodySchema,
  reportProgressResultSchema,
  requestExtensionBodySchema,
  readTaskBodySchema,
  readTasksBodySchema,
  readTasksResultSchema,
  reassignTaskBodySchema,
  returnTaskBodySchema,
  submitTaskBodySchema,
  transferTaskBodySchema,
} from '../../../contract/flow';
import { command, contextOf, inTransaction } from '../http/request';
import type { RequestContext } from '../context';
import { DomainError, notFound } from '../errors';
import type { Tx } from '../db/client';
import { addHandler, reassignTask, retractTask, returnTask, submitTask, transferTask } from './engine';
import { endCirculation, markCirculationRead, startCirculation } from './circulation';
import { readItem } from '../items/service';
import { moduleOf } from '../modules/registry';
import { deriveItem } from './links';
import { task } from './schema';
import { cancelExtension, decideExtension, extensionsOf, requestExtension } from './extension';
import { progressOf, reportProgress } from './progress';

/** What a module's `derive` is given; it validates `fields` by its own contract. */
const deriveBodySchema = z.strictObject({ kind: z.string().min(1).max(40), fields: z.record(z.string(), z.unknown()) });
const idParams = z.strictObject({ id: idSchema });

/** The kernel's actions on a task, the same for every module. */
export async function flowRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = app.zs.database.db;

  // 传阅 (条例 Art.24(五)) of an item of a module that circulates (收文), by whoever handles it (circulation.ts says who).
  const circulable = async (tx: Tx, ctx: RequestContext, itemId: string) => {
    const it = await readItem(tx, ctx, itemId);
    // A module's record it does not pass round (a 发文 draft) is not found here.
    if (!moduleOf(it.kind)?.circulates) throw notFound('可传阅的文件');
  };
  // Making an item of another module from this one (督办 from a 收文 or a 批示), where that module allows it.
  r.post(
    '/items/:id/derive',
    {
      schema: {
        tags: ['flow'],
        summary: '据此立项：由本事项生成另一模块的事项（如转督办），并互相关联',
        params: idParams,
        body: deriveBodySchema,
        response: { 201: z.object({ itemId: z.string(), registryNo: z.string().nullable() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        const target = moduleOf(req.body.kind)?.derivedOnRequest;
        if (!target) throw notFound('可据此生成的事项类别');
        const source = await readItem(tx, ctx, req.params.id);
        return deriveItem(tx, ctx, req.body.kind, { source, link: target.link, fields: req.body.fields });
      });
      return reply.status(out.status).send(out.body);
    },
  );
  r.post(
    '/items/:id/circulations',
    {
      schema: {
        tags: ['flow'],
        summary: '发起传阅',
        params: idParams,
        body: startCirculationBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        await circulable(tx, ctx, req.params.id);
        return { id: await startCirculation(tx, ctx, req.params.id, req.body) };
      });
      return reply.status(out.status).send(out.body);
    },
  );
  r.post(
    '/items/:id/circulations/:circulationId/end',
    {
      schema: {
        tags: ['flow'],
        summary: '结束或撤回传阅（未传到的取消，传阅人不再能查看）',
        params: z.strictObject({ id: idSchema, circulationId: idSchema }),
        body: endCirculationBodySchema,
      },
    },
    async (req, reply) => {
      await command(req, 204, async (tx, ctx) => {
        await circulable(tx, ctx, req.params.id);
        await endCirculation(tx, ctx, req.params.id, req.params.circulationId, req.body.kind);
      });
      return reply.status(204).send();
    },
  );

  r.post(
    '/tasks/:id/submit',
    { schema: { tags: ['flow'], summary: '提交（办理完毕，转下一环节）', params: idParams, body: submitTaskBodySchema } },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) =>
        submitTask(tx, ctx, req.params.id, { ...req.body, version: req.body.version }),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/tasks/:id/return',
    { schema: { tags: ['flow'], summary: '退回上一环节（须说明理由）', params: idParams, body: returnTaskBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => returnTask(tx, ctx, req.params.id, req.body));
      return reply.status(204).send();
    },
  );

  r.post(
    '/tasks/:id/retract',
    { schema: { tags: ['flow'], summary: '收回（下一环节尚未打开时）', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => retractTask(tx, ctx, req.params.id));
      return reply.status(204).send();
    },
  );

  r.post(
    '/tasks/:id/reassign',
    { schema: { tags: ['flow'], summary: '改派（登记、督办人员）', params: idParams, body: reassignTaskBodySchema } },
    async (req) => {
      const out = await command(req, 200, async (tx, ctx) => ({ id: await reassignTask(tx, ctx, req.params.id, req.body) }));
      return out.body;
    },
  );

  r.post(
    '/tasks/:id/handlers',
    { schema: { tags: ['flow'], summary: '增加办理人', params: idParams, body: addHandlerBodySchema } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({
        id: await addHandler(tx, ctx, req.params.id, req.body.personId),
      }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/tasks/:id/transfer',
    { schema: { tags: ['flow'], summary: '转办（办理人交由他人办理）', params: idParams, body: transferTaskBodySchema } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({ id: await transferTask(tx, ctx, req.params.id, req.body) }));
      return reply.status(out.status).send(out.body);
    },
  );

  // 已阅: a circulation reader, or a reader at a flow's 阅知 step; a comment is optional.
  r.post(
    '/tasks/:id/read',
    { schema: { tags: ['flow'], summary: '已阅（可附阅读意见）', params: idParams, body: readTaskBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => readTask(tx, ctx, req.params.id, req.body.version ?? null, req.body.comment ?? null));
      return reply.status(204).send();
    },
  );

  // 批量已阅: each in its own transaction, so one already read (or taken back) does not hold up the others.
  r.post(
    '/tasks/read',
    { schema: { tags: ['flow'], summary: '批量已阅', body: readTasksBodySchema, response: { 200: readTasksResultSchema } } },
    async (req) => {
      const ctx = await contextOf(req);
      const read: string[] = [];
      const failed: { id: string; message: string }[] = [];
      for (const t of req.body.tasks) {
        try {
          await db.transaction((tx) => readTask(tx, ctx, t.id, t.version, null));
          read.push(t.id);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          failed.push({ id: t.id, message: e.message });
        }
      }
      return { read, failed };
    },
  );

  // 延期: the holder asks before the due date; the step's approver decides from their 延期审批 待办.
  r.post(
    '/tasks/:id/extensions',
    {
      schema: {
        tags: ['flow'],
        summary: '申请延期（办理期限届满前）',
        params: idParams,
        body: requestExtensionBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({ id: await requestExtension(tx, ctx, req.params.id, req.body) }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/tasks/:id/extensions',
    { schema: { tags: ['flow'], summary: '事项的延期申请', params: idParams, response: { 200: z.array(extensionSchema) } } },
    async (req) => {
      return inTransaction(req, (tx, ctx) => extensionsOf(tx, ctx.actor, req.params.id));
    },
  );

  r.post(
    '/extensions/:id/approve',
    {
      schema: {
        tags: ['flow'],
        summary: '同意延期（可另定新期限）',
        params: idParams,
        body: approveExtensionBodySchema,
        response: { 200: extensionDecisionSchema },
      },
    },
    async (req) => {
      const out = await command(req, 200, (tx, ctx) =>
        decideExtension(tx, ctx, req.params.id, { approve: true, date: req.body.date ?? null, note: req.body.note ?? null }),
      );
      return out.body;
    },
  );

  r.post(
    '/extensions/:id/refuse',
    {
      schema: {
        tags: ['flow'],
        summary: '不同意延期（须说明理由）',
        params: idParams,
        body: refuseExtensionBodySchema,
        response: { 200: extensionDecisionSchema },
      },
    },
    async (req) => {
      const out = await command(req, 200, (tx, ctx) =>
        decideExtension(tx, ctx, req.params.id, { approve: false, note: req.body.note }),
      );
      return out.body;
    },
  );

  r.post(
    '/extensions/:id/cancel',
    { schema: { tags: ['flow'], summary: '撤回延期申请', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => cancelExtension(tx, ctx, req.params.id));
      return reply.status(204).send();
    },
  );

  // 进展报告: the task stays open.
  r.post(
    '/tasks/:id/progress',
    {
      schema: {
        tags: ['flow'],
        summary: '报告进展（不办结）',
        params: idParams,
        body: reportProgressBodySchema,
        response: { 201: reportProgressResultSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => reportProgress(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/tasks/:id/progress',
    {
      schema: { tags: ['flow'], summary: '事项的进展报告', params: idParams, response: { 200: z.array(progressEntrySchema) } },
    },
    async (req) => {
      return inTransaction(req, (tx, ctx) => progressOf(tx, ctx.actor, req.params.id));
    },
  );
}

/** Marks one of the actor's 待阅 read: a flow's 阅知 step is submitted, a 传阅 reader's task is closed. */
async function readTask(tx: Tx, ctx: RequestContext, taskId: string, version: number | null, comment: string | null) {
  const [t] = await tx.select({ kind: task.kind, stepKey: task.stepKey }).from(task).where(eq(task.id, taskId));
  if (!t || t.kind !== 'read') throw notFound('待阅事项');
  if (t.stepKey) await submitTask(tx, ctx, taskId, { version, opinion: comment });
  else await markCirculationRead(tx, ctx, taskId, comment);
}

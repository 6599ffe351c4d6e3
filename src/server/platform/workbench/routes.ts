import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  completeTaskBodySchema,
  notificationListSchema,
  remindBodySchema,
  workbenchListSchema,
  workbenchQuerySchema,
  workbenchSummarySchema,
  workbenchTabSchema,
} from '../../../contract/workbench';
import { requireActor } from '../http/context';
import { command } from '../http/request';
import { DomainError } from '../errors';
import { completeTask, remindTask } from '../flow/tasks';
import { listNotifications, markRead } from '../notify/service';
import type { NotifyHub } from '../notify/hub';
import { listWorkbench, workbenchScope, workbenchSummary } from './service';

const idParams = z.strictObject({ id: idSchema });
const HEARTBEAT_MS = 25_000;
/** Changes within this window reach the browser as one event, so a burst of tasks is one refetch. */
const COALESCE_MS = 150;

export function workbenchRoutes(hub: NotifyHub) {
  return async function routes(app: FastifyInstance) {
    const { calendar } = app.zs;
    const r = app.withTypeProvider<ZodTypeProvider>();
    const { database, clock, config } = app.zs;
    const db = database.db;
    // Open event streams end when the server closes, or a graceful shutdown would wait on them forever.
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const close of [...streams]) close();
    });

    r.get(
      '/workbench/summary',
      { schema: { tags: ['workbench'], summary: '工作台各栏数量', response: { 200: workbenchSummarySchema } } },
      async (req) => {
        const actor = requireActor(req);
        const now = clock.now();
        return workbenchSummary(db, workbenchScope(actor, config.classificationCeiling), now);
      },
    );

    r.get(
      '/workbench/:tab',
      {
        schema: {
          tags: ['workbench'],
          summary: '待办、待阅、已办、我发起的',
          params: z.strictObject({ tab: workbenchTabSchema }),
          querystring: workbenchQuerySchema,
          response: { 200: workbenchListSchema },
        },
      },
      async (req) => {
        const actor = requireActor(req);
        const now = clock.now();
        const scope = workbenchScope(actor, config.classificationCeiling);
        return listWorkbench(db, scope, req.params.tab, req.query, await calendar.get(), now);
      },
    );

    r.post(
      '/tasks/:id/complete',
      { schema: { tags: ['workbench'], summary: '办结本人的待办或待阅', params: idParams, body: completeTaskBodySchema } },
      async (req, reply) => {
        await command(req, 204, (tx, ctx) => completeTask(tx, ctx.actor, req.params.id, req.body.version, ctx.audit, ctx.now));
        return reply.status(204).send();
      },
    );

    r.post(
      '/tasks/:id/remind',
      { schema: { tags: ['workbench'], summary: '催办', params: idParams, body: remindBodySchema } },
      async (req, reply) => {
        await command(req, 204, (tx, ctx) => remindTask(tx, ctx.actor, req.params.id, req.body.note ?? null, ctx.audit, ctx.now));
        return reply.status(204).send();
      },
    );

    r.get(
      '/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: '本人的消息',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: { 200: notificationListSchema },
        },
      },
      async (req) => listNotifications(db, requireActor(req), req.query.limit),
    );

    r.post(
      '/notifications/:id/read',
      { schema: { tags: ['notifications'], summary: '标为已读', params: idParams } },
      async (req, reply) => {
        await command(req, 204, async (tx, ctx) => {
          if (!(await markRead(tx, ctx.actor.personId, req.params.id, ctx.now)))
            throw new DomainError('NOT_FOUND', '消息不存在或已读');
        });
        return reply.status(204).send();
      },
    );

    r.post('/notifications/read-all', { schema: { tags: ['notifications'], summary: '全部标为已读' } }, async (req) => {
      const out = await command(req, 200, async (tx, ctx) => ({ marked: await markRead(tx, ctx.actor.personId, null, ctx.now) }));
      return out.body;
    });

    // Server-sent events: "changed" whenever this person's tasks or messages change on any instance.
    r.get(
      '/notifications/stream',
      { schema: { tags: ['notifications'], summary: '消息推送（text/event-stream）' } },
      (req, reply) => {
        const actor = requireActor(req);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': String(req.id),
        });
        res.write('retry: 5000\n\nevent: ready\ndata: {}\n\n');
        let pending: NodeJS.Timeout | null = null;
        const unsubscribe = hub.subscribe(actor.personId, () => {
          pending ??= setTimeout(() => {
            pending = null;
            res.write('event: changed\ndata: {}\n\n');
          }, COALESCE_MS);
        });
        const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const end = () => {
          clearInterval(beat);
          if (pending) clearTimeout(pending);
          unsubscribe();
          streams.delete(close);
        };
        const close = () => {
          end();
          res.end();
        };
        streams.add(close);
        req.raw.on('close', end);
      },
    );
  };
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBodySchema, pageOf } from '../../../contract/common';
import { itemIdParamsSchema, itemSchema, listItemsQuerySchema, updateItemBodySchema } from '../../../contract/items';
import { requireActor } from '../http/context';
import { command, inTransaction } from '../http/request';
import { listItems, readItem, updateItem } from './service';

/** Kind-independent access to items: lists and search across modules, one item, its basic fields. */
export async function itemRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.zs;
  const db = database.db;
  const ceiling = config.classificationCeiling;

  r.get(
    '/items',
    {
      schema: {
        tags: ['items'],
        summary: '可查看的事项（支持检索）',
        querystring: listItemsQuerySchema,
        response: { 200: pageOf(itemSchema) },
      },
    },
    async (req) => listItems(db, requireActor(req), req.query, ceiling),
  );

  r.get(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: '查看事项',
        params: itemIdParamsSchema,
        response: { 200: itemSchema, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => readItem(tx, ctx, req.params.id)),
  );

  r.patch(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        summary: '修改事项基本信息',
        params: itemIdParamsSchema,
        body: updateItemBodySchema,
        response: { 200: itemSchema, 409: errorBodySchema },
      },
    },
    async (req) => (await command(req, 200, (tx, ctx) => updateItem(tx, ctx, req.params.id, req.body))).body,
  );
}

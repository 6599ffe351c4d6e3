import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import {
  addOverrideBodySchema,
  batchSignForBodySchema,
  batchSignForResultSchema,
  checkDraftBodySchema,
  checkResultSchema,
  createOutgoingBodySchema,
  inboxQuerySchema,
  inboxSchema,
  issuedCopySchema,
  listOutgoingQuerySchema,
  outgoingDetailSchema,
  outgoingListSchema,
  offlineDeliveryBodySchema,
  outgoingNumberPreviewSchema,
  outgoingRegisterFilterSchema,
  outgoingSettingsBodySchema,
  printBodySchema,
  redistributeBodySchema,
  remindDeliveryBodySchema,
  returnDeliveryBodySchema,
  saveDraftBodySchema,
  signForBodySchema,
  versionDetailSchema,
  withdrawOfflineBodySchema,
} from '../../../contract/outgoing';
import { requireActor } from '../../platform/http/context';
import { command, contextOf, inTransaction } from '../../platform/http/request';
import type { RequestContext } from '../../platform/context';
import type { Tx } from '../../platform/db/client';
import { forbidden } from '../../platform/errors';
import { readIssuedCopy, readItem } from '../../platform/items/service';
import { reserveNumber } from '../../platform/numbering/register';
import { outgoingDocument } from './schema';
import { eq } from 'drizzle-orm';
import { addOverride, createOutgoing, getOutgoing, getVersion, runChecks, saveDraft, updateSettings } from './service';
import {
  listInbox,
  recordOffline,
  redistribute,
  remindDelivery,
  returnDelivery,
  signFor,
  signForMany,
  withdrawOffline,
} from './deliveries';
import { outputRoutes } from './output-routes';
import { exportOutgoingRegister, outgoingRegister } from './register';
import { getIssuedCopy } from './issued';
import { numberPreview, recordPrint } from './registration';

const idParams = z.strictObject({ id: idSchema });

export async function outgoingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.zs;
  const db = database.db;
  /** The item, authorised for this actor to read (404 otherwise), for a service that acts on it. */
  const readable = (tx: Tx, ctx: RequestContext, id: string) => readItem(tx, ctx, id);

  r.post(
    '/outgoing',
    {
      schema: {
        tags: ['outgoing'],
        summary: '拟稿（新建发文）',
        body: createOutgoingBodySchema,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => createOutgoing(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/outgoing',
    {
      schema: {
        tags: ['outgoing'],
        summary: '发文登记簿（筛选、排序、分页）',
        querystring: listOutgoingQuerySchema,
        response: { 200: outgoingListSchema },
      },
    },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return outgoingRegister(db, await contextOf(req), filter, { limit, cursor });
    },
  );

  // 导出 and 打印 of the register with the filters on screen: rows the reader may read, recorded in the audit log.
  for (const format of ['xlsx', 'pdf'] as const) {
    r.get(
      `/outgoing/register.${format}`,
      {
        schema: {
          tags: ['outgoing'],
          summary: format === 'xlsx' ? '导出发文登记簿（.xlsx）' : '打印发文登记簿（PDF）',
          querystring: outgoingRegisterFilterSchema,
        },
      },
      async (req, reply) => {
        const env = { ...(await contextOf(req)), fontSettings: config.fonts };
        const out = await exportOutgoingRegister(db, env, req.query, format);
        return reply
          .header('content-type', out.type)
          .header('content-disposition', out.disposition)
          .header('cache-control', 'private, no-store')
          .send(out.body);
      },
    );
  }

  // Live checks while typing: nothing is stored; the overrides of the document being edited apply.
  r.post(
    '/outgoing/checks',
    {
      schema: {
        tags: ['outgoing'],
        summary: '规范性审核（不保存）',
        body: checkDraftBodySchema,
        response: { 200: checkResultSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.unitId || actor.adminRole) throw forbidden('只有在岗人员可以使用规范性审核');
      return inTransaction(req, async (tx, ctx) => {
        let overrides: { rule: string; path?: (string | number)[]; reason: string }[] = [];
        if (req.body.itemId) {
          await readable(tx, ctx, req.body.itemId);
          const [doc] = await tx
            .select({ overrides: outgoingDocument.overrides })
            .from(outgoingDocument)
            .where(eq(outgoingDocument.itemId, req.body.itemId));
          overrides = doc?.overrides ?? [];
        }
        return runChecks(tx, req.body.draft, req.body.stage, overrides);
      });
    },
  );

  r.get(
    '/outgoing/:id',
    {
      schema: {
        tags: ['outgoing'],
        summary: '发文详情（文稿、审核、版本、流程、分发回执）',
        params: idParams,
        response: { 200: outgoingDetailSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => getOutgoing(tx, ctx, await readable(tx, ctx, req.params.id))),
  );

  r.get(
    '/outgoing/:id/issued',
    {
      schema: {
        tags: ['outgoing'],
        summary: '核发的文件（收文单位所见：定稿正文、附件、本单位回执）',
        params: idParams,
        response: { 200: issuedCopySchema },
      },
    },
    async (req) =>
      inTransaction(req, async (tx, ctx) => getIssuedCopy(tx, ctx.actor, await readIssuedCopy(tx, ctx, req.params.id))),
  );

  r.put(
    '/outgoing/:id/draft',
    {
      schema: {
        tags: ['outgoing'],
        summary: '保存文稿（生成新版本）',
        params: idParams,
        body: saveDraftBodySchema,
        response: { 200: z.object({ version: z.number(), changes: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const out = await command(req, 200, async (tx, ctx) =>
        saveDraft(tx, ctx, await readable(tx, ctx, req.params.id), req.body),
      );
      return out.body;
    },
  );

  r.patch(
    '/outgoing/:id/settings',
    { schema: { tags: ['outgoing'], summary: '设置文号登记簿、印制份数', params: idParams, body: outgoingSettingsBodySchema } },
    async (req, reply) => {
      await command(req, 204, async (tx, ctx) => {
        await updateSettings(tx, ctx, await readable(tx, ctx, req.params.id), req.body);
      });
      return reply.status(204).send();
    },
  );

  r.post(
    '/outgoing/:id/overrides',
    {
      schema: {
        tags: ['outgoing'],
        summary: '接受规范性审核警告（须说明理由）',
        params: idParams,
        body: addOverrideBodySchema,
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        await addOverride(tx, ctx, await readable(tx, ctx, req.params.id), req.body);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/outgoing/:id/versions/:no',
    {
      schema: {
        tags: ['outgoing'],
        summary: '某一版本的文稿',
        params: z.strictObject({ id: idSchema, no: z.coerce.number().int().min(1).max(100_000) }),
        response: { 200: versionDetailSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => getVersion(tx, await readable(tx, ctx, req.params.id), req.params.no)),
  );

  r.post(
    '/outgoing/:id/reserve-number',
    { schema: { tags: ['outgoing'], summary: '为本文预留文号', params: idParams } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => {
        await readable(tx, ctx, req.params.id);
        const [doc] = await tx
          .select({ registerId: outgoingDocument.registerId })
          .from(outgoingDocument)
          .where(eq(outgoingDocument.itemId, req.params.id));
        if (!doc?.registerId) throw forbidden('请先选择文号登记簿');
        const n = await reserveNumber(tx, ctx, doc.registerId, { itemId: req.params.id, note: null });
        return { id: n.id, docNo: n.docNo };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/outgoing/:id/number-preview',
    {
      schema: {
        tags: ['outgoing'],
        summary: '拟编文号（预览，编号时才取号）',
        params: idParams,
        response: { 200: outgoingNumberPreviewSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => numberPreview(tx, ctx, await readable(tx, ctx, req.params.id))),
  );

  r.post(
    '/outgoing/:id/print',
    {
      schema: {
        tags: ['outgoing'],
        summary: '印制：登记印数、份号并提交印制环节',
        params: idParams,
        body: printBodySchema,
        response: { 200: z.object({ nextStep: z.string().nullable(), finished: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        recordPrint(tx, ctx, await readable(tx, ctx, req.params.id), req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  // The receiving side: 待签收, 签收 (becomes a 收文), 退文.
  r.get(
    '/deliveries',
    {
      schema: {
        tags: ['outgoing'],
        summary: '待签收（分发到本单位的文件）',
        querystring: inboxQuerySchema,
        response: { 200: inboxSchema },
      },
    },
    async (req) => listInbox(db, requireActor(req), req.query),
  );

  r.post(
    '/deliveries/sign-for',
    {
      schema: {
        tags: ['outgoing'],
        summary: '批量签收（每件各成一份收文；某件不能签收时报告该件，其余照常签收）',
        body: batchSignForBodySchema,
        response: { 200: batchSignForResultSchema },
      },
    },
    async (req) => {
      const out = await command(req, 200, (tx, ctx) => signForMany(tx, ctx, req.body));
      return out.body;
    },
  );

  r.post(
    '/deliveries/:id/sign-for',
    {
      schema: {
        tags: ['outgoing'],
        summary: '签收分发来的文件（转为收文）',
        params: idParams,
        body: signForBodySchema,
        response: { 201: z.object({ itemId: z.string(), registryNo: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => signFor(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/deliveries/:id/return',
    { schema: { tags: ['outgoing'], summary: '退文（须说明理由）', params: idParams, body: returnDeliveryBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => returnDelivery(tx, ctx, req.params.id, req.body.reason));
      return reply.status(204).send();
    },
  );

  // The sending side: 重新分发 after a 退文; 线下分发 to organs outside the system, its correction.
  const deliveryParams = z.strictObject({ id: idSchema, deliveryId: idSchema });
  r.post(
    '/outgoing/:id/deliveries/:deliveryId/redistribute',
    {
      schema: {
        tags: ['outgoing'],
        summary: '重新分发（对退文的单位）',
        params: deliveryParams,
        body: redistributeBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        redistribute(tx, ctx, await readable(tx, ctx, req.params.id), req.params.deliveryId, req.body.note),
      );
      return reply.status(out.status).send(out.body);
    },
  );
  r.post(
    '/outgoing/:id/deliveries/:deliveryId/remind',
    {
      schema: {
        tags: ['outgoing'],
        summary: '催办（对未签收的单位）',
        params: deliveryParams,
        body: remindDeliveryBodySchema,
        response: { 200: z.object({ reminded: z.number() }) },
      },
    },
    async (req) => {
      const out = await command(req, 200, async (tx, ctx) =>
        remindDelivery(tx, ctx, await readable(tx, ctx, req.params.id), req.params.deliveryId, req.body.note),
      );
      return out.body;
    },
  );
  r.post(
    '/outgoing/:id/deliveries/:deliveryId/offline',
    {
      schema: {
        tags: ['outgoing'],
        summary: '登记或更正线下分发（系统外机关）',
        params: deliveryParams,
        body: offlineDeliveryBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        recordOffline(tx, ctx, await readable(tx, ctx, req.params.id), req.params.deliveryId, req.body),
      );
      return reply.status(out.status).send(out.body);
    },
  );
  r.post(
    '/outgoing/:id/deliveries/:deliveryId/offline/withdraw',
    {
      schema: {
        tags: ['outgoing'],
        summary: '撤销误登记的线下分发（须说明理由）',
        params: deliveryParams,
        body: withdrawOfflineBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) =>
        withdrawOffline(tx, ctx, await readable(tx, ctx, req.params.id), req.params.deliveryId, req.body.reason),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  await app.register(outputRoutes);
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contract/common';
import { createMeetingBodySchema } from '../../../contract/meetings';
import {
  addMaterialBodySchema,
  distributedSchema,
  handOutBodySchema,
  handoutListSchema,
  lostCopyBodySchema,
  materialListSchema,
  meetingPolicyRecordSchema,
  policyCheckSchema,
  policyQuerySchema,
  policySchema,
  setPolicyBodySchema,
  topicMaterialsSchema,
} from '../../../contract/meetings-materials';
import { downloadQuerySchema } from '../../../contract/files';
import { command, inTransaction } from '../../platform/http/request';
import { readItem } from '../../platform/items/service';
import { downloadErrorHandler, sendFileContent } from '../../platform/files/routes';
import { addMaterial, distributeMaterials, listMaterials, openMaterial, topicMaterials } from './materials';
import { actOnCopy, handOut, listHandouts, reportLost } from './handouts';
import { checkPlan, getPolicy, meetingPolicyRecord, setPolicy } from './policy';

const idParams = z.strictObject({ id: idSchema });
const handoutParams = z.strictObject({ id: idSchema, handoutId: idSchema });
const materialParams = z.strictObject({ id: idSchema, materialId: idSchema });
const done = z.object({ ok: z.literal(true) });

/**
 * 会议材料 (/meetings/:id/materials, /meeting-topics/:id/materials), the hand-out register of a classified meeting's
 * numbered copies (/meetings/:id/handouts) and the office's 精文减会 policy (/meetings/policy).
 */
export async function materialRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/meetings/:id/materials',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议材料（办公厅（室）登记人员见全部；参会人员见已分发的；报送单位见本单位的）',
        params: idParams,
        response: { 200: materialListSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => listMaterials(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meetings/:id/materials',
    {
      schema: {
        tags: ['meetings'],
        summary: '提交会议材料（先上传文件；逾期提交的标注逾期）',
        params: idParams,
        body: addMaterialBodySchema,
        response: { 201: z.object({ id: z.string(), late: z.boolean(), dueOn: z.string() }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, (tx, ctx) => addMaterial(tx, ctx, req.params.id, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/:id/materials/distribute',
    {
      schema: {
        tags: ['meetings'],
        summary: '分发会议材料（给参会人员；办公厅（室）登记人员）',
        params: idParams,
        response: { 200: distributedSchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) =>
        distributeMaterials(tx, ctx, await readItem(tx, ctx, req.params.id)),
      );
      return reply.status(out.status).send(out.body);
    },
  );

  // The only way to a material's file: its role on the meeting item is guarded from the kernel's file routes.
  r.route({
    method: ['GET', 'HEAD'],
    url: '/meetings/:id/materials/:materialId/content',
    schema: {
      tags: ['meetings'],
      summary: '下载会议材料（参会人员在分发后；涉密材料须签收所领份号）',
      params: materialParams,
      querystring: downloadQuerySchema,
    },
    errorHandler: downloadErrorHandler,
    handler: async (req, reply) => {
      const record = req.method !== 'HEAD';
      const f = await inTransaction(req, (tx, ctx) => openMaterial(tx, ctx, req.params.id, req.params.materialId, { record }));
      return sendFileContent(req, reply, f, req.query.disposition);
    },
  });

  r.get(
    '/meeting-topics/:id/materials',
    {
      schema: {
        tags: ['meetings'],
        summary: '议题的会议材料（所列入的会议，本单位报送的材料）',
        params: idParams,
        response: { 200: topicMaterialsSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => topicMaterials(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.get(
    '/meetings/:id/handouts',
    {
      schema: {
        tags: ['meetings'],
        summary: '涉密材料分发登记（份号、领取人、签收、收回）',
        params: idParams,
        response: { 200: handoutListSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => listHandouts(tx, ctx, await readItem(tx, ctx, req.params.id))),
  );

  r.post(
    '/meetings/:id/handouts',
    {
      schema: {
        tags: ['meetings'],
        summary: '按份号发放涉密材料（办公厅（室）登记人员）',
        params: idParams,
        body: handOutBodySchema,
        response: { 201: z.object({ copies: z.array(z.object({ id: z.string(), copyNo: z.number() })) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => handOut(tx, ctx, await readItem(tx, ctx, req.params.id), req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  for (const act of ['sign', 'return'] as const)
    r.post(
      `/meetings/:id/handouts/:handoutId/${act}`,
      {
        schema: {
          tags: ['meetings'],
          summary: act === 'sign' ? '签收涉密材料（领取人本人，或会务人员登记）' : '收回涉密材料（办公厅（室）登记人员）',
          params: handoutParams,
          response: { 200: done },
        },
      },
      async (req, reply) => {
        const out = await command(req, 200, async (tx, ctx) => {
          await actOnCopy(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.handoutId, act);
          return { ok: true as const };
        });
        return reply.status(out.status).send(out.body);
      },
    );

  r.post(
    '/meetings/:id/handouts/:handoutId/lost',
    {
      schema: {
        tags: ['meetings'],
        summary: '报告涉密材料丢失（留痕并通知办公厅（室））',
        params: handoutParams,
        body: lostCopyBodySchema,
        response: { 200: done },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, async (tx, ctx) => {
        await reportLost(tx, ctx, await readItem(tx, ctx, req.params.id), req.params.handoutId, req.body.reason);
        return { ok: true as const };
      });
      return reply.status(out.status).send(out.body);
    },
  );

  // Static paths: Fastify matches them before /meetings/:id.
  r.get(
    '/meetings/policy',
    {
      schema: {
        tags: ['meetings'],
        summary: '精文减会规定（办公厅（室）、年度）',
        querystring: policyQuerySchema,
        response: { 200: policySchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => getPolicy(tx, ctx, req.query.officeUnitId, req.query.year)),
  );

  r.put(
    '/meetings/policy',
    {
      schema: {
        tags: ['meetings'],
        summary: '设定精文减会规定（本办公厅（室）登记人员；留痕）',
        body: setPolicyBodySchema,
        response: { 200: policySchema },
      },
    },
    async (req, reply) => {
      const out = await command(req, 200, (tx, ctx) => setPolicy(tx, ctx, req.body));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/meetings/policy/check',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议方案对照精文减会规定（不保存）',
        body: createMeetingBodySchema,
        response: { 200: policyCheckSchema },
      },
    },
    async (req) => inTransaction(req, (tx, ctx) => checkPlan(tx, ctx, req.body)),
  );

  r.get(
    '/meetings/:id/policy',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议与精文减会规定（超出的事项及理由）',
        params: idParams,
        response: { 200: meetingPolicyRecordSchema },
      },
    },
    async (req) => inTransaction(req, async (tx, ctx) => meetingPolicyRecord(tx, await readItem(tx, ctx, req.params.id))),
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, pageOf } from '../../contract/common';
import {
  createDepartmentBodySchema,
  createDelegationBodySchema,
  createPostBodySchema,
  createUnitBodySchema,
  createUserBodySchema,
  delegationSchema,
  departmentSchema,
  grantRoleBodySchema,
  listPeopleQuerySchema,
  listUnitsQuerySchema,
  personSchema,
  resetPasswordBodySchema,
  roleGrantSchema,
  setClearanceBodySchema,
  setInChargeBodySchema,
  setPrincipalBodySchema,
  unitListSchema,
  updateUnitBodySchema,
} from '../../contract/org';
import { auditContext, requireActor } from '../platform/http/context';
import { command } from '../platform/http/request';
import { authorizeSystem } from '../platform/access/policy';
import { createUser, resetPassword, setAccountDisabled, unlockAccount } from '../platform/auth/accounts';
import {
  createDepartment,
  createPost,
  createUnit,
  endPost,
  listDepartments,
  listPeople,
  listUnits,
  setLeaderInCharge,
  setPrincipal,
  updateUnit,
} from './service';
import { createDelegation, decideDelegation, listDelegations, revokeDelegation } from './delegation';
import { grantRole, listRoleGrants, revokeRole, setClearance } from './security';

const idParams = z.strictObject({ id: idSchema });
const created = z.object({ id: z.string() });

export async function orgRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, config } = app.zs;
  const db = database.db;

  // Reference data: every signed-in person may read the organisation.
  r.get(
    '/org/units',
    {
      schema: {
        tags: ['org'],
        summary: '单位：按名称查找，按标识取名，或整棵树（all=true）',
        querystring: listUnitsQuerySchema,
        response: { 200: unitListSchema },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'org.read');
      return listUnits(db, req.query);
    },
  );

  r.post(
    '/org/units',
    { schema: { tags: ['org'], summary: '新增单位（系统管理员）', body: createUnitBodySchema, response: { 201: created } } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({
        id: await createUnit(tx, ctx.actor, req.body, ctx.audit, ctx.now),
      }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.patch(
    '/org/units/:id',
    { schema: { tags: ['org'], summary: '修改单位（系统管理员）', params: idParams, body: updateUnitBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => updateUnit(tx, ctx.actor, req.params.id, req.body, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.get(
    '/org/units/:id/departments',
    {
      schema: {
        tags: ['org'],
        summary: '内设机构',
        params: idParams,
        response: { 200: z.object({ items: z.array(departmentSchema) }) },
      },
    },
    async (req) => {
      authorizeSystem(requireActor(req), 'org.read');
      return { items: await listDepartments(db, req.params.id) };
    },
  );

  r.post(
    '/org/departments',
    {
      schema: {
        tags: ['org'],
        summary: '新增内设机构（系统管理员）',
        body: createDepartmentBodySchema,
        response: { 201: created },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({
        id: await createDepartment(tx, ctx.actor, req.body, ctx.audit, ctx.now),
      }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.get(
    '/org/people',
    {
      schema: {
        tags: ['org'],
        summary: '人员与职务',
        querystring: listPeopleQuerySchema,
        response: { 200: pageOf(personSchema) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorizeSystem(actor, 'org.read');
      return listPeople(db, actor, req.query, clock.now());
    },
  );

  r.post(
    '/org/posts',
    { schema: { tags: ['org'], summary: '任职（系统管理员）', body: createPostBodySchema, response: { 201: created } } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({
        id: await createPost(tx, ctx.actor, req.body, ctx.audit, ctx.now),
      }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/org/posts/:id/end',
    { schema: { tags: ['org'], summary: '免职（系统管理员）', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => endPost(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.put(
    '/org/posts/:id/principal',
    {
      schema: {
        tags: ['org'],
        summary: '设置或取消单位主要负责人（系统管理员）',
        params: idParams,
        body: setPrincipalBodySchema,
      },
    },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => setPrincipal(tx, ctx.actor, req.params.id, req.body.isPrincipal, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.put(
    '/org/posts/:id/in-charge',
    { schema: { tags: ['org'], summary: '设置分管内设机构（系统管理员）', params: idParams, body: setInChargeBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) =>
        setLeaderInCharge(tx, ctx.actor, req.params.id, req.body.departmentIds, ctx.audit, ctx.now),
      );
      return reply.status(204).send();
    },
  );

  // Delegation (代理)
  r.get(
    '/delegations',
    { schema: { tags: ['org'], summary: '本人相关的代理', response: { 200: z.object({ items: z.array(delegationSchema) }) } } },
    async (req) => ({
      items: await listDelegations(db, requireActor(req)),
    }),
  );

  r.post(
    '/delegations',
    {
      schema: {
        tags: ['org'],
        summary: '设置代理（跨单位的须安全保密管理员审批后生效）',
        body: createDelegationBodySchema,
        response: { 201: z.object({ id: z.string(), approval: z.enum(['approved', 'pending']) }) },
      },
    },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => await createDelegation(tx, ctx.actor, req.body, ctx.audit, ctx.now));
      return reply.status(out.status).send(out.body);
    },
  );

  r.post(
    '/delegations/:id/approve',
    { schema: { tags: ['org'], summary: '批准跨单位代理（安全保密管理员）', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => decideDelegation(tx, ctx.actor, req.params.id, true, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.post(
    '/delegations/:id/refuse',
    { schema: { tags: ['org'], summary: '不批准跨单位代理（安全保密管理员）', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => decideDelegation(tx, ctx.actor, req.params.id, false, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );

  r.post('/delegations/:id/revoke', { schema: { tags: ['org'], summary: '撤销代理', params: idParams } }, async (req, reply) => {
    await command(req, 204, (tx, ctx) => revokeDelegation(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
    return reply.status(204).send();
  });

  // Accounts: the system administrator
  r.post(
    '/admin/users',
    { schema: { tags: ['admin'], summary: '新建用户（系统管理员）', body: createUserBodySchema, response: { 201: created } } },
    async (req, reply) => {
      const id = await createUser(
        db,
        requireActor(req),
        { ...req.body, mustChangePassword: true },
        auditContext(req),
        clock.now(),
      );
      return reply.status(201).send({ id });
    },
  );

  r.post(
    '/admin/users/:id/reset-password',
    { schema: { tags: ['admin'], summary: '重置密码（系统管理员）', params: idParams, body: resetPasswordBodySchema } },
    async (req, reply) => {
      await resetPassword(db, requireActor(req), req.params.id, req.body.temporaryPassword, auditContext(req), clock.now());
      return reply.status(204).send();
    },
  );

  r.post(
    '/admin/users/:id/unlock',
    { schema: { tags: ['admin'], summary: '解锁账号（系统管理员）', params: idParams } },
    async (req, reply) => {
      await unlockAccount(db, requireActor(req), req.params.id, auditContext(req), clock.now());
      return reply.status(204).send();
    },
  );

  for (const [path, disabled, summary] of [
    ['disable', true, '停用账号'],
    ['enable', false, '启用账号'],
  ] as const) {
    r.post(
      `/admin/users/:id/${path}`,
      { schema: { tags: ['admin'], summary: `${summary}（系统管理员）`, params: idParams } },
      async (req, reply) => {
        await setAccountDisabled(db, requireActor(req), req.params.id, disabled, auditContext(req), clock.now());
        return reply.status(204).send();
      },
    );
  }

  // Roles and clearances: the security administrator
  r.put(
    '/admin/people/:id/clearance',
    { schema: { tags: ['admin'], summary: '设置涉密等级（安全保密管理员）', params: idParams, body: setClearanceBodySchema } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) =>
        setClearance(tx, ctx.actor, req.params.id, req.body.clearance, config.classificationCeiling, ctx.audit, ctx.now),
      );
      return reply.status(204).send();
    },
  );

  r.get(
    '/admin/role-grants',
    {
      schema: {
        tags: ['admin'],
        summary: '角色授权（安全保密管理员）',
        querystring: z.strictObject({ personId: idSchema.optional() }),
        response: { 200: z.object({ items: z.array(roleGrantSchema) }) },
      },
    },
    async (req) => ({ items: await listRoleGrants(db, requireActor(req), req.query.personId) }),
  );

  r.post(
    '/admin/role-grants',
    { schema: { tags: ['admin'], summary: '授予角色（安全保密管理员）', body: grantRoleBodySchema, response: { 201: created } } },
    async (req, reply) => {
      const out = await command(req, 201, async (tx, ctx) => ({
        id: await grantRole(tx, ctx.actor, req.body, ctx.audit, ctx.now),
      }));
      return reply.status(out.status).send(out.body);
    },
  );

  r.delete(
    '/admin/role-grants/:id',
    { schema: { tags: ['admin'], summary: '撤销角色（安全保密管理员）', params: idParams } },
    async (req, reply) => {
      await command(req, 204, (tx, ctx) => revokeRole(tx, ctx.actor, req.params.id, ctx.audit, ctx.now));
      return reply.status(204).send();
    },
  );
}

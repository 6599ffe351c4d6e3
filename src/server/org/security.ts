import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../platform/db/client';
import { recordEvent, type AuditContext } from '../platform/audit/service';
import { authorizeSystem } from '../platform/access/policy';
import { ADMIN_ROLES, type Actor, type AdminRole } from '../platform/access/actor';
import { assertWithinCeiling } from '../platform/access/classification';
import { conflict, forbidden, invalid, notFound } from '../platform/errors';
import type { Classification } from '../../contract/common';
import type { grantRoleBodySchema } from '../../contract/org';
import { person, post, roleGrant, unit } from './schema';

export async function isAdministratorPerson(db: Queryable, personId: string): Promise<boolean> {
  const rows = await db
    .select({ id: roleGrant.id })
    .from(roleGrant)
    .where(and(eq(roleGrant.personId, personId), inArray(roleGrant.role, [...ADMIN_ROLES])));
  return rows.length > 0;
}

/**
 * 三员分立: no administrator acts through the system on an administrator's account, roles or clearance — not
 * even their own — or one of them could take over the others. They are recovered by the CLI on the server.
 */
export async function assertNotAdministrator(db: Queryable, personId: string): Promise<void> {
  if (await isAdministratorPerson(db, personId)) {
    throw forbidden('三员分立：管理员账号不能由管理员在系统中操作，须由运维人员在服务器上用命令行恢复（见 README）');
  }
}

/** 涉密人员等级, set by the security administrator; never above what the deployment is certified for. */
export async function setClearance(
  tx: Tx,
  actor: Actor,
  personId: string,
  clearance: Classification,
  ceiling: Classification,
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'clearance.manage');
  assertWithinCeiling(clearance, ceiling);
  const [before] = await tx.select({ clearance: person.clearance }).from(person).where(eq(person.id, personId));
  if (!before) throw notFound('人员');
  await assertNotAdministrator(tx, personId);
  await tx.update(person).set({ clearance }).where(eq(person.id, personId));
  await recordEvent(tx, audit, now, {
    action: 'access.clearance.set',
    targetType: 'person',
    targetId: personId,
    summary: { before: before.clearance, after: clearance },
  });
}

export async function listRoleGrants(db: Queryable, actor: Actor, personId?: string) {
  authorizeSystem(actor, 'role.manage');
  const rows = await db
    .select()
    .from(roleGrant)
    .where(personId ? eq(roleGrant.personId, personId) : undefined)
    .orderBy(roleGrant.createdAt);
  return rows.map(({ grantedBy: _g, createdAt: _c, ...r }) => r);
}

export async function grantRole(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof grantRoleBodySchema>,
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'role.manage');
  const [p] = await tx.select({ id: person.id }).from(person).where(eq(person.id, input.personId));
  if (!p) throw invalid('人员不存在');
  const [u] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, input.unitId));
  if (!u) throw invalid('单位不存在');
  if (await isAdministratorPerson(tx, input.personId)) throw invalid('三员账号不得同时持有业务角色（三员分立）');
  const dup = await tx
    .select({ id: roleGrant.id })
    .from(roleGrant)
    .where(and(eq(roleGrant.personId, input.personId), eq(roleGrant.role, input.role), eq(roleGrant.unitId, input.unitId)));
  if (dup.length) throw conflict('该人员在该单位已有此角色');
  const id = randomUUID();
  await tx.insert(roleGrant).values({ id, ...input, grantedBy: actor.personId, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'access.role.grant',
    targetType: 'person',
    targetId: input.personId,
    unitId: input.unitId,
    summary: { after: input },
  });
  return id;
}

export async function revokeRole(tx: Tx, actor: Actor, grantId: string, audit: AuditContext, now: Date) {
  authorizeSystem(actor, 'role.manage');
  const [g] = await tx.select().from(roleGrant).where(eq(roleGrant.id, grantId));
  if (!g) throw notFound('角色授权');
  if ((ADMIN_ROLES as readonly string[]).includes(g.role)) throw invalid('三员角色只能在部署时由命令行设置');
  await tx.delete(roleGrant).where(eq(roleGrant.id, grantId));
  await recordEvent(tx, audit, now, {
    action: 'access.role.revoke',
    targetType: 'person',
    targetId: g.personId,
    unitId: g.unitId,
    summary: { before: { role: g.role, unitId: g.unitId, includeSubordinates: g.includeSubordinates } },
  });
}

/**
 * Gives a person one of the three administrator roles. Only the deployment CLI calls this: each of the
 * three is held by a different person, and that person holds no post and no business role.
 */
export async function assignAdminRole(tx: Tx, personId: string, role: AdminRole, audit: AuditContext, now: Date) {
  const grants = await tx.select().from(roleGrant).where(eq(roleGrant.personId, personId));
  if (grants.some((g) => g.role !== role)) throw invalid('三员分立：该人员已持有其他角色');
  const posts = await tx.select({ id: post.id }).from(post).where(eq(post.personId, personId));
  if (posts.length) throw invalid('三员分立：三员账号不得担任业务职务');
  if (grants.length) return;
  await tx.insert(roleGrant).values({ id: randomUUID(), personId, role, unitId: null, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'access.adminRole.assign',
    targetType: 'person',
    targetId: personId,
    summary: { role },
  });
}

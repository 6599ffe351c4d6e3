import { randomUUID } from 'node:crypto';
import { aliasedTable, and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from '../platform/db/client';
import { recordEvent, type AuditContext } from '../platform/audit/service';
import { can, definePolicy } from '../platform/access/policy';
import { hasAdminRole, type Actor } from '../platform/access/actor';
import { conflict, forbidden, invalid, notFound } from '../platform/errors';
import { notifyPeople } from '../platform/notify/service';
import { chinaToday } from '../platform/workbench/service';
import { delegation, person, post, roleGrant } from './schema';
import { isAdministratorPerson } from './security';

interface DelegationResource {
  fromPersonId: string;
  toPersonId: string;
}

const isSelf = (a: Actor, d: DelegationResource) => a.personId === d.fromPersonId;
const isDelegate = (a: Actor, d: DelegationResource) => a.personId === d.toPersonId;
const isSysAdmin = (a: Actor) => hasAdminRole(a, 'sysAdmin');
const isSecurityAdmin = (a: Actor) => hasAdminRole(a, 'securityAdmin');

definePolicy<DelegationResource>('delegation', {
  read: (a, d) => isSelf(a, d) || isDelegate(a, d) || isSysAdmin(a) || isSecurityAdmin(a),
  create: (a, d) => isSelf(a, d) || isSysAdmin(a),
  revoke: (a, d) => isSelf(a, d) || isSysAdmin(a),
  // A delegation across units opens one unit's documents to a person of another: the security administrator decides.
  decide: (a) => isSecurityAdmin(a),
});

/** How opinions and events name an act done for someone else. */
export const onBehalfLabel = (delegateName: string, principalName: string) => `${delegateName}（代 ${principalName}）`;

const fromPerson = aliasedTable(person, 'from_person');
const toPerson = aliasedTable(person, 'to_person');

function select(db: Queryable) {
  return db
    .select({
      id: delegation.id,
      fromPersonId: delegation.fromPersonId,
      fromName: fromPerson.name,
      toPersonId: delegation.toPersonId,
      toName: toPerson.name,
      startsAt: delegation.startsAt,
      endsAt: delegation.endsAt,
      reason: delegation.reason,
      revokedAt: delegation.revokedAt,
      approval: delegation.approval,
      decidedAt: delegation.decidedAt,
    })
    .from(delegation)
    .innerJoin(fromPerson, eq(fromPerson.id, delegation.fromPersonId))
    .innerJoin(toPerson, eq(toPerson.id, delegation.toPersonId));
}

const present = (r: Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number]) => ({
  ...r,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  label: onBehalfLabel(r.toName, r.fromName),
});

/** Delegations the actor gave or received; a system administrator sees all, the security administrator those across units. */
export async function listDelegations(db: Queryable, actor: Actor) {
  const mine = or(eq(delegation.fromPersonId, actor.personId), eq(delegation.toPersonId, actor.personId));
  const where = isSysAdmin(actor)
    ? undefined
    : isSecurityAdmin(actor)
      ? sql`${delegation.approval} <> 'approved' or ${delegation.decidedAt} is not null`
      : mine;
  const rows = await select(db).where(where).orderBy(desc(delegation.startsAt)).limit(500);
  return rows.map(present);
}

/**
 * A delegation row `d` in force at `at`: approved, not revoked, within its time; and either approved by the security
 * administrator (across units) or between people who share a unit *now* — one approved because they shared a unit
 * stops when either moves to another unit, rather than carrying one unit's documents into another.
 */
export const delegationInForce = (d: SQL, at: Date) => sql`(${d}.approval = 'approved' and ${d}.revoked_at is null
  and ${d}.starts_at <= ${at} and ${d}.ends_at > ${at}
  and (${d}.decided_at is not null or exists (
    select 1 from post pa join post pb on pb.unit_id = pa.unit_id
    where pa.person_id = ${d}.from_person_id and pb.person_id = ${d}.to_person_id and pa.ended_at is null and pb.ended_at is null)))`;

export async function createDelegation(
  tx: Tx,
  actor: Actor,
  input: { fromPersonId?: string; toPersonId: string; startsAt: string; endsAt: string; reason: string },
  audit: AuditContext,
  now: Date,
) {
  const res = { fromPersonId: input.fromPersonId ?? actor.personId, toPersonId: input.toPersonId };
  if (!can(actor, 'create', 'delegation', res)) throw forbidden('只能委托本人的事务（或由系统管理员代为设置）');
  if (res.fromPersonId === res.toPersonId) throw invalid('不能委托给本人');
  const found = await tx
    .select({ id: person.id })
    .from(person)
    .where(or(eq(person.id, res.fromPersonId), eq(person.id, res.toPersonId)));
  if (found.length !== 2) throw invalid('委托人或代理人不存在');
  // 三员分立: an administrator neither does business work for someone nor hands their own duties on.
  if ((await isAdministratorPerson(tx, res.toPersonId)) || (await isAdministratorPerson(tx, res.fromPersonId))) {
    throw invalid('三员账号不得委托或代理业务事务（三员分立）');
  }
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= now) throw invalid('代理结束时间已过');
  // One person's work has one delegate at a time: an overlapping delegation is refused, naming the one in the way.
  const [overlap] = await select(tx).where(
    and(
      eq(delegation.fromPersonId, res.fromPersonId),
      isNull(delegation.revokedAt),
      sql`${delegation.approval} <> 'refused'`,
      sql`${delegation.startsAt} < ${endsAt}`,
      sql`${delegation.endsAt} > ${startsAt}`,
    ),
  );
  if (overlap) {
    throw conflict(
      `该期间已有代理：${onBehalfLabel(overlap.toName, overlap.fromName)}（${chinaToday(overlap.startsAt)} 至 ${chinaToday(overlap.endsAt)}），请先撤销或调整`,
    );
  }
  const id = randomUUID();
  const crossesUnits = !(await shareAUnit(tx, res.fromPersonId, res.toPersonId));
  const approval: 'pending' | 'approved' = crossesUnits ? 'pending' : 'approved';
  await tx
    .insert(delegation)
    .values({ id, ...res, startsAt, endsAt, reason: input.reason, approval, createdBy: actor.personId, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'org.delegation.create',
    targetType: 'delegation',
    targetId: id,
    summary: { after: { ...res, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, approval } },
  });
  if (crossesUnits) {
    const admins = await tx.select({ personId: roleGrant.personId }).from(roleGrant).where(eq(roleGrant.role, 'securityAdmin'));
    const [names] = await select(tx).where(eq(delegation.id, id));
    await notifyPeople(
      tx,
      admins.map((a) => ({
        personId: a.personId,
        kind: 'task' as const,
        message: `跨单位代理待审批：${names ? onBehalfLabel(names.toName, names.fromName) : ''}`,
        fromPersonId: actor.personId,
      })),
      now,
    );
  }
  return { id, approval };
}

/** Whether the two people hold posts in a common unit now. */
async function shareAUnit(db: Queryable, a: string, b: string) {
  const pa = alias(post, 'pa');
  const pb = alias(post, 'pb');
  const [row] = await db
    .select({ unitId: pa.unitId })
    .from(pa)
    .innerJoin(pb, eq(pb.unitId, pa.unitId))
    .where(and(eq(pa.personId, a), eq(pb.personId, b), isNull(pa.endedAt), isNull(pb.endedAt)))
    .limit(1);
  return row !== undefined;
}

/** 审批跨单位代理: the security administrator approves (it comes into force) or refuses it. */
export async function decideDelegation(tx: Tx, actor: Actor, id: string, approve: boolean, audit: AuditContext, now: Date) {
  // Who may decide does not depend on the delegation: refused before anyone learns whether it exists.
  if (!can(actor, 'decide', 'delegation', { fromPersonId: '', toPersonId: '' }))
    throw forbidden('跨单位代理由安全保密管理员审批');
  const [d] = await tx.select().from(delegation).where(eq(delegation.id, id)).for('update');
  if (!d) throw notFound('代理');
  if (d.approval !== 'pending') throw conflict('该代理不在待审批状态');
  const approval = approve ? 'approved' : 'refused';
  await tx.update(delegation).set({ approval, decidedBy: actor.personId, decidedAt: now }).where(eq(delegation.id, id));
  await recordEvent(tx, audit, now, {
    action: approve ? 'org.delegation.approve' : 'org.delegation.refuse',
    targetType: 'delegation',
    targetId: id,
    summary: { fromPersonId: d.fromPersonId, toPersonId: d.toPersonId },
  });
  await notifyPeople(
    tx,
    [...new Set([d.fromPersonId, d.toPersonId, d.createdBy])].map((personId) => ({
      personId,
      kind: 'task' as const,
      message: approve ? '跨单位代理已获批准，现已生效' : '跨单位代理未获批准',
      fromPersonId: actor.personId,
    })),
    now,
  );
}

export async function revokeDelegation(tx: Tx, actor: Actor, id: string, audit: AuditContext, now: Date) {
  const [d] = await tx.select().from(delegation).where(eq(delegation.id, id));
  if (!d || !can(actor, 'read', 'delegation', d)) throw notFound('代理');
  if (!can(actor, 'revoke', 'delegation', d)) throw forbidden('只能撤销本人设置的代理');
  if (d.revokedAt) throw invalid('该代理已撤销');
  await tx.update(delegation).set({ revokedAt: now }).where(eq(delegation.id, id));
  await recordEvent(tx, audit, now, { action: 'org.delegation.revoke', targetType: 'delegation', targetId: id });
}

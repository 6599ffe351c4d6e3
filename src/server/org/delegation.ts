import { randomUUID } from 'node:crypto';
import { aliasedTable, and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Queryable, Tx } from '../platform/db/client';
import { recordEvent, type AuditContext } from '../platform/audit/service';
import { can, definePolicy } from '../platform/access/policy';
import { hasAdminRole, type Actor } from '../platform/access/actor';
import { forbidden, invalid, notFound } from '../platform/errors';
import { delegation, person } from './schema';
import { isAdministratorPerson } from './security';

interface DelegationResource {
  fromPersonId: string;
  toPersonId: string;
}

const isSelf = (a: Actor, d: DelegationResource) => a.personId === d.fromPersonId;
const isDelegate = (a: Actor, d: DelegationResource) => a.personId === d.toPersonId;
const isSysAdmin = (a: Actor) => hasAdminRole(a, 'sysAdmin');

definePolicy<DelegationResource>('delegation', {
  read: (a, d) => isSelf(a, d) || isDelegate(a, d) || isSysAdmin(a),
  create: (a, d) => isSelf(a, d) || isSysAdmin(a),
  revoke: (a, d) => isSelf(a, d) || isSysAdmin(a),
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
  label: onBehalfLabel(r.toName, r.fromName),
});

/** Delegations the actor gave or received; a system administrator sees all. */
export async function listDelegations(db: Queryable, actor: Actor) {
  const mine = or(eq(delegation.fromPersonId, actor.personId), eq(delegation.toPersonId, actor.personId));
  const rows = await select(db)
    .where(isSysAdmin(actor) ? undefined : mine)
    .orderBy(desc(delegation.startsAt))
    .limit(500);
  return rows.map(present);
}

/** Delegations in force at `at` whose delegate is the person: whose tasks they may act on. */
export async function activeDelegationsTo(db: Queryable, personId: string, at: Date) {
  const rows = await select(db).where(
    and(eq(delegation.toPersonId, personId), isNull(delegation.revokedAt), lte(delegation.startsAt, at), gt(delegation.endsAt, at)),
  );
  return rows.map(present);
}

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
  const found = await tx.select({ id: person.id }).from(person).where(or(eq(person.id, res.fromPersonId), eq(person.id, res.toPersonId)));
  if (found.length !== 2) throw invalid('委托人或代理人不存在');
  // 三员分立: an administrator neither does business work for someone nor hands their own duties on.
  if ((await isAdministratorPerson(tx, res.toPersonId)) || (await isAdministratorPerson(tx, res.fromPersonId))) {
    throw invalid('三员账号不得委托或代理业务事务（三员分立）');
  }
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= now) throw invalid('代理结束时间已过');
  const id = randomUUID();
  await tx.insert(delegation).values({ id, ...res, startsAt, endsAt, reason: input.reason, createdBy: actor.personId, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'org.delegation.create',
    targetType: 'delegation',
    targetId: id,
    summary: { after: { ...res, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason } },
  });
  return id;
}

export async function revokeDelegation(tx: Tx, actor: Actor, id: string, audit: AuditContext, now: Date) {
  const [d] = await tx.select().from(delegation).where(eq(delegation.id, id));
  if (!d) throw notFound('代理');
  if (!can(actor, 'revoke', 'delegation', d)) throw forbidden('只能撤销本人设置的代理');
  if (d.revokedAt) throw invalid('该代理已撤销');
  await tx.update(delegation).set({ revokedAt: now }).where(eq(delegation.id, id));
  await recordEvent(tx, audit, now, { action: 'org.delegation.revoke', targetType: 'delegation', targetId: id });
}

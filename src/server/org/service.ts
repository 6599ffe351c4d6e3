import { randomUUID } from 'node:crypto';
import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../platform/db/client';
import { recordEvent, type AuditContext } from '../platform/audit/service';
import { isAdministratorPerson } from './security';
import { authorizeSystem } from '../platform/access/policy';
import { hasAdminRole, type Actor } from '../platform/access/actor';
import { invalid, notFound } from '../platform/errors';
import { CURSORS, decodeCursor, page } from '../platform/http/pagination';
import { likeEscape } from '../platform/search/tokenize';
import { account, signInThrottle } from '../platform/auth/schema';
import { department, leaderInCharge, person, post, unit } from './schema';
import type {
  createDepartmentBodySchema,
  createPostBodySchema,
  createUnitBodySchema,
  listPeopleQuerySchema,
  listUnitsQuerySchema,
  updateUnitBodySchema,
} from '../../contract/org';

type CreateUnit = z.output<typeof createUnitBodySchema>;

/**
 * Units in the organisation's order (排序号, then name — the order every picker shows). A picker asks for those whose
 * full or short name holds `q`, or for the ones it already holds (`ids`), at most `limit`; `all` is the admin's tree.
 */
export async function listUnits(db: Queryable, query: z.output<typeof listUnitsQuerySchema>) {
  const like = query.q ? `%${likeEscape(query.q)}%` : undefined;
  const ordered = db
    .select()
    .from(unit)
    .where(
      and(
        like ? or(ilike(unit.name, like), ilike(unit.shortName, like)) : undefined,
        query.ids ? (query.ids.length ? inArray(unit.id, query.ids) : sql`false`) : undefined,
      ),
    )
    .orderBy(asc(unit.sortOrder), asc(unit.name));
  // Naming chosen ids answers every one of them (at most 100), whatever the page size.
  const limit = query.ids ? Math.max(query.limit, query.ids.length) : query.limit;
  const rows = await (query.all ? ordered : ordered.limit(limit + 1));
  const truncated = !query.all && rows.length > limit;
  return {
    items: (truncated ? rows.slice(0, limit) : rows).map(({ createdAt: _c, disabledAt, ...u }) => ({
      ...u,
      disabled: disabledAt !== null,
    })),
    truncated,
  };
}

async function assertNoCycle(tx: Tx, unitId: string, newParentId: string | null) {
  for (let cur = newParentId, hops = 0; cur; hops++) {
    if (cur === unitId || hops > 64) throw invalid('上级单位不能是本单位或其下级单位');
    const [p] = await tx.select({ parentId: unit.parentId }).from(unit).where(eq(unit.id, cur));
    if (!p) throw invalid('上级单位不存在');
    cur = p.parentId;
  }
}

export async function createUnit(tx: Tx, actor: Actor, input: CreateUnit, audit: AuditContext, now: Date) {
  authorizeSystem(actor, 'org.manage');
  if (input.parentId) await assertNoCycle(tx, randomUUID(), input.parentId);
  const id = randomUUID();
  await tx.insert(unit).values({ id, ...input, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'org.unit.create',
    targetType: 'unit',
    targetId: id,
    unitId: id,
    summary: { after: input },
  });
  return id;
}

export async function updateUnit(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof updateUnitBodySchema>,
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'org.manage');
  const [before] = await tx.select().from(unit).where(eq(unit.id, id));
  if (!before) throw notFound('单位');
  if (input.parentId !== undefined) await assertNoCycle(tx, id, input.parentId);
  await tx.update(unit).set(input).where(eq(unit.id, id));
  const changed = Object.fromEntries(Object.keys(input).map((k) => [k, before[k as keyof typeof before]]));
  await recordEvent(tx, audit, now, {
    action: 'org.unit.update',
    targetType: 'unit',
    targetId: id,
    unitId: id,
    summary: { before: changed, after: input },
  });
}

export async function listDepartments(db: Queryable, unitId: string) {
  return db
    .select({
      id: department.id,
      unitId: department.unitId,
      name: department.name,
      shortName: department.shortName,
      sortOrder: department.sortOrder,
    })
    .from(department)
    .where(and(eq(department.unitId, unitId), isNull(department.disabledAt)))
    .orderBy(asc(department.sortOrder), asc(department.name));
}

export async function createDepartment(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof createDepartmentBodySchema>,
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'org.manage');
  const [u] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, input.unitId));
  if (!u) throw invalid('所属单位不存在');
  const id = randomUUID();
  await tx.insert(department).values({ id, ...input, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'org.department.create',
    targetType: 'department',
    targetId: id,
    unitId: input.unitId,
    summary: { after: input },
  });
  return id;
}

/** Posts of the given people with unit and department names and 分管 departments. */
export async function postsOf(db: Queryable, personIds: string[]) {
  if (personIds.length === 0) return [];
  const rows = await db
    .select({
      id: post.id,
      personId: post.personId,
      unitId: post.unitId,
      unitName: unit.name,
      departmentId: post.departmentId,
      departmentName: department.name,
      title: post.title,
      isLeader: post.isLeader,
      isPrimary: post.isPrimary,
      isPrincipal: post.isPrincipal,
    })
    .from(post)
    .innerJoin(unit, eq(unit.id, post.unitId))
    .leftJoin(department, eq(department.id, post.departmentId))
    .where(and(inArray(post.personId, personIds), isNull(post.endedAt)))
    .orderBy(sql`${post.isPrimary} desc`, asc(post.sortOrder), asc(post.createdAt));
  const charge = await db
    .select({ postId: leaderInCharge.postId, departmentId: leaderInCharge.departmentId })
    .from(leaderInCharge)
    .where(inArray(leaderInCharge.postId, rows.map((r) => r.id).concat(['00000000-0000-0000-0000-000000000000'])));
  return rows.map((r) => ({ ...r, inChargeOf: charge.filter((c) => c.postId === r.id).map((c) => c.departmentId) }));
}

/**
 * What of a person's security state the reader may see: the clearance is the security administrator's
 * business; whether an account is locked, the security administrator's and the system administrator's (who
 * unlocks it). Everyone else gets the directory — names, user names, posts — for choosing people.
 */
const seesClearance = (a: Actor) => hasAdminRole(a, 'securityAdmin');
const seesLockState = (a: Actor) => hasAdminRole(a, 'securityAdmin') || hasAdminRole(a, 'sysAdmin');

export async function listPeople(db: Queryable, actor: Actor, query: z.output<typeof listPeopleQuerySchema>, now: Date) {
  const after = decodeCursor(query.cursor, CURSORS.textAndId);
  const conds = [
    query.unitId
      ? sql`exists (select 1 from post p where p.person_id = ${person.id} and p.unit_id = ${query.unitId} and p.ended_at is null)`
      : undefined,
    query.q ? or(ilike(person.name, `%${likeEscape(query.q)}%`), ilike(account.username, `%${likeEscape(query.q)}%`)) : undefined,
    query.ids ? (query.ids.length ? inArray(person.id, query.ids) : sql`false`) : undefined,
    // By name, then id: the order people look for; the cursor carries both.
    after ? sql`(${person.name}, ${person.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
  ].filter(Boolean);
  const rows = await db
    .select({
      id: person.id,
      name: person.name,
      gender: person.gender,
      clearance: person.clearance,
      disabledAt: person.disabledAt,
      accountDisabledAt: account.disabledAt,
      username: account.username,
      lockedUntil: signInThrottle.blockedUntil,
    })
    .from(person)
    .leftJoin(account, eq(account.personId, person.id))
    .leftJoin(
      signInThrottle,
      and(eq(signInThrottle.scope, 'account'), eq(signInThrottle.subject, account.username), eq(signInThrottle.device, '')),
    )
    .where(and(...conds))
    .orderBy(asc(person.name), asc(person.id))
    .limit(query.limit + 1);
  const posts = await postsOf(
    db,
    rows.map((r) => r.id),
  );
  const people = rows.map((r) => ({
    id: r.id,
    name: r.name,
    gender: r.gender,
    username: r.username,
    clearance: seesClearance(actor) ? (r.clearance as '内部') : null,
    // A person is shown disabled when either the person or their account is (disable/enable act on the account).
    disabled: r.disabledAt !== null || r.accountDisabledAt !== null,
    locked: seesLockState(actor) ? !!r.lockedUntil && r.lockedUntil > now : null,
    posts: posts.filter((p) => p.personId === r.id).map(({ personId: _p, ...rest }) => rest),
  }));
  return page(people, query.limit, (p) => [p.name, p.id]);
}

export async function createPost(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof createPostBodySchema>,
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'org.manage');
  const [p] = await tx.select({ id: person.id }).from(person).where(eq(person.id, input.personId));
  if (!p) throw invalid('人员不存在');
  if (await isAdministratorPerson(tx, input.personId)) throw invalid('三员账号不得担任业务职务（三员分立）');
  if (input.departmentId) {
    const [d] = await tx.select({ unitId: department.unitId }).from(department).where(eq(department.id, input.departmentId));
    if (!d || d.unitId !== input.unitId) throw invalid('内设机构不属于该单位');
  }
  if (input.isPrincipal && !input.isLeader) throw invalid(PRINCIPAL_IS_LEADER);
  const id = randomUUID();
  if (input.isPrimary) await tx.update(post).set({ isPrimary: false }).where(eq(post.personId, input.personId));
  const replaced = input.isPrincipal ? await clearPrincipal(tx, input.unitId) : null;
  await tx.insert(post).values({ id, ...input, createdAt: now });
  await recordEvent(tx, audit, now, {
    action: 'org.post.create',
    targetType: 'post',
    targetId: id,
    unitId: input.unitId,
    summary: { after: input, ...(replaced ? { replacedPrincipal: replaced } : {}) },
  });
  return id;
}

const PRINCIPAL_IS_LEADER = '主要负责人须为领导职务';

/** A unit has one principal leader: the post that had the flag loses it. Returns that post. */
async function clearPrincipal(tx: Tx, unitId: string): Promise<string | null> {
  const gone = await tx
    .update(post)
    .set({ isPrincipal: false })
    .where(and(eq(post.unitId, unitId), eq(post.isPrincipal, true), isNull(post.endedAt)))
    .returning({ id: post.id });
  return gone[0]?.id ?? null;
}

/** 主要负责人 (条例 Art.22): marks a leader's post as its unit's principal leader, or unmarks it. */
export async function setPrincipal(tx: Tx, actor: Actor, postId: string, isPrincipal: boolean, audit: AuditContext, now: Date) {
  authorizeSystem(actor, 'org.manage');
  const [p] = await tx
    .select()
    .from(post)
    .where(and(eq(post.id, postId), isNull(post.endedAt)));
  if (!p) throw notFound('职务');
  if (p.isPrincipal === isPrincipal) return;
  if (isPrincipal && !p.isLeader) throw invalid(PRINCIPAL_IS_LEADER);
  const replaced = isPrincipal ? await clearPrincipal(tx, p.unitId) : null;
  await tx.update(post).set({ isPrincipal }).where(eq(post.id, postId));
  await recordEvent(tx, audit, now, {
    action: 'org.post.update',
    targetType: 'post',
    targetId: postId,
    unitId: p.unitId,
    summary: {
      before: { isPrincipal: p.isPrincipal },
      after: { isPrincipal },
      ...(replaced ? { replacedPrincipal: replaced } : {}),
    },
  });
}

export async function endPost(tx: Tx, actor: Actor, postId: string, audit: AuditContext, now: Date) {
  authorizeSystem(actor, 'org.manage');
  const res = await tx
    .update(post)
    .set({ endedAt: now })
    .where(and(eq(post.id, postId), isNull(post.endedAt)))
    .returning({ unitId: post.unitId });
  if (res.length === 0) throw notFound('职务');
  await tx.delete(leaderInCharge).where(eq(leaderInCharge.postId, postId));
  await recordEvent(tx, audit, now, { action: 'org.post.end', targetType: 'post', targetId: postId, unitId: res[0]!.unitId });
}

/** 分管: replaces the set of departments a leader's post is in charge of. */
export async function setLeaderInCharge(
  tx: Tx,
  actor: Actor,
  postId: string,
  departmentIds: string[],
  audit: AuditContext,
  now: Date,
) {
  authorizeSystem(actor, 'org.manage');
  const [p] = await tx
    .select()
    .from(post)
    .where(and(eq(post.id, postId), isNull(post.endedAt)));
  if (!p) throw notFound('职务');
  // A section's head (科长) holds a leadership post of the section; 分管 is for the unit's own leaders.
  if ((!p.isLeader || p.departmentId) && departmentIds.length) throw invalid('只有机关领导职务可以分管内设机构');
  const before = await tx
    .select({ d: leaderInCharge.departmentId })
    .from(leaderInCharge)
    .where(eq(leaderInCharge.postId, postId));
  await tx.delete(leaderInCharge).where(eq(leaderInCharge.postId, postId));
  const unique = [...new Set(departmentIds)];
  if (unique.length) {
    const found = await tx
      .select({ id: department.id, unitId: department.unitId })
      .from(department)
      .where(inArray(department.id, unique));
    if (found.length !== unique.length) throw invalid('部分内设机构不存在');
    // A leader is in charge of sections of the unit the post belongs to, not of another body's.
    if (found.some((d) => d.unitId !== p.unitId)) throw invalid('只能分管本单位的内设机构');
    await tx.insert(leaderInCharge).values(unique.map((departmentId) => ({ postId, departmentId, createdAt: now })));
  }
  await recordEvent(tx, audit, now, {
    action: 'org.leaderInCharge.set',
    targetType: 'post',
    targetId: postId,
    unitId: p.unitId,
    summary: { before: before.map((b) => b.d), after: unique },
  });
}

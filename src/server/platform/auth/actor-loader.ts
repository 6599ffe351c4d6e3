import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { rowsOf } from '../audit/service';
import { delegation, person, post, roleGrant } from '../../org/schema';
import { account } from './schema';
import { ADMIN_ROLES, type Actor, type AdminRole, type Role, type RoleScope } from '../access/actor';
import type { Classification } from '../../../contract/common';

/** Every unit below the given ones (inclusive), following parent links. */
export async function unitsWithDescendants(db: Queryable, roots: string[]): Promise<Set<string>> {
  if (roots.length === 0) return new Set();
  const res = await db.execute<{ id: string }>(sql`
    with recursive tree as (
      select id from unit where id in (${sql.join(roots.map((r) => sql`${r}::uuid`), sql`, `)})
      union
      select u.id from unit u join tree t on u.parent_id = t.id
    ) select id from tree`);
  return new Set(rowsOf<{ id: string }>(res).map((r) => r.id));
}

/** Builds the actor for a person acting in one post; null when the person or account is gone. */
export async function loadActor(
  db: Queryable,
  personId: string,
  postId: string | null,
  via: Actor['via'],
  now: Date = new Date(),
): Promise<Actor | null> {
  const [p] = await db
    .select({
      id: person.id,
      name: person.name,
      clearance: person.clearance,
      username: account.username,
      mustChange: account.mustChangePassword,
    })
    .from(person)
    .innerJoin(account, eq(account.personId, person.id))
    .where(and(eq(person.id, personId), isNull(person.disabledAt), isNull(account.disabledAt)));
  if (!p) return null;

  const [currentPost] = postId
    ? await db
        .select()
        .from(post)
        .where(and(eq(post.id, postId), eq(post.personId, personId), isNull(post.endedAt)))
    : [];

  const grants = await db.select().from(roleGrant).where(eq(roleGrant.personId, personId));
  const roles: RoleScope[] = [];
  let adminRole: AdminRole | null = null;
  for (const g of grants) {
    if ((ADMIN_ROLES as readonly string[]).includes(g.role)) {
      adminRole = g.role as AdminRole;
      continue;
    }
    if (!g.unitId) continue;
    const unitIds = g.includeSubordinates ? await unitsWithDescendants(db, [g.unitId]) : new Set([g.unitId]);
    roles.push({ role: g.role as Role, unitIds });
  }

  const acting = await db
    .select({ from: delegation.fromPersonId })
    .from(delegation)
    .where(and(eq(delegation.toPersonId, personId), isNull(delegation.revokedAt), lte(delegation.startsAt, now), gt(delegation.endsAt, now)));

  return {
    actingFor: [...new Set(acting.map((d) => d.from))],
    personId: p.id,
    name: p.name,
    username: p.username,
    postId: currentPost?.id ?? null,
    postTitle: currentPost?.title ?? null,
    unitId: currentPost?.unitId ?? null,
    departmentId: currentPost?.departmentId ?? null,
    clearance: p.clearance as Classification,
    roles,
    adminRole,
    via,
    mustChangePassword: p.mustChange,
  };
}

/** The post a person acts in after signing in: the primary one, else the first by order. */
export async function defaultPostId(db: Queryable, personId: string): Promise<string | null> {
  const posts = await db
    .select({ id: post.id, isPrimary: post.isPrimary })
    .from(post)
    .where(and(eq(post.personId, personId), isNull(post.endedAt)))
    .orderBy(sql`${post.isPrimary} desc`, post.sortOrder, post.createdAt);
  return posts[0]?.id ?? null;
}

import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { rowsOf } from '../db/client';
import { delegationInForce } from '../../org/delegation';
import { post } from '../../org/schema';
import { ADMIN_ROLES, type Actor, type AdminRole, type Role, type RoleScope } from '../access/actor';
import type { Classification } from '../../../contract/common';

/**
 * The columns of an actor, for a person (and post) given as SQL expressions: person and account, the post if
 * it is still held, every role grant with its units (descendants expanded when the grant includes them) and
 * the people who delegate to them now — one statement, because every request runs it (bench/README.md:
 * each statement is a round trip, and the five this took before cost more than most requests' own work).
 */
function actorSelect(personRef: SQL, postRef: SQL, now: Date): SQL {
  return sql`
    select p.id as "personId", p.name, p.clearance, a.username, a.must_change_password as "mustChange",
      po.id as "postId", po.title as "postTitle", po.unit_id as "unitId", po.department_id as "departmentId",
      (select coalesce(json_agg(json_build_object(
          'role', g.role,
          'unitId', g.unit_id,
          'subordinates', g.include_subordinates,
          'unitIds', case when g.unit_id is not null and g.include_subordinates then
            (select json_agg(c.unit_id) from unit_closure c where c.ancestor_id = g.unit_id)
          end)), '[]'::json)
        from role_grant g where g.person_id = p.id) as grants,
      (select coalesce(json_agg(distinct d.from_person_id), '[]'::json) from delegation d
        where d.to_person_id = p.id and ${delegationInForce(sql`d`, now)}) as "actingFor",
      (select coalesce(json_agg(l.department_id), '[]'::json) from leader_in_charge l
        where l.post_id = po.id and po.is_leader) as "inChargeOf"
    from person p
    join account a on a.person_id = p.id and a.disabled_at is null
    left join post po on po.id = ${postRef} and po.person_id = p.id and po.ended_at is null
    where p.id = ${personRef} and p.disabled_at is null`;
}

export interface ActorRow {
  personId: string;
  name: string;
  clearance: string;
  username: string;
  mustChange: boolean;
  postId: string | null;
  postTitle: string | null;
  unitId: string | null;
  departmentId: string | null;
  grants: { role: string; unitId: string | null; subordinates: boolean; unitIds: string[] | null }[] | string;
  actingFor: string[] | string;
  inChargeOf: string[] | string;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function actorFromRow(r: ActorRow, via: Actor['via']): Actor {
  const roles: RoleScope[] = [];
  let adminRole: AdminRole | null = null;
  for (const g of json(r.grants)) {
    if ((ADMIN_ROLES as readonly string[]).includes(g.role)) {
      adminRole = g.role as AdminRole;
      continue;
    }
    if (!g.unitId) continue;
    roles.push({
      role: g.role as Role,
      unitIds: new Set(g.unitIds ?? [g.unitId]),
      grantedUnitId: g.unitId,
      subordinates: g.subordinates,
    });
  }
  return {
    actingFor: json(r.actingFor),
    inChargeOf: json(r.inChargeOf ?? []),
    personId: r.personId,
    name: r.name,
    username: r.username,
    postId: r.postId,
    postTitle: r.postTitle,
    unitId: r.unitId,
    departmentId: r.departmentId,
    clearance: r.clearance as Classification,
    roles,
    adminRole,
    via,
    mustChangePassword: r.mustChange,
  };
}

/** Builds the actor for a person acting in one post; null when the person or account is gone. */
export async function loadActor(
  db: Queryable,
  personId: string,
  postId: string | null,
  via: Actor['via'],
  now: Date = new Date(),
): Promise<Actor | null> {
  const [r] = rowsOf<ActorRow>(await db.execute(actorSelect(sql`${personId}::uuid`, sql`${postId}::uuid`, now)));
  return r ? actorFromRow(r, via) : null;
}

export interface SessionActorRow extends Partial<ActorRow> {
  sessionPersonId: string;
  csrfToken: string;
  createdMs: number;
  lastSeenMs: number;
  ended: boolean;
}

/**
 * A session and its actor in one statement: the actor columns are null when the person or account has
 * been disabled since the session began.
 */
export async function loadSessionActor(db: Queryable, sessionId: string, now: Date): Promise<SessionActorRow | null> {
  const [r] = rowsOf<SessionActorRow>(
    await db.execute(sql`
      select s.person_id as "sessionPersonId", s.csrf_token as "csrfToken",
        (extract(epoch from s.created_at) * 1000)::float8 as "createdMs",
        (extract(epoch from s.last_seen_at) * 1000)::float8 as "lastSeenMs",
        s.ended_at is not null as ended, x.*
      from session s
      left join lateral (${actorSelect(sql`s.person_id`, sql`s.post_id`, now)}) x on true
      where s.id = ${sessionId}`),
  );
  return r ?? null;
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

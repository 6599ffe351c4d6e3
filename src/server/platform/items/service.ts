import { stateName } from '../flow/states';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { authorize, can } from '../access/policy';
import { hasRoleOver, type Actor, type BusinessRole } from '../access/actor';
import { assertWithinCeiling, atOrBelow, isAuditedOnRead, lower, rank } from '../access/classification';
import { DomainError, conflict, hiddenFrom, notFound } from '../errors';
import { CURSORS, decodeCursor, page } from '../http/pagination';
import { likeEscape, searchTokens } from '../search/tokenize';
import { withoutInvisible, type Classification } from '../../../contract/common';
import type { listItemsQuerySchema, updateItemBodySchema } from '../../../contract/items';
import { item, itemAccess } from './schema';
import { keptFromRegistrars, overseen, participantOnly, reaches } from './policy';
import { moduleOf } from '../modules/registry';
import type { RequestContext } from '../context';

type ItemRow = typeof item.$inferSelect;

declare const authorized: unique symbol;
/**
 * An item the kernel let this actor act on, and how far: `read` (the whole record) or `issued` (a receiving unit's
 * issued copy, nothing of the sender's handling). Only `readItem` and `readIssuedCopy` make one — the brand's symbol is
 * not exported, and lint refuses `as Authorized` outside this folder — so a module service that takes an
 * `Authorized<ItemView>` cannot be reached without the check, and one that needs the whole record refuses an issued copy.
 */
export type Authorized<T, A extends 'read' | 'issued' = 'read'> = T & { readonly [authorized]: A };
const authorizedAs = <A extends 'read' | 'issued'>(view: ItemView, _access: A) => view as Authorized<ItemView, A>;

export interface NewItem {
  kind: string;
  title: string;
  classification: Classification;
  urgency?: string | null;
  owningUnitId: string;
  owningDepartmentId?: string | null;
  state: string;
  dueDate?: string | null;
  registryNo?: string | null;
  /** Further searchable text (e.g. 来文单位, 文号); the title is always included. */
  searchText?: string[];
}

/** Modules create their items through this, so every item is searchable, bounded and recorded alike. */
export async function createItem(tx: Tx, ctx: RequestContext, input: NewItem) {
  const { actor, now } = ctx;
  assertWithinCeiling(input.classification, ctx.ceiling);
  const id = randomUUID();
  await tx.insert(item).values({
    id,
    kind: input.kind,
    // Every module's titles, however they came in (a parsed 来文 too), are kept without invisible characters.
    title: withoutInvisible(input.title),
    classification: input.classification,
    urgency: input.urgency ?? null,
    owningUnitId: input.owningUnitId,
    owningDepartmentId: input.owningDepartmentId ?? null,
    state: input.state,
    dueDate: input.dueDate ?? null,
    registryNo: input.registryNo ?? null,
    createdBy: actor.personId,
    createdAt: now,
    updatedAt: now,
    searchTokens: searchTokens(withoutInvisible(input.title), ...(input.searchText ?? [])),
  });
  await recordEvent(tx, ctx.audit, now, {
    action: 'item.create',
    targetType: 'item',
    targetId: id,
    unitId: input.owningUnitId,
    summary: { kind: input.kind, classification: input.classification, state: input.state },
  });
  return id;
}

/**
 * A person reads the whole record (a task, a 传阅), or — `part` — the record and their unit's part of it (a unit's task
 * on an item sent to several units by a kind that reads a part: `flow/parts.ts`). A `full` grant is never narrowed.
 */
export async function grantItemAccess(
  tx: Tx,
  itemId: string,
  principal: { type: 'person'; id: string },
  reason: string,
  audit: AuditContext,
  now: Date,
  scope: 'full' | 'part' = 'full',
) {
  await grant(tx, itemId, principal, scope, reason, audit, now);
}

/**
 * The issued copy of a document (核发): a receiving unit's registrars read it to sign for it, and whoever reads
 * the item it was signed for as reads it from there. Nothing of the sender's internal handling comes with it.
 */
export async function grantIssuedCopy(
  tx: Tx,
  itemId: string,
  principal: { type: 'unit' | 'item'; id: string },
  reason: string,
  audit: AuditContext,
  now: Date,
) {
  await grant(tx, itemId, principal, 'issued', reason, audit, now);
}

/** A person's `full` access ends (a circulation closed or withdrawn); tasks they hold are the caller's to check. */
export async function revokePersonAccess(
  tx: Tx,
  itemId: string,
  personId: string,
  reason: string,
  audit: AuditContext,
  now: Date,
) {
  const gone = await tx
    .delete(itemAccess)
    .where(
      and(
        eq(itemAccess.itemId, itemId),
        eq(itemAccess.principalType, 'person'),
        eq(itemAccess.principalId, personId),
        eq(itemAccess.scope, 'full'),
      ),
    )
    .returning({ itemId: itemAccess.itemId });
  if (gone.length)
    await recordEvent(tx, audit, now, {
      action: 'item.access.revoke',
      targetType: 'item',
      targetId: itemId,
      summary: { principal: { type: 'person', id: personId }, reason },
    });
}

async function grant(
  tx: Tx,
  itemId: string,
  principal: { type: 'person' | 'unit' | 'item'; id: string },
  scope: 'full' | 'issued' | 'part',
  reason: string,
  audit: AuditContext,
  now: Date,
) {
  await tx
    .insert(itemAccess)
    .values({
      itemId,
      principalType: principal.type,
      principalId: principal.id,
      scope,
      reason,
      grantedBy: audit.personId ?? principal.id,
      createdAt: now,
    })
    // A person given a part first and the record later (the lead unit's handler chosen for a step of the office) reads
    // the record; nothing narrows a grant.
    .onConflictDoUpdate({
      target: [itemAccess.itemId, itemAccess.principalType, itemAccess.principalId],
      set: { scope: 'full' },
      setWhere: sql`${itemAccess.scope} = 'part' and excluded.scope = 'full'`,
    });
  await recordEvent(tx, audit, now, {
    action: 'item.access.grant',
    targetType: 'item',
    targetId: itemId,
    summary: { principal, scope, reason },
  });
}

/**
 * The owning unit is within one of the actor's grants of this role: a granted unit itself, or any unit below a grant
 * that includes its subordinates — a subquery on the unit tree's closure with the granted units as parameters, not the
 * covered units. A province's supervisor covers about a thousand units; as one array of their ids PostgreSQL estimated
 * it element by element while planning every statement (bench M: 2.4–6 ms to plan the register's page, more than
 * running it), and as one parameter per unit building and sending the statement cost more than running it.
 */
function ownedWithin(actor: Actor, role: BusinessRole): SQL | undefined {
  const scopes = actor.roles.filter((r) => r.role === role);
  if (!scopes.length) return undefined;
  const roots = [...new Set(scopes.filter((r) => r.subordinates).map((r) => r.grantedUnitId))];
  // The granted units themselves by id, whatever the closure holds: the actor's own test (`hasRoleOver`) covers them
  // even if the closure had no row for one.
  const units = [...new Set(scopes.map((r) => r.grantedUnitId))];
  return or(
    sql`${item.owningUnitId} = any(${sql.param(units)}::uuid[])`,
    roots.length
      ? sql`${item.owningUnitId} in (select uc.unit_id from unit_closure uc where uc.ancestor_id = any(${sql.param(roots)}::uuid[]))`
      : undefined,
  );
}

/** The `read` rule of policy.ts as a WHERE clause, so lists, counts and search never show more than `can` allows. */
export function readableItemsWhere(actor: Actor, ceiling: Classification): SQL {
  if (actor.adminRole || !actor.unitId) return sql`false`;
  const levels = atOrBelow(lower(actor.clearance, ceiling));
  const supervised = ownedWithin(actor, 'supervisor');
  const registrarOf = ownedWithin(actor, 'registrar');
  const restricted = participantOnly();
  const notForRegistrars = keptFromRegistrars();
  const overseenKinds = overseen();
  const reach = or(
    restricted.length
      ? and(eq(item.owningUnitId, actor.unitId), notInArray(item.kind, restricted))
      : eq(item.owningUnitId, actor.unitId),
    supervised,
    registrarOf && notForRegistrars.length ? and(registrarOf, notInArray(item.kind, notForRegistrars)) : registrarOf,
    eq(item.createdBy, actor.personId),
    actor.inChargeOf.length && overseenKinds.length
      ? and(
          eq(item.owningUnitId, actor.unitId),
          inArray(item.kind, overseenKinds),
          sql`${item.owningDepartmentId} = any(${sql.param(actor.inChargeOf)}::uuid[])`,
        )
      : undefined,
    sql`exists (select 1 from item_access ia where ia.item_id = ${item.id} and ia.scope in ('full', 'part') and
      ia.principal_type = 'person' and ia.principal_id in (${sql.join(
        [actor.personId, ...actor.actingFor].map((id) => sql`${id}::uuid`),
        sql`, `,
      )}))`,
  )!;
  return and(inArray(item.classification, levels), reach)!;
}

const present = (r: ItemRow) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  registryNo: r.registryNo,
  classification: r.classification as Classification,
  urgency: r.urgency,
  owningUnitId: r.owningUnitId,
  state: stateName(r.kind, r.state),
  stateKey: r.state,
  dueDate: r.dueDate,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  closedAt: r.closedAt?.toISOString() ?? null,
  filingStatus: r.filingStatus ?? null,
  version: r.version,
});
/** An item as the API shows it: its state named, dates as ISO text. */
export type ItemView = ReturnType<typeof present>;

/** Items the actor may read, newest first; `q` searches jieba tokens and, from 3 characters, title substrings. */
export async function listItems(
  db: Queryable,
  actor: Actor,
  query: z.output<typeof listItemsQuerySchema>,
  ceiling: Classification,
) {
  const after = decodeCursor(query.cursor, CURSORS.timeAndId);
  const conds: (SQL | undefined)[] = [readableItemsWhere(actor, ceiling)];
  if (query.kind) conds.push(eq(item.kind, query.kind));
  if (query.q) {
    const tokens = searchTokens(query.q);
    conds.push(
      or(
        tokens ? sql`${item.searchVector} @@ plainto_tsquery('simple', ${tokens})` : undefined,
        query.q.length >= 3 ? sql`${item.title} ilike ${`%${likeEscape(query.q)}%`}` : undefined,
      ) ?? sql`false`,
    );
  }
  if (after) {
    const at = new Date(after[0]);
    conds.push(or(lt(item.createdAt, at), and(eq(item.createdAt, at), lt(item.id, after[1]))));
  }
  const rows = await db
    .select()
    .from(item)
    .where(and(...conds))
    .orderBy(desc(item.createdAt), desc(item.id))
    .limit(query.limit + 1);
  return page(rows.map(present), query.limit, (r) => [r.createdAt, r.id]);
}

/** The item and what its policies need to know about it for this actor; null when there is no such item. */
export async function loadForPolicy(db: Queryable, actor: Actor, id: string) {
  const [row] = await db.select().from(item).where(eq(item.id, id));
  if (!row) return null;
  const grants = await db
    .select({ scope: itemAccess.scope })
    .from(itemAccess)
    .where(
      and(
        eq(itemAccess.itemId, id),
        inArray(itemAccess.scope, ['full', 'part']),
        eq(itemAccess.principalType, 'person'),
        inArray(itemAccess.principalId, [actor.personId, ...actor.actingFor]),
      ),
    );
  return {
    row,
    resource: { ...row, classification: row.classification as Classification, grantedToActor: grants.length > 0 },
    /** Only a `part` grant reaches the actor: whether they read the whole record is `flow/parts.ts reachOf`'s to say. */
    partOnly: grants.length > 0 && grants.every((g) => g.scope === 'part'),
  };
}

/**
 * Whether an `issued` grant on the item reaches the actor: a receiving unit they are a registrar of, or an item
 * (the 收文 it was signed for as) they may read. Clearance and the ceiling are the caller's to check.
 */
export async function issuedCopyReaches(tx: Tx, actor: Actor, itemId: string, ceiling: Classification): Promise<boolean> {
  if (actor.adminRole || !actor.unitId) return false;
  const grants = await tx
    .select({ type: itemAccess.principalType, id: itemAccess.principalId })
    .from(itemAccess)
    .where(and(eq(itemAccess.itemId, itemId), eq(itemAccess.scope, 'issued')));
  if (grants.some((g) => g.type === 'unit' && hasRoleOver(actor, 'registrar', g.id))) return true;
  const via = grants.filter((g) => g.type === 'item').map((g) => g.id);
  if (!via.length) return false;
  const readable = await tx
    .select({ id: item.id })
    .from(item)
    .where(and(inArray(item.id, via), readableItemsWhere(actor, ceiling)))
    .limit(1);
  return readable.length > 0;
}

/**
 * Reads the issued copy of an item: for whoever may read the whole record, and for the receivers an `issued`
 * grant reaches. `full` says which: a receiver must be shown nothing of the sender's internal handling. A
 * receiver above their clearance is refused as anyone else is; a read of 内部 or above is recorded.
 */
export async function readIssuedCopy(tx: Tx, ctx: RequestContext, id: string) {
  const { actor, ceiling, audit, now } = ctx;
  const found = await loadForPolicy(tx, actor, id);
  if (!found) throw notFound('文件');
  assertWithinCeiling(found.resource.classification, ceiling);
  const full = can(actor, 'read', 'item', found.resource);
  if (!full) {
    if (!(await issuedCopyReaches(tx, actor, id, ceiling))) throw hiddenFrom('文件');
    if (rank(actor.clearance) < rank(found.resource.classification)) {
      throw new DomainError('CLEARANCE_INSUFFICIENT', `该文件密级为“${found.row.classification}”，超出您的涉密等级，无权查看`);
    }
  }
  if (isAuditedOnRead(found.resource.classification)) {
    await recordEvent(tx, audit, now, {
      action: full ? 'item.read' : 'item.read.issued',
      targetType: 'item',
      targetId: id,
      unitId: found.row.owningUnitId,
      summary: { classification: found.row.classification },
    });
  }
  return full
    ? { item: authorizedAs(present(found.row), 'read'), full }
    : { item: authorizedAs(present(found.row), 'issued'), full };
}

/**
 * Reads one item. Refusals do not tell whether the item exists unless the actor could otherwise see it;
 * a read of an item classified 内部 or above is recorded.
 */
export async function readItem(tx: Tx, ctx: RequestContext, id: string): Promise<Authorized<ItemView>> {
  const { actor, ceiling, audit, now } = ctx;
  const found = await loadForPolicy(tx, actor, id);
  if (!found) throw notFound('事项');
  assertWithinCeiling(found.resource.classification, ceiling);
  if (!can(actor, 'read', 'item', found.resource)) {
    // Someone who could see the item but for their clearance is told so; anyone else learns nothing.
    if (!actor.adminRole && reaches(actor, found.resource)) {
      throw new DomainError('CLEARANCE_INSUFFICIENT', `该事项密级为“${found.row.classification}”，超出您的涉密等级，无权查看`);
    }
    throw hiddenFrom('事项');
  }
  if (isAuditedOnRead(found.resource.classification)) {
    await recordEvent(tx, audit, now, {
      action: 'item.read',
      targetType: 'item',
      targetId: id,
      unitId: found.row.owningUnitId,
      summary: { classification: found.row.classification },
    });
  }
  return authorizedAs(present(found.row), 'read');
}

export async function updateItem(tx: Tx, ctx: RequestContext, id: string, input: z.output<typeof updateItemBodySchema>) {
  const { actor, ceiling, audit, now } = ctx;
  const found = await loadForPolicy(tx, actor, id);
  if (!found) throw notFound('事项');
  if (!can(actor, 'read', 'item', found.resource)) throw hiddenFrom('事项');
  assertWithinCeiling(found.resource.classification, ceiling);
  authorize(actor, 'update', 'item', found.resource, '只有登记人或本单位文书可以修改事项基本信息');
  const editedAt = moduleOf(found.row.kind)?.editedAt;
  if (editedAt) throw conflict(`请在${editedAt}修改`);
  const { version, ...changes } = input;
  const set: Partial<typeof item.$inferInsert> = { ...changes, updatedAt: now, version: version + 1 };
  // Keeps the tokens of the other searchable fields a module gave at creation.
  if (changes.title !== undefined) set.searchTokens = searchTokens(changes.title, found.row.searchTokens);
  const res = await tx
    .update(item)
    .set(set)
    .where(and(eq(item.id, id), eq(item.version, version)))
    .returning();
  if (res.length === 0) throw conflict('事项已被他人修改，请刷新后重试', { currentVersion: found.row.version });
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, found.row[k as keyof ItemRow]]));
  await recordEvent(tx, audit, now, {
    action: 'item.update',
    targetType: 'item',
    targetId: id,
    unitId: found.row.owningUnitId,
    summary: { before, after: changes },
  });
  return present(res[0]!);
}

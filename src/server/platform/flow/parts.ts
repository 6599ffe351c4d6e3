import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { hiddenFrom } from '../errors';
import { loadForPolicy } from '../items/service';
import { itemAccess } from '../items/schema';
import { heldBy } from './holding';
import { dispatch, task } from './schema';

// A unit's part of an item sent to several units (督办 交办 to 主办 and 协办; later 信访 to organs, 约稿 to units): with a
// sending kind that `reads: 'part'`, each unit's people read the record and their own unit's part — its receipt, its
// tasks, their opinions, 进展报告 and their files, 延期 requests — not another unit's. The lead unit (主办, which compiles
// what the others give it) reads every part and what follows the sending, not the sender's handling before it. Whoever
// reads the record otherwise (the sender's office, its supervisors, a `full` grant) reads it whole, as before.

const partKinds = new Set<string>();
/** Called by `declareDispatchKind` for a kind that `reads: 'part'`. */
export function readsPart(kind: string) {
  partKinds.add(kind);
}

/** What of an item's handling the reader sees. */
export interface Reach {
  /** The whole record. */
  whole: boolean;
  /** The units whose part is the reader's: those of the tasks they hold or held on the item (receiving ones too). */
  units: ReadonlySet<string>;
  /** One of them leads (主办) a sending of the item: every unit's part, and everything from the sending on. */
  lead: boolean;
  /** The moments the item was given out (a step's sending is written with the submission that gave it). */
  givenAt: ReadonlySet<number>;
  /** Who holds or held a task for one of the reader's units (whose files on the item are the part's). */
  people: ReadonlySet<string>;
}

const WHOLE: Reach = { whole: true, units: new Set(), lead: false, givenAt: new Set(), people: new Set() };

/**
 * The scope a task for a unit gives its holder on the item: `part` when the item was sent to that unit by a kind that
 * reads a part, else `full` (the record).
 */
export async function grantScopeFor(db: Queryable, itemId: string, forUnitId: string | null | undefined) {
  if (!forUnitId || !partKinds.size) return 'full' as const;
  const [sent] = await db
    .select({ id: dispatch.id })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, itemId), eq(dispatch.unitId, forUnitId), inArray(dispatch.kind, [...partKinds])))
    .limit(1);
  return sent ? ('part' as const) : ('full' as const);
}

/**
 * What the actor, who may read the item, sees of its handling: the whole record when the item policy admits them
 * without a `part` grant; else the part of their units (every part for the lead unit's people).
 */
export async function reachOf(db: Queryable, actor: Actor, itemId: string): Promise<Reach> {
  if (!partKinds.size) return WHOLE;
  const [part] = await db
    .select({ scope: itemAccess.scope })
    .from(itemAccess)
    .where(
      and(
        eq(itemAccess.itemId, itemId),
        eq(itemAccess.scope, 'part'),
        eq(itemAccess.principalType, 'person'),
        inArray(itemAccess.principalId, [actor.personId, ...actor.actingFor]),
      ),
    )
    .limit(1);
  if (!part) return WHOLE;
  const found = await loadForPolicy(db, actor, itemId);
  if (!found?.partOnly || can(actor, 'read', 'item', { ...found.resource, grantedToActor: false })) return WHOLE;
  const held = await db
    .selectDistinct({ unitId: task.forUnitId })
    .from(task)
    .where(and(eq(task.itemId, itemId), heldBy(actor)));
  const units = new Set(held.map((h) => h.unitId).filter((u): u is string => u !== null));
  const sent = await db
    .select({
      unitId: dispatch.unitId,
      role: dispatch.role,
      state: dispatch.state,
      groupId: dispatch.groupId,
      at: dispatch.sentAt,
    })
    .from(dispatch)
    .where(and(eq(dispatch.itemId, itemId), inArray(dispatch.kind, [...partKinds])));
  const lead = sent.some((d) => units.has(d.unitId) && d.role === 'lead' && (d.state === 'pending' || d.state === 'accepted'));
  // Sent again or redirected later, a unit's work was still given by the first sending of its step.
  const first = new Map<string, number>();
  for (const d of sent) {
    const key = d.groupId ?? `${d.unitId}:${d.at.getTime()}`;
    first.set(key, Math.min(first.get(key) ?? Infinity, d.at.getTime()));
  }
  const people = units.size
    ? await db
        .selectDistinct({ id: task.assigneePersonId })
        .from(task)
        .where(and(eq(task.itemId, itemId), inArray(task.forUnitId, [...units])))
    : [];
  return { whole: false, units, lead, givenAt: new Set(first.values()), people: new Set(people.map((p) => p.id)) };
}

interface TaskFacts {
  forUnitId: string | null;
  dispatchId: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** The submission that gave the item out (交办): its task and opinion are every unit's, the work they were given. */
const gaveOut = (r: Reach, t: TaskFacts) =>
  t.forUnitId === null && t.dispatchId === null && t.completedAt !== null && r.givenAt.has(t.completedAt.getTime());

/** The first moment the item was given out: the lead reads from there on. */
const firstGiven = (r: Reach) => Math.min(...r.givenAt);

export function seesTask(r: Reach, t: TaskFacts) {
  if (r.whole || gaveOut(r, t)) return true;
  if (t.forUnitId !== null && r.units.has(t.forUnitId)) return true;
  return r.lead && t.createdAt.getTime() >= firstGiven(r);
}

/** An opinion is seen with its task; one on no task, by the lead from the sending on (and by whole readers). */
export function seesOpinion(
  r: Reach,
  o: { taskId: string | null; createdAt: Date },
  taskOf: (id: string) => TaskFacts | undefined,
) {
  if (r.whole) return true;
  const t = o.taskId ? taskOf(o.taskId) : undefined;
  if (t) return seesTask(r, t);
  return r.lead && o.createdAt.getTime() >= firstGiven(r);
}

/** A unit's receipt (签收 / 退办 and its reasons) is its own part. */
export const seesDispatch = (r: Reach, d: { unitId: string }) => r.whole || r.lead || r.units.has(d.unitId);

/** A file put on the item: the record's (its creator's) and the part's own (its people's). */
export const seesItemFile = (r: Reach, f: { addedBy: string }, createdBy: string) =>
  r.whole || r.lead || f.addedBy === createdBy || r.people.has(f.addedBy);

/** Refuses, as if it did not exist, a task of another unit's part (its reports, its 延期 requests). */
export async function assertSeesTask(db: Queryable, actor: Actor, taskId: string, what: string) {
  const [t] = await db.select().from(task).where(eq(task.id, taskId));
  if (!t) return;
  if (!seesTask(await reachOf(db, actor, t.itemId), t)) throw hiddenFrom(what);
}

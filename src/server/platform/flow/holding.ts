import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../access/actor';
import { task } from './schema';

// Who holds a task: one predicate for the engine, the item page, the workbench, 传阅, files and the modules, so "may I
// act on this" is answered the same way everywhere. A task is the actor's own when it was given to them in the post
// they act in now (or to them without a post); it is held by delegation when it was given to someone who delegates to
// them now (any post of that person: the principal's whole work is delegated). Delegations are the ones in force when
// the actor was loaded, at the start of the request (actor.actingFor), so one request never sees two answers.

export interface TaskHolder {
  assigneePersonId: string;
  assigneePostId: string | null;
}

/** In what right the actor holds the task: 'own', 'delegated' (acting for its holder), or null. */
export function holding(actor: Actor, t: TaskHolder): 'own' | 'delegated' | null {
  if (t.assigneePersonId === actor.personId && (t.assigneePostId === null || t.assigneePostId === actor.postId)) return 'own';
  if (actor.actingFor.includes(t.assigneePersonId)) return 'delegated';
  return null;
}

/** The person the actor acts for on this task, when they hold it by delegation. */
export const principalOf = (actor: Actor, t: TaskHolder): string | null =>
  holding(actor, t) === 'delegated' ? t.assigneePersonId : null;

/** The same rule as SQL over the task table: the tasks the actor holds, own or delegated. */
export function heldBy(actor: Actor): SQL {
  const own = and(
    eq(task.assigneePersonId, actor.personId),
    actor.postId ? or(isNull(task.assigneePostId), eq(task.assigneePostId, actor.postId)) : isNull(task.assigneePostId),
  )!;
  return actor.actingFor.length ? or(own, inArray(task.assigneePersonId, actor.actingFor))! : own;
}

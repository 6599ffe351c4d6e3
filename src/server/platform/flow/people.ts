import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { invalid } from '../errors';
import { leaderInCharge, person, post } from '../../org/schema';
import type { ActorRule, StepDef, SuggestRule } from './definition';
import { leadersOfUnit, postFor, registrarsOf } from './resolve';
import type { task } from './schema';
import type { Classification } from '../../../contract/common';

type TaskRow = typeof task.$inferSelect;

/** A person as a picker offers them: name and the post they would act in. */
export interface PersonBrief {
  id: string;
  name: string;
  title: string;
}

/** Names and titles of the given posts, in the order given, one per person, without disabled people. */
async function briefs(
  tx: Tx,
  rows: { personId: string; postId: string | null }[],
  except: (string | null)[] = [],
): Promise<PersonBrief[]> {
  const postIds = [...new Set(rows.map((r) => r.postId).filter((x): x is string => Boolean(x)))];
  if (!postIds.length) return [];
  const found = await tx
    .select({ postId: post.id, personId: person.id, name: person.name, title: post.title })
    .from(post)
    .innerJoin(person, eq(person.id, post.personId))
    .where(and(inArray(post.id, postIds), isNull(person.disabledAt), isNull(post.endedAt)));
  const byPost = new Map(found.map((f) => [f.postId, f]));
  const seen = new Set(except.filter(Boolean));
  const out: PersonBrief[] = [];
  for (const r of rows) {
    const f = r.postId ? byPost.get(r.postId) : undefined;
    if (!f || seen.has(f.personId)) continue;
    seen.add(f.personId);
    out.push({ id: f.personId, name: f.name, title: f.title });
  }
  return out;
}

async function postOf(tx: Tx, postId: string | null) {
  if (!postId) return null;
  const [p] = await tx.select({ unitId: post.unitId, departmentId: post.departmentId }).from(post).where(eq(post.id, postId));
  return p ?? null;
}

const headsOf = (tx: Tx, departmentId: string) =>
  tx
    .select({ personId: post.personId, postId: post.id })
    .from(post)
    .where(and(eq(post.departmentId, departmentId), eq(post.isLeader, true), isNull(post.endedAt)))
    .orderBy(asc(post.sortOrder));

export const leadersInChargeOf = (tx: Tx, departmentId: string) =>
  tx
    .select({ personId: post.personId, postId: post.id })
    .from(leaderInCharge)
    .innerJoin(post, and(eq(post.id, leaderInCharge.postId), isNull(post.endedAt)))
    .where(eq(leaderInCharge.departmentId, departmentId))
    .orderBy(asc(post.sortOrder));

/**
 * Whom a picker offers first for a chosen step, from the organisation: posts, sections and 分管 — never names.
 * `chooserPostId` is the post of the person choosing (the holder of the task being finished).
 */
export async function suggestedPeople(
  tx: Tx,
  rule: SuggestRule,
  c: { owningUnitId: string; chooserPersonId: string; chooserPostId: string | null },
): Promise<PersonBrief[]> {
  const chooser = await postOf(tx, c.chooserPostId);
  const dept = chooser?.departmentId ?? null;
  const unitLeaders = async () => briefs(tx, await leadersOfUnit(tx, c.owningUnitId), [c.chooserPersonId]);
  switch (rule) {
    case 'owningUnitLeaders':
      return unitLeaders();
    case 'leaderInChargeOfChooser': {
      const found = dept ? await briefs(tx, await leadersInChargeOf(tx, dept), [c.chooserPersonId]) : [];
      return found.length ? found : unitLeaders();
    }
    case 'headOfChooserSection': {
      if (!dept) return unitLeaders();
      const heads = await briefs(tx, await headsOf(tx, dept), [c.chooserPersonId]);
      return heads.length ? heads : briefs(tx, await leadersInChargeOf(tx, dept), [c.chooserPersonId]);
    }
  }
}

/** Whether only a unit's leaders may hold the step (批办, 签发). */
export const forLeaders = (rule: ActorRule) => rule.type === 'chosen' && rule.scope === 'leaders';

/**
 * Whom the holder of a task is offered when handing it on (转办) or adding a signer (加签): the people of the unit or
 * section the task is for; for a leaders' step the unit's leaders; for the registrars' step the other registrars;
 * otherwise the holder's own section (a 科长 hands to his clerk), or for a unit's leader the unit's other leaders. Anyone else the step allows is found by search.
 */
export async function handoverSuggestions(tx: Tx, step: StepDef, t: TaskRow, owningUnitId: string): Promise<PersonBrief[]> {
  const except = [t.assigneePersonId];
  const members = (where: ReturnType<typeof eq>) =>
    tx
      .select({ personId: post.personId, postId: post.id })
      .from(post)
      .where(and(where, isNull(post.endedAt), ne(post.personId, t.assigneePersonId)))
      .orderBy(asc(post.sortOrder))
      .limit(50);
  if (t.forDepartmentId) return briefs(tx, await members(eq(post.departmentId, t.forDepartmentId)), except);
  if (t.forUnitId) return briefs(tx, await members(eq(post.unitId, t.forUnitId)), except);
  if (forLeaders(step.actors)) return briefs(tx, await leadersOfUnit(tx, owningUnitId), except);
  if (step.actors.type === 'role') return briefs(tx, await registrarsOf(tx, owningUnitId), except);
  const own = await postOf(tx, t.assigneePostId);
  if (own?.departmentId) return briefs(tx, await members(eq(post.departmentId, own.departmentId)), except);
  // A unit's leader (the director at 拟办) hands on to a fellow leader.
  return briefs(tx, await leadersOfUnit(tx, own?.unitId ?? owningUnitId), except);
}

/**
 * The post in which someone may take over or join a step's task, by the step's own rule; refuses anyone else with
 * the reason. A task for a unit or section stays within it; a leaders' step takes a leader; the registrars' step a
 * registrar cleared for the item.
 */
export async function handoverPost(
  tx: Tx,
  step: StepDef,
  t: TaskRow,
  it: { owningUnitId: string; classification: string },
  personId: string,
): Promise<string | null> {
  const [who] = await tx
    .select({ name: person.name })
    .from(person)
    .where(and(eq(person.id, personId), isNull(person.disabledAt)));
  if (!who) throw invalid('所选人员不存在或已停用');
  const active = await tx
    .select({ id: post.id, unitId: post.unitId, departmentId: post.departmentId })
    .from(post)
    .where(and(eq(post.personId, personId), isNull(post.endedAt)))
    .orderBy(asc(post.sortOrder));
  if (t.forDepartmentId || t.forUnitId) {
    const p = active.find((x) => (t.forDepartmentId ? x.departmentId === t.forDepartmentId : x.unitId === t.forUnitId));
    if (!p) throw invalid(`${who.name}不在承办该事项的单位（科室），不能接办`);
    return p.id;
  }
  if (step.actors.type === 'role') {
    const reg = (await registrarsOf(tx, it.owningUnitId, it.classification as Classification)).find(
      (r) => r.personId === personId,
    );
    if (!reg) throw invalid(`${who.name}不是本单位的登记（收发）人员，不能办理${step.name}`);
    return reg.postId;
  }
  const p = await postFor(tx, personId, it.owningUnitId, forLeaders(step.actors));
  if (!p) throw invalid(forLeaders(step.actors) ? `${who.name}不是领导职务，不能${step.name}` : `${who.name}没有任职，不能办理`);
  return p.id;
}

import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client';
import type { Tx } from '../db/client';
import { invalid } from '../errors';
import { department, leaderInCharge, person, post, roleGrant, unit } from '../../org/schema';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';
import type { ActorRule } from './definition';
import { task, type UnitRole } from './schema';

/** What the person finishing a step chose for the next one. */
export interface Choice {
  personIds?: string[];
  units?: { unitId?: string; departmentId?: string; role: 'lead' | 'assisting'; dueDate?: string | null }[];
  dueDate?: string | null;
}

export interface Assignee {
  personId: string;
  postId: string | null;
  /** Tasks in one slot stand for one another: the first done closes the rest. */
  slot: string;
  forUnitId?: string | null;
  forDepartmentId?: string | null;
  unitRole?: UnitRole | null;
  dueDate?: string | null;
}

interface Context {
  itemId: string;
  createdBy: string;
  owningUnitId: string;
  /** The item's 密级: a step given to "the registrars" goes to those cleared for it. */
  classification: Classification;
  stepName: string;
  /** The lead department chosen at 分办, when it was a department: its leader in charge may be asked. */
  leadDepartmentId?: string | null;
}

export async function registrarsOf(tx: Tx, unitId: string, classification?: Classification) {
  // A registrar acts in a post of the unit their role covers; a classified document goes to those cleared for it
  // (the 机要员), not to every 文书 — one who is not would make the whole step fail.
  const rows = await tx
    .select({ personId: roleGrant.personId, postId: post.id, clearance: person.clearance })
    .from(roleGrant)
    .innerJoin(post, and(eq(post.personId, roleGrant.personId), eq(post.unitId, unitId), isNull(post.endedAt)))
    .innerJoin(person, eq(person.id, roleGrant.personId))
    .where(and(eq(roleGrant.role, 'registrar'), eq(roleGrant.unitId, unitId)));
  return rows
    .filter((r) => !classification || rank(r.clearance as Classification) >= rank(classification))
    .map(({ personId, postId }) => ({ personId, postId }));
}

/**
 * The supervisors (督查督办) over a unit: a grant on the unit itself, or on a unit above it that includes its
 * subordinates (the 督查室 of a party committee supervises every department under it). Each acts in their post in
 * the unit if they hold one, else their primary post; a classified item goes to those cleared for it.
 */
export async function supervisorsOf(tx: Tx, unitId: string, classification?: Classification) {
  const rows = rowsOf<{ personId: string; clearance: string }>(
    await tx.execute(sql`
      select distinct g.person_id as "personId", p.clearance
      from role_grant g join person p on p.id = g.person_id and p.disabled_at is null
      where g.role = 'supervisor' and (g.unit_id = ${unitId} or (g.include_subordinates and
        g.unit_id in (select uc.ancestor_id from unit_closure uc where uc.unit_id = ${unitId})))`),
  );
  const out: { personId: string; postId: string }[] = [];
  for (const r of rows) {
    if (classification && rank(r.clearance as Classification) < rank(classification)) continue;
    const p = await postFor(tx, r.personId, unitId, false);
    if (p) out.push({ personId: r.personId, postId: p.id });
  }
  return out;
}

/** The unit's leaders: leadership posts of the unit itself, not a section's head (科长). */
export async function leadersOfUnit(tx: Tx, unitId: string) {
  return tx
    .select({ personId: post.personId, postId: post.id })
    .from(post)
    .where(and(eq(post.unitId, unitId), eq(post.isLeader, true), isNull(post.departmentId), isNull(post.endedAt)))
    .orderBy(post.sortOrder);
}

async function anyoneIn(tx: Tx, unitId: string) {
  return tx
    .select({ personId: post.personId, postId: post.id })
    .from(post)
    .where(and(eq(post.unitId, unitId), isNull(post.endedAt)))
    .orderBy(post.sortOrder);
}

/** Who receives a section's work: its head (the section's leadership post), failing that its first member. */
async function peopleOfDepartment(tx: Tx, departmentId: string) {
  const rows = await tx
    .select({ personId: post.personId, postId: post.id, isLeader: post.isLeader })
    .from(post)
    .where(and(eq(post.departmentId, departmentId), isNull(post.endedAt)))
    .orderBy(post.sortOrder);
  const heads = rows.filter((r) => r.isLeader);
  return heads.length ? heads : rows.slice(0, 1);
}

/**
 * The post a chosen person acts in for this item: one in the owning unit if they have it, else their primary.
 * Steps for leaders (批办, 签发) take a unit's leadership post; a section head's (科长) is not one.
 */
export async function postFor(tx: Tx, personId: string, owningUnitId: string, leaderOnly: boolean) {
  const posts = await tx
    .select({
      id: post.id,
      unitId: post.unitId,
      departmentId: post.departmentId,
      isLeader: post.isLeader,
      isPrimary: post.isPrimary,
    })
    .from(post)
    .where(and(eq(post.personId, personId), isNull(post.endedAt)));
  const usable = leaderOnly ? posts.filter((p) => p.isLeader && !p.departmentId) : posts;
  return usable.find((p) => p.unitId === owningUnitId) ?? usable.find((p) => p.isPrimary) ?? usable[0] ?? null;
}

/** Turns a step's actor rule and the previous actor's choice into the people who get tasks. */
export async function resolveAssignees(tx: Tx, rule: ActorRule, choice: Choice, ctx: Context): Promise<Assignee[]> {
  switch (rule.type) {
    case 'role': {
      const supervisors = rule.role === 'supervisor';
      const rows = supervisors
        ? await supervisorsOf(tx, ctx.owningUnitId, ctx.classification)
        : await registrarsOf(tx, ctx.owningUnitId, ctx.classification);
      const who = supervisors ? '督查督办' : '登记（收发）';
      if (!rows.length)
        throw invalid(`${ctx.stepName}：本单位没有涉密等级达到“${ctx.classification}”的${who}人员，请联系安全保密管理员授权`);
      return rows.map((r) => ({ ...r, slot: 'role' }));
    }
    case 'chosen': {
      const ids = [...new Set(choice.personIds ?? [])];
      if (!ids.length) throw invalid(`请选择${ctx.stepName}的办理人`);
      const found = await tx
        .select({ id: person.id, name: person.name })
        .from(person)
        .where(and(inArray(person.id, ids), isNull(person.disabledAt)));
      if (found.length !== ids.length) throw invalid('所选人员不存在或已停用');
      const out: Assignee[] = [];
      for (const id of ids) {
        const p = await postFor(tx, id, ctx.owningUnitId, rule.scope === 'leaders');
        if (!p) throw invalid(`${found.find((f) => f.id === id)!.name}不是领导职务，不能${ctx.stepName}`);
        out.push({ personId: id, postId: p.id, slot: id });
      }
      return out;
    }
    case 'units': {
      const units = choice.units ?? [];
      if (!units.length) throw invalid(`请选择${ctx.stepName}的单位`);
      if (rule.lead === false) {
        if (units.some((u) => u.role === 'lead')) throw invalid(`${ctx.stepName}的单位不分主办、协办`);
      } else if (units.filter((u) => u.role === 'lead').length !== 1)
        throw invalid('分办须确定一个主办单位（条例第二十四条：两个以上部门办理的应明确主办）');
      const out: Assignee[] = [];
      const seen = new Set<string>();
      for (const u of units) {
        const target = u.unitId ?? u.departmentId;
        if (!target || (u.unitId && u.departmentId)) throw invalid('每个承办单位须为一个单位或一个内设机构');
        if (seen.has(target)) throw invalid('同一单位不能既主办又协办，也不能重复');
        seen.add(target);
        let people: { personId: string; postId: string }[];
        if (u.unitId) {
          const [exists] = await tx.select({ id: unit.id, name: unit.name }).from(unit).where(eq(unit.id, u.unitId));
          if (!exists) throw invalid('承办单位不存在');
          // The unit's registrar (收发) receives it; failing that its leader, failing that anyone posted there.
          people = await registrarsOf(tx, u.unitId, ctx.classification);
          if (!people.length) people = (await leadersOfUnit(tx, u.unitId)).slice(0, 1);
          if (!people.length) people = (await anyoneIn(tx, u.unitId)).slice(0, 1);
          if (!people.length) throw invalid(`${exists.name}没有可以接收文件的人员`);
        } else {
          const [exists] = await tx
            .select({ id: department.id, name: department.name })
            .from(department)
            .where(eq(department.id, u.departmentId!));
          if (!exists) throw invalid('承办内设机构不存在');
          people = await peopleOfDepartment(tx, u.departmentId!);
          if (!people.length) throw invalid(`${exists.name}没有人员`);
        }
        for (const p of people) {
          // Units consulted (会商) are neither lead nor assisting: they give a view on the draft.
          const unitRole: UnitRole = rule.lead === false ? 'consulted' : u.role;
          out.push({
            ...p,
            slot: target,
            forUnitId: u.unitId ?? null,
            forDepartmentId: u.departmentId ?? null,
            unitRole,
            dueDate: u.dueDate ?? null,
          });
        }
      }
      return out;
    }
    case 'previous': {
      const rows = await tx
        .select({
          personId: task.completedByPersonId,
          postId: task.completedByPostId,
          unitRole: task.unitRole,
          forUnitId: task.forUnitId,
          forDepartmentId: task.forDepartmentId,
          groupId: task.groupId,
        })
        .from(task)
        .where(and(eq(task.itemId, ctx.itemId), eq(task.stepKey, rule.step), eq(task.state, 'done')))
        .orderBy(desc(task.completedAt));
      if (rule.all) {
        const last = rows[0]?.groupId;
        const round = rows.filter((x) => x.groupId === last && x.personId).reverse();
        if (!round.length) throw invalid(`找不到${ctx.stepName}的办理人`);
        const seen = new Set<string>();
        return round
          .filter((x) => !seen.has(x.personId!) && seen.add(x.personId!))
          .map((x) => ({ personId: x.personId!, postId: x.postId, slot: x.personId! }));
      }
      const r = rows.find((x) => !rule.unitRole || x.unitRole === rule.unitRole);
      if (!r?.personId) throw invalid(`找不到${ctx.stepName}的办理人`);
      return [
        {
          personId: r.personId,
          postId: r.postId,
          slot: r.personId,
          forUnitId: r.forUnitId,
          forDepartmentId: r.forDepartmentId,
          unitRole: r.unitRole,
        },
      ];
    }
    case 'creator': {
      const p = await postFor(tx, ctx.createdBy, ctx.owningUnitId, false);
      const [who] = await tx
        .select({ id: person.id })
        .from(person)
        .where(and(eq(person.id, ctx.createdBy), isNull(person.disabledAt)));
      if (!who) throw invalid(`${ctx.stepName}：起草人已停用，请改派`);
      return [{ personId: ctx.createdBy, postId: p?.id ?? null, slot: ctx.createdBy }];
    }
    case 'leaderInCharge': {
      if (!ctx.leadDepartmentId) throw invalid(`${ctx.stepName}：尚未确定主办科室，无法找到分管领导`);
      const rows = await tx
        .select({ personId: post.personId, postId: post.id })
        .from(leaderInCharge)
        .innerJoin(post, and(eq(post.id, leaderInCharge.postId), isNull(post.endedAt)))
        .where(eq(leaderInCharge.departmentId, ctx.leadDepartmentId));
      if (!rows.length) throw invalid(`${ctx.stepName}：主办科室没有设置分管领导`);
      return rows.map((r) => ({ ...r, slot: 'leaderInCharge' }));
    }
  }
}

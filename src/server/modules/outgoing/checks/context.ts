import { and, inArray, isNull } from 'drizzle-orm';
import { UNIT_CATEGORIES, UNIT_LEVELS } from '../../../../contract/org';
import type { CheckContext, OrganFacts, OrganRelation, SuperiorRef } from '../../../../contract/outgoing-checks';
import type { Draft } from '../../../../contract/outgoing-draft';
import type { Queryable } from '../../../platform/db/client';
import { department, unit } from '../../../org/schema';

// The organisational facts the routing rules need (DOMAIN.md §1.4), read from the org tree: for every organ
// the draft names by unitId, what it is and where it stands relative to the lead issuer.
//
// How "where it stands" is read [P, our reading of 条例 Art.7 and Art.16(二)]: a 党委办公室/政府办公室 acts
// for the 党委/政府 it serves (its parent at the same level), so for superior and subordinate it counts as that
// body (市委办 → 东湖区委 is downward, 东湖区委办 → 市委办 upward). An office hung directly under a body of
// another level (the demo's 临江县委办 under 市委) serves no one but stands for itself. Otherwise the tree's
// parent links are the lines of subordination, as the deployment drew them: the demo puts 市政府 under 市委,
// so 市委办 → 市政府 reads as downward. Organs not in one line are peers at the same level and 'other' at
// different levels.

export interface OrgUnit {
  id: string;
  parentId: string | null;
  name: string;
  category: string;
  level: string;
  issuerCode: string | null;
}
interface OrgDepartment {
  id: string;
  unitId: string;
  name: string;
}
/** The part of the org tree a draft touches: its units with all their ancestors, and those ancestors' offices. */
export interface OrgSnapshot {
  units: OrgUnit[];
  departments: OrgDepartment[];
  /** Every unit by full and short name (for names typed in); the snapshot's own units when not given. */
  unitNames?: { name: string; shortName: string }[];
}

const OFFICE_CATEGORIES = ['党委办公室', '政府办公室'];
const BODY_CATEGORIES = ['党委', '政府'];
const MAX_DEPTH = 64;

const referenced = (draft: Draft) => [
  ...new Set(
    [...draft.issuers, ...draft.mainRecipients, ...draft.ccRecipients].map((r) => r.unitId).filter((id): id is string => !!id),
  ),
];

const categoryOf = (c: string) => ((UNIT_CATEGORIES as readonly string[]).includes(c) ? (c as OrganFacts['category']) : '其他');
const levelOf = (l: string) => ((UNIT_LEVELS as readonly string[]).includes(l) ? (l as OrganFacts['level']) : '乡');

/** Builds the context from a snapshot of the org tree (pure; resolveCheckContext reads the snapshot). */
export function buildCheckContext(org: OrgSnapshot, draft: Draft): CheckContext {
  const units = new Map(org.units.map((u) => [u.id, u]));
  const departments = new Map(org.departments.map((d) => [d.id, d]));
  /** The unit an id names: the unit itself, or a 内设机构's unit; null when the snapshot does not hold it. */
  const unitOf = (id: string | null) => {
    const u = id ? (departments.get(id)?.unitId ?? id) : null;
    return u && units.has(u) ? u : null;
  };

  const ancestors = (id: string): string[] => {
    const up: string[] = [];
    for (let cur = units.get(id)?.parentId; cur && units.has(cur) && up.length < MAX_DEPTH; cur = units.get(cur)?.parentId)
      up.push(cur);
    return up;
  };
  /** The 办公厅/室 of a 党委/政府: under it in the tree, at its level. */
  const isOfficeOf = (o: OrgUnit, body: OrgUnit) =>
    OFFICE_CATEGORIES.includes(o.category) &&
    BODY_CATEGORIES.includes(body.category) &&
    o.parentId === body.id &&
    o.level === body.level;
  /** The body an office serves, or the unit itself. */
  const serves = (id: string) => {
    const u = units.get(id)!;
    const p = u.parentId ? units.get(u.parentId) : undefined;
    return p && isOfficeOf(u, p) ? p.id : id;
  };
  const superiorRef = (id: string): SuperiorRef => ({
    unitId: id,
    name: units.get(id)!.name,
    officeIds: org.units.filter((u) => isOfficeOf(u, units.get(id)!)).map((u) => u.id),
  });
  const rank = (id: string) => (UNIT_LEVELS as readonly string[]).indexOf(units.get(id)!.level);

  const lead = unitOf(draft.issuers[0]?.unitId ?? null);
  const relate = (x: string): { relation: OrganRelation; skipped: SuperiorRef[] } => {
    if (!lead) return { relation: 'other', skipped: [] };
    if (x === lead) return { relation: 'self', skipped: [] };
    const [leadBody, xBody] = [serves(lead), serves(x)];
    const aboveLead = ancestors(leadBody);
    if (ancestors(lead).includes(x) || aboveLead.includes(xBody)) {
      // 越级 skips a level: the organs in between at a level strictly between the two (a 市直部门 writing to
      // 市委 passes 市政府 in the tree, but skips no level).
      const between = aboveLead.slice(0, Math.max(aboveLead.indexOf(xBody), 0));
      return {
        relation: 'superior',
        skipped: between.filter((s) => rank(s) > rank(xBody) && rank(s) < rank(leadBody)).map(superiorRef),
      };
    }
    if (ancestors(x).includes(lead) || ancestors(xBody).includes(leadBody)) return { relation: 'subordinate', skipped: [] };
    const sameLevel = xBody === leadBody || units.get(x)!.level === units.get(lead)!.level;
    return { relation: sameLevel ? 'peer' : 'other', skipped: [] };
  };

  const organs: Record<string, OrganFacts> = {};
  for (const id of referenced(draft)) {
    const uid = unitOf(id);
    if (!uid) continue; // not in this deployment's tree: the checks treat it as an outside organ
    const u = units.get(uid)!;
    const d = departments.get(id);
    organs[id] = {
      unitId: id,
      name: d ? d.name : u.name,
      category: categoryOf(u.category),
      level: levelOf(u.level),
      isDepartment: !!d,
      unitOf: d ? { unitId: u.id, name: u.name } : null,
      issuerCode: u.issuerCode,
      ...relate(uid),
    };
  }
  const above = lead ? units.get(serves(lead))?.parentId : null;
  return {
    organs,
    leadSuperior: above && units.has(above) ? superiorRef(above) : null,
    unitNames: org.unitNames ?? org.units.map((u) => ({ name: u.name, shortName: u.name })),
  };
}

const unitColumns = {
  id: unit.id,
  parentId: unit.parentId,
  name: unit.name,
  category: unit.category,
  level: unit.level,
  issuerCode: unit.issuerCode,
};

/** Reads the part of the org tree the draft touches and builds its check context. */
export async function resolveCheckContext(db: Queryable, draft: Draft): Promise<CheckContext> {
  const ids = referenced(draft);
  // Names typed in are compared with every unit's name (a few hundred rows at most), only when there are any.
  const typed = [...draft.mainRecipients, ...draft.ccRecipients].some((r) => r.kind === 'organ' && !r.unitId);
  const unitNames = typed
    ? await db.select({ name: unit.name, shortName: unit.shortName }).from(unit).where(isNull(unit.disabledAt))
    : [];
  if (ids.length === 0) return { organs: {}, leadSuperior: null, ...(typed ? { unitNames } : {}) };
  const departments = await db
    .select({ id: department.id, unitId: department.unitId, name: department.name })
    .from(department)
    .where(inArray(department.id, ids));
  const departmentIds = new Set(departments.map((d) => d.id));
  const units = new Map<string, OrgUnit>();
  // Walk up level by level: a handful of queries, whatever the engine.
  let frontier = [...new Set([...ids.filter((id) => !departmentIds.has(id)), ...departments.map((d) => d.unitId)])];
  for (let hops = 0; frontier.length && hops < MAX_DEPTH; hops++) {
    const rows = await db.select(unitColumns).from(unit).where(inArray(unit.id, frontier));
    for (const r of rows) units.set(r.id, r);
    frontier = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p && !units.has(p)))];
  }
  const offices = units.size
    ? await db
        .select(unitColumns)
        .from(unit)
        .where(and(inArray(unit.parentId, [...units.keys()]), inArray(unit.category, OFFICE_CATEGORIES)))
    : [];
  for (const o of offices) if (!units.has(o.id)) units.set(o.id, o);
  return buildCheckContext({ units: [...units.values()], departments, unitNames }, draft);
}

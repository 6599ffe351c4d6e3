import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type Queryable, type Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { assertWithinCeiling, rank } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { forbidden, invalid, notFound } from '../../platform/errors';
import { createItem, grantItemAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { stateName } from '../../platform/flow/states';
import { nextNumber } from '../../platform/numbering/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, post, unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { CreateSupervision } from '../../../contract/supervision';
import { cadenceOf, dueFrom, lightOf, needsReason, SOURCES, statutoryDue } from './policy';
import { lightSettings, type LightSettings } from './settings';
import { supervisionItem } from './schema';
import { task } from '../../platform/flow/schema';
import { FLOW } from './flow';
import { startFlow } from '../../platform/flow/engine';

export const SUPERVISION_KIND = 'supervision';
type Row = typeof supervisionItem.$inferSelect;
/** What a row shows of its item: the register reads these columns alone, not the whole row (its search text). */
type PresentedItem = Pick<
  typeof item.$inferSelect,
  'id' | 'kind' | 'state' | 'registryNo' | 'title' | 'classification' | 'owningUnitId' | 'dueDate' | 'closedAt'
>;

/** 督查室: the supervisors of the office (a grant on the unit or above it). */
function assertSupervisor(actor: Actor) {
  if (!actor.unitId || !hasRoleOver(actor, 'supervisor', actor.unitId)) throw forbidden('只有本单位督查人员可以立项');
}

/** The registry number as people write it: 督〔2026〕12号 (full year, no leading zeros, like a 文号). */
const supervisionNo = (year: number, seq: number) => `督〔${year}〕${seq}号`;

/** The checks of 立项 that need the database: the units and the leader exist. */
async function checkParties(tx: Tx, input: CreateSupervision) {
  if (input.assistingUnitIds.includes(input.leadUnitId)) throw invalid('主办单位不能同时是协办单位');
  if (new Set(input.assistingUnitIds).size !== input.assistingUnitIds.length) throw invalid('协办单位重复');
  const ids = [input.leadUnitId, ...input.assistingUnitIds];
  const found = await tx.select({ id: unit.id, disabledAt: unit.disabledAt }).from(unit).where(inArray(unit.id, ids));
  if (found.length !== ids.length) throw invalid('承办单位不存在');
  if (found.some((u) => u.disabledAt)) throw invalid('承办单位已停用');
  if (input.leaderPersonId) {
    // 责任领导: someone holding a leader's post now, cleared for what the item is marked.
    const [p] = await tx
      .select({ name: person.name, clearance: person.clearance })
      .from(person)
      .innerJoin(post, and(eq(post.personId, person.id), eq(post.isLeader, true), isNull(post.endedAt)))
      .where(eq(person.id, input.leaderPersonId))
      .limit(1);
    if (!p) throw invalid('责任领导须为在任的领导');
    if (rank(p.clearance as Classification) < rank(input.classification))
      throw invalid(`${p.name}的涉密等级低于该事项的密级“${input.classification}”，不能作为责任领导`);
  }
}

/**
 * 重点 items are approved before 交办 by the 督查室主任 or the secretary-general (issue §1): someone holding a leading
 * post (领导职务) in the office now — of the office itself or of one of its sections.
 */
async function checkApprover(tx: Tx, input: CreateSupervision, officeUnitId: string) {
  if (!input.approverId) throw invalid('重点事项须选择审批人（督查室主任或秘书长）');
  const [p] = await tx
    .select({ name: person.name, clearance: person.clearance })
    .from(person)
    .innerJoin(
      post,
      and(eq(post.personId, person.id), eq(post.isLeader, true), isNull(post.endedAt), eq(post.unitId, officeUnitId)),
    )
    .where(and(eq(person.id, input.approverId), isNull(person.disabledAt)))
    .limit(1);
  if (!p) throw invalid('审批人须为本单位在任的领导（督查室主任或秘书长）');
  if (rank(p.clearance as Classification) < rank(input.classification))
    throw invalid(`${p.name}的涉密等级低于该事项的密级“${input.classification}”，不能审批`);
}

/** 人大代表建议 and 政协提案, and only they, run on the statutory clock (代表法 Art.51; DOMAIN §6.1). */
function checkStatutory(input: CreateSupervision) {
  if (input.source === 'npcCppcc' && !input.statutory)
    throw invalid('人大代表建议、政协提案须注明是建议还是提案（法定办理期限）');
  if (input.statutory && input.source !== 'npcCppcc') throw invalid('只有人大代表建议、政协提案适用法定办理期限');
  if (input.difficult && !input.statutory) throw invalid('“办理难度大”只用于人大代表建议、政协提案');
}

/** The due date: a date given (not before today), or N working days from today on the official calendar. */
function dueDateOf(ctx: RequestContext, input: CreateSupervision, today: string) {
  const due =
    'date' in input.deadline
      ? input.deadline.date
      : dueFrom(today, { days: input.deadline.workdays, unit: 'working' }, ctx.cal).date;
  if (due < today) throw invalid(`办理期限 ${due} 早于今天（${today}）`);
  if (input.statutory) {
    // 代表法 Art.51: reply within 3 months of 交办, 6 for broad or difficult items; the limit counts from 立项 here.
    const limit = statutoryDue(today, input.difficult);
    if (due > limit)
      throw invalid(`${input.statutory === 'npc' ? '人大代表建议' : '政协提案'}的办理期限不能晚于 ${limit}（法定期限）`);
  }
  return due;
}

/**
 * 立项 by the 督查室 (DOMAIN §6.3): the item with its 督办编号 from the office's register (gapless, per year), the
 * responsible leader given the item to read, all in one transaction with its audit event.
 */
export async function createSupervision(
  tx: Tx,
  ctx: RequestContext,
  input: CreateSupervision,
  from: { instructedByPersonId: string | null } = { instructedByPersonId: null },
) {
  const { actor, now } = ctx;
  assertSupervisor(actor);
  assertWithinCeiling(input.classification, ctx.ceiling);
  // Nobody marks an item above what they may read themselves.
  if (rank(input.classification) > rank(actor.clearance))
    throw forbidden(`密级“${input.classification}”超出您的涉密等级（${actor.clearance}）`);
  if (needsReason(cadenceOf(input.cadence)) && !input.cadenceReason)
    throw invalid('报告频次高于每周一次的，须写明理由（基层减负）');
  checkStatutory(input);
  const today = chinaToday(now);
  const dueDate = dueDateOf(ctx, input, today);
  await checkParties(tx, input);
  if (input.category === 'key') await checkApprover(tx, input, actor.unitId!);
  else if (input.approverId) throw invalid('一般事项无需审批，请不要选择审批人');
  const officeUnitId = actor.unitId!;
  const year = Number(today.slice(0, 4));
  const seq = await nextNumber(tx, `supervision:${officeUnitId}`, year, now);
  const registryNo = supervisionNo(year, seq);
  const itemId = await createItem(tx, ctx, {
    kind: SUPERVISION_KIND,
    title: input.title,
    classification: input.classification,
    owningUnitId: officeUnitId,
    owningDepartmentId: actor.departmentId,
    state: 'registered',
    dueDate,
    registryNo,
    searchText: [registryNo, input.sourceText ?? '', input.requirement],
  });
  await tx.insert(supervisionItem).values({
    itemId,
    officeUnitId,
    year,
    seq,
    source: input.source,
    sourceText: input.sourceText,
    requirement: input.requirement,
    leadUnitId: input.leadUnitId,
    assistingUnitIds: input.assistingUnitIds,
    leaderPersonId: input.leaderPersonId,
    category: input.category,
    cadence: input.cadence,
    cadenceReason: input.cadenceReason,
    statutory: input.statutory,
    difficult: input.difficult,
    deadlineWorkdays: 'workdays' in input.deadline ? input.deadline.workdays : null,
    openedOn: today,
    originalDueDate: dueDate,
    instructedByPersonId: from.instructedByPersonId,
    createdByPersonId: actor.personId,
    createdAt: now,
  });
  if (input.leaderPersonId)
    await grantItemAccess(tx, itemId, { type: 'person', id: input.leaderPersonId }, '责任领导', ctx.audit, now);
  // 重点: to its approver first; 一般: to the 督查室 for 交办.
  if (input.category === 'key') await startFlow(tx, ctx, itemId, FLOW.key, { personIds: [input.approverId!] });
  else await startFlow(tx, ctx, itemId, FLOW.ordinary);
  await recordEvent(tx, ctx.audit, now, {
    action: 'supervision.create',
    targetType: 'item',
    targetId: itemId,
    unitId: officeUnitId,
    summary: {
      registryNo,
      source: input.source,
      category: input.category,
      leadUnitId: input.leadUnitId,
      assistingUnitIds: input.assistingUnitIds,
      dueDate,
    },
  });
  return { itemId, registryNo, dueDate };
}

/** The names of these units and people, in one statement (ids are random uuids: a unit's never equals a person's). */
async function namesOf(db: Queryable, unitIds: string[], personIds: string[]) {
  if (!unitIds.length && !personIds.length) return new Map<string, string>();
  const rows = rowsOf<{ id: string; name: string }>(
    await db.execute(sql`select id, name from unit where id = any(${sql.param(unitIds)}::uuid[])
      union all select id, name from person where id = any(${sql.param(personIds)}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function present(
  db: Queryable,
  rows: { s: Row; it: PresentedItem; late?: boolean }[],
  today: string,
  ctx: RequestContext,
  settings: LightSettings,
) {
  const names = await namesOf(
    db,
    [...new Set(rows.flatMap((r) => [r.s.leadUnitId, ...r.s.assistingUnitIds]))],
    [...new Set(rows.map((r) => r.s.leaderPersonId).filter((x): x is string => !!x))],
  );
  const ref = (id: string) => ({ id, name: names.get(id) ?? '' });
  return rows.map(({ s, it, late }) => ({
    itemId: it.id,
    registryNo: it.registryNo ?? supervisionNo(s.year, s.seq),
    title: it.title,
    source: s.source,
    sourceName: SOURCES[s.source].name,
    sourceText: s.sourceText,
    requirement: s.requirement,
    leadUnit: ref(s.leadUnitId),
    assistingUnits: s.assistingUnitIds.map(ref),
    leader: s.leaderPersonId ? { id: s.leaderPersonId, name: names.get(s.leaderPersonId) ?? '' } : null,
    category: s.category,
    classification: it.classification as ItemView['classification'],
    cadence: s.cadence,
    cadenceReason: s.cadenceReason,
    statutory: s.statutory ?? null,
    difficult: s.difficult,
    openedOn: s.openedOn,
    dueDate: it.dueDate!,
    state: stateName(it.kind, it.state),
    stateKey: it.state,
    light: lightOf(
      { dueDate: it.dueDate!, closedAt: it.closedAt, progressOverdue: late ?? false },
      today,
      ctx.cal,
      settings.of(it.owningUnitId),
    ),
    createdBy: s.createdByPersonId,
    originalDueDate: s.originalDueDate,
    redoCount: s.redoCount,
    withdrawnReason: s.withdrawnReason,
  }));
}

/** One item for whoever the kernel let read it. */
export async function getSupervision(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const [row] = await tx
    .select({ s: supervisionItem, it: item })
    .from(supervisionItem)
    .innerJoin(item, eq(item.id, supervisionItem.itemId))
    .where(eq(supervisionItem.itemId, base.id));
  if (!row) throw notFound('督办事项');
  const today = chinaToday(ctx.now);
  // A report overdue turns the light yellow, as the register counts it (register.ts).
  const [late] = await tx
    .select({ id: task.id })
    .from(task)
    .where(and(eq(task.itemId, base.id), eq(task.stepKey, 'handle'), eq(task.state, 'open'), lt(task.progressDueDate, today)))
    .limit(1);
  return (await present(tx, [{ ...row, late: Boolean(late) }], today, ctx, await lightSettings(tx)))[0]!;
}

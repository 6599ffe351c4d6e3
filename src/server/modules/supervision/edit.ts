import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { rank } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { grantItemAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { task } from '../../platform/flow/schema';
import { notifyPeople, signalChanged } from '../../platform/notify/service';
import { searchTokens } from '../../platform/search/tokenize';
import { person, post } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { EditSupervision } from '../../../contract/supervision';
import { cadenceOf, needsReason } from './policy';
import { supervisionItem } from './schema';

// 修改督办事项 (issue 16 §2: after a 退办 the 督查室 "reassigns, edits or closes with a reason"): the title, source,
// requirement, 责任领导 and 报告周期 change with the reason on record; the people working on it are told.

const OPEN_STATES_ONLY = new Set(['closed', 'withdrawn', 'declined']);

export async function editSupervision(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: EditSupervision) {
  if (!hasRoleOver(ctx.actor, 'supervisor', base.owningUnitId)) throw forbidden('只有本单位督查人员可以修改督办事项');
  const [s] = await tx.select().from(supervisionItem).where(eq(supervisionItem.itemId, base.id)).for('update');
  if (!s) throw conflict('督办事项不存在');
  if (OPEN_STATES_ONLY.has(base.stateKey)) throw conflict(`该事项${base.state}，不能再修改`);
  const { reason, ...changes } = input;
  const cadence = changes.cadence ?? s.cadence;
  const cadenceReason = changes.cadenceReason !== undefined ? changes.cadenceReason : s.cadenceReason;
  if (needsReason(cadenceOf(cadence)) && !cadenceReason) throw invalid('报告频次高于每周一次的，须写明理由（基层减负）');
  if (changes.leaderPersonId) {
    const [p] = await tx
      .select({ name: person.name, clearance: person.clearance })
      .from(person)
      .innerJoin(post, and(eq(post.personId, person.id), eq(post.isLeader, true), isNull(post.endedAt)))
      .where(eq(person.id, changes.leaderPersonId))
      .limit(1);
    if (!p) throw invalid('责任领导须为在任的领导');
    if (rank(p.clearance as Classification) < rank(base.classification))
      throw invalid(`${p.name}的涉密等级低于该事项的密级“${base.classification}”，不能作为责任领导`);
  }
  const before = {
    title: base.title,
    sourceText: s.sourceText,
    requirement: s.requirement,
    leaderPersonId: s.leaderPersonId,
    cadence: s.cadence,
    cadenceReason: s.cadenceReason,
  };
  const after = { ...before, ...changes, cadence, cadenceReason };
  await tx
    .update(supervisionItem)
    .set({
      sourceText: after.sourceText,
      requirement: after.requirement,
      leaderPersonId: after.leaderPersonId,
      cadence: after.cadence,
      cadenceReason: after.cadenceReason,
    })
    .where(eq(supervisionItem.itemId, base.id));
  await tx
    .update(item)
    .set({
      title: after.title,
      searchTokens: searchTokens(after.title, base.registryNo, after.sourceText, after.requirement),
      updatedAt: ctx.now,
    })
    .where(eq(item.id, base.id));
  // A new 责任领导 reads the item as the first did (the old grant stays: what they read is on record).
  if (changes.leaderPersonId && changes.leaderPersonId !== s.leaderPersonId)
    await grantItemAccess(tx, base.id, { type: 'person', id: changes.leaderPersonId }, '责任领导', ctx.audit, ctx.now);
  // Compared as values, not as JSON text: jsonb hands the stored cadence back with its keys in its own order
  // ({day, kind}), so the cadence sent again as it stands would otherwise be recorded as a change.
  const changed = Object.fromEntries(
    Object.entries(after).filter(([k, v]) => !isDeepStrictEqual(v, before[k as keyof typeof before])),
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'supervision.edit',
    targetType: 'item',
    targetId: base.id,
    summary: {
      reason,
      before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])),
      after: changed,
    },
  });
  const holders = await tx
    .selectDistinct({ personId: task.assigneePersonId })
    .from(task)
    .where(and(eq(task.itemId, base.id), inArray(task.state, ['open', 'waiting'])));
  const told = holders.map((h) => h.personId).filter((p) => p !== ctx.actor.personId);
  await notifyPeople(
    tx,
    told.map((personId) => ({
      personId,
      kind: 'task' as const,
      message: `督办事项${base.registryNo ?? ''}《${after.title}》已修改：${reason}`,
      itemId: base.id,
      fromPersonId: ctx.actor.personId,
    })),
    ctx.now,
  );
  await signalChanged(tx, told);
  return { changed: Object.keys(changed) };
}

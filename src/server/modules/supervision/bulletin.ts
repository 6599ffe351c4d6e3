import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { conflict, DomainError, forbidden } from '../../platform/errors';
import { readItem, type Authorized, type ItemView } from '../../platform/items/service';
import type { EscalationAct } from '../../platform/modules/registry';
import { itemLink, task } from '../../platform/flow/schema';
import { supervisorsOf } from '../../platform/flow/resolve';
import { notifyPeople, signalChanged } from '../../platform/notify/service';
import type { Classification } from '../../../contract/common';
import { supervisionItem } from './schema';
import { post } from '../../org/schema';
import { chinaToday } from '../../platform/workbench/service';
import { getSupervision } from './service';
import { deriveItem } from '../../platform/flow/links';
import { supervisionFigures, type FigureRow } from './figures';

// 督查通报 (issue 16 §7) and 督办函 (§5): for a period, a draft circular in the outgoing module's drafting step — made through the
// kernel, as a 发文 draft the 督查室 then edits, has checked and signed as any other — with the counts by unit and by
// source and the overdue list, the same figures as the 效能 page and the register.

const pct = (r: number | null) => (r === null ? '—' : `${r}%`);
const cn = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

/** One line of counts, in the words of a 通报. */
function countsLine(r: FigureRow) {
  return (
    `立项${r.opened}件，办结${r.closed}件；期内到期${r.due}件，办结率${pct(r.closeRate)}，按期办结率${pct(r.onTimeRate)}；` +
    `批准延期${r.extensions}件，超期${r.overdue}件，退回重办率${pct(r.redoRate)}。`
  );
}

/** The 通报's paragraphs from the period's figures. */
function bulletinBody(f: Awaited<ReturnType<typeof supervisionFigures>>): string[] {
  const lines = [
    `现将${cn(f.period.from)}至${cn(f.period.to)}督查督办工作情况通报如下。`,
    '一、总体情况',
    `${cn(f.period.from)}至${cn(f.period.to)}，共${countsLine(f.total)}`,
    '二、各承办单位办理情况',
    ...f.byUnit.map((u) => `${u.unit.name}：${countsLine(u)}`),
    '三、各类来源事项办理情况',
    ...f.bySource.map((s) => `${s.sourceName}：${countsLine(s)}`),
    '四、超期事项',
  ];
  if (!f.overdue.length) lines.push('本期无超期事项。');
  for (const [i, o] of f.overdue.entries())
    lines.push(
      `${i + 1}. ${o.registryNo}《${o.title}》，主办单位${o.leadUnit.name}，办理期限${cn(o.deadline)}，` +
        (o.closedOn ? `${cn(o.closedOn)}办结。` : `截至${cn(f.asOf)}尚未办结。`),
    );
  lines.push('请各有关单位对照通报情况，认真抓好落实，按期办结，及时报送办理情况。');
  return lines;
}

/** Opens the 督查通报 for the period as a 发文 draft of the 督查室 member asking, on their workbench. */
export async function draftBulletin(tx: Tx, ctx: RequestContext, p: { from: string; to: string }) {
  const a = ctx.actor;
  if (!a.unitId || !hasRoleOver(a, 'supervisor', a.unitId)) throw forbidden('只有本单位督查人员可以起草督查通报');
  const figures = await supervisionFigures(tx, ctx, p);
  const made = await deriveItem(tx, ctx, 'outgoing', {
    source: null,
    link: null,
    fields: {
      title: `关于${cn(p.from)}至${cn(p.to)}督查督办工作情况的通报`,
      genre: '通报',
      body: bulletinBody(figures),
      // 主送: the units the figures are about (条例 Art.9(八): a 通报 has its 主送机关).
      mainRecipients: figures.byUnit.length ? figures.byUnit.map((u) => u.unit.name) : ['各有关单位'],
      classification: '内部',
    },
  });
  return { itemId: made.itemId, figures };
}

/**
 * 督办函 (issue 16 §5: the last level of escalation): the 督查室 drafts a letter to the lead unit of an item that is late
 * — overdue, or a report missed — as a 函 draft of the outgoing module, linked to the item, on the drafter's desk.
 */
export async function draftUrgingLetter(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const a = ctx.actor;
  if (!hasRoleOver(a, 'supervisor', base.owningUnitId)) throw forbidden('只有本单位督查人员可以起草督办函');
  const s = await getSupervision(tx, ctx, base);
  if (s.stateKey === 'closed' || s.stateKey === 'withdrawn' || s.stateKey === 'declined')
    throw conflict('该事项已不在办理中，无需督办函');
  if (s.light === 'green') throw conflict('该事项未超期、未逾期报告，暂不需要督办函');
  const late = s.dueDate < chinaToday(ctx.now);
  const made = await deriveItem(tx, ctx, 'outgoing', {
    source: base,
    link: 'urges',
    fields: {
      title: `关于督促办理${s.registryNo}事项的函`,
      genre: '函',
      mainRecipients: [s.leadUnit.name],
      body: [
        `${s.leadUnit.name}：`,
        `${cn(s.openedOn)}，我办以${s.registryNo}交你单位牵头办理“${s.title}”，要求${cn(s.dueDate)}前办结并报送办结报告。` +
          (late ? `目前该事项已超过办理期限，尚未办结。` : `目前该事项进展情况报告已逾期未报。`),
        `督办要求：${s.requirement}`,
        '请你单位高度重视，抓紧办理，于收到本函后3个工作日内书面报告办理进展、存在问题及办结时限。',
        '特此函达。',
      ],
      classification: s.classification,
    },
  });
  return { itemId: made.itemId };
}

/** Where the 督办函 of an item stands as a draft: a letter linked to it (`urges`) with someone still working on it. */
async function letterUnderWay(tx: Tx, itemId: string) {
  const [row] = await tx
    .select({ id: itemLink.fromItemId })
    .from(itemLink)
    .innerJoin(task, and(eq(task.itemId, itemLink.fromItemId), inArray(task.state, ['open', 'waiting'])))
    .where(and(eq(itemLink.toItemId, itemId), eq(itemLink.kind, 'urges')))
    .limit(1);
  return !!row;
}

/**
 * 督办函 at the last level of a missed report's escalation (`flow.ts`, issue 16 §5: holder → the unit's leader → the
 * 督查室, then a 督办函 draft): drafted on the desk of whoever opened the item — or, if they no longer supervise the
 * office, of its first supervisor cleared for the item — who is told; never a second while one is still being drafted
 * or approved. The draft is theirs to correct, have checked and sign like any 发文; nothing is sent by itself.
 */
export const urgingLetterOnEscalation: EscalationAct = async (tx, e) => {
  if (e.item.closedAt || (await letterUnderWay(tx, e.item.id))) return;
  const [s] = await tx
    .select({ openedBy: supervisionItem.createdByPersonId })
    .from(supervisionItem)
    .where(eq(supervisionItem.itemId, e.item.id));
  const supervisors = (await supervisorsOf(tx, e.item.owningUnitId, e.item.classification as Classification))
    .map((p) => p.personId)
    .sort();
  for (const personId of [...new Set([...(s ? [s.openedBy] : []), ...supervisors])]) {
    // Drafted in the office: as the post they hold there (their default post may be elsewhere), if they still do.
    const [inOffice] = await tx
      .select({ id: post.id })
      .from(post)
      .where(and(eq(post.personId, personId), eq(post.unitId, e.item.owningUnitId), isNull(post.endedAt)))
      .orderBy(desc(post.isPrimary), post.sortOrder)
      .limit(1);
    const ctx = inOffice ? await e.actAs(personId, inOffice.id) : null;
    if (!ctx || !hasRoleOver(ctx.actor, 'supervisor', e.item.owningUnitId)) continue;
    // One no longer cleared for the item (or otherwise refused it) is passed over for the next, not a failed job.
    const base = await readItem(tx, ctx, e.item.id).catch((err: unknown) => {
      if (err instanceof DomainError) return null;
      throw err;
    });
    if (!base) continue;
    const made = await draftUrgingLetter(tx, ctx, base);
    await notifyPeople(
      tx,
      [
        {
          personId,
          kind: 'task',
          message: `督办事项${e.item.registryNo ?? ''}《${e.item.title}》的进展报告（应于 ${e.period} 报送）逾期未报，已为你起草督办函，请核改后按发文办理`,
          itemId: made.itemId,
        },
      ],
      e.now,
    );
    await signalChanged(tx, [personId]);
    return;
  }
};

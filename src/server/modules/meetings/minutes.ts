import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid } from '../../platform/errors';
import { deriveItem } from '../../platform/flow/links';
import type { Authorized, ItemView } from '../../platform/items/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, unit } from '../../org/schema';
import type { outgoingDraftSeedSchema } from '../../../contract/outgoing';
import type { TopicResult } from '../../../contract/meetings-minutes';
import { checkInsOf } from './checkin';
import { repliesOf } from './notice';
import { kindOf } from './kinds';
import { loadMeeting, plansFor } from './meetings';
import { decisionsOf, heldOrOver } from './decisions';
import { agendaTopics, minutesInForce, recordsOf } from './record';
import { meetingMinutes, meetingParticipant } from './schema';
import { minutesSigner } from './kind-settings';
import { refuseCancelled } from './cancelled';

// 纪要 (issue 17 item 7, DOMAIN §11.5, §2.7; GB/T 9704 §10.3): the office's registrar drafts it once the meeting was
// held, as a 发文 draft made through the kernel (`deriveItem('outgoing', …)`) and linked to the meeting (`minutesOf`):
// 文种 纪要 in the 纪要格式, its 版头 the organ's name and the kind's series (中共江州市委常委会议纪要), the body the main
// proceedings topic by topic and the 议定事项, and the 出席/请假/列席 lines, naming the signer the kind's rule gives
// (kind-settings.ts `minutesSigner`). From there it is the 发文 module's document: edited, signed off (审核 offers the
// named signer), numbered in the series and distributed as any other. Refused while a decision lacks a
// lead unit or a due date; one 纪要 in force per meeting.

/**
 * The 纪要's 出席/请假/列席 lines (GB/T 9704 §10.3) from what happened, not from the plan: 出席 the members who checked
 * in, in protocol order; 请假 the members the chair gave leave (回执) who did not come; 列席 the sit-ins who checked in,
 * and whoever came in a sit-in's place. A member neither here nor on approved leave is absent (缺席) and on no line.
 */
async function attendanceLines(db: Queryable, meetingItemId: string) {
  const came = await checkInsOf(db, meetingItemId);
  const here = new Set(came.map((c) => c.personId));
  const replies = await repliesOf(db, meetingItemId);
  const members = await db
    .select({ personId: meetingParticipant.personId, name: person.name })
    .from(meetingParticipant)
    .innerJoin(person, eq(person.id, meetingParticipant.personId))
    .where(and(eq(meetingParticipant.meetingItemId, meetingItemId), eq(meetingParticipant.role, 'member')))
    .orderBy(asc(meetingParticipant.position));
  const memberIds = new Set(members.map((m) => m.personId));
  return {
    present: came
      .filter((c) => c.role === 'member' && memberIds.has(c.personId))
      .map((c) => c.name)
      .join('、'),
    absent: members
      .filter((m) => !here.has(m.personId) && replies.get(m.personId)?.leave === 'approved')
      .map((m) => m.name)
      .join('、'),
    observers: came
      .filter((c) => c.role === 'sitIn' || (c.role === 'member' && !memberIds.has(c.personId)))
      .map((c) => c.name)
      .join('、'),
  };
}

const RESULT_WORDS: Record<TopicResult, string> = {
  passed: '会议审议通过。',
  passedInPrinciple: '会议原则通过，请有关单位根据会议意见修改完善后按程序办理。',
  rejected: '会议审议未予通过。',
  restudy: '会议决定，该议题进一步研究后再提交会议审议。',
  deferred: '会议决定，该议题暂缓审议。',
};

const NUMERALS = '一二三四五六七八九十';
const numeral = (n: number) =>
  n <= 10
    ? NUMERALS[n - 1]!
    : n < 20
      ? `十${NUMERALS[n - 11] ?? ''}`
      : `${NUMERALS[Math.floor(n / 10) - 1]}十${NUMERALS[(n % 10) - 1] ?? ''}`;

const dateWords = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** The organ whose meeting it is: the office's parent unit (中共江州市委), else the office's name without 办公室/办公厅. */
async function organOf(db: Queryable, officeUnitId: string) {
  const [office] = await db.select({ name: unit.name, parentId: unit.parentId }).from(unit).where(eq(unit.id, officeUnitId));
  const [parent] = office?.parentId ? await db.select({ name: unit.name }).from(unit).where(eq(unit.id, office.parentId)) : [];
  return parent?.name ?? (office?.name ?? '').replace(/办公[室厅]$/u, '');
}

type Seed = z.input<typeof outgoingDraftSeedSchema>;

/** The 纪要's draft: its header from the kind's series, the proceedings topic by topic, the decisions, attendance. */
async function minutesSeed(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>): Promise<Seed> {
  const m = await loadMeeting(tx, base);
  const kind = await kindOf(tx, m.officeUnitId, m.meetingKind);
  const organ = await organOf(tx, m.officeUnitId);
  const [chair] = await tx.select({ name: person.name }).from(person).where(eq(person.id, m.chairPersonId));
  const topics = await agendaTopics(tx, ctx, m.itemId);
  const records = await recordsOf(
    tx,
    m.itemId,
    topics.map((t) => t.topicItemId),
  );
  const decisions = await decisionsOf(tx, m.itemId);
  const subject = (title: string) => title.replace(/的议题$/u, '');
  const body: string[] = [
    `${dateWords(chinaToday(m.startsAt))}，${chair?.name ?? ''}同志在${m.place}主持召开${base.title}，` +
      (topics.length ? `研究了${topics.map((t) => subject(t.fullTitle)).join('；')}等事项。` : '') +
      '现纪要如下：',
  ];
  topics.forEach((t, i) => {
    const r = records.get(t.topicItemId);
    body.push(`${numeral(i + 1)}、${subject(t.fullTitle)}`);
    body.push([r?.summary, r ? RESULT_WORDS[r.result] : null].filter(Boolean).join(''));
  });
  if (decisions.length) {
    body.push(`${numeral(topics.length + 1)}、议定事项`);
    for (const d of decisions) {
      const parts = [
        `牵头单位：${d.leadUnit?.name ?? ''}`,
        ...(d.assistingUnits.length ? [`协办单位：${d.assistingUnits.map((u) => u.name).join('、')}`] : []),
        ...(d.leader ? [`责任领导：${d.leader.name}`] : []),
        `完成时限：${d.row.dueDate ? dateWords(d.row.dueDate) : ''}`,
      ];
      body.push(`（${numeral(d.row.seq)}）${d.row.text.replace(/[。；]$/u, '')}。（${parts.join('；')}）`);
    }
  }
  return {
    title: '',
    genre: '纪要',
    format: 'minutes',
    headerName: `${organ}${kind.minutes.series}`,
    body,
    classification: base.classification,
    attendance: await attendanceLines(tx, m.itemId),
    // 签发 per the kind's rule for the office (the chair of a 常委会议 …): 审核 sends the draft to them.
    signer: await minutesSigner(tx, m, kind),
  };
}

/**
 * The office's registrar drafts the 纪要 once the meeting was held: refused while a decision lacks a lead unit or a
 * due date, or while a 纪要 of the meeting is in force. The draft is theirs at 拟稿 in the 发文 pages.
 */
export async function draftMinutes(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base, true);
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以起草纪要');
  refuseCancelled(m);
  if (!heldOrOver(base, m, ctx.now)) throw conflict('会议结束后方可起草纪要');
  if (await minutesInForce(tx, m.itemId)) throw conflict('本次会议已起草纪要；原纪要撤销后方可重新起草');
  const decisions = await decisionsOf(tx, m.itemId);
  const missing = decisions.filter((d) => !d.row.leadUnitId || !d.row.dueDate);
  if (missing.length)
    throw invalid(
      `议定事项${missing.map((d) => `第 ${d.row.seq} 项`).join('、')}未明确${[
        ...new Set(missing.flatMap((d) => [...(d.row.leadUnitId ? [] : ['牵头单位']), ...(d.row.dueDate ? [] : ['完成时限'])])),
      ].join('和')}，不能起草纪要`,
    );
  const seed = await minutesSeed(tx, ctx, base);
  const made = await deriveItem(tx, ctx, 'outgoing', { source: base, link: 'minutesOf', fields: seed });
  await tx
    .insert(meetingMinutes)
    .values({ outgoingItemId: made.itemId, meetingItemId: m.itemId, draftedByPersonId: ctx.actor.personId, draftedAt: ctx.now });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.minutes.draft',
    targetType: 'item',
    targetId: m.itemId,
    summary: { outgoingItemId: made.itemId, decisions: decisions.length, signer: seed.signer?.personId ?? null },
  });
  return { itemId: made.itemId };
}

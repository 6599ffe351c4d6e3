import { and, count, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver } from '../../platform/access/actor';
import { forbidden, invalid } from '../../platform/errors';
import { item } from '../../platform/items/schema';
import { chinaToday } from '../../platform/workbench/service';
import { post, unit } from '../../org/schema';
import type { z } from 'zod';
import type { meetingStatisticsSchema } from '../../../contract/meetings';
import { MEETING_KINDS } from './kinds';
import { meeting, meetingAgendaItem, meetingDecision, meetingMinutes } from './schema';
import { minutesInForce } from './record';

// 年度统计 (DOMAIN §11.9; issue 17 item 10): for an office and a year, the meetings held by kind, the topics they studied,
// the 纪要 issued, and the 议定事项 with their 办结率 and 按期办结率 — each from the records, the same figures for the
// year before, and the change in the number of meetings. A 议定事项 is closed when the 督办 item it became is 销号
// (the kernel's `closed` state); on time when that day is not after the item's due date (after any approved 延期).

type Figures = z.output<typeof meetingStatisticsSchema>['current'];

/** Who reads an office's figures: its registrars, its supervisors (督查室) and its leaders (秘书长, 副秘书长 …). */
async function readsFigures(db: Queryable, ctx: RequestContext, officeUnitId: string) {
  const a = ctx.actor;
  if (hasRoleOver(a, 'registrar', officeUnitId) || hasRoleOver(a, 'supervisor', officeUnitId)) return true;
  const [leader] = await db
    .select({ id: post.id })
    .from(post)
    .where(and(eq(post.personId, a.personId), eq(post.unitId, officeUnitId), eq(post.isLeader, true), isNull(post.endedAt)));
  return !!leader;
}

async function figuresOf(db: Queryable, ctx: RequestContext, officeUnitId: string, year: number): Promise<Figures> {
  // Held: convened (its agenda fixed by the chair) and started by now — a plan never fixed, or a meeting still to come
  // this year, is not counted.
  const held = await db
    .select({ itemId: meeting.itemId, kind: meeting.meetingKind })
    .from(meeting)
    .where(
      and(
        eq(meeting.officeUnitId, officeUnitId),
        eq(meeting.year, year),
        lte(meeting.startsAt, ctx.now),
        isNotNull(meeting.agendaFixedAt),
        // A meeting called off was never held.
        isNull(meeting.cancelledAt),
      ),
    );
  const ids = held.map((m) => m.itemId);
  const byKind = Object.values(MEETING_KINDS)
    .map((k) => ({ kind: k.key, name: k.name, count: held.filter((m) => m.kind === k.key).length }))
    .filter((k) => k.count > 0);
  const empty = { decisions: 0, supervised: 0, closed: 0, closedOnTime: 0, closedRate: null, onTimeRate: null };
  if (!ids.length) return { year, byKind, meetings: 0, topics: 0, minutes: 0, ...empty };
  const [topics] = await db
    .select({ n: count() })
    .from(meetingAgendaItem)
    .where(and(inArray(meetingAgendaItem.meetingItemId, ids), eq(meetingAgendaItem.state, 'planned')));
  // A 纪要 counts once it is numbered (编号): the one in force of each meeting.
  const drafted = await db
    .selectDistinct({ meetingItemId: meetingMinutes.meetingItemId })
    .from(meetingMinutes)
    .where(inArray(meetingMinutes.meetingItemId, ids));
  let minutes = 0;
  for (const d of drafted) {
    const inForce = await minutesInForce(db, d.meetingItemId);
    if (!inForce) continue;
    const [it] = await db.select({ no: item.registryNo }).from(item).where(eq(item.id, inForce.itemId));
    if (it?.no) minutes += 1;
  }
  const decisions = await db
    .select({
      supervised: sql<boolean>`${meetingDecision.supervisionItemId} is not null`,
      state: item.state,
      closedAt: item.closedAt,
      dueDate: item.dueDate,
    })
    .from(meetingDecision)
    .leftJoin(item, eq(item.id, meetingDecision.supervisionItemId))
    .where(inArray(meetingDecision.meetingItemId, ids));
  const closed = decisions.filter((d) => d.state === 'closed' && d.closedAt);
  const onTime = closed.filter((d) => d.dueDate && chinaToday(d.closedAt!) <= d.dueDate);
  const n = decisions.length;
  return {
    year,
    byKind,
    meetings: held.length,
    topics: topics?.n ?? 0,
    minutes,
    decisions: n,
    supervised: decisions.filter((d) => d.supervised).length,
    closed: closed.length,
    closedOnTime: onTime.length,
    closedRate: n ? closed.length / n : null,
    onTimeRate: n ? onTime.length / n : null,
  };
}

/** The office's figures for `year` and the year before. */
export async function meetingStatistics(db: Queryable, ctx: RequestContext, officeUnitId: string, year: number) {
  const [office] = await db.select({ id: unit.id, name: unit.name }).from(unit).where(eq(unit.id, officeUnitId));
  if (!office) throw invalid('请选择办公厅（室）');
  if (!(await readsFigures(db, ctx, office.id))) throw forbidden('只有本办公厅（室）的登记人员、督查人员和领导可以查看会议统计');
  const current = await figuresOf(db, ctx, office.id, year);
  const previous = await figuresOf(db, ctx, office.id, year - 1);
  return {
    office,
    current,
    previous,
    meetingsChange: previous.meetings ? (current.meetings - previous.meetings) / previous.meetings : null,
  };
}

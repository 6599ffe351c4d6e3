import { and, count, eq, isNull, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, isAdministrator } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { forbidden, invalid } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, unit } from '../../org/schema';
import type { CreateMeeting, MeetingKind } from '../../../contract/meetings';
import type { SetPolicy } from '../../../contract/meetings-materials';
import { MEETING_KINDS } from './kinds';
import { meeting, meetingAgendaItem, meetingAgendaOverride, meetingPolicy, meetingPolicyOverride } from './schema';

// 精文减会 (issue 17 item 10, DOMAIN §11.7): an office's limits for a year — meetings per kind, duration, attendees,
// speech minutes, no-meeting weekdays — kept by its registrars and checked when a meeting is planned. A plan that breaks
// them is saved only with the planner's reason, which is recorded with the warnings, audited and shown on the meeting.

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

const keepsPolicy = (ctx: RequestContext, officeUnitId: string) => hasRoleOver(ctx.actor, 'registrar', officeUnitId);

async function policyRow(db: Queryable, officeUnitId: string, year: number) {
  const [p] = await db
    .select()
    .from(meetingPolicy)
    .where(and(eq(meetingPolicy.officeUnitId, officeUnitId), eq(meetingPolicy.year, year)));
  return p ?? null;
}

/** The policy of an office for a year, for anyone in the organisation (limits on meetings are no secret). */
export async function getPolicy(tx: Tx, ctx: RequestContext, officeUnitId: string, year: number) {
  if (isAdministrator(ctx.actor) || !ctx.actor.unitId) throw forbidden('系统管理员不处理业务（三员分立）');
  const p = await policyRow(tx, officeUnitId, year);
  const [by] = p ? await tx.select({ name: person.name }).from(person).where(eq(person.id, p.updatedByPersonId)) : [];
  return {
    officeUnitId,
    year,
    maxPerKind: (p?.maxPerKind ?? {}) as Record<string, number>,
    maxDurationMin: p?.maxDurationMin ?? null,
    maxAttendees: p?.maxAttendees ?? null,
    maxSpeechMin: p?.maxSpeechMin ?? null,
    noMeetingWeekdays: p?.noMeetingWeekdays ?? [],
    unset: !p,
    updatedBy: by?.name ?? null,
    updatedAt: p?.updatedAt.toISOString() ?? null,
    mayEdit: keepsPolicy(ctx, officeUnitId),
  };
}

/** Keeps an office's policy for a year (its registrars); every change is audited with the new limits. */
export async function setPolicy(tx: Tx, ctx: RequestContext, input: SetPolicy) {
  const [office] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.id, input.officeUnitId));
  if (!office) throw invalid('单位不存在');
  if (!keepsPolicy(ctx, office.id)) throw forbidden('只有本办公厅（室）的登记人员可以设定精文减会规定');
  const unknown = Object.keys(input.maxPerKind).filter((k) => !(k in MEETING_KINDS));
  if (unknown.length) throw invalid(`会议类型不正确：${unknown.join('、')}`);
  const values = {
    maxPerKind: input.maxPerKind as Partial<Record<MeetingKind, number>>,
    maxDurationMin: input.maxDurationMin,
    maxAttendees: input.maxAttendees,
    maxSpeechMin: input.maxSpeechMin,
    noMeetingWeekdays: [...input.noMeetingWeekdays].sort(),
    updatedByPersonId: ctx.actor.personId,
    updatedAt: ctx.now,
  };
  await tx
    .insert(meetingPolicy)
    .values({ officeUnitId: office.id, year: input.year, ...values })
    .onConflictDoUpdate({ target: [meetingPolicy.officeUnitId, meetingPolicy.year], set: values });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.policy.set',
    targetType: 'unit',
    targetId: office.id,
    unitId: office.id,
    summary: { year: input.year, ...values, updatedAt: undefined, updatedByPersonId: undefined },
  });
  return getPolicy(tx, ctx, office.id, input.year);
}

/** The ISO weekday (1 = Monday) of a Beijing date. */
const weekdayOf = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * What a planned meeting breaks of its office's policy for the year of its day, in words: the yearly count of its kind
 * (the meetings of that kind already planned that year, this one apart), its duration, its attendees (members and
 * sit-ins), a no-meeting weekday. None when the office keeps no policy for the year.
 */
async function policyWarnings(
  db: Queryable,
  input: Pick<CreateMeeting, 'officeUnitId' | 'meetingKind' | 'startsAt' | 'endsAt' | 'chairPersonId' | 'memberIds' | 'sitInIds'>,
  exceptItemId: string | null = null,
) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const day = chinaToday(startsAt);
  const year = Number(day.slice(0, 4));
  const p = await policyRow(db, input.officeUnitId, year);
  if (!p) return [];
  const out: string[] = [];
  const kind = MEETING_KINDS[input.meetingKind];
  const cap = p.maxPerKind[input.meetingKind];
  if (cap !== undefined) {
    const [held] = await db
      .select({ n: count() })
      .from(meeting)
      .where(
        and(
          eq(meeting.officeUnitId, input.officeUnitId),
          eq(meeting.meetingKind, input.meetingKind),
          eq(meeting.year, year),
          exceptItemId ? ne(meeting.itemId, exceptItemId) : undefined,
          // A cancelled meeting does not count against the year's number.
          isNull(meeting.cancelledAt),
        ),
      );
    const n = Number(held?.n ?? 0);
    if (n + 1 > cap) out.push(`本年度${kind.name}已开 ${n} 次，本次为第 ${n + 1} 次，超过规定的 ${cap} 次`);
  }
  const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / 60000);
  if (p.maxDurationMin !== null && minutes > p.maxDurationMin)
    out.push(`会期 ${minutes} 分钟，超过规定的 ${p.maxDurationMin} 分钟`);
  const people = new Set([input.chairPersonId, ...input.memberIds, ...input.sitInIds]).size;
  if (p.maxAttendees !== null && people > p.maxAttendees) out.push(`参会人数 ${people} 人，超过规定的 ${p.maxAttendees} 人`);
  const weekday = weekdayOf(day);
  if (p.noMeetingWeekdays.includes(weekday)) out.push(`${WEEKDAYS[weekday]}为无会日（${day}）`);
  return out;
}

/**
 * Called as a meeting is planned (createMeeting), its row written: a plan against the policy needs the planner's reason —
 * without one, a refusal listing the warnings (the transaction, and so the meeting, is undone); with one, the warnings
 * and the reason are recorded on the meeting and audited.
 */
export async function checkPlannedMeeting(tx: Tx, ctx: RequestContext, itemId: string, input: CreateMeeting) {
  const warnings = await policyWarnings(tx, input, itemId);
  if (!warnings.length) return;
  if (!input.overrideReason)
    throw invalid(`本次会议不符合精文减会规定：${warnings.join('；')}。确需召开的，请填写理由`, { warnings });
  await tx.insert(meetingPolicyOverride).values({
    meetingItemId: itemId,
    warnings,
    reason: input.overrideReason,
    recordedByPersonId: ctx.actor.personId,
    recordedAt: ctx.now,
  });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.policy.override',
    targetType: 'item',
    targetId: itemId,
    unitId: input.officeUnitId,
    summary: { warnings, reason: input.overrideReason },
  });
}

/**
 * The plan changed (改期, 参会人员调整; plan-change.ts): its warnings are checked anew against the policy of the new day's
 * year, as at planning — none, and a reason recorded before is kept; some, and they need a reason (given now), which
 * replaces the one on record and is audited.
 */
export async function recheckPlannedMeeting(
  tx: Tx,
  ctx: RequestContext,
  input: Pick<
    CreateMeeting,
    'officeUnitId' | 'meetingKind' | 'startsAt' | 'endsAt' | 'chairPersonId' | 'memberIds' | 'sitInIds' | 'overrideReason'
  > & { itemId: string },
) {
  const warnings = await policyWarnings(tx, input, input.itemId);
  if (!warnings.length) return;
  if (!input.overrideReason)
    throw invalid(`调整后的会议不符合精文减会规定：${warnings.join('；')}。确需调整的，请填写理由`, { warnings });
  const values = {
    warnings,
    reason: input.overrideReason,
    recordedByPersonId: ctx.actor.personId,
    recordedAt: ctx.now,
  };
  await tx
    .insert(meetingPolicyOverride)
    .values({ meetingItemId: input.itemId, ...values })
    .onConflictDoUpdate({ target: meetingPolicyOverride.meetingItemId, set: values });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.policy.override',
    targetType: 'item',
    targetId: input.itemId,
    unitId: input.officeUnitId,
    summary: { warnings, reason: input.overrideReason },
  });
}

// 精文减会 at the agenda (DOMAIN §11.7 maxSpeechMin): a topic's reporting slot longer than the office's speech limit for
// the meeting's year is set only with a reason — as a plan against the policy is — recorded, audited and shown on the
// meeting's page; without one, a refusal in words and nothing changed.

/**
 * Called as a slot is set (a topic added, its minutes changed), its row written: over the limit without a reason throws
 * (the transaction undoes the change); with one, the warning and reason are kept for the slot; within it, any kept
 * reason goes.
 */
export async function checkAgendaSlot(
  tx: Tx,
  ctx: RequestContext,
  m: { itemId: string; officeUnitId: string; year: number },
  slot: { id: string; minutes: number | null },
  overrideReason: string | null,
) {
  const p = await policyRow(tx, m.officeUnitId, m.year);
  const max = p?.maxSpeechMin ?? null;
  if (max === null || slot.minutes === null || slot.minutes <= max) {
    await tx.delete(meetingAgendaOverride).where(eq(meetingAgendaOverride.agendaItemId, slot.id));
    return;
  }
  const warning = `议题汇报时间 ${slot.minutes} 分钟，超过精文减会规定的 ${max} 分钟`;
  if (!overrideReason) throw invalid(`${warning}。确需延长的，请填写理由`, { warnings: [warning] });
  const row = { warning, reason: overrideReason, recordedByPersonId: ctx.actor.personId, recordedAt: ctx.now };
  await tx
    .insert(meetingAgendaOverride)
    .values({ agendaItemId: slot.id, ...row })
    .onConflictDoUpdate({ target: meetingAgendaOverride.agendaItemId, set: row });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.agenda.override',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { agendaItemId: slot.id, warning, reason: overrideReason },
  });
}

/** The dry run of a plan (NewMeetingPage, before saving): the warnings it would need a reason for. */
export async function checkPlan(tx: Tx, ctx: RequestContext, input: CreateMeeting) {
  if (!keepsPolicy(ctx, input.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以拟定会议方案');
  if (!(new Date(input.endsAt) > new Date(input.startsAt))) return { warnings: [] };
  return { warnings: await policyWarnings(tx, input) };
}

/** The meeting's page: what it was planned over and why, and the agenda's topics over the speech limit. */
export async function meetingPolicyRecord(tx: Tx, base: Authorized<ItemView>) {
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, base.id));
  if (!m) return { override: null, agendaWarnings: [] };
  const [o] = await tx
    .select({ o: meetingPolicyOverride, by: person.name })
    .from(meetingPolicyOverride)
    .innerJoin(person, eq(person.id, meetingPolicyOverride.recordedByPersonId))
    .where(eq(meetingPolicyOverride.meetingItemId, m.itemId));
  const p = await policyRow(tx, m.officeUnitId, m.year);
  const agendaWarnings: string[] = [];
  if (p?.maxSpeechMin) {
    const rows = await tx
      .select({
        position: meetingAgendaItem.position,
        minutes: meetingAgendaItem.minutes,
        reason: meetingAgendaOverride.reason,
        by: person.name,
      })
      .from(meetingAgendaItem)
      .leftJoin(meetingAgendaOverride, eq(meetingAgendaOverride.agendaItemId, meetingAgendaItem.id))
      .leftJoin(person, eq(person.id, meetingAgendaOverride.recordedByPersonId))
      .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), ne(meetingAgendaItem.state, 'refused')));
    for (const r of rows.sort((a, b) => a.position - b.position))
      if (r.minutes !== null && r.minutes > p.maxSpeechMin)
        agendaWarnings.push(
          `议程第 ${r.position} 项汇报 ${r.minutes} 分钟，超过规定的 ${p.maxSpeechMin} 分钟` +
            (r.reason ? `（${r.by ?? ''}说明理由：${r.reason}）` : ''),
        );
  }
  return {
    override: o
      ? { warnings: o.o.warnings, reason: o.o.reason, recordedBy: o.by, recordedAt: o.o.recordedAt.toISOString() }
      : null,
    agendaWarnings,
  };
}

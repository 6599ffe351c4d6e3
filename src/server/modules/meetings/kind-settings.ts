import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { hasRoleOver, isAdministrator } from '../../platform/access/actor';
import { recordEvent } from '../../platform/audit/service';
import { forbidden, invalid } from '../../platform/errors';
import { formatDocNo } from '../../platform/numbering/register';
import { docRegister } from '../../platform/numbering/schema';
import { chinaToday } from '../../platform/workbench/service';
import { person, post, unit } from '../../org/schema';
import type { MeetingKind } from '../../../contract/meetings';
import type { OfficeKind, SetMeetingKind, SignOffRule } from '../../../contract/meetings-kinds';
import { kindMismatch, MEETING_KINDS, STATUTORY_QUORUM, withSettings, type MeetingKindDef } from './kinds';
import { meetingKindSetting } from './schema';

// 会议类型设置 (issue 17 items 1 and 7): an office's registrars set, per kind of meeting the office holds, whether it
// holds it at all, the deadlines before it, substitutes, a stricter quorum, the 纪要 series and who signs the 纪要.
// The regulation bounds them: substitutes never for 全委会, 常委会议, 政府全体会议, 常务会议 members (DOMAIN §11.3), a
// quorum never below > ½ of the members or ≥ ⅔ before an appointments topic (§11.5); a series is numbered in the
// office's register of that name, so a name without one is refused. Every change is audited with before and after.

const OFFICE_CATEGORIES = ['党委办公室', '政府办公室'];

const keepsKinds = (ctx: RequestContext, officeUnitId: string) => hasRoleOver(ctx.actor, 'registrar', officeUnitId);

/**
 * The statutory floor (DOMAIN §11.5). ⅔ is accepted written as 0.6667 (a little room below it); > ½ has none, since
 * 0.49995 would let 2 of 4 be a quorum. Check-in counts the larger of the statutory and the office's figure anyway.
 */
const STATUTORY = STATUTORY_QUORUM;
const SLACK = 1e-4;

async function officeOf(db: Queryable, officeUnitId: string) {
  const [office] = await db
    .select({ id: unit.id, name: unit.name, category: unit.category })
    .from(unit)
    .where(eq(unit.id, officeUnitId));
  if (!office || !office.category || kindsOfOffice(office.category).length === 0)
    throw invalid('请选择召开会议的党委或政府办公厅（室）');
  return { ...office, category: office.category };
}

/** The kinds an office of this category may hold (its organ's and either's), in the order of kinds.ts. */
const kindsOfOffice = (category: string) =>
  OFFICE_CATEGORIES.includes(category) ? Object.values(MEETING_KINDS).filter((k) => kindMismatch(k.key, category) === null) : [];

/** The active registers of an office by name, to say which one numbers a series. */
async function registersByName(db: Queryable, officeUnitId: string) {
  const rows = await db
    .select()
    .from(docRegister)
    .where(and(eq(docRegister.unitId, officeUnitId), isNull(docRegister.disabledAt)));
  return new Map(rows.map((r) => [r.name, r]));
}

/** The register kind that numbers a series: 第N期 by issue, 〔2026〕N号 by year. */
const REGISTER_KIND = { issue: 'issue', year: 'yearly' } as const;

/** The kinds an office holds, each with the values in force and the defaults; for anyone in the organisation. */
export async function listOfficeKinds(db: Queryable, ctx: RequestContext, officeUnitId: string) {
  if (isAdministrator(ctx.actor) || !ctx.actor.unitId) throw forbidden('系统管理员不处理业务（三员分立）');
  const office = await officeOf(db, officeUnitId);
  const settings = await db.select().from(meetingKindSetting).where(eq(meetingKindSetting.officeUnitId, office.id));
  const byIds = [...new Set(settings.map((s) => s.updatedByPersonId))];
  const names = new Map(
    byIds.length
      ? (await db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, byIds))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
  const registers = await registersByName(db, office.id);
  const year = Number(chinaToday(ctx.now).slice(0, 4));
  const items: OfficeKind[] = kindsOfOffice(office.category).map((d) => {
    const s = settings.find((x) => x.meetingKind === d.key) ?? null;
    const k = withSettings(d, s);
    const reg = registers.get(k.minutes.series);
    return {
      ...k,
      defaults: {
        deadlines: d.deadlines,
        substitutes: d.substitutes,
        quorum: d.quorum,
        series: d.minutes.series,
        signOff: d.signOff,
      },
      register: reg ? { name: reg.name, example: formatDocNo(reg, year, 1) } : null,
      updatedBy: s ? (names.get(s.updatedByPersonId) ?? null) : null,
      updatedAt: s?.updatedAt.toISOString() ?? null,
    };
  });
  return { office: { id: office.id, name: office.name }, mayEdit: keepsKinds(ctx, office.id), items };
}

/** What the settings would break of the regulation, or of the office's registers, in words; null when nothing. */
async function settingRefusal(db: Queryable, officeUnitId: string, d: MeetingKindDef, input: SetMeetingKind) {
  if (input.substitutes && d.substitutesForbidden)
    return `${d.name}组成人员不得委托他人代会（应本人出席或向会议主持人请假），不能设为允许代会`;
  const q = input.quorum;
  if (q && (q.moreThan < STATUTORY.moreThan || q.appointmentsAtLeast < STATUTORY.appointmentsAtLeast - SLACK))
    return `${d.name}的法定人数只能比规定更严格：须超过应到组成人员的二分之一，讨论人事任免议题时不少于三分之二`;
  if (q && q.appointmentsAtLeast < q.moreThan) return '讨论人事任免议题时的法定人数不能低于一般议题的法定人数';
  if (input.minutesSeries && input.minutesSeries !== d.minutes.series) {
    const reg = (await registersByName(db, officeUnitId)).get(input.minutesSeries);
    const kind = REGISTER_KIND[d.minutes.numbering];
    if (reg?.kind !== kind)
      return `本办公厅（室）没有名为“${input.minutesSeries}”的${kind === 'issue' ? '按期编号' : '按年编号'}文号登记簿，纪要无法在该系列中编号；请先由系统管理员建立该登记簿`;
  }
  return null;
}

const same = (a: number | null, b: number) => (a === b ? null : a);

/** One kind's settings for the office (its registrars): checked against the regulation, audited with before and after. */
export async function setOfficeKind(tx: Tx, ctx: RequestContext, kind: MeetingKind, input: SetMeetingKind) {
  const office = await officeOf(tx, input.officeUnitId);
  if (!keepsKinds(ctx, office.id)) throw forbidden('只有本办公厅（室）的登记人员可以设置会议类型');
  const mismatch = kindMismatch(kind, office.category);
  if (mismatch) throw invalid(mismatch);
  const d = MEETING_KINDS[kind];
  const refusal = await settingRefusal(tx, office.id, d, input);
  if (refusal) throw invalid(refusal);
  const where = and(eq(meetingKindSetting.officeUnitId, office.id), eq(meetingKindSetting.meetingKind, kind));
  const [was] = await tx.select().from(meetingKindSetting).where(where).for('update');
  // A value equal to the default is stored as "the default", so a later change of the default reaches the office.
  const values = {
    enabled: input.enabled,
    topicsBeforeDays: same(input.topicsBeforeDays, d.deadlines.topicsBeforeDays),
    materialsBeforeDays: same(input.materialsBeforeDays, d.deadlines.materialsBeforeDays),
    noticeBeforeDays: same(input.noticeBeforeDays, d.deadlines.noticeBeforeDays),
    substitutes: input.substitutes === d.substitutes ? null : input.substitutes,
    quorumMoreThan: input.quorum?.moreThan ?? null,
    quorumAppointmentsAtLeast: input.quorum?.appointmentsAtLeast ?? null,
    minutesSeries: input.minutesSeries === d.minutes.series ? null : input.minutesSeries,
    signOff: input.signOff === d.signOff ? null : input.signOff,
    updatedByPersonId: ctx.actor.personId,
    updatedAt: ctx.now,
  };
  await tx
    .insert(meetingKindSetting)
    .values({ officeUnitId: office.id, meetingKind: kind, ...values })
    .onConflictDoUpdate({ target: [meetingKindSetting.officeUnitId, meetingKindSetting.meetingKind], set: values });
  const shown = (k: ReturnType<typeof withSettings>) => ({
    enabled: k.enabled,
    deadlines: k.deadlines,
    substitutes: k.substitutes,
    quorum: k.quorum,
    series: k.minutes.series,
    signOff: k.signOff,
  });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.kind.set',
    targetType: 'unit',
    targetId: office.id,
    unitId: office.id,
    summary: {
      kind,
      name: d.name,
      before: shown(withSettings(d, was ?? null)),
      after: shown(withSettings(d, { officeUnitId: office.id, meetingKind: kind, ...values })),
    },
  });
  return listOfficeKinds(tx, ctx, office.id);
}

/** The principal leader (主要负责人) of a unit now, with their post's title. */
async function principalOf(db: Queryable, unitId: string | null) {
  if (!unitId) return null;
  const [p] = await db
    .select({ personId: post.personId, title: post.title })
    .from(post)
    .innerJoin(person, eq(person.id, post.personId))
    .where(and(eq(post.unitId, unitId), eq(post.isPrincipal, true), isNull(post.endedAt), isNull(person.disabledAt)))
    .orderBy(asc(post.sortOrder))
    .limit(1);
  return p ?? null;
}

const SIGNER_WORDS: Record<SignOffRule, string> = {
  chair: '会议主持人',
  officePrincipal: '办公厅（室）主要负责人（秘书长）',
  organPrincipal: '党委（政府）主要负责人',
};

/**
 * Who signs (签发) the 纪要 of a meeting by its kind's rule for the office, and why — named on the 发文 draft so that
 * 审核 sends it to them; null when the rule names nobody in post (the registrar chooses at 审核).
 */
export async function minutesSigner(
  db: Queryable,
  m: { officeUnitId: string; chairPersonId: string },
  k: Pick<MeetingKindDef, 'name' | 'signOff'>,
) {
  const reason = `${k.name}纪要由${SIGNER_WORDS[k.signOff]}签发`;
  if (k.signOff === 'chair') return { personId: m.chairPersonId, reason };
  let unitId: string | null = m.officeUnitId;
  if (k.signOff === 'organPrincipal')
    unitId = (await db.select({ parentId: unit.parentId }).from(unit).where(eq(unit.id, m.officeUnitId)))[0]?.parentId ?? null;
  const p = await principalOf(db, unitId);
  return p ? { personId: p.personId, reason } : null;
}

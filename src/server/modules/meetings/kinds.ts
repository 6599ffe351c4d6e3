import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { MeetingKind } from '../../../contract/meetings';
import type { SignOffRule } from '../../../contract/meetings-kinds';
import { meetingKindSetting } from './schema';

// 会议类型 as data (DOMAIN §11.1–11.2, §11.5; issue 17 item 1): who sits, who chairs, the quorum, whether a member may
// send a substitute, whether the meeting decides, the deadlines before it and the series its 纪要 are numbered in.
// Local practice [P] varies: these are the defaults an office starts from; `kindOf` gives a kind as an office holds
// it (its `meeting_kind_setting`, kept in kind-settings.ts). Names, members, chair and whether it decides stay here.

interface Quorum {
  /** Members checked in ÷ members due must exceed this share (> ½). */
  moreThan: number;
  /** Before a topic on cadre appointments (人事任免): at least this share (≥ ⅔). */
  appointmentsAtLeast: number;
}

interface KindDeadlines {
  /** 议题 for the meeting reach the office this many days before it (collection → 秘书长 审核: 1 week). */
  topicsBeforeDays: number;
  /** Final materials this many days before (3; one city 2): later ones are flagged, and may be refused (未送达的一般不安排上会). */
  materialsBeforeDays: number;
  /** The notice reaches attendees this many days before (1–2). */
  noticeBeforeDays: number;
}

export interface MeetingKindDef {
  key: MeetingKind;
  name: string;
  /** Whose meeting it is: the party committee's (its 办公厅/室 organises it), the government's, or either's. */
  organ: 'party' | 'government' | 'either';
  /** Who sits by right, in words (the members are chosen per meeting from the organisation). */
  members: string;
  chair: string;
  quorum: Quorum | null;
  /** 常委会议 and 常务会议 members come themselves or ask leave: no one attends in their place. */
  substitutes: boolean;
  /** The regulation forbids substitutes (全委会, 常委会议, 政府全体会议, 常务会议): no office may allow them. */
  substitutesForbidden: boolean;
  /** 书记专题会议 prepares (酝酿) and 专题会议 coordinates: neither decides in the place of the meeting that does. */
  decides: boolean;
  deadlines: KindDeadlines;
  /** The 纪要 series: `〔2026〕N号` or `第N期`, its name in the 纪要's 版头. */
  minutes: { series: string; numbering: 'year' | 'issue' };
  /** Who signs (签发) the 纪要 before it is numbered (DOMAIN §11.5): the chair, the 秘书长, or the organ's head. */
  signOff: SignOffRule;
}

/** The statute's quorum (DOMAIN §11.5): an office may set a stricter one, never a looser. */
export const STATUTORY_QUORUM: Quorum = { moreThan: 1 / 2, appointmentsAtLeast: 2 / 3 };
const MAJORITY = STATUTORY_QUORUM;
const USUAL: KindDeadlines = { topicsBeforeDays: 7, materialsBeforeDays: 3, noticeBeforeDays: 1 };

export const MEETING_KINDS: Record<MeetingKind, MeetingKindDef> = {
  partyPlenary: {
    key: 'partyPlenary',
    organ: 'party',
    name: '全委会',
    members: '委员、候补委员',
    chair: '常委会',
    quorum: MAJORITY,
    substitutes: false,
    substitutesForbidden: true,
    decides: true,
    deadlines: { topicsBeforeDays: 14, materialsBeforeDays: 5, noticeBeforeDays: 3 },
    minutes: { series: '全委会纪要', numbering: 'issue' },
    signOff: 'chair',
  },
  standingCommittee: {
    key: 'standingCommittee',
    organ: 'party',
    name: '常委会议',
    members: '书记、副书记、常委',
    chair: '书记',
    quorum: MAJORITY,
    substitutes: false,
    substitutesForbidden: true,
    decides: true,
    deadlines: USUAL,
    minutes: { series: '常委会议纪要', numbering: 'issue' },
    signOff: 'chair',
  },
  secretaryTopic: {
    key: 'secretaryTopic',
    organ: 'party',
    name: '书记专题会议',
    members: '书记及有关常委',
    chair: '书记',
    quorum: null,
    substitutes: false,
    substitutesForbidden: false,
    decides: false,
    deadlines: { topicsBeforeDays: 3, materialsBeforeDays: 2, noticeBeforeDays: 1 },
    minutes: { series: '书记专题会议纪要', numbering: 'issue' },
    signOff: 'officePrincipal',
  },
  govPlenary: {
    key: 'govPlenary',
    organ: 'government',
    name: '政府全体会议',
    members: '政府组成人员',
    chair: '行政首长',
    quorum: MAJORITY,
    substitutes: false,
    substitutesForbidden: true,
    decides: true,
    deadlines: USUAL,
    minutes: { series: '政府全体会议纪要', numbering: 'issue' },
    signOff: 'chair',
  },
  executive: {
    key: 'executive',
    organ: 'government',
    name: '常务会议',
    members: '行政首长、副职（省、设区的市另有秘书长）',
    chair: '行政首长',
    quorum: MAJORITY,
    substitutes: false,
    substitutesForbidden: true,
    decides: true,
    deadlines: USUAL,
    minutes: { series: '常务会议纪要', numbering: 'issue' },
    signOff: 'chair',
  },
  office: {
    key: 'office',
    organ: 'government',
    name: '办公会议',
    members: '行政首长、副职（及秘书长）',
    chair: '行政首长',
    quorum: null,
    substitutes: true,
    substitutesForbidden: false,
    decides: true,
    deadlines: { topicsBeforeDays: 5, materialsBeforeDays: 2, noticeBeforeDays: 1 },
    minutes: { series: '办公会议纪要', numbering: 'issue' },
    signOff: 'officePrincipal',
  },
  topic: {
    key: 'topic',
    organ: 'either',
    name: '专题会议',
    members: '分管领导及有关部门',
    chair: '分管领导',
    quorum: null,
    substitutes: true,
    substitutesForbidden: false,
    decides: false,
    deadlines: { topicsBeforeDays: 3, materialsBeforeDays: 2, noticeBeforeDays: 1 },
    minutes: { series: '专题会议纪要', numbering: 'year' },
    signOff: 'officePrincipal',
  },
  workConference: {
    key: 'workConference',
    organ: 'either',
    name: '工作会议',
    members: '有关单位',
    chair: '主要领导或分管领导',
    quorum: null,
    substitutes: true,
    substitutesForbidden: false,
    decides: false,
    deadlines: { topicsBeforeDays: 14, materialsBeforeDays: 3, noticeBeforeDays: 2 },
    minutes: { series: '工作会议纪要', numbering: 'year' },
    signOff: 'officePrincipal',
  },
};

/** The office category that organises each organ's meetings (unit.category). */
const OFFICE_OF = { party: '党委办公室', government: '政府办公室' } as const;

/** Why an office may not hold (or take topics for) a kind of meeting; null when it may. */
export function kindMismatch(kind: MeetingKind, officeCategory: string): string | null {
  const { organ, name } = MEETING_KINDS[kind];
  if (organ === 'either' || OFFICE_OF[organ] === officeCategory) return null;
  return `${name}由${organ === 'party' ? '党委' : '政府'}办公厅（室）承办，请选择相应的办公厅（室）`;
}

type Setting = typeof meetingKindSetting.$inferSelect;

/** A kind as an office holds it: the defaults with the office's own values over them. */
export interface OfficeKindDef extends MeetingKindDef {
  /** A kind the office does not hold is not offered for 议题 or meetings. */
  enabled: boolean;
}

/** The defaults with an office's settings over them; substitutes never where the regulation forbids them. */
export function withSettings(d: MeetingKindDef, s: Setting | null): OfficeKindDef {
  if (!s) return { ...d, enabled: true };
  return {
    ...d,
    enabled: s.enabled,
    deadlines: {
      topicsBeforeDays: s.topicsBeforeDays ?? d.deadlines.topicsBeforeDays,
      materialsBeforeDays: s.materialsBeforeDays ?? d.deadlines.materialsBeforeDays,
      noticeBeforeDays: s.noticeBeforeDays ?? d.deadlines.noticeBeforeDays,
    },
    substitutes: !d.substitutesForbidden && (s.substitutes ?? d.substitutes),
    quorum:
      s.quorumMoreThan !== null && s.quorumAppointmentsAtLeast !== null
        ? { moreThan: s.quorumMoreThan, appointmentsAtLeast: s.quorumAppointmentsAtLeast }
        : d.quorum,
    minutes: { ...d.minutes, series: s.minutesSeries ?? d.minutes.series },
    signOff: s.signOff ?? d.signOff,
  };
}

/** A kind of meeting as this office holds it: what the deadlines, substitutes, quorum and 纪要 follow. */
export async function kindOf(db: Queryable, officeUnitId: string, kind: MeetingKind): Promise<OfficeKindDef> {
  const [s] = await db
    .select()
    .from(meetingKindSetting)
    .where(and(eq(meetingKindSetting.officeUnitId, officeUnitId), eq(meetingKindSetting.meetingKind, kind)));
  return withSettings(MEETING_KINDS[kind], s ?? null);
}

/** Why a 议题 or meeting of this kind may not be taken by this office: another organ's kind, or one it does not hold. */
export async function kindRefusal(db: Queryable, kind: MeetingKind, office: { id: string; category: string }) {
  const mismatch = kindMismatch(kind, office.category);
  if (mismatch) return mismatch;
  const k = await kindOf(db, office.id, kind);
  return k.enabled ? null : `本办公厅（室）未启用${k.name}，请选择其他会议类型`;
}

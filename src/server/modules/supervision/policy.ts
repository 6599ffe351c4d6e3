import type { DateResult, WorkCalendar } from '../../platform/calendar/calendar';
import { deadlineOf } from '../../platform/calendar/deadline';
import type { ProgressCadence } from '../../platform/flow/definition';
import type { MetricDef } from '../../platform/modules/registry';
import type { ReportCadence, SupervisionSource } from '../../../contract/supervision';

// 督查督办's rules as data (DOMAIN §6), and the small pure functions that apply them. No tables, no routes: the
// service reads these when it opens (立项), assigns (交办) and shows an item. Tags as in DOMAIN: [V] verified law,
// [S] one source read, [P] practice — an office configures what is [P].

/** A time limit counted from the day an item is opened; the opening day itself never counts (as the kernel counts). */
export type DayLimit = { days: number; unit: 'working' | 'calendar' };
/** 人大代表建议 / 政协提案: months from 交办, calendar time (DOMAIN §6.1). */
type StatutoryLimit = { months: 3 | 6 };
export type TimeLimit = DayLimit | StatutoryLimit;

/**
 * 《代表法》 Art.51 (2025 text) [V]: reply within 3 months of 交办, within 6 for broad or difficult items; CPPCC
 * proposals commonly the same 3 / at most 6 months [S: one local rule].
 */
const STATUTORY_LIMITS = { ordinary: { months: 3 }, difficult: { months: 6 } } as const satisfies Record<string, StatutoryLimit>;

/**
 * Default limits for a 领导批示件 by urgency. [S] one county/city rule (DOMAIN §6.4): 1–5 days if urgent (we take the
 * longest, 5), 15 if not urgent, 30 if difficult. The rule says "days"; we count working days, as the issue's own
 * example does (a 15-working-day item), so a holiday does not eat a unit's time. An office configures these.
 */
export const INSTRUCTION_LIMITS = {
  urgent: { days: 5, unit: 'working' },
  ordinary: { days: 15, unit: 'working' },
  difficult: { days: 30, unit: 'working' },
} as const satisfies Record<string, DayLimit>;

/**
 * 督办事项来源 (DOMAIN §6.2 [P; partly V]) with each source's default time limit, which the supervisor may change
 * item by item and an office configures. Numbers: [S] examples of one local rule (DOMAIN §6.4: 公文 items 30 days,
 * 会议纪要 20, 领导批示 15; media or hotline items 5 in another city), taken as working days like the 批示 limits;
 * `keyWork`, `inspection` and `other` have no example in DOMAIN and are our choice. 人大建议/政协提案 carry the
 * statutory limit instead.
 */
export const SOURCES = {
  /** 上级决策部署 (党中央、国务院 / 省委省政府 …), usually arriving as a 公文: [S] 30 days. */
  upperDecision: { name: '上级决策部署', limit: { days: 30, unit: 'working' } },
  /** 会议议定事项 (常委会、常务会议、专题会议纪要): [S] 20 days (another city: 30 working days). */
  meeting: { name: '会议议定事项', limit: { days: 20, unit: 'working' } },
  /** 年度重点工作 / 工作要点任务分解: the plan usually sets the date; 60 working days is our default. */
  keyWork: { name: '年度重点工作', limit: { days: 60, unit: 'working' } },
  /** 领导批示件: the not-urgent limit; see INSTRUCTION_LIMITS for urgent and difficult ones. */
  leaderInstruction: { name: '领导批示件', limit: INSTRUCTION_LIMITS.ordinary },
  /** 人大代表建议、政协委员提案: the statutory 3 months (6 for difficult ones, `statutoryDue`). */
  npcCppcc: { name: '人大代表建议、政协委员提案', limit: STATUTORY_LIMITS.ordinary },
  /** 群众反映 / 信访 / 12345 / 网络舆情 / 媒体反映: [S] usually 5 days in one city. */
  public: { name: '群众反映', limit: { days: 5, unit: 'working' } },
  /** 巡视巡察、审计、督查检查发现问题整改: our default; the inspection's own rectification plan usually sets it. */
  inspection: { name: '巡视巡察审计整改', limit: { days: 30, unit: 'working' } },
  /** 其他交办事项: our default. */
  other: { name: '其他交办事项', limit: { days: 15, unit: 'working' } },
} as const satisfies Record<SupervisionSource, { name: string; limit: TimeLimit }>;

/**
 * 重点 / 一般. A 重点 item needs the 督查室主任's or the secretary-general's approval before 交办 (issue §1), and its
 * 延期 is decided by whoever approved it (issue §3).
 */
export const CATEGORIES = {
  key: { name: '重点', approvalBeforeAssign: true },
  ordinary: { name: '一般', approvalBeforeAssign: false },
} as const;

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function parseDate(s: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(t).toISOString().slice(0, 10) !== s) throw new RangeError(`日期应为存在的 YYYY-MM-DD：${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The same day of the month `months` later, or that month's last day when it has no such day (2026-11-30 + 3 months
 * → 2027-02-28; 2027-11-30 + 3 → 2028-02-29) — as 民法典 Art.202 counts periods in months. A result on a day off is
 * NOT moved to the next working day: the statutory months are calendar time, and replying early is always allowed.
 */
function addMonths(day: string, months: number): string {
  const [y, m, d] = parseDate(day);
  const total = y * 12 + (m - 1) + months;
  const [ty, tm] = [Math.floor(total / 12), (total % 12) + 1];
  return new Date(Date.UTC(ty, tm - 1, Math.min(d, daysInMonth(ty, tm)))).toISOString().slice(0, 10);
}

/** The statutory reply date of a 人大代表建议 / 政协提案 assigned (交办) on `assignedOn`: 3 months, 6 when difficult. */
export function statutoryDue(assignedOn: string, difficult: boolean): string {
  return addMonths(assignedOn, (difficult ? STATUTORY_LIMITS.difficult : STATUTORY_LIMITS.ordinary).months);
}

/**
 * An item's due date from the day it is opened: N working days (the opening day not counted — the kernel's
 * `dueDate`), N calendar days (a last day off moves to the next working day, the kernel's default), or statutory
 * months. The kernel's result is returned whole so that "next year's calendar is not loaded" is never lost
 * (DOMAIN §8.3); months use no calendar and are always complete.
 */
export function dueFrom(openedOn: string, limit: TimeLimit, cal: WorkCalendar): DateResult {
  if ('months' in limit) return { date: addMonths(openedOn, limit.months), calendarComplete: true, missingYears: [] };
  return cal.dueDate(openedOn, limit.days, limit.unit);
}

/**
 * 报告周期 as the supervisor picks it at 立项 (issue §1), plus every N working days for an office that needs it
 * (that one more often than weekly needs a reason, see `needsReason`).
 * - once: one report, on the due date — 一次性反馈; a unit that finishes earlier owes only its 办结报告.
 * - weekly on a weekday (1 Monday … 7 Sunday), monthly on day D (the last day of a shorter month).
 * - quarterly on day D of each quarter's last month (March, June, September, December).
 */
export type CadenceChoice = ReportCadence;

/** The quarters' last months: a quarterly report is due on its day of these. */
const QUARTER_ENDS = [3, 6, 9, 12];

/** The kernel's progress cadence (flow/definition.ts `ProgressCadence`, scheduled by progress.ts `nextReportDue`). */
export function cadenceOf(choice: CadenceChoice): ProgressCadence {
  switch (choice.kind) {
    case 'once':
      return { beforeDueWorkdays: 0 };
    case 'weekly':
      return { weekly: choice.weekday };
    case 'monthly':
      return { monthlyOnDay: choice.day };
    case 'quarterly':
      return { monthlyOnDay: choice.day, months: QUARTER_ENDS };
    case 'everyWorkdays':
      return { every: choice.workdays };
  }
}

/** A working week: a report every 5 working days is as often as weekly, every 4 or fewer more often. */
const WEEK_WORKDAYS = 5;

/**
 * 基层减负 (issue, guardrails): a cadence more often than weekly needs a reason recorded on the item. Weekly, monthly,
 * once and quarterly never do; every N working days does when N < 5.
 */
export function needsReason(cadence: ProgressCadence): boolean {
  return 'every' in cadence && cadence.every < WEEK_WORKDAYS;
}

export type LightConfig = { yellowWithinWorkdays: number };
/** [P] DOMAIN §6.4's suggested model; an office configures the window. */
export const DEFAULT_LIGHT_CONFIG: LightConfig = { yellowWithinWorkdays: 3 };
export type Light = 'green' | 'yellow' | 'red';

/**
 * 红黄绿灯 (issue §5; DOMAIN §6.4 "suggested default model"): red when today is after the due date and the item is
 * not closed; yellow in the last N working days up to and including the due date (剩 0…N−1 个工作日 as the kernel's
 * `deadlineOf` counts them, so the light and the "剩 N 个工作日" beside it agree; a day off inside the window is
 * yellow too), or when a progress report is overdue (its date passed unsent), however far the due date; green
 * otherwise. A closed item has no light.
 */
export function lightOf(
  item: { dueDate: string; closedAt?: string | Date | null; progressOverdue: boolean },
  today: string,
  cal: WorkCalendar,
  config: LightConfig = DEFAULT_LIGHT_CONFIG,
): Light | null {
  if (item.closedAt) return null;
  const d = deadlineOf(cal, item.dueDate, today, true)!;
  if (d.remainingWorkdays === null) return 'red';
  if (d.remainingWorkdays < config.yellowWithinWorkdays || item.progressOverdue) return 'yellow';
  return 'green';
}

/** What a figure is, and the kernel's measure (modules/registry.ts) where one counts exactly this; null where none does. */
type Figure = { name: string; kernel: MetricDef['measure']['type'] | null };

/**
 * 效能 figures of 督查督办 (issue §8, DOMAIN §6.4), each by unit (主办单位) and by source. Outcomes only — never
 * counts of activity (reports filed, logins) and never a ranking by them (基层减负). "Due in the period": the item's
 * deadline in force — the original one, or the extended one where the 延期 was approved on a request made before the
 * original deadline (issue §3; a late request changes nothing) — falls in the period.
 */
export const FIGURES = {
  /** 立项数: items opened (立项) in the period. */
  opened: { name: '立项数', kernel: 'created' },
  /** 办结数: items closed (销号) in the period. */
  closed: { name: '办结数', kernel: 'closed' },
  /**
   * 办结率: items due in the period that are closed (销号) by the period's end, at any date ÷ items due in the period.
   * The same denominator as 按期办结率, so 办结率 ≥ 按期办结率 and the gap is what was closed late.
   */
  closeRate: { name: '办结率', kernel: null },
  /**
   * 按期办结率 (DOMAIN §6.4): items due in the period closed (销号) on or before their deadline in force ÷ items due in
   * the period. Not the kernel's `onTimeRate`, whose denominator is tasks finished in the period: an item still open
   * past its deadline would not count against it.
   */
  onTimeRate: { name: '按期办结率', kernel: null },
  /** 延期数: extensions (延期) approved in the period. */
  extensions: { name: '延期数', kernel: 'extensions' },
  /**
   * 超期件数: items due in the period not closed by their deadline in force — closed late or still open — so that
   * 按期办结 + 超期 = items due. The kernel's `overdueOpen` counts only those still open now.
   */
  overdue: { name: '超期件数', kernel: null },
  /** 退回重办率: items closed in the period that were sent back for redoing (退回重办) at least once ÷ items closed in the period. */
  redoRate: { name: '退回重办率', kernel: null },
  /** 平均销号用时（工作日）: mean working days from 立项 to 销号, over items closed in the period. */
  cycleWorkdays: { name: '平均销号用时（工作日）', kernel: 'cycleWorkdays' },
} as const satisfies Record<string, Figure>;

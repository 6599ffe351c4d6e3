import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../platform/calendar/calendar';
import { bundledYears } from '../../platform/calendar/import-format';
import { checkFlow, type FlowDef, type ProgressCadence } from '../../platform/flow/definition';
import { nextReportDue } from '../../platform/flow/progress';
import {
  SOURCES,
  INSTRUCTION_LIMITS,
  CATEGORIES,
  dueFrom,
  statutoryDue,
  cadenceOf,
  needsReason,
  type CadenceChoice,
  DEFAULT_LIGHT_CONFIG,
  lightOf,
  type Light,
  FIGURES,
} from './policy';

const years = bundledYears();
const cal = new WorkCalendar(
  years.flatMap((y) => [
    ...y.offDays.map((day) => ({ day, kind: 'off' as const })),
    ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const })),
  ]),
  years.map((y) => y.year),
);

/** Every date from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const open = (dueDate: string, progressOverdue = false) => ({ dueDate, progressOverdue });

describe('时限：立项之日不计，按法定工作日历', () => {
  it('a 15-working-day item opened 2026-09-28 is due 2026-10-23 (中秋 and 国庆 off, 10-10 a 调休 working Saturday)', () => {
    const due = dueFrom('2026-09-28', SOURCES.leaderInstruction.limit, cal);
    expect(due).toEqual({ date: '2026-10-23', calendarComplete: true, missingYears: [] });
    // Counting calendar days would give 10-13; forgetting 10-10 is worked would give 10-26.
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-07')).toBe(false);
  });

  it('a calendar-day limit whose last day is off moves to the next working day', () => {
    // 2026-09-10 + 21 calendar days = 10-01 (国庆) → 10-08.
    expect(dueFrom('2026-09-10', { days: 21, unit: 'calendar' }, cal).date).toBe('2026-10-08');
  });

  it('a limit running into a year whose calendar is not loaded says so', () => {
    const due = dueFrom('2026-12-15', { days: 30, unit: 'working' }, cal);
    expect(due.calendarComplete).toBe(false);
    expect(due.missingYears).toEqual([2027]);
  });

  it('人大建议 and 政协提案 take the statutory months', () => {
    expect(dueFrom('2026-03-16', SOURCES.npcCppcc.limit, cal).date).toBe('2026-06-16');
  });
});

describe('人大代表建议、政协提案的法定期限：交办之日起 3 个月，重大疑难 6 个月', () => {
  it('the same day of the month N months later', () => {
    expect(statutoryDue('2026-03-16', false)).toBe('2026-06-16');
    expect(statutoryDue('2026-03-16', true)).toBe('2026-09-16');
    expect(statutoryDue('2026-12-15', false)).toBe('2027-03-15');
    expect(statutoryDue('2026-12-15', true)).toBe('2027-06-15');
  });

  it('the month’s last day when the month has no such day, leap years included', () => {
    expect(statutoryDue('2026-11-30', false)).toBe('2027-02-28');
    expect(statutoryDue('2027-11-30', false)).toBe('2028-02-29');
    expect(statutoryDue('2027-08-31', true)).toBe('2028-02-29');
    expect(statutoryDue('2028-08-31', true)).toBe('2029-02-28');
    expect(statutoryDue('2028-02-29', false)).toBe('2028-05-29');
    expect(statutoryDue('2026-05-31', false)).toBe('2026-08-31');
  });

  it('a date on a day off is not moved: statutory months are calendar time', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false);
    expect(statutoryDue('2026-07-01', false)).toBe('2026-10-01');
  });

  it('a date that does not exist is refused', () => {
    expect(() => statutoryDue('2026-02-30', false)).toThrow(RangeError);
    expect(() => statutoryDue('2026/03/01', false)).toThrow(RangeError);
  });
});

describe('红黄绿灯：黄灯为到期前 3 个工作日内或进展报告逾期，红灯为超期未办结', () => {
  const lights = (dueDate: string, from: string, to: string, config = DEFAULT_LIGHT_CONFIG) =>
    Object.fromEntries(days(from, to).map((d) => [d, lightOf(open(dueDate), d, cal, config)]));

  it('the item due 2026-10-23: green until 10-20, yellow 10-21 to 10-23, red from 10-24', () => {
    const expected: Record<string, Light> = Object.fromEntries([
      ...days('2026-09-28', '2026-10-20').map((d) => [d, 'green']),
      ...days('2026-10-21', '2026-10-23').map((d) => [d, 'yellow']),
      ...days('2026-10-24', '2026-11-30').map((d) => [d, 'red']),
    ]);
    expect(lights('2026-10-23', '2026-09-28', '2026-11-30')).toEqual(expected);
  });

  it('the window is working days: an item due 2026-10-09 is yellow from 09-30, through the 国庆 break', () => {
    // Counting calendar days, 09-30 would be 9 days out and green.
    expect(lights('2026-10-09', '2026-09-28', '2026-10-10')).toEqual({
      '2026-09-28': 'green',
      '2026-09-29': 'green',
      ...Object.fromEntries(days('2026-09-30', '2026-10-09').map((d) => [d, 'yellow'])),
      '2026-10-10': 'red',
    });
  });

  it('the window is configuration: 6 working days over a weekend', () => {
    // Due Friday 10-23: the 6 working days are 10-16 … 10-23, and the weekend between is yellow too.
    const six = lights('2026-10-23', '2026-10-15', '2026-10-23', { yellowWithinWorkdays: 6 });
    expect(six['2026-10-15']).toBe('green');
    for (const d of days('2026-10-16', '2026-10-23')) expect(six[d], d).toBe('yellow');
  });

  it('a progress report overdue makes an item yellow however far its due date; overdue is still red', () => {
    expect(lightOf(open('2026-10-23', true), '2026-09-29', cal, DEFAULT_LIGHT_CONFIG)).toBe('yellow');
    expect(lightOf(open('2026-10-23', true), '2026-10-26', cal, DEFAULT_LIGHT_CONFIG)).toBe('red');
  });

  it('a closed item has no light, not even past its due date', () => {
    expect(lightOf({ ...open('2026-10-23', true), closedAt: '2026-10-30' }, '2026-11-02', cal)).toBeNull();
    expect(lightOf({ ...open('2026-10-23'), closedAt: new Date('2026-10-20T08:00:00Z') }, '2026-10-21', cal)).toBeNull();
    expect(lightOf({ ...open('2026-10-23'), closedAt: null }, '2026-10-21', cal)).toBe('yellow');
  });
});

describe('报告周期 onto the kernel’s cadence', () => {
  it('once, weekly, monthly on day D, quarterly, every N working days', () => {
    expect(cadenceOf({ kind: 'once' })).toEqual({ beforeDueWorkdays: 0 });
    expect(cadenceOf({ kind: 'weekly', weekday: 5 })).toEqual({ weekly: 5 });
    expect(cadenceOf({ kind: 'monthly', day: 5 })).toEqual({ monthlyOnDay: 5 });
    expect(cadenceOf({ kind: 'quarterly', day: 10 })).toEqual({ monthlyOnDay: 10, months: [3, 6, 9, 12] });
    expect(cadenceOf({ kind: 'everyWorkdays', workdays: 2 })).toEqual({ every: 2 });
  });

  it('once: one report, on the due date', () => {
    expect(nextReportDue(cadenceOf({ kind: 'once' }), '2026-09-28', '2026-10-23', cal)).toBe('2026-10-23');
  });

  it('quarterly: on its day of March, June, September and December, moved off a day off', () => {
    expect(nextReportDue(cadenceOf({ kind: 'quarterly', day: 10 }), '2026-07-01', null, cal)).toBe('2026-09-10');
    // 31 → the quarter's last day; 31 December 2026 is a Thursday.
    expect(nextReportDue(cadenceOf({ kind: 'quarterly', day: 31 }), '2026-10-01', null, cal)).toBe('2026-12-31');
    // From April the next is June's; 12 September 2026 is a Saturday: due Monday 14.
    expect(nextReportDue(cadenceOf({ kind: 'quarterly', day: 5 }), '2026-04-01', null, cal)).toBe('2026-06-05');
    expect(nextReportDue(cadenceOf({ kind: 'quarterly', day: 12 }), '2026-07-01', null, cal)).toBe('2026-09-14');
  });

  it('every choice is a cadence the kernel accepts on a step', () => {
    const choices: CadenceChoice[] = [
      { kind: 'once' },
      { kind: 'weekly', weekday: 1 },
      { kind: 'monthly', day: 31 },
      { kind: 'quarterly', day: 10 },
      { kind: 'everyWorkdays', workdays: 1 },
    ];
    for (const choice of choices) {
      const flow: FlowDef = {
        key: 'supervisionCadence',
        name: '督办',
        start: 'handle',
        steps: [
          {
            key: 'handle',
            name: '办理',
            kind: 'do',
            actors: { type: 'units' },
            mode: 'all',
            actions: ['submit'],
            limit: 'item',
            next: { end: true },
            progress: { cadence: cadenceOf(choice) },
          },
        ],
      };
      expect(checkFlow(flow), choice.kind).toEqual([]);
    }
  });
});

describe('基层减负：报告频次高于每周一次须说明理由', () => {
  it('more often than weekly needs a reason; weekly and less often do not', () => {
    const cases: [ProgressCadence, boolean][] = [
      [{ every: 1 }, true],
      [{ every: 4 }, true],
      [{ every: 5 }, false],
      [{ every: 62 }, false],
      [{ weekly: 1 }, false],
      [{ monthlyOnDay: 5 }, false],
      [{ beforeDueWorkdays: 0 }, false],
    ];
    for (const [cadence, reason] of cases) expect(needsReason(cadence), JSON.stringify(cadence)).toBe(reason);
    expect(needsReason(cadenceOf({ kind: 'quarterly', day: 10 }))).toBe(false);
  });
});

describe('来源与类别 as data', () => {
  it('every source of DOMAIN §6.2 has a Chinese name and a default limit', () => {
    expect(Object.keys(SOURCES)).toEqual([
      'upperDecision',
      'meeting',
      'keyWork',
      'leaderInstruction',
      'npcCppcc',
      'public',
      'inspection',
      'other',
    ]);
    for (const [key, s] of Object.entries(SOURCES)) {
      expect(s.name, key).toMatch(/^[\u4e00-\u9fff、]+$/);
      const limit = s.limit as { days?: number; unit?: string; months?: number };
      if (limit.months !== undefined) expect([3, 6], key).toContain(limit.months);
      else {
        expect(Number.isInteger(limit.days) && limit.days! > 0, key).toBe(true);
        expect(['working', 'calendar'], key).toContain(limit.unit);
      }
    }
  });

  it('批示件: urgent within 5 working days, 15 if not urgent, 30 if difficult', () => {
    expect([INSTRUCTION_LIMITS.urgent.days, INSTRUCTION_LIMITS.ordinary.days, INSTRUCTION_LIMITS.difficult.days]).toEqual([
      5, 15, 30,
    ]);
  });

  it('a 重点 item needs approval before 交办, an ordinary one does not', () => {
    expect(CATEGORIES.key).toEqual({ name: '重点', approvalBeforeAssign: true });
    expect(CATEGORIES.ordinary).toEqual({ name: '一般', approvalBeforeAssign: false });
  });
});

describe('效能指标：只计结果', () => {
  it('the module’s figures are the issue’s eight, outcomes only', () => {
    expect(Object.values(FIGURES).map((f) => f.name)).toEqual([
      '立项数',
      '办结数',
      '办结率',
      '按期办结率',
      '延期数',
      '超期件数',
      '退回重办率',
      '平均销号用时（工作日）',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar';
import { bundledYears, calendarYearImportSchema, validateCalendarYear, type CalendarYearImport } from './import-format';

const years = bundledYears();
const cal = new WorkCalendar(
  years.flatMap((y) => [
    ...y.offDays.map((day) => ({ day, kind: 'off' as const })),
    ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const })),
  ]),
  years.map((y) => y.year),
);
const complete = (date: string) => ({ date, calendarComplete: true, missingYears: [] });

describe('工作日历：法定节假日与调休', () => {
  it('2026 春节：2 月 14 日、28 日（周六）调休上班，2 月 15 日至 23 日放假', () => {
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(cal.isWorkday(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkday('2026-02-13')).toBe(true);
    expect(cal.isWorkday('2026-02-24')).toBe(true);
  });

  it('2026 国庆：10 月 1 日至 7 日放假，9 月 20 日（周日）和 10 月 10 日（周六）上班', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkday('2026-09-20')).toBe(true);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false); // an ordinary Sunday
  });

  it('未列入通知的日期按周一至周五上班、周六周日休息', () => {
    expect(cal.isWorkday('2026-03-02')).toBe(true); // Monday
    expect(cal.isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(cal.isWorkday('2022-12-31')).toBe(false); // listed in the 2023 notice, and a Saturday anyway
  });

  it('不存在的日期直接报错，不会悄悄顺延', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => cal.addWorkdays('2026-2-3', 1)).toThrow(RangeError);
    expect(() => cal.addWorkdays('2026-02-03', -1)).toThrow(RangeError);
    expect(() => cal.addWorkdays('2026-02-03', 10_001)).toThrow(RangeError);
  });
});

describe('按工作日计算期限（起算日不计入）', () => {
  it('2 月 12 日（周四）起 3 个工作日：13 日、14 日（调休周六）、节后 24 日 → 2 月 24 日', () => {
    expect(cal.addWorkdays('2026-02-12', 3)).toEqual(complete('2026-02-24'));
  });

  it('2 月 13 日（周五）起 5 个工作日跨过春节：14、24、25、26、27 → 2 月 27 日', () => {
    expect(cal.addWorkdays('2026-02-13', 5)).toEqual(complete('2026-02-27'));
    expect(cal.addWorkdays('2026-02-13', 1).date).toBe('2026-02-14');
  });

  it('节后第一周连上六天：2 月 23 日起 5 个工作日到 2 月 28 日（调休周六）', () => {
    expect(cal.addWorkdays('2026-02-23', 5).date).toBe('2026-02-28');
  });

  it('0 个工作日就是起算日本身', () => {
    expect(cal.addWorkdays('2026-02-15', 0)).toEqual(complete('2026-02-15'));
  });

  it('跨国庆长假：9 月 30 日后第 1 个工作日是 10 月 8 日，第 3 个是 10 月 10 日（调休周六）', () => {
    expect(cal.addWorkdays('2026-09-30', 1).date).toBe('2026-10-08');
    expect(cal.addWorkdays('2026-09-30', 3).date).toBe('2026-10-10');
    // 9-25…9-27 (中秋) and 10-01…10-07 both skipped: 9-28, 9-29, 9-30, 10-08, 10-09.
    expect(cal.addWorkdays('2026-09-25', 5).date).toBe('2026-10-09');
  });

  it('退回错转件的 5 个工作日（信访工作条例第 23 条）：9 月 29 日收到 → 10 月 12 日', () => {
    // 9-30, 10-08, 10-09, 10-10 (调休周六), 10-12 (10-11 is an ordinary Sunday).
    expect(cal.dueDate('2026-09-29', 5, 'working')).toEqual(complete('2026-10-12'));
  });
});

describe('按日历日计算期限（"N 日"）', () => {
  it('15 日期限末日落在国庆假期：开启顺延则顺延到 10 月 8 日，不开启则仍为 10 月 5 日', () => {
    expect(cal.dueDate('2026-09-20', 15, 'calendar', true)).toEqual(complete('2026-10-08'));
    expect(cal.dueDate('2026-09-20', 15, 'calendar')).toEqual(complete('2026-10-08')); // default is to extend
    expect(cal.dueDate('2026-09-20', 15, 'calendar', false)).toEqual(complete('2026-10-05'));
  });

  it('末日是调休上班的周六，不顺延', () => {
    expect(cal.addCalendarDays('2026-02-13', 15).date).toBe('2026-02-28');
  });

  it('末日是普通周末，顺延到周一', () => {
    expect(cal.addCalendarDays('2026-03-01', 6).date).toBe('2026-03-09'); // Sat 03-07 → Mon 03-09
    expect(cal.calendarDaysBetween('2026-09-20', '2026-10-05')).toBe(15);
    expect(cal.calendarDaysBetween('2026-10-05', '2026-09-20')).toBe(-15);
  });
});

describe('尚未公布的年份', () => {
  it('期限算到 2027 年（通知未导入）时标明日历不完整，缺 2027 年', () => {
    const r = cal.addWorkdays('2026-12-25', 10);
    // 12-28…12-31, then 2027-01-01 and 01-04…01-08 by the Mon–Fri fallback.
    expect(r).toEqual({ date: '2027-01-08', calendarComplete: false, missingYears: [2027] });
    expect(cal.addCalendarDays('2026-12-20', 15)).toEqual({ date: '2027-01-04', calendarComplete: false, missingYears: [2027] });
  });

  it('完全在 2026 年内的期限是完整的', () => {
    expect(cal.addWorkdays('2026-12-01', 5)).toEqual(complete('2026-12-08'));
    expect(cal.loadedYears()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });
});

describe('剩余工作日', () => {
  it('2 月 13 日到 2 月 24 日之间只有 2 个工作日（14 日、24 日）', () => {
    expect(cal.workdaysBetween('2026-02-13', '2026-02-24')).toEqual({ days: 2, calendarComplete: true, missingYears: [] });
  });

  it('已超期时为负数', () => {
    expect(cal.workdaysBetween('2026-02-24', '2026-02-13').days).toBe(-2);
    expect(cal.workdaysBetween('2026-02-24', '2026-02-24').days).toBe(0);
  });

  it('跨到未导入年份时标明不完整', () => {
    expect(cal.workdaysBetween('2026-12-30', '2027-01-05')).toEqual({ days: 4, calendarComplete: false, missingYears: [2027] });
    // (2019-12-31, 2020-12-31] examines only 2020 days.
    expect(cal.workdaysBetween('2019-12-31', '2020-12-31')).toEqual({ days: 249, calendarComplete: true, missingYears: [] });
  });

  it.each([
    [2020, 249],
    [2021, 250],
    [2022, 249],
    [2023, 249],
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('%i 年全年工作日共 %i 天（DOMAIN.md §8.2）', (year, expected) => {
    let n = 0;
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = cal.addCalendarDays(d, 1, false).date) if (cal.isWorkday(d)) n++;
    expect(n).toBe(expected);
    // Same total through workdaysBetween, which counts (from, to].
    expect(cal.workdaysBetween(`${year}-01-01`, `${year}-12-31`).days + (cal.isWorkday(`${year}-01-01`) ? 1 : 0)).toBe(expected);
  });
});

describe('导入一年的日历', () => {
  const good: CalendarYearImport = {
    year: 2027,
    notice: ['https://www.gov.cn/zhengce/zhengceku/202611/content_0000000.htm'],
    offDays: ['2027-01-01'],
    makeupWorkdays: [],
  };

  it('仓库自带的每一年都通过校验', () => {
    expect(years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of years) {
      expect(validateCalendarYear(y)).toEqual([]);
      expect(calendarYearImportSchema.safeParse(y).success).toBe(true);
    }
  });

  it('调休上班日不是周末则拒绝', () => {
    expect(validateCalendarYear({ ...good, makeupWorkdays: ['2027-01-06'] })).toEqual([
      '调休上班日 2027-01-06 是星期三，不是周末',
    ]);
  });

  it('同一天既放假又上班则拒绝，重复日期也拒绝', () => {
    expect(validateCalendarYear({ ...good, offDays: ['2027-01-02'], makeupWorkdays: ['2027-01-02'] })).toEqual([
      '日期 2027-01-02 同时列为放假和调休上班',
    ]);
    expect(validateCalendarYear({ ...good, offDays: ['2027-01-01', '2027-01-01'] })).toEqual(['放假日期重复：2027-01-01']);
  });

  it('不存在的日期、离该年太远的日期则拒绝；跨年前后几天的日期允许', () => {
    expect(validateCalendarYear({ ...good, offDays: ['2027-02-30'] })).toEqual(['放假日期不存在或格式有误：2027-02-30']);
    expect(validateCalendarYear({ ...good, offDays: ['2028-05-01'] })).toEqual([
      '放假日期 2028-05-01 不在 2027 年内（仅允许跨年前后 7 天）',
    ]);
    expect(validateCalendarYear({ ...good, offDays: ['2026-12-31', '2027-01-01'] })).toEqual([]);
  });

  it('没有放假日期、年份越界或缺少通知网址则拒绝', () => {
    expect(validateCalendarYear({ ...good, offDays: [] })).toEqual(['放假日期为空：每年都有法定节假日，请核对通知']);
    expect(validateCalendarYear({ ...good, year: 1999 })[0]).toContain('超出范围');
    expect(validateCalendarYear({ ...good, notice: [] })[0]).toContain('通知');
    expect(calendarYearImportSchema.safeParse({ ...good, notice: ['国办发明电'] }).success).toBe(false);
    expect(calendarYearImportSchema.safeParse({ ...good, notice: ['国办发明电〔2026〕7号'] }).success).toBe(true);
    expect(calendarYearImportSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
  });
});

describe('工作日倒数（提醒用）', () => {
  it('counting back over the 2026 Spring Festival skips the break and stops on the 调休 Saturday', () => {
    // 25 Feb (Wed) − 1 working day = 24 Feb (Tue); − 2 = 14 Feb (the 调休 Saturday), because 15–23 are off.
    expect(cal.subtractWorkdays('2026-02-25', 1).date).toBe('2026-02-24');
    expect(cal.subtractWorkdays('2026-02-25', 2).date).toBe('2026-02-14');
    expect(cal.subtractWorkdays('2026-02-25', 0).date).toBe('2026-02-25');
  });
});

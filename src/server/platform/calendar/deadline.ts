import type { WorkCalendar } from './calendar';

/**
 * Where a time limit stands today, in working days on both sides: 剩 N 个工作日 before it, 超期 N 个工作日
 * after it (the working days in (due date, today]; 0 on the weekend right after a Friday limit). Counting
 * overdue in calendar days beside remaining working days made a limit missed over a holiday look worse than
 * it is, and the two figures incomparable.
 */
export function deadlineOf(cal: WorkCalendar, dueDate: string | null, today: string, open: boolean) {
  if (!dueDate || !open) return null;
  if (dueDate >= today) {
    const r = cal.workdaysBetween(today, dueDate);
    return {
      date: dueDate,
      remainingWorkdays: r.days,
      overdueWorkdays: null,
      calendarComplete: r.calendarComplete,
      missingYears: r.missingYears,
    };
  }
  const r = cal.workdaysBetween(dueDate, today);
  return {
    date: dueDate,
    remainingWorkdays: null,
    overdueWorkdays: r.days,
    calendarComplete: r.calendarComplete,
    missingYears: [] as number[],
  };
}

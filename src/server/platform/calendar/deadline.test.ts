import { describe, expect, it } from 'vitest';
import { WorkCalendar } from './calendar';
import { deadlineOf } from './deadline';
import { bundledYears } from './import-format';

const years = bundledYears();
const cal = new WorkCalendar(
  years.flatMap((y) => [
    ...y.offDays.map((day) => ({ day, kind: 'off' as const })),
    ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const })),
  ]),
  years.map((y) => y.year),
);

describe('时限：剩余与超期都按工作日计', () => {
  it('a limit of 30 September missed over the National Day holiday is 1 working day overdue on 8 October, not 8 days', () => {
    expect(deadlineOf(cal, '2026-09-30', '2026-10-08', true)).toMatchObject({ overdueWorkdays: 1, remainingWorkdays: null });
  });

  it('a Friday limit is overdue on the weekend by 0 working days, and by 1 on Monday', () => {
    expect(deadlineOf(cal, '2026-11-20', '2026-11-21', true)).toMatchObject({ overdueWorkdays: 0 });
    expect(deadlineOf(cal, '2026-11-20', '2026-11-23', true)).toMatchObject({ overdueWorkdays: 1 });
  });

  it('before the limit it counts working days left, and a closed item has no deadline to show', () => {
    expect(deadlineOf(cal, '2026-11-30', '2026-11-23', true)).toMatchObject({ remainingWorkdays: 5, overdueWorkdays: null });
    expect(deadlineOf(cal, '2026-11-20', '2026-11-23', false)).toBeNull();
  });
});

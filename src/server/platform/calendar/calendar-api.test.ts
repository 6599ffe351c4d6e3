import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME } from '../../org/demo-data';

/**
 * A made-up 2027 in the import format (the State Council had not published 2027 when this was written):
 * 元旦 1–3 January, and a 调休 Saturday. Only the shape matters to these tests.
 */
const year2027 = {
  year: 2027,
  notice: ['国办发明电〔2026〕99号'],
  offDays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  makeupWorkdays: ['2027-02-13'],
};

describe.each(engines)('calendar over HTTP (%s)', (engine) => {
  let t: TestApp;
  let sys: Client;
  let clerk: Client;

  beforeAll(async () => {
    t = await startTestApp(engine);
    sys = await signedIn(t, 'sysadmin');
    clerk = await signedIn(t, DEMO_CLERK_USERNAME);
  });
  afterAll(() => t.close());

  it('a 5-working-day period started before the 2026 Spring Festival ends after it', async () => {
    // Thursday 12 February + 5 working days: 13th (Fri), 14th (调休 Sat), then the break 15–23, 24th, 25th, 26th.
    const res = await clerk.get('/api/v1/calendar/due-date?from=2026-02-12&days=5&unit=working');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ date: '2026-02-26', calendarComplete: true, missingYears: [] });
  });

  it('a calendar-day period ending in the National Day break moves to the next working day, unless told not to', async () => {
    const moved = await clerk.get('/api/v1/calendar/due-date?from=2026-09-21&days=10&unit=calendar');
    expect(moved.body.date).toBe('2026-10-08');
    const kept = await clerk.get('/api/v1/calendar/due-date?from=2026-09-21&days=10&unit=calendar&extendIfOff=false');
    expect(kept.body.date).toBe('2026-10-01');
  });

  it('counts working days between two dates across the holiday', async () => {
    const res = await clerk.get('/api/v1/calendar/workdays?from=2026-09-30&to=2026-10-12');
    expect(res.status).toBe(200);
    // 8, 9 (Thu, Fri), 10 (调休 Sat), 12 (Mon)
    expect(res.body).toMatchObject({ days: 4, calendarDays: 12, calendarComplete: true });
  });

  it('says when the answer runs into a year whose calendar is not loaded', async () => {
    const res = await clerk.get('/api/v1/calendar/due-date?from=2027-03-01&days=3&unit=working');
    expect(res.status).toBe(200);
    expect(res.body.calendarComplete).toBe(false);
    expect(res.body.missingYears).toEqual([2027]);
  });

  it('refuses bad queries in Chinese', async () => {
    const bad = await clerk.get('/api/v1/calendar/due-date?from=2026-02-30&days=5&unit=working');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await clerk.get('/api/v1/calendar/due-date?from=2026-02-01&days=-1&unit=working')).status).toBe(400);
    expect((await clerk.get('/api/v1/calendar/due-date?from=2026-02-01&days=1&unit=lunar')).status).toBe(400);
  });

  it('only the system administrator imports a year; others are refused and nothing changes', async () => {
    const refused = await clerk.post('/api/v1/calendar/years', year2027);
    expect(refused.status).toBe(403);
    expect((await clerk.get('/api/v1/calendar/due-date?from=2027-03-01&days=3&unit=working')).body.calendarComplete).toBe(false);
    for (const who of ['secadmin', 'auditor']) {
      const admin = await signedIn(t, who);
      expect((await admin.post('/api/v1/calendar/years', year2027)).status).toBe(403);
    }
  });

  it('an invalid year is refused whole, with each problem named', async () => {
    const weekdayMakeup = { ...year2027, makeupWorkdays: ['2027-02-12'] }; // a Friday
    const res = await sys.post('/api/v1/calendar/years', weekdayMakeup);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('不是周末');
    const outside = await sys.post('/api/v1/calendar/years', { ...year2027, offDays: ['2026-06-01'] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('不在 2027 年内');
    const years = await sys.get('/api/v1/calendar/years');
    expect(years.body.items.map((y: { year: number }) => y.year)).not.toContain(2027);
  });

  it('after the system administrator imports 2027, deadlines into 2027 are complete and follow it', async () => {
    const res = await sys.post('/api/v1/calendar/years', year2027);
    expect(res.status).toBe(201);
    // Thursday 4 February 2027 + 2 working days: 5th is off, 6–7 weekend, 8–11 off, 12th (Fri), 13th (调休 Sat).
    const due = await clerk.get('/api/v1/calendar/due-date?from=2027-02-04&days=2&unit=working');
    expect(due.body).toEqual({ date: '2027-02-13', calendarComplete: true, missingYears: [] });
    const detail = await sys.get('/api/v1/calendar/years/2027');
    expect(detail.status).toBe(200);
    expect(detail.body.version).toBe(1);

    // Importing again makes a new revision, and the audit log records both.
    const again = await sys.post('/api/v1/calendar/years', { ...year2027, makeupWorkdays: [] });
    expect(again.status).toBe(201);
    expect((await sys.get('/api/v1/calendar/years/2027')).body.version).toBe(2);
    const due2 = await clerk.get('/api/v1/calendar/due-date?from=2027-02-04&days=2&unit=working');
    expect(due2.body.date).toBe('2027-02-15');
    const auditor = await signedIn(t, 'auditor');
    const events = await auditor.get('/api/v1/audit/events?action=calendar.import&limit=50');
    expect(events.status).toBe(200);
    const imports2027 = events.body.items.filter((e: { targetId: string }) => e.targetId === '2027');
    expect(imports2027).toHaveLength(2);
  });
});

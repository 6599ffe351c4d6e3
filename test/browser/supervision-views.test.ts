/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import {
  BROWSER_TEST,
  browserRequired,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn, type Client } from '../support/app';
import { person, unit } from '../../src/server/org/schema';

// 督查督办's views in chromium (issue 16 §6): 发改委's registrar opens the unit board from the navigation, the leader
// answerable opens their page from the register's header, the 督查室 the calendar of deadlines; each at 1280 px and at
// 375 px without sideways scrolling.

describe.skipIf(!haveChromium && !browserRequired)('督查督办 views in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startRig();
    const db = rig.t.database.db;
    const unitId = async (name: string) => (await db.select({ id: unit.id }).from(unit).where(eq(unit.name, name)))[0]!.id;
    const personId = async (name: string) =>
      (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
    const [ndrc, finance, leader] = [
      await unitId('江州市发展和改革委员会'),
      await unitId('江州市财政局'),
      await personId('孙海涛'),
    ];
    const chief: Client = await signedIn(rig.t, 'zhaochunmei');
    const registrar: Client = await signedIn(rig.t, 'chenghao');
    // Monday 2026-11-23 (the rig's clock): three items for 发改委 — one signed for, one to sign for, one it assists.
    const open = async (name: string, title: string, over: Record<string, unknown>) => {
      const r = await chief.post('/api/v1/supervision', {
        title,
        source: 'leaderInstruction',
        requirement: '请按批示要求抓紧落实，按期报送办理情况。',
        leadUnitId: ndrc,
        leaderPersonId: leader,
        ...over,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made[name] = r.body.itemId as string;
      expect((await chief.post(`/api/v1/supervision/${made[name]}/assign`, {})).status).toBe(200);
    };
    await open('handling', '落实市委书记关于城区内涝治理的批示，年底前拿出内涝点位整治方案', {
      deadline: { date: '2026-12-14' },
      cadence: { kind: 'weekly', weekday: 5 },
    });
    await open('pending', '推进城区老旧小区改造', { deadline: { date: '2026-11-27' } });
    await open('assisting', '优化营商环境专项行动', {
      source: 'meeting',
      leadUnitId: finance,
      assistingUnitIds: [ndrc],
      leaderPersonId: null,
      deadline: { date: '2026-12-18' },
    });
    const detail = await registrar.get(`/api/v1/supervision/${made.handling}`);
    const [rid] = detail.body.myReceipts as string[];
    expect((await registrar.post(`/api/v1/supervision/${made.handling}/receipts/${rid}/accept`, {})).status).toBe(200);
    const after = await registrar.get(`/api/v1/supervision/${made.handling}`);
    const task = (after.body.myTasks as { id: string; stepKey: string }[]).find((x) => x.stepKey === 'handle');
    expect(task).toBeTruthy();
    const report = await registrar.post(`/api/v1/tasks/${task!.id}/progress`, { text: '已完成点位摸排，共18处。' });
    expect(report.status).toBe(201);
    // A week on: the item to sign for by Friday is late; the weekly report was sent ahead, the next one due 12-04.
    rig.t.clock.set('2026-11-30T03:00:00Z');
  });
  afterAll(() => rig?.close());

  /** The page at a width: no sideways scrolling, no page errors, a screenshot to look at. */
  async function fits(page: Page, name: string, width: number) {
    await settled(page);
    expect(await hasHorizontalScroll(page), `${name} at ${width}px`).toBe(false);
    await screenshot(page, `supervision-${name}-${width}px`);
  }

  for (const width of [1280, 375]) {
    it(`程浩 (发改委 文书) opens the unit board: each group with its count (${width} px)`, async () => {
      const { page, context, errors } = await openPage(rig, width, 800);
      await signInAs(page, 'chenghao');
      if (width === 1280) {
        // The registrar's navigation offers the board.
        await page.getByRole('menuitem', { name: '单位督办看板' }).click();
        await page.waitForURL('**/supervision/board');
      } else await page.goto('/supervision/board');
      await page.getByText('督办看板：江州市发展和改革委员会').waitFor();
      const count = (g: string) => page.getByTestId(`board-group-${g}`).getByTestId('board-count').innerText();
      await page.getByTestId('board-row').first().waitFor();
      expect([await count('pending'), await count('handling'), await count('overdue'), await count('done')]).toEqual([
        '1 件',
        '1 件',
        '1 件',
        '0 件',
      ]);
      const handling = await page.getByTestId('board-group-handling').innerText();
      for (const text of ['落实市委书记关于城区内涝治理的批示', '主办', '2026-12-14', '绿灯', '下次进展报告：2026-12-04'])
        expect(handling).toContain(text);
      expect(await page.getByTestId('board-group-pending').innerText()).toContain('协办');
      expect(await page.getByTestId('board-group-overdue').innerText()).toContain('红灯');
      await fits(page, 'board', width);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`孙海涛 opens his page from the register's header: each item, where it stands, the latest report (${width} px)`, async () => {
      const { page, context, errors } = await openPage(rig, width, 800);
      await signInAs(page, 'sunhaitao');
      await page.goto('/supervision');
      // The register's header leads to the other views.
      await page.getByTestId('supervision-row').first().waitFor();
      await fits(page, 'register-views', width);
      await page.getByTestId('supervision-views').getByRole('link', { name: '领导督办' }).click();
      await page.waitForURL('**/supervision/leader');
      await page.getByTestId('leader-row').first().waitFor();
      expect(await page.getByTestId('leader-row').count()).toBe(2);
      const first = await page.getByTestId('leader-row').first().innerText();
      // Soonest due first: the item still to sign for, past its date.
      expect(first).toContain('推进城区老旧小区改造');
      expect(first).toContain('红灯');
      expect(await page.getByTestId('leader-report').innerText()).toBe('已完成点位摸排，共18处。');
      await fits(page, 'leader', width);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`赵春梅 opens the calendar of deadlines: a month grid on a desktop, the days as a list on a phone (${width} px)`, async () => {
      const { page, context, errors } = await openPage(rig, width, 800);
      await signInAs(page, 'zhaochunmei');
      await page.goto('/supervision');
      await page.getByTestId('supervision-views').getByRole('link', { name: '期限日历' }).click();
      await page.waitForURL('**/supervision/calendar');
      // The month of today (the rig's clock: November 2026); the next month by the arrow.
      expect(await page.getByTestId('calendar-month').innerText()).toBe('2026 年 11 月');
      await page.getByTestId('calendar-item').first().waitFor();
      await page.getByRole('button', { name: '下月' }).click();
      await page.waitForURL((u) => u.searchParams.get('month') === '2026-12');
      await page.getByTestId('calendar-item').nth(1).waitFor();
      expect(await page.getByTestId('calendar-item').count()).toBe(2);
      if (width === 1280) {
        expect(await page.getByTestId('calendar-grid').count()).toBe(1);
        const day14 = page.locator('[data-testid="calendar-day"][data-date="2026-12-14"]');
        expect(await day14.innerText()).toContain('落实市委书记');
        expect(await page.locator('[data-testid="calendar-day"][data-date="2026-12-05"]').getAttribute('data-off')).toBe('true');
      } else {
        expect(await page.getByTestId('calendar-grid').count()).toBe(0);
        expect(await page.getByTestId('calendar-day').count()).toBe(2);
      }
      await fits(page, 'calendar', width);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

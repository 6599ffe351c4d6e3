/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  BROWSER_TEST,
  browserRequired,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { pdfPages } from '../support/pdf';

// 座次 in chromium: a clerk types names in protocol order, sees the rostrum as the audience does (2 right of 1 under
// 以左为上, the mirror under 以右为上, rows of the size chosen), on a phone too, and takes the table cards as a PDF.

const NAMES = ['李建国', '王志强', '张伟', '刘海燕', '陈明', '杨光辉', '赵晓东', '孙海涛'];

const rowNames = (page: Page, row: number) =>
  page
    .getByTestId(`seating-row-${row}`)
    .locator('[data-seat]')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));

describe.skipIf(!haveChromium && !browserRequired)('座次 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  for (const width of [1280, 375]) {
    it(`at ${width} px the preview follows the names, the rule and the row size`, async () => {
      const { page, context, errors } = await openPage(rig, width, 812);
      try {
        await signInAs(page, 'xunuo');
        await page.goto('/meetings/seating');
        await page.getByTestId('seating-title').fill('全市经济工作会议');
        await page.getByTestId('seating-names').fill(NAMES.join('\n'));
        await page.getByTestId('seating-row-1').waitFor();
        await expect
          .poll(() => rowNames(page, 1))
          .toEqual(['7赵晓东', '5陈明', '3张伟', '1李建国', '2王志强', '4刘海燕', '6杨光辉', '8孙海涛']);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, `seating-${width}px`);

        await page.getByRole('radio', { name: '以右为上（外事、商务活动）' }).check();
        await expect
          .poll(() => rowNames(page, 1))
          .toEqual(['8孙海涛', '6杨光辉', '4刘海燕', '2王志强', '1李建国', '3张伟', '5陈明', '7赵晓东']);
        await page.getByRole('radio', { name: '以左为上（党政会议）' }).check();
        await page.getByTestId('seating-row-size').fill('5');
        await expect.poll(() => rowNames(page, 2)).toEqual(['8孙海涛', '6杨光辉', '7赵晓东']);
        expect(await rowNames(page, 1)).toEqual(['5陈明', '3张伟', '1李建国', '2王志强', '4刘海燕']);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, `seating-rows-${width}px`);

        // A name too long is the server's refusal, shown in place of the preview.
        await page.getByTestId('seating-names').fill('李建国\n' + '很'.repeat(21));
        await expect.poll(() => page.getByTestId('seating-preview-error').textContent()).toContain('不能超过 20 字');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('the table cards download as a PDF, a page a person', async () => {
    const { page, context, errors } = await openPage(rig);
    try {
      await signInAs(page, 'xunuo');
      await page.goto('/meetings/seating');
      await page.getByTestId('seating-title').fill('全市经济工作会议');
      await page.getByTestId('seating-names').fill(NAMES.slice(0, 3).join('\n'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seating-cards-pdf').click()]);
      expect(download.suggestedFilename()).toBe('全市经济工作会议 桌签.pdf');
      const pages = await pdfPages(readFileSync(await download.path()));
      expect(pages.map((p) => p.text.replace(/\s+/gu, ''))).toEqual(NAMES.slice(0, 3).map((n) => n + n));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

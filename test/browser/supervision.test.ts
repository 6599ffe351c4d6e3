/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn } from '../support/app';

// 督查督办 in chromium: the 督查室 opens an item (立项) from the register, the server's rules speak in the form, the
// leader named sees it, someone it does not concern does not, and a phone shows it without sideways scrolling.

const TITLE = '推进城区老旧小区改造';

/** Fills what every 立项 needs: the item, its source, the requirement and the lead unit (found by typing). */
async function fillRequired(page: Page) {
  await page.locator('#supervision_title').fill(TITLE);
  // The statutory kind is asked only for 人大建议/政协提案, the source that runs on the statutory clock.
  await choose(page, page.locator('#supervision_source'), '', '人大代表建议、政协委员提案');
  await page.getByRole('radio', { name: '政协委员提案' }).waitFor();
  await choose(page, page.locator('#supervision_source'), '', '会议议定事项');
  expect(await page.getByRole('radio', { name: '政协委员提案' }).count()).toBe(0);
  await page.locator('#supervision_sourceText').fill('市委常委会第12次会议纪要');
  await page.locator('#supervision_requirement').fill('年底前完成首批12个小区改造方案，报市委。');
  await choose(page, page.getByTestId('lead-unit'), '发展和改革', '江州市发展和改革委员会');
}

describe.skipIf(!haveChromium && !browserRequired)('督查督办 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let itemId = '';
  const itemsOfChief = async () =>
    ((await (await signedIn(rig.t, 'zhaochunmei')).get('/api/v1/supervision')).body.items as { itemId: string }[]).length;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  it('赵春梅 opens 督办登记簿, 立项 with units found by typing, and lands on 督〔2026〕1号 due in 15 working days', async () => {
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'zhaochunmei');
    await page.goto('/supervision');
    await page.getByTestId('supervision-new').click();
    await page.waitForURL('**/supervision/new');
    await fillRequired(page);
    await choose(page, page.getByTestId('assisting-units'), '财政', '江州市财政局');
    await choose(page, page.getByTestId('person-picker'), '孙海涛', '孙海涛');
    await page.getByLabel('每周', { exact: true }).check();
    await choose(page, page.locator('#supervision_weekday'), '', '五');
    await settled(page);
    await screenshot(page, 'supervision-new-1280px');
    await page.getByTestId('supervision-submit').click();
    await page.waitForURL((u) => /^\/supervision\/(?!new)[^/]+$/.test(u.pathname));
    itemId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('registry-no').filter({ hasText: '督〔2026〕1号' }).waitFor();
    // The test clock is Monday 2026-11-23: 15 working days on is Monday 2026-12-14.
    expect(await page.getByTestId('due-date').textContent()).toBe('2026-12-14');
    expect(await page.getByTestId('light').textContent()).toBe('绿灯');
    expect(await page.getByTestId('cadence').textContent()).toBe('每周五报告');
    const fields = await page.getByTestId('supervision-fields').innerText();
    for (const text of ['会议议定事项', '江州市发展和改革委员会', '江州市财政局', '孙海涛', '交办'])
      expect(fields).toContain(text);
    await screenshot(page, 'supervision-item-1280px');

    await page.goto('/supervision');
    const row = page.getByTestId('supervision-row').filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.innerText()).toContain('督〔2026〕1号');
    expect(await row.innerText()).toContain('绿灯');
    await screenshot(page, 'supervision-register-1280px');

    // The filters ask the server: another source lists nothing, the lead unit typed in part finds the item again.
    await choose(page, page.getByLabel('来源', { exact: true }), '', '群众反映');
    await page.getByText('暂无事项').waitFor();
    await page.goto('/supervision');
    await choose(page, page.getByLabel('承办单位', { exact: true }), '发展和改革', '江州市发展和改革委员会');
    await page.waitForURL((u) => u.searchParams.has('unitId'));
    await row.waitFor();
    // The counts by light are the server's for these filters; a click on one filters by it.
    await page.getByTestId('light-count-green').filter({ hasText: '绿灯 1 件' }).waitFor();
    await page.getByTestId('light-count-red').click();
    await page.waitForURL((u) => u.searchParams.get('light') === 'red');
    await page.getByText('暂无事项').waitFor();
    await page.getByTestId('light-count-green').click();
    await row.waitFor();
    // 导出Excel takes the filters on screen and saves the file under the register's name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^督办登记簿-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // 督查室设置: a yellow window of 20 working days lights the item (due in 15) yellow at once; back to 3, green again.
    const setWindow = async (from: string, to: string) => {
      await page.getByTestId('supervision-settings').click();
      const days = page.getByLabel('黄灯提前天数');
      await days.waitFor();
      expect(await days.inputValue()).toBe(from);
      await days.fill(to);
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    };
    await setWindow('3', '20');
    await page.getByTestId('light-count-yellow').filter({ hasText: '黄灯 1 件' }).waitFor();
    await page.getByTestId('light-count-green').filter({ hasText: '绿灯 0 件' }).waitFor();
    await setWindow('20', '3');
    await page.getByTestId('light-count-green').filter({ hasText: '绿灯 1 件' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a report every 2 working days without a reason: the server's words by the form, and nothing is opened", async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, 'zhaochunmei');
    await page.goto('/supervision/new');
    await fillRequired(page);
    await page.getByLabel('每 N 个工作日', { exact: true }).check();
    await page.locator('#supervision_workdays').fill('2');
    // The reason field shows, marked required; the rule is the server's.
    await page.locator('#supervision_cadenceReason').waitFor();
    await page.getByTestId('supervision-submit').click();
    await page.getByTestId('form-error').filter({ hasText: '报告频次高于每周一次的，须写明理由（基层减负）' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/supervision/new');
    expect(await itemsOfChief()).toBe(1);
    await screenshot(page, 'supervision-new-error-1280px');
    await context.close();
  });

  it('at 375 px the register, the form and the item fit the screen', async () => {
    const { page, context, errors } = await openPage(rig, 375, 812);
    await signInAs(page, 'zhaochunmei');
    for (const [path, name] of [
      ['/supervision', 'register'],
      ['/supervision/new', 'new'],
      [`/supervision/${itemId}`, 'item'],
    ] as const) {
      await page.goto(path);
      await page
        .locator(name === 'item' ? '[data-testid="registry-no"]' : '.ant-card-head-title')
        .first()
        .waitFor();
      if (name === 'register') {
        await page.getByTestId('supervision-row').first().waitFor();
        // The filters are a drawer on a phone; the search, the export and the counts by light stay on the page.
        await page.getByTestId('register-filters').click();
        await page.getByLabel('来源', { exact: true }).waitFor();
        await page.keyboard.press('Escape');
        await page.getByLabel('来源', { exact: true }).waitFor({ state: 'hidden' });
        // 督查室设置 fits a phone too.
        await page.getByTestId('supervision-settings').click();
        await page.getByLabel('黄灯提前天数').waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'supervision-settings-375px');
        await page.keyboard.press('Escape');
        await page.locator('.ant-modal').waitFor({ state: 'hidden' });
      }
      await settled(page);
      expect(await hasHorizontalScroll(page), path).toBe(false);
      await screenshot(page, `supervision-${name}-375px`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('孙海涛, the 责任领导 named, sees the item; 许诺, whom it does not concern, does not', async () => {
    const leader = await openPage(rig);
    await signInAs(leader.page, 'sunhaitao');
    await leader.page.goto('/supervision');
    await leader.page.getByTestId('supervision-row').filter({ hasText: TITLE }).getByRole('link').click();
    await leader.page.getByTestId('registry-no').filter({ hasText: '督〔2026〕1号' }).waitFor();
    await leader.context.close();

    const outsider = await openPage(rig);
    await signInAs(outsider.page, 'xunuo');
    await outsider.page.goto('/supervision');
    await outsider.page.getByText('暂无事项').waitFor();
    expect(await outsider.page.getByTestId('supervision-row').count()).toBe(0);
    expect(await outsider.page.getByTestId('supervision-new').count()).toBe(0);
    await outsider.page.goto(`/supervision/${itemId}`);
    await outsider.page.getByTestId('supervision-error').waitFor();
    await outsider.context.close();
  });
});

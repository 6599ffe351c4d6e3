/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_REGISTRAR_USERNAME } from '../../src/server/org/demo-data';
import { Client } from '../support/app';
import {
  BROWSER_TEST,
  browserRequired,
  hasHorizontalScroll,
  haveChromium,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

describe.skipIf(!haveChromium && !browserRequired)('API tokens in chromium, on a phone', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let token = '';

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  async function as(username: string, steps: (page: Page) => Promise<void>, width = 375) {
    const { page, context, errors } = await openPage(rig, width, 800);
    await signInAs(page, username);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `tokens-failed-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  const asIntegration = (url: string) =>
    new Client(rig.t.app).request('GET', url, undefined, { authorization: `Bearer ${token}` });

  it('the registrar creates a token for 30 days that only reads 收文, and sees it once', async () => {
    await as(DEMO_REGISTRAR_USERNAME, async (page) => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'API 令牌' }).click();
      await page.waitForURL('**/tokens');
      await page.getByRole('button', { name: '创建令牌' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('用途').fill('公文交换系统对接');
      // 30 days is the default end; an end is always there.
      await dialog.getByText('30 天').waitFor();
      // Without a scope the form does not submit.
      await dialog.getByRole('button', { name: '创建令牌' }).click();
      await dialog.getByText('请至少为一项选择只读或读写').waitFor();
      await dialog.getByTestId('scope-incoming').getByText('只读').click();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'tokens-create-375px');
      await dialog.getByRole('button', { name: '创建令牌' }).click();
      const shown = page.getByTestId('new-token');
      await shown.waitFor();
      token = (await shown.textContent())!.trim();
      expect(token).toMatch(/^zs_/);
      await page.getByText('令牌只显示这一次').waitFor();
      await page.getByRole('button', { name: '我已保存，关闭' }).click();
      await settled(page);
      expect(await page.getByTestId('new-token').count()).toBe(0);
      const row = page.getByTestId('token-row').filter({ hasText: '公文交换系统对接' });
      await row.getByText('收文 · 只读').waitFor();
      await row.getByTestId('token-status').getByText('有效').waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'tokens-own-375px');
    });
    expect((await asIntegration('/api/v1/incoming')).status).toBe(200);
    expect((await asIntegration('/api/v1/outgoing')).status).toBe(403);
  });

  it('the security administrator finds the token among everyone’s and revokes it', async () => {
    await as('secadmin', async (page) => {
      await page.getByRole('tab', { name: 'API 令牌' }).click();
      const row = page.getByTestId('admin-token-row').filter({ hasText: '公文交换系统对接' });
      await row.getByText('陈静').waitFor();
      await row.getByText('收文 · 只读').waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await row.getByTestId('token-revoke').click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /吊\s?销/ })
        .click();
      await page.getByText('令牌已吊销').waitFor();
      // Live tokens only by default: the revoked one leaves the list, and is there with every token.
      await row.waitFor({ state: 'detached' });
      await page.getByTestId('tokens-active-only').click();
      await row.getByText('安全保密管理员吊销').waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'security-tokens-375px');
    });
    expect((await asIntegration('/api/v1/incoming')).status).toBe(401);
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERK_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from '../../src/server/org/demo-data';
import { signedIn } from '../support/app';
import {
  BROWSER_TEST,
  browserRequired,
  haveChromium,
  openPage,
  screenshot,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

describe.skipIf(!haveChromium && !browserRequired)('sessions in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  it('signs in with the keyboard alone, with the focus visible', async () => {
    const { page, context } = await openPage(rig);
    await page.goto('/login');
    await page.locator('#username').waitFor();
    // The user name field has the focus on arrival; Tab reaches the password; Enter submits.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.type(DEMO_CLERK_USERNAME);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.type('Zhongshu@2026');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // Tabs of the workbench follow the arrow keys.
    await page.getByRole('tab', { name: /待办/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: /待阅/, selected: true }).waitFor();
    await context.close();
  });

  it('a reset account must set a new password before anything else', async () => {
    const sys = await signedIn(rig.t, 'sysadmin');
    const people = (await sys.get('/api/v1/org/people?q=黄晓东')).body.items as { id: string }[];
    expect(
      (await sys.post(`/api/v1/admin/users/${people[0]!.id}/reset-password`, { temporaryPassword: 'Temp#2026reset' })).status,
    ).toBe(204);

    const { page, context } = await openPage(rig);
    await signInAs(page, 'huangxiaodong', 'Temp#2026reset');
    await page.getByText('您的密码已被重置').waitFor();
    await screenshot(page, 'password-change-forced');
    // The API refuses business reads until the password is changed.
    expect((await page.request.get('/api/v1/workbench/summary')).status()).toBe(403);
    await page.fill('#currentPassword', 'Temp#2026reset');
    await page.fill('#newPassword', 'huangxiaodong');
    await page.fill('#confirm', 'huangxiaodong');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /不符合要求/ })
      .waitFor();
    await page.fill('#newPassword', 'Qiushi#2026');
    await page.fill('#confirm', 'Qiushi#2026');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await context.close();
  });

  it('signing out ends the session on the server', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, DEMO_SECRETARY_GENERAL_USERNAME);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.locator('#username').waitFor();
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await page.goto('/');
    await page.locator('#username').waitFor();
    expect(page.url()).toContain('/login');
    await context.close();
  });

  it('on a phone, a person sees where they are signed in and ends the other browser', async () => {
    const desk = await openPage(rig);
    await signInAs(desk.page, 'yangguangming');
    await desk.page.getByRole('heading', { name: '工作台' }).waitFor();
    const phone = await openPage(rig, 375, 800);
    await signInAs(phone.page, 'yangguangming');
    await phone.page.getByRole('heading', { name: '工作台' }).waitFor();
    await phone.page.getByTestId('user-menu').click();
    await phone.page.getByText('我的登录').click();
    const rows = phone.page.getByTestId('session-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: '本浏览器' }).count()).toBe(1);
    await screenshot(phone.page, 'sessions-375px');
    await rows.filter({ hasNotText: '本浏览器' }).getByTestId('session-end').click();
    await phone.page
      .getByRole('dialog')
      .getByRole('button', { name: /结\s?束/ })
      .click();
    await rows.nth(1).waitFor({ state: 'detached' });
    expect((await desk.page.request.get('/api/v1/me')).status()).toBe(401);
    expect(phone.errors).toEqual([]);
    await desk.context.close();
    await phone.context.close();
  });
});

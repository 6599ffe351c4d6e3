/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  SCREENSHOTS,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn } from '../support/app';
import { person } from '../../src/server/org/schema';

// The 督办 story in chromium, each person on their own page: the 督查室 turns the secretary-general's 批示 on a 收文
// into a 督办 item (转督办 beside the 批示) and 交办s it; the 发改委's registrar, on a phone, signs for it and sends the
// 办结报告 to the unit's director, who signs it; the 督查室 销号s it; the secretary-general reads the result (呈阅).

describe.skipIf(!haveChromium && !browserRequired)('督办 from 批示 to 呈阅 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let incomingId = '';
  let itemId = '';

  /** One person's page, closed after: what they do, and the page has no script errors. */
  async function as(username: string, path: string, act: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, width < 500 ? 812 : 800);
    await signInAs(page, username);
    await page.goto(path);
    await act(page);
    expect(errors).toEqual([]);
    await context.close();
  }

  beforeAll(async () => {
    rig = await startRig();
    // The 收文 and the secretary-general's 批示 on it, by the office's own steps through the API.
    const db = rig.t.database.db;
    const idOf = async (name: string) => (await db.select({ id: person.id }).from(person).where(eq(person.name, name)))[0]!.id;
    const registrar = await signedIn(rig.t, 'chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕52号',
      title: '关于做好城市防汛排涝工作的通知',
      classification: '公开',
      urgency: '加急',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    incomingId = reg.body.itemId as string;
    const step = async (who: string, key: string, body: Record<string, unknown>) => {
      const c = await signedIn(rig.t, who);
      const d = (await c.get(`/api/v1/incoming/${incomingId}`)).body as {
        myTasks: { id: string; version: number; stepKey: string }[];
      };
      const task = d.myTasks.find((x) => x.stepKey === key)!;
      const r = await c.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step('chenjing', 'screen', { decision: 'handle', next: { personIds: [await idOf('孙海涛')] } });
    await step('sunhaitao', 'propose', { opinion: '建议呈周文斌同志阅示。', next: { personIds: [await idOf('周文斌')] } });
    await step('zhouwenbin', 'assign', { opinion: '请市发改委牵头，年底前拿出内涝点位整治方案，督查室跟踪督办。' });
  });
  afterAll(() => rig?.close());

  it('赵春梅 turns the 批示 into a 督办 item beside it, and 交办s it to the 发改委', async () => {
    await as('zhaochunmei', `/incoming/${incomingId}`, async (page) => {
      const instruction = page.getByTestId('opinion').filter({ hasText: '督查室跟踪督办' });
      await instruction.getByTestId('derive-supervision').click();
      await page.waitForURL((u) => u.pathname === '/supervision/new' && u.searchParams.has('opinion'));
      await page.getByTestId('derive-source').filter({ hasText: '关于做好城市防汛排涝工作的通知' }).waitFor();
      // The requirement quotes the leader; the source is his 批示.
      await page.locator('#supervision_requirement').filter({ hasText: '周文斌同志批示：' }).waitFor();
      expect(await page.locator('#supervision_sourceText').inputValue()).toContain('周文斌同志2026年11月23日批示');
      await choose(page, page.getByTestId('lead-unit'), '发展和改革', '江州市发展和改革委员会');
      await settled(page);
      await screenshot(page, 'supervision-derive-1280px');
      await page.getByTestId('supervision-submit').click();
      await page.waitForURL((u) => /^\/supervision\/(?!new)[^/]+$/.test(u.pathname));
      itemId = new URL(page.url()).pathname.split('/').pop()!;
      // 交办: the item goes to the unit to sign for.
      await page.getByTestId('assign-submit').click();
      await page
        .getByTestId(/^receipt-/)
        .filter({ hasText: '待签收' })
        .waitFor();
      await screenshot(page, 'supervision-assigned-1280px');
      // The 发改委 sends it back (退办, through the API: its own page is the next step's); the 督查室, on a phone,
      // 重新交办 with a later date for it, which becomes the item's.
      await page.setViewportSize({ width: 375, height: 812 });
      const unit = await signedIn(rig.t, 'chenghao');
      const [rid] = ((await unit.get(`/api/v1/supervision/${itemId}`)).body as { myReceipts: string[] }).myReceipts;
      const back = await unit.post(`/api/v1/supervision/${itemId}/receipts/${rid}/return`, { reason: '整治范围不明确。' });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      await page.reload();
      const receipt = page.getByTestId(/^receipt-/);
      await receipt.filter({ hasText: '已退办' }).getByTestId('receipt-resend').click();
      await receipt.getByText('不填则沿用原期限 2026-12-14；主办单位的新期限即为本事项的办理期限。').waitFor();
      await receipt.getByTestId('resend-due').click();
      await page.keyboard.type('2026-12-18');
      await page.keyboard.press('Enter');
      await receipt.getByTestId('receipt-answer-note').fill('范围为主城区18处易涝点。');
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'supervision-resend-375px');
      await receipt.getByTestId('receipt-answer-confirm').click();
      await receipt.filter({ hasText: '待签收' }).filter({ hasText: '期限 2026-12-18' }).waitFor();
      await page.getByTestId('due-date').filter({ hasText: '2026-12-18' }).waitFor();
      // 修改: the 督查室 names the item in its own words and asks a report every 2 working days, with the reason
      // the unit will be told; more often than weekly is refused until the 报告周期 has its own reason.
      await page.getByTestId('edit-supervision').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#edit_title').fill('城区内涝点位整治');
      // The dialog starts from the item's cadence: one report, on the due date.
      expect(await dialog.getByLabel('到期时报告一次', { exact: true }).isChecked()).toBe(true);
      await dialog.getByLabel('每 N 个工作日', { exact: true }).check();
      await dialog.locator('#edit_workdays').fill('2');
      await dialog.getByTestId('edit-reason').fill('按批示精神明确事项名称和报告频次');
      await dialog.getByRole('button', { name: /确\s?定/ }).click();
      await page.locator('.ant-message').getByText('报告频次高于每周一次的，须写明理由（基层减负）').waitFor();
      await dialog.locator('#edit_cadenceReason').fill('汛期每两个工作日报告整治进展。');
      expect(await hasHorizontalScroll(page)).toBe(false);
      // The dialog whole on a tall phone screen: a full-page screenshot cuts a fixed dialog taller than the screen.
      await page.setViewportSize({ width: 375, height: 1400 });
      await settled(page);
      await page.screenshot({ path: join(SCREENSHOTS, 'supervision-edit-375px.png') });
      await page.setViewportSize({ width: 375, height: 812 });
      await dialog.getByRole('button', { name: /确\s?定/ }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByText('城区内涝点位整治').first().waitFor();
      expect(await page.getByTestId('cadence').textContent()).toBe('每 2 个工作日报告一次');
      await page.getByText('汛期每两个工作日报告整治进展。').waitFor();
    });
  });

  it('程浩 of the 发改委, on a phone, signs for it and sends the 办结报告 to the unit director', async () => {
    await as(
      'chenghao',
      `/supervision/${itemId}`,
      async (page) => {
        // Sent again with the new date and the 督查室's note.
        await page.getByTestId('receive-card').getByText('本单位为主办单位，期限 2026-12-18').waitFor();
        await page.getByTestId('receive-card').getByText('范围为主城区18处易涝点。').waitFor();
        await page.getByTestId('receive-accept').click();
        const panel = page.getByTestId('task-handle');
        await panel.waitFor();
        await panel.getByText('期限 2026-12-18').first().waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'supervision-handle-375px');
        await panel.locator('textarea').fill('已摸排内涝点位18处，整治方案已形成，分三批实施。');
        // The signer offered is the unit's own director.
        await panel.getByText('马志远').first().waitFor();
        await panel.getByRole('button', { name: /提\s?交/ }).click();
        await panel.waitFor({ state: 'detached' });
      },
      375,
    );
  });

  it('马志远 signs the report; 赵春梅 销号; 周文斌 reads the result', async () => {
    await as('mazhiyuan', `/supervision/${itemId}`, async (page) => {
      const panel = page.getByTestId('task-signoff');
      await panel.locator('textarea').fill('同意报送。');
      await panel.getByRole('button', { name: /提\s?交/ }).click();
      await panel.waitFor({ state: 'detached' });
    });
    await as('zhaochunmei', `/supervision/${itemId}`, async (page) => {
      await page.getByTestId('review-card').waitFor();
      await page.getByTestId('review-opinion').fill('办理到位，予以销号。');
      await page.getByTestId('review-submit').click();
      await page.getByTestId('supervision-fields').filter({ hasText: '已销号' }).waitFor();
      await screenshot(page, 'supervision-closed-1280px');
    });
    await as(
      'zhouwenbin',
      `/supervision/${itemId}`,
      async (page) => {
        const read = page.getByTestId('task-circulation');
        await read.waitFor();
        await page.getByText('已摸排内涝点位18处').first().waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'supervision-read-375px');
        await read.getByRole('button').last().click();
        await read.waitFor({ state: 'detached' });
      },
      375,
    );
  });

  it('the figures for the month, at desk and phone width, and the 督查通报 drafted from them as a 发文', async () => {
    await as(
      'zhaochunmei',
      '/supervision',
      async (page) => {
        await page.getByTestId('view-figures').first().click();
        await page.waitForURL('**/supervision/figures');
        const total = page.getByTestId('figures-total');
        // This month so far: the one item opened and closed.
        await total.locator('tr.ant-table-row').first().waitFor();
        expect(await total.locator('tr.ant-table-row td').first().textContent()).toBe('1');
        await settled(page);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'supervision-figures-375px');
      },
      375,
    );
    await as('zhaochunmei', '/supervision/figures', async (page) => {
      await page.getByTestId('figures-by-unit').getByText('江州市发展和改革委员会').waitFor();
      await screenshot(page, 'supervision-figures-1280px');
      await page.getByTestId('draft-bulletin').click();
      await page.waitForURL((u) => /^\/outgoing\/[^/]+$/.test(u.pathname));
      await page.getByText('督查督办工作情况的通报').first().waitFor();
      await screenshot(page, 'supervision-bulletin-draft-1280px');
    });
  });
});

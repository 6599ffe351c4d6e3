/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot as capture,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

const TITLE = '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知';

/** A screenshot once the page has stopped moving (antd fades lists, dialogs and messages in and out). */
async function screenshot(page: Page, name: string) {
  await settled(page);
  await capture(page, name);
}

/** Pastes text into the focused field as the clipboard would. */
async function paste(target: Locator, text: string) {
  await target.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

describe.skipIf(!haveChromium && !browserRequired)('发文 in chromium, from 拟稿 to 核发 and the receipts', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let itemId = '';
  let docNo = '';

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  /** Signs in as someone in a fresh browser, opens a page (the document by default) and runs the steps. */
  async function as(username: string, steps: (page: Page) => Promise<void>, opts: { width?: number; path?: string } = {}) {
    const { page, context, errors } = await openPage(rig, opts.width ?? 1280, 900);
    await signInAs(page, username);
    await page.getByRole('heading').first().waitFor();
    if (opts.path !== '') {
      await page.goto(opts.path ?? `/outgoing/${itemId}`);
      if (!opts.path) await page.getByTestId('item-state').waitFor();
    }
    try {
      await steps(page);
    } catch (e) {
      await capture(page, `failed-outgoing-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  async function submitTask(page: Page, stepKey: string, button: RegExp = /提\s?交/) {
    const panel = page.getByTestId(`task-${stepKey}`);
    await panel.getByRole('button', { name: button }).click();
    await panel.waitFor({ state: 'detached' });
  }

  it('the drafter drafts a 通知 to 市发改委 and 市财政局: a format error shows while typing and goes when fixed', async () => {
    await as(
      'liuyang',
      async (page) => {
        await page.getByTestId('new-outgoing').click();
        await page.getByTestId('draft-editor').waitFor();
        // The drafter's own office is the issuer unless changed.
        await page.getByTestId('organ-od-issuers').getByText('中共江州市委办公室').waitFor();
        // 主送: a unit found by part of its name, another typed out in full and confirmed with Enter.
        const main = page.getByTestId('organ-od-mainRecipients');
        await choose(page, main, '发展和改革', '江州市发展和改革委员会');
        await main.getByText('江州市发展和改革委员会').waitFor();
        await main.click();
        await page.keyboard.type('市财政局');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await main.getByText('江州市财政局').waitFor();
        await choose(page, page.locator('#od-genre'), '通知', '通知');
        // A title that does not end with its 文种: F-TITLE-GENRE, with its source, as soon as typing stops.
        await page.fill('#od-title', '中共江州市委办公室关于做好2027年元旦春节期间值班工作');
        const error = page.getByTestId('finding').filter({ hasText: 'F-TITLE-GENRE' });
        await error.waitFor();
        expect(await error.textContent()).toContain('条例第八条');

        // 正文: Enter makes a paragraph, Alt+1 a numbered first-level heading; pasted lines keep their levels.
        await page.locator('#od-body-0').click();
        await page.keyboard.type('为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Alt+1');
        await page.keyboard.type('严格落实值班制度');
        expect(await page.inputValue('#od-body-1')).toBe('一、严格落实值班制度');
        await page.keyboard.press('Enter');
        await page.keyboard.type('各单位要严格执行24小时值班和领导干部带班制度，值班人员不得擅离岗位。');
        await page.keyboard.press('Enter');
        await paste(
          page.locator('#od-body-3'),
          '二、及时报送重要情况\n　　遇有重大突发事件，要按规定时限向市委总值班室报告，不得迟报、漏报、瞒报。\n',
        );
        expect(await page.inputValue('#od-body-3')).toBe('二、及时报送重要情况');
        expect(await page.inputValue('#od-body-4')).toBe(
          '遇有重大突发事件，要按规定时限向市委总值班室报告，不得迟报、漏报、瞒报。',
        );
        const paragraphs = page.getByTestId('paragraph');
        expect(await paragraphs.nth(3).getAttribute('class')).toContain('od-level-1');
        expect(await paragraphs.nth(4).getAttribute('class')).toContain('od-level-0');
        await page.getByTestId('checks-summary').filter({ hasText: '1 个错误' }).waitFor();
        await screenshot(page, 'outgoing-new-error');

        // Choosing the finding takes the cursor to the title; completing it clears the error.
        await error.locator('.od-finding-go').click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('od-title');
        await page.keyboard.press('End');
        await page.keyboard.type('的通知');
        await page.getByTestId('checks-summary').filter({ hasText: '未发现问题' }).waitFor();
        expect(await page.getByTestId('finding').count()).toBe(0);

        // What was typed survives a reload (a session that expires mid-draft loses nothing).
        await page.reload();
        await page.getByTestId('draft-restored').waitFor();
        expect(await page.inputValue('#od-title')).toBe(TITLE);
        expect(await page.inputValue('#od-body-4')).toContain('重大突发事件');
        await page.getByTestId('checks-summary').filter({ hasText: '未发现问题' }).waitFor();
        await screenshot(page, 'outgoing-new');

        await page.getByTestId('create-outgoing').click();
        await page.getByTestId('item-state').filter({ hasText: '拟稿' }).waitFor();
        itemId = page.url().split('/').at(-1)!;
        await page.getByTestId('draft-view').getByText('二、及时报送重要情况').waitFor();
      },
      { path: '/outgoing' },
    );
  });

  it('送部门核稿 → 核稿 → 审核, where the reviewer edits, compares the versions, meets a conflict, and sends it for 签发', async () => {
    await as('liuyang', async (page) => {
      const panel = page.getByTestId('task-draft');
      await panel.getByRole('radio', { name: '送部门核稿' }).check();
      await choose(page, panel.getByTestId('person-picker'), '黄晓东', '黄晓东');
      await submitTask(page, 'draft');
      await page.getByTestId('item-state').filter({ hasText: '部门核稿' }).waitFor();
    });
    await as('huangxiaodong', async (page) => {
      await page.getByTestId('task-deptCheck').locator('textarea').fill('已核。');
      await submitTask(page, 'deptCheck');
    });
    await as('chenjing', async (page) => {
      await page.getByTestId('edit-draft').click();
      await page.fill('#od-body-4', '遇有重大突发事件，要按规定时限向市委总值班室报告，严禁迟报、漏报、瞒报。');
      await page.getByTestId('save-draft').click();
      await page.getByTestId('draft-view').getByText('严禁迟报').waitFor();

      // Version 1 against version 2, side by side: the changed characters marked.
      const versions = page.getByTestId('versions');
      await versions.getByTestId('compare').click();
      const row = page.getByTestId('diff-row').filter({ hasText: '正文（第5段）' });
      await row.waitFor();
      expect(await row.locator('del').allTextContents()).toEqual(['不得']);
      expect(await row.locator('ins').allTextContents()).toEqual(['严禁']);
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'outgoing-compare');

      // Someone saves while the reviewer edits: the save is refused and the edits stay.
      await page.getByTestId('edit-draft').click();
      await page.fill('#od-note', '此件不公开。');
      const csrf = await page.evaluate(() => sessionStorage.getItem('zs.csrf'));
      const current = (await (await page.request.get(`/api/v1/outgoing/${itemId}`)).json()) as {
        document: { version: number; draft: Record<string, unknown> };
      };
      const put = await page.request.put(`/api/v1/outgoing/${itemId}/draft`, {
        headers: { 'x-csrf-token': csrf! },
        data: { baseVersion: current.document.version, draft: { ...current.document.draft, note: '此件公开发布。' }, note: null },
      });
      expect(put.status()).toBe(200);
      await page.getByTestId('save-draft').click();
      await page.getByTestId('save-conflict').waitFor();
      expect(await page.inputValue('#od-note')).toBe('此件不公开。');
      await page.getByRole('button', { name: '载入最新一稿' }).click();
      await expect.poll(() => page.inputValue('#od-note')).toBe('此件公开发布。');
      await page.getByTestId('save-conflict').waitFor({ state: 'detached' });
      await page
        .getByRole('button', { name: /取\s?消/ })
        .first()
        .click();

      const panel = page.getByTestId('task-officeReview');
      await panel.getByRole('radio', { name: '呈送签发' }).check();
      await panel.locator('textarea').fill('拟同意，请周秘书长签发。');
      await choose(page, panel.getByTestId('person-picker'), '周文斌', '周文斌');
      await submitTask(page, 'officeReview');
      await page.getByTestId('item-state').filter({ hasText: '签发' }).waitFor();
    });
  });

  it('the leader signs on a phone: title, checks, the text, an opinion and a big 签发 button, no sideways scrolling', async () => {
    await as(
      'zhouwenbin',
      async (page) => {
        const panel = page.getByTestId('task-sign');
        await panel.waitFor();
        await page.getByTestId('checks-summary').first().waitFor();
        await page.getByTestId('draft-view').getByText('一、严格落实值班制度').waitFor();
        await panel.locator('textarea').fill('同意。');
        const button = panel.getByRole('button', { name: /签\s?发/ });
        const box = (await button.boundingBox())!;
        expect(box.width).toBeGreaterThan(300);
        expect(box.height).toBeGreaterThanOrEqual(40);
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'outgoing-sign-375px');
        await page.getByTestId('task-sign').scrollIntoViewIfNeeded();
        await page.screenshot({ path: 'test-output/screenshots/outgoing-sign-375px-task.png' });
        await button.click();
        await panel.waitFor({ state: 'detached' });
        await page.getByTestId('item-state').filter({ hasText: '复核' }).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
      },
      { width: 375 },
    );
  });

  it('the registrar rechecks and numbers in one card: later steps wait, disabled, saying why; the 文号 is seen before 编号', async () => {
    await as('chenjing', async (page) => {
      const card = page.getByTestId('registrar-card');
      const printStep = card.getByTestId('reg-step-print');
      await printStep.getByTestId('reg-why').filter({ hasText: '须先完成“登记编号”' }).waitFor();
      expect(await printStep.getByRole('button', { name: '印制完成' }).isDisabled()).toBe(true);
      // The number 编号 would give, as it will print, said to be a preview.
      const preview = card.getByTestId('number-preview');
      const expected = (await preview.getByTestId('number-preview-docno').textContent())!;
      expect(expected).toMatch(/^江委办发〔2026〕\d+号$/);
      expect(await preview.textContent()).toContain('预览');
      await screenshot(page, 'outgoing-registrar');

      await card.getByTestId('task-recheck').getByRole('radio', { name: '复核无误' }).check();
      await submitTask(page, 'recheck', /提交复核/);
      await card.getByTestId('reg-step-recheck').filter({ hasText: '陈静于' }).waitFor();
      await card.getByTestId('task-number').getByTestId('number-preview-docno').filter({ hasText: expected }).waitFor();
      await submitTask(page, 'number', /编\s?号/);
      // The number given is the one previewed (nobody took it in between).
      await page.getByTestId('doc-no').filter({ hasText: expected }).waitFor();
      docNo = expected;
      await page.getByTestId('view-docno').filter({ hasText: docNo }).waitFor();
      await card.getByTestId('reg-summary-number').filter({ hasText: docNo }).waitFor();
      await card.getByTestId('task-print').waitFor();
      expect(page.url()).toContain(`/outgoing/${itemId}`);
      await screenshot(page, 'outgoing-registrar-numbered');
    });
  });

  it('on a phone the registrar prints (印数 and 份号, a range that does not match is held back) and distributes', async () => {
    await as(
      'chenjing',
      async (page) => {
        const print = page.getByTestId('task-print');
        await print.locator('#od-print-count').fill('3');
        await print.locator('#od-copyno-from').fill('000001');
        expect(await print.locator('#od-copyno-to').inputValue()).toBe('000003');
        await print.locator('#od-copyno-to').fill('000005');
        await print.getByTestId('task-blocked').filter({ hasText: '份号共 5 份，与印数 3 份不符' }).waitFor();
        expect(await print.getByRole('button', { name: '印制完成' }).isDisabled()).toBe(true);
        await print.locator('#od-copyno-to').fill('000003');
        await print.locator('textarea').fill('已印制 3 份。');
        expect(await hasHorizontalScroll(page)).toBe(false);
        await print.scrollIntoViewIfNeeded();
        await screenshot(page, 'outgoing-registrar-print-375px');
        await submitTask(page, 'print', /印制完成/);
        await page.getByTestId('print-record').filter({ hasText: '印数 3 份 · 份号 000001—000003' }).waitFor();
        await page
          .getByTestId('registrar-card')
          .getByTestId('reg-summary-print')
          .filter({ hasText: '份号 000001—000003' })
          .waitFor();
        // Before 核发 the card says whom the system will reach.
        await page
          .getByTestId('task-distribute')
          .getByTestId('distribution-preview')
          .filter({ hasText: '核发后系统送达 2 个单位' })
          .waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await submitTask(page, 'distribute', /核\s?发/);
        await page.getByTestId('item-state').filter({ hasText: '已办结' }).waitFor();
        const deliveries = page.getByTestId('deliveries');
        await deliveries.getByTestId('delivery-status-delivered').nth(1).waitFor();
        expect(await deliveries.getByTestId('delivery').count()).toBe(2);
        // The clean copy as the GB/T 9704 .docx.
        const docx = await page.request.get((await page.getByTestId('download-docx').getAttribute('href'))!);
        expect(docx.status()).toBe(200);
        expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
        await screenshot(page, 'outgoing-distributed');
      },
      { width: 375 },
    );
  });

  it('市发改委 signs for it from 待签收 (a 收文 linked back); 市财政局 sends it back with a reason', async () => {
    await as(
      'chenghao',
      async (page) => {
        await page.getByRole('menuitem', { name: '待签收' }).click();
        const row = page.getByTestId('inbox-row').filter({ hasText: docNo });
        await row.waitFor();
        await screenshot(page, 'outgoing-inbox');
        await row.getByTestId('sign-for').click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /签\s?收/ })
          .click();
        await page.waitForURL(/\/incoming\/[0-9a-f-]+$/);
        await page.getByTestId('item-state').filter({ hasText: '初审' }).waitFor();
        const link = page.getByTestId('item-links').getByRole('link');
        // The receiver reads the issued copy, not the sender's record.
        expect(await link.getAttribute('href')).toBe(`/outgoing/${itemId}/issued`);
        await screenshot(page, 'outgoing-signed-for-as-incoming');
        await link.click();
        await page.getByTestId('issued-page').waitFor();
        await page.getByTestId('issued-receipt').filter({ hasText: '已签收' }).waitFor();
        expect(await page.getByTestId('doc-no').textContent()).toBe(docNo);
        await page.getByTestId('draft-view').waitFor();
        expect(await page.getByTestId('deliveries').count()).toBe(0);
        expect(await page.getByTestId('sign-for').count()).toBe(0);
        await screenshot(page, 'outgoing-issued-copy');
      },
      { path: '' },
    );
    await as(
      'weifang',
      async (page) => {
        // On a phone: open the issued copy from 待签收, read it, send it back from there.
        const row = page.getByTestId('inbox-row').filter({ hasText: docNo });
        await row.getByRole('link', { name: /值班/ }).click();
        await page.getByTestId('issued-page').waitFor();
        await page.getByTestId('draft-view').waitFor();
        await screenshot(page, 'outgoing-issued-copy-375px');
        await page.getByTestId('return-delivery').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('退文理由').fill('本局不属于该文件的主送范围，请核实。');
        await dialog.getByRole('button', { name: /退\s?文/ }).click();
        await page.getByTestId('issued-receipt').filter({ hasText: '本局不属于该文件的主送范围' }).waitFor();
        expect(await page.getByTestId('return-delivery').count()).toBe(0);
        await page.goto('/outgoing/inbox');
        await page.getByRole('tab', { name: '已退文' }).click();
        await page.getByTestId('inbox-row').filter({ hasText: '本局不属于该文件的主送范围' }).waitFor();
      },
      { width: 375, path: '/outgoing/inbox' },
    );
  });

  it('the sender sees both receipts, every opinion and the versions', async () => {
    await as('liuyang', async (page) => {
      const deliveries = page.getByTestId('deliveries');
      const signed = deliveries.getByTestId('delivery').filter({ hasText: '江州市发展和改革委员会' });
      await signed.getByTestId('delivery-status-signed').waitFor();
      expect(await signed.textContent()).toMatch(/收文号 \S+/);
      const returned = deliveries.getByTestId('delivery').filter({ hasText: '江州市财政局' });
      await returned.getByTestId('delivery-status-returned').waitFor();
      expect(await returned.textContent()).toContain('本局不属于该文件的主送范围，请核实。');
      // 核稿, 审核, 签发 and 印制 left opinions.
      expect(await page.getByTestId('opinion').count()).toBe(4);
      await screenshot(page, 'outgoing-receipts');
    });
  });

  it('文号登记簿: the number used for the document, a reservation cancelled with its reason', async () => {
    await as(
      'chenjing',
      async (page) => {
        await page.getByRole('menuitem', { name: '文号登记簿' }).click();
        await choose(page, page.getByLabel('文号登记簿'), '江委办发', '江委办发');
        const used = page.getByTestId('number-used').filter({ hasText: docNo });
        await used.waitFor();
        expect(await used.getByRole('link').getAttribute('href')).toBe(`/outgoing/${itemId}`);
        // The number the document carries offers no 作废.
        expect(await used.getByTestId('cancel-number').count()).toBe(0);
        await page.getByLabel('预留用途（可不填）').fill('市委常委会会议纪要');
        await page.getByTestId('reserve').click();
        const reserved = page.getByTestId('number-reserved').filter({ hasText: '市委常委会会议纪要' });
        await reserved.getByTestId('cancel-number').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('作废原因').fill('会议延期，纪要不再印发。');
        await dialog.getByRole('button', { name: /作\s?废/ }).click();
        await page.getByTestId('number-cancelled').filter({ hasText: '会议延期，纪要不再印发。' }).waitFor();
        await dialog.waitFor({ state: 'hidden' });
        await page.getByTestId('register-summary').filter({ hasText: '作废 1 个' }).waitFor();
        await screenshot(page, 'outgoing-registers');
      },
      { path: '' },
    );
  });

  it('the 发文登记簿 is a list of cards on a phone', async () => {
    await as(
      'chenjing',
      async (page) => {
        await page
          .getByTestId('outgoing-row')
          .filter({ hasText: docNo })
          .filter({ hasText: '印数 3 份 000001—000003' })
          .waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'outgoing-list-375px');
      },
      { width: 375, path: '/outgoing' },
    );
  });
});

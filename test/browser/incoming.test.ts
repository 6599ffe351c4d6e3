/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  openPage,
  screenshot,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

describe.skipIf(!haveChromium && !browserRequired)('收文 in chromium, from 签收 to 办结', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let itemId = '';

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  /** Signs in as someone in a fresh browser, opens the document and runs the steps. */
  async function as(username: string, steps: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, 900);
    await signInAs(page, username);
    await page.getByRole('heading').first().waitFor();
    await page.goto(`/incoming/${itemId}`);
    await page.getByTestId('item-state').waitFor();
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `failed-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  async function submitTask(page: Page, stepKey: string) {
    const panel = page.getByTestId(`task-${stepKey}`);
    await panel.getByRole('button', { name: /提\s?交/ }).click();
    await panel.waitFor({ state: 'detached' });
  }

  it('the registrar registers a document through the form, and the 发文字号 is normalised', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.getByRole('heading').first().waitFor();
    await page.goto('/incoming/new');
    await page.fill('#incoming_senderName', '中共江南省委办公厅');
    await page.fill('#incoming_docNo', '江南委办发(2026)第052号');
    await page.getByText('将登记为：江南委办发〔2026〕52号').waitFor();
    await page.fill('#incoming_title', '关于做好2027年元旦春节期间走访慰问困难群众工作的通知');
    await page.locator('#incoming_mainRecipients').fill('各市委，省直各单位');
    await page.getByRole('button', { name: '添加附件' }).click();
    await page.getByLabel('附件 1 名称').fill('走访慰问对象名单');
    // The attachment's file goes up with the registration and is on the document afterwards.
    await page
      .locator('input[type=file]')
      .nth(2)
      .setInputFiles({
        name: '走访慰问对象名单.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%走访慰问对象名单\n%%EOF\n'),
      });
    await page.getByTestId('register-file').filter({ hasText: '走访慰问对象名单.pdf' }).waitFor();
    await screenshot(page, 'incoming-register-form');
    await page.getByRole('button', { name: '签收登记' }).click();
    await page.getByTestId('item-state').filter({ hasText: '初审' }).waitFor();
    itemId = page.url().split('/').at(-1)!;
    await page.getByText('江南委办发〔2026〕52号').waitFor();
    await page.getByText('走访慰问对象名单').first().waitFor();
    const file = page.getByTestId('item-file').filter({ hasText: '走访慰问对象名单.pdf' });
    await file.waitFor();
    const href = await file.getByRole('link', { name: /下载/ }).getAttribute('href');
    const got = await page.request.get(href!);
    expect(got.status()).toBe(200);
    expect((await got.body()).toString()).toContain('%PDF-1.4');
    await context.close();
  });

  it('a received file dropped on the form pre-fills it, and says what to check', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, 'maxiaoyan');
    await page.goto('/incoming/new');
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: '江政办发〔2026〕58号.txt',
        mimeType: 'text/plain',
        buffer: readFileSync(
          join(process.cwd(), 'src/server/modules/incoming/import/fixtures/01-tongzhi-shizhengfu-bangongshi.txt'),
        ),
      });
    await page.getByTestId('import-result').filter({ hasText: '江政办发〔2026〕58号.txt' }).waitFor();
    expect(await page.inputValue('#incoming_senderName')).toBe('江州市人民政府办公室');
    expect(await page.inputValue('#incoming_docNo')).toBe('江政办发〔2026〕58号');
    expect(await page.inputValue('#incoming_title')).toBe('江州市人民政府办公室关于做好2027年元旦春节期间安全生产工作的通知');
    expect(await page.inputValue('#incoming_writtenDate')).toMatch(/^2026-/);
    expect(await page.getByLabel(/^附件 \d 名称$/).count()).toBe(3);
    // The dropped file is kept as the 正文 to go with the registration.
    await page.getByTestId('register-file').filter({ hasText: '江政办发〔2026〕58号.txt' }).waitFor();
    await screenshot(page, 'incoming-import');
    // What was filled in is kept as a draft like anything typed.
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.inputValue('#incoming_docNo')).toBe('江政办发〔2026〕58号');
    await context.close();
  });

  it('a clerk of the same office, outside the flow, cannot open it', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, 'liuyang');
    await page.getByRole('heading').first().waitFor();
    await page.goto(`/incoming/${itemId}`);
    await page.getByTestId('incoming-error').waitFor();
    expect((await page.request.get(`/api/v1/incoming/${itemId}`)).status()).toBe(404);
    await context.close();
  });

  it('初审 → 拟办 → 批办 (with 传阅 to three leaders) → 分办 to a lead and two assisting units', async () => {
    await as('chenjing', async (page) => {
      const panel = page.getByTestId('task-screen');
      await panel.getByRole('radio', { name: '批办' }).check();
      await choose(page, panel.getByTestId('person-picker'), '孙海涛', '孙海涛');
      await submitTask(page, 'screen');
    });
    await as('sunhaitao', async (page) => {
      const panel = page.getByTestId('task-propose');
      await choose(page, panel.getByLabel('常用语'), '建议', '建议呈领导阅示。');
      await panel
        .locator('textarea')
        .fill('建议呈周文斌同志阅示。拟由市发改委牵头，市财政局、市教育局配合办理，并送市委领导传阅。');
      await choose(page, panel.getByTestId('person-picker'), '周文斌', '周文斌');
      await submitTask(page, 'propose');
    });
    await as('zhouwenbin', async (page) => {
      const panel = page.getByTestId('task-assign');
      await panel.locator('textarea').fill('同意拟办意见。请市发改委牵头抓好落实，12月4日前报送情况。');
      await submitTask(page, 'assign');
      await page.getByRole('button', { name: '发起传阅' }).click();
      const dialog = page.getByRole('dialog');
      for (const name of ['郑国华', '何丽萍', '宋建国']) await choose(page, dialog.getByTestId('person-picker'), name, name);
      await dialog.getByRole('button', { name: /传\s?阅/ }).click();
      await page.getByTestId('circulation-not-read').filter({ hasText: '郑国华、何丽萍、宋建国' }).waitFor();
      await screenshot(page, 'incoming-circulation-started');
    });
    await as('chenjing', async (page) => {
      const panel = page.getByTestId('task-dispatch');
      for (const [unit, due] of [
        ['发展和改革', '2026-12-04'],
        ['财政局', '2026-12-02'],
        ['教育局', '2026-12-02'],
      ] as const) {
        await panel.getByRole('button', { name: '添加承办单位' }).click();
        const row = panel.getByTestId('unit-row').last();
        await choose(page, row.getByLabel('承办单位'), unit, unit);
        await row.getByLabel('办理时限').fill(due);
        await row.getByLabel('办理时限').press('Enter');
      }
      await screenshot(page, 'incoming-dispatch');
      await submitTask(page, 'dispatch');
      await page.getByTestId('item-state').filter({ hasText: '承办' }).waitFor();
    });
  });

  it('the three leaders read it from their workbench; the units handle it, the lead replies, the registrar closes it', async () => {
    for (const leader of ['zhengguohua', 'heliping', 'songjianguo']) {
      const { page, context } = await openPage(rig);
      await signInAs(page, leader);
      await page.getByTestId('tab-toRead').click();
      const row = page.getByTestId('workbench-row').filter({ hasText: '走访慰问困难群众' });
      await row.getByRole('button', { name: /已\s?阅/ }).click();
      await row.waitFor({ state: 'detached' });
      await context.close();
    }
    for (const [who, text] of [
      ['weifang', '市财政局已安排慰问资金 1200 万元。'],
      ['donglei', '市教育局已摸排困难师生家庭 326 户。'],
      ['chenghao', '市发改委已会同有关部门制定走访慰问方案。'],
    ] as const) {
      await as(who, async (page) => {
        await page.getByTestId('task-handle').locator('textarea').fill(text);
        await submitTask(page, 'handle');
      });
    }
    await as('chenghao', async (page) => {
      await page.getByTestId('task-reply').locator('textarea').fill('已将落实情况报告省委办公厅。');
      await submitTask(page, 'reply');
    });
    await as('chenjing', async (page) => {
      await page.getByTestId('task-close').locator('textarea').fill('已按领导批示办理完毕，答复已报送。');
      await submitTask(page, 'close');
      await page.getByTestId('item-state').filter({ hasText: '已办结' }).waitFor();
      await page.getByTestId('filing-status').filter({ hasText: '待归档' }).waitFor();
      await page.getByTestId('circulation-not-read').filter({ hasText: '无' }).waitFor();
      await screenshot(page, 'incoming-closed');
      // All three have read it: the registrar ends the circulation; their access ends with it.
      await page.getByTestId('circulation-close').click();
      await page.getByRole('dialog').getByRole('button', { name: '结束传阅' }).click();
      await page.getByTestId('circulation-ended').filter({ hasText: '结束' }).waitFor();
      expect(await page.getByTestId('circulation-close').count()).toBe(0);
      // 拟办, 批办, three units' handling, the reply and the 办结 summary: 初审 and 已阅 leave no opinion.
      expect(await page.getByTestId('opinion').count()).toBe(7);
    });
  });

  it('the processing sheet lists every opinion with name, post and date, and fits a phone', async () => {
    await as('chenjing', async (page) => {
      // The PDF button serves the server-made sheet in the same session.
      const href = await page.getByTestId('sheet-pdf').getAttribute('href');
      const pdf = await page.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.goto(`/incoming/${itemId}/sheet`);
      await page.getByText('文件处理单').first().waitFor();
      const texts = await page.getByTestId('sheet-opinion').allTextContents();
      expect(texts).toHaveLength(7);
      expect(texts.join('\n')).toContain('周文斌（市委常委、秘书长）');
      expect(texts.join('\n')).toMatch(/2026年11月23日/);
      await screenshot(page, 'incoming-processing-sheet');
    });
    await as(
      'zhouwenbin',
      async (page) => {
        expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)).toBe(
          false,
        );
        await screenshot(page, 'incoming-375px');
      },
      375,
    );
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { department, unit } from '../../src/server/org/schema';
import { account } from '../../src/server/platform/auth/schema';
import { itemPages } from '../support/item-pages';
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

/** A small PDF: what the server takes as one (its header), enough for a report's file. */
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** 申请延期 and 报告进展 by the holder, 同意 by the one who gave the task out, on a phone; the record shows both. */
describe.skipIf(!haveChromium && !browserRequired)('延期 and 进展报告 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  const ids = new Map<string, string>();
  const depts = new Map<string, string>();
  const { as, submit } = itemPages(() => rig.t, '/api/v1/incoming');

  beforeAll(async () => {
    rig = await startRig();
    for (const a of await rig.t.database.db.select().from(account)) ids.set(a.username, a.personId);
    const units = new Map((await rig.t.database.db.select().from(unit)).map((u) => [u.shortName, u.id]));
    for (const d of await rig.t.database.db.select().from(department))
      if (d.unitId === units.get('市委办')) depts.set(d.name, d.id);
  });
  afterAll(() => rig?.close());

  async function onPage(username: string, path: string, steps: (page: Page) => Promise<void>, width = 375) {
    const { page, context, errors } = await openPage(rig, width, 800);
    await signInAs(page, username);
    await page.getByRole('heading').first().waitFor();
    await page.goto(path);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `failed-followups-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  it('the 秘书科 chief reports progress and asks for more time; the registrar who dispatched it approves; the record shows both', async () => {
    const reg = await (
      await as('chenjing')
    ).post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕318号',
      title: '关于做好岁末年初安全生产工作的通知',
      classification: '公开',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const itemId = reg.body.itemId as string;
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    await submit('zhouwenbin', itemId, 'assign', { opinion: '请秘书科办理。' });
    await submit('chenjing', itemId, 'dispatch', {
      next: { units: [{ departmentId: depts.get('秘书科'), role: 'lead', dueDate: '2026-12-04' }] },
    });

    await onPage('huangxiaodong', `/incoming/${itemId}`, async (page) => {
      const panel = page.getByTestId('task-handle');
      await panel.getByTestId('report-progress').click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('进展情况').fill('已部署各科室开展隐患排查，正在汇总。');
      // A file is optional: this report carries one, uploaded as it is chosen.
      await dialog
        .locator('input[type=file]')
        .setInputFiles({ name: '隐患排查汇总表.pdf', mimeType: 'application/pdf', buffer: PDF });
      await dialog.locator('.ant-upload-list-item-done').filter({ hasText: '隐患排查汇总表.pdf' }).waitFor();
      await settled(page);
      await screenshot(page, 'followups-report-dialog-phone');
      await dialog.getByRole('button', { name: '报告进展' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const sent = page.getByTestId('progress-report').filter({ hasText: '已部署各科室开展隐患排查' });
      await sent.getByTestId('progress-file').filter({ hasText: '隐患排查汇总表.pdf' }).waitFor();

      await panel.getByTestId('request-extension').click();
      dialog = page.getByRole('dialog');
      await dialog.getByText('现办理期限为 2026-12-04').waitFor();
      const date = dialog.locator('input[id^="extension-date-"]');
      await date.click();
      await date.fill('2026-12-09');
      await date.press('Enter');
      await dialog.getByLabel('延期理由').fill('涉及多个县区数据，需逐一核实。');
      await dialog.getByRole('button', { name: '申请延期' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page
        .getByTestId('extension')
        .filter({ hasText: '原期限 2026-12-04 → 申请 2026-12-09' })
        .filter({ hasText: '待审批' })
        .waitFor();
      await panel.getByTestId('cancel-extension').waitFor();
      expect(await panel.getByTestId('request-extension').count()).toBe(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      // 流转记录 on a phone: people and states keep to one line (the table scrolls in its card), not 已/取/消 stacked.
      const heights = await page
        .getByTestId('flow-history')
        .locator('[data-testid=history-assignee], [data-testid=history-state]')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(4);
      expect(Math.max(...heights)).toBeLessThan(30);
      await screenshot(page, 'followups-holder-phone');
    });

    await onPage('chenjing', `/incoming/${itemId}`, async (page) => {
      const card = page.getByTestId('extension-approval');
      await card.getByText('涉及多个县区数据，需逐一核实。').waitFor();
      await card.getByText('现期限 2026-12-04，申请延至 2026-12-09').waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'followups-approver-phone');
      await card.getByTestId('approve-extension').click();
      await card.waitFor({ state: 'detached' });
      await page.getByTestId('extension').filter({ hasText: '陈静同意，期限延至 2026-12-09' }).waitFor();
      await page.getByTestId('original-due').filter({ hasText: '原期限 2026-12-04' }).waitFor();
    });

    // On a desktop the registrar reads the report's file: listed under the report, downloaded as it was sent.
    await onPage(
      'chenjing',
      `/incoming/${itemId}`,
      async (page) => {
        const file = page
          .getByTestId('progress-report')
          .filter({ hasText: '已部署各科室开展隐患排查' })
          .getByTestId('progress-file')
          .filter({ hasText: '隐患排查汇总表.pdf' });
        await file.waitFor();
        const href = await file.getByRole('link', { name: '下载 隐患排查汇总表.pdf' }).getAttribute('href');
        const got = await page.request.get(href!);
        expect(got.status()).toBe(200);
        expect(Buffer.from(await got.body()).equals(PDF)).toBe(true);
        await file.getByRole('button', { name: '预览 隐患排查汇总表.pdf' }).waitFor();
        await screenshot(page, 'followups-record-desktop');
      },
      1280,
    );
  });
});

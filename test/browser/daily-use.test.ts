/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signedIn } from '../support/app';
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

/**
 * 办文 in daily use (issue 14): the principal leader (条例 Art.22) in the organisation and at 签发, the next
 * year's calendar asked for from 1 November, and the audit log in words. The test clock is 23 November 2026,
 * with the shipped calendar ending at 2026.
 */
describe.skipIf(!haveChromium && !browserRequired)('办文 in daily use, in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let itemId = '';
  let cityOfficeId = '';
  const ids = new Map<string, string>();

  beforeAll(async () => {
    rig = await startRig();
    const sys = await signedIn(rig.t, 'sysadmin');
    const units = (await sys.get('/api/v1/org/units')).body.items as { id: string; shortName: string }[];
    const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
    cityOfficeId = unit('市委办');
    for (const u of ['liuyang', 'huangxiaodong', 'zhouwenbin', 'sunhaitao']) {
      const p = (await sys.get(`/api/v1/org/people?q=${u}`)).body.items as { id: string; username: string }[];
      ids.set(u, p.find((x) => x.username === u)!.id);
    }
    // A 请示 of the city office, through 拟稿 and 核稿 to the registrar's 审核.
    const drafter = await signedIn(rig.t, 'liuyang');
    const created = await drafter.post('/api/v1/outgoing', {
      draft: {
        format: 'standard',
        genre: '请示',
        direction: 'up',
        issuers: [{ name: '中共江州市委办公室', unitId: unit('市委办') }],
        title: '中共江州市委办公室关于申请召开全市营商环境大会的请示',
        mainRecipients: [{ name: '中共江州市委', unitId: unit('江州市委') }],
        body: [
          { level: 0, text: '为进一步优化营商环境，拟于2027年1月召开全市营商环境大会。' },
          { level: 0, text: '妥否，请批示。' },
        ],
        signatureNames: ['中共江州市委办公室'],
        note: '联系人：黄晓东；联系电话：0791-88888888',
      },
    });
    itemId = created.body.itemId;
    const step = async (who: string, stepKey: string, body: Record<string, unknown>) => {
      const c = await signedIn(rig.t, who);
      const task = (
        (await c.get(`/api/v1/outgoing/${itemId}`)).body.myTasks as { id: string; version: number; stepKey: string }[]
      ).find((x) => x.stepKey === stepKey)!;
      expect((await c.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body })).status).toBe(200);
    };
    await step('liuyang', 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await step('huangxiaodong', 'deptCheck', { opinion: '已核。' });
  });
  afterAll(() => rig?.close());

  async function as(username: string, steps: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, 900);
    await signInAs(page, username);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `daily-use-failed-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  it('the registrar is told 2027 is missing, and sends a 请示 to 签发 with the principal leader offered and filled in', async () => {
    for (const width of [1280, 375]) {
      await as(
        'chenjing',
        async (page) => {
          await page.getByTestId('calendar-next-year-missing').filter({ hasText: '2027 年的工作日日历尚未载入' }).waitFor();
          expect(await hasHorizontalScroll(page)).toBe(false);
          await screenshot(page, `daily-use-workbench-calendar-${width}px`);

          await page.goto(`/outgoing/${itemId}`);
          const panel = page.getByTestId('task-officeReview');
          await panel.waitFor();
          await panel.getByRole('radio', { name: '呈送签发' }).check();
          await panel
            .getByTestId('principal-required')
            .filter({ hasText: '须由发文机关主要负责人签发' })
            .filter({ hasText: '周文斌' })
            .waitFor();
          await panel.getByTestId('person-picker').filter({ hasText: '周文斌' }).waitFor();
          await panel.screenshot({ path: `test-output/screenshots/daily-use-sign-note-${width}px.png` });
          await panel.getByTestId('person-picker').click();
          await page.locator('.ant-select-dropdown:visible').getByText('主要负责人（建议）').waitFor();
          // The register's name (with the unit's) is its widest control, once the registers have come.
          await expect.poll(() => page.getByTestId('registrar-settings').textContent()).toContain('中共江州市委办公室 · ');
          await settled(page);
          expect(await hasHorizontalScroll(page)).toBe(false);
          await screenshot(page, `daily-use-sign-picker-${width}px`);
          await page.keyboard.press('Escape');
        },
        width,
      );
    }
  });

  it('the system administrator sees the same notice, the principal leaders, and makes the office director the principal', async () => {
    await as('sysadmin', async (page) => {
      await page.goto(`/admin/org?unit=${cityOfficeId}`);
      await page.getByTestId('calendar-next-year-missing').getByRole('link', { name: '去导入' }).waitFor();
      const row = (name: string) => page.getByTestId('unit-panel').getByTestId('post-row').filter({ hasText: name });
      await row('周文斌').locator('.ant-tag', { hasText: '主要负责人' }).waitFor();
      await row('孙海涛').getByRole('button', { name: '设为主要负责人' }).click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.filter({ hasText: '原主要负责人 周文斌' }).waitFor();
      await confirm.getByRole('button', { name: '设为主要负责人' }).click();
      const tag = (name: string) => row(name).locator('.ant-tag', { hasText: '主要负责人' });
      await tag('孙海涛').waitFor();
      await expect.poll(() => tag('周文斌').count()).toBe(0);
      await screenshot(page, 'daily-use-org-principal');
    });
  });

  it('the auditor reads that change in words: the action, the post by name, the field old → new', async () => {
    for (const width of [1280, 375]) {
      await as(
        'auditor',
        async (page) => {
          await page.waitForURL('**/admin/audit');
          const row = page.getByTestId('audit-row').filter({ hasText: '修改职务' });
          await row
            .filter({ hasText: '孙海涛（市委副秘书长、办公室主任）' })
            .filter({ hasText: '主要负责人: 否 → 是' })
            .first()
            .waitFor();
          await page
            .getByTestId('audit-row')
            .filter({ hasText: '拟稿' })
            .filter({ hasText: '中共江州市委办公室关于申请召开全市营商环境大会的请示' })
            .first()
            .waitFor();
          expect(
            await page
              .getByTestId('audit-row')
              .filter({ hasText: /"[a-zA-Z]+":/ })
              .count(),
          ).toBe(0);
          expect(await hasHorizontalScroll(page)).toBe(false);
          await screenshot(page, `daily-use-audit-${width}px`);
        },
        width,
      );
    }
  });
});

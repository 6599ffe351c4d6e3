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
  screenshot as capture,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn, type Client } from '../support/app';
import { account } from '../../src/server/platform/auth/schema';
import { unit } from '../../src/server/org/schema';
import type { DraftInput, OrganRef } from '../../src/contract/outgoing-draft';

// 核发 and its receipts as the registrar uses them: organs outside the system look it in the picker and are
// recorded as 线下分发 after 核发; a returned document goes out again; 待签收 signs for several at once.

async function screenshot(page: Page, name: string) {
  await settled(page);
  await capture(page, name);
}

describe.skipIf(!haveChromium && !browserRequired)('核发, receipts and 待签收 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const clients = new Map<string, Client>();
  const api = async (username: string) => {
    if (!clients.has(username)) clients.set(username, await signedIn(rig.t, username));
    return clients.get(username)!;
  };
  const submit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown> = {}) => {
    const d = (await (await api(who)).get(`/api/v1/outgoing/${itemId}`)).body as {
      myTasks: { id: string; version: number; stepKey: string }[];
      checks: { findings: { rule: string }[] };
    };
    const task = d.myTasks.find((x) => x.stepKey === stepKey)!;
    const res = await (await api(who)).post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return d;
  };
  const unitRef = (short: string): OrganRef => ({ name: short, unitId: units.get(short)!, kind: 'organ' });
  /** A 通知 of 市委办 taken through the API up to 核发. */
  async function toDistribute(title: string, main: OrganRef[], cc: OrganRef[] = []) {
    const draft: DraftInput = {
      format: 'standard',
      genre: '通知',
      direction: 'down',
      issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办')! }],
      title: `中共江州市委办公室关于${title}的通知`,
      mainRecipients: main,
      body: [{ level: 0, text: '现将有关事项通知如下，请认真贯彻执行。' }],
      signatureNames: ['中共江州市委办公室'],
      ccRecipients: cc,
    };
    const created = await (await api('liuyang')).post('/api/v1/outgoing', { draft });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    await submit('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await submit('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await submit('chenjing', itemId, 'officeReview', {
      decision: 'sign',
      opinion: '请签发。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    const d = (await (await api('zhouwenbin')).get(`/api/v1/outgoing/${itemId}`)).body as {
      checks: { findings: { rule: string }[] };
    };
    for (const f of d.checks.findings)
      await (await api('zhouwenbin')).post(`/api/v1/outgoing/${itemId}/overrides`, { rule: f.rule, reason: '确认，线下送达。' });
    await submit('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    await submit('chenjing', itemId, 'recheck', { decision: 'ok' });
    await submit('chenjing', itemId, 'number');
    // 印制 is recorded through its own endpoint: 印数 (and 份号 where required) before the step completes.
    const printing = (
      (await (await api('maxiaoyan')).get(`/api/v1/outgoing/${itemId}`)).body as {
        myTasks: { stepKey: string | null; version: number }[];
      }
    ).myTasks.find((x) => x.stepKey === 'print')!;
    const printed = await (
      await api('maxiaoyan')
    ).post(`/api/v1/outgoing/${itemId}/print`, { version: printing.version, printCount: 3, opinion: '已印制。' });
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    return itemId;
  }

  beforeAll(async () => {
    rig = await startRig();
    for (const a of await rig.t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await rig.t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => rig?.close());

  async function as(username: string, path: string, steps: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, 900);
    await signInAs(page, username);
    await page.getByRole('heading').first().waitFor();
    await page.goto(path);
    try {
      await steps(page);
    } catch (e) {
      await capture(page, `failed-deliveries-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  it('in the picker a partial name + Enter takes the unit; a name typed with a slip looks outside the system and the check names it', async () => {
    await as('liuyang', '/outgoing/new', async (page) => {
      await page.getByTestId('draft-editor').waitFor();
      await choose(page, page.locator('#od-genre'), '通知', '通知');
      const main = page.getByTestId('organ-od-mainRecipients');
      await main.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
      // “清溪” + Enter: the first unit it finds, not the two characters as a name.
      await page.keyboard.type('清溪');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option-active')
        .filter({ hasText: '中共清溪县委' })
        .waitFor();
      await page.keyboard.press('Enter');
      await main.getByTestId('organ-unit').filter({ hasText: '中共清溪县委' }).waitFor();
      expect(await main.getByTestId('organ-outside').count()).toBe(0);
      // A slip of one character matches no unit: the only choice says it adds an organ outside the system.
      await page.keyboard.type('青溪县委办');
      await page.locator('.ant-select-dropdown:visible .od-organ-outside-option').filter({ hasText: '青溪县委办' }).waitFor();
      await screenshot(page, 'deliveries-picker-outside-option');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await main.getByTestId('organ-outside').filter({ hasText: '青溪县委办' }).waitFor();
      expect(await main.getByTestId('organ-unit').count()).toBe(1);
      const finding = page.getByTestId('finding').filter({ hasText: 'F-RECIPIENT-OUTSIDE' });
      await finding.waitFor();
      expect(await finding.textContent()).toContain('是否为“中共清溪县委办公室”');
      await screenshot(page, 'deliveries-picker-outside');
    });
  });

  let itemId = '';
  it('at 核发 the registrar sees who is outside the system, then records, corrects and withdraws the 线下分发 (desktop and phone)', async () => {
    itemId = await toDistribute(
      '做好冬季森林防火工作',
      [unitRef('东湖区委办'), { name: '中共青溪县委办公室', unitId: null, kind: 'organ' }],
      [{ name: '江南省人民政府办公厅', unitId: null, kind: 'organ' }],
    );
    await as('chenjing', `/outgoing/${itemId}`, async (page) => {
      const preview = page.getByTestId('distribution-preview');
      await preview.filter({ hasText: '中共青溪县委办公室' }).waitFor();
      expect(await preview.textContent()).toContain('江南省人民政府办公厅');
      await page
        .getByTestId('task-distribute')
        .getByRole('button', { name: /核\s?发/ })
        .click();
      await page.getByTestId('item-state').filter({ hasText: '已办结' }).waitFor();
      const cards = page.getByTestId('deliveries');
      await cards.getByTestId('delivery-counts').filter({ hasText: '需线下分发 2 个' }).waitFor();
      expect(await cards.getByTestId('delivery-counts').textContent()).toContain('已送达 1 个');
      await screenshot(page, 'deliveries-offline-pending');

      const row = cards.getByTestId('delivery').filter({ hasText: '中共青溪县委办公室' });
      await row.getByTestId('record-offline').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#offline-method').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '机要交换' }).click();
      await dialog.getByLabel('送达人').fill('马晓燕');
      await dialog.getByLabel('备注').fill('回执编号 J-1123-07');
      await dialog.getByRole('button', { name: /保\s?存/ }).click();
      await row.getByTestId('offline-receipt').filter({ hasText: '机要交换 · 马晓燕送达' }).waitFor();

      await row.getByTestId('correct-offline').click();
      await dialog.locator('#offline-method').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '专人送达' }).click();
      await dialog.getByLabel('更正理由').fill('实为专人送达，误选机要交换');
      await dialog.getByRole('button', { name: /保\s?存/ }).click();
      await row.getByTestId('offline-receipt').filter({ hasText: '专人送达' }).waitFor();
      await page.getByText('分发记录（2）').click();
      await page.getByTestId('delivery-log').filter({ hasText: '实为专人送达，误选机要交换' }).waitFor();
      // The 流转记录 lists them after the steps.
      await page.getByText('更正线下分发（中共青溪县委办公室）').waitFor();
      await screenshot(page, 'deliveries-offline-recorded');
    });
    await as(
      'chenjing',
      `/outgoing/${itemId}`,
      async (page) => {
        const row = page.getByTestId('deliveries').getByTestId('delivery').filter({ hasText: '中共青溪县委办公室' });
        await row.getByTestId('withdraw-offline').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('撤销理由').fill('送达人未送出，文件仍在机要室');
        await dialog.getByRole('button', { name: /撤销登记/ }).click();
        await row.getByTestId('record-offline').waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'deliveries-offline-375px');
      },
      375,
    );
  });

  it('a returned document is sent again from the receipts card on a phone; the unit finds it in 待签收 again', async () => {
    const sent = await toDistribute('开展安全生产大检查', [unitRef('清溪县委办')]);
    await submit('chenjing', sent, 'distribute');
    const qx = await api('panyulan');
    const inbox = (await qx.get('/api/v1/deliveries?status=delivered')).body.items as { id: string; sourceItemId: string }[];
    expect(
      (
        await qx.post(`/api/v1/deliveries/${inbox.find((r) => r.sourceItemId === sent)!.id}/return`, {
          reason: '附件缺页，请补齐后重新分发。',
        })
      ).status,
    ).toBe(204);
    await as(
      'chenjing',
      `/outgoing/${sent}`,
      async (page) => {
        const row = page.getByTestId('deliveries').getByTestId('delivery').filter({ hasText: '中共清溪县委办公室' });
        await row.getByTestId('delivery-status-returned').waitFor();
        await row.getByTestId('redistribute').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('附件缺页，请补齐后重新分发。').waitFor();
        await dialog.getByLabel('说明').fill('已补齐附件');
        await dialog.getByRole('button', { name: /重新分发/ }).click();
        await row.getByTestId('delivery-status-delivered').waitFor();
        await row.getByTestId('delivery-due').filter({ hasText: '签收期限' }).waitFor();
        // The 退文 and its reason stay in the 流转记录.
        await page.getByText('退文（中共清溪县委办公室）').waitFor();
        // Not signed for yet: the registrar chases the unit.
        await row.getByTestId('remind-delivery').click();
        const chase = page.getByRole('dialog');
        await chase.getByLabel('催办说明').fill('请今日签收');
        await chase.getByRole('button', { name: /催\s*办/ }).click();
        await row.getByTestId('delivery-due').filter({ hasText: '已催办 1 次' }).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'deliveries-redistributed-375px');
      },
      375,
    );
    await as('panyulan', '/outgoing/inbox', async (page) => {
      const row = page
        .getByTestId('inbox-row')
        .filter({ hasText: '开展安全生产大检查' })
        .filter({ has: page.getByTestId('sign-for') });
      await row.getByTestId('inbox-redistributed').waitFor();
    });
    // On the phone the receiving registrar finds 签收 among her 待办 and signs for it on the issued copy.
    await as(
      'panyulan',
      '/',
      async (page) => {
        await page.getByRole('link', { name: '开展安全生产大检查' }).first().click();
        await page.getByTestId('issued-page').waitFor();
        await page.getByTestId('sign-for').click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /签\s*收/ })
          .click();
        // 签收 made it a 收文 of 清溪, which opens next, naming the 发文 it came from.
        await page.waitForURL(/\/incoming\/[0-9a-f-]{36}$/);
        await page.getByText('来源发文').waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'deliveries-signed-from-workbench-375px');
      },
      375,
    );
  });

  it('待签收: several documents signed for in one action, on a desktop and on a phone', async () => {
    const docs = [];
    for (const title of ['做好防汛抗旱工作', '开展作风建设专项整治', '报送年度工作总结', '做好春运安全工作']) {
      const x = await toDistribute(title, [unitRef('东湖区委办')]);
      await submit('chenjing', x, 'distribute');
      docs.push(x);
    }
    await as('tangxiaolin', '/outgoing/inbox', async (page) => {
      for (const title of ['做好防汛抗旱工作', '开展作风建设专项整治']) {
        await page.getByTestId('inbox-row').filter({ hasText: title }).getByRole('checkbox').check();
      }
      await page.getByTestId('batch-sign-for').filter({ hasText: '（2）' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('开展作风建设专项整治', { exact: false }).waitFor();
      await screenshot(page, 'deliveries-batch-dialog');
      await dialog.getByRole('button', { name: /签\s?收/ }).click();
      await page.getByText('已签收 2 件').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.getByTestId('inbox-row').filter({ hasText: '做好防汛抗旱工作' }).count()).toBe(0);
      await screenshot(page, 'deliveries-batch-done');
    });
    await as(
      'tangxiaolin',
      '/outgoing/inbox',
      async (page) => {
        for (const title of ['报送年度工作总结', '做好春运安全工作'])
          await page.getByTestId('inbox-row').filter({ hasText: title }).getByTestId('inbox-select').check();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'deliveries-batch-375px');
        await page.getByTestId('batch-sign-for').click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /签\s?收/ })
          .click();
        await page.getByText('已签收 2 件').waitFor();
      },
      375,
    );
    const signed = (await (await api('tangxiaolin')).get('/api/v1/deliveries?status=signed')).body.items as {
      sourceItemId: string;
    }[];
    expect(docs.every((x) => signed.some((r) => r.sourceItemId === x))).toBe(true);
  });
});

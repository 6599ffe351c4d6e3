/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { department, unit } from '../../src/server/org/schema';
import { account } from '../../src/server/platform/auth/schema';
import { signedIn, type Client } from '../support/app';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  hasHorizontalScroll,
  haveChromium,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

/** 转办, 加签 and 催办 from the item page; 主办/协办/会商 in the record; 待阅 and 批量已阅 on the workbench. */
describe.skipIf(!haveChromium && !browserRequired)('the flow controls in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  const ids = new Map<string, string>();
  const depts = new Map<string, string>();
  const units = new Map<string, string>();
  const api = new Map<string, Client>();
  const as = async (u: string) => {
    if (!api.has(u)) api.set(u, await signedIn(rig.t, u));
    return api.get(u)!;
  };
  const submit = async (who: string, itemId: string, stepKey: string, body: Record<string, unknown>) => {
    const d = (await (await as(who)).get(`/api/v1/incoming/${itemId}`)).body as {
      myTasks: { id: string; version: number; stepKey: string }[];
    };
    const task = d.myTasks.find((x) => x.stepKey === stepKey)!;
    const res = await (await as(who)).post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  let n = 0;
  const register = async (title: string) => {
    const res = await (
      await as('chenjing')
    ).post('/api/v1/incoming', {
      senderName: '中共江南省委办公厅',
      docNo: `江南委办发〔2026〕${200 + ++n}号`,
      title,
      classification: '公开',
      copies: 1,
      writtenDate: '2026-11-20',
      mainRecipients: ['各市委'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.itemId as string;
  };
  const toAssign = async (title: string) => {
    const itemId = await register(title);
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    return itemId;
  };

  beforeAll(async () => {
    rig = await startRig();
    for (const a of await rig.t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await rig.t.database.db.select().from(unit)) units.set(u.shortName, u.id);
    for (const d of await rig.t.database.db.select().from(department))
      if (d.unitId === units.get('市委办')) depts.set(d.name, d.id);
  });
  afterAll(() => rig?.close());

  async function onPage(username: string, path: string, steps: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, 900);
    await signInAs(page, username);
    await page.getByRole('heading').first().waitFor();
    await page.goto(path);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `failed-flow-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  it('the 秘书科 chief hands his 承办 to his clerk, then urges him; the record shows 主办/协办, the handover and the 催办', async () => {
    const itemId = await toAssign('关于做好春运期间值班值守工作的通知');
    await submit('zhouwenbin', itemId, 'assign', { opinion: '请秘书科牵头，综合科配合。' });
    await submit('chenjing', itemId, 'dispatch', {
      next: {
        units: [
          { departmentId: depts.get('秘书科'), role: 'lead', dueDate: '2026-12-04' },
          { departmentId: depts.get('综合科'), role: 'assisting', dueDate: '2026-12-02' },
        ],
      },
    });
    await onPage('huangxiaodong', `/incoming/${itemId}`, async (page) => {
      const panel = page.getByTestId('task-handle');
      await panel.getByTestId('transfer').click();
      const dialog = page.getByRole('dialog');
      // The picker opens on his own section's people.
      await dialog.getByTestId('person-picker').click();
      const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '刘洋' });
      await offered.waitFor();
      // (Escape would close the dialog too: a single choice closes its list by itself.)
      await settled(page);
      await offered.click();
      await dialog.getByLabel('转办说明（可不填）').fill('请于12月3日前拿出落实意见。');
      await dialog.getByRole('button', { name: /转\s?办/ }).click();
      await panel.waitFor({ state: 'detached' });
      const history = page.getByTestId('flow-history');
      await history.getByTestId('history-row').filter({ hasText: '已转刘洋' }).waitFor();
      const clerkRow = history.getByTestId('history-row').filter({ hasText: '黄晓东转办' });
      await clerkRow.filter({ hasText: '秘书科（主办） · 刘洋' }).waitFor();
      expect(await history.getByTestId('party-lead').textContent()).toBe('主办：秘书科（刘洋）');
      expect(await history.getByTestId('party-assisting').textContent()).toBe('协办：综合科（杨光明）');
      await page.getByTestId('opinion').filter({ hasText: '转刘洋办理：请于12月3日前拿出落实意见。' }).waitFor();

      // He sent it on, so he may urge it.
      await clerkRow.getByTestId('remind').click();
      const remind = page.getByRole('dialog').filter({ hasText: '催办 刘洋' });
      await remind.getByLabel('催办说明（可不填）').fill('省委办催要，请今天报来。');
      await remind.getByRole('button', { name: /催\s?办/ }).click();
      await remind.waitFor({ state: 'hidden' });
      await history.getByTestId('reminder').filter({ hasText: '黄晓东 催办 刘洋（承办）：省委办催要，请今天报来。' }).waitFor();
      await clerkRow.filter({ hasText: '已催办 1 次' }).waitFor();
      await screenshot(page, 'flow-transfer-remind');
    });
    // The clerk has it, was told, and sees the 催办; he may not urge himself.
    await onPage(
      'liuyang',
      `/incoming/${itemId}`,
      async (page) => {
        await page.getByTestId('task-handle').waitFor();
        await page.getByTestId('reminder').filter({ hasText: '省委办催要' }).waitFor();
        expect(await page.getByTestId('remind').count()).toBe(0);
      },
      375,
    );
    // The processing sheet names who leads and who assists.
    await onPage('chenjing', `/incoming/${itemId}/sheet`, async (page) => {
      await page.getByTestId('sheet-party-lead').filter({ hasText: '主办：秘书科（刘洋；2026-12-04前）' }).waitFor();
      await page.getByTestId('sheet-party-assisting').filter({ hasText: '协办：综合科（杨光明；2026-12-02前）' }).waitFor();
    });
  });

  it('on a phone the secretary-general adds a deputy director to 批办 (加签), offered the office’s leaders first', async () => {
    const itemId = await toAssign('关于春运期间加强交通安全管理的通知');
    await onPage(
      'zhouwenbin',
      `/incoming/${itemId}`,
      async (page) => {
        const panel = page.getByTestId('task-assign');
        await panel.getByTestId('add-signer').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByTestId('person-picker').click();
        const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
        await offered.filter({ hasText: '王淑敏' }).waitFor();
        // Only the office's leaders are offered before typing: no section chief, no clerk.
        expect(await offered.allTextContents()).toEqual([
          '孙海涛（市委副秘书长、办公室主任）',
          '王淑敏（办公室副主任）',
          '吴志强（办公室副主任）',
          '输入姓名查找其他人员',
        ]);
        await settled(page);
        await offered.filter({ hasText: '王淑敏' }).click();
        await dialog.getByRole('button', { name: /加\s?签/ }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page
          .getByTestId('history-row')
          .filter({ hasText: '周文斌加签' })
          .filter({ hasText: '王淑敏' })
          .filter({ hasText: '待轮到' })
          .waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'flow-add-signer-phone');
      },
      375,
    );
  });

  it('a 待阅 says 待阅, and several are marked read at once from the workbench', async () => {
    const items = [
      await register('关于春运期间旅客出行情况的通报'),
      await register('关于春运期间天气情况的通报'),
      await register('关于春运期间道路通行情况的通报'),
    ];
    for (const itemId of items) {
      const c = await (
        await as('chenjing')
      ).post(`/api/v1/items/${itemId}/circulations`, { readerIds: [ids.get('liuyang')], ordered: false });
      expect(c.status).toBe(201);
    }
    await onPage(
      'liuyang',
      `/incoming/${items[0]}`,
      async (page) => {
        await page.getByTestId('task-circulation').getByText('我的待阅：传阅').waitFor();
        expect(await page.getByText('我的待办').count()).toBe(0);
        await screenshot(page, 'flow-to-read-phone');
      },
      375,
    );
    await onPage('liuyang', '/?tab=toRead', async (page) => {
      const rows = page.getByTestId('workbench-row').filter({ hasText: '春运期间' });
      await rows.first().waitFor();
      expect(await rows.count()).toBe(3);
      for (const title of ['旅客出行', '天气情况']) await rows.filter({ hasText: title }).getByRole('checkbox').check();
      await page.getByTestId('batch-read').filter({ hasText: '批量已阅（2）' }).click();
      await page.getByText('已阅 2 件').waitFor();
      await rows.filter({ hasText: '天气情况' }).waitFor({ state: 'detached' });
      expect(await rows.allTextContents()).toEqual([expect.stringContaining('道路通行')]);
      await screenshot(page, 'flow-batch-read');
    });
    // On a phone each 待阅 card has its box to tick, and the page does not scroll sideways.
    await onPage(
      'liuyang',
      '/?tab=toRead',
      async (page) => {
        const card = page.getByTestId('workbench-row').filter({ hasText: '道路通行' });
        await card.getByRole('checkbox').check();
        await page.getByTestId('batch-read').filter({ hasText: '批量已阅（1）' }).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'flow-batch-read-phone');
        await page.getByTestId('batch-read').click();
        await card.waitFor({ state: 'detached' });
      },
      375,
    );
  });

  it('会商 is labelled as 会商, and 核稿 offers the drafter’s section chief', async () => {
    const created = await (
      await as('liuyang')
    ).post('/api/v1/outgoing', {
      draft: {
        format: 'standard',
        genre: '通知',
        direction: 'down',
        issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办') }],
        title: '中共江州市委办公室关于做好2027年春运期间服务保障工作的通知',
        mainRecipients: [{ name: '中共清溪县委办公室', unitId: units.get('清溪县委办') }],
        body: [{ level: 0, text: '现就做好春运期间服务保障工作有关事项通知如下。' }],
        signatureNames: ['中共江州市委办公室'],
      },
      copies: 5,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await onPage('liuyang', `/outgoing/${created.body.itemId}`, async (page) => {
      const panel = page.getByTestId('task-draft');
      await panel.getByRole('radio', { name: '送部门核稿' }).check();
      await panel.getByTestId('person-picker').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '黄晓东（秘书科科长）' }).waitFor();
      await page.keyboard.press('Escape');
      await panel.getByRole('radio', { name: '征求意见（会商）' }).check();
      // The unit is found by a part of its short name; the picker searches the server, it never loads every unit.
      const unitLists: URL[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname === '/api/v1/org/units') unitLists.push(url);
      });
      await panel.getByRole('button', { name: '添加会商单位' }).click();
      await panel.getByLabel('会商单位').waitFor();
      expect(await panel.getByRole('button', { name: '添加承办单位' }).count()).toBe(0);
      expect(await panel.getByText('协办').count()).toBe(0);
      await choose(page, panel.getByLabel('会商单位'), '市政府办', '江州市人民政府办公室');
      expect(unitLists.length).toBeGreaterThan(0);
      expect(unitLists.filter((u) => !u.searchParams.has('limit') && !u.searchParams.has('ids'))).toEqual([]);
      await panel.getByRole('button', { name: /提\s?交/ }).click();
      await page.getByTestId('item-state').filter({ hasText: '会商' }).waitFor();
      await page.getByTestId('party-consulted').filter({ hasText: '会商：江州市人民政府办公室（范丽娟）' }).waitFor();
      await page.getByTestId('history-row').filter({ hasText: '江州市人民政府办公室（会商）' }).waitFor();
      await screenshot(page, 'flow-consult');
    });
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import {
  BROWSER_TEST,
  browserRequired,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import type { Page } from 'playwright-core';
import { signedIn } from '../support/app';

/** The text an antd select shows for its value. */
const selectShowing = (page: Page, label: string) =>
  page
    .locator('.ant-select', { has: page.getByLabel(label, { exact: true }) })
    .first()
    .innerText();

describe.skipIf(!haveChromium && !browserRequired)('收文、发文登记簿 and the workbench in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await startRig();
    // A draft in the 发文登记簿, for the clerk's section: its leader in charge (the secretary-general) sees it too.
    const units = new Map(
      ((await (await signedIn(rig.t, 'liuyang')).get('/api/v1/org/units')).body.items as { id: string; shortName: string }[]).map(
        (u) => [u.shortName, u.id],
      ),
    );
    const clerk = await signedIn(rig.t, 'liuyang');
    const res = await clerk.post('/api/v1/outgoing', {
      draft: {
        format: 'standard',
        genre: '通知',
        direction: 'down',
        issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办') }],
        title: '中共江州市委办公室关于做好2027年元旦春节期间值班工作的通知',
        mainRecipients: [
          { name: '中共江州市东湖区委办公室', unitId: units.get('东湖区委办') },
          { name: '中共清溪县委办公室', unitId: units.get('清溪县委办') },
        ],
        body: [{ level: 0, text: '为确保2027年元旦春节期间各项工作平稳有序，现就做好值班工作有关事项通知如下。' }],
        signatureNames: ['中共江州市委办公室'],
        ccRecipients: [],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  afterAll(() => rig?.close());

  it('the workbench says it is loading until its list has come, never a false 共 0 件', async () => {
    const { page, context, errors } = await openPage(rig);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v1/workbench/todo**', async (route) => {
      await held;
      await route.continue();
    });
    await signInAs(page, 'zhouwenbin');
    const total = page.getByTestId('list-total');
    await total.waitFor();
    expect(await total.textContent()).toBe('正在加载…');
    expect(await page.getByText('共 0 件').count()).toBe(0);
    await screenshot(page, 'workbench-loading');
    release();
    await total.filter({ hasText: /^共 \d+ 件$/ }).waitFor();
    const rows = await page.getByTestId('workbench-row').count();
    expect(await total.textContent()).toBe(`共 ${rows} 件`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the 收文登记簿 keeps its filters in the address: shared, restored by Back, exported and printed as shown', async () => {
    const registrar = await signedIn(rig.t, 'chenjing');
    const { page, context, errors } = await openPage(rig, 1280, 900);
    // What the page asks of the organisation's units: a search or names, never the whole list.
    const unitLists: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/org/units') unitLists.push(url);
    });
    await signInAs(page, 'chenjing');
    await page.goto('/incoming');
    const count = page.getByTestId('register-count');
    await count.filter({ hasText: /共 \d+ 件/ }).waitFor();
    const all = (await registrar.get('/api/v1/incoming?limit=1')).body.total as number;
    // 紧急程度: 特急 narrows the list and stands in the address.
    await page.getByLabel('紧急程度').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '特急' }).click();
    await page.waitForURL((u) => u.searchParams.get('urgency') === '特急');
    const urgent = (await registrar.get(`/api/v1/incoming?urgency=${encodeURIComponent('特急')}&limit=1`)).body.total as number;
    await count.filter({ hasText: `共 ${urgent} 件` }).waitFor();
    const shown = await page.getByTestId('incoming-row').count();
    expect(shown).toBe(Math.min(urgent, 30));
    await screenshot(page, 'incoming-register-filtered');

    // 导出: the .xlsx holds the rows on screen, under Chinese headers.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^收文登记簿-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('紧急程度：特急');
    expect(sheet.match(/<row r="/g)!.length - 3).toBe(urgent);

    // 打印: the PDF opens in a tab of its own.
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('register-print').click()]);
    await tab.waitForURL(/^blob:/);
    await tab.close();

    // Back undoes the filter; the address alone (a shared link) brings it back with its control set.
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('urgency'));
    await count.filter({ hasText: `共 ${all} 件` }).waitFor();
    await page.goto(`/incoming?urgency=${encodeURIComponent('特急')}&sort=date&dir=asc`);
    await count.filter({ hasText: `共 ${urgent} 件` }).waitFor();
    expect(await selectShowing(page, '紧急程度')).toBe('特急');
    expect(await selectShowing(page, '排序')).toBe('按日期');

    // 主办单位: no unit is loaded with the page; typing part of a name asks the server, which finds the unit.
    await page.goto('/incoming');
    await count.filter({ hasText: `共 ${all} 件` }).waitFor();
    expect(unitLists).toEqual([]);
    const handler = page.getByLabel('主办单位', { exact: true });
    await handler.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
    const searched = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === '发展和改革' && r.ok());
    await page.keyboard.type('发展和改革');
    await searched;
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await option.filter({ hasText: '江州市发展和改革委员会' }).waitFor();
    expect(await option.count()).toBe(1);
    await settled(page);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.has('handler'));
    const handlerId = new URL(page.url()).searchParams.get('handler')!;
    const led = (await registrar.get(`/api/v1/incoming?handler=${handlerId}&limit=1`)).body.total as number;
    await count.filter({ hasText: `共 ${led} 件` }).waitFor();
    // The address alone: the chosen unit is named by its id, not by loading the list.
    await page.reload();
    await count.filter({ hasText: `共 ${led} 件` }).waitFor();
    await page.locator('.ant-select', { has: handler }).filter({ hasText: '江州市发展和改革委员会' }).waitFor();
    expect(unitLists.some((u) => u.searchParams.get('ids') === handlerId)).toBe(true);
    expect(unitLists.filter((u) => !u.searchParams.has('limit') && !u.searchParams.has('ids'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const who of ['chenjing', 'zhouwenbin']) {
    it(`at 375 px the filters fold into a drawer and the registers fit the screen (${who})`, async () => {
      const { page, context, errors } = await openPage(rig, 375, 812);
      await signInAs(page, who);
      for (const path of ['/incoming', '/outgoing']) {
        await page.goto(path);
        await page
          .getByTestId('register-count')
          .filter({ hasText: /共 \d+ 件|已显示/ })
          .waitFor();
        expect(await hasHorizontalScroll(page), `${who} ${path}`).toBe(false);
        await screenshot(page, `register-${path.slice(1)}-${who}-375px`);
        await page.getByTestId('register-filters').click();
        const drawer = page.locator('.ant-drawer');
        await drawer.getByTestId('filter-overdue').click();
        await settled(page);
        await screenshot(page, `register-${path.slice(1)}-${who}-375px-drawer`);
        await drawer.getByTestId('register-apply').click();
        await page.waitForURL((u) => u.searchParams.get('overdue') === '1');
        await page
          .getByTestId('register-count')
          .filter({ hasText: /共 \d+ 件|已显示/ })
          .waitFor();
        expect(await hasHorizontalScroll(page), `${who} ${path} filtered`).toBe(false);
      }
      expect(errors, who).toEqual([]);
      await context.close();
    });
  }

  it('on a desktop the registers fit the page, for the registrar and a leader', async () => {
    for (const who of ['chenjing', 'zhouwenbin']) {
      const { page, context } = await openPage(rig, 1280, 900);
      await signInAs(page, who);
      for (const path of ['/incoming', '/outgoing']) {
        await page.goto(path);
        await page
          .getByTestId('register-count')
          .filter({ hasText: /共 \d+ 件|已显示/ })
          .waitFor();
        expect(await hasHorizontalScroll(page), `${who} ${path}`).toBe(false);
        await screenshot(page, `register-${path.slice(1)}-${who}-desktop`);
      }
      await context.close();
    }
  });

  it('the 文号登记簿 opens on a register of the unit that gave numbers this year, not on the first one listed', async () => {
    const registrar = await signedIn(rig.t, 'chenjing');
    const me = (await registrar.get('/api/v1/me')).body as { currentPostId: string; posts: { id: string; unitId: string }[] };
    const ownUnit = me.posts.find((p) => p.id === me.currentPostId)!.unitId;
    const registers = (await registrar.get('/api/v1/doc-registers')).body.items as {
      id: string;
      unitId: string;
      name: string;
      code: string;
      takenThisYear: number;
    }[];
    const own = registers.filter((r) => r.unitId === ownUnit);
    expect(own.length).toBeGreaterThan(1);
    // A number reserved in a register of the unit that is not the first listed (the one the page used to open on).
    const target = own.find((r) => r.id !== registers[0]!.id)!;
    expect((await registrar.post(`/api/v1/doc-registers/${target.id}/reservations`, { note: '年度工作要点' })).status).toBe(201);
    const after = (await registrar.get('/api/v1/doc-registers')).body.items as typeof registers;
    const busiest = after.filter((r) => r.unitId === ownUnit).reduce((a, b) => (b.takenThisYear > a.takenThisYear ? b : a));
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto('/outgoing/registers');
    await page.getByTestId('register-summary').waitFor();
    expect(await selectShowing(page, '文号登记簿')).toContain(busiest.code);
    expect((await page.getByTestId('number-reserved').count()) + (await page.getByTestId('number-used').count())).toBeGreaterThan(
      0,
    );
    await screenshot(page, 'registers-opened');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { BROWSER_TEST, browserRequired, haveChromium, hasHorizontalScroll, openPage, screenshot, settled, signInAs, startRig, type BrowserRig } from '../support/browser';
import { signedIn } from '../support/app';

describe.skipIf(!haveChromium && !browserRequired)('收文、发文登记簿 and the workbench in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await startRig();
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
    const sheet = strFromU8(unzipSync(new Uint8Array(readFileSync((await download.path())!)))['xl/worksheets/sheet1.xml']!);
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
    expect(await page.locator('.ant-select-content-value', { hasText: '特急' }).count()).toBe(1);
    expect(await page.locator('.ant-select-content-value', { hasText: '按日期' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at 375 px the filters fold into a drawer and the register fits the screen, for the registrar and a leader', async () => {
    for (const who of ['chenjing', 'zhouwenbin']) {
      const { page, context, errors } = await openPage(rig, 375, 812);
      await signInAs(page, who);
      for (const path of ['/incoming', '/outgoing']) {
        await page.goto(path);
        await page.getByTestId('register-count').filter({ hasText: /共 \d+ 件|已显示/ }).waitFor();
        expect(await hasHorizontalScroll(page), `${who} ${path}`).toBe(false);
        await screenshot(page, `register-${path.slice(1)}-${who}-375px`);
        await page.getByTestId('register-filters').click();
        const drawer = page.locator('.ant-drawer');
        await drawer.getByTestId('filter-overdue').click();
        await settled(page);
        await screenshot(page, `register-${path.slice(1)}-${who}-375px-drawer`);
        await drawer.getByTestId('register-apply').click();
        await page.waitForURL((u) => u.searchParams.get('overdue') === '1');
        await page.getByTestId('register-count').filter({ hasText: /共 \d+ 件|已显示/ }).waitFor();
        expect(await hasHorizontalScroll(page), `${who} ${path} filtered`).toBe(false);
      }
      expect(errors, who).toEqual([]);
      await context.close();
    }
    for (const who of ['chenjing', 'zhouwenbin']) {
      const { page, context } = await openPage(rig, 1280, 900);
      await signInAs(page, who);
      for (const path of ['/incoming', '/outgoing']) {
        await page.goto(path);
        await page.getByTestId('register-count').filter({ hasText: /共 \d+ 件|已显示/ }).waitFor();
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
    const registers = (await registrar.get('/api/v1/doc-registers')).body.items as { id: string; unitId: string; name: string; code: string; takenThisYear: number }[];
    const own = registers.filter((r) => r.unitId === ownUnit);
    expect(own.length).toBeGreaterThan(1);
    // A number reserved in the last of the unit's registers: the only one with numbers this year unless others have some.
    const target = own.at(-1)!;
    expect((await registrar.post(`/api/v1/doc-registers/${target.id}/reservations`, { note: '年度工作要点' })).status).toBe(201);
    const after = (await registrar.get('/api/v1/doc-registers')).body.items as typeof registers;
    const busiest = after.filter((r) => r.unitId === ownUnit).reduce((a, b) => (b.takenThisYear > a.takenThisYear ? b : a));
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto('/outgoing/registers');
    await page.getByTestId('register-summary').waitFor();
    expect(await page.locator('.ant-select-content-value', { hasText: busiest.code }).count()).toBe(1);
    expect(await page.getByTestId('number-reserved').count() + (await page.getByTestId('number-used').count())).toBeGreaterThan(0);
    await screenshot(page, 'registers-opened');
    expect(errors).toEqual([]);
    await context.close();
  });
});

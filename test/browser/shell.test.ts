/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from '../../src/server/org/demo-data';
import { createTask } from '../../src/server/platform/flow/tasks';
import { actorOf, makeItem, signedIn } from '../support/app';
import {
  BROWSER_TEST,
  browserRequired,
  hasHorizontalScroll,
  haveChromium,
  openPage,
  screenshot,
  signInAs,
  startRig,
  trySignIn,
  type BrowserRig,
} from '../support/browser';

const TABS = ['todo', 'toRead', 'done', 'started'] as const;

describe.skipIf(!haveChromium && !browserRequired)('web shell in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  it('the secretary-general signs in and sees the workbench in Chinese, each count equal to its list', async () => {
    const { page, errors, context } = await openPage(rig);
    await signInAs(page, DEMO_SECRETARY_GENERAL_USERNAME);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByTestId('count-todo').filter({ hasText: /^\d+$/ }).waitFor();
    await screenshot(page, 'workbench-secretary-general');

    const api = await signedIn(rig.t, DEMO_SECRETARY_GENERAL_USERNAME);
    const counts = (await api.get('/api/v1/workbench/summary')).body.counts as Record<(typeof TABS)[number], number>;
    expect(counts.todo).toBeGreaterThan(0);
    for (const tab of TABS) {
      await page.getByTestId(`tab-${tab}`).click();
      await page
        .getByTestId('list-total')
        .filter({ hasText: `共 ${counts[tab]} 件` })
        .waitFor();
      expect(await page.getByTestId(`count-${tab}`).textContent()).toBe(String(counts[tab]));
      expect(await page.getByTestId('workbench-row').count()).toBe(counts[tab]);
    }
    // Chinese throughout: the tab names, the header, the deadline wording.
    await page.getByTestId('tab-todo').click();
    await expect(page.getByText('待办').first().isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('deadline-status').first().textContent()).resolves.toMatch(
      /剩 \d+ 个工作日|超期 \d+ 个工作日|已超期|今日到期/,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('five wrong passwords lock the account, and the page says so', async () => {
    const { page, context } = await openPage(rig);
    for (let i = 1; i <= 5; i++) {
      await trySignIn(page, 'wangshumin', 'Wrong#pass' + i);
      await page.getByTestId('sign-in-error').waitFor();
    }
    await page.getByTestId('sign-in-error').filter({ hasText: '锁定' }).waitFor();
    // Even the right password is refused now.
    await trySignIn(page, 'wangshumin');
    await page.getByTestId('sign-in-error').filter({ hasText: '账号已锁定' }).waitFor();
    await screenshot(page, 'sign-in-locked');
    expect(page.url()).toContain('/login');
    await context.close();
  });

  it('a section clerk cannot open administration, and the API refuses it too', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, DEMO_CLERK_USERNAME);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '组织机构' }).count()).toBe(0);
    await page.goto('/admin/org');
    await page.getByText('无权访问').waitFor();
    await screenshot(page, 'clerk-admin-refused');
    const csrf = await page.evaluate(() => sessionStorage.getItem('zs.csrf'));
    const res = await page.request.post('/api/v1/org/units', {
      headers: { 'x-csrf-token': csrf ?? '' },
      data: { parentId: null, name: '越权新建单位', shortName: '越权', level: '市', category: '部门' },
    });
    expect(res.status()).toBe(403);
    expect((await page.request.get('/api/v1/audit/events')).status()).toBe(403);
    await context.close();
  });

  it('at 375 px the workbench has no horizontal scroll and lists become cards', async () => {
    const { page, context } = await openPage(rig, 375, 812);
    await signInAs(page, DEMO_SECRETARY_GENERAL_USERNAME);
    await page.getByTestId('count-todo').filter({ hasText: /^\d+$/ }).waitFor();
    await page.getByTestId('workbench-row').first().waitFor();
    expect(await page.locator('table').count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'workbench-375px');
    // The navigation is one tap away in a drawer.
    await page.getByRole('button', { name: '打开导航' }).click();
    await page.getByRole('menuitem', { name: '代理设置' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await context.close();
  });

  it('a new task and a reminder change the badges without a reload', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, DEMO_SECRETARY_GENERAL_USERNAME);
    const todo = page.getByTestId('count-todo');
    await todo.filter({ hasText: /^\d+$/ }).waitFor();
    const before = Number(await todo.textContent());
    const bellBefore = Number((await page.getByTestId('notification-count').textContent()) || 0);
    // Mark the page so a reload would be noticed.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const registrar = await actorOf(rig.t.database, DEMO_REGISTRAR_USERNAME);
    const sg = await actorOf(rig.t.database, DEMO_SECRETARY_GENERAL_USERNAME);
    const itemId = await makeItem(rig.t, registrar, {
      title: '关于做好寒潮天气防范应对工作的紧急通知',
      kind: 'incoming',
      urgency: '特急',
    });
    const audit = { personId: registrar.personId, postId: registrar.postId, requestId: 'browser-test' };
    const taskId = await rig.t.database.db.transaction((tx) =>
      createTask(
        tx,
        { itemId, kind: 'do', step: '批办', assigneePersonId: sg.personId, dueDate: '2026-11-24' },
        audit,
        rig.t.clock.now(),
      ),
    );
    await todo.filter({ hasText: String(before + 1) }).waitFor({ timeout: 5000 });
    await page.getByText('关于做好寒潮天气防范应对工作的紧急通知').waitFor();

    const reg = await signedIn(rig.t, DEMO_REGISTRAR_USERNAME);
    expect((await reg.post(`/api/v1/tasks/${taskId}/remind`, { note: '请今日内批示' })).status).toBe(204);
    await page
      .getByTestId('notification-count')
      .filter({ hasText: String(bellBefore + 2) })
      .waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.getByTestId('notification-bell').click();
    await page.getByText('请今日内批示').waitFor();
    await screenshot(page, 'notifications');
    await context.close();
  });

  it('a person with two posts switches capacity in the header and the workbench follows', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, 'sunhaitao');
    await page.getByText('关于调整市委办公室会议室使用管理办法的报告').waitFor();
    await page.getByTestId('capacity').click();
    await page.getByText('江州市信访局 · 市信访局局长（兼）').click();
    await page.getByText('关于召开全市信访工作联席会议的通知').waitFor();
    expect(await page.getByText('关于调整市委办公室会议室使用管理办法的报告').count()).toBe(0);
    await screenshot(page, 'capacity-switched');
    await context.close();
  });

  it('at 375 px every business page fits the screen and keeps the bell and the user menu in view, for a person with two posts and for a registrar', async () => {
    const registrar = await signedIn(rig.t, DEMO_REGISTRAR_USERNAME);
    const incoming = ((await registrar.get('/api/v1/incoming?limit=1')).body.items as { itemId: string }[])[0]!.itemId;
    const pages: [string, string[]][] = [
      [
        'sunhaitao',
        ['/', '/incoming', '/outgoing', '/outgoing/new', '/search?q=通知', '/password', '/sessions', '/tokens', '/delegations'],
      ],
      [
        DEMO_REGISTRAR_USERNAME,
        ['/', '/incoming', '/incoming/new', `/incoming/${incoming}`, '/outgoing/inbox', '/outgoing/registers'],
      ],
    ];
    for (const [who, paths] of pages) {
      const { page, context, errors } = await openPage(rig, 375, 812);
      await signInAs(page, who);
      for (const path of paths) {
        await page.goto(path);
        await page.getByTestId('user-menu').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await hasHorizontalScroll(page), `${who} ${path}`).toBe(false);
        for (const id of ['notification-bell', 'user-menu']) {
          const box = await page.getByTestId(id).boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= 375, `${who} ${path}: ${id} at ${JSON.stringify(box)}`).toBe(true);
        }
      }
      if (who === 'sunhaitao') {
        // On a phone his capacity switch is in the navigation drawer.
        await page.getByRole('button', { name: '打开导航' }).click();
        await page.locator('.ant-drawer').getByTestId('capacity').waitFor();
      }
      if (who === DEMO_REGISTRAR_USERNAME) {
        // The 收文 title reads across the screen, not squeezed beside the 处理单 buttons.
        await page.goto(`/incoming/${incoming}`);
        const title = await page.getByTestId('incoming-title').boundingBox();
        expect(title!.width).toBeGreaterThan(200);
        await screenshot(page, 'incoming-title-375px');
      }
      expect(errors, who).toEqual([]);
      await context.close();
    }
  });

  it('switches to English from the catalogs', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, DEMO_CLERK_USERNAME);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('English').click();
    await page.getByRole('heading', { name: 'Workbench' }).waitFor();
    await page.getByText('To do').first().waitFor();
    await screenshot(page, 'workbench-english');
    await context.close();
  });
});

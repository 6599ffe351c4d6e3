/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_CLERK_USERNAME, DEMO_PASSWORD } from '../../src/server/org/demo-data';
import { Client, signedIn } from '../support/app';
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

/** Opens an antd Select (or TreeSelect), types to search, and picks the option showing `option`. */
async function choose(page: Page, select: Locator, typed: string, option: string) {
  await select.click();
  if (typed) await page.keyboard.type(typed);
  const item = page
    .locator('.ant-select-dropdown:visible')
    .locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper', { hasText: option })
    .first();
  await item.waitFor();
  // A click on a list still sliding into place can miss it.
  await settled(page);
  await item.click();
  // Wait until the list has closed, so that the next choice does not find an option of this one.
  await page.waitForFunction(
    () => !Array.from(document.querySelectorAll('.ant-select-dropdown')).some((e) => e.checkVisibility()),
  );
}

/** Types a date into an antd DatePicker and confirms it. */
async function typeDate(page: Page, input: Locator, date: string) {
  await input.click();
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}

/** Antd puts a space between the two characters of a two-character button label. */
const two = (label: string) => new RegExp(`${label[0]}\\s?${label[1]}`);

async function personByUsername(api: Client, username: string) {
  const items = (await api.get(`/api/v1/org/people?q=${username}`)).body.items as {
    id: string;
    username: string | null;
    clearance: string;
    locked: boolean;
    posts: { title: string; departmentName: string | null; unitName: string }[];
  }[];
  const p = items.find((x) => x.username === username);
  if (!p) throw new Error(`no person ${username}`);
  return p;
}

describe.skipIf(!haveChromium && !browserRequired)('administration pages in chromium (三员分立)', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let cityOfficeId = '';

  beforeAll(async () => {
    rig = await startRig();
    const sys = await signedIn(rig.t, 'sysadmin');
    const units = (await sys.get('/api/v1/org/units')).body.items as { id: string; name: string }[];
    cityOfficeId = units.find((u) => u.name === '中共江州市委办公室')!.id;
  });
  afterAll(() => rig?.close());

  /** A fresh browser signed in as `username`, failing with a screenshot if a step does. */
  async function as(username: string, steps: (page: Page) => Promise<void>, width = 1280) {
    const { page, context, errors } = await openPage(rig, width, 900);
    await signInAs(page, username);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `admin-failed-${username}-${Date.now()}`);
      throw e;
    }
    expect(errors).toEqual([]);
    await context.close();
  }

  it('the system administrator sees organisation, users, delegations and calendar, but not audit or security', async () => {
    await as('sysadmin', async (page) => {
      await page.waitForURL('**/admin/org');
      const nav = page.getByRole('menu', { name: '主导航' });
      for (const name of ['组织机构', '人员与账号', '代理管理', '工作日历']) await nav.getByRole('menuitem', { name }).waitFor();
      expect(await nav.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
      expect(await nav.getByRole('menuitem', { name: '角色与密级' }).count()).toBe(0);
      await page.goto('/admin/audit');
      await page.getByText('无权访问').waitFor();
      await page.goto('/admin/security');
      await page.getByText('无权访问').waitFor();
      expect((await page.request.get('/api/v1/audit/events')).status()).toBe(403);
    });
  });

  it('a section made in the page is in the API, and one made through the API is in the page', async () => {
    const sys = await signedIn(rig.t, 'sysadmin');
    expect((await sys.post('/api/v1/org/departments', { unitId: cityOfficeId, name: '法规科' })).status).toBe(201);
    await as('sysadmin', async (page) => {
      await page.getByTestId('unit-tree').getByText('中共江州市委办公室', { exact: true }).click();
      const panel = page.getByTestId('unit-panel');
      await panel.getByText('中共江州市委办公室').first().waitFor();
      await panel.getByTestId('department').filter({ hasText: '法规科' }).waitFor();
      // The leaders of the office and their 分管 are listed with the posts.
      await panel.getByTestId('post-row').filter({ hasText: '周文斌' }).filter({ hasText: '秘书科' }).waitFor();

      await panel.getByRole('button', { name: '新增内设机构' }).click();
      const dialog = page.getByRole('dialog');
      await page.locator('#department_name').fill('保密技术科');
      // Enter in a field submits the dialog's form.
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByTestId('department').filter({ hasText: '保密技术科' }).waitFor();
      await screenshot(page, 'admin-org');
    });
    const depts = (await sys.get(`/api/v1/org/units/${cityOfficeId}/departments`)).body.items as { name: string }[];
    expect(depts.map((d) => d.name)).toEqual(expect.arrayContaining(['法规科', '保密技术科']));
  });

  it('the system administrator creates a unit under the city government', async () => {
    await as('sysadmin', async (page) => {
      await page.getByRole('button', { name: '新增单位' }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, page.locator('#unit_parentId'), '人民政府', '江州市人民政府');
      await page.locator('#unit_name').fill('江州市数据局');
      await page.locator('#unit_shortName').fill('市数据局');
      await page.locator('#unit_issuerCode').fill('江数据');
      await dialog.getByRole('button', { name: two('保存') }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('unit-tree').getByText('江州市数据局', { exact: true }).click();
      await page.getByTestId('unit-panel').getByText('江数据').waitFor();
    });
    const sys = await signedIn(rig.t, 'sysadmin');
    const units = (await sys.get('/api/v1/org/units')).body.items as {
      id: string;
      name: string;
      parentId: string | null;
      category: string;
    }[];
    const gov = units.find((u) => u.name === '江州市人民政府')!;
    expect(units.find((u) => u.name === '江州市数据局')).toEqual(expect.objectContaining({ parentId: gov.id, category: '部门' }));
  });

  it('the system administrator appoints a leader and sets the sections in charge', async () => {
    await as('sysadmin', async (page) => {
      await page.goto(`/admin/org?unit=${cityOfficeId}`);
      const panel = page.getByTestId('unit-panel');
      await panel.getByRole('button', { name: two('任职') }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, page.locator('#post_person'), '许诺', '许诺');
      await page.locator('#post_title').fill('办公室副主任（挂职）');
      await page.locator('#post_isLeader').click();
      await page.locator('#post_isPrimary').click();
      await dialog.getByRole('button', { name: two('任职') }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = panel.getByTestId('post-row').filter({ hasText: '办公室副主任（挂职）' });
      await row.waitFor();
      await row.getByRole('button', { name: '设置分管' }).click();
      await page.getByRole('dialog').getByLabel('法规科').check();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: two('保存') })
        .click();
      await row.filter({ hasText: '法规科' }).waitFor();
      // Ending the post removes it from the unit.
      await row.getByRole('button', { name: two('免职') }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: two('免职') })
        .click();
      await row.waitFor({ state: 'detached' });
    });
  });

  it('the system administrator creates a user with a first post, resets the password and unlocks an account', async () => {
    const sys = await signedIn(rig.t, 'sysadmin');
    // Five wrong passwords lock 许诺's account.
    for (let i = 0; i < 5; i++) await new Client(rig.t.app).signIn('xunuo', `Wrong#pass${i}`);
    expect((await personByUsername(sys, 'xunuo')).locked).toBe(true);

    await as('sysadmin', async (page) => {
      await page.goto('/admin/users');
      await page.getByRole('button', { name: '新建用户' }).click();
      const dialog = page.getByRole('dialog');
      await page.locator('#user_name').fill('李明');
      await dialog.getByText('男', { exact: true }).click();
      await page.locator('#user_username').fill('liming');
      await page.locator('#user_temporaryPassword').fill('Temp#2026new');
      await choose(page, page.locator('#user_unitId'), '市委办公室', '中共江州市委办公室');
      await choose(page, page.locator('#user_departmentId'), '', '综合科');
      await page.locator('#user_title').fill('三级主任科员');
      await dialog.getByRole('button', { name: '新建用户' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await page.getByRole('searchbox', { name: '按姓名或用户名查找' }).fill('liming');
      await page.keyboard.press('Enter');
      const row = page.getByTestId('user-row').filter({ hasText: 'liming' });
      await row.filter({ hasText: '综合科 · 三级主任科员' }).waitFor();
      // The list is filtered once the search has come back (the new user is on the unfiltered list too).
      await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);

      // A password the rules refuse: the server's message is shown in the dialog.
      await row.getByRole('button', { name: '重置密码' }).click();
      await page.locator('#reset_temporaryPassword').fill('liming2026');
      await page.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
      await page.getByTestId('dialog-error').filter({ hasText: '密码不符合要求' }).waitFor();
      await page.locator('#reset_temporaryPassword').fill('Reset#2026ok');
      await page.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
      await page.getByText('已重置 李明 的密码').waitFor();

      await page.getByRole('searchbox', { name: '按姓名或用户名查找' }).fill('xunuo');
      await page.keyboard.press('Enter');
      const locked = page.getByTestId('user-row').filter({ hasText: 'xunuo' });
      await locked.getByTestId('account-status').filter({ hasText: '已锁定' }).waitFor();
      await locked.getByRole('button', { name: '许诺 的账号操作' }).click();
      await page.getByRole('menuitem', { name: '解锁账号' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '解锁账号' }).click();
      await locked.getByTestId('account-status').filter({ hasText: '正常' }).waitFor();
      await screenshot(page, 'admin-users');
    });

    const liming = await personByUsername(sys, 'liming');
    expect(liming.posts).toEqual([
      expect.objectContaining({ unitName: '中共江州市委办公室', departmentName: '综合科', title: '三级主任科员' }),
    ]);
    const first = new Client(rig.t.app);
    expect((await first.signIn('liming', 'Temp#2026new')).status).toBe(401);
    const reset = await first.signIn('liming', 'Reset#2026ok');
    expect(reset.status).toBe(200);
    expect(reset.body.me.mustChangePassword).toBe(true);
    expect((await new Client(rig.t.app).signIn('xunuo', DEMO_PASSWORD)).status).toBe(200);
  });

  it('the calendar shows 2026 with National Day marked, counts working days as the server does, and imports a year', async () => {
    const sys = await signedIn(rig.t, 'sysadmin');
    const october = (await sys.get('/api/v1/calendar/workdays?from=2026-09-30&to=2026-10-31')).body.days as number;
    const year = (await sys.get('/api/v1/calendar/workdays?from=2025-12-31&to=2026-12-31')).body.days as number;
    await as('sysadmin', async (page) => {
      await page.goto('/admin/calendar?year=2026');
      const cal = page.getByTestId('calendar-year');
      await cal.getByText('2026 年工作日历').waitFor();
      for (const d of ['2026-10-01', '2026-10-07'])
        expect(await cal.getByTestId(`day-${d}`).getAttribute('data-kind')).toBe('off');
      expect(await cal.getByTestId('day-2026-10-10').getAttribute('data-kind')).toBe('work');
      expect(await cal.getByTestId('day-2026-10-08').getAttribute('data-kind')).toBe('weekday');
      await cal
        .getByTestId('month-10')
        .getByTestId('month-workdays')
        .filter({ hasText: `工作日 ${october} 天` })
        .waitFor();
      await cal
        .getByTestId('year-workdays')
        .filter({ hasText: String(year) })
        .waitFor();
      await screenshot(page, 'admin-calendar-2026');

      // A 调休 day on a weekday is refused, with the server's reason.
      await page.locator('#calendar_year').fill('2027');
      await page.locator('#calendar_notice').fill('国办发明电〔2026〕9号');
      await page.locator('#calendar_offDays').fill('2027-01-01, 2027-01-02, 2027-01-03');
      await page.locator('#calendar_makeupWorkdays').fill('2027-01-04');
      await page.getByRole('button', { name: two('导入') }).click();
      await page.getByTestId('import-error').filter({ hasText: '不是周末' }).waitFor();
      await page.locator('#calendar_makeupWorkdays').fill('2027-01-09');
      await page.getByRole('button', { name: two('导入') }).click();
      await page.getByText('已导入 2027 年日历（第 1 版）').waitFor();
      await page.waitForURL('**/admin/calendar?year=2027');
      expect(await page.getByTestId('day-2027-01-01').getAttribute('data-kind')).toBe('off');
      expect(await page.getByTestId('day-2027-01-09').getAttribute('data-kind')).toBe('work');
      expect(await page.locator('#calendar_offDays').inputValue()).toBe('');
    });
    const years = (await sys.get('/api/v1/calendar/years')).body.items as { year: number; offDays: number }[];
    expect(years.find((y) => y.year === 2027)?.offDays).toBe(3);
  });

  it('the system administrator sets up a delegation for a leader and revokes it', async () => {
    await as('sysadmin', async (page) => {
      await page.goto('/admin/delegations');
      await choose(page, page.locator('#delegation_from'), '王淑敏', '王淑敏');
      await choose(page, page.locator('#delegation_to'), '吴志强', '吴志强');
      await typeDate(page, page.locator('#delegation_startDate'), '2026-11-24');
      await typeDate(page, page.locator('#delegation_endDate'), '2026-11-27');
      await page.locator('#delegation-reason').fill('赴省委党校参加培训');
      await page.getByRole('button', { name: '确认设置' }).click();
      const row = page.getByTestId('delegation-row').filter({ hasText: '赴省委党校参加培训' });
      await row.getByTestId('delegation-status').filter({ hasText: '未开始' }).waitFor();
      await row.getByRole('button', { name: two('撤销') }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: two('撤销') })
        .click();
      await row.getByTestId('delegation-status').filter({ hasText: '已撤销' }).waitFor();
    });
    const wu = await signedIn(rig.t, 'wuzhiqiang');
    const mine = (await wu.get('/api/v1/delegations')).body.items as { reason: string; revokedAt: string | null }[];
    expect(mine.find((d) => d.reason === '赴省委党校参加培训')?.revokedAt).not.toBeNull();
  });

  it('a delegation to another unit waits for the security administrator, who approves it on a phone', async () => {
    await as('sysadmin', async (page) => {
      await page.goto('/admin/delegations');
      await choose(page, page.locator('#delegation_from'), '马晓燕', '马晓燕');
      await choose(page, page.locator('#delegation_to'), '唐晓琳', '唐晓琳');
      await typeDate(page, page.locator('#delegation_startDate'), '2026-11-24');
      await typeDate(page, page.locator('#delegation_endDate'), '2026-11-27');
      await page.locator('#delegation-reason').fill('机要员休假期间由东湖区委办代收');
      await page.getByRole('button', { name: '确认设置' }).click();
      await page.getByText('跨单位代理须经安全保密管理员审批后生效').waitFor();
      await page
        .getByTestId('delegation-row')
        .filter({ hasText: '机要员休假期间' })
        .getByTestId('delegation-status')
        .filter({ hasText: '待审批' })
        .waitFor();
    });
    await as(
      'secadmin',
      async (page) => {
        await page.getByRole('tab', { name: '跨单位代理审批' }).click();
        const row = page.getByTestId('delegation-row').filter({ hasText: '机要员休假期间' });
        await row.getByTestId('delegation-approve').click();
        await row.getByTestId('delegation-status').filter({ hasText: '未开始' }).waitFor();
        expect(await hasHorizontalScroll(page)).toBe(false);
        await screenshot(page, 'security-delegation-approved-375px');
      },
      375,
    );
  });

  it('the security administrator sets a clearance, grants and revokes a role, and cannot manage users', async () => {
    // Clearances are shown to the security administrator only.
    const secApi = await signedIn(rig.t, 'secadmin');
    const liuyang = await personByUsername(secApi, DEMO_CLERK_USERNAME);
    expect((await personByUsername(secApi, 'xunuo')).clearance).toBe('公开');
    await as('secadmin', async (page) => {
      await page.waitForURL('**/admin/security');
      await page.getByRole('searchbox', { name: '按姓名或用户名查找' }).fill('许诺');
      await page.keyboard.press('Enter');
      const row = page.getByTestId('clearance-row').filter({ hasText: 'xunuo' });
      await row.waitFor();
      // Levels above what this deployment is certified for (内部 in the tests) are not offered.
      await row.getByLabel('许诺 的涉密等级').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-disabled', { hasText: '秘密' }).waitFor();
      await page.keyboard.press('Escape');
      await choose(page, row.getByLabel('许诺 的涉密等级'), '', '内部');
      await page.getByText('已将 许诺 的涉密等级设为内部').waitFor();

      await page.getByRole('tab', { name: '角色授权' }).click();
      await page.getByRole('button', { name: '授予角色' }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, page.locator('#grant_person'), '刘洋', '刘洋');
      await dialog.getByText('督查督办').click();
      await choose(page, page.locator('#grant_unitId'), '市委办公室', '中共江州市委办公室');
      await dialog.getByRole('button', { name: '授予角色' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const grant = page.getByTestId('grant-row').filter({ hasText: '刘洋' }).filter({ hasText: '督查督办' });
      await grant.waitFor();
      await screenshot(page, 'admin-security');
      const sec = await signedIn(rig.t, 'secadmin');
      const grants = (await sec.get(`/api/v1/admin/role-grants?personId=${liuyang.id}`)).body.items as {
        role: string;
        unitId: string;
      }[];
      expect(grants).toEqual([expect.objectContaining({ role: 'supervisor', unitId: cityOfficeId })]);
      // The three administrators' own roles are fixed at deployment and offer no revoke.
      expect(await page.getByTestId('grant-row').filter({ hasText: '部署时设定' }).count()).toBe(3);
      await grant.getByRole('button', { name: two('撤销') }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: two('撤销') })
        .click();
      await grant.waitFor({ state: 'detached' });
      expect((await sec.get(`/api/v1/admin/role-grants?personId=${liuyang.id}`)).body.items).toEqual([]);

      const csrf = await page.evaluate(() => sessionStorage.getItem('zs.csrf'));
      const above = await page.request.put(`/api/v1/admin/people/${liuyang.id}/clearance`, {
        headers: { 'x-csrf-token': csrf ?? '' },
        data: { clearance: '秘密' },
      });
      expect(above.status()).toBe(403);
      await page.goto('/admin/users');
      await page.getByText('无权访问').waitFor();
      const res = await page.request.post('/api/v1/admin/users', {
        headers: { 'x-csrf-token': csrf ?? '' },
        data: { name: '越权用户', username: 'yuequan', temporaryPassword: 'Temp#2026bad' },
      });
      expect(res.status()).toBe(403);
    });
    expect((await personByUsername(secApi, 'xunuo')).clearance).toBe('内部');
  });

  it('the auditor finds the administrators’ changes in the log and the chain is intact, and cannot open the organisation', async () => {
    await as('auditor', async (page) => {
      await page.waitForURL('**/admin/audit');
      await page.locator('#audit_action').fill('access.clearance.set');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: two('检索') }).click();
      const row = page.getByTestId('audit-row').filter({ hasText: '设置涉密等级' });
      await row.filter({ hasText: '沈立平' }).filter({ hasText: '许诺' }).filter({ hasText: '公开 → 内部' }).waitFor();
      await page.locator('#audit_action').fill('access.role.revoke');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: two('检索') }).click();
      await page
        .getByTestId('audit-row')
        .filter({ hasText: '撤销角色' })
        .filter({ hasText: '刘洋' })
        .filter({ hasText: 'supervisor' })
        .waitFor();

      // By actor: the system administrator's new section.
      await page.locator('#audit_action').fill('');
      await choose(page, page.locator('#audit_actor'), '高建华', '高建华');
      await page.getByRole('button', { name: two('检索') }).click();
      await page.getByTestId('audit-row').filter({ hasText: '新增内设机构' }).filter({ hasText: '保密技术科' }).waitFor();
      expect(await page.getByTestId('audit-row').filter({ hasNotText: '高建华' }).count()).toBe(0);

      await page.getByRole('button', { name: '校验哈希链' }).click();
      await page.getByTestId('chain-result').filter({ hasText: '哈希链完整' }).waitFor();
      await screenshot(page, 'admin-audit');

      // The auditor seals the head into a file, then verifies with that file.
      await page.getByTestId('chain-scheduled').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出链头封存' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^zhongshu-audit-seal-\d{8}T\d{6}\.json$/);
      await page.locator('input[type=file]').setInputFiles(await download.path());
      await page.getByRole('button', { name: '校验哈希链与封存文件' }).click();
      await page.getByTestId('chain-seal-result').filter({ hasText: '封存的链头仍在' }).waitFor();

      await page.goto('/admin/org');
      await page.getByText('无权访问').waitFor();
    });
  });

  it('a session that expires mid-form loses nothing: after signing in again the delegation form is restored', async () => {
    const { page, context } = await openPage(rig);
    await signInAs(page, DEMO_CLERK_USERNAME);
    await page.goto('/delegations');
    await choose(page, page.locator('#delegation_to'), '黄晓东', '黄晓东');
    await typeDate(page, page.locator('#delegation_startDate'), '2026-11-30');
    await typeDate(page, page.locator('#delegation_endDate'), '2026-12-04');
    await page.locator('#delegation-reason').fill('赴县区调研，期间事务请黄晓东科长代为办理');

    rig.t.clock.advance(31 * 60_000);
    await page.getByRole('button', { name: '确认设置' }).click();
    // Back to sign-in, remembering the page, and told why.
    await page.waitForURL(
      (u) => u.pathname === '/login' && u.searchParams.get('next') === '/delegations' && u.searchParams.get('expired') === '1',
    );
    await page.getByText('会话已超时').first().waitFor();
    await page.getByText('未提交的内容已保存').waitFor();
    await page.fill('#username', DEMO_CLERK_USERNAME);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/delegations');
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#delegation-reason').inputValue()).toBe('赴县区调研，期间事务请黄晓东科长代为办理');
    await screenshot(page, 'admin-delegation-draft-restored');

    // Nothing was saved by the expired request; submitting now does it once.
    await page.getByRole('button', { name: '确认设置' }).click();
    await page.getByTestId('delegation-row').filter({ hasText: '赴县区调研' }).filter({ hasText: '黄晓东' }).waitFor();
    expect(await page.locator('#delegation-reason').inputValue()).toBe('');
    const clerk = await signedIn(rig.t, DEMO_CLERK_USERNAME);
    const mine = (await clerk.get('/api/v1/delegations')).body.items as { reason: string; toName: string; startsAt: string }[];
    expect(mine.filter((d) => d.reason.startsWith('赴县区调研'))).toEqual([expect.objectContaining({ toName: '黄晓东' })]);
    await context.close();
  });

  it('at 375 px the administration pages have no horizontal scroll, and lists are cards', async () => {
    const fits = async (page: Page, path: string, ready: string, shot?: string) => {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      expect(await page.locator('.ant-table').count()).toBe(0);
      expect(await hasHorizontalScroll(page)).toBe(false);
      if (shot) await screenshot(page, shot);
    };
    await as(
      'sysadmin',
      async (page) => {
        await fits(page, '/admin/users', '[data-testid=user-row]', 'admin-users-375px');
        await fits(page, `/admin/org?unit=${cityOfficeId}`, '[data-testid=post-row]', 'admin-org-375px');
        await fits(page, '/admin/delegations', '#delegation-reason');
        await fits(page, '/admin/calendar?year=2026', '[data-testid=day-2026-10-01]', 'admin-calendar-375px');
      },
      375,
    );
    await as('secadmin', (page) => fits(page, '/admin/security', '[data-testid=clearance-row]'), 375);
    await as('auditor', (page) => fits(page, '/admin/audit', '[data-testid=audit-row]', 'admin-audit-375px'), 375);
  });
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn, type Client } from '../support/app';
import { idsOf, TOPIC_PEOPLE, topicThrough } from '../support/meetings';

// 会议 in chromium (issue 17 item 3): the 市委办公室's registrar plans a 常委会议 at 1280 px, puts a topic from the
// 议题库 on its agenda and sends the plan to the chair, who fixes the agenda on a phone.

const TOPIC = '关于2027年民生实事项目的议题';

describe.skipIf(!haveChromium && !browserRequired)('会议 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let path = '';

  beforeAll(async () => {
    rig = await startRig();
    const c: Record<string, Client> = {};
    for (const u of TOPIC_PEOPLE) c[u] = await signedIn(rig.t, u);
    const ids = await idsOf(
      rig.t,
      { office: '中共江州市委办公室' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌' },
    );
    await topicThrough(c, ids, TOPIC);
  });
  afterAll(() => rig?.close());

  it('陈静 plans a 常委会议, puts a pooled topic on its agenda and sends the plan to the chair', async () => {
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto('/meetings');
    await page.getByTestId('meeting-new').click();
    await page.waitForURL('**/meetings/new');
    await choose(page, page.locator('#officeUnitId'), '市委办', '中共江州市委办公室');
    await choose(page, page.locator('#meetingKind'), '', '常委会议');
    await page.locator('#day').click();
    await page.keyboard.type('2026-12-03');
    await page.keyboard.press('Enter');
    await page.locator('#time').click();
    await page.keyboard.type('09:00');
    await page.keyboard.press('Enter');
    await page.keyboard.type('11:30');
    await page.keyboard.press('Enter');
    // The room is booked with the plan: its manager sees the booking waiting.
    await choose(page, page.getByTestId('meeting-room-select'), '', '常委会议室（市委1号楼三楼');
    const pickers = page.getByTestId('person-picker');
    await choose(page, pickers.nth(0), '郑国华', '郑国华');
    for (const name of ['郑国华', '何丽萍', '宋建国', '周文斌']) await choose(page, pickers.nth(1), name, name);
    await choose(page, pickers.nth(2), '马志远', '马志远');
    await settled(page);
    await screenshot(page, 'meetings-new-1280px');
    await page.getByTestId('meeting-create').click();
    await page.waitForURL((u) => /^\/meetings\/(?!new)[^/]+$/.test(u.pathname));
    path = new URL(page.url()).pathname;
    await page.getByTestId('meeting-fields').waitFor();
    expect(await page.getByTestId('meeting-fields').innerText()).toContain('2026-12-03 09:00–11:30');
    expect(await page.getByTestId('meeting-fields').innerText()).toContain('常委会议室（市委1号楼三楼）');
    expect(await page.getByTestId('meeting-room-state').textContent()).toBe('预订待审批');

    // The pool is searched on the server by part of the title (an office may hold more topics than one page).
    await choose(page, page.getByTestId('agenda-pick'), '民生实事', TOPIC);
    await page.getByTestId('agenda-add').click();
    await page.getByTestId('agenda').getByText(TOPIC).waitFor();
    // The chair is offered for 确定议题 and filled in.
    await page
      .getByTestId('task-plan')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await page.getByText('已提交').first().waitFor();
    expect(await page.getByTestId('meeting-state').textContent()).toBe('确定议题');
    await screenshot(page, 'meetings-planned-1280px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('郑国华 fixes the agenda on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'zhengguohua');
    await page.goto(path);
    await page.getByTestId('task-settle').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('radio', { name: '确定议题' }).check();
    await page
      .getByTestId('task-settle')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await page.getByText('已提交').first().waitFor();
    await page.getByText('议程已确定').waitFor();
    expect(await page.getByTestId('agenda').innerText()).toContain(TOPIC);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-fixed-375px');
    // His phone's calendar subscribes to his meetings: the address is shown once and answers the fixed meeting.
    await page.goto('/meetings');
    await page.getByTestId('feed-open').click();
    await page.getByTestId('feed-make').click();
    const address = await page.getByTestId('feed-address').inputValue();
    expect(address).toMatch(/\/api\/v1\/meetings\/calendar\.ics\?token=zf_/);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-feed-375px');
    const ics = await (await fetch(address)).text();
    expect(ics).toContain('SUMMARY:2026年第1次常委会议');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 reads the year’s meeting statistics on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'chenjing');
    await page.goto('/meetings/statistics');
    await page.getByTestId('stats-table').waitFor();
    expect(await page.getByTestId('stats-table').innerText()).toContain('研究议题');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-stats-375px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 cancels the meeting with a reason from its page on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'chenjing');
    await page.goto(path);
    await page.getByTestId('plan-actions').waitFor();
    // 改期 and 调整人员 open their forms with the plan's values, in the phone's width.
    await page.getByTestId('plan-people').click();
    await page.getByTestId('plan-people-form').getByText('何丽萍').first().waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-plan-people-375px');
    await page
      .getByRole('button', { name: /取\s*消/ })
      .last()
      .click();
    await page.getByTestId('plan-cancel').click();
    // A reason is required.
    await page.getByTestId('plan-cancel-confirm').click();
    await page.getByText('请说明取消会议的理由').waitFor();
    await page.getByTestId('plan-cancel-reason').fill('主要领导赴省参加紧急会议，另行安排');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-plan-cancel-375px');
    await page.getByTestId('plan-cancel-confirm').click();
    const banner = page.getByTestId('meeting-cancelled');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('主要领导赴省参加紧急会议，另行安排');
    expect(await page.getByTestId('meeting-state').textContent()).toBe('已取消');
    expect(await page.getByTestId('plan-actions').count()).toBe(0);
    expect(await page.getByTestId('meeting-room-change').count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-cancelled-375px');
    // The list says so, with the reason.
    await page.goto('/meetings');
    expect(await page.getByTestId('meeting-cancelled-tag').first().innerText()).toContain('另行安排');
    expect(errors).toEqual([]);
    await context.close();
  });
});

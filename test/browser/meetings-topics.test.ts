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
  screenshot,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';

// 议题 in chromium (issue 17 item 2): the 发改委's planner proposes a topic for the 常委会议 at 1280 px, its director
// signs it on a phone, the leader in charge submits it to the 市委办公室 (no unit to pick: it goes to its office), the
// office's registrar signs for it and takes it into the 议题库 on a phone, the secretary-general proposes it, and the
// 议题库 lists it.

const TITLE = '关于江州市老旧小区改造三年计划的议题';

describe.skipIf(!haveChromium && !browserRequired)('议题 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let path = '';

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  /** Opens the topic as someone, at a width; the page errors are the test's to check. */
  async function asPerson(username: string, width = 1280) {
    const open = await openPage(rig, width, width < 600 ? 800 : 800);
    await signInAs(open.page, username);
    await open.page.goto(path);
    await open.page.getByTestId('topic-fields').waitFor();
    return open;
  }
  async function submitStep(page: Page, decision: string | null, opinion: string | null, person: [string, string] | null) {
    if (decision) await page.getByRole('radio', { name: decision }).check();
    if (opinion) await page.locator('textarea[id^="opinion-"]').first().fill(opinion);
    if (person) await choose(page, page.getByTestId('person-picker').first(), person[0], person[1]);
    await settled(page);
    await page
      .getByRole('button', { name: '提 交' })
      .or(page.getByRole('button', { name: '提交' }))
      .first()
      .click();
    await page.getByText('已提交').first().waitFor();
  }

  it('沈卫东 proposes a topic for the 常委会议 and sends it to his director', async () => {
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'shenweidong');
    await page.goto('/meetings');
    await page.getByRole('button', { name: '提报议题' }).click();
    await page.waitForURL('**/meetings/topics/new');
    await page.locator('#title').fill(TITLE);
    await choose(page, page.locator('#officeUnitId'), '市委办', '中共江州市委办公室');
    await choose(page, page.locator('#meetingKind'), '', '常委会议');
    await page.locator('#situation').fill('一、背景：全市老旧小区共312个……\n二、主要内容：三年改造计划……');
    await page.locator('#question').fill('审议《江州市老旧小区改造三年计划（送审稿）》。');
    await settled(page);
    await screenshot(page, 'meetings-topic-new-1280px');
    await page.getByTestId('topic-create').click();
    await page.waitForURL((u) => /^\/meetings\/(?!topics)[^/]+$/.test(u.pathname));
    path = new URL(page.url()).pathname;
    expect(await page.getByTestId('topic-state').textContent()).toBe('拟稿');
    await submitStep(page, null, null, ['马志远', '马志远']);
    expect(await page.getByTestId('topic-state').textContent()).toBe('单位审签');
    await screenshot(page, 'meetings-topic-signoff-pending-1280px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('马志远 signs it on a phone and sends it to the leader in charge', async () => {
    const { page, context, errors } = await asPerson('mazhiyuan', 375);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await submitStep(page, '同意，报分管领导审核', '同意报送。', ['宋建国', '宋建国']);
    expect(await page.getByTestId('topic-state').textContent()).toBe('分管领导审核');
    await screenshot(page, 'meetings-topic-signed-375px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('宋建国 submits it to its office, with no unit to pick', async () => {
    const { page, context, errors } = await asPerson('songjianguo');
    expect(await page.getByTestId('task-fixed-units').textContent()).toBe('报送至中共江州市委办公室');
    await submitStep(page, null, '同意提请市委常委会议研究。', null);
    expect(await page.getByTestId('topic-state').textContent()).toBe('办公室初审');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 signs for it on a phone and takes it into the 议题库; 周文斌 proposes it', async () => {
    const { page, context, errors } = await asPerson('chenjing', 375);
    await page
      .getByTestId('topic-receive')
      .getByRole('button', { name: '签 收' })
      .or(page.getByRole('button', { name: '签收' }))
      .first()
      .click();
    await page.getByTestId('task-screen').waitFor();
    await submitStep(page, '列入议题库', null, ['周文斌', '周文斌']);
    await page.getByTestId('registry-no').filter({ hasText: '议〔2026〕1号' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-topic-pooled-375px');
    expect(errors).toEqual([]);
    await context.close();

    const sg = await asPerson('zhouwenbin');
    await submitStep(sg.page, '提请会议主持人确定', '同意提请确定。', null);
    expect(await sg.page.getByTestId('topic-state').textContent()).toBe('待确定（议题库）');
    await sg.page.goto('/meetings/topics?stage=proposed');
    await sg.page.getByTestId('topic-list').getByText(TITLE).waitFor();
    await screenshot(sg.page, 'meetings-topic-pool-1280px');
    expect(sg.errors).toEqual([]);
    await sg.context.close();
  });
});

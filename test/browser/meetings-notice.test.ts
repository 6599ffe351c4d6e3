/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { signedIn, type Client } from '../support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../support/meetings';

// 会议通知 and 回执 in chromium (issue 17 item 3): the 市委办公室's registrar sends the notice of a fixed 常委会议 at
// 1280 px; the 发改委's registrar signs for it on a phone with its sit-in's 回执; a member asks leave on a phone; the chair
// approves it at desktop width. Before 程浩 signs, 陈静 chases the 发改委 from the notice panel on a phone.

const TOPIC = '关于2027年民生实事项目的议题';

describe.skipIf(!haveChromium && !browserRequired)('会议通知 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let path = '';

  beforeAll(async () => {
    rig = await startRig();
    const c: Record<string, Client> = {};
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua']) c[u] = await signedIn(rig.t, u);
    const ids = await idsOf(
      rig.t,
      { office: '中共江州市委办公室' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌', secretary: '郑国华', deputy: '何丽萍' },
    );
    const topic = await topicThrough(c, ids, TOPIC);
    const id = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-12-03T09:00:00+08:00',
      endsAt: '2026-12-03T11:30:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!],
    });
    path = `/meetings/${id}`;
  });
  afterAll(() => rig?.close());

  it('陈静 sends the notice of the fixed meeting', async () => {
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto(path);
    await page.getByTestId('notice-send-form').waitFor();
    await page.getByTestId('notice-phone').fill('0791-86001234');
    await page.getByPlaceholder('如：请提前10分钟到会').fill('请提前10分钟到会，会议期间手机静音。');
    await page.getByTestId('notice-send').click();
    await page.getByTestId('notice-content').waitFor();
    const content = await page.getByTestId('notice-content').innerText();
    expect(content).toContain(TOPIC);
    expect(content).toContain('2026-12-02 17:00');
    expect(content).toContain('0791-86001234');
    expect(content).not.toContain('逾期通知');
    expect(await page.getByTestId('notice-roster').innerText()).toContain('未回执');
    await settled(page);
    await screenshot(page, 'meetings-notice-sent-1280px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 chases the 发改委, whose 马志远 has not replied, from the notice panel on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'chenjing');
    await page.goto(path);
    const unit = page.getByTestId('notice-deliveries').locator('li', { hasText: '江州市发展和改革委员会' });
    await unit.getByTestId('notice-delivery-outstanding').waitFor();
    expect(await unit.getByTestId('notice-delivery-outstanding').innerText()).toContain('马志远');
    await unit.getByTestId('notice-remind').click();
    await unit.getByTestId('notice-answer-note').fill('请今日内回执');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await unit.getByTestId('notice-answer-confirm').click();
    await unit.getByText('已催办 1 次').waitFor();
    await settled(page);
    await screenshot(page, 'meetings-notice-remind-375px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('程浩 signs for the 发改委 on a phone, with 马志远 sending a substitute', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'chenghao');
    await page.goto(path);
    const card = page.getByTestId('notice-receive');
    await card.waitFor();
    const director = card.getByTestId('receive-马志远');
    await director.locator('label', { hasText: '委托他人代会' }).click();
    await director.locator('label', { hasText: '填写姓名和职务' }).click();
    await director.getByPlaceholder('姓名').fill('李红');
    await director.getByPlaceholder('职务').fill('市发展改革委副主任');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'meetings-notice-receive-375px');
    await page.getByTestId('notice-accept').click();
    await card.waitFor({ state: 'detached' });
    expect(await page.getByTestId('reply-state-马志远').innerText()).toContain('代会：李红（市发展改革委副主任）');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('何丽萍 asks leave on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'heliping');
    await page.goto(path);
    await page.getByTestId('my-reply').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    // A 常委会议 member cannot send a substitute: the choice is not offered.
    expect(await page.getByTestId('my-reply').getByText('组成人员不得委托他人代会').count()).toBe(1);
    await page.getByTestId('my-reply').locator('label', { hasText: '请假' }).click();
    await page.getByTestId('my-reply-form-reason').fill('赴省委党校参加培训');
    await page.getByTestId('my-reply-submit').click();
    await page.getByTestId('my-reply').getByText('请假待审批').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await settled(page);
    await screenshot(page, 'meetings-notice-leave-375px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('郑国华 approves the leave at desktop width', async () => {
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'zhengguohua');
    await page.goto(path);
    await page.getByText('待审批的请假：1 人').waitFor();
    await page.getByTestId('leave-approve-何丽萍').click();
    await page.getByTestId('reply-state-何丽萍').getByText('准假').waitFor();
    expect(await page.getByText('待审批的请假').count()).toBe(0);
    await settled(page);
    await screenshot(page, 'meetings-notice-approved-1280px');
    expect(errors).toEqual([]);
    await context.close();
  });
});

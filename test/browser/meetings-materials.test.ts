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
import { idsOf } from '../support/meetings';

// 会议材料, 涉密材料分发登记 and 精文减会 in chromium (issue 17 items 3, 9, 10): the office's 机要 registrar submits a
// material of a 秘密 meeting, hands out numbered copies, is refused closing the meeting while one is out, records its
// return and closes it; the office's registrar sets the year's policy on a phone and sees the warning when planning,
// and lengthens a kind's materials deadline (会议类型设置).

const pdf = (text: string) =>
  Buffer.from(`%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe.skipIf(!haveChromium && !browserRequired)('会议材料与精文减会 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let meetingPath = '';

  beforeAll(async () => {
    rig = await startRig({ ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    const c: Record<string, Client> = {};
    for (const u of ['maxiaoyan', 'zhengguohua']) c[u] = await signedIn(rig.t, u);
    const ids = await idsOf(rig.t, { office: '中共江州市委办公室' }, { secretary: '郑国华', deputy: '何丽萍', leader: '宋建国' });
    // A 秘密 书记专题会议 planned by 马晓燕 and fixed by 郑国华: it stands at 会议筹备与召开.
    const made = await c.maxiaoyan!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'secretaryTopic',
      startsAt: '2026-11-26T15:00:00+08:00',
      endsAt: '2026-11-26T17:00:00+08:00',
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy, ids.leader],
      classification: '秘密',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    meetingPath = `/meetings/${id}`;
    const task = async (who: string, step: string) =>
      ((await c[who]!.get(`/api/v1/meetings/${id}`)).body.myTasks as { id: string; version: number; stepKey: string }[]).find(
        (x) => x.stepKey === step,
      )!;
    const plan = await task('maxiaoyan', 'plan');
    await c.maxiaoyan!.post(`/api/v1/tasks/${plan.id}/submit`, { version: plan.version, next: { personIds: [ids.secretary] } });
    const settle = await task('zhengguohua', 'settle');
    await c.zhengguohua!.post(`/api/v1/tasks/${settle.id}/submit`, { version: settle.version, decision: 'settle' });
  });
  afterAll(() => rig?.close());

  it('马晓燕 submits a 秘密 material, hands out numbered copies, cannot close with one out, records it and closes', async () => {
    // During the meeting (a meeting is not ended before it begins); the clock goes back for the tests after.
    const before = rig.t.clock.now();
    rig.t.clock.set('2026-11-26T15:10:00+08:00');
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'maxiaoyan');
    await page.goto(meetingPath);
    const materials = page.getByTestId('materials');
    await materials.waitFor();
    expect(await materials.innerText()).toContain('应于 2026-11-24 前报送（会前 2 天）');
    await page.getByTestId('material-title').fill('关于重大项目选址的汇报');
    await choose(page, page.getByTestId('material-classification'), '', '秘密');
    await page
      .getByTestId('material-form')
      .locator('input[type=file]')
      .setInputFiles({ name: '选址汇报.pdf', mimeType: 'application/pdf', buffer: pdf('选址汇报') });
    await materials.getByText('关于重大项目选址的汇报').waitFor();
    expect(await materials.innerText()).toContain('按份号发放');
    // The office downloads it from the materials panel, through 办会's own route; it is not among the meeting's files.
    const link = materials.getByRole('link', { name: '下载 选址汇报.pdf' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/v1\/meetings\/[0-9a-f-]+\/materials\/[0-9a-f-]+\/content$/);
    const got = await page.request.get(href);
    expect(got.status()).toBe(200);
    expect(got.headers()['content-type']).toBe('application/pdf');
    expect(await page.getByTestId('item-files').innerText()).not.toContain('选址汇报.pdf');

    await choose(page, page.getByTestId('handout-material'), '', '关于重大项目选址的汇报');
    for (const name of ['何丽萍', '宋建国']) await choose(page, page.getByTestId('handout-holders'), name, name);
    await page.getByTestId('handout-issue').click();
    const copies = page.getByTestId('handout');
    await copies.nth(1).waitFor();
    expect(await copies.nth(0).innerText()).toContain('《关于重大项目选址的汇报》第1份');
    expect(await copies.nth(1).innerText()).toContain('领取人：宋建国');
    // Distributed: 何丽萍 sees the material, but reads it only once she has signed for her copy.
    await page.getByTestId('materials-distribute').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await materials.getByText('已分发').waitFor();
    const holder = await openPage(rig);
    await signInAs(holder.page, 'heliping');
    await holder.page.goto(meetingPath);
    const theirs = holder.page.getByTestId('materials');
    await theirs.getByText('关于重大项目选址的汇报').waitFor();
    await theirs.getByTestId('material-sign-to-read').waitFor();
    expect(await theirs.getByRole('link', { name: '下载 选址汇报.pdf' }).count()).toBe(0);
    expect(holder.errors).toEqual([]);
    await holder.context.close();
    // 何丽萍 signs on paper; the staff record it. Copy 1 comes back.
    await copies.nth(0).getByTestId('handout-sign').click();
    await copies.nth(0).getByText('已签收', { exact: true }).waitFor();
    await copies.nth(0).getByTestId('handout-return').click();
    await copies.nth(0).getByText('已收回', { exact: true }).waitFor();
    await settled(page);
    await screenshot(page, 'meetings-materials-handouts-1280px');

    // Closing with copy 2 out: refused, naming it.
    const hold = page.getByTestId('task-hold');
    await hold.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('涉密材料尚未全部收回，不能结束会议：《关于重大项目选址的汇报》第2份（宋建国）').waitFor();
    await settled(page);
    await screenshot(page, 'meetings-materials-close-refused-1280px');
    expect(await page.getByTestId('meeting-state').textContent()).toBe('会议筹备与召开');

    await copies.nth(1).getByTestId('handout-return').click();
    await copies.nth(1).getByText('已收回', { exact: true }).waitFor();
    await hold.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText('已提交').first().waitFor();
    await page.getByTestId('task-hold').waitFor({ state: 'detached' });
    await settled(page);
    await screenshot(page, 'meetings-materials-closed-1280px');
    expect(errors).toEqual([]);
    await context.close();
    rig.t.clock.set(before);
  });

  it('the register reads on a phone', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'maxiaoyan');
    await page.goto(meetingPath);
    await page.getByTestId('handouts').getByText('第2份').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await settled(page);
    await screenshot(page, 'meetings-materials-register-375px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 sets the policy on a phone; planning over it shows the warnings and asks for the reason', async () => {
    const phone = await openPage(rig, 375, 800);
    await signInAs(phone.page, 'chenjing');
    await phone.page.goto('/meetings');
    await phone.page.getByRole('link', { name: /精文减会规定/ }).click();
    await phone.page.waitForURL('**/meetings/policy');
    await phone.page.getByTestId('policy-status').waitFor();
    await phone.page.getByTestId('policy-kind-standingCommittee').fill('0');
    await phone.page.getByTestId('policy-weekdays').getByText('周四').click();
    await phone.page.getByTestId('policy-save').click();
    await phone.page.getByText('规定已保存').waitFor();
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await settled(phone.page);
    await screenshot(phone.page, 'meetings-policy-375px');
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto('/meetings/new');
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
    await page.locator('#place').fill('市委常委会议室');
    const pickers = page.getByTestId('person-picker');
    await choose(page, pickers.nth(0), '郑国华', '郑国华');
    for (const name of ['郑国华', '何丽萍', '宋建国']) await choose(page, pickers.nth(1), name, name);
    await page.getByTestId('meeting-create').click();
    const warnings = page.getByTestId('policy-warnings');
    await warnings.waitFor();
    const text = await warnings.innerText();
    expect(text).toContain('本年度常委会议已开 0 次，本次为第 1 次，超过规定的 0 次');
    expect(text).toContain('周四为无会日（2026-12-03）');
    await settled(page);
    await screenshot(page, 'meetings-policy-warnings-1280px');
    await page.getByTestId('policy-reason').fill('年底前须研究全会筹备工作，经书记同意召开。');
    await page.getByTestId('meeting-create').click();
    await page.waitForURL((u) => /^\/meetings\/(?!new)[^/]+$/.test(u.pathname));
    const note = page.getByTestId('policy-note');
    await note.waitFor();
    expect(await note.innerText()).toContain('年底前须研究全会筹备工作，经书记同意召开。');
    await settled(page);
    await screenshot(page, 'meetings-policy-recorded-1280px');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('陈静 lengthens the 常委会议 materials deadline on a phone (会议类型设置)', async () => {
    const phone = await openPage(rig, 375, 800);
    await signInAs(phone.page, 'chenjing');
    await phone.page.goto('/meetings');
    await phone.page.getByRole('link', { name: /会议类型设置/ }).click();
    await phone.page.waitForURL('**/meetings/kinds');
    const card = phone.page.getByTestId('kind-standingCommittee');
    expect(await card.getByTestId('kind-standingCommittee-materialsBeforeDays').innerText()).toContain('材料报送 3 天');
    await phone.page.getByTestId('kind-edit-standingCommittee').click();
    const form = phone.page.getByTestId('kind-form');
    await form.waitFor();
    // The regulation's limit is shown where it applies: a 常委会议 member sends no substitute.
    expect(await phone.page.getByTestId('kind-substitutes').isDisabled()).toBe(true);
    await phone.page.getByTestId('kind-materialsBeforeDays').fill('5');
    await phone.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await phone.page.getByText('会议类型设置已保存').waitFor();
    const materials = card.getByTestId('kind-standingCommittee-materialsBeforeDays');
    await phone.page.waitForFunction(
      (el) => el?.textContent?.includes('材料报送 5 天') ?? false,
      await materials.elementHandle(),
    );
    expect(await materials.innerText()).toContain('默认：3 天');
    expect(await card.innerText()).toContain('陈静 于');
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await settled(phone.page);
    await screenshot(phone.page, 'meetings-kinds-375px');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

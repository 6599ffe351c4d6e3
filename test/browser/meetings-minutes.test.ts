/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TEST,
  browserRequired,
  choose,
  haveChromium,
  hasHorizontalScroll,
  openPage,
  screenshot,
  SCREENSHOTS,
  settled,
  signInAs,
  startRig,
  type BrowserRig,
} from '../support/browser';
import { signedIn, type Client } from '../support/app';
import { pdfPages } from '../support/pdf';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../support/meetings';

// 会议记录, 纪要 and 转督办 in chromium (issue 17 items 7–8): the 市委办公室's registrar records the results of a 常委会议
// and two decisions at 1280 px, drafts the 纪要 after the meeting and downloads its PDF; the 督查室 turns the decisions
// into 督办 items on a phone and sees their lights.

const TOPIC = '关于2027年市级重点项目计划的议题';

describe.skipIf(!haveChromium && !browserRequired)('会议记录与纪要 in chromium', BROWSER_TEST, () => {
  let rig: BrowserRig;
  let path = '';

  beforeAll(async () => {
    rig = await startRig();
    rig.t.clock.set('2026-11-02T09:00:00+08:00');
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
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T12:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!],
    });
    path = `/meetings/${id}`;
    // The meeting's morning: all four members and the sit-in are checked in at the door (the 纪要's lines are these).
    rig.t.clock.set('2026-11-10T08:45:00+08:00');
    const registrar = await signedIn(rig.t, 'chenjing');
    for (const personId of [ids.secretary, ids.deputy, ids.leader, ids.sg, ids.director]) {
      const r = await registrar.post(`/api/v1/meetings/${id}/check-ins`, { personId });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });
  afterAll(() => rig?.close());

  it('陈静 records the result and two decisions, drafts the 纪要 after the meeting and downloads its PDF', async () => {
    rig.t.clock.set('2026-11-10T10:30:00+08:00');
    const { page, context, errors } = await openPage(rig);
    await signInAs(page, 'chenjing');
    await page.goto(path);
    const record = page.getByTestId('record-topic').first();
    await record.waitFor();
    await choose(page, page.getByTestId('record-result-pick'), '', '原则通过');
    await page.getByTestId('record-summary').fill('会议听取了市发展改革委关于2027年市级重点项目计划的汇报。');
    await page.getByTestId('record-add-speech').click();
    await page.getByTestId('record-speaker').fill('何丽萍');
    await page.getByTestId('record-content').fill('建议压减新开工项目数量，优先保障续建项目。');
    await page.getByTestId('record-dissent').check();
    await page.getByTestId('record-save').click();
    await page.getByText('会议记录已保存').waitFor();
    await page.getByTestId('record-result').getByText('原则通过').waitFor();

    const decisions: [string, string, string][] = [
      ['由市发展改革委修改完善2027年市级重点项目计划，按程序报审后印发实施。', '发展和改革', '2026-12-15'],
      ['由市财政局落实2027年市级重点项目资金。', '财政局', '2026-12-31'],
    ];
    for (const [text, unit, due] of decisions) {
      await page.getByTestId('decision-add').click();
      const form = page.getByTestId('decision-form');
      await form.waitFor();
      await form.getByTestId('decision-text').fill(text);
      await choose(page, form.getByTestId('decision-lead'), unit, unit);
      await form.getByTestId('decision-due').click();
      await page.keyboard.type(due);
      await page.keyboard.press('Enter');
      await form.getByTestId('decision-save').click();
      await page.getByTestId('decisions').getByText(text).waitFor();
      await form.waitFor({ state: 'detached' });
    }
    await settled(page);
    await screenshot(page, 'meetings-record-1280px');
    await context.close();

    // After the meeting (sessions idle that long are over: sign in again).
    rig.t.clock.set('2026-11-10T15:00:00+08:00');
    const after = await openPage(rig);
    await signInAs(after.page, 'chenjing');
    await after.page.goto(path);
    await after.page.getByTestId('minutes-draft').click();
    await after.page.waitForURL('**/outgoing/**');
    const [download] = await Promise.all([after.page.waitForEvent('download'), after.page.getByTestId('download-pdf').click()]);
    const pdf = readFileSync(await download.path());
    writeFileSync(join(SCREENSHOTS, 'meetings-minutes.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      join(SCREENSHOTS, 'meetings-minutes.pdf'),
      join(SCREENSHOTS, 'meetings-minutes-pdf'),
    ]);
    const text = (await pdfPages(pdf))
      .map((p) => p.text)
      .join('\n')
      .replace(/\s+/g, '');
    expect(text).toContain('中共江州市委常委会议纪要');
    expect(text).toContain('出席：郑国华、何丽萍、宋建国、周文斌');
    expect(text).toContain('列席：马志远');
    expect(text).toContain('议定事项');
    await screenshot(after.page, 'meetings-minutes-draft-1280px');
    expect([...errors, ...after.errors]).toEqual([]);
    await after.context.close();
  });

  it('赵春梅 turns the decisions into 督办 items on a phone and sees their lights', async () => {
    const { page, context, errors } = await openPage(rig, 375, 800);
    await signInAs(page, 'zhaochunmei');
    await page.goto(path);
    await page.getByTestId('supervise-all').click();
    await page.getByText('已转为督办事项').waitFor();
    await expect.poll(async () => page.getByTestId('decision-light').count()).toBe(2);
    expect(await page.getByTestId('decision-light').first().innerText()).toContain('绿灯');
    // The record is not hers to read.
    expect(await page.getByTestId('record-panel').count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await settled(page);
    await screenshot(page, 'meetings-decisions-supervised-375px');
    expect(errors).toEqual([]);
    await context.close();
  });
});

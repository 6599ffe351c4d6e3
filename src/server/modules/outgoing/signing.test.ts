import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { unit } from '../../org/schema';
import type { DraftInput } from '../../../contract/outgoing-draft';
import { needsPrincipal } from './signing';

describe('which documents the principal leader signs (条例 Art.22)', () => {
  it('upward documents — by direction or by a 文种 that only goes up — and documents marked important', () => {
    expect(needsPrincipal({ direction: 'up', genre: '意见', flags: { important: false, directAssignment: false } })).toBe(true);
    expect(needsPrincipal({ direction: 'down', genre: '请示', flags: { important: false, directAssignment: false } })).toBe(true);
    expect(needsPrincipal({ direction: 'down', genre: '通知', flags: { important: true, directAssignment: false } })).toBe(true);
    expect(needsPrincipal({ direction: 'down', genre: '通知', flags: { important: false, directAssignment: false } })).toBe(
      false,
    );
    expect(needsPrincipal({ direction: 'parallel', genre: '函', flags: { important: false, directAssignment: false } })).toBe(
      false,
    );
  });
});

describe.each(engines)('签发 of an upward document (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  const draft = (): DraftInput => ({
    format: 'standard',
    genre: '请示',
    direction: 'up',
    issuers: [{ name: '中共江州市委办公室', unitId: units.get('市委办')! }],
    title: '中共江州市委办公室关于申请召开全市营商环境大会的请示',
    mainRecipients: [{ name: '中共江州市委', unitId: units.get('江州市委')! }],
    body: [
      { level: 0, text: '为进一步优化营商环境，拟于2027年1月召开全市营商环境大会。' },
      { level: 0, text: '妥否，请批示。' },
    ],
    signatureNames: ['中共江州市委办公室'],
    note: '联系人：黄晓东；联系电话：0791-88888888',
  });

  async function myTask(who: string, itemId: string, stepKey: string) {
    const c = await signedIn(t, who);
    const d = (await c.get(`/api/v1/outgoing/${itemId}`)).body as { myTasks: { id: string; version: number; stepKey: string }[] };
    const task = d.myTasks.find((x) => x.stepKey === stepKey);
    expect(task, `${who} has no ${stepKey}`).toBeDefined();
    return { c, task: task! };
  }
  async function step(who: string, itemId: string, stepKey: string, body: Record<string, unknown> = {}) {
    const { c, task } = await myTask(who, itemId, stepKey);
    return c.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, ...body });
  }

  it('a deputy may not sign a 请示; the refusal names the principal, who then signs it', async () => {
    const drafter = await signedIn(t, 'liuyang');
    const created = await drafter.post('/api/v1/outgoing', { draft: draft() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const itemId = created.body.itemId as string;
    expect(
      (await step('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } })).status,
    ).toBe(200);
    expect((await step('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' })).status).toBe(200);

    // What the registrar's 签发 picker is offered first: the issuer's principal leader.
    const reviewer = await signedIn(t, 'chenjing');
    const detail = (await reviewer.get(`/api/v1/outgoing/${itemId}`)).body as {
      signing: { principalRequired: boolean; principals: { name: string; personId: string }[] };
    };
    expect(detail.signing.principalRequired).toBe(true);
    expect(detail.signing.principals.map((p) => p.name)).toEqual(['周文斌']);

    expect(
      (
        await step('chenjing', itemId, 'officeReview', {
          decision: 'sign',
          opinion: '请王副主任签发。',
          next: { personIds: [ids.get('wangshumin')] },
        })
      ).status,
    ).toBe(200);
    const refused = await step('wangshumin', itemId, 'sign', { opinion: '同意。' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('须由发文机关主要负责人签发');
    expect(refused.body.error.message).toContain('周文斌');
    let d = (await reviewer.get(`/api/v1/outgoing/${itemId}`)).body as {
      item: { state: string };
      document: { signedVersion: number | null };
    };
    expect(d.item.state).toBe('签发');
    expect(d.document.signedVersion).toBeNull();

    const { c: deputy, task } = await myTask('wangshumin', itemId, 'sign');
    expect(
      (
        await deputy.post(`/api/v1/tasks/${task.id}/return`, {
          version: task.version,
          toStep: 'officeReview',
          reason: '请送主要负责人签发。',
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await step('chenjing', itemId, 'officeReview', {
          decision: 'sign',
          opinion: '请周秘书长签发。',
          next: { personIds: [ids.get('zhouwenbin')] },
        })
      ).status,
    ).toBe(200);
    const signed = await step('zhouwenbin', itemId, 'sign', { opinion: '同意。' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    d = (await reviewer.get(`/api/v1/outgoing/${itemId}`)).body;
    expect(d.item.state).toBe('复核');
  });

  it('the system administrator makes another leader the principal: the flag moves, is recorded, and the new principal signs', async () => {
    const admin = await signedIn(t, 'sysadmin');
    const people = (
      await admin.get(`/api/v1/org/people?ids=${ids.get('sunhaitao')},${ids.get('zhouwenbin')},${ids.get('liuyang')}`)
    ).body.items as {
      name: string;
      posts: { id: string; unitId: string; isPrincipal: boolean }[];
    }[];
    const post = (name: string) => people.find((p) => p.name === name)!.posts.find((x) => x.unitId === units.get('市委办'))!;
    expect(post('周文斌').isPrincipal).toBe(true);
    expect(post('孙海涛').isPrincipal).toBe(false);

    const notLeader = await admin.put(`/api/v1/org/posts/${post('刘洋').id}/principal`, { isPrincipal: true });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.error.message).toContain('主要负责人须为领导职务');

    expect((await admin.put(`/api/v1/org/posts/${post('孙海涛').id}/principal`, { isPrincipal: true })).status).toBe(204);
    const after = (await admin.get(`/api/v1/org/people?ids=${ids.get('sunhaitao')},${ids.get('zhouwenbin')}`)).body
      .items as typeof people;
    const flag = (name: string) =>
      after.find((p) => p.name === name)!.posts.find((x) => x.unitId === units.get('市委办'))!.isPrincipal;
    expect(flag('孙海涛')).toBe(true);
    expect(flag('周文斌')).toBe(false);
    const auditor = await signedIn(t, 'auditor');
    const events = (await auditor.get(`/api/v1/audit/events?action=org.post.update&targetId=${post('孙海涛').id}`)).body
      .items as { summary: unknown }[];
    expect(events[0]!.summary).toMatchObject({
      before: { isPrincipal: false },
      after: { isPrincipal: true },
      replacedPrincipal: post('周文斌').id,
    });

    const drafter = await signedIn(t, 'liuyang');
    const itemId = (
      await drafter.post('/api/v1/outgoing', {
        draft: { ...draft(), title: '中共江州市委办公室关于申请召开全市优化营商环境推进会的请示' },
      })
    ).body.itemId as string;
    await step('liuyang', itemId, 'draft', { decision: 'check', next: { personIds: [ids.get('huangxiaodong')] } });
    await step('huangxiaodong', itemId, 'deptCheck', { opinion: '已核。' });
    await step('chenjing', itemId, 'officeReview', {
      decision: 'sign',
      opinion: '请签发。',
      next: { personIds: [ids.get('sunhaitao')] },
    });
    const signed = await step('sunhaitao', itemId, 'sign', { opinion: '同意。' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  });
});

import { uploadPdf } from '../../../../test/support/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import type { NoticeView } from '../../../contract/meetings-notice';

// The office answers for the 会议通知 it sent (issue 17 item 3), through the kernel's dispatch: it chases (催办) the
// 发改委 whose registrar has not signed with its people's 回执; withdraws (撤回) the notice sent there by mistake, and
// the 发改委's invited people no longer read the meeting — but the substitute named also by a sit-in still invited
// does; after the 发改委 sends a notice back (its people moved), it redirects (改派) it to the 清溪县委办, whose registrar
// signs with their 回执. Only the office, only before the meeting starts.

describe.each(engines)('会议通知的催办、撤回与改派 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(engine);
    t.clock.set('2026-11-02T09:00:00+08:00');
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'chenghao', 'weifang', 'panyulan'])
      c[u] = await signedIn(t, u);
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', ndrc: '江州市发展和改革委员会', qingxi: '中共清溪县委办公室' },
      {
        director: '马志远',
        planner: '沈卫东',
        reviewer: '罗正平',
        leader: '宋建国',
        sg: '周文斌',
        secretary: '郑国华',
        deputy: '何丽萍',
        xunuo: '许诺',
        weifang: '魏芳',
      },
    );
  });
  afterAll(() => t?.close());

  const plan = async (day: string) =>
    meetingThrough(c, ids, {
      topics: [await topicThrough(c, ids, `关于11月${day}日会议的议题`)],
      startsAt: `2026-11-${day}T09:00:00+08:00`,
      endsAt: `2026-11-${day}T11:00:00+08:00`,
      memberIds: [ids.secretary!, ids.deputy!],
      sitInIds: [ids.director!, ids.planner!, ids.xunuo!],
    });
  const url = (id: string) => `/api/v1/meetings/${id}/notice`;
  const view = async (who: string, id: string) => {
    const r = await c[who]!.get(url(id));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as NoticeView;
  };
  const send = async (id: string) => {
    const r = await c.chenjing!.post(url(id), {
      replyBy: '2026-11-06T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const ndrcRow = async (id: string) => (await view('chenjing', id)).deliveries.find((d) => d.unitId === ids.ndrc)!;
  const answer = (who: string, id: string, dispatchId: string, body: Record<string, unknown>) =>
    c[who]!.post(`${url(id)}/deliveries/${dispatchId}/answer`, body);
  const reads = async (who: string, id: string) => (await c[who]!.get(`/api/v1/meetings/${id}`)).status;

  it('催办: the office reminds a unit whose people have not replied; nobody else may, and not once it has signed', async () => {
    const id = await plan('10');
    await send(id);
    const row = await ndrcRow(id);
    expect(row).toMatchObject({ unit: '江州市发展和改革委员会', state: 'pending', remindCount: 0 });
    expect(row.outstanding).toEqual(['马志远', '沈卫东']);
    expect((await view('chenjing', id)).mayAnswerDeliveries).toBe(true);
    // The chair reads the deliveries but chases no one; the 发改委's registrar is the one chased.
    expect((await answer('zhengguohua', id, row.id, { type: 'remind' })).status).toBe(403);
    expect((await answer('chenghao', id, row.id, { type: 'remind' })).status).toBe(403);
    const r = await answer('chenjing', id, row.id, { type: 'remind', note: '请今日内回执' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.reminded).toBe(1);
    expect((await ndrcRow(id)).remindCount).toBe(1);
    const bad = await answer('chenjing', id, row.id, { type: 'scold' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('催办、撤回或改派');
    // Once signed with the 回执 there is nothing left to chase.
    const [receipt] = (await view('chenghao', id)).myReceipts;
    const signed = await c.chenghao!.post(`${url(id)}/receipts/${receipt!.dispatchId}/accept`, {
      replies: receipt!.personIds.map((personId) => ({ personId, reply: 'attend' })),
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect((await ndrcRow(id)).outstanding).toEqual([]);
    const late = await answer('chenjing', id, row.id, { type: 'remind' });
    expect(late.status).toBe(409);
    // Nor can a signed notice be withdrawn.
    expect((await answer('chenjing', id, row.id, { type: 'cancel', reason: '误发' })).status).toBe(409);
  });

  it("撤回: the unit's invited people no longer read the meeting nor reply — unless still invited otherwise", async () => {
    const id = await plan('11');
    await send(id);
    // 沈卫东 (发改委) and 许诺 (the office's own, reached in person) both name 魏芳 to go in their place.
    for (const [who, personId] of [
      ['shenweidong', ids.planner!],
      ['xunuo', ids.xunuo!],
    ] as const) {
      const r = await c[who]!.request('PUT', `${url(id)}/replies/${personId}`, {
        reply: 'substitute',
        substitute: { personId: ids.weifang },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const row = await ndrcRow(id);
    const short = await answer('chenjing', id, row.id, { type: 'cancel', reason: ' ' });
    expect(short.status).toBe(400);
    const r = await answer('chenjing', id, row.id, { type: 'cancel', reason: '发改委同志不列席本次会议，误发' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await ndrcRow(id)).state).toBe('cancelled');
    const v = await view('chenjing', id);
    const byName = new Map(v.roster.map((p) => [p.name, p]));
    expect(byName.get('马志远')).toMatchObject({ withdrawn: true, mayReply: false });
    expect(byName.get('沈卫东')).toMatchObject({ withdrawn: true, mayReply: false });
    expect(byName.get('许诺')).toMatchObject({ withdrawn: false, mayReply: true });
    expect(await reads('mazhiyuan', id)).toBe(404);
    expect(await reads('shenweidong', id)).toBe(404);
    // Nor the 发改委's registrar, who held its 签收.
    expect(await reads('chenghao', id)).toBe(404);
    // 魏芳 still goes for 许诺, who is still invited; 许诺 reads it too.
    expect(await reads('weifang', id)).toBe(200);
    expect(await reads('xunuo', id)).toBe(200);
    const reply = await c.mazhiyuan!.request('PUT', `${url(id)}/replies/${ids.director}`, { reply: 'attend' });
    expect(reply.status).toBe(404);
    // Sent again after a change: the 发改委 is not sent it anew, its people not granted it again.
    await send(id);
    expect((await ndrcRow(id)).state).toBe('cancelled');
    expect(await reads('mazhiyuan', id)).toBe(404);
    // Materials distributed later reach the invited, not those withdrawn; nor do they check in.
    const fileId = await uploadPdf(c.chenjing!, '会议议程.pdf');
    const added = await c.chenjing!.post(`/api/v1/meetings/${id}/materials`, { fileId, title: '会议议程' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/materials/distribute`, {})).status).toBe(200);
    expect(await reads('mazhiyuan', id)).toBe(404);
    expect(await reads('xunuo', id)).toBe(200);
    const sheet = await c.chenjing!.get(`/api/v1/meetings/${id}/check-ins`);
    expect(sheet.status, JSON.stringify(sheet.body)).toBe(200);
    const listed = (sheet.body.people as { name: string }[]).map((p) => p.name);
    expect(listed).toContain('许诺');
    expect(listed).not.toContain('马志远');
    expect(listed).not.toContain('沈卫东');
  });

  it('改派: a notice sent back goes to another unit, whose registrar signs with the first unit’s people’s 回执', async () => {
    const id = await plan('12');
    await send(id);
    const row = await ndrcRow(id);
    // Still with the 发改委: redirect follows a return (the kernel's rule); withdraw it instead.
    expect((await answer('chenjing', id, row.id, { type: 'redirect', unitId: ids.qingxi })).status).toBe(409);
    const [receipt] = (await view('chenghao', id)).myReceipts;
    const back = await c.chenghao!.post(`${url(id)}/receipts/${receipt!.dispatchId}/return`, {
      reason: '马志远、沈卫东同志已到清溪县挂职，请改送清溪县委办',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const toOffice = await answer('chenjing', id, row.id, { type: 'redirect', unitId: ids.office });
    expect(toOffice.status).toBe(400);
    const r = await answer('chenjing', id, row.id, { type: 'redirect', unitId: ids.qingxi, note: '请代为回执' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = await view('chenjing', id);
    expect(v.deliveries.map((d) => [d.unit, d.state])).toEqual([['中共清溪县委办公室', 'pending']]);
    expect(v.deliveries[0]!.people).toEqual(['马志远', '沈卫东']);
    const mine = await view('panyulan', id);
    expect(mine.myReceipts).toHaveLength(1);
    expect(new Set(mine.myReceipts[0]!.personIds)).toEqual(new Set([ids.director, ids.planner]));
    const signed = await c.panyulan!.post(`${url(id)}/receipts/${mine.myReceipts[0]!.dispatchId}/accept`, {
      replies: [
        { personId: ids.director, reply: 'attend' },
        { personId: ids.planner, reply: 'leave', reason: '在外地调研' },
      ],
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const after = new Map((await view('chenjing', id)).roster.map((p) => [p.name, p]));
    expect(after.get('沈卫东')).toMatchObject({ reply: 'leave', recordedBy: '潘玉兰' });
    // The 发改委's registrar answers for them no more.
    const old = await c.chenghao!.request('PUT', `${url(id)}/replies/${ids.director}`, { reply: 'leave', reason: '有事' });
    expect(old.status).toBe(404);
    // Sent again after a change, it goes on to 清溪 for them: the 发改委 is not sent it anew.
    await send(id);
    const again = await view('chenjing', id);
    expect(again.deliveries.filter((d) => d.state !== 'cancelled').map((d) => [d.unit, d.people])).toEqual([
      ['中共清溪县委办公室', ['马志远', '沈卫东']],
    ]);
  });

  it('nothing changes once the meeting has started', async () => {
    const id = await plan('13');
    await send(id);
    const row = await ndrcRow(id);
    t.clock.set('2026-11-13T09:30:00+08:00');
    const chenjing = await signedIn(t, 'chenjing');
    const r = await chenjing.post(`${url(id)}/deliveries/${row.id}/answer`, { type: 'remind' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('会议已召开');
    t.clock.set('2026-11-02T09:00:00+08:00');
  });
});

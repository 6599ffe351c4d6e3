import { uploadPdf } from '../../../../test/support/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { notification } from '../../platform/notify/schema';
import { event } from '../../platform/audit/schema';
import { item } from '../../platform/items/schema';
import { grantItemAccess } from '../../platform/items/service';
import { meetingMaterial } from './schema';

// 会议材料 and the hand-out register of a classified meeting (issue 17 items 3 and 9, DOMAIN §11.2 deadlines, §11.8):
// the office and a topic's unit submit materials, a late one is flagged, one above the meeting's 密级 is refused; the
// office distributes them and the attendees read them; a 秘密 meeting's material goes out as numbered copies, and the
// meeting is not closed while one is out.

type Material = { id: string; title: string; late: boolean; dueOn: string; distributedAt: string | null; fileId: string };
type Handout = { id: string; copyNo: number; holder: { name: string }; signedAt: string | null; returnedAt: string | null };

describe.each(engines)('会议材料与涉密材料分发登记 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};

  // Sessions end when idle: after the clock moves on, everyone signs in again.
  const signInAll = async () => {
    for (const u of [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'chenghao', 'maxiaoyan']) c[u] = await signedIn(t, u);
  };

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    // Monday 2 November 2026.
    t.clock.set('2026-11-02T09:00:00+08:00');
    await signInAll();
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', ndrc: '江州市发展和改革委员会' },
      {
        director: '马志远',
        reviewer: '罗正平',
        leader: '宋建国',
        sg: '周文斌',
        secretary: '郑国华',
        deputy: '何丽萍',
        xunuo: '许诺',
        maxiaoyan: '马晓燕',
      },
    );
  });
  afterAll(() => t?.close());

  const materials = async (who: string, id: string) => {
    const r = await c[who]!.get(`/api/v1/meetings/${id}/materials`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { dueOn: string; mayAdd: boolean; mayManage: boolean; items: Material[] };
  };

  it('the office and the topic’s unit submit materials; a late one is flagged; above the meeting’s 密级 is refused', async () => {
    const topic = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    // Tuesday 10 November: a 常委会议's materials are due 3 calendar days before, by the end of 7 November.
    const id = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
      sitInIds: [ids.director!],
    });
    const agendaFile = await uploadPdf(c.chenjing!, '议程.pdf');
    const agenda = await c.chenjing!.post(`/api/v1/meetings/${id}/materials`, { title: '会议议程', fileId: agendaFile });
    expect(agenda.status, JSON.stringify(agenda.body)).toBe(201);
    expect(agenda.body).toMatchObject({ late: false, dueOn: '2026-11-07' });
    // The proposing unit's drafter, for their topic, from the topic they read (they do not read the meeting).
    expect((await c.shenweidong!.get(`/api/v1/meetings/${id}`)).status).toBe(404);
    const report = await c.shenweidong!.post(`/api/v1/meetings/${id}/materials`, {
      title: '关于2027年市级重点项目计划的汇报',
      fileId: await uploadPdf(c.shenweidong!, '汇报.pdf'),
      topicItemId: topic,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    // A file already on an item (here, this meeting) is not submitted again, nor by someone who did not upload it.
    for (const who of ['shenweidong', 'chenjing']) {
      const again = await c[who]!.post(`/api/v1/meetings/${id}/materials`, {
        title: '重复提交',
        fileId: agendaFile,
        topicItemId: topic,
      });
      expect(again.status, who).toBeGreaterThanOrEqual(400);
    }
    // Not for the whole meeting, and not someone of another unit.
    const whole = await c.shenweidong!.post(`/api/v1/meetings/${id}/materials`, {
      title: '其他材料',
      fileId: await uploadPdf(c.shenweidong!, '其他.pdf'),
    });
    expect(whole.status).toBe(403);
    const stranger = await c.xunuo!.post(`/api/v1/meetings/${id}/materials`, {
      title: '无关材料',
      fileId: await uploadPdf(c.xunuo!, '无关.pdf'),
      topicItemId: topic,
    });
    expect(stranger.status).toBe(404);

    // Sunday 8 November, a day after the deadline: the unit's registrar sends the 说明 — flagged 逾期.
    t.clock.set('2026-11-08T10:00:00+08:00');
    await signInAll();
    const late = await c.chenghao!.post(`/api/v1/meetings/${id}/materials`, {
      title: '项目计划编制说明',
      fileId: await uploadPdf(c.chenghao!, '编制说明.pdf'),
      topicItemId: topic,
    });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect(late.body.late).toBe(true);
    const topicView = await c.shenweidong!.get(`/api/v1/meeting-topics/${topic}/materials`);
    expect(topicView.status).toBe(200);
    expect((topicView.body.items as Material[]).map((m) => [m.title, m.late])).toEqual([
      ['关于2027年市级重点项目计划的汇报', false],
      ['项目计划编制说明', true],
    ]);

    // A 内部 file for a 公开 meeting: refused, nothing written.
    const before = await t.database.db.select().from(meetingMaterial).where(eq(meetingMaterial.meetingItemId, id));
    const above = await c.chenjing!.post(`/api/v1/meetings/${id}/materials`, {
      title: '内部情况通报',
      fileId: await uploadPdf(c.chenjing!, '通报.pdf', '内部'),
    });
    expect(above.status).toBe(400);
    expect(above.body.error.message).toBe('材料密级“内部”高于会议密级“公开”，不能提交');
    expect(await t.database.db.select().from(meetingMaterial).where(eq(meetingMaterial.meetingItemId, id))).toHaveLength(
      before.length,
    );

    const office = await materials('chenjing', id);
    expect(office).toMatchObject({ dueOn: '2026-11-07', mayAdd: true, mayManage: true });
    expect(office.items.map((m) => [m.title, m.late, m.distributedAt])).toEqual([
      ['会议议程', false, null],
      ['关于2027年市级重点项目计划的汇报', false, null],
      ['项目计划编制说明', true, null],
    ]);

    // 分发: before it a member does not read the meeting; after, they read the materials and their files.
    expect((await c.heliping!.get(`/api/v1/meetings/${id}/materials`)).status).toBe(404);
    expect((await c.heliping!.post(`/api/v1/meetings/${id}/materials/distribute`, {})).status).toBe(404);
    const sent = await c.chenjing!.post(`/api/v1/meetings/${id}/materials/distribute`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.distributed).toBe(3);
    expect((await c.chenjing!.post(`/api/v1/meetings/${id}/materials/distribute`, {})).status).toBe(409);
    const member = await materials('heliping', id);
    expect(member.mayManage).toBe(false);
    expect(member.items.map((m) => m.title)).toEqual(['会议议程', '关于2027年市级重点项目计划的汇报', '项目计划编制说明']);
    // Through the module's route only: the kernel's file routes do not give a material by way of the meeting.
    expect((await c.heliping!.getBytes(`/api/v1/meetings/${id}/materials/${member.items[0]!.id}/content`)).status).toBe(200);
    expect((await c.heliping!.getBytes(`/api/v1/files/${member.items[0]!.fileId}/content`)).status).toBe(404);
    // The reporting unit reads what it sent (its registrar, from the topic they read), without reading the meeting.
    const sentByUnit = (topicView.body.items as (Material & { mayDownload: boolean })[])[0]!;
    expect(sentByUnit.mayDownload).toBe(true);
    expect((await c.chenghao!.getBytes(`/api/v1/meetings/${id}/materials/${sentByUnit.id}/content`)).status).toBe(200);
    expect((await c.xunuo!.getBytes(`/api/v1/meetings/${id}/materials/${sentByUnit.id}/content`)).status).toBe(404);
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.personId, ids.deputy!), eq(notification.itemId, id)));
    expect(told.some((n) => n.message.includes('会议材料已分发'))).toBe(true);
  });

  it('a 秘密 meeting: numbered copies signed for; closing is refused while one is out, and goes once all are back', async () => {
    // 马晓燕, the office's 机要 registrar cleared for 秘密, plans a 书记专题会议 (it decides nothing: no topic needed).
    const made = await c.maxiaoyan!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'secretaryTopic',
      startsAt: '2026-11-12T15:00:00+08:00',
      endsAt: '2026-11-12T17:00:00+08:00',
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy, ids.leader],
      classification: '秘密',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    const task = async (who: string, step: string) => {
      const r = await c[who]!.get(`/api/v1/meetings/${id}`);
      return (r.body.myTasks as { id: string; version: number; stepKey: string }[]).find((x) => x.stepKey === step)!;
    };
    const plan = await task('maxiaoyan', 'plan');
    expect(
      (
        await c.maxiaoyan!.post(`/api/v1/tasks/${plan.id}/submit`, {
          version: plan.version,
          next: { personIds: [ids.secretary] },
        })
      ).status,
    ).toBe(200);
    const settle = await task('zhengguohua', 'settle');
    expect(
      (await c.zhengguohua!.post(`/api/v1/tasks/${settle.id}/submit`, { version: settle.version, decision: 'settle' })).status,
    ).toBe(200);

    const added = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/materials`, {
      title: '关于重大项目选址的汇报',
      fileId: await uploadPdf(c.maxiaoyan!, '选址汇报.pdf', '秘密'),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const materialId = added.body.id as string;
    expect((await materials('maxiaoyan', id)).items[0]).toMatchObject({ numberedCopies: true });

    // Copies go to attendees only.
    const outsider = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts`, { materialId, holderPersonIds: [ids.xunuo] });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toBe('领取人须为本次会议的参会人员');
    const out = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts`, {
      materialId,
      holderPersonIds: [ids.deputy, ids.leader, ids.secretary],
    });
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect((out.body.copies as { copyNo: number }[]).map((x) => x.copyNo)).toEqual([1, 2, 3]);
    const register = async (who: string) => {
      const r = await c[who]!.get(`/api/v1/meetings/${id}/handouts`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.items as Handout[];
    };
    // The holder signs for their own copy, and sees only theirs.
    const mine = await register('heliping');
    expect(mine.map((h) => [h.copyNo, h.holder.name])).toEqual([[1, '何丽萍']]);
    expect((await c.heliping!.post(`/api/v1/meetings/${id}/handouts/${mine[0]!.id}/sign`, {})).status).toBe(200);
    expect((await c.heliping!.post(`/api/v1/meetings/${id}/handouts/${mine[0]!.id}/return`, {})).status).toBe(403);
    const all = await register('maxiaoyan');
    expect(all.map((h) => [h.copyNo, h.holder.name, h.signedAt !== null])).toEqual([
      [1, '何丽萍', true],
      [2, '宋建国', false],
      [3, '郑国华', false],
    ]);
    // 郑国华 reports his copy lost: recorded, and the office's registrars are told.
    const lost = await c.zhengguohua!.post(`/api/v1/meetings/${id}/handouts/${all[2]!.id}/lost`, { reason: '散会后未找到' });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    const alarm = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.kind, 'security'), eq(notification.itemId, id)));
    expect(alarm.length).toBeGreaterThan(0);
    expect(alarm[0]!.message).toContain('第3份（领取人 郑国华）报告丢失');
    const audited = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'meetings.handout.lost'), eq(event.targetId, id)));
    expect(audited).toHaveLength(1);

    // Copy 1 comes back; copy 2 is still out: the meeting is not closed, and the refusal names it.
    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts/${all[0]!.id}/return`, {})).status).toBe(200);
    // The meeting has met (it is not ended before it begins).
    t.clock.set('2026-11-12T16:30:00+08:00');
    await signInAll();
    const hold = await task('maxiaoyan', 'hold');
    const refused = await c.maxiaoyan!.post(`/api/v1/tasks/${hold.id}/submit`, { version: hold.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('涉密材料尚未全部收回，不能结束会议：《关于重大项目选址的汇报》第2份（宋建国）');
    const [still] = await t.database.db.select().from(item).where(eq(item.id, id));
    expect(still!.closedAt).toBeNull();
    expect(still!.state).toBe('hold');

    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts/${all[1]!.id}/return`, {})).status).toBe(200);
    const again = await task('maxiaoyan', 'hold');
    const closed = await c.maxiaoyan!.post(`/api/v1/tasks/${again.id}/submit`, { version: again.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const [done] = await t.database.db.select().from(item).where(eq(item.id, id));
    expect(done!.closedAt).not.toBeNull();
    expect((await register('maxiaoyan')).map((h) => [h.copyNo, h.returnedAt !== null])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('a 公开 meeting’s materials are not handed out as numbered copies', async () => {
    const made = await c.chenjing!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'secretaryTopic',
      startsAt: '2026-11-13T15:00:00+08:00',
      endsAt: '2026-11-13T16:00:00+08:00',
      place: '市委第一会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy],
    });
    const id = made.body.itemId as string;
    const m = await c.chenjing!.post(`/api/v1/meetings/${id}/materials`, {
      title: '工作情况',
      fileId: await uploadPdf(c.chenjing!, '情况.pdf'),
    });
    const r = await c.chenjing!.post(`/api/v1/meetings/${id}/handouts`, { materialId: m.body.id, holderPersonIds: [ids.deputy] });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('只有涉密会议（秘密及以上）的涉密材料按份号发放登记');
  });

  it('a material reaches nobody through the kernel’s file routes: the module gives it once distributed, a numbered copy once signed for', async () => {
    const made = await c.maxiaoyan!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'secretaryTopic',
      startsAt: '2026-11-20T15:00:00+08:00',
      endsAt: '2026-11-20T17:00:00+08:00',
      place: '市委常委会议室',
      chairPersonId: ids.secretary,
      memberIds: [ids.secretary, ids.deputy, ids.leader],
      classification: '秘密',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    const add = async (title: string, name: string, classification: string) => {
      const r = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/materials`, {
        title,
        fileId: await uploadPdf(c.maxiaoyan!, name, classification),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const [row] = await t.database.db.select().from(meetingMaterial).where(eq(meetingMaterial.id, r.body.id));
      return row!;
    };
    const agenda = await add('会议议程', '议程.pdf', '内部');
    const siting = await add('关于重大项目选址的汇报', '选址.pdf', '秘密');
    // A reader of the meeting who attends it (the chair, from the plan on) and one who does not (周文斌, given it to read).
    await t.database.db.transaction((tx) =>
      grantItemAccess(
        tx,
        id,
        { type: 'person', id: ids.sg! },
        '传阅',
        { personId: null, postId: null, requestId: 'test' },
        t.clock.now(),
      ),
    );
    const readers = ['zhengguohua', 'zhouwenbin'];
    const kernelPaths = (fileId: string) => [
      `/api/v1/files/${fileId}`,
      `/api/v1/files/${fileId}/content`,
      `/api/v1/files/${fileId}/preview`,
      `/api/v1/files/${fileId}/preview/1`,
    ];
    const own = (mt: typeof agenda) => `/api/v1/meetings/${id}/materials/${mt.id}/content`;
    const noKernelPath = async () => {
      for (const who of [...readers, 'heliping']) {
        const list = await c[who]!.get(`/api/v1/items/${id}/files?includeRemoved=true`);
        if (who !== 'heliping' || list.status === 200) {
          expect(list.status, who).toBe(200);
          expect(list.body.items, who).toEqual([]);
        }
        for (const mt of [agenda, siting]) {
          for (const url of kernelPaths(mt.fileId)) expect((await c[who]!.getBytes(url)).status, `${who} ${url}`).toBe(404);
          const head = await t.app.inject({
            method: 'HEAD',
            url: `/api/v1/files/${mt.fileId}/content`,
            headers: { cookie: c[who]!.cookie },
          });
          expect(head.statusCode, who).toBe(404);
        }
      }
    };

    // Not yet distributed: the readers of the meeting get nothing of it, by either way; the office reads both.
    expect((await c.zhengguohua!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    expect((await c.zhouwenbin!.get(`/api/v1/meetings/${id}`)).status).toBe(200);
    await noKernelPath();
    for (const who of readers) for (const mt of [agenda, siting]) expect((await c[who]!.getBytes(own(mt))).status, who).toBe(404);
    for (const mt of [agenda, siting]) expect((await c.maxiaoyan!.getBytes(own(mt))).status).toBe(200);
    // Nor does the generic attach and remove touch a material.
    const removed = await c.maxiaoyan!.delete(`/api/v1/items/${id}/files/${agenda.itemFileId}`);
    expect(removed.status).toBe(403);
    expect(removed.body.error.message).toContain('办会');

    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/materials/distribute`, {})).status).toBe(200);
    // Distributed: the 内部 agenda by the module to the meeting's readers, still never through the kernel's routes.
    await noKernelPath();
    for (const who of [...readers, 'heliping']) expect((await c[who]!.getBytes(own(agenda))).status, who).toBe(200);
    // The 秘密 material goes as numbered copies: no copy, no file.
    const withoutCopy = await c.heliping!.getBytes(own(siting));
    expect(withoutCopy.status).toBe(403);
    expect(JSON.parse(withoutCopy.text).error.message).toContain('请先签收');
    const listed = async (who: string) =>
      ((await materials(who, id)).items as (Material & { mayDownload: boolean })[]).map((m) => [m.title, m.mayDownload]);
    expect(await listed('heliping')).toEqual([
      ['会议议程', true],
      ['关于重大项目选址的汇报', false],
    ]);
    const out = await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts`, {
      materialId: siting.id,
      holderPersonIds: [ids.deputy],
    });
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    const copy = (out.body.copies as { id: string }[])[0]!.id;
    expect((await c.heliping!.getBytes(own(siting))).status).toBe(403);
    expect((await c.heliping!.post(`/api/v1/meetings/${id}/handouts/${copy}/sign`, {})).status).toBe(200);
    const read = await c.heliping!.getBytes(own(siting));
    expect(read.status).toBe(200);
    expect(read.text).toContain('选址.pdf');
    expect(await listed('heliping')).toEqual([
      ['会议议程', true],
      ['关于重大项目选址的汇报', true],
    ]);
    // Recorded as a classified read of the file, through the meeting.
    const reads = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'file.read'), eq(event.targetId, siting.fileId), eq(event.actorPersonId, ids.deputy!)));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.summary).toMatchObject({ itemId: id });
    // Others without a copy still do not read it, and the kernel's routes give it to no one.
    expect((await c.zhouwenbin!.getBytes(own(siting))).status).toBe(403);
    await noKernelPath();
    // Returned: the holder reads it no more.
    expect((await c.maxiaoyan!.post(`/api/v1/meetings/${id}/handouts/${copy}/return`, {})).status).toBe(200);
    expect((await c.heliping!.getBytes(own(siting))).status).toBe(403);
  });
});

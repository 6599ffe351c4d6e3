import { uploadPdf } from '../../../../test/support/files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { idsOf, meetingThrough, TOPIC_PEOPLE, topicThrough } from '../../../../test/support/meetings';
import { event } from '../../platform/audit/schema';
import type { Draft } from '../../../contract/outgoing-draft';
import type { OfficeKind } from '../../../contract/meetings-kinds';

// 会议类型设置 (issue 17 items 1 and 7): the 市委办公室's registrar sets its kinds of meeting — a longer materials
// deadline makes a material late, substitutes switched off for 专题会议 are refused at 回执, a renamed 纪要 series
// heads the 纪要 and numbers it in the register of that name, the 纪要 names its signer by the kind's rule — within the
// regulation: no substitutes for 常委会议 members, no quorum below > ½ / ≥ ⅔. Nobody else sets them; the government
// office's kinds stay as they were; every change is audited before and after.

describe.each(engines)('会议类型设置 (%s)', (engine) => {
  let t: TestApp;
  const c: Record<string, Client> = {};
  let ids: Record<string, string> = {};
  let committeeId = '';

  const PEOPLE = [...TOPIC_PEOPLE, 'zhengguohua', 'heliping', 'xunuo', 'sysadmin'];
  /** Sessions end when idle: after the clock moves on, everyone signs in again. */
  const moveTo = async (at: string) => {
    t.clock.set(at);
    for (const u of PEOPLE) c[u] = await signedIn(t, u);
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    // Monday 2 November 2026.
    await moveTo('2026-11-02T09:00:00+08:00');
    ids = await idsOf(
      t,
      { office: '中共江州市委办公室', govOffice: '江州市人民政府办公室' },
      { director: '马志远', reviewer: '罗正平', leader: '宋建国', sg: '周文斌', secretary: '郑国华', deputy: '何丽萍' },
    );
    const topic = await topicThrough(c, ids, '关于2027年市级重点项目计划的议题');
    committeeId = await meetingThrough(c, ids, {
      topics: [topic],
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-10T11:00:00+08:00',
      memberIds: [ids.secretary!, ids.deputy!, ids.leader!, ids.sg!],
    });
  });
  afterAll(() => t?.close());

  const kinds = async (who: string, office = ids.office) => {
    const r = await c[who]!.get(`/api/v1/meetings/kinds?officeUnitId=${office}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { mayEdit: boolean; items: OfficeKind[] };
  };
  const kind = async (key: string, who = 'chenjing', office = ids.office) =>
    (await kinds(who, office)).items.find((k) => k.key === key)!;
  /** The kind's settings as the page sends them: every field, the changed ones over what is in force. */
  const put = async (who: string, key: string, over: Record<string, unknown>) => {
    const k = await kind(key);
    return c[who]!.put(`/api/v1/meetings/kinds/${key}`, {
      officeUnitId: ids.office,
      enabled: k.enabled,
      ...k.deadlines,
      substitutes: k.substitutes,
      quorum: k.quorum,
      minutesSeries: k.minutes.series,
      signOff: k.signOff,
      ...over,
    });
  };
  const kindEvents = async () =>
    t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'meetings.kind.set'), eq(event.targetId, ids.office!)));

  it('lists the kinds the office holds with their defaults; only its registrars may change them', async () => {
    const own = await kinds('chenjing');
    expect(own.mayEdit).toBe(true);
    // A party committee's office holds the party's kinds and those of either organ, not the government's.
    expect(own.items.map((k) => k.key)).toEqual([
      'partyPlenary',
      'standingCommittee',
      'secretaryTopic',
      'topic',
      'workConference',
    ]);
    const committee = own.items.find((k) => k.key === 'standingCommittee')!;
    expect(committee).toMatchObject({
      enabled: true,
      substitutes: false,
      substitutesForbidden: true,
      signOff: 'chair',
      register: { name: '常委会议纪要', example: '第1期' },
      updatedBy: null,
    });
    expect((await kinds('xunuo')).mayEdit).toBe(false);
    const before = (await kindEvents()).length;
    const refused = await put('xunuo', 'standingCommittee', { materialsBeforeDays: 5 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('只有本办公厅（室）的登记人员可以设置会议类型');
    expect((await kind('standingCommittee')).deadlines.materialsBeforeDays).toBe(3);
    expect(await kindEvents()).toHaveLength(before);
  });

  it('never allows substitutes for 常委会议 members, nor a quorum looser than > ½ and ≥ ⅔', async () => {
    const subs = await put('chenjing', 'standingCommittee', { substitutes: true });
    expect(subs.status).toBe(400);
    expect(subs.body.error.message).toBe('常委会议组成人员不得委托他人代会（应本人出席或向会议主持人请假），不能设为允许代会');
    const looser = await put('chenjing', 'standingCommittee', { quorum: { moreThan: 0.4, appointmentsAtLeast: 2 / 3 } });
    expect(looser.status).toBe(400);
    expect(looser.body.error.message).toContain('法定人数只能比规定更严格');
    // Just under one half would make 2 of 4 a quorum.
    const hair = await put('chenjing', 'standingCommittee', { quorum: { moreThan: 0.49995, appointmentsAtLeast: 2 / 3 } });
    expect(hair.status).toBe(400);
    const appointments = await put('chenjing', 'standingCommittee', { quorum: { moreThan: 0.5, appointmentsAtLeast: 0.6 } });
    expect(appointments.status).toBe(400);
    expect((await kind('standingCommittee')).quorum).toEqual({ moreThan: 0.5, appointmentsAtLeast: 2 / 3 });
    expect(await kindEvents()).toHaveLength(0);

    // Stricter is the office's to choose: more than ¾ of 4 members is all 4 (by default 3 would do).
    const stricter = await put('chenjing', 'standingCommittee', { quorum: { moreThan: 0.75, appointmentsAtLeast: 0.8 } });
    expect(stricter.status, JSON.stringify(stricter.body)).toBe(200);
    const sheet = await c.chenjing!.get(`/api/v1/meetings/${committeeId}/check-ins`);
    expect(sheet.status, JSON.stringify(sheet.body)).toBe(200);
    expect(sheet.body.quorum).toMatchObject({ rule: 'majority', due: 4, needed: 4 });
  });

  it('a longer materials deadline makes a material late that would have been on time', async () => {
    // Friday 6 November: a 常委会议 on the 10th takes materials until the end of the 7th (3 days before).
    await moveTo('2026-11-06T10:00:00+08:00');
    const early = await c.chenjing!.post(`/api/v1/meetings/${committeeId}/materials`, {
      title: '会议议程',
      fileId: await uploadPdf(c.chenjing!, '议程.pdf'),
    });
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    expect(early.body).toMatchObject({ late: false, dueOn: '2026-11-07' });

    const longer = await put('chenjing', 'standingCommittee', { materialsBeforeDays: 5 });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    const late = await c.chenjing!.post(`/api/v1/meetings/${committeeId}/materials`, {
      title: '关于2027年市级重点项目计划的汇报',
      fileId: await uploadPdf(c.chenjing!, '汇报.pdf'),
    });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect(late.body).toMatchObject({ late: true, dueOn: '2026-11-05' });
    const list = await c.chenjing!.get(`/api/v1/meetings/${committeeId}/materials`);
    expect(list.body).toMatchObject({ dueOn: '2026-11-05', beforeDays: 5 });

    // Audited with what it was and what it became.
    const last = (await kindEvents()).at(-1)!;
    expect(last.summary).toMatchObject({
      kind: 'standingCommittee',
      before: { deadlines: { materialsBeforeDays: 3 } },
      after: { deadlines: { materialsBeforeDays: 5 } },
    });
  });

  it('a substitute, allowed for 专题会议 by default, is refused at 回执 once the office switches it off', async () => {
    const made = await c.chenjing!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'topic',
      startsAt: '2026-11-12T15:00:00+08:00',
      endsAt: '2026-11-12T17:00:00+08:00',
      place: '市委第二会议室',
      chairPersonId: ids.leader,
      memberIds: [ids.leader, ids.deputy],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.itemId as string;
    const task = async (who: string, step: string) =>
      ((await c[who]!.get(`/api/v1/meetings/${id}`)).body.myTasks as { id: string; version: number; stepKey: string }[]).find(
        (x) => x.stepKey === step,
      )!;
    const plan = await task('chenjing', 'plan');
    const sent = await c.chenjing!.post(`/api/v1/tasks/${plan.id}/submit`, {
      version: plan.version,
      next: { personIds: [ids.leader] },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const settle = await task('songjianguo', 'settle');
    const fixed = await c.songjianguo!.post(`/api/v1/tasks/${settle.id}/submit`, { version: settle.version, decision: 'settle' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const notice = await c.chenjing!.post(`/api/v1/meetings/${id}/notice`, {
      replyBy: '2026-11-11T17:00:00+08:00',
      contactName: '陈静',
      contactPhone: '0791-86001234',
      requirements: '请准时到会。',
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    const substitute = () =>
      c.heliping!.put(`/api/v1/meetings/${id}/notice/replies/${ids.deputy}`, {
        reply: 'substitute',
        substitute: { name: '王敏', post: '市委副秘书长' },
      });
    expect((await substitute()).status).toBe(200);

    const off = await put('chenjing', 'topic', { substitutes: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await c.chenjing!.get(`/api/v1/meetings/${id}/notice`)).body.substitutesAllowed).toBe(false);
    const refused = await substitute();
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('专题会议组成人员不得委托他人代会');
  });

  it('the government office’s kinds are its own: untouched by the party office’s settings', async () => {
    const gov = await kinds('chenjing', ids.govOffice);
    expect(gov.mayEdit).toBe(false);
    expect(gov.items.map((k) => k.key)).toContain('executive');
    expect(gov.items.find((k) => k.key === 'topic')).toMatchObject({ substitutes: true, updatedBy: null });
    expect((await kind('topic')).substitutes).toBe(false);
  });

  it('a kind the office switches off is not taken for 议题 nor planned', async () => {
    const off = await put('chenjing', 'workConference', { enabled: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const r = await c.shenweidong!.post('/api/v1/meeting-topics', {
      title: '关于召开全市安全生产工作会议的议题',
      officeUnitId: ids.office,
      meetingKind: 'workConference',
      situation: '背景。',
      question: '审议。',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('本办公厅（室）未启用工作会议，请选择其他会议类型');
    const planned = await c.chenjing!.post('/api/v1/meetings', {
      officeUnitId: ids.office,
      meetingKind: 'workConference',
      startsAt: '2026-11-20T09:00:00+08:00',
      endsAt: '2026-11-20T11:00:00+08:00',
      place: '市委第一会议室',
      chairPersonId: ids.leader,
      memberIds: [ids.leader],
    });
    expect(planned.status).toBe(400);
    expect(planned.body.error.message).toBe('本办公厅（室）未启用工作会议，请选择其他会议类型');
    expect(await kind('workConference')).toMatchObject({ enabled: false, updatedBy: '陈静' });
  });

  it('a renamed 纪要 series heads the 纪要 and numbers it in the register of that name; the chair is named to sign', async () => {
    const noRegister = await put('chenjing', 'standingCommittee', { minutesSeries: '常委会纪要' });
    expect(noRegister.status).toBe(400);
    expect(noRegister.body.error.message).toContain('没有名为“常委会纪要”的按期编号文号登记簿');
    const reg = await c.sysadmin!.post('/api/v1/doc-registers', {
      unitId: ids.office,
      name: '常委会纪要',
      code: '常委会纪要',
      kind: 'issue',
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const renamed = await put('chenjing', 'standingCommittee', { minutesSeries: '常委会纪要' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await kind('standingCommittee')).toMatchObject({
      minutes: { series: '常委会纪要' },
      defaults: { series: '常委会议纪要' },
      register: { name: '常委会纪要', example: '第1期' },
    });

    await moveTo('2026-11-10T15:00:00+08:00');
    const made = await c.chenjing!.post(`/api/v1/meetings/${committeeId}/minutes`, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const doc = await c.chenjing!.get(`/api/v1/outgoing/${made.body.itemId}`);
    expect(doc.status, JSON.stringify(doc.body)).toBe(200);
    expect((doc.body.document.draft as Draft).headerName).toBe('中共江州市委常委会纪要');
    expect(doc.body.document.register).toMatchObject({ name: '常委会纪要', example: '第1期' });
    // 签发: a 常委会议's 纪要 by its chair, offered first at 审核.
    expect(doc.body.signing.named).toMatchObject({
      personId: ids.secretary,
      name: '郑国华',
      reason: '常委会议纪要由会议主持人签发',
    });
  });

  it('the 纪要 names the signer the office’s rule gives: the secretary-general when the office says so', async () => {
    // The first 纪要 withdrawn, the office has the secretary-general sign its 常委会议纪要; the next draft names him.
    const changed = await put('chenjing', 'standingCommittee', { signOff: 'officePrincipal' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const minutes = (await c.chenjing!.get(`/api/v1/meetings/${committeeId}/decisions`)).body.minutes as { itemId: string };
    const doc = await c.chenjing!.get(`/api/v1/outgoing/${minutes.itemId}`);
    const draftTask = (doc.body.myTasks as { id: string; version: number; stepKey: string }[]).find(
      (x) => x.stepKey === 'draft',
    )!;
    const withdrawn = await c.chenjing!.post(`/api/v1/tasks/${draftTask.id}/submit`, {
      version: draftTask.version,
      decision: 'withdraw',
      opinion: '按新的签发规定重新起草',
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const again = await c.chenjing!.post(`/api/v1/meetings/${committeeId}/minutes`, {});
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const next = await c.chenjing!.get(`/api/v1/outgoing/${again.body.itemId}`);
    expect(next.body.signing.named).toMatchObject({
      personId: ids.sg,
      name: '周文斌',
      title: '市委常委、秘书长',
      reason: '常委会议纪要由办公厅（室）主要负责人（秘书长）签发',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDocx, para } from './import/fixtures/docx';
import { pdfPages } from '../../../../test/support/pdf';
import { itemPages } from '../../../../test/support/item-pages';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { unit } from '../../org/schema';
import { event } from '../../platform/audit/schema';
import { and, eq } from 'drizzle-orm';

const document = {
  senderName: '中共江南省委办公厅',
  docNo: '江南委办发[2026]46号',
  title: '关于做好2027年元旦春节期间有关工作的通知',
  classification: '公开',
  urgency: '加急',
  copies: 2,
  writtenDate: '2026-11-20',
  mainRecipients: ['各市委', '省直各单位'],
  attachments: [{ name: '元旦春节期间值班安排表' }],
};

type Detail = {
  item: { state: string; closedAt: string | null; registryNo: string; filingStatus: string | null };
  document: { docNo: string; docNoAsReceived: string | null; receivedAt: string };
  opinions: { stepName: string; kind: string; text: string; signature: string; postTitle: string | null }[];
  tasks: {
    id: string;
    step: string;
    state: string;
    dueDate: string | null;
    unit: string | null;
    unitRole: string | null;
    assignee: string;
  }[];
  myTasks: {
    id: string;
    version: number;
    stepKey: string | null;
    step: string;
    kind: string;
    decisions: Record<string, string> | null;
  }[];
  circulations: { readers: { name: string; status: string; comment: string | null }[]; holders: string[]; notRead: string[] }[];
};

const FIXTURES = join(import.meta.dirname, 'import', 'fixtures');

describe.each(engines)('收文 from 签收 to 办结 (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const units = new Map<string, string>();
  const { as, detail, taskOf: myTask, submit } = itemPages<Detail>(() => t, '/api/v1/incoming');

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    for (const u of await t.database.db.select().from(unit)) units.set(u.shortName, u.id);
  });
  afterAll(() => t?.close());

  it('registers, screens, proposes, assigns, dispatches to a lead and two assisting units, circulates to three leaders, replies and closes', async () => {
    const registrar = await as('chenjing');
    // The received document itself goes up first, then comes with the registration.
    const bodyFile = makeDocx([
      para('中共江南省委办公厅文件'),
      para('江南委办发〔2026〕46号'),
      para('关于做好2027年元旦春节期间有关工作的通知'),
    ]);
    const up = await registrar.request(
      'POST',
      '/api/v1/files',
      undefined,
      {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'x-file-name': encodeURIComponent('江南委办发〔2026〕46号.docx'),
      },
      bodyFile,
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const reg = await registrar.post('/api/v1/incoming', { ...document, files: [{ fileId: up.body.id, role: '正文' }] });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const itemId = reg.body.itemId as string;
    expect(reg.body.docNo).toBe('江南委办发〔2026〕46号');
    const files = (await registrar.get(`/api/v1/items/${itemId}/files`)).body.items as {
      role: string;
      fileId: string;
      name: string;
    }[];
    expect(files.map((f) => [f.role, f.name])).toEqual([['正文', '江南委办发〔2026〕46号.docx']]);
    // Only the people in the flow read it, and its file.
    expect((await (await as('liuyang')).getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(404);
    expect((await registrar.getBytes(`/api/v1/files/${up.body.id}/content`)).bytes).toEqual(bodyFile);
    expect(reg.body.docNoNotes.join()).toContain('六角括号');
    expect(reg.body.registryNo).toMatch(/^江委办收〔2026〕\d+号$/);

    // 初审 goes to every registrar of the office; the first to act takes it. Due: one working day.
    let d = await detail('chenjing', itemId);
    const screen = d.tasks.filter((x) => x.step === '初审');
    expect(screen.map((x) => x.assignee).sort()).toEqual(['陈静', '马晓燕']);
    expect(screen[0]!.dueDate).toBe('2026-11-24');
    expect(d.myTasks[0]!.decisions).toEqual({ read: '阅知', handle: '批办', return: '退文' });

    // Nobody outside the flow reads it: not a clerk of the same office, not the units before 分办.
    expect((await (await as('liuyang')).get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    expect((await (await as('chenghao')).get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    expect(((await (await as('liuyang')).get('/api/v1/items?q=元旦春节')).body.items as unknown[]).length).toBe(0);

    expect(
      await submit('chenjing', itemId, 'screen', {
        decision: 'handle',
        opinion: '符合收文要求，请拟办。',
        next: { personIds: [ids.get('sunhaitao')] },
      }),
    ).toMatchObject({ nextStep: 'propose' });
    expect((await detail('maxiaoyan', itemId)).tasks.find((x) => x.step === '初审' && x.assignee === '马晓燕')!.state).toBe(
      'cancelled',
    );

    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。拟由市发改委牵头办理，市财政局、市教育局配合，并送市委领导传阅。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    d = await detail('zhouwenbin', itemId);
    // 批办: two working days from Monday 23 November.
    expect(d.tasks.find((x) => x.step === '批办')!.dueDate).toBe('2026-11-25');
    await submit('zhouwenbin', itemId, 'assign', {
      opinion: '同意拟办意见。请市发改委牵头，市财政局、市教育局配合，12月4日前报送落实情况。',
    });
    // The instruction reaches the registrar and the 拟办 author at once; the leader is not told of his own.
    const instructions = async (who: string) =>
      (
        (await (await as(who)).get('/api/v1/notifications?limit=100')).body.items as {
          kind: string;
          itemId: string;
          message: string;
        }[]
      ).filter((n) => n.kind === 'instruction' && n.itemId === itemId);
    for (const who of ['chenjing', 'sunhaitao'])
      expect(
        (await instructions(who)).map((n) => n.message),
        who,
      ).toEqual([expect.stringMatching(/^周文斌批示《.+》：同意拟办意见。/)]);
    expect(await instructions('zhouwenbin')).toEqual([]);
    expect(await instructions('maxiaoyan')).toEqual([]);

    // The secretary-general also sends it round three committee leaders, all at once.
    const sg = await as('zhouwenbin');
    expect((await sg.getBytes(`/api/v1/files/${up.body.id}/content`)).status).toBe(200);
    const circ = await sg.post(`/api/v1/items/${itemId}/circulations`, {
      readerIds: [ids.get('zhengguohua'), ids.get('heliping'), ids.get('songjianguo')],
      ordered: false,
    });
    expect(circ.status, JSON.stringify(circ.body)).toBe(201);

    await submit('chenjing', itemId, 'dispatch', {
      next: {
        units: [
          { unitId: units.get('市发改委'), role: 'lead', dueDate: '2026-12-04' },
          { unitId: units.get('市财政局'), role: 'assisting', dueDate: '2026-12-02' },
          { unitId: units.get('市教育局'), role: 'assisting', dueDate: '2026-12-02' },
        ],
      },
    });
    d = await detail('chenghao', itemId);
    const handling = d.tasks.filter((x) => x.step === '承办');
    expect(handling.map((x) => [x.unit, x.unitRole, x.dueDate]).sort()).toEqual([
      ['江州市发展和改革委员会', 'lead', '2026-12-04'],
      ['江州市教育局', 'assisting', '2026-12-02'],
      ['江州市财政局', 'assisting', '2026-12-02'],
    ]);
    expect(d.item.state).toBe('承办');

    // Circulation: two have read (one with a comment); one has not; who holds it shows.
    for (const [who, comment] of [
      ['zhengguohua', '请抓好落实。'],
      ['heliping', null],
    ] as const) {
      const task = await myTask(who, itemId, null);
      expect((await (await as(who)).post(`/api/v1/tasks/${task.id}/read`, { comment })).status).toBe(204);
    }
    let c = (await detail('zhouwenbin', itemId)).circulations[0]!;
    expect(c.readers.map((r) => [r.name, r.status]).sort()).toEqual([
      ['何丽萍', 'read'],
      ['宋建国', 'delivered'],
      ['郑国华', 'read'],
    ]);
    expect(c.notRead).toEqual(['宋建国']);
    expect(c.holders).toEqual(['宋建国']);
    expect(c.readers.find((r) => r.name === '郑国华')!.comment).toBe('请抓好落实。');

    // The assisting units finish first; the step waits for the lead unit.
    await submit('weifang', itemId, 'handle', { opinion: '市财政局已按要求安排春节慰问资金，具体情况见附件。' });
    await submit('donglei', itemId, 'handle', { opinion: '市教育局已部署寒假安全教育工作。' });
    expect((await detail('chenjing', itemId)).item.state).toBe('承办');
    expect(
      await submit('chenghao', itemId, 'handle', { opinion: '市发改委已会同有关部门制定落实方案，12月3日前报送。' }),
    ).toMatchObject({ nextStep: 'reply' });
    await submit('chenghao', itemId, 'reply', { opinion: '已以《关于元旦春节期间有关工作落实情况的报告》答复省委办公厅。' });
    expect(await submit('maxiaoyan', itemId, 'close', { opinion: '已按省委办公厅要求办理完毕，答复已报送。' })).toEqual({
      nextStep: null,
      finished: true,
    });

    const task = await myTask('songjianguo', itemId, null);
    expect((await (await as('songjianguo')).post(`/api/v1/tasks/${task.id}/read`, {})).status).toBe(204);
    c = (await detail('zhouwenbin', itemId)).circulations[0]!;
    expect(c.notRead).toEqual([]);

    d = await detail('chenjing', itemId);
    expect(d.item.state).toBe('已办结');
    // 办结 puts it on the registrar's filing list (待归档).
    expect(d.item.filingStatus).toBe('待归档');
    const toFile = (await registrar.get(`/api/v1/incoming?filing=${encodeURIComponent('待归档')}&limit=200`)).body.items as {
      itemId: string;
    }[];
    expect(toFile.map((x) => x.itemId)).toContain(itemId);
    expect(d.item.closedAt).not.toBeNull();
    expect(d.opinions.map((o) => [o.stepName, o.kind, o.signature])).toEqual([
      ['初审', 'opinion', '陈静'],
      ['拟办', 'proposal', '孙海涛'],
      ['批办', 'instruction', '周文斌'],
      ['传阅', 'comment', '郑国华'],
      ['承办', 'opinion', '魏芳'],
      ['承办', 'opinion', '董磊'],
      ['承办', 'opinion', '程浩'],
      ['答复', 'reply', '程浩'],
      ['办结', 'summary', '马晓燕'],
    ]);
    expect(d.opinions[2]!.postTitle).toBe('市委常委、秘书长');
    expect(d.tasks.filter((x) => x.state === 'open' || x.state === 'waiting')).toEqual([]);

    // The 文件处理单 prints every opinion with name, post and date, the units with their limits, the readers.
    const sheet = await registrar.getBytes(`/api/v1/incoming/${itemId}/sheet.pdf`);
    expect(sheet.status, sheet.text.slice(0, 300)).toBe(200);
    expect(sheet.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPages(sheet.bytes);
    expect(pages[0]!.width).toBeCloseTo(595.28, 0);
    const text = pages
      .map((p) => p.text)
      .join('\n')
      .replace(/[ \n]/g, '');
    if (process.env.DUMP_SHEET) writeFileSync('test-output/sheet.pdf', sheet.bytes);
    expect(text).toContain('中共江州市委办公室文件处理单');
    expect(text).toContain(reg.body.registryNo);
    expect(text).toContain('江南委办发〔2026〕46号');
    const sections = ['初审意见', '拟办意见', '领导批示', '承办情况', '传阅情况', '办结情况', '备注'].map((s) => text.indexOf(s));
    expect(
      sections.every((i, n) => i > 0 && (n === 0 || i > sections[n - 1]!)),
      String(sections),
    ).toBe(true);
    for (const o of d.opinions)
      expect(text).toContain(
        `${o.text}${o.signature}${o.postTitle ? `（${o.postTitle}）` : ''}　2026年11月23日`.replace(/[\s\u3000]/g, ''),
      );
    expect(text).toContain('周文斌（市委常委、秘书长）');
    // Which unit leads and which assist, each with the person who handled it for them (主办/协办 per the flow's parties).
    expect(text).toMatch(/主办：江州市发展和改革委员会（程浩，2026年12月4日前）/);
    expect(text).toMatch(/协办：江州市财政局（魏芳，2026年12月2日前）、江州市教育局（董磊，2026年12月2日前）/);
    expect(text).toMatch(/郑国华：2026年11月23日已阅/);
    expect(text).toMatch(/第1页共\d页/);
    // Someone outside the flow gets no sheet either.
    expect((await (await as('liuyang')).getBytes(`/api/v1/incoming/${itemId}/sheet.pdf`)).status).toBe(404);

    // Everything was recorded in the hash chain, and it still verifies.
    const auditor = await as('auditor');
    const v = await auditor.post('/api/v1/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
    const events = (await auditor.get(`/api/v1/audit/events?targetId=${itemId}&limit=100`)).body.items as { action: string }[];
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'incoming.signFor',
        'incoming.register',
        'flow.start',
        'flow.submit',
        'circulation.start',
        'circulation.read',
      ]),
    );
  });

  it('a dropped .txt or .docx pre-fills the registration; only a registrar may use it, and junk is refused', async () => {
    const registrar = await as('chenjing');
    const send = (c: Client, bytes: Uint8Array | string, name: string, type: string) =>
      c.request(
        'POST',
        '/api/v1/incoming/import',
        undefined,
        { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
        bytes,
      );
    const txt = readFileSync(join(FIXTURES, '01-tongzhi-shizhengfu-bangongshi.txt'));
    const r = await send(registrar, txt, '江政办发〔2026〕58号.txt', 'text/plain; charset=utf-8');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.fields.senderName.value).toBe('江州市人民政府办公室');
    expect(r.body.fields.docNo.value).toBe('江政办发〔2026〕58号');
    expect(r.body.fields.title.value).toBe('江州市人民政府办公室关于做好2027年元旦春节期间安全生产工作的通知');
    expect(r.body.fields.attachments.value).toHaveLength(3);

    const docx = makeDocx([
      para('江州市教育局文件'),
      para('江教发[2026]9号'),
      para('关于做好寒假安全教育工作的通知'),
      para('各县（市、区）教育局：'),
      para('　　现将有关事项通知如下。'),
      para('江州市教育局'),
      para('2026年11月20日'),
    ]);
    const d = await send(
      registrar,
      docx,
      '寒假安全.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.fields.docNo.value).toBe('江教发〔2026〕9号');
    expect(d.body.fields.writtenDate.value).toBe('2026-11-20');
    expect(d.body.warnings.join()).toMatch(/六角括号|〔〕/);

    expect((await send(await as('liuyang'), txt, 'a.txt', 'text/plain')).status).toBe(403);
    const pdf = await send(registrar, '%PDF-1.7 junk', 'a.pdf', 'application/octet-stream');
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await send(registrar, '', 'a.txt', 'text/plain')).status).toBe(400);
    const noName = await registrar.request('POST', '/api/v1/incoming/import', undefined, { 'content-type': 'text/plain' }, 'x');
    expect(noName.status).toBe(400);
  });

  it('the same 来文单位 and 发文字号 again gives a warning with a link, and registers only when confirmed', async () => {
    const registrar = await as('chenjing');
    const first = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办函〔2026〕130号',
      title: '关于征求对《江南省机关公文处理办法（征求意见稿）》意见的函',
    });
    expect(first.status).toBe(201);
    const again = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办函(2026)130号',
      title: '关于征求对《江南省机关公文处理办法（征求意见稿）》意见的函',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details.duplicates[0].itemId).toBe(first.body.itemId);
    expect(again.body.error.message).toContain(first.body.registryNo);
    const confirmed = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办函(2026)130号',
      title: '关于征求对《江南省机关公文处理办法（征求意见稿）》意见的函',
      confirmDuplicate: true,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.duplicateOf).toEqual([first.body.itemId]);
    expect(confirmed.body.registryNo).not.toBe(first.body.registryNo);
  });

  it('bad registrations are refused whole, with each problem named', async () => {
    const registrar = await as('chenjing');
    const before = (await registrar.get('/api/v1/incoming?limit=1')).body.total;
    const bad = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔26〕46号',
      writtenDate: '2026-12-30',
      classification: '内部',
      secrecyTerm: '1年',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('四位');
    expect(bad.body.error.message).toContain('成文日期不能晚于收文日期');
    expect(bad.body.error.message).toContain('不标保密期限');
    // Above the deployment's ceiling (内部): refused with the certified-network message.
    const secret = await registrar.post('/api/v1/incoming', {
      ...document,
      classification: '秘密',
      copies: 1,
      copyNumbers: ['000012'],
    });
    expect(secret.status).toBe(403);
    expect((await registrar.get('/api/v1/incoming?limit=1')).body.total).toBe(before);
    // Only a registrar registers.
    expect((await (await as('liuyang')).post('/api/v1/incoming', document)).status).toBe(403);
  });

  it('初审 can return a document to its sender (退文), with the reason required', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江发改〔2026〕170号',
      senderName: '江州市发展和改革委员会',
      title: '关于请求解决项目资金的报告',
    });
    const task = await myTask('chenjing', reg.body.itemId, 'screen');
    const noReason = await registrar.post(`/api/v1/tasks/${task.id}/submit`, { version: task.version, decision: 'return' });
    expect(noReason.status).toBe(400);
    const res = await registrar.post(`/api/v1/tasks/${task.id}/submit`, {
      version: task.version,
      decision: 'return',
      opinion: '报告中夹带请示事项，不符合行文规则（条例第十五条），请改用请示另行报送。',
    });
    expect(res.status).toBe(200);
    const d = await detail('chenjing', reg.body.itemId);
    expect(d.item.state).toBe('已退文');
    expect(d.item.filingStatus).toBeNull();
    expect(d.opinions[0]!.text).toContain('第十五条');
  });

  it('传阅 is started by those who handle the document, within the office and up to its leaders, and access ends when it is withdrawn or closed', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      classification: '内部',
      docNo: '江南委办发〔2026〕60号',
      title: '关于岁末年初有关人事安排的通知',
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const itemId = reg.body.itemId as string;
    const circulate = (who: Client, readers: string[]) =>
      who.post(`/api/v1/items/${itemId}/circulations`, { readerIds: readers.map((r) => ids.get(r)), ordered: false });
    const first = await circulate(registrar, ['liuyang']);
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    // A reader who only received it may not pass it on — not even to someone of another unit.
    const reader = await as('liuyang');
    expect(((await detail('liuyang', itemId)) as unknown as { canCirculate: boolean }).canCirculate).toBe(false);
    expect((await circulate(reader, ['tangxiaolin'])).status).toBe(403);
    expect((await (await as('tangxiaolin')).get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    // The registrar may not send it to another unit by 传阅 either, nor to someone not cleared for 内部.
    const outside = await circulate(registrar, ['tangxiaolin']);
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toMatch(/唐晓琳.*不在本单位或其上级机关/);
    expect((await circulate(registrar, ['xunuo'])).body.error.message).toMatch(/涉密等级/);
    // Up to the leading body the office serves: a 市委 leader.
    const toLeader = await circulate(registrar, ['zhengguohua']);
    expect(toLeader.status, JSON.stringify(toLeader.body)).toBe(201);

    // 撤回: the reader's task is cancelled and the document is no longer theirs to see.
    const readTask = await myTask('liuyang', itemId, null);
    expect(
      (await registrar.post(`/api/v1/items/${itemId}/circulations/${first.body.id}/end`, { kind: 'withdrawn' })).status,
    ).toBe(204);
    expect((await reader.get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    expect((await reader.post(`/api/v1/tasks/${readTask.id}/read`, {})).status).not.toBe(204);
    expect((await registrar.post(`/api/v1/items/${itemId}/circulations/${first.body.id}/end`, { kind: 'closed' })).status).toBe(
      409,
    );
    // 结束传阅 after the leader has read it: his access ends too; the record of his reading stays.
    const leaderTask = await myTask('zhengguohua', itemId, null);
    expect((await (await as('zhengguohua')).post(`/api/v1/tasks/${leaderTask.id}/read`, { comment: '阅。' })).status).toBe(204);
    expect(
      (await (await as('zhengguohua')).post(`/api/v1/items/${itemId}/circulations/${toLeader.body.id}/end`, { kind: 'closed' }))
        .status,
    ).toBe(403);
    expect(
      (await registrar.post(`/api/v1/items/${itemId}/circulations/${toLeader.body.id}/end`, { kind: 'closed' })).status,
    ).toBe(204);
    expect((await (await as('zhengguohua')).get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    const after = (await detail('chenjing', itemId)) as unknown as {
      circulations: { endKind: string; readers: { name: string; status: string; comment: string | null }[] }[];
    };
    expect(after.circulations.map((c) => [c.endKind, c.readers.map((r) => [r.name, r.status, r.comment])])).toEqual([
      ['withdrawn', [['刘洋', 'cancelled', null]]],
      ['closed', [['郑国华', 'read', '阅。']]],
    ]);
    const revoked = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'item.access.revoke'), eq(event.targetId, itemId)));
    expect(revoked.map((e) => (e.summary as { principal: { id: string } }).principal.id).sort()).toEqual(
      [ids.get('liuyang'), ids.get('zhengguohua')].sort(),
    );
  });

  it('in an ordered 传阅 a reader sees the document when it reaches them, not before', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔2026〕62号',
      title: '关于岁末年初走访慰问安排的通知',
    });
    const itemId = reg.body.itemId as string;
    const circ = await registrar.post(`/api/v1/items/${itemId}/circulations`, {
      readerIds: [ids.get('liuyang'), ids.get('zhengguohua')],
      ordered: true,
    });
    expect(circ.status, JSON.stringify(circ.body)).toBe(201);
    const second = await as('zhengguohua');
    expect((await second.get(`/api/v1/incoming/${itemId}`)).status).toBe(404);
    const first = await myTask('liuyang', itemId, null);
    expect((await (await as('liuyang')).post(`/api/v1/tasks/${first.id}/read`, {})).status).toBe(204);
    expect((await second.get(`/api/v1/incoming/${itemId}`)).status).toBe(200);
  });

  it('the registrar who registers a document is not told of the 初审 she just gave herself; the other registrar is', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔2026〕63号',
      title: '关于做好冬季供暖保障工作的通知',
    });
    const told = async (who: string) =>
      ((await (await as(who)).get('/api/v1/notifications?limit=100')).body.items as { itemId: string; message: string }[])
        .filter((n) => n.itemId === reg.body.itemId)
        .map((n) => n.message);
    expect(await told('chenjing')).toEqual([]);
    expect(await told('maxiaoyan')).toEqual([expect.stringContaining('新待办（初审）')]);
  });

  it('two concurrent submits of one task give one transition; the other is told it was already handled', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔2026〕47号',
      title: '关于开展岁末年初安全生产大检查的通知',
    });
    const task = await myTask('chenjing', reg.body.itemId, 'screen');
    const other = await signedIn(t, 'chenjing');
    const body = { version: task.version, decision: 'read', next: { personIds: [ids.get('zhouwenbin')] } };
    const results = await Promise.all([
      registrar.post(`/api/v1/tasks/${task.id}/submit`, body),
      other.post(`/api/v1/tasks/${task.id}/submit`, body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const d = await detail('chenjing', reg.body.itemId);
    expect(d.tasks.filter((x) => x.step === '传阅')).toHaveLength(1);
  });

  it('a repeated submit with the same idempotency key does nothing twice', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post(
      '/api/v1/incoming',
      { ...document, docNo: '江南委办发〔2026〕48号', title: '关于做好冬季森林防火工作的通知' },
      { 'idempotency-key': 'register-48-once' },
    );
    const replay = await registrar.post(
      '/api/v1/incoming',
      { ...document, docNo: '江南委办发〔2026〕48号', title: '关于做好冬季森林防火工作的通知' },
      { 'idempotency-key': 'register-48-once' },
    );
    expect(replay.status).toBe(201);
    expect(replay.body.itemId).toBe(reg.body.itemId);
    const task = await myTask('chenjing', reg.body.itemId, 'screen');
    const body = { version: task.version, decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } };
    const a = await registrar.post(`/api/v1/tasks/${task.id}/submit`, body, { 'idempotency-key': 'screen-48-once' });
    const b = await registrar.post(`/api/v1/tasks/${task.id}/submit`, body, { 'idempotency-key': 'screen-48-once' });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await detail('sunhaitao', reg.body.itemId)).tasks.filter((x) => x.step === '拟办')).toHaveLength(1);
  });

  it('拟办 may be retracted before 批办 is opened, and 批办 may return it to 拟办 with a reason', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔2026〕49号',
      title: '关于加强重要节假日期间值班工作的通知',
    });
    const itemId = reg.body.itemId as string;
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    const proposeTask = await myTask('sunhaitao', itemId, 'propose');
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈王淑敏同志阅示。',
      next: { personIds: [ids.get('wangshumin')] },
    });
    expect((await (await as('sunhaitao')).post(`/api/v1/tasks/${proposeTask.id}/retract`)).status).toBe(204);
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    // Once the leader has opened it, it can no longer be taken back.
    const assignTask = await myTask('zhouwenbin', itemId, 'assign');
    const retract = await (
      await as('sunhaitao')
    ).post(
      `/api/v1/tasks/${(await detail('sunhaitao', itemId)).tasks.filter((x) => x.step === '拟办' && x.state === 'done').at(-1)!.id}/retract`,
    );
    expect(retract.status).toBe(409);
    const back = await (
      await as('zhouwenbin')
    ).post(`/api/v1/tasks/${assignTask.id}/return`, {
      version: assignTask.version,
      toStep: 'propose',
      reason: '请补充市财政局意见后再报。',
    });
    expect(back.status).toBe(204);
    const d = await detail('sunhaitao', itemId);
    expect(d.item.state).toBe('拟办');
    expect(d.myTasks[0]!.stepKey).toBe('propose');
    expect(d.opinions.at(-1)).toMatchObject({ kind: 'return', text: '退回拟办：请补充市财政局意见后再报。' });
  });

  it('a delegate handles the principal’s task, and the opinion reads “Y（代 X）”', async () => {
    const registrar = await as('chenjing');
    const reg = await registrar.post('/api/v1/incoming', {
      ...document,
      docNo: '江南委办发〔2026〕50号',
      title: '关于开展2026年度机关作风建设评议的通知',
    });
    const itemId = reg.body.itemId as string;
    await submit('chenjing', itemId, 'screen', { decision: 'handle', next: { personIds: [ids.get('sunhaitao')] } });
    await submit('sunhaitao', itemId, 'propose', {
      opinion: '建议呈周文斌同志阅示。',
      next: { personIds: [ids.get('zhouwenbin')] },
    });
    const now = t.clock.now().getTime();
    const sg = await as('zhouwenbin');
    expect(
      (
        await sg.post('/api/v1/delegations', {
          toPersonId: ids.get('wangshumin'),
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 86_400_000).toISOString(),
          reason: '出差期间',
        })
      ).status,
    ).toBe(201);
    const d = await detail('wangshumin', itemId);
    expect(d.myTasks.map((x) => x.stepKey)).toEqual(['assign']);
    await submit('wangshumin', itemId, 'assign', { opinion: '同意。' });
    const after = await detail('chenjing', itemId);
    expect(after.opinions.at(-1)!.signature).toBe('王淑敏（代 周文斌）');
  });
});

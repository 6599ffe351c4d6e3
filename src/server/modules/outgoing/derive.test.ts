import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, startTestApp, type TestApp } from '../../../../test/support/app';
import { itemPages } from '../../../../test/support/item-pages';
import { kernelCalls, refusal } from '../../../../test/support/kernel';
import { deriveItem } from '../../platform/flow/links';
import { item } from '../../platform/items/schema';
import type { WorkCalendar } from '../../platform/calendar/calendar';
import type { Draft } from '../../../contract/outgoing-draft';

type Detail = {
  item: { state: string; stateKey: string; title: string; classification: string; owningUnitId: string };
  document: { draft: Draft; version: number; drafterName: string };
  canEdit: boolean;
  myTasks: { id: string; version: number; stepKey: string | null }[];
};

// A 督查通报 drafted by the 督查室 from the 督办 records of a period, as the 督办 module would open it: through the
// kernel, with no source item, as a 发文 draft at 拟稿 in the drafter's hands.
const notice = {
  title: '中共江州市委办公室关于2026年第三季度重点工作督查情况的通报',
  body: [
    '为推动市委重点工作落地见效，市委督查室对2026年第三季度重点督办事项办理情况进行了督查。现将有关情况通报如下。',
    '一、总体情况',
    '第三季度共立项督办事项42件，按时办结38件，按时办结率90.5%。',
    '',
    '二、存在的问题',
    '个别单位对督办事项重视不够，进展报告不及时。',
  ],
  mainRecipients: ['中共清溪县委办公室', '各县（市、区）委办公室'],
};

describe.each(engines)('a 发文 draft opened from another module through the kernel (%s)', (engine) => {
  let t: TestApp;
  let cal: WorkCalendar;
  const { run, ctx } = kernelCalls(
    () => t,
    () => cal,
    'outgoing-derive-test',
  );
  const { as, detail } = itemPages<Detail>(() => t, '/api/v1/outgoing');
  const items = async () => (await t.database.db.select({ n: count() }).from(item))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp(engine);
    cal = await t.app.zs.calendar.get();
  });
  afterAll(() => t?.close());

  it('a 督查通报 lands at 拟稿 with the 督查室主任, her unit the issuer, editable as any draft she starts', async () => {
    const zhao = await actorOf(t.database, 'zhaochunmei');
    const made = await run((tx) => deriveItem(tx, ctx(zhao), 'outgoing', { source: null, link: null, fields: notice }));
    expect(made.registryNo).toBeNull();

    const d = await detail('zhaochunmei', made.itemId);
    expect(d.item).toMatchObject({ stateKey: 'draft', state: '拟稿', title: notice.title, classification: '公开' });
    expect(d.item.owningUnitId).toBe(zhao.unitId);
    expect(d.document.drafterName).toBe('赵春梅');
    const draft = d.document.draft;
    expect(draft).toMatchObject({
      genre: '通报',
      direction: 'down',
      format: 'standard',
      issuers: [{ name: '中共江州市委办公室', unitId: zhao.unitId, kind: 'organ' }],
      signatureNames: ['中共江州市委办公室'],
      headerName: null,
      docNo: null,
      writtenDate: null,
      sealed: true,
    });
    // The paragraphs in order, the blank line left out, headings marked as pasted into the editor.
    expect(draft.body).toEqual([
      { level: 0, text: notice.body[0] },
      { level: 1, text: '一、总体情况' },
      { level: 0, text: notice.body[2] },
      { level: 1, text: '二、存在的问题' },
      { level: 0, text: notice.body[5] },
    ]);
    // 主送 by name: a unit of the deployment keeps its id (核发 reaches it); a class of organs is named as one.
    expect(draft.mainRecipients[0]).toMatchObject({ name: '中共清溪县委办公室', kind: 'organ' });
    expect(draft.mainRecipients[0]!.unitId).not.toBeNull();
    expect(draft.mainRecipients[1]).toEqual({ name: '各县（市、区）委办公室', unitId: null, kind: 'class' });

    // Hers to work on: the 拟稿 task open on her workbench, and the draft saved as any other.
    expect(d.canEdit).toBe(true);
    expect(d.myTasks.map((x) => x.stepKey)).toEqual(['draft']);
    const todo = (await (await as('zhaochunmei')).get('/api/v1/workbench/todo?limit=200')).body as {
      items: { itemId: string; step: string }[];
    };
    expect(todo.items.find((r) => r.itemId === made.itemId)).toMatchObject({ step: '拟稿' });
    const saved = await (
      await as('zhaochunmei')
    ).put(`/api/v1/outgoing/${made.itemId}/draft`, {
      baseVersion: d.document.version,
      draft: { ...draft, body: [...draft.body, { level: 0, text: '特此通报。' }] },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // People draft in the 发文 pages: the kernel's 据此立项 route does not make 发文.
    const before = await items();
    const viaRoute = await (
      await as('zhaochunmei')
    ).post(`/api/v1/items/${made.itemId}/derive`, { kind: 'outgoing', fields: notice });
    expect(viaRoute.status).toBe(404);
    expect(await items()).toBe(before);
  });

  it('fields a draft cannot have are refused in words, and nothing is written', async () => {
    const zhao = await actorOf(t.database, 'zhaochunmei');
    const before = await items();
    const tryWith = (fields: unknown) =>
      refusal(run((tx) => deriveItem(tx, ctx(zhao), 'outgoing', { source: null, link: null, fields })));

    const long = await tryWith({ ...notice, title: '关于'.repeat(151) });
    expect(long).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(long!.message).toContain('标题不能超过 300 字');
    const notList = await tryWith({ ...notice, body: '全文一段' });
    expect(notList).toMatchObject({ code: 'VALIDATION_FAILED', message: '正文应为段落文字的列表' });
    expect(await tryWith({ ...notice, title: '  ' })).toMatchObject({ code: 'VALIDATION_FAILED', message: '请填写标题' });
    expect(await tryWith({ ...notice, genre: '简报' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await items()).toBe(before);
  });

  it('a 纪要 in the 纪要格式: named by its header, unsigned and unsealed, with its attendance lines', async () => {
    const chen = await actorOf(t.database, 'chenjing');
    const minutes = {
      genre: '纪要',
      format: 'minutes',
      headerName: '中共江州市委常委会议纪要',
      body: ['2026年11月10日，郑国华同志主持召开2026年第1次常委会议。现纪要如下：', '一、关于冬季清洁取暖工作'],
      attendance: { present: '郑国华、何丽萍', absent: '', observers: '马志远' },
    };
    const made = await run((tx) => deriveItem(tx, ctx(chen), 'outgoing', { source: null, link: null, fields: minutes }));
    const d = await detail('chenjing', made.itemId);
    // No title of its own: the item is named by the header until 编号 adds the number.
    expect(d.item.title).toBe('中共江州市委常委会议纪要');
    expect(d.document.draft).toMatchObject({
      format: 'minutes',
      genre: '纪要',
      headerName: '中共江州市委常委会议纪要',
      title: '',
      signatureNames: [],
      sealed: false,
      attendance: { present: '郑国华、何丽萍', absent: '', observers: '马志远' },
    });
    expect(d.document.draft.body[1]).toEqual({ level: 1, text: '一、关于冬季清洁取暖工作' });
    // Any other draft still needs its title.
    const untitled = await refusal(
      run((tx) => deriveItem(tx, ctx(chen), 'outgoing', { source: null, link: null, fields: { ...notice, title: '' } })),
    );
    expect(untitled).toMatchObject({ code: 'VALIDATION_FAILED', message: '请填写标题' });
  });

  it('a named signer is offered for 签发 with the reason; one who does not exist is refused, nothing written', async () => {
    const chen = await actorOf(t.database, 'chenjing');
    const zheng = await actorOf(t.database, 'zhengguohua');
    const minutes = {
      genre: '纪要',
      format: 'minutes',
      headerName: '中共江州市委常委会议纪要',
      body: ['现纪要如下：'],
      attendance: { present: '郑国华', absent: '', observers: '' },
    };
    const named = { personId: zheng.personId, reason: '常委会议纪要由会议主持人签发' };
    const made = await run((tx) =>
      deriveItem(tx, ctx(chen), 'outgoing', { source: null, link: null, fields: { ...minutes, signer: named } }),
    );
    const d = (await detail('chenjing', made.itemId)) as Detail & { signing: { named: unknown; principalRequired: boolean } };
    expect(d.signing).toMatchObject({
      principalRequired: false,
      named: { personId: zheng.personId, name: '郑国华', reason: '常委会议纪要由会议主持人签发' },
    });
    const before = await items();
    const unknown = await refusal(
      run((tx) =>
        deriveItem(tx, ctx(chen), 'outgoing', {
          source: null,
          link: null,
          fields: { ...minutes, signer: { ...named, personId: '00000000-0000-4000-8000-000000000000' } },
        }),
      ),
    );
    expect(unknown).toMatchObject({ code: 'VALIDATION_FAILED', message: '所指定的签发人不存在' });
    expect(await items()).toBe(before);
  });

  it('only a person at a post drafts: an administrator is refused', async () => {
    const admin = await actorOf(t.database, 'sysadmin');
    const before = await items();
    const r = await refusal(run((tx) => deriveItem(tx, ctx(admin), 'outgoing', { source: null, link: null, fields: notice })));
    expect(r).toMatchObject({ code: 'FORBIDDEN', message: '只有在岗人员可以拟稿' });
    expect(await items()).toBe(before);
  });
});

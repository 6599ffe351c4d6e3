import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { pdfPages } from '../../../../test/support/pdf';
import { account } from '../../platform/auth/schema';
import { event } from '../../platform/audit/schema';
import { department } from '../../org/schema';
import { createTask } from '../../platform/flow/tasks';
import { encodeCursor } from '../../platform/http/pagination';
import { assertWithinLimit } from '../../platform/registers/output';

type Row = {
  itemId: string;
  registryNo: string;
  title: string;
  senderName: string;
  urgency: string | null;
  state: string;
  stateKey: string;
  receivedAt: string;
  dueDate: string | null;
  handlerName: string | null;
  deadline: { overdueWorkdays: number | null; remainingWorkdays: number | null } | null;
};
type Page = { total: number; nextCursor: string | null; states: { key: string; name: string }[]; items: Row[] };

/** The cells of a sheet's rows, read back from the .xlsx as Excel would: inline strings as text, numbers as numbers. */
function readSheet(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const rows = [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, r, body]) => ({
    r: Number(r),
    cells: Object.fromEntries(
      [...body!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/g)].map(([, col, attrs, inner]) => {
        const text = /<t[^>]*>(.*?)<\/t>/.exec(inner!)?.[1];
        const num = /<v>(.*?)<\/v>/.exec(inner!)?.[1];
        const unescape = (s: string) =>
          s
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, '&');
        return [
          col!,
          {
            text: text === undefined ? undefined : unescape(text),
            num: num === undefined ? undefined : Number(num),
            style: /s="(\d+)"/.exec(attrs!)?.[1],
          },
        ];
      }),
    ),
  }));
  return { files, xml, rows };
}

describe.each(engines)('收文登记簿：筛选、排序、分页、导出与打印 (%s)', (engine) => {
  let t: TestApp;
  let registrar: Client;
  let jiyao: Client;
  const ids = new Map<string, string>();
  const regs: Record<string, string> = {};

  const register = async (who: Client, key: string, body: Record<string, unknown>) => {
    const res = await who.post('/api/v1/incoming', { copies: 1, classification: '公开', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    regs[key] = res.body.itemId;
  };
  const list = async (who: Client, query: string) => {
    const res = await who.get(`/api/v1/incoming?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };
  const titles = (p: Page) => p.items.map((r) => r.title);

  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
    registrar = await signedIn(t, 'chenjing');
    jiyao = await signedIn(t, 'maxiaoyan');
    // The test clock stands on Monday 23 November 2026 (10:00 in Beijing).
    await register(registrar, 'early', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕140号',
      title: '关于做好冬季安全生产工作的通知',
      urgency: '特急',
      receivedAt: '2026-11-02T01:00:00Z',
      dueDate: '2026-11-18',
    });
    await register(registrar, 'mid', {
      senderName: '江州市人民政府办公室',
      docNo: '江府办函〔2026〕188号',
      title: '关于征求2027年民生实事项目意见的函',
      urgency: '加急',
      receivedAt: '2026-11-12T01:00:00Z',
      dueDate: '2026-11-30',
    });
    await register(registrar, 'late', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕146号',
      title: '关于做好2027年元旦春节期间有关工作的通知',
      receivedAt: '2026-11-20T08:00:00Z',
    });
    // Received the evening of 30 October in Beijing: 31 October there, though still 30 October in UTC.
    await register(registrar, 'october', {
      senderName: '江州市财政局',
      docNo: '江财发〔2026〕112号',
      title: '关于下达2026年第四季度预算指标的通知',
      receivedAt: '2026-10-30T17:00:00Z',
    });
    await register(jiyao, 'secret', {
      senderName: '中共江南省委办公厅',
      docNo: '江南委办发〔2026〕141号',
      title: '关于某专项工作的秘密通知',
      classification: '秘密',
      copyNumbers: ['000007'],
      receivedAt: '2026-11-03T01:00:00Z',
    });
    // 分办 named 秘书科 as the lead section of the earliest document.
    const [mishu] = await t.database.db.select().from(department).where(eq(department.name, '秘书科'));
    await t.database.db.transaction((tx) =>
      createTask(
        tx,
        {
          itemId: regs.early!,
          kind: 'do',
          step: '承办',
          stepKey: 'handle',
          assigneePersonId: ids.get('huangxiaodong')!,
          forDepartmentId: mishu!.id,
          unitRole: 'lead',
          dueDate: '2026-11-18',
        },
        { personId: ids.get('chenjing')!, postId: null, requestId: 'test' },
        t.clock.now(),
      ),
    );
    ids.set('mishu', mishu!.id);
  });
  afterAll(() => t?.close());

  // The demo office has documents of its own in the register: every check holds for whatever else is there.
  const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
  const has = (p: Page, ...keys: string[]) =>
    expect(p.items.map((r) => r.itemId)).toEqual(expect.arrayContaining(keys.map((k) => regs[k])));
  const hasNot = (p: Page, ...keys: string[]) => {
    for (const k of keys) expect(p.items.map((r) => r.itemId)).not.toContain(regs[k]);
  };

  it('filters by 收文日期 on the Beijing calendar, 来文单位, urgency, state, lead unit and overdue', async () => {
    const nov = await list(registrar, 'from=2026-11-01&to=2026-11-15&limit=200');
    has(nov, 'early', 'mid');
    hasNot(nov, 'late', 'october');
    expect(nov.items.every((r) => beijingDay(r.receivedAt) >= '2026-11-01' && beijingDay(r.receivedAt) <= '2026-11-15')).toBe(
      true,
    );
    const oct31 = await list(registrar, 'from=2026-10-31&to=2026-10-31&limit=200');
    has(oct31, 'october');
    expect(oct31.items.every((r) => beijingDay(r.receivedAt) === '2026-10-31')).toBe(true);
    const sender = await list(registrar, `sender=${encodeURIComponent('省委办公厅')}&limit=200`);
    has(sender, 'early', 'late');
    hasNot(sender, 'mid', 'october');
    expect(sender.items.every((r) => r.senderName.includes('省委办公厅'))).toBe(true);
    const urgent = await list(registrar, `urgency=${encodeURIComponent('特急')}&limit=200`);
    has(urgent, 'early');
    expect(urgent.items.every((r) => r.urgency === '特急')).toBe(true);
    // The filter takes the state's key; rows show its name.
    const byState = await list(registrar, `state=screen&limit=200`);
    has(byState, 'early', 'mid', 'late', 'october');
    expect(byState.items.every((r) => r.state === '初审' && r.stateKey === 'screen')).toBe(true);
    expect(byState.total).toBe(byState.items.length);
    expect(byState.states.slice(0, 3)).toEqual([
      { key: 'registered', name: '已登记' },
      { key: 'screen', name: '初审' },
      { key: 'circulate', name: '传阅' },
    ]);
    const byHandler = await list(registrar, `handler=${ids.get('mishu')}&limit=200`);
    has(byHandler, 'early');
    hasNot(byHandler, 'mid', 'late', 'october');
    expect(byHandler.items.find((r) => r.itemId === regs.early)!.handlerName).toBe('秘书科');
    const overdue = await list(registrar, 'overdue=1&limit=200');
    has(overdue, 'early');
    hasNot(overdue, 'mid', 'late');
    expect(overdue.items.every((r) => r.deadline?.overdueWorkdays !== null && r.deadline?.overdueWorkdays !== undefined)).toBe(
      true,
    );
    // Due Wednesday 18 November, today Monday 23: three working days late (19, 20, 23), not five calendar days.
    expect(overdue.items.find((r) => r.itemId === regs.early)!.deadline).toMatchObject({
      overdueWorkdays: 3,
      remainingWorkdays: null,
    });
    // The document's own page counts it the same way.
    expect((await registrar.get(`/api/v1/incoming/${regs.early}`)).body.deadline).toMatchObject({
      date: '2026-11-18',
      overdueWorkdays: 3,
    });
    expect((await registrar.get(`/api/v1/incoming/${regs.mid}`)).body.deadline).toMatchObject({
      date: '2026-11-30',
      remainingWorkdays: 5,
      overdueWorkdays: null,
    });
    const bad = await registrar.get('/api/v1/incoming?from=2026-11-20&to=2026-11-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('起始日期不能晚于截止日期');
  });

  it('sorts by 收文号, 收文日期 and 办理时限 (undated last), each either way', async () => {
    const numberOf = (r: Row) =>
      Number(
        /〔(\d+)〕(\d+)号/
          .exec(r.registryNo)!
          .slice(1)
          .map((x) => x.padStart(9, '0'))
          .join(''),
      );
    const byNumber = (await list(registrar, 'sort=number&dir=asc&limit=200')).items.map(numberOf);
    expect(byNumber).toEqual([...byNumber].sort((a, b) => a - b));
    const byNumberDesc = (await list(registrar, 'limit=200')).items.map(numberOf);
    expect(byNumberDesc).toEqual([...byNumber].reverse());
    const byDate = (await list(registrar, 'sort=date&dir=desc&limit=200')).items.map((r) => r.receivedAt);
    expect(byDate).toEqual([...byDate].sort().reverse());
    const byDateAsc = (await list(registrar, 'sort=date&dir=asc&limit=200')).items.map((r) => r.receivedAt);
    expect(byDateAsc).toEqual([...byDate].reverse());
    const dues = (await list(registrar, 'sort=deadline&limit=200')).items.map((r) => r.dueDate);
    const dated = dues.filter((d) => d !== null);
    expect(dues).toEqual([...[...dated].sort(), ...dues.filter((d) => d === null)]);
    expect(dated).toEqual(expect.arrayContaining(['2026-11-18', '2026-11-30']));
    const duesDesc = (await list(registrar, 'sort=deadline&dir=desc&limit=200')).items.map((r) => r.dueDate);
    expect(duesDesc).toEqual([...[...dated].sort().reverse(), ...dues.filter((d) => d === null)]);
  });

  it('pages by keyset: the pages together are the whole register once, and a forged cursor is refused in Chinese', async () => {
    for (const sort of ['number', 'date', 'deadline']) {
      const whole = await list(registrar, `sort=${sort}&limit=200`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: Page = await list(registrar, `sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(p.total).toBe(whole.total);
        seen.push(...p.items.map((r) => r.itemId));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole.items.map((r) => r.itemId));
    }
    for (const forged of [
      'not-a-cursor',
      encodeCursor('2026-11-01', 'x'),
      encodeCursor(`number:1`, 'not-a-uuid'),
      Buffer.from('[1,2,3]').toString('base64url'),
    ]) {
      const res = await registrar.get(`/api/v1/incoming?cursor=${forged}`);
      expect(res.status, forged).toBe(400);
      expect(res.body.error.message).toMatch(/分页游标/);
    }
    // A cursor of one order used with another would give a wrong page: it is refused too.
    const byDate = await list(registrar, 'sort=date&limit=1');
    const mixed = await registrar.get(`/api/v1/incoming?sort=number&cursor=${byDate.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain('分页游标与当前排序不符');
  });

  it('lists only what the reader may read: a 秘密 document is in the 机要员’s register, not in a registrar’s cleared for 内部', async () => {
    expect(titles(await list(jiyao, ''))).toContain('关于某专项工作的秘密通知');
    expect(titles(await list(registrar, ''))).not.toContain('关于某专项工作的秘密通知');
  });

  it('exports the filtered register to .xlsx: Chinese headers, the same rows as the list, dates as dates, recorded in the audit log', async () => {
    const query = `sender=${encodeURIComponent('省委办公厅')}&sort=date&dir=asc`;
    const shown = await list(registrar, query);
    const res = await registrar.getBytes(`/api/v1/incoming/register.xlsx?${query}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('收文登记簿-2026-11-23.xlsx');
    const { files, rows, xml } = readSheet(res.bytes);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/styles.xml']));
    expect(rows[0]!.cells.A!.text).toBe('中共江州市委办公室收文登记簿');
    expect(rows[1]!.cells.A!.text).toContain('来文单位：省委办公厅');
    const header = rows.find((r) => r.r === 3)!;
    expect(Object.values(header.cells).map((c) => c.text)).toEqual([
      '收文号',
      '收文日期',
      '来文单位',
      '发文字号',
      '标题',
      '密级',
      '紧急程度',
      '主办单位',
      '办理时限',
      '时限情况',
      '状态',
    ]);
    const data = rows.filter((r) => r.r > 3);
    expect(data.map((r) => r.cells.E!.text)).toEqual(shown.items.map((r) => r.title));
    expect(data.map((r) => r.cells.A!.text)).toEqual(shown.items.map((r) => r.registryNo));
    // 收文日期 is a date-time cell (a serial number with a date format), 2 November 2026 09:00 in Beijing.
    const first = data.find((r) => r.cells.E!.text === '关于做好冬季安全生产工作的通知')!;
    expect(first.cells.B!.text).toBeUndefined();
    expect(first.cells.B!.num).toBeCloseTo(46328 + 9 / 24, 5);
    expect(first.cells.I!.num).toBe(46344); // 办理时限 2026-11-18
    expect(first.cells.J!.text).toBe('超期 3 个工作日');
    expect(first.cells.H!.text).toBe('秘书科');
    expect(xml).toContain('<col min="5" max="5"');
    expect(xml).toContain('orientation="landscape"');

    const [ev] = await t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, 'incoming.register.export'), eq(event.actorPersonId, ids.get('chenjing')!)));
    expect(ev!.summary).toMatchObject({
      format: 'xlsx',
      rows: shown.total,
      filters: { sender: '省委办公厅', sort: 'date', dir: 'asc' },
    });
  });

  it('exports only rows the reader may read', async () => {
    const mine = readSheet((await registrar.getBytes('/api/v1/incoming/register.xlsx')).bytes).rows.filter((r) => r.r > 3);
    expect(mine.map((r) => r.cells.E!.text)).not.toContain('关于某专项工作的秘密通知');
    expect(mine).toHaveLength((await list(registrar, 'limit=1')).total);
    const theirs = readSheet((await jiyao.getBytes('/api/v1/incoming/register.xlsx')).bytes).rows.filter((r) => r.r > 3);
    expect(theirs.map((r) => r.cells.E!.text)).toContain('关于某专项工作的秘密通知');
  });

  it('prints the filtered register as an A4 landscape PDF with its title, filters and page numbers', async () => {
    const res = await registrar.getBytes(
      `/api/v1/incoming/register.pdf?urgency=${encodeURIComponent('特急')}&sender=${encodeURIComponent('省委办公厅')}`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPages(res.bytes);
    expect(pages[0]!.width).toBeGreaterThan(pages[0]!.height);
    const text = pages
      .map((p) => p.text)
      .join('\n')
      .replace(/\s+/g, '');
    expect(text).toContain('中共江州市委办公室收文登记簿');
    expect(text).toContain('紧急程度：特急');
    expect(text).toContain('排序：按编号降序');
    expect(text).toContain('关于做好冬季安全生产工作的通知');
    expect(text).not.toContain('关于征求2027年民生实事项目意见的函');
    expect(text).toContain('第1页共1页');
    const [ev] = await t.database.db.select().from(event).where(eq(event.action, 'incoming.register.export')).orderBy(event.id);
    expect(ev).toBeDefined();
  });

  it('refuses an export past the limit with a message that says how many and what to do', () => {
    expect(() => assertWithinLimit(5001, 'xlsx')).toThrow(
      '符合条件的有 5001 件，导出一次最多 5000 件。请缩小日期范围或增加筛选条件后再导出。',
    );
    expect(() => assertWithinLimit(1001, 'pdf')).toThrow(/打印一次最多 1000 件/);
    expect(() => assertWithinLimit(5000, 'xlsx')).not.toThrow();
  });
});

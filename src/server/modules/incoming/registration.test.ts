import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { account } from '../../platform/auth/schema';
import { event } from '../../platform/audit/schema';

const received = {
  senderName: '江州市发展和改革委员会',
  docNo: '江发改函〔2026〕88号',
  title: '关于商请提供2026年重点项目推进情况的函',
  classification: '公开',
  urgency: null,
  copies: 1,
  writtenDate: '2026-11-18',
  mainRecipients: ['中共江州市委办公室'],
  attachments: [{ name: '重点项目推进情况表' }],
};

type Change = { field: string; before: unknown; after: unknown };
type Detail = {
  item: { title: string; state: string; version: number; registryNo: string };
  document: {
    senderName: string;
    docNo: string | null;
    copies: number;
    attachments: { name: string }[];
    voided: { reason: string; byName: string } | null;
  };
  corrections: { no: number; personName: string; reason: string | null; changes: Change[] }[];
  canCorrect: boolean;
  canVoid: boolean;
  canReply: boolean;
  canCirculate: boolean;
  myTasks: { id: string; version: number; stepKey: string | null }[];
  tasks: { step: string; state: string }[];
  links: { kind: string; itemId: string; direction: string }[];
};

const FORGED = '00000000-0000-4000-8000-000000000000';

describe.each(engines)('收文 registration: 更正登记, 作废, 复函 (%s)', (engine) => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    if (!clients.has(username)) clients.set(username, await signedIn(t, username));
    return clients.get(username)!;
  };
  const detail = async (who: string, itemId: string) => {
    const res = await (await as(who)).get(`/api/v1/incoming/${itemId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Detail;
  };
  const register = async (input: Partial<typeof received> = {}) => {
    const res = await (await as('chenjing')).post('/api/v1/incoming', { ...received, ...input });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { itemId: string; registryNo: string };
  };
  /** The registration as the page's form sends it back: every field, with the version it was read at. */
  const asRegistered = async (itemId: string) => {
    const d = await detail('chenjing', itemId);
    return { ...received, docNo: d.document.docNo, version: d.item.version };
  };
  const events = (action: string, itemId: string) =>
    t.database.db
      .select()
      .from(event)
      .where(and(eq(event.action, action), eq(event.targetId, itemId)));
  const route = async (itemId: string) => {
    const task = (await detail('chenjing', itemId)).myTasks.find((x) => x.stepKey === 'screen')!;
    const res = await (
      await as('chenjing')
    ).post(`/api/v1/tasks/${task.id}/submit`, {
      version: task.version,
      decision: 'handle',
      next: { personIds: [ids.get('sunhaitao')] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    for (const a of await t.database.db.select().from(account)) ids.set(a.username, a.personId);
  });
  afterAll(() => t?.close());

  it('a registration is corrected until routed: each correction keeps the earlier values, is audited, and is refused (409) once routed', async () => {
    const { itemId } = await register();
    const registrar = await as('chenjing');
    expect((await detail('chenjing', itemId)).canCorrect).toBe(true);

    const first = await registrar.put(`/api/v1/incoming/${itemId}/registration`, {
      ...(await asRegistered(itemId)),
      title: '关于商请提供2026年市级重点项目推进情况的函',
      copies: 2,
      docNo: '江发改函[2026]89号',
      reason: '标题、字号登记有误',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.no).toBe(1);
    let d = await detail('chenjing', itemId);
    expect(d.item.title).toBe('关于商请提供2026年市级重点项目推进情况的函');
    expect(d.document.docNo).toBe('江发改函〔2026〕89号');
    expect(d.corrections).toEqual([
      {
        no: 1,
        personName: '陈静',
        createdAt: expect.any(String),
        reason: '标题、字号登记有误',
        changes: [
          { field: 'docNo', before: '江发改函〔2026〕88号', after: '江发改函〔2026〕89号' },
          { field: 'title', before: received.title, after: '关于商请提供2026年市级重点项目推进情况的函' },
          { field: 'copies', before: 1, after: 2 },
        ],
      },
    ]);
    // Searchable by what it now says.
    expect(
      (
        (await registrar.get('/api/v1/incoming?q=' + encodeURIComponent('江发改函〔2026〕89号'))).body.items as {
          itemId: string;
        }[]
      ).map((i) => i.itemId),
    ).toContain(itemId);

    // A second correction is a second version; sending what is registered changes nothing.
    const second = await registrar.put(`/api/v1/incoming/${itemId}/registration`, {
      ...(await asRegistered(itemId)),
      title: d.item.title,
      docNo: d.document.docNo,
      copies: 2,
      attachments: [{ name: '重点项目推进情况表' }, { name: '联系人名单' }],
      urgency: '加急',
    });
    expect(second.body.no).toBe(2);
    expect(second.body.changes.map((c: Change) => c.field)).toEqual(['urgency', 'attachments']);
    d = await detail('chenjing', itemId);
    const same = await registrar.put(`/api/v1/incoming/${itemId}/registration`, {
      ...received,
      title: d.item.title,
      docNo: d.document.docNo,
      copies: 2,
      attachments: d.document.attachments,
      urgency: '加急',
      version: d.item.version,
    });
    expect(same.body).toEqual({ no: null, changes: [] });
    expect((await detail('chenjing', itemId)).corrections.map((c) => c.no)).toEqual([1, 2]);
    expect((await events('incoming.correct', itemId)).map((e) => (e.summary as { no: number }).no)).toEqual([1, 2]);

    // A stale form (read before the second correction) is refused, not applied over it.
    const stale = await registrar.put(`/api/v1/incoming/${itemId}/registration`, { ...(await asRegistered(itemId)), version: 1 });
    expect(stale.status).toBe(409);
    // The kernel's plain edit does not go round the correction record.
    expect((await registrar.patch(`/api/v1/items/${itemId}`, { version: d.item.version, title: '改过的标题' })).status).toBe(409);

    await route(itemId);
    d = await detail('chenjing', itemId);
    expect(d.canCorrect).toBe(false);
    const late = await registrar.put(`/api/v1/incoming/${itemId}/registration`, {
      ...(await asRegistered(itemId)),
      title: '又改了标题',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('登记不能再更正');
    expect((await detail('chenjing', itemId)).item.title).toBe('关于商请提供2026年市级重点项目推进情况的函');
  });

  it('a correction is checked like a registration, and only the unit’s registrar may make it (others: 404 or 403)', async () => {
    const { itemId } = await register({ docNo: '江发改函〔2026〕90号' });
    const body = await asRegistered(itemId);
    const registrar = await as('chenjing');
    const bad = await registrar.put(`/api/v1/incoming/${itemId}/registration`, { ...body, writtenDate: '2027-01-05' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('成文日期不能晚于收文日期');
    // Another unit's registrar, a forged id, a clerk who does not read it: not found.
    expect((await (await as('fanlijuan')).put(`/api/v1/incoming/${itemId}/registration`, body)).status).toBe(404);
    expect((await registrar.put(`/api/v1/incoming/${FORGED}/registration`, body)).status).toBe(404);
    expect((await (await as('liuyang')).put(`/api/v1/incoming/${itemId}/registration`, body)).status).toBe(404);
    expect((await (await as('fanlijuan')).post(`/api/v1/incoming/${itemId}/void`, { reason: '登记错误' })).status).toBe(404);
    // Someone who handles it but keeps no register: refused.
    await route(itemId);
    expect((await (await as('sunhaitao')).post(`/api/v1/incoming/${itemId}/void`, { reason: '登记错误' })).status).toBe(403);
    // A second registration under the same 字号 is a possible duplicate, corrected or registered.
    const other = await register({ docNo: '江发改函〔2026〕91号' });
    const dup = await registrar.put(`/api/v1/incoming/${other.itemId}/registration`, {
      ...(await asRegistered(other.itemId)),
      docNo: '江发改函〔2026〕90号',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.kind).toBe('duplicate');
    const confirmed = await registrar.put(`/api/v1/incoming/${other.itemId}/registration`, {
      ...(await asRegistered(other.itemId)),
      docNo: '江发改函〔2026〕90号',
      confirmDuplicate: true,
    });
    expect(confirmed.status).toBe(200);
    expect((await detail('chenjing', other.itemId)).links).toEqual([expect.objectContaining({ kind: 'duplicateOf', itemId })]);
  });

  it('a 收文号 is voided with a reason: it stays in the register with the reason, is never given again, and the document leaves handling', async () => {
    const registrar = await as('chenjing');
    const reg = await register({ docNo: '江发改函〔2026〕92号' });
    const seq = (no: string) => Number(/〔\d+〕(\d+)号/.exec(no)![1]);
    expect((await detail('chenjing', reg.itemId)).canVoid).toBe(true);

    expect((await registrar.post(`/api/v1/incoming/${reg.itemId}/void`, {})).status).toBe(400);
    const blank = await registrar.post(`/api/v1/incoming/${reg.itemId}/void`, { reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toContain('请写明作废原因');

    const voided = await registrar.post(`/api/v1/incoming/${reg.itemId}/void`, {
      reason: '重复登记，该件已以江委办收〔2026〕1号登记',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(204);
    const d = await detail('chenjing', reg.itemId);
    expect(d.item.state).toBe('已作废');
    expect(d.document.voided).toMatchObject({ reason: '重复登记，该件已以江委办收〔2026〕1号登记', byName: '陈静' });
    expect([d.canVoid, d.canCorrect, d.canReply, d.canCirculate]).toEqual([false, false, false, false]);
    // Withdrawn from handling: the 初审 of both registrars is cancelled, nothing is left on the workbench.
    expect(d.myTasks).toEqual([]);
    expect(d.tasks.filter((x) => x.step === '初审').map((x) => x.state)).toEqual(['cancelled', 'cancelled']);
    // The register shows the number with its reason; the next registration takes the next number.
    const list = (await registrar.get('/api/v1/incoming?limit=200')).body.items as {
      itemId: string;
      registryNo: string;
      state: string;
      voidReason: string | null;
    }[];
    expect(list.find((r) => r.itemId === reg.itemId)).toMatchObject({
      registryNo: reg.registryNo,
      state: '已作废',
      voidReason: '重复登记，该件已以江委办收〔2026〕1号登记',
    });
    const next = await register({ docNo: '江发改函〔2026〕93号' });
    expect(seq(next.registryNo)).toBe(seq(reg.registryNo) + 1);
    expect((await events('incoming.void', reg.itemId)).map((e) => e.summary)).toEqual([
      { registryNo: reg.registryNo, reason: '重复登记，该件已以江委办收〔2026〕1号登记' },
    ]);

    expect((await registrar.post(`/api/v1/incoming/${reg.itemId}/void`, { reason: '再次作废' })).status).toBe(409);
    expect((await registrar.post(`/api/v1/items/${reg.itemId}/circulations`, { readerIds: [ids.get('sunhaitao')] })).status).toBe(
      409,
    );
    const corr = await registrar.put(`/api/v1/incoming/${reg.itemId}/registration`, {
      ...(await asRegistered(reg.itemId)),
      title: '改标题',
    });
    expect(corr.status).toBe(409);
    expect(corr.body.error.message).toContain('已作废');
  });

  it('a 复函 starts from the 收文: linked both ways, only by those who handle the 收文, never from a voided one', async () => {
    const { itemId } = await register({ docNo: '江发改函〔2026〕94号' });
    expect((await detail('chenjing', itemId)).canReply).toBe(true);
    const draft = {
      format: 'letter',
      genre: '函',
      direction: 'parallel',
      issuers: [{ name: '中共江州市委办公室' }],
      title: '关于提供2026年重点项目推进情况的复函',
      mainRecipients: [{ name: '江州市发展和改革委员会' }],
      body: [{ level: 0, text: '你委《关于商请提供2026年重点项目推进情况的函》收悉。现将有关情况函复如下。' }],
      signatureNames: ['中共江州市委办公室'],
    };
    const reply = await (await as('chenjing')).post('/api/v1/outgoing', { draft, replyTo: itemId });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const replyId = reply.body.itemId as string;
    expect((await detail('chenjing', itemId)).links).toEqual([
      expect.objectContaining({ kind: 'replyTo', itemId: replyId, direction: 'from', access: 'full' }),
    ]);
    const out = await (await as('chenjing')).get(`/api/v1/outgoing/${replyId}`);
    expect(out.body.links).toEqual([expect.objectContaining({ kind: 'replyTo', itemId, direction: 'to' })]);

    // Not from another unit's 收文, nor a forged one (404); not by a clerk who does not handle it.
    expect((await (await as('fanlijuan')).post('/api/v1/outgoing', { draft, replyTo: itemId })).status).toBe(404);
    expect((await (await as('chenjing')).post('/api/v1/outgoing', { draft, replyTo: FORGED })).status).toBe(404);
    expect((await (await as('liuyang')).post('/api/v1/outgoing', { draft, replyTo: itemId })).status).toBe(404);
    await (await as('chenjing')).post(`/api/v1/incoming/${itemId}/void`, { reason: '登记错误' });
    const fromVoided = await (await as('chenjing')).post('/api/v1/outgoing', { draft, replyTo: itemId });
    expect(fromVoided.status).toBe(409);
  });

  it('a correction retried with the same Idempotency-Key is made once and answered alike', async () => {
    const { itemId } = await register({ docNo: '江发改函〔2026〕95号' });
    const registrar = await as('chenjing');
    const body = { ...(await asRegistered(itemId)), copies: 4 };
    const first = await registrar.request('PUT', `/api/v1/incoming/${itemId}/registration`, body, {
      'idempotency-key': 'correct-95-copies',
    });
    const again = await registrar.request('PUT', `/api/v1/incoming/${itemId}/registration`, body, {
      'idempotency-key': 'correct-95-copies',
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body).toEqual(first.body);
    expect((await detail('chenjing', itemId)).corrections.map((c) => c.no)).toEqual([1]);
  });

  it('an over-long title is refused with a Chinese 400, never cut', async () => {
    const long = `关于${'加强'.repeat(150)}的通知`;
    const inc = await (await as('chenjing')).post('/api/v1/incoming', { ...received, title: long });
    expect(inc.status).toBe(400);
    expect(inc.body.error.message).toContain('标题不能超过 300 字');
    const out = await (
      await as('liuyang')
    ).post('/api/v1/outgoing', {
      draft: { genre: '通知', direction: 'down', issuers: [{ name: '中共江州市委办公室' }], title: long },
    });
    expect(out.status).toBe(400);
    expect(out.body.error.message).toContain('标题不能超过 300 字');
  });
});

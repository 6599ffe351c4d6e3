import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { actorOf, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { TITLE_WITHHELD } from './classification';
import { eq } from 'drizzle-orm';
import { task } from '../flow/schema';
import { notifyPeople } from '../notify/service';

const SECRET_TITLE = '关于重大项目选址的请示';
const document = {
  senderName: '中共江南省委办公厅',
  docNo: '江南委办发〔2026〕77号',
  title: SECRET_TITLE,
  classification: '秘密',
  secrecyTerm: '1年',
  copies: 1,
  copyNumbers: ['000003'],
  writtenDate: '2026-11-20',
  mainRecipients: ['各市委'],
};

/** Lists that name documents check the reader's clearance as it is now, not as it was when the row was written. */
describe.each(engines)('titles above the reader’s clearance (%s)', (engine) => {
  let t: TestApp;
  let itemId = '';
  beforeAll(async () => {
    t = await startTestApp(engine, { ZHONGSHU_CLASSIFICATION_CEILING: '机密' });
    const jiyao = await signedIn(t, 'maxiaoyan'); // 机要员, cleared for 秘密
    const reg = await jiyao.post('/api/v1/incoming', document);
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    itemId = reg.body.itemId;
  });
  afterAll(() => t.close());

  it('a 秘密 document the 机要员 registers goes to the registrars cleared for it, not to every 文书', async () => {
    const tasks = await t.database.db
      .select({ assignee: task.assigneePersonId, step: task.step })
      .from(task)
      .where(eq(task.itemId, itemId));
    expect(tasks).toEqual([{ assignee: (await actorOf(t.database, 'maxiaoyan')).personId, step: '初审' }]);
  });

  it('the duplicate check tells a registrar cleared for 内部 that the document is registered, not its title', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const res = await registrar.get(
      `/api/v1/incoming/duplicates?senderName=${encodeURIComponent(document.senderName)}&docNo=${encodeURIComponent(document.docNo)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ itemId, title: TITLE_WITHHELD })]);
    expect(JSON.stringify(res.body)).not.toContain(SECRET_TITLE);
    const again = await registrar.post('/api/v1/incoming', {
      ...document,
      classification: '内部',
      secrecyTerm: null,
      copyNumbers: [],
    });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(SECRET_TITLE);
  });

  it('the 文号登记簿 lists the number given to it without its title', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const registers = (await registrar.get('/api/v1/doc-registers')).body.items as { id: string; code: string }[];
    const reg = registers.find((r) => r.code === '江委办发')!;
    const jiyao = await signedIn(t, 'maxiaoyan');
    expect((await jiyao.post(`/api/v1/doc-registers/${reg.id}/reservations`, { itemId, note: null })).status).toBe(201);
    const numbers = (await registrar.get(`/api/v1/doc-registers/${reg.id}/numbers`)).body.numbers as {
      itemId: string | null;
      title: string | null;
    }[];
    expect(numbers.find((n) => n.itemId === itemId)?.title).toBe(TITLE_WITHHELD);
    const forJiyao = (await jiyao.get(`/api/v1/doc-registers/${reg.id}/numbers`)).body.numbers as {
      itemId: string | null;
      title: string | null;
    }[];
    expect(forJiyao.find((n) => n.itemId === itemId)?.title).toBe(SECRET_TITLE);
  });

  it('a notification naming the document is withheld once the reader’s clearance is lowered below it', async () => {
    const jiyao = await signedIn(t, 'maxiaoyan');
    // A message about the document, as a 催办 from someone else would read.
    const registrarPerson = await actorOf(t.database, 'maxiaoyan');
    await t.database.db.transaction((tx) =>
      notifyPeople(
        tx,
        [{ personId: registrarPerson.personId, kind: 'reminder', message: `催办（初审）：${SECRET_TITLE}`, itemId }],
        t.clock.now(),
      ),
    );
    const messages = async () =>
      ((await jiyao.get('/api/v1/notifications?limit=50')).body.items as { itemId: string | null; message: string }[]).filter(
        (n) => n.itemId === itemId,
      );
    expect((await messages()).map((n) => n.message).join()).toContain(SECRET_TITLE);
    const sec = await signedIn(t, 'secadmin');
    expect(
      (
        await sec.put(`/api/v1/admin/people/${(await actorOf(t.database, 'maxiaoyan')).personId}/clearance`, {
          clearance: '内部',
        })
      ).status,
    ).toBe(204);
    const after = await messages();
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((n) => n.message).join()).not.toContain(SECRET_TITLE);
  });
});

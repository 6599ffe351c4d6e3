import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, contextFor, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME } from '../../org/demo-data';
import { person } from '../../org/schema';
import { grantItemAccess, updateItem } from '../items/service';
import { TITLE_WITHHELD } from '../access/classification';

interface Row {
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  summary: Record<string, unknown>;
  names: Record<string, string>;
}

/**
 * The auditor reads who did what to which object by name — a person, a document by its title — not by
 * UUID; a title above the auditor's clearance is withheld there as in every list.
 */
describe.each(engines)('the audit log names its objects (%s)', (engine) => {
  let t: TestApp;
  let itemId = '';
  let clerkId = '';
  let auditorId = '';
  const title = '关于做好2027年元旦春节期间值班工作的通知';

  beforeAll(async () => {
    t = await startTestApp(engine);
    const clerk = await actorOf(t.database, DEMO_CLERK_USERNAME);
    const registrar = await actorOf(t.database, 'chenjing');
    clerkId = clerk.personId;
    auditorId = (await actorOf(t.database, 'auditor')).personId;
    itemId = await makeItem(t, clerk, { title, classification: '内部' });
    const audit = { personId: registrar.personId, postId: registrar.postId };
    await t.database.db.transaction((tx) =>
      grantItemAccess(tx, itemId, { type: 'person', id: clerkId }, 'test', audit, t.clock.now()),
    );
    const ctx = await contextFor(t, clerk);
    await t.database.db.transaction((tx) => updateItem(tx, ctx, itemId, { title: `${title}（修改稿）`, version: 1 }));
  });
  afterAll(() => t.close());

  async function eventsOfItem(): Promise<Row[]> {
    const aud = await signedIn(t, 'auditor');
    const res = await aud.get(`/api/v1/audit/events?targetId=${itemId}&limit=50`);
    expect(res.status).toBe(200);
    return res.body.items as Row[];
  }

  it('a document is named by its title, and the people in an event by their names', async () => {
    const rows = await eventsOfItem();
    const created = rows.find((r) => r.action === 'item.create')!;
    expect(created.targetName).toContain(title);
    const grant = rows.find((r) => r.action === 'item.access.grant')!;
    expect(grant.names[clerkId]).toBe('刘洋');
    const update = rows.find((r) => r.action === 'item.update')!;
    expect(update.summary).toMatchObject({ before: { title }, after: { title: `${title}（修改稿）` } });

    const aud = await signedIn(t, 'auditor');
    const signIns = (await aud.get(`/api/v1/audit/events?action=auth.signIn&targetId=${auditorId}&limit=5`)).body.items as Row[];
    expect(signIns[0]!.targetName).toBe('方志诚');
  });

  it('a title above the auditor’s clearance is withheld, in the object’s name and in what the event recorded', async () => {
    await t.database.db.update(person).set({ clearance: '公开' }).where(eq(person.id, auditorId));
    try {
      const rows = await eventsOfItem();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.targetName).toBe(TITLE_WITHHELD);
      expect(JSON.stringify(rows)).not.toContain('值班工作');
    } finally {
      await t.database.db.update(person).set({ clearance: '内部' }).where(eq(person.id, auditorId));
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME } from '../../org/demo-data';
import { event } from './schema';
import { verifyLog } from './seal';

/** Simulates someone with database access editing the log behind the application's back. */
async function tamper(t: TestApp, statement: ReturnType<typeof sql>) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table event disable trigger event_no_update_delete`);
    await tx.execute(statement);
    await tx.execute(sql`alter table event enable trigger event_no_update_delete`);
  });
}

describe.each(engines)('the audit chain (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
    // some real activity to chain: sign-ins, a failed one, a token
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    await c.post('/api/v1/me/tokens', { name: '测试', scope: ['incoming:read'], days: 30 });
    await c.signIn(DEMO_CLERK_USERNAME, 'Wrong-pass-1');
  });
  afterAll(() => t.close());

  it('each event records actor, capacity, IP, action and target, and the chain verifies', async () => {
    const rows = await t.database.db.select().from(event).where(eq(event.action, 'auth.token.create'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorPersonId).toBeTruthy();
    expect(rows[0]!.actorPostId).toBeTruthy();
    expect(rows[0]!.ip).toBeTruthy();
    expect(rows[0]!.requestId).toBeTruthy();
    expect(JSON.stringify(rows[0]!.summary)).not.toMatch(/zs_/); // the token itself is never logged
    const r = await verifyLog(t.database.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(3);
    // The clerk's events are in the chain of the clerk's office, numbered from 1 without gaps.
    const chain = rows[0]!.chain;
    expect(chain).toMatch(/^[0-9a-f-]{36}$/);
    const places = (await t.database.db.select().from(event).where(eq(event.chain, chain)).orderBy(asc(event.chainSeq))).map(
      (e) => e.chainSeq,
    );
    expect(places).toEqual(places.map((_, i) => i + 1));
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the log', async () => {
    await expect(t.database.db.execute(sql`update event set action = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from event`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate event`)).rejects.toThrow();
    expect((await verifyLog(t.database.db)).ok).toBe(true);
  });

  it('altering one row is detected at that row', async () => {
    const rows = await t.database.db.select().from(event).orderBy(asc(event.id));
    const victim = rows[Math.floor(rows.length / 2)]!;
    await tamper(t, sql`update event set summary = '{"username":"someone-else"}'::jsonb where id = ${victim.id}`);
    const r = await verifyLog(t.database.db);
    expect(r.ok).toBe(false);
    expect(r.breaks).toEqual([{ chain: victim.chain, id: victim.id, seq: victim.chainSeq, reason: 'hash' }]);
  });

  it('the auditor’s verification names the broken row', async () => {
    const aud = await signedIn(t, 'auditor');
    const res = await aud.post('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.breaks).toHaveLength(1);
    expect(res.body.breaks[0]).toMatchObject({ reason: 'hash' });
  });
});

describe.each(engines)('a deleted audit row (%s)', (engine) => {
  it('is detected at the row after the gap in its chain', async () => {
    const t = await startTestApp(engine);
    try {
      await signedIn(t, DEMO_CLERK_USERNAME);
      await signedIn(t, DEMO_CLERK_USERNAME);
      const [last] = await t.database.db
        .select()
        .from(event)
        .orderBy(sql`id desc`)
        .limit(1);
      const rows = await t.database.db.select().from(event).where(eq(event.chain, last!.chain)).orderBy(asc(event.chainSeq));
      const victim = rows[rows.length - 2]!;
      await tamper(t, sql`delete from event where id = ${victim.id}`);
      const r = await verifyLog(t.database.db);
      expect(r.breaks).toEqual([{ chain: last!.chain, id: last!.id, seq: last!.chainSeq, reason: 'link' }]);
    } finally {
      await t.close();
    }
  });
});

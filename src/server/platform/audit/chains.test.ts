import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { engines, type Engine } from '../../../../test/support/engines';
import { actorOf, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import type { Tx } from '../db/client';
import { event } from './schema';
import { recordEvent, SYSTEM_CHAIN, type AuditContext, type EventInput } from './service';
import { runScheduledCheck } from './check';
import { verifyLog } from './seal';

// Registrars of four offices (全宗) of the demo organisation: the city party committee's office, the city
// government's office, a district's and a county's.
const REGISTRARS = [DEMO_REGISTRAR_USERNAME, 'fanlijuan', 'tangxiaolin', 'panyulan'];

const read = (): EventInput => ({
  action: 'item.read',
  targetType: 'item',
  targetId: randomUUID(),
  summary: { classification: '内部' },
});

async function officesOf(t: TestApp): Promise<{ ctx: AuditContext; unitId: string }[]> {
  const actors = await Promise.all(REGISTRARS.map((u) => actorOf(t.database, u)));
  const units = new Set(actors.map((a) => a.unitId));
  expect(units.size).toBe(REGISTRARS.length);
  return actors.map((a) => ({ ctx: { personId: a.personId, postId: a.postId, requestId: 'test' }, unitId: a.unitId! }));
}

/** What PostgreSQL answered (drizzle wraps it as the cause). */
const causeOf = (e: unknown) => String(((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);

async function tamper(t: TestApp, statement: SQL) {
  await t.database.db.transaction(async (tx: Tx) => {
    await tx.execute(sql`alter table event disable trigger event_no_update_delete`);
    await tx.execute(statement);
    await tx.execute(sql`alter table event enable trigger event_no_update_delete`);
  });
}

describe.each(engines)('one audit chain per office (%s)', (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  it("an office's events are in its own chain, numbered from 1; events of no office are in the system chain", async () => {
    t = await startTestApp(engine);
    const [a, b] = await officesOf(t);
    const now = t.clock.now();
    for (const o of [a!, b!, a!]) await t.database.db.transaction((tx) => recordEvent(tx, o.ctx, now, read()));
    await t.database.db.transaction((tx) => recordEvent(tx, { personId: null, postId: null, requestId: 'job-1' }, now, read()));
    const places = async (chain: string) =>
      (await t.database.db.select().from(event).where(eq(event.chain, chain)).orderBy(asc(event.chainSeq))).map(
        (e) => e.chainSeq,
      );
    expect(await places(a!.unitId)).toEqual([1, 2]);
    expect(await places(b!.unitId)).toEqual([1]);
    const [job] = await t.database.db.select().from(event).where(eq(event.requestId, 'job-1'));
    expect(job!.chain).toBe(SYSTEM_CHAIN);
    expect(await verifyLog(t.database.db)).toMatchObject({ ok: true, breaks: [] });
  });

  it('a transaction keeps the chain of its first event, whoever its later events are for', async () => {
    t = await startTestApp(engine);
    const [a, b] = await officesOf(t);
    const now = t.clock.now();
    const ids = await t.database.db.transaction(async (tx) => [
      await recordEvent(tx, a!.ctx, now, read()),
      await recordEvent(tx, b!.ctx, now, read()),
    ]);
    const rows = await t.database.db
      .select()
      .from(event)
      .where(
        sql`${event.id} in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
      );
    expect(rows.map((r) => r.chain)).toEqual([a!.unitId, a!.unitId]);
    expect(rows.map((r) => r.actorPostId)).toEqual([a!.ctx.postId, b!.ctx.postId]);
    // The next transaction starts afresh.
    const id = await t.database.db.transaction((tx) => recordEvent(tx, b!.ctx, now, read()));
    expect((await t.database.db.select().from(event).where(eq(event.id, id)))[0]!.chain).toBe(b!.unitId);
  });

  it('savepoints in between, kept or undone, leave the chain whole (later events of a transaction skip the lock and the head read)', async () => {
    t = await startTestApp(engine);
    const [a] = await officesOf(t);
    const now = t.clock.now();
    await t.database.db.transaction(async (tx) => {
      await recordEvent(tx, a!.ctx, now, read());
      await tx.transaction(async (sp) => {
        await recordEvent(sp, a!.ctx, now, read());
        await recordEvent(sp, a!.ctx, now, read());
      });
      await recordEvent(tx, a!.ctx, now, read());
      await tx
        .transaction(async (sp) => {
          await recordEvent(sp, a!.ctx, now, read());
          throw new Error('undone');
        })
        .catch(() => undefined);
      await recordEvent(tx, a!.ctx, now, read());
    });
    const rows = await t.database.db.select().from(event).where(eq(event.chain, a!.unitId)).orderBy(asc(event.chainSeq));
    expect(rows.map((r) => r.chainSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyLog(t.database.db)).toMatchObject({ ok: true, breaks: [] });
  });

  it('tampering is found in each chain at its own first broken row: an edit, a deletion in the middle, a cut-off tail', async () => {
    t = await startTestApp(engine);
    const offices = await officesOf(t);
    const now = t.clock.now();
    for (const o of offices)
      for (let i = 0; i < 4; i++) await t.database.db.transaction((tx) => recordEvent(tx, o.ctx, now, read()));
    // The scheduled check seals every chain's head.
    expect(await t.database.db.transaction((tx) => runScheduledCheck(tx, now))).toEqual({ ok: true });
    const at = async (chain: string, seq: number) =>
      (
        await t.database.db
          .select()
          .from(event)
          .where(and(eq(event.chain, chain), eq(event.chainSeq, seq)))
      )[0]!;
    const [edited, gap, cut, intact] = offices.map((o) => o.unitId);
    const second = await at(edited!, 2);
    await tamper(t, sql`update event set summary = '{"classification":"公开"}'::jsonb where id = ${second.id}`);
    const removed = await at(gap!, 2);
    const after = await at(gap!, 3);
    await tamper(t, sql`delete from event where id = ${removed.id}`);
    const head = await at(cut!, 4);
    await tamper(t, sql`delete from event where chain = ${cut!} and chain_seq >= 3`);

    const r = await verifyLog(t.database.db);
    expect(r.ok).toBe(false);
    expect(r.breaks).toHaveLength(3);
    expect(r.breaks).toEqual(
      expect.arrayContaining([
        { chain: edited, id: second.id, seq: 2, reason: 'hash' },
        { chain: gap, id: after.id, seq: 3, reason: 'link' },
        { chain: cut, id: head.id, seq: 4, reason: 'truncated', missing: 2 },
      ]),
    );
    expect(r.chains.find((c) => c.chain === intact)).toMatchObject({ ok: true, checked: 4 });
    // The auditor reads each break with its office's name.
    const res = await (await signedIn(t, 'auditor')).post('/api/v1/audit/verify');
    expect(res.body.breaks.map((x: { chainName: string }) => x.chainName).every(Boolean)).toBe(true);
  });
});

// PGlite has one connection: its transactions run one after another anyway, so there is nothing to overlap.
describe.skipIf(!engines.includes('postgres'))('offices do not wait for each other (PostgreSQL, two connections)', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("a transaction holding office A's chain does not hold up office B's event, but holds up A's next one", async () => {
    t = await startTestApp('postgres');
    const [a, b] = await officesOf(t);
    const now = t.clock.now();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const holding = new Promise<void>((r) => (appended = r));
    const first = t.database.db.transaction(async (tx) => {
      await recordEvent(tx, a!.ctx, now, read());
      appended();
      await released; // A's chain lock is held to commit.
    });
    await holding;
    try {
      // B's event commits while A's transaction is open; were it waiting on A's lock, it would time out.
      const bId = await t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '2s'`);
        return recordEvent(tx, b!.ctx, now, read());
      });
      expect((await t.database.db.select().from(event).where(eq(event.id, bId)))[0]).toMatchObject({
        chain: b!.unitId,
        chainSeq: 1,
      });
      // Another event of office A waits for A's transaction.
      const waited = t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '300ms'`);
        return recordEvent(tx, a!.ctx, now, read());
      });
      await expect(waited.catch(causeOf)).resolves.toMatch(/lock timeout/);
    } finally {
      release();
      await first;
    }
    const [aHead] = await t.database.db
      .select()
      .from(event)
      .where(eq(event.chain, a!.unitId))
      .orderBy(desc(event.chainSeq))
      .limit(1);
    expect(aHead!.chainSeq).toBe(1);
    // Once A commits, A's next event follows it.
    await t.database.db.transaction((tx) => recordEvent(tx, a!.ctx, now, read()));
    expect(
      await t.database.db
        .select()
        .from(event)
        .where(and(eq(event.chain, a!.unitId), gte(event.chainSeq, 1))),
    ).toHaveLength(2);
    expect(await verifyLog(t.database.db)).toMatchObject({ ok: true });
  });
});

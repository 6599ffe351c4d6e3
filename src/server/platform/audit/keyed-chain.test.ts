import { afterEach, describe, expect, it } from 'vitest';
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import { engines, type Engine } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME } from '../../org/demo-data';
import type { Tx } from '../db/client';
import { account } from '../auth/schema';
import { notification } from '../notify/schema';
import { enqueue } from '../jobs/queue';
import { chainHash, keyedChainHash } from './canonical';
import { auditKey } from './key';
import { auditSeal, event } from './schema';
import { ensureKeyedChain, verifyChain } from './service';
import { AUDIT_CHECK_JOB } from './check';

/** Someone with database access (and the trigger out of the way) editing the log behind the application's back. */
async function tamper(t: TestApp, fn: (tx: Tx) => Promise<unknown>) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table event disable trigger event_no_update_delete`);
    await fn(tx);
    await tx.execute(sql`alter table event enable trigger event_no_update_delete`);
  });
}

const remove = (t: TestApp, where: SQL) => tamper(t, (tx) => tx.execute(sql`delete from event where ${where}`));

type Link = (prevHash: string, r: typeof event.$inferSelect) => string;
/** What the attacker knows: the canonical row and SM3, but not the key. */
const unkeyed: Link = (prev, r) => chainHash(prev, r);

/** Re-links the rows from `fromId` on (up to `toId`, not included) with `link`, as an attacker covering a deletion would. */
async function rechain(t: TestApp, fromId: number, link: Link, keyed: boolean, toId = Number.MAX_SAFE_INTEGER) {
  await tamper(t, async (tx) => {
    const rows = await tx.select().from(event).where(and(gte(event.id, fromId), lt(event.id, toId))).orderBy(asc(event.id));
    const [before] = await tx.select().from(event).where(lt(event.id, fromId)).orderBy(desc(event.id)).limit(1);
    let prev = before?.hash ?? '0'.repeat(64);
    for (const r of rows) {
      const hash = link(prev, { ...r, prevHash: prev });
      await tx.update(event).set({ prevHash: prev, hash, keyed }).where(eq(event.id, r.id));
      prev = hash;
    }
  });
}

async function personIdOf(t: TestApp, username: string) {
  const [a] = await t.database.db.select().from(account).where(eq(account.username, username));
  return a!.personId;
}

/**
 * The system administrator resets the clerk's password — the event an insider would want gone — and an
 * insider deletes it; returns the id of the first row after the gap.
 */
async function resetClerkPasswordAndDeleteIt(t: TestApp): Promise<number> {
  const sys = await signedIn(t, 'sysadmin');
  const res = await sys.post(`/api/v1/admin/users/${await personIdOf(t, DEMO_CLERK_USERNAME)}/reset-password`, { temporaryPassword: 'Temp-pass-2026' });
  expect(res.status).toBe(204);
  await signedIn(t, 'secadmin'); // something after it
  const resets = await t.database.db.select().from(event).where(eq(event.action, 'user.password.reset'));
  expect(resets.length).toBeGreaterThan(0);
  await remove(t, eq(event.action, 'user.password.reset'));
  const [next] = await t.database.db.select().from(event).where(gt(event.id, Math.min(...resets.map((r) => r.id)))).orderBy(asc(event.id)).limit(1);
  return next!.id;
}

describe.each(engines)('the keyed audit chain (%s)', (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('new events are chained with HMAC-SM3 under the deployment key, not plain SM3', async () => {
    t = await startTestApp(engine);
    await signedIn(t, DEMO_CLERK_USERNAME);
    const [last] = await t.database.db.select().from(event).orderBy(desc(event.id)).limit(1);
    expect(last!.keyed).toBe(true);
    expect(last!.hash).toBe(keyedChainHash(auditKey().chain, last!.prevHash, last!));
    expect(last!.hash).not.toBe(chainHash(last!.prevHash, last!));
  });

  it('deleting the password-reset events and re-chaining without the key fails verification', async () => {
    t = await startTestApp(engine);
    const next = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, next, unkeyed, true);
    const r = await verifyChain(t.database.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toEqual({ id: next, reason: 'hash' });
    // The auditor's check in the browser says the same.
    const aud = await signedIn(t, 'auditor');
    const res = await aud.post('/api/v1/audit/verify');
    expect(res.body).toMatchObject({ ok: false, firstBroken: { reason: 'hash' } });
  });

  it('marking the re-chained rows as unkeyed (as before the upgrade) is refused after a keyed row', async () => {
    t = await startTestApp(engine);
    const next = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, next, unkeyed, false);
    expect((await verifyChain(t.database.db)).firstBroken).toEqual({ id: next, reason: 'unkeyed' });
  });

  it('a log re-chained from its first row without the key ends unkeyed and fails verification', async () => {
    t = await startTestApp(engine);
    await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, 0, unkeyed, false);
    const [last] = await t.database.db.select().from(event).orderBy(desc(event.id)).limit(1);
    expect((await verifyChain(t.database.db)).firstBroken).toEqual({ id: last!.id, reason: 'unkeyed' });
  });

  it('only the key re-chains the log: with it, the same edit passes (so the key stays outside the database)', async () => {
    t = await startTestApp(engine);
    const next = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, next, (prev, r) => keyedChainHash(auditKey().chain, prev, r), true);
    expect((await verifyChain(t.database.db)).ok).toBe(true);
  });

  it('a log chained before the upgrade keeps verifying: its next start appends a keyed head', async () => {
    t = await startTestApp(engine);
    // The log as an earlier version wrote it: plain SM3, keyed = false.
    await rechain(t, 0, unkeyed, false);
    expect((await verifyChain(t.database.db)).firstBroken?.reason).toBe('unkeyed');
    expect(await ensureKeyedChain(t.database.db, t.clock.now())).toBe(true);
    expect(await ensureKeyedChain(t.database.db, t.clock.now())).toBe(false);
    await signedIn(t, DEMO_CLERK_USERNAME);
    const r = await verifyChain(t.database.db);
    expect(r).toMatchObject({ ok: true });
    const [switched] = await t.database.db.select().from(event).where(eq(event.action, 'audit.chain.keyed'));
    expect(switched!.keyed).toBe(true);
    // The legacy part cannot be re-chained without breaking the keyed row that follows it.
    const legacy = await t.database.db.select().from(event).where(eq(event.keyed, false)).orderBy(asc(event.id));
    const victim = legacy[Math.floor(legacy.length / 2)]!;
    await remove(t, eq(event.id, victim.id));
    await rechain(t, victim.id, unkeyed, false, switched!.id);
    expect((await verifyChain(t.database.db)).firstBroken).toEqual({ id: switched!.id, reason: 'link' });
  });
});

describe.each(engines)('seals of the chain head (%s)', (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('the auditor exports a signed seal as a file; verify with it detects a cut-back log that alone still verifies', async () => {
    t = await startTestApp(engine);
    await signedIn(t, DEMO_CLERK_USERNAME);
    const [head] = await t.database.db.select().from(event).orderBy(desc(event.id)).limit(1);
    const aud = await signedIn(t, 'auditor');
    const res = await aud.post('/api/v1/audit/seals');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="zhongshu-audit-seal-\d+-\d{4}-\d{2}-\d{2}\.json"$/);
    const seal = res.body;
    // The auditor's own sign-in comes after the clerk's, so the sealed head is at least that far.
    expect(seal).toMatchObject({ format: 'zhongshu-audit-seal', version: 1, keyId: auditKey().id });
    expect(seal.headId).toBeGreaterThan(head!.id);
    const [exported] = await t.database.db.select().from(event).where(eq(event.action, 'audit.seal.export'));
    expect(exported!.actorPersonId).toBeTruthy();
    expect(await t.database.db.select().from(auditSeal).where(eq(auditSeal.source, 'export'))).toHaveLength(1);

    expect((await aud.post('/api/v1/audit/verify', { seal })).body).toMatchObject({ ok: true, seal: { ok: true, headId: seal.headId } });

    // Someone removes the newest events, sealed head included: the rest is still a whole chain.
    await remove(t, gte(event.id, head!.id));
    expect((await verifyChain(t.database.db)).ok).toBe(true);
    const cut = await aud.post('/api/v1/audit/verify', { seal });
    expect(cut.body).toMatchObject({ ok: false, seal: { ok: false, problem: 'truncated' } });
  });

  it('a seal that was edited, or made with another key, is refused', async () => {
    t = await startTestApp(engine);
    const aud = await signedIn(t, 'auditor');
    const seal = (await aud.post('/api/v1/audit/seals')).body;
    const forged = await aud.post('/api/v1/audit/verify', { seal: { ...seal, count: seal.count - 1 } });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/签名不符/);
    expect((await aud.post('/api/v1/audit/verify', { seal: { ...seal, format: 'x' } })).status).toBe(400);
  });

  it('only the security auditor seals and reads the scheduled check', async () => {
    t = await startTestApp(engine);
    const sys = await signedIn(t, 'sysadmin');
    expect((await sys.post('/api/v1/audit/seals')).status).toBe(403);
    expect((await sys.get('/api/v1/audit/checks/latest')).status).toBe(403);
  });
});

describe.each(engines)('the scheduled check (%s)', (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  const runCheck = async () => {
    await enqueue(t.database.db, [{ kind: AUDIT_CHECK_JOB, runAt: t.clock.now(), dedupeKey: AUDIT_CHECK_JOB }], t.clock.now());
    await t.app.zs.jobs.tick();
  };

  it('goes on from the last sealed head, and on a break alerts the security auditors once', async () => {
    t = await startTestApp(engine);
    const aud = await signedIn(t, 'auditor');
    expect((await aud.get('/api/v1/audit/checks/latest')).body).toEqual({ everyMinutes: 0, last: null });
    await runCheck();
    const first = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    expect(first).toMatchObject({ ok: true, fromId: 0, firstBroken: null });
    expect(first.checked).toBeGreaterThan(3);
    expect(await t.database.db.select().from(auditSeal).where(eq(auditSeal.source, 'schedule'))).toHaveLength(1);

    await signedIn(t, DEMO_CLERK_USERNAME);
    t.clock.advance(10 * 60_000);
    await runCheck();
    const second = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    // Only what was added since: the clerk's sign-in.
    expect(second).toMatchObject({ ok: true, fromId: first.headId, checked: 1 });

    // An event before the checkpoint disappears; the rows after it are left as they were.
    const [victim] = await t.database.db.select().from(event).where(eq(event.action, 'auth.signIn')).orderBy(asc(event.id)).limit(1);
    await remove(t, eq(event.id, victim!.id));
    t.clock.advance(10 * 60_000);
    await runCheck();
    const third = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    expect(third).toMatchObject({ ok: false, fromId: second.headId, firstBroken: { id: second.headId, reason: 'count' } });

    const auditor = await personIdOf(t, 'auditor');
    const alarms = () => t.database.db.select().from(notification).where(and(eq(notification.kind, 'security'), eq(notification.personId, auditor)));
    expect(await alarms()).toHaveLength(1);
    expect((await alarms())[0]!.message).toMatch(/留痕哈希链定时校验未通过/);
    expect(await t.database.db.select().from(event).where(eq(event.action, 'audit.chain.broken'))).toHaveLength(1);
    // The same break found again is not reported again.
    t.clock.advance(10 * 60_000);
    await runCheck();
    expect(await alarms()).toHaveLength(1);
  });
});

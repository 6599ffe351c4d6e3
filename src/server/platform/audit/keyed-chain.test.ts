import { afterEach, describe, expect, it } from 'vitest';
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { engines, type Engine } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_CLERK_USERNAME } from '../../org/demo-data';
import type { Tx } from '../db/client';
import { account } from '../auth/schema';
import { notification } from '../notify/schema';
import { enqueue } from '../jobs/queue';
import { GENESIS_HASH, chainHash, keyedChainHash, placedChainHash } from './canonical';
import { auditKey } from './key';
import { auditSeal, event } from './schema';
import { ensureKeyedChain, SYSTEM_CHAIN } from './service';
import { verifyLog } from './seal';
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

type Row = typeof event.$inferSelect;
type Link = (prevHash: string, r: Row) => string;
/** What the attacker knows: the canonical row and SM3, but not the key. */
const unkeyed: Link = (prev, r) => chainHash(prev, r);
const withKey: Link = (prev, r) => placedChainHash(auditKey().chain, prev, r);

/**
 * Re-links one chain's rows from place `fromSeq` on (up to `toSeq`, not included) with `link`, numbering them on
 * from the row before, as an attacker covering a deletion would.
 */
async function rechain(
  t: TestApp,
  chain: string,
  fromSeq: number,
  link: Link,
  flags: { keyed: boolean; placed: boolean },
  toSeq = Number.MAX_SAFE_INTEGER,
) {
  await tamper(t, async (tx) => {
    const inChain = eq(event.chain, chain);
    const [before] = await tx
      .select()
      .from(event)
      .where(and(inChain, lt(event.chainSeq, fromSeq)))
      .orderBy(desc(event.chainSeq))
      .limit(1);
    const rows = await tx
      .select()
      .from(event)
      .where(and(inChain, gte(event.chainSeq, fromSeq), lt(event.chainSeq, toSeq)))
      .orderBy(asc(event.chainSeq));
    let prev = before?.hash ?? GENESIS_HASH;
    let seq = before?.chainSeq ?? 0;
    for (const r of rows) {
      seq++;
      const hash = link(prev, { ...r, chainSeq: seq, prevHash: prev });
      await tx
        .update(event)
        .set({ chainSeq: seq, prevHash: prev, hash, ...flags })
        .where(eq(event.id, r.id));
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
 * insider deletes it; returns its chain and the place it had (the first row after the gap).
 */
async function resetClerkPasswordAndDeleteIt(t: TestApp): Promise<{ chain: string; seq: number; next: Row }> {
  const sys = await signedIn(t, 'sysadmin');
  const res = await sys.post(`/api/v1/admin/users/${await personIdOf(t, DEMO_CLERK_USERNAME)}/reset-password`, {
    temporaryPassword: 'Temp-pass-2026',
  });
  expect(res.status).toBe(204);
  await signedIn(t, 'sysadmin'); // something after it, in the same chain
  const [reset] = await t.database.db.select().from(event).where(eq(event.action, 'user.password.reset'));
  await remove(t, eq(event.action, 'user.password.reset'));
  const [next] = await t.database.db
    .select()
    .from(event)
    .where(and(eq(event.chain, reset!.chain), gte(event.chainSeq, reset!.chainSeq)))
    .orderBy(asc(event.chainSeq))
    .limit(1);
  return { chain: reset!.chain, seq: reset!.chainSeq, next: next! };
}

/** The log as a version before the key wrote it: one chain in id order (now the system chain), plain SM3. */
async function makeLegacy(t: TestApp) {
  await tamper(t, async (tx) => {
    await tx.execute(sql`update event set chain_seq = -id`);
    const rows = await tx.select().from(event).orderBy(asc(event.id));
    let prev = GENESIS_HASH;
    for (const [i, r] of rows.entries()) {
      const hash = chainHash(prev, r);
      await tx
        .update(event)
        .set({ chain: SYSTEM_CHAIN, chainSeq: i + 1, prevHash: prev, hash, keyed: false, placed: false })
        .where(eq(event.id, r.id));
      prev = hash;
    }
  });
}

describe.each(engines)('the keyed audit chains (%s)', (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('new events are chained with HMAC-SM3 under the deployment key over their office and place, not plain SM3', async () => {
    t = await startTestApp(engine);
    await signedIn(t, DEMO_CLERK_USERNAME);
    const [last] = await t.database.db.select().from(event).orderBy(desc(event.id)).limit(1);
    expect(last).toMatchObject({ keyed: true, placed: true });
    expect(last!.hash).toBe(placedChainHash(auditKey().chain, last!.prevHash, last!));
    expect(last!.hash).not.toBe(keyedChainHash(auditKey().chain, last!.prevHash, last!));
    expect(last!.hash).not.toBe(chainHash(last!.prevHash, last!));
  });

  it("deleting the password-reset event and re-chaining its office's chain without the key fails verification", async () => {
    t = await startTestApp(engine);
    const gap = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, gap.chain, gap.seq, unkeyed, { keyed: true, placed: true });
    const r = await verifyLog(t.database.db);
    expect(r.ok).toBe(false);
    expect(r.breaks).toEqual([{ chain: gap.chain, id: gap.next.id, seq: gap.seq, reason: 'hash' }]);
    // The auditor's check in the browser says the same. (The administrators act in no office's post: their
    // events are in the system chain.)
    expect(gap.chain).toBe(SYSTEM_CHAIN);
    const aud = await signedIn(t, 'auditor');
    const res = await aud.post('/api/v1/audit/verify');
    expect(res.body).toMatchObject({ ok: false, breaks: [{ chain: gap.chain, chainName: null, seq: gap.seq, reason: 'hash' }] });
  });

  it('marking the re-chained rows as unkeyed (as before the upgrade) is refused after a keyed row', async () => {
    t = await startTestApp(engine);
    const gap = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, gap.chain, gap.seq, unkeyed, { keyed: false, placed: false });
    expect((await verifyLog(t.database.db)).breaks).toEqual([
      { chain: gap.chain, id: gap.next.id, seq: gap.seq, reason: 'unkeyed' },
    ]);
  });

  it('a chain re-chained from its first row without the key ends unkeyed and fails verification', async () => {
    t = await startTestApp(engine);
    const gap = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, gap.chain, 1, unkeyed, { keyed: false, placed: false });
    const [last] = await t.database.db
      .select()
      .from(event)
      .where(eq(event.chain, gap.chain))
      .orderBy(desc(event.chainSeq))
      .limit(1);
    expect((await verifyLog(t.database.db)).breaks).toEqual([
      { chain: gap.chain, id: last!.id, seq: last!.chainSeq, reason: 'unkeyed' },
    ]);
  });

  it('only the key re-chains a chain: with it, the same edit passes (so the key stays outside the database)', async () => {
    t = await startTestApp(engine);
    const gap = await resetClerkPasswordAndDeleteIt(t);
    await rechain(t, gap.chain, gap.seq, withKey, { keyed: true, placed: true });
    expect(await verifyLog(t.database.db)).toMatchObject({ ok: true, breaks: [] });
  });

  it('a log chained before the key keeps verifying: its next start appends a keyed head to the system chain', async () => {
    t = await startTestApp(engine);
    await makeLegacy(t);
    const before = await verifyLog(t.database.db);
    expect(before.breaks).toMatchObject([{ chain: SYSTEM_CHAIN, reason: 'unkeyed' }]);
    expect(await ensureKeyedChain(t.database.db, t.clock.now())).toBe(true);
    expect(await ensureKeyedChain(t.database.db, t.clock.now())).toBe(false);
    await signedIn(t, DEMO_CLERK_USERNAME);
    expect(await verifyLog(t.database.db)).toMatchObject({ ok: true });
    const [switched] = await t.database.db.select().from(event).where(eq(event.action, 'audit.chain.keyed'));
    expect(switched).toMatchObject({ chain: SYSTEM_CHAIN, keyed: true, placed: true });
    // The legacy part cannot be re-chained without breaking the keyed row that follows it.
    const legacy = await t.database.db.select().from(event).where(eq(event.keyed, false)).orderBy(asc(event.chainSeq));
    const victim = legacy[Math.floor(legacy.length / 2)]!;
    await remove(t, eq(event.id, victim.id));
    await rechain(t, SYSTEM_CHAIN, victim.chainSeq, unkeyed, { keyed: false, placed: false }, switched!.chainSeq);
    expect((await verifyLog(t.database.db)).breaks).toEqual([
      { chain: SYSTEM_CHAIN, id: switched!.id, seq: switched!.chainSeq, reason: 'link' },
    ]);
  });
});

describe.each(engines)("seals of the chains' heads (%s)", (engine: Engine) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('the auditor exports a signed seal of every chain; a chain whose tail is cut off fails verify, named with what is missing', async () => {
    t = await startTestApp(engine);
    for (let i = 0; i < 3; i++) await signedIn(t, DEMO_CLERK_USERNAME);
    const [clerkLast] = await t.database.db
      .select()
      .from(event)
      .where(eq(event.action, 'auth.signIn'))
      .orderBy(desc(event.id))
      .limit(1);
    const chain = clerkLast!.chain;
    const aud = await signedIn(t, 'auditor');
    const res = await aud.post('/api/v1/audit/seals');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="zhongshu-audit-seal-\d{8}T\d{6}\.json"$/);
    const seal = res.body;
    expect(seal).toMatchObject({ format: 'zhongshu-audit-seal', version: 2, keyId: auditKey().id });
    // Every chain of the log, the clerk's office's at its last event.
    expect(seal.heads.map((h: { chain: string }) => h.chain)).toContain(SYSTEM_CHAIN);
    expect(seal.heads).toContainEqual({ chain, seq: clerkLast!.chainSeq, id: clerkLast!.id, hash: clerkLast!.hash });
    const [exported] = await t.database.db.select().from(event).where(eq(event.action, 'audit.seal.export'));
    expect(exported!.actorPersonId).toBeTruthy();
    expect(await t.database.db.select().from(auditSeal).where(eq(auditSeal.source, 'export'))).toHaveLength(seal.heads.length);

    expect((await aud.post('/api/v1/audit/verify', { seal })).body).toMatchObject({
      ok: true,
      breaks: [],
      seal: { ok: true, heads: seal.heads.length, problems: [] },
    });

    // Someone removes the last two events of the clerk's office: the rest of that chain is still whole.
    await remove(t, and(eq(event.chain, chain), gte(event.chainSeq, clerkLast!.chainSeq - 1))!);
    const cut = { chain, id: clerkLast!.id, seq: clerkLast!.chainSeq, reason: 'truncated', missing: 2 };
    // The heads sealed in the database say so, and the file the auditor kept says the same.
    expect((await verifyLog(t.database.db)).breaks).toEqual([cut]);
    const checked = await aud.post('/api/v1/audit/verify', { seal });
    expect(checked.body).toMatchObject({ ok: false, breaks: [cut], seal: { ok: false, problems: [cut] } });
    expect(checked.body.seal.problems[0].chainName).toBeTruthy();

    // Who can remove events can remove the sealed heads from the database too: then only the kept file tells.
    await t.database.db.transaction((tx) => tx.execute(sql`delete from audit_seal`));
    expect((await verifyLog(t.database.db)).ok).toBe(true);
    expect((await aud.post('/api/v1/audit/verify', { seal })).body).toMatchObject({
      ok: false,
      breaks: [],
      seal: { ok: false, problems: [cut] },
    });
  });

  it('a seal that was edited, or made with another key, is refused', async () => {
    t = await startTestApp(engine);
    const aud = await signedIn(t, 'auditor');
    const seal = (await aud.post('/api/v1/audit/seals')).body;
    const forged = await aud.post('/api/v1/audit/verify', { seal: { ...seal, heads: seal.heads.slice(1) } });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/签名不符/);
    expect((await aud.post('/api/v1/audit/verify', { seal: { ...seal, format: 'x' } })).status).toBe(400);
    expect((await aud.post('/api/v1/audit/verify', { seal: { ...seal, keyId: 'another-key' } })).status).toBe(400);
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

  it("seals each chain's head as a kernel job, goes on from there, and on a break alerts the security auditors once", async () => {
    t = await startTestApp(engine);
    await signedIn(t, DEMO_CLERK_USERNAME);
    const aud = await signedIn(t, 'auditor');
    expect((await aud.get('/api/v1/audit/checks/latest')).body).toEqual({ everyMinutes: 0, last: null });
    await runCheck();
    const first = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    expect(first).toMatchObject({ ok: true, fromId: 0, firstBroken: null, breaks: [] });
    expect(first.checked).toBeGreaterThan(3);
    const chains = (await verifyLog(t.database.db)).chains.length;
    expect(chains).toBeGreaterThan(1);
    expect(await t.database.db.select().from(auditSeal).where(eq(auditSeal.source, 'schedule'))).toHaveLength(chains);

    await signedIn(t, DEMO_CLERK_USERNAME);
    t.clock.advance(10 * 60_000);
    await runCheck();
    const second = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    // Only what was added since: the clerk's sign-in; only the clerk's chain is sealed again.
    expect(second).toMatchObject({ ok: true, fromId: first.headId, checked: 1 });
    expect(await t.database.db.select().from(auditSeal).where(eq(auditSeal.source, 'schedule'))).toHaveLength(chains + 1);

    // An event before the checkpoint of its chain disappears; the rows after it are left as they were.
    const [victim] = await t.database.db
      .select()
      .from(event)
      .where(eq(event.action, 'auth.signIn'))
      .orderBy(asc(event.id))
      .limit(1);
    const [sealed] = await t.database.db
      .select()
      .from(auditSeal)
      .where(eq(auditSeal.chain, victim!.chain))
      .orderBy(desc(auditSeal.count))
      .limit(1);
    await remove(t, eq(event.id, victim!.id));
    t.clock.advance(10 * 60_000);
    await runCheck();
    const third = (await aud.get('/api/v1/audit/checks/latest')).body.last;
    expect(third).toMatchObject({
      ok: false,
      firstBroken: { id: sealed!.headId, reason: 'count' },
      breaks: [{ chain: victim!.chain, id: sealed!.headId, seq: sealed!.count, reason: 'count' }],
    });

    const auditor = await personIdOf(t, 'auditor');
    const alarms = () =>
      t.database.db
        .select()
        .from(notification)
        .where(and(eq(notification.kind, 'security'), eq(notification.personId, auditor)));
    expect(await alarms()).toHaveLength(1);
    expect((await alarms())[0]!.message).toMatch(/留痕哈希链定时校验未通过/);
    expect(await t.database.db.select().from(event).where(eq(event.action, 'audit.chain.broken'))).toHaveLength(1);
    // The same break found again is not reported again.
    t.clock.advance(10 * 60_000);
    await runCheck();
    expect(await alarms()).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { asc, eq, sql } from 'drizzle-orm';
import { engines, type Engine } from '../../../../test/support/engines';
import { createEmptyServerDatabase } from '../../../../test/support/db';
import { openPostgres, wrapPglite, type Database } from '../db/client';
import { migrate, migrationsFolder } from '../db/migrate';
import { AUDIT_SEAL_FORMAT, type KeptSeal } from '../../../contract/audit';
import { GENESIS_HASH, canonicalJson, chainHash, keyedChainHash, type ChainedFields } from './canonical';
import { auditKey } from './key';
import { event } from './schema';
import { recordEvent, SYSTEM_CHAIN } from './service';
import { checkSeal, lastCheckpoints, verifyLog } from './seal';

/** The migrations as they were before per-office chains: up to 0022. */
function migrationsBefore0023(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zs-migrations-0022-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  rmSync(join(dir, '0023_audit_chain_per_office.sql'));
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 22);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

async function openAt0022(engine: Engine): Promise<Database> {
  const folder = migrationsBefore0023();
  try {
    if (engine === 'pglite') {
      const database = wrapPglite(await PGlite.create({ extensions: { pg_trgm } }));
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
      return database;
    }
    const database = await openPostgres(await createEmptyServerDatabase(), 2);
    await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder: folder });
    return database;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Writes the single chain as versions up to 0022 did: the first rows in plain SM3 (before the key), then
 * HMAC-SM3 over the row alone; ids with gaps, as rolled-back transactions leave them.
 */
async function writeSingleChain(database: Database): Promise<{ id: number; hash: string }[]> {
  const key = auditKey();
  const at = new Date('2026-11-02T01:00:00.000Z');
  let prev = GENESIS_HASH;
  const written: { id: number; hash: string }[] = [];
  for (const [i, id] of [1, 2, 3, 5, 8, 9, 12].entries()) {
    const keyed = i >= 3;
    const r: ChainedFields = {
      id,
      at: new Date(at.getTime() + i * 60_000),
      actorPersonId: null,
      actorPostId: null,
      onBehalfOfPersonId: null,
      ip: '10.0.0.1',
      requestId: `r${id}`,
      action: 'auth.signIn.failed',
      targetType: 'address',
      targetId: '10.0.0.1',
      unitId: null,
      summary: { username: `u${id}` },
    };
    const hash = keyed ? keyedChainHash(key.chain, prev, r) : chainHash(prev, r);
    await database.db
      .execute(sql`insert into event (id, at, actor_person_id, actor_post_id, on_behalf_of_person_id, ip, request_id, action,
      target_type, target_id, unit_id, summary, prev_hash, hash, keyed) values (${id}, ${r.at.toISOString()}, null, null, null, ${r.ip}, ${r.requestId},
      ${r.action}, ${r.targetType}, ${r.targetId}, null, ${JSON.stringify(r.summary)}::jsonb, ${prev}, ${hash}, ${keyed})`);
    written.push({ id, hash });
    prev = hash;
  }
  await database.db.execute(sql`select setval(pg_get_serial_sequence('event', 'id'), 12, true)`);
  return written;
}

/** A seal as versions up to 0022 made it: the one chain's head, its count, one MAC. */
function v1Seal(head: { id: number; hash: string }, count: number, sealedAt: string): KeptSeal {
  const k = auditKey();
  const mac = createHmac('sm3', k.seal)
    .update(canonicalJson([AUDIT_SEAL_FORMAT, 1, head.id, head.hash, count, sealedAt, k.id]))
    .digest('hex');
  return { format: AUDIT_SEAL_FORMAT, version: 1, headId: head.id, headHash: head.hash, count, sealedAt, keyId: k.id, mac };
}

describe.each(engines)('upgrading a log of one chain to per-office chains (%s)', (engine: Engine) => {
  let database: Database;
  afterEach(() => database.close());

  it('the old rows become the start of the system chain, verify, and go on; old seals still hold them', async () => {
    database = await openAt0022(engine);
    const old = await writeSingleChain(database);
    // The scheduled check's checkpoint and the file the auditor kept, both before the upgrade, at the 5th row.
    const kept = v1Seal(old[4]!, 5, '2026-11-02T02:00:00.000Z');
    if (kept.version !== 1) throw new Error('unreachable');
    await database.db.execute(sql`insert into audit_seal (sealed_at, head_id, head_hash, count, key_id, mac, source)
      values (${kept.sealedAt}, ${kept.headId}, ${kept.headHash}, ${kept.count}, ${kept.keyId}, ${kept.mac}, 'schedule')`);

    await migrate(database);

    const rows = await database.db.select().from(event).orderBy(asc(event.id));
    expect(rows.map((r) => [r.id, r.chain, r.chainSeq, r.keyed, r.placed])).toEqual(
      old.map((o, i) => [o.id, SYSTEM_CHAIN, i + 1, i >= 3, false]),
    );
    expect(await verifyLog(database.db)).toMatchObject({ ok: true, checked: 7, breaks: [] });
    expect(await lastCheckpoints(database.db)).toEqual(
      new Map([[SYSTEM_CHAIN, { chain: SYSTEM_CHAIN, id: 8, seq: 5, hash: old[4]!.hash }]]),
    );
    expect(await checkSeal(database.db, kept)).toMatchObject({ ok: true, heads: 1, problems: [] });

    // A new event of no office: the system chain continues from the old head.
    const now = new Date('2026-11-23T02:00:00Z');
    const id = await database.db.transaction((tx) =>
      recordEvent(tx, { personId: null, postId: null, requestId: 'after' }, now, {
        action: 'audit.chain.keyed',
        targetType: 'auditChain',
      }),
    );
    const [next] = await database.db.select().from(event).where(eq(event.id, id));
    expect(next).toMatchObject({ chain: SYSTEM_CHAIN, chainSeq: 8, prevHash: old[6]!.hash, keyed: true, placed: true });
    expect(await verifyLog(database.db)).toMatchObject({ ok: true, checked: 8 });

    // A row of the old part removed is found, there and against the old seal.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table event disable trigger event_no_update_delete`);
      await tx.execute(sql`delete from event where id = 2`);
      await tx.execute(sql`alter table event enable trigger event_no_update_delete`);
    });
    expect((await verifyLog(database.db)).breaks).toEqual([{ chain: SYSTEM_CHAIN, id: 3, seq: 3, reason: 'link' }]);
    expect(await checkSeal(database.db, kept)).toMatchObject({
      ok: false,
      problems: [{ chain: SYSTEM_CHAIN, id: 8, seq: 5, reason: 'count' }],
    });
  });
});

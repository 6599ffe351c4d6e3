import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { createEmptyServerDatabase } from '../../../../test/support/db';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { openPglite, openPostgres, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { rowsOf } from '../db/client';
import { verifyLog } from '../audit/seal';
import { event } from '../audit/schema';
import { HEADER_BYTES, Unsealer, parseHeader } from '../encryption/envelope';
import { dataKeyring } from '../encryption/keys';
import { testDataKeys } from '../../../../test/support/data-key';
import { backup, restore } from './backup';

const cli = { personId: null, postId: null, requestId: 'cli' };
const ctx = () => ({ keys: testDataKeys(), audit: cli, now: new Date('2026-11-23T02:00:00Z') });

/** The gzip'd JSON lines inside a sealed backup: what a backup file was before this version. */
async function plainOf(sealed: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of Readable.from([sealed]).pipe(new Unsealer(testDataKeys(), 'backup', { plain: 'refuse' })))
    parts.push(c as Buffer);
  return Buffer.concat(parts);
}

// The events of making and restoring a backup are the only rows in which source and restored copy differ.
const OWN_EVENTS = sql`action not in ('backup.create', 'backup.restore')`;

async function snapshot(d: Database): Promise<Record<string, string>> {
  const tables = rowsOf<{ t: string }>(
    await d.db.execute(
      sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    // Every column's value, row by row, in a stable order: equal text means equal data.
    const r = rowsOf<{ h: string | null }>(
      await d.db.execute(
        sql`select md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.identifier(t)} x ${t === 'event' ? sql`where ${OWN_EVENTS}` : sql``}`,
      ),
    );
    out[t] = r[0]?.h ?? 'empty';
  }
  return out;
}

describe.each(engines)('backup and restore (%s)', (engine) => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'zs-backup-'));
  const file = join(dir, 'zhongshu.backup');

  const openEmpty = async (): Promise<Database> => {
    const d = engine === 'pglite' ? await openPglite(undefined) : await openPostgres(await createEmptyServerDatabase());
    await migrate(d);
    return d;
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    const reg = await actorOf(t.database, DEMO_REGISTRAR_USERNAME);
    await makeItem(t, reg, {
      title: '关于转发《党政机关公文处理工作条例》的通知',
      classification: '内部',
      dueDate: '2026-12-31',
    });
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    await c.post('/api/v1/me/tokens', { name: '备份测试' });
  });
  afterAll(() => t.close());

  it('a restore into an empty database reproduces every row, and the audit chain verifies', async () => {
    const r = await backup(t.database, file, ctx());
    expect(r.rows).toBeGreaterThan(100);
    const target = await openEmpty();
    try {
      const restored = await restore(target, file, ctx());
      expect(restored.rows).toBe(r.rows);
      expect(await snapshot(target)).toEqual(await snapshot(t.database));
      expect(await verifyLog(target.db)).toMatchObject({ ok: true });
      // the event sequence continues after the restored rows: new events still chain
      const { recordEvent } = await import('../audit/service');
      await target.db.transaction((tx) =>
        recordEvent(tx, { personId: null, postId: null }, new Date(), { action: 'backup.restore', targetType: 'backup' }),
      );
      expect(await verifyLog(target.db)).toMatchObject({ ok: true });
      // search still works: the generated tsvector was rebuilt
      const hits = rowsOf(
        await target.db.execute(sql`select id from item where search_vector @@ plainto_tsquery('simple', '条例')`),
      );
      expect(hits).toHaveLength(1);
    } finally {
      await target.close();
    }
  });

  it('a restore into a database that already has data is refused and changes nothing', async () => {
    await backup(t.database, file, ctx());
    const before = await snapshot(t.database);
    await expect(restore(t.database, file, ctx())).rejects.toThrow(/空/);
    expect(await snapshot(t.database)).toEqual(before);
  });

  it('the backup file is sealed under the data key: no text of the database can be read from it', async () => {
    await backup(t.database, file, ctx());
    const bytes = readFileSync(file);
    expect(parseHeader(bytes.subarray(0, HEADER_BYTES))).toMatchObject({ purpose: 'backup', keyId: testDataKeys().current.id });
    expect(() => gunzipSync(bytes)).toThrow();
    for (const known of ['备份测试', '党政机关公文处理工作条例', DEMO_REGISTRAR_USERNAME])
      expect(bytes.includes(Buffer.from(known))).toBe(false);
    // …while the same backup before this version was a gzip anyone could read.
    expect(gunzipSync(await plainOf(bytes)).toString('utf8')).toContain('党政机关公文处理工作条例');
  });

  it('a backup file altered after it was written is refused whole, with a clear message', async () => {
    await backup(t.database, file, ctx());
    const sealed = readFileSync(file);
    const target = await openEmpty();
    try {
      for (const at of [HEADER_BYTES + 100, sealed.length - 40, 20]) {
        const bad = Buffer.from(sealed);
        bad[at] = bad[at]! ^ 0x01;
        writeFileSync(join(dir, 'altered.backup'), bad);
        await expect(restore(target, join(dir, 'altered.backup'), ctx())).rejects.toThrow(
          /备份文件未通过完整性校验.*未恢复任何数据/,
        );
      }
      writeFileSync(join(dir, 'cut.backup'), sealed.subarray(0, sealed.length - 1000));
      await expect(restore(target, join(dir, 'cut.backup'), ctx())).rejects.toThrow(/完整性校验/);
      const n = rowsOf<{ n: number }>(await target.db.execute(sql`select count(*)::int as n from unit`))[0]!.n;
      expect(Number(n)).toBe(0);
      expect(await target.db.select().from(event)).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('a backup sealed under a key that is not configured names the key it needs', async () => {
    await backup(t.database, file, ctx());
    const target = await openEmpty();
    try {
      const other = { ...ctx(), keys: dataKeyring(Buffer.from('x'.repeat(64))) };
      await expect(restore(target, file, other)).rejects.toThrow(new RegExp(`密钥 ${testDataKeys().current.id}.*旧密钥`));
      // After a rotation the old key, kept for reading, restores it.
      const rotated = {
        ...ctx(),
        keys: dataKeyring(Buffer.from('x'.repeat(64)), [Buffer.from('zhongshu-test-data-key-not-for-deployments')]),
      };
      expect((await restore(target, file, rotated)).keyId).toBe(testDataKeys().current.id);
    } finally {
      await target.close();
    }
  });

  it('a plain backup from before encryption is restored only when asked to, and still checked', async () => {
    await backup(t.database, file, ctx());
    const plain = join(dir, 'plain.backup');
    writeFileSync(plain, await plainOf(readFileSync(file)));
    const altered = join(dir, 'plain-altered.backup');
    writeFileSync(
      altered,
      gzipSync(gunzipSync(readFileSync(plain)).toString('utf8').replace('公文处理工作条例', '公文处理工作办法')),
    );
    const target = await openEmpty();
    try {
      await expect(restore(target, plain, ctx())).rejects.toThrow(/未加密、未签名的旧格式备份.*--allow-plain/);
      await expect(restore(target, altered, { ...ctx(), allowPlain: true })).rejects.toThrow(/校验/);
      const r = await restore(target, plain, { ...ctx(), allowPlain: true });
      expect(r.keyId).toBeNull();
      const [ev] = await target.db.select().from(event).where(eq(event.action, 'backup.restore'));
      expect(ev!.summary).toMatchObject({ keyId: null, rows: r.rows });
    } finally {
      await target.close();
    }
  });

  it('making a backup and restoring it each leave an event naming the same file', async () => {
    const made = await backup(t.database, file, ctx());
    const [created] = await t.database.db
      .select()
      .from(event)
      .where(eq(event.action, 'backup.create'))
      .orderBy(sql`id desc`)
      .limit(1);
    expect(created).toMatchObject({ actorPersonId: null, targetType: 'backup' });
    expect(created!.summary).toMatchObject({
      file,
      keyId: made.keyId,
      fileSm3: made.fileSm3,
      rows: made.rows,
      tables: made.tables,
    });
    const target = await openEmpty();
    try {
      await restore(target, file, ctx());
      const restored = await target.db.select().from(event).where(eq(event.action, 'backup.restore'));
      expect(restored).toHaveLength(1);
      expect(restored[0]!.summary).toMatchObject({
        file,
        keyId: made.keyId,
        fileSm3: made.fileSm3,
        rows: made.rows,
        backupEngine: engine === 'pglite' ? 'pglite' : 'postgres',
      });
      expect(await verifyLog(target.db)).toMatchObject({ ok: true });
    } finally {
      await target.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { actorOf, makeItem, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { createEmptyServerDatabase } from '../../../../test/support/db';
import { DEMO_CLERK_USERNAME, DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { openPglite, openPostgres, type Database } from '../db/client';
import { migrate } from '../db/migrate';
import { rowsOf, verifyChain } from '../audit/service';
import { backup, restore } from './backup';

async function snapshot(d: Database): Promise<Record<string, string>> {
  const tables = rowsOf<{ t: string }>(
    await d.db.execute(sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`),
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    // Every column's value, row by row, in a stable order: equal text means equal data.
    const r = rowsOf<{ h: string | null }>(
      await d.db.execute(sql`select md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.identifier(t)} x`),
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
    await makeItem(t, reg, { title: '关于转发《党政机关公文处理工作条例》的通知', classification: '内部', dueDate: '2026-12-31' });
    const c = await signedIn(t, DEMO_CLERK_USERNAME);
    await c.post('/api/v1/me/tokens', { name: '备份测试' });
  });
  afterAll(() => t.close());

  it('a restore into an empty database reproduces every row, and the audit chain verifies', async () => {
    const r = await backup(t.database, file);
    expect(r.rows).toBeGreaterThan(100);
    const target = await openEmpty();
    try {
      const restored = await restore(target, file);
      expect(restored.rows).toBe(r.rows);
      expect(await snapshot(target)).toEqual(await snapshot(t.database));
      expect(await verifyChain(target.db)).toMatchObject({ ok: true });
      // the event sequence continues after the restored rows: new events still chain
      const { recordEvent } = await import('../audit/service');
      await target.db.transaction((tx) => recordEvent(tx, { personId: null, postId: null }, new Date(), { action: 'after.restore', targetType: 'test' }));
      expect(await verifyChain(target.db)).toMatchObject({ ok: true });
      // search still works: the generated tsvector was rebuilt
      const hits = rowsOf(await target.db.execute(sql`select id from item where search_vector @@ plainto_tsquery('simple', '条例')`));
      expect(hits).toHaveLength(1);
    } finally {
      await target.close();
    }
  });

  it('a restore into a database that already has data is refused and changes nothing', async () => {
    await backup(t.database, file);
    const before = await snapshot(t.database);
    await expect(restore(t.database, file)).rejects.toThrow(/空/);
    expect(await snapshot(t.database)).toEqual(before);
  });

  it('a backup file altered after it was written is refused whole', async () => {
    await backup(t.database, file);
    const text = gunzipSync(readFileSync(file)).toString('utf8').replace('备份测试', '篡改测试');
    const bad = join(dir, 'altered.backup');
    writeFileSync(bad, gzipSync(text));
    const target = await openEmpty();
    try {
      await expect(restore(target, bad)).rejects.toThrow(/校验/);
      const n = rowsOf<{ n: number }>(await target.db.execute(sql`select count(*)::int as n from unit`))[0]!.n;
      expect(Number(n)).toBe(0);
    } finally {
      await target.close();
    }
  });
});

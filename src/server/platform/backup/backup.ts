import { DERIVED_TABLES } from '../modules/schema';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client';
import { recordEvent, type AuditContext } from '../audit/service';
import { rowsOf } from '../db/client';
import { HEADER_BYTES, SealError, Sealer, Unsealer, isSealed, parseHeader } from '../encryption/envelope';
import type { DataKeyring } from '../encryption/keys';
import { Tally } from '../files/store';

const FORMAT = 'zhongshu-backup/1';
const BATCH = 1000;

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  identity: string[];
}

/** Application tables in an order where every table comes after the tables it references. */
async function tables(db: Queryable): Promise<TableInfo[]> {
  const names = rowsOf<{ name: string }>(
    await db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  )
    .map((r) => r.name)
    // Derived tables are not backed up: the database rebuilds them as the restore inserts their sources.
    .filter((n) => !DERIVED_TABLES.includes(n));
  const deps = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = 'public'`),
  );
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.filter((x) => x.child.replace(/"/g, '') === t)) visit(d.parent.replace(/"/g, ''), path);
    ordered.push(t);
  };
  for (const n of names) visit(n, new Set());
  const out: TableInfo[] = [];
  for (const name of ordered) {
    const cols = rowsOf<{ c: string; identity: string }>(
      await db.execute(sql`select column_name as c, is_identity as identity from information_schema.columns
        where table_schema = 'public' and table_name = ${name} and is_generated = 'NEVER' order by ordinal_position`),
    );
    const pk = rowsOf<{ c: string }>(
      await db.execute(sql`select a.attname as c from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${`public."${name}"`}::regclass and i.indisprimary`),
    ).map((r) => r.c);
    out.push({
      name,
      columns: cols.map((c) => c.c),
      primaryKey: pk,
      identity: cols.filter((c) => c.identity === 'YES').map((c) => c.c),
    });
  }
  return out;
}

const ident = (s: string) => sql.identifier(s);
const list = (cols: string[]) => sql.join(cols.map(ident), sql`, `);

async function migrationState(db: Queryable): Promise<{ count: number; last: string | null }> {
  const r = rowsOf<{ n: number; last: string | null }>(
    await db.execute(
      sql`select count(*)::int as n, max(hash) filter (where id = (select max(id) from drizzle.__drizzle_migrations)) as last from drizzle.__drizzle_migrations`,
    ),
  )[0];
  return { count: Number(r?.n ?? 0), last: r?.last ?? null };
}

/** Who runs a backup or restore, with which keys, when: what both need to seal or open the file and record it. */
export interface BackupContext {
  keys: DataKeyring;
  audit: AuditContext;
  now: Date;
}

export interface BackupResult {
  tables: number;
  rows: number;
  /** The data key the file is sealed under (null: an old plain backup, restored on request). */
  keyId: string | null;
  /** SM3 of the file as written: the event of its making and of its restoring name the same file. */
  fileSm3: string;
}

/**
 * Writes every row of every table, from one consistent snapshot, as gzip'd JSON lines sealed with SM4 and
 * HMAC-SM3 under the current data key (encryption/envelope.ts), and records the backup in the audit log.
 */
export async function backup(database: Database, file: string, ctx: BackupContext): Promise<BackupResult> {
  const gzip = createGzip();
  const written = new Tally('sm3');
  const done = pipelineAsync(gzip, new Sealer(ctx.keys.current, 'backup'), written, createWriteStream(file, { mode: 0o600 }));
  // Failures are awaited below; until then a rejection must not count as unhandled.
  done.catch(() => {});
  const digest = createHash('sm3');
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let rows = 0;
  // Nothing half-written stays open on a failure: the file is closed, incomplete, and restore refuses it.
  const abandon = (e: unknown): never => {
    gzip.destroy();
    throw e;
  };
  const result = await database.db
    .transaction(
      async (tx) => {
        const infos = await tables(tx);
        await write(
          JSON.stringify({
            format: FORMAT,
            createdAt: new Date().toISOString(),
            engine: database.engine,
            migrations: await migrationState(tx),
            tables: infos.map((t) => t.name),
          }),
        );
        for (const t of infos) {
          const order = t.primaryKey.length ? list(t.primaryKey) : sql`ctid`;
          for (let offset = 0; ; offset += BATCH) {
            const batch = rowsOf<{ j: string }>(
              await tx.execute(
                sql`select row_to_json(x)::text as j from (select ${list(t.columns)} from ${ident(t.name)} order by ${order} limit ${BATCH} offset ${offset}) x`,
              ),
            );
            for (const b of batch) {
              const line = `{"t":${JSON.stringify(t.name)},"r":${b.j}}`;
              digest.update(line);
              await write(line);
            }
            rows += batch.length;
            if (batch.length < BATCH) break;
          }
        }
        return { tables: infos.length, rows };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    .catch(abandon);
  await write(JSON.stringify({ end: true, rows, sm3: digest.digest('hex') }));
  gzip.end();
  await done;
  const out: BackupResult = { ...result, keyId: ctx.keys.current.id, fileSm3: written.digest()! };
  const summary = { file: resolve(file), engine: database.engine, ...out };
  await database.db.transaction((tx) =>
    recordEvent(tx, ctx.audit, ctx.now, { action: 'backup.create', targetType: 'backup', summary }),
  );
  return out;
}

const GZIP = Buffer.from([0x1f, 0x8b]);

const tampered = (e: SealError) => new Error(`备份文件未通过完整性校验（${e.message}）：已被改动、截断或损坏，未恢复任何数据`);

/** What the file is, judged by its first bytes before anything is read into the database. */
async function kindOf(file: string, keys: DataKeyring, allowPlain: boolean): Promise<{ keyId: string | null }> {
  const fh = await open(file, 'r');
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (isSealed(head)) {
    let header: ReturnType<typeof parseHeader>;
    try {
      header = parseHeader(head);
    } catch (e) {
      throw e instanceof SealError ? tampered(e) : e;
    }
    if (!header || header.purpose !== 'backup') throw new Error('不是中枢备份文件（加密头不完整或用途不符），未恢复任何数据');
    if (!keys.find(header.keyId)) {
      throw new Error(
        `备份由数据密钥 ${header.keyId} 加密，当前配置中没有该密钥：请把它作为旧密钥配置（ZHONGSHU_DATA_OLD_KEYS 或密钥文件）后再恢复`,
      );
    }
    return { keyId: header.keyId };
  }
  if (!GZIP.equals(head.subarray(0, 2))) throw new Error('不是中枢备份文件，未恢复任何数据');
  if (!allowPlain) {
    throw new Error('这是未加密、未签名的旧格式备份，无法确认它未被改动；确认其来源可信后，以 restore 文件 --allow-plain 恢复');
  }
  return { keyId: null };
}

/**
 * Restores a backup into a database that has the same migrations applied and no rows. All or nothing: each
 * chunk's HMAC-SM3 and the file's checksum are checked before the transaction commits, which records the
 * restore in the audit log. A plain backup from before encryption is refused unless `allowPlain`.
 */
export async function restore(
  database: Database,
  file: string,
  ctx: BackupContext & { allowPlain?: boolean },
): Promise<BackupResult> {
  const { keyId } = await kindOf(file, ctx.keys, ctx.allowPlain ?? false);
  return database.db.transaction(async (tx) => {
    const infos = await tables(tx);
    const byName = new Map(infos.map((t) => [t.name, t]));
    for (const t of infos) {
      const n = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${ident(t.name)}`))[0]?.n ?? 0;
      if (Number(n) > 0) throw new Error(`目标数据库不是空库：表 ${t.name} 已有 ${n} 行。恢复只能在新建的空数据库上进行。`);
    }
    // Opened only after the checks, and always closed, so a refused restore leaves no stream reading.
    const read = new Tally('sm3');
    const opener = keyId ? new Unsealer(ctx.keys, 'backup', { plain: 'refuse', fail: tampered }) : new PassThrough();
    const gunzip = createGunzip();
    const streams: Readable[] = [createReadStream(file), read, opener, gunzip];
    // pipeline, not pipe: a failed chunk check destroys the gunzip stream with its error, which ends the read.
    pipeline(streams, () => {});
    const lines = createInterface({ input: gunzip, crlfDelay: Infinity });
    try {
      const { header, ...counts } = await readInto(tx, lines, byName, infos);
      const out: BackupResult = { ...counts, keyId, fileSm3: read.digest()! };
      await recordEvent(tx, ctx.audit, ctx.now, {
        action: 'backup.restore',
        targetType: 'backup',
        summary: {
          file: resolve(file),
          engine: database.engine,
          backupCreatedAt: header.createdAt ?? null,
          backupEngine: header.engine ?? null,
          ...out,
        },
      });
      return out;
    } finally {
      lines.close();
      for (const s of streams) s.destroy();
    }
  });
}

async function readInto(
  tx: Parameters<Parameters<Database['db']['transaction']>[0]>[0],
  lines: ReturnType<typeof createInterface>,
  byName: Map<string, TableInfo>,
  infos: TableInfo[],
): Promise<{ tables: number; rows: number; header: BackupHeader }> {
  {
    const digest = createHash('sm3');
    let header: BackupHeader | null = null;
    let pending: { table: string; rows: string[] } | null = null;
    let rows = 0;
    let trailer: { rows: number; sm3: string } | null = null;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const t = byName.get(pending.table)!;
      const cols = list(t.columns);
      const json = `[${pending.rows.join(',')}]`;
      await tx.execute(
        sql`insert into ${ident(t.name)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(t.name)}, ${json}::json)`,
      );
      rows += pending.rows.length;
      pending.rows = [];
    };
    for await (const line of lines) {
      if (!line) continue;
      if (!header) {
        header = JSON.parse(line) as BackupHeader;
        if (header?.format !== FORMAT) throw new Error('不是中枢备份文件，或备份格式版本不受支持');
        const here = await migrationState(tx);
        if (here.count !== header.migrations?.count || here.last !== header.migrations?.last) {
          throw new Error(`数据库结构版本不一致：备份为第 ${header.migrations?.count} 版迁移，目标库为第 ${here.count} 版`);
        }
        continue;
      }
      if (line.startsWith('{"t":')) {
        digest.update(line);
        const table = JSON.parse(line.slice(5, line.indexOf(',"r":'))) as string;
        if (!byName.has(table)) throw new Error(`备份中的表 ${table} 在目标库中不存在`);
        if (pending && pending.table !== table) await flush();
        if (!pending || pending.table !== table) pending = { table, rows: [] };
        pending.rows.push(line.slice(line.indexOf(',"r":') + 5, -1));
        if (pending.rows.length >= BATCH) await flush();
        continue;
      }
      trailer = JSON.parse(line) as { rows: number; sm3: string };
    }
    await flush();
    if (!header || !trailer || trailer.sm3 !== digest.digest('hex') || trailer.rows !== rows) {
      throw new Error('备份文件不完整或已被改动（校验值不符），未恢复任何数据');
    }
    for (const t of infos) {
      for (const c of t.identity) {
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${t.name}, ${c}), coalesce((select max(${ident(c)}) from ${ident(t.name)}), 0) + 1, false)`,
        );
      }
    }
    return { tables: infos.length, rows, header };
  }
}

interface BackupHeader {
  format?: string;
  createdAt?: string;
  engine?: string;
  migrations?: { count: number; last: string | null };
}

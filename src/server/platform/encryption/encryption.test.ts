import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../config';
import { HEADER_BYTES, SealError, Sealer, Unsealer, parseHeader, sealedSize, type Purpose, type UnsealOptions } from './envelope';
import { addDataKey, dataKeyring, deriveDataKey, loadDataKeys, type DataKeyring } from './keys';

const SECRET_A = Buffer.from('a'.repeat(64));
const SECRET_B = Buffer.from('b'.repeat(64));
const ringA = dataKeyring(SECRET_A);
// Small chunks so that a short text spans several records.
const CHUNK = 16;
const TEXT = Buffer.from('江州市人民政府办公室关于做好2026年冬季森林防火工作的紧急通知：各县（市、区）人民政府……');

async function collect(stream: Readable): Promise<{ out: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const c of stream) parts.push(c as Buffer);
    return { out: Buffer.concat(parts), error: null };
  } catch (error) {
    return { out: Buffer.concat(parts), error };
  }
}

const seal = async (plain: Buffer, keys: DataKeyring = ringA, purpose: Purpose = 'file', chunk = CHUNK) =>
  (await collect(Readable.from([plain]).pipe(new Sealer(keys.current, purpose, chunk)))).out;

/** Fed in pieces of 7 bytes, so records are put together across reads. */
const unseal = (
  sealed: Buffer,
  keys: DataKeyring = ringA,
  purpose: Purpose = 'file',
  opts: UnsealOptions = { plain: 'refuse' },
) => {
  const pieces = [];
  for (let i = 0; i < sealed.length; i += 7) pieces.push(sealed.subarray(i, i + 7));
  return collect(Readable.from(pieces).pipe(new Unsealer(keys, purpose, opts)));
};

const reasonOf = (e: unknown) => (e instanceof SealError ? e.reason : e);

describe('the sealed format (SM4-CTR with HMAC-SM3 per chunk)', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, TEXT.length])(
    '%i bytes come back whole, the sealed size known beforehand',
    async (n) => {
      const plain = Buffer.concat([TEXT, TEXT]).subarray(0, n);
      const sealed = await seal(plain);
      expect(sealed.length).toBe(sealedSize(n, CHUNK));
      const { out, error } = await unseal(sealed);
      expect(error).toBeNull();
      expect(out.equals(plain)).toBe(true);
    },
  );

  it('the sealed bytes hold neither the text nor any run of it, and say which key sealed them', async () => {
    const sealed = await seal(TEXT);
    expect(sealed.includes(TEXT.subarray(0, 12))).toBe(false);
    expect(sealed.includes(Buffer.from('森林防火'))).toBe(false);
    expect(parseHeader(sealed.subarray(0, HEADER_BYTES))).toMatchObject({
      purpose: 'file',
      keyId: ringA.current.id,
      chunkBytes: CHUNK,
    });
    // A fresh IV each time: the same text never seals to the same bytes.
    expect((await seal(TEXT)).equals(sealed)).toBe(false);
  });

  it('a changed byte anywhere is refused, and nothing of the changed chunk is released', async () => {
    const sealed = await seal(TEXT);
    const record = CHUNK + 32;
    for (const at of [HEADER_BYTES + 3, HEADER_BYTES + record + 5, HEADER_BYTES + record - 1, 20, 33, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] = bad[at]! ^ 0x01;
      const { out, error } = await unseal(bad);
      expect(reasonOf(error), `byte ${at}`).toBe('tampered');
      const firstBad = at < HEADER_BYTES ? 0 : Math.floor((at - HEADER_BYTES) / record);
      expect(out.length, `byte ${at}`).toBeLessThanOrEqual(firstBad * CHUNK);
      expect(TEXT.subarray(0, out.length).equals(out)).toBe(true);
    }
  });

  it('records dropped, cut off at a boundary, reordered or appended are refused', async () => {
    const sealed = await seal(TEXT);
    const record = CHUNK + 32;
    const head = sealed.subarray(0, HEADER_BYTES);
    const records = [];
    for (let i = HEADER_BYTES; i < sealed.length; i += record) records.push(sealed.subarray(i, i + record));
    expect(reasonOf((await unseal(Buffer.concat([head, ...records.slice(0, 3)]))).error)).toBe('truncated');
    expect(reasonOf((await unseal(Buffer.concat([head, records[1]!, records[0]!, ...records.slice(2)]))).error)).toBe('tampered');
    expect(reasonOf((await unseal(Buffer.concat([head, ...records.slice(1)]))).error)).toBe('tampered');
    expect(reasonOf((await unseal(Buffer.concat([sealed, Buffer.from('附加')]))).error)).toBe('tampered');
    expect(reasonOf((await unseal(head)).error)).toBe('truncated');
    expect(reasonOf((await unseal(head.subarray(0, 20))).error)).toBe('truncated');
    // A record from another object sealed under the same key does not fit.
    const other = await seal(TEXT);
    expect(reasonOf((await unseal(Buffer.concat([head, other.subarray(HEADER_BYTES)]))).error)).toBe('tampered');
  });

  it('a key not in the keyring is named; an old key still opens what it sealed', async () => {
    const sealedA = await seal(TEXT);
    const ringB = dataKeyring(SECRET_B);
    const failure = (await unseal(sealedA, ringB)).error as SealError;
    expect(failure.reason).toBe('unknown-key');
    expect(failure.keyId).toBe(ringA.current.id);
    expect(failure.message).toContain(ringA.current.id);
    const rotated = dataKeyring(SECRET_B, [SECRET_A]);
    expect(rotated.current.id).toBe(ringB.current.id);
    expect(rotated.ids()).toEqual([ringB.current.id, ringA.current.id]);
    expect((await unseal(sealedA, rotated)).out.equals(TEXT)).toBe(true);
  });

  it('a file does not open as a backup, and plain content passes only when allowed', async () => {
    expect(reasonOf((await unseal(await seal(TEXT), ringA, 'backup')).error)).toBe('wrong-purpose');
    expect(reasonOf((await unseal(TEXT)).error)).toBe('plain');
    const passed = Readable.from([TEXT]).pipe(new Unsealer(ringA, 'file', { plain: 'pass' }));
    expect((await collect(passed)).out.equals(TEXT)).toBe(true);
    expect(passed.keyId).toBeNull();
    const short = Readable.from([Buffer.from('短')]).pipe(new Unsealer(ringA, 'file', { plain: 'pass' }));
    expect((await collect(short)).out.toString()).toBe('短');
  });

  it('streams: what has been sealed or checked flows on before the object ends, at most a chunk held back', async () => {
    const MiB = 1024 * 1024;
    const sealer = new Sealer(ringA.current, 'file');
    const unsealer = new Unsealer(ringA, 'file', { plain: 'refuse' });
    sealer.pipe(unsealer);
    let out = 0;
    unsealer.on('data', (c: Buffer) => (out += c.length));
    for (let i = 0; i < 8; i++) sealer.write(Buffer.alloc(MiB, 0x41));
    await new Promise((resolve) => setImmediate(resolve));
    while (out < 8 * MiB - 2 * 64 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
    // The input has not ended, and all but its last chunk or two is through.
    expect(out).toBeLessThan(8 * MiB);
    sealer.end();
    await new Promise((resolve) => unsealer.on('end', resolve));
    expect(out).toBe(8 * MiB);
  });
});

describe('data keys', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'zs-data-key-'));

  it('the embedded start makes <data dir>/data.key once, readable by the server account only', () => {
    const d = dir();
    const config = loadConfig({ ZHONGSHU_DATA_DIR: d });
    const first = loadDataKeys(config);
    expect(first.source).toEqual({ kind: 'file', path: join(d, 'data.key'), generated: true });
    expect(statSync(join(d, 'data.key')).mode & 0o777).toBe(0o600);
    expect(loadDataKeys(config).keys.current.id).toBe(first.keys.current.id);
    // The id names the key without giving it away.
    const secret = readFileSync(join(d, 'data.key'), 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toContain(first.keys.current.id);
  });

  it('a PostgreSQL deployment outside the demo must configure a key', () => {
    const config = loadConfig({
      ZHONGSHU_DATA_DIR: dir(),
      DATABASE_URL: 'postgres://zs@db.example/zhongshu',
      ZHONGSHU_DEMO: '0',
    });
    expect(() => loadDataKeys(config)).toThrow(/ZHONGSHU_DATA_KEY/);
    expect(loadDataKeys({ ...config, dataKey: { ...config.dataKey, key: 'k'.repeat(40) } }).source.kind).toBe('env');
  });

  it('a key from the environment with old keys; short keys are refused without being echoed', () => {
    const old = `${'a'.repeat(64)}, ${'c'.repeat(40)}`;
    const config = loadConfig({ ZHONGSHU_DATA_DIR: dir(), ZHONGSHU_DATA_KEY: 'b'.repeat(64), ZHONGSHU_DATA_OLD_KEYS: old });
    const { keys } = loadDataKeys(config);
    expect(keys.ids()).toEqual([
      deriveDataKey(SECRET_B).id,
      deriveDataKey(SECRET_A).id,
      deriveDataKey(Buffer.from('c'.repeat(40))).id,
    ]);
    expect(() => loadConfig({ ZHONGSHU_DATA_KEY: 'short' })).toThrow(/至少 32 个字符/);
    const file = join(dir(), 'keys');
    writeFileSync(file, `# 江州市委办公室 数据密钥\n${'b'.repeat(64)}\n\ntooshort-secret\n`);
    const err = (() => {
      try {
        loadDataKeys(loadConfig({ ZHONGSHU_DATA_KEY_FILE: file }));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/第 4 行少于 32 个字符/);
    expect(err?.message).not.toContain('tooshort');
  });

  it('data-key add puts a new current key first and keeps the earlier one for reading', () => {
    const d = dir();
    const config = loadConfig({ ZHONGSHU_DATA_DIR: d });
    const before = loadDataKeys(config).keys.current.id;
    const added = addDataKey(config);
    expect(added.previous).toBe(before);
    const after = loadDataKeys(config).keys;
    expect(after.ids()).toEqual([added.id, before]);
    expect(statSync(join(d, 'data.key')).mode & 0o777).toBe(0o600);
    expect(() => addDataKey(loadConfig({ ZHONGSHU_DATA_DIR: d, ZHONGSHU_DATA_KEY: 'k'.repeat(40) }))).toThrow(
      /ZHONGSHU_DATA_OLD_KEYS/,
    );
  });
});

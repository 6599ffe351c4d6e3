import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { AUDIT_KEY_FILE_NAME, deriveAuditKey, loadAuditSecret } from './key';

describe('the audit key', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'zs-audit-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('the embedded start makes one in the data directory, readable by its owner only, and keeps it', () => {
    const dataDir = join(dir(), 'data');
    const config = loadConfig({ ZHONGSHU_DATA_DIR: dataDir });
    const first = loadAuditSecret(config);
    const file = join(dataDir, AUDIT_KEY_FILE_NAME);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadAuditSecret(config).equals(first)).toBe(true);
  });

  it('a configured key or key file is used as given, and nothing is written', () => {
    const d = dir();
    const fromEnv = loadAuditSecret(loadConfig({ ZHONGSHU_DATA_DIR: d, ZHONGSHU_AUDIT_KEY: 'k'.repeat(40) }));
    expect(fromEnv.toString()).toBe('k'.repeat(40));
    const file = join(d, 'secret');
    writeFileSync(file, `${'f'.repeat(64)}\n`);
    expect(loadAuditSecret(loadConfig({ ZHONGSHU_DATA_DIR: d, ZHONGSHU_AUDIT_KEY_FILE: file })).toString()).toBe('f'.repeat(64));
    expect(() => readFileSync(join(d, AUDIT_KEY_FILE_NAME))).toThrow();
  });

  it('a PostgreSQL deployment outside the demo does not start without a configured key', () => {
    const config = loadConfig({
      ZHONGSHU_DATA_DIR: dir(),
      DATABASE_URL: 'postgres://zs@db.example/zhongshu',
      ZHONGSHU_DEMO: '0',
    });
    expect(() => loadAuditSecret(config)).toThrow(/ZHONGSHU_AUDIT_KEY/);
  });

  it('a key shorter than 32 characters is refused', () => {
    expect(() => loadConfig({ ZHONGSHU_AUDIT_KEY: 'short' })).toThrow(/32/);
  });

  it('different secrets give different keys, and the key id reveals nothing usable', () => {
    const a = deriveAuditKey(Buffer.from('a'.repeat(32)));
    const b = deriveAuditKey(Buffer.from('b'.repeat(32)));
    expect(a.chain.equals(b.chain)).toBe(false);
    expect(a.chain.equals(a.seal)).toBe(false);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
  });
});

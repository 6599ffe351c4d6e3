import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config';

/**
 * A data key: what stored files and backups are encrypted (SM4) and authenticated (HMAC-SM3) under. Both
 * keys are derived from one secret the deployment keeps outside the database, and the id names the secret
 * without revealing it: every stored object and backup carries the id of the key it was sealed with.
 */
export interface DataKey {
  /** 16 hex digits. */
  id: string;
  /** SM4 key, 16 bytes. */
  cipher: Buffer;
  /** HMAC-SM3 key, 32 bytes. */
  mac: Buffer;
}

/** The current key seals; the current and the old keys open. */
export interface DataKeyring {
  current: DataKey;
  find(id: string): DataKey | undefined;
  /** Current first. */
  ids(): string[];
}

const derive = (secret: Buffer, purpose: string) => createHmac('sm3', secret).update(`zhongshu data ${purpose} v1`).digest();

export function deriveDataKey(secret: Buffer): DataKey {
  const id = derive(secret, 'id').subarray(0, 8).toString('hex');
  return { id, cipher: derive(secret, 'sm4').subarray(0, 16), mac: derive(secret, 'mac') };
}

export function dataKeyring(current: Buffer, old: Buffer[] = []): DataKeyring {
  const cur = deriveDataKey(current);
  const byId = new Map<string, DataKey>([[cur.id, cur]]);
  for (const s of old) {
    const k = deriveDataKey(s);
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  return { current: cur, find: (id) => byId.get(id), ids: () => [...byId.keys()] };
}

const DATA_KEY_FILE_NAME = 'data.key';
const MIN_SECRET = 32;

/** Where the keyring came from: keys in the environment cannot be rotated by the CLI, a key file can. */
export type DataKeySource = { kind: 'env' } | { kind: 'file'; path: string; generated: boolean };

/**
 * A key file: one secret a line, the current key first, then the old keys still read; blank lines and
 * lines starting with # are skipped. Never echoes a secret in an error.
 */
function readKeyFile(file: string): Buffer[] {
  const secrets: Buffer[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      if (line.length < MIN_SECRET) throw new Error(`数据密钥文件 ${file} 第 ${i + 1} 行少于 ${MIN_SECRET} 个字符`);
      secrets.push(Buffer.from(line, 'utf8'));
    });
  if (secrets.length === 0) throw new Error(`数据密钥文件 ${file} 中没有密钥`);
  return secrets;
}

const newSecret = () => `${randomBytes(32).toString('hex')}\n`;

type KeyConfig = Pick<Config, 'dataKey' | 'dataDir' | 'databaseUrl' | 'demo'>;

/** The key file in use, or null when the keys come from the environment. */
function keyFileOf(config: KeyConfig): { path: string; generated: boolean } | null {
  if (config.dataKey.key) return null;
  if (config.dataKey.keyFile) return { path: config.dataKey.keyFile, generated: false };
  if (config.databaseUrl && !config.demo) {
    throw new Error(
      '使用 PostgreSQL（非演示）时须配置数据加密密钥：ZHONGSHU_DATA_KEY 或 ZHONGSHU_DATA_KEY_FILE（各实例相同，保存在数据库和文件存储之外）',
    );
  }
  return { path: join(config.dataDir, DATA_KEY_FILE_NAME), generated: true };
}

/**
 * The configured keyring: ZHONGSHU_DATA_KEY (with ZHONGSHU_DATA_OLD_KEYS), else the key file
 * ZHONGSHU_DATA_KEY_FILE, else — for the embedded database or the demo — `<data dir>/data.key`, made on
 * first start (mode 0600). A PostgreSQL deployment outside the demo must configure one: its instances share
 * the file store and must share the key. Secrets are never logged and never written to the database.
 */
export function loadDataKeys(config: KeyConfig): { keys: DataKeyring; source: DataKeySource } {
  if (config.dataKey.key && config.dataKey.keyFile) throw new Error('ZHONGSHU_DATA_KEY 与 ZHONGSHU_DATA_KEY_FILE 只能设置其一');
  const old = config.dataKey.oldKeys.map((s) => Buffer.from(s, 'utf8'));
  const file = keyFileOf(config);
  if (!file) return { keys: dataKeyring(Buffer.from(config.dataKey.key!, 'utf8'), old), source: { kind: 'env' } };
  if (file.generated) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting at once must not each write their own key.
      writeFileSync(file.path, newSecret(), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const [current, ...rest] = readKeyFile(file.path);
  return { keys: dataKeyring(current!, [...rest, ...old]), source: { kind: 'file', ...file } };
}

/**
 * 密钥轮换, first step: a new random key becomes the first line of the key file, the keys before it stay
 * below it for reading. The file is replaced whole (written beside it, then renamed), mode 0600.
 */
export function addDataKey(config: KeyConfig): { path: string; id: string; previous: string } {
  const { keys, source } = loadDataKeys(config);
  if (source.kind !== 'file') {
    throw new Error(
      '数据密钥来自环境变量 ZHONGSHU_DATA_KEY：请自行生成新密钥（如 openssl rand -hex 32），设为 ZHONGSHU_DATA_KEY，并把旧密钥加入 ZHONGSHU_DATA_OLD_KEYS',
    );
  }
  const secret = newSecret();
  const tmp = `${source.path}.${process.pid}.tmp`;
  writeFileSync(tmp, secret + readFileSync(source.path, 'utf8'), { mode: 0o600, flag: 'wx' });
  renameSync(tmp, source.path);
  return { path: source.path, id: deriveDataKey(Buffer.from(secret.trim(), 'utf8')).id, previous: keys.current.id };
}

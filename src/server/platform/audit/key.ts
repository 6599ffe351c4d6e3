import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config';

/**
 * The secret that keys the audit chain. It lives outside the database (an environment variable, a file the
 * deployment provides, or for the embedded start a file in the data directory), so that someone who can
 * write the database — the application's own role included — cannot re-chain the log after editing it.
 * Three keys are derived from it, one per use, so that a MAC made for one purpose never passes for another.
 */
export interface AuditKey {
  /** HMAC-SM3 key of the event chain. */
  chain: Buffer;
  /** HMAC-SM3 key of seals (chain heads exported to the auditor and the scheduled check's checkpoints). */
  seal: Buffer;
  /** Names the key without revealing it, so that a seal says which key it needs. */
  id: string;
}

const derive = (secret: Buffer, purpose: string) => createHmac('sm3', secret).update(`zhongshu audit ${purpose} v1`).digest();

export function deriveAuditKey(secret: Buffer): AuditKey {
  return { chain: derive(secret, 'chain'), seal: derive(secret, 'seal'), id: derive(secret, 'id').toString('hex').slice(0, 16) };
}

// The key of this process, set once at start (serve, the CLI, the test setup): every command's event goes
// through recordEvent, which has no other way to reach it.
let current: AuditKey | null = null;

export function useAuditKey(key: AuditKey): void {
  current = key;
}

export function auditKey(): AuditKey {
  if (!current)
    throw new Error('留痕密钥未载入（启动时须先载入 ZHONGSHU_AUDIT_KEY / ZHONGSHU_AUDIT_KEY_FILE 或数据目录中的密钥）');
  return current;
}

export const AUDIT_KEY_FILE_NAME = 'audit.key';
const MIN_SECRET = 32;

function readSecret(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < MIN_SECRET) throw new Error(`留痕密钥文件 ${file} 的内容少于 ${MIN_SECRET} 个字符`);
  return Buffer.from(text, 'utf8');
}

/**
 * The configured secret: ZHONGSHU_AUDIT_KEY, else the file ZHONGSHU_AUDIT_KEY_FILE, else — for the embedded
 * database or the demo — `<data dir>/audit.key`, made on first start (mode 0600). A PostgreSQL deployment
 * outside the demo must configure one: several instances share the database and must share the key.
 * The secret is never logged and never written to the database.
 */
export function loadAuditSecret(config: Pick<Config, 'audit' | 'dataDir' | 'databaseUrl' | 'demo'>): Buffer {
  if (config.audit.key) return Buffer.from(config.audit.key, 'utf8');
  if (config.audit.keyFile) return readSecret(config.audit.keyFile);
  if (config.databaseUrl && !config.demo) {
    throw new Error(
      '使用 PostgreSQL（非演示）时须配置留痕密钥：ZHONGSHU_AUDIT_KEY 或 ZHONGSHU_AUDIT_KEY_FILE（各实例相同，保存在数据库之外）',
    );
  }
  const file = join(config.dataDir, AUDIT_KEY_FILE_NAME);
  try {
    return readSecret(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once must not each write their own key.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readSecret(file);
}

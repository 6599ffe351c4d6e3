import { join } from 'node:path';
import { z } from 'zod';
import { CLASSIFICATIONS } from '../contract/common';

const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no', '']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 127.0.0.1 in demo mode (a published password must not be reachable from the network), else all interfaces. */
  HOST: z.string().optional(),
  ZHONGSHU_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** PostgreSQL as the role that owns the schema: migrations run as it, the application then only as DATABASE_URL's role. */
  ZHONGSHU_MIGRATE_DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** The audit chain's HMAC-SM3 key (at least 32 characters), or a file holding it; kept outside the database. */
  ZHONGSHU_AUDIT_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, '留痕密钥至少 32 个字符').optional()),
  ZHONGSHU_AUDIT_KEY_FILE: z.string().optional(),
  /** How often the server checks the audit chain from its last verified point; 0 = never by itself. */
  ZHONGSHU_AUDIT_VERIFY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  ZHONGSHU_DEMO: flag.default(true),
  ZHONGSHU_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Sessions one person keeps open at once; a further sign-in ends the least recently used. */
  ZHONGSHU_MAX_SESSIONS: z.coerce.number().int().min(1).max(50).default(3),
  ZHONGSHU_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  ZHONGSHU_CLASSIFICATION_CEILING: z.enum(CLASSIFICATIONS).default('内部'),
  ZHONGSHU_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  ZHONGSHU_COOKIE_SECURE: flag.default(false),
  /**
   * The reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For/-Proto are believed.
   * Empty: none — the client address is the connection's, whatever a client claims.
   */
  ZHONGSHU_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, '应为 IP 地址或 CIDR，如 10.0.0.5 或 10.0.0.0/24'))),
  /** How often each instance looks for due jobs (reminders); 0 = never by itself (tests drive it). */
  ZHONGSHU_JOB_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** CJK fonts for generated PDFs: a font file, with `#PostScriptName` to pick one face of a .ttc. */
  ZHONGSHU_FONT_SERIF: z.string().optional(),
  ZHONGSHU_FONT_SANS: z.string().optional(),
  /** Font family names written into generated .docx (公文); default the GB/T 9704 faces (仿宋_GB2312 …). */
  ZHONGSHU_DOC_FONT_FANGSONG: z.string().optional(),
  ZHONGSHU_DOC_FONT_XIAOBIAOSONG: z.string().optional(),
  ZHONGSHU_DOC_FONT_HEITI: z.string().optional(),
  ZHONGSHU_DOC_FONT_KAITI: z.string().optional(),
  ZHONGSHU_DOC_FONT_SONGTI: z.string().optional(),
  /** LibreOffice for .docx → PDF: the soffice executable (default: found on PATH), and how long a conversion may take. */
  ZHONGSHU_SOFFICE: z.string().optional(),
  ZHONGSHU_OFFICE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** How long reading one received file (来文导入) may take in its worker thread before it is given up. */
  ZHONGSHU_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(5000),
  /** Where uploaded files live (content-addressed by SM3), and where uploads are staged for S3; default <data dir>/files. */
  ZHONGSHU_FILES_DIR: z.string().optional(),
  ZHONGSHU_FILES_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 * 1024),
  /** Rehash every download as it streams and cut the connection before its last bytes if they do not match. */
  ZHONGSHU_FILES_VERIFY_ON_READ: flag.default(false),
  /** An S3-compatible store (path-style requests) instead of the local directory, when an endpoint is given. */
  ZHONGSHU_FILES_S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  ZHONGSHU_FILES_S3_BUCKET: z.string().optional(),
  ZHONGSHU_FILES_S3_REGION: z.string().default('us-east-1'),
  ZHONGSHU_FILES_S3_ACCESS_KEY_ID: z.string().optional(),
  ZHONGSHU_FILES_S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Key prefix inside the bucket, e.g. `zhongshu/`. */
  ZHONGSHU_FILES_S3_PREFIX: z.string().default(''),
  /**
   * The key stored files and backups are encrypted under (SM4, HMAC-SM3; at least 32 characters), or a file of
   * keys: the current one on the first line, old ones still read below it. Kept outside the database.
   */
  ZHONGSHU_DATA_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, '数据加密密钥至少 32 个字符').optional()),
  ZHONGSHU_DATA_KEY_FILE: z.string().optional(),
  /** Old keys, comma-separated: what was sealed under them is still read until `files encrypt` re-encrypts it. */
  ZHONGSHU_DATA_OLD_KEYS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32, '数据加密密钥至少 32 个字符'))),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Set when migrations run as a schema-owning role other than the application's. */
  migrateDatabaseUrl: string | undefined;
  demo: boolean;
  sessionIdleMs: number;
  maxSessions: number;
  sessionAbsoluteMs: number;
  classificationCeiling: (typeof CLASSIFICATIONS)[number];
  bodyLimit: number;
  cookieSecure: boolean;
  /** Proxies whose forwarded headers are trusted; empty trusts none. */
  trustedProxies: string[];
  logLevel: string;
  jobPollMs: number;
  fonts: { serif: string | undefined; sans: string | undefined };
  /** Family names per role for generated .docx; unset roles take the standard's faces. */
  docFonts: Partial<Record<'fangsong' | 'xiaobiaosong' | 'heiti' | 'kaiti' | 'songti', string>>;
  office: { soffice: string | undefined; timeoutMs: number };
  importTimeoutMs: number;
  files: FilesConfig;
  dataKey: DataKeyConfig;
  audit: AuditConfig;
}

interface AuditConfig {
  key: string | undefined;
  keyFile: string | undefined;
  verifyMinutes: number;
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
}

/** Where the at-rest encryption keys come from (platform/encryption/keys.ts loads them). */
interface DataKeyConfig {
  key: string | undefined;
  keyFile: string | undefined;
  oldKeys: string[];
}

export interface FilesConfig {
  dir: string;
  maxBytes: number;
  verifyOnRead: boolean;
  /** null: the local directory is the store. */
  s3: S3Config | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置有误（环境变量）：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let s3: S3Config | null = null;
  if (e.ZHONGSHU_FILES_S3_ENDPOINT) {
    const missing = (
      ['ZHONGSHU_FILES_S3_BUCKET', 'ZHONGSHU_FILES_S3_ACCESS_KEY_ID', 'ZHONGSHU_FILES_S3_SECRET_ACCESS_KEY'] as const
    ).filter((k) => !e[k]);
    if (missing.length)
      throw new Error(`配置有误（环境变量）：设置了 ZHONGSHU_FILES_S3_ENDPOINT，还须设置 ${missing.join('、')}`);
    s3 = {
      endpoint: e.ZHONGSHU_FILES_S3_ENDPOINT,
      bucket: e.ZHONGSHU_FILES_S3_BUCKET!,
      region: e.ZHONGSHU_FILES_S3_REGION,
      accessKeyId: e.ZHONGSHU_FILES_S3_ACCESS_KEY_ID!,
      secretAccessKey: e.ZHONGSHU_FILES_S3_SECRET_ACCESS_KEY!,
      prefix: e.ZHONGSHU_FILES_S3_PREFIX,
    };
  }
  return {
    port: e.PORT,
    host: e.HOST ?? (e.ZHONGSHU_DEMO ? '127.0.0.1' : '0.0.0.0'),
    dataDir: e.ZHONGSHU_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    migrateDatabaseUrl: e.ZHONGSHU_MIGRATE_DATABASE_URL,
    demo: e.ZHONGSHU_DEMO,
    sessionIdleMs: e.ZHONGSHU_SESSION_IDLE_MINUTES * 60_000,
    maxSessions: e.ZHONGSHU_MAX_SESSIONS,
    sessionAbsoluteMs: e.ZHONGSHU_SESSION_ABSOLUTE_HOURS * 3_600_000,
    classificationCeiling: e.ZHONGSHU_CLASSIFICATION_CEILING,
    bodyLimit: e.ZHONGSHU_BODY_LIMIT_BYTES,
    cookieSecure: e.ZHONGSHU_COOKIE_SECURE,
    trustedProxies: e.ZHONGSHU_TRUSTED_PROXIES,
    logLevel: e.LOG_LEVEL,
    jobPollMs: e.ZHONGSHU_JOB_POLL_MS,
    fonts: { serif: e.ZHONGSHU_FONT_SERIF || undefined, sans: e.ZHONGSHU_FONT_SANS || undefined },
    docFonts: Object.fromEntries(
      (
        [
          ['fangsong', e.ZHONGSHU_DOC_FONT_FANGSONG],
          ['xiaobiaosong', e.ZHONGSHU_DOC_FONT_XIAOBIAOSONG],
          ['heiti', e.ZHONGSHU_DOC_FONT_HEITI],
          ['kaiti', e.ZHONGSHU_DOC_FONT_KAITI],
          ['songti', e.ZHONGSHU_DOC_FONT_SONGTI],
        ] as const
      ).filter(([, v]) => v),
    ),
    office: { soffice: e.ZHONGSHU_SOFFICE || undefined, timeoutMs: e.ZHONGSHU_OFFICE_TIMEOUT_MS },
    importTimeoutMs: e.ZHONGSHU_IMPORT_TIMEOUT_MS,
    files: {
      dir: e.ZHONGSHU_FILES_DIR || join(e.ZHONGSHU_DATA_DIR, 'files'),
      maxBytes: e.ZHONGSHU_FILES_MAX_BYTES,
      verifyOnRead: e.ZHONGSHU_FILES_VERIFY_ON_READ,
      s3,
    },
    dataKey: { key: e.ZHONGSHU_DATA_KEY, keyFile: e.ZHONGSHU_DATA_KEY_FILE || undefined, oldKeys: e.ZHONGSHU_DATA_OLD_KEYS },
    audit: {
      key: e.ZHONGSHU_AUDIT_KEY,
      keyFile: e.ZHONGSHU_AUDIT_KEY_FILE || undefined,
      verifyMinutes: e.ZHONGSHU_AUDIT_VERIFY_MINUTES,
    },
  };
}

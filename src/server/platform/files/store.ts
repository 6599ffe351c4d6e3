import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesConfig } from '../../config';
import { DomainError } from '../errors';
import { HEADER_BYTES, Sealer, Unsealer, type SealError } from '../encryption/envelope';
import type { DataKey, DataKeyring } from '../encryption/keys';
import { S3BlobStore } from './s3';
import { SNIFF_BYTES, allowedExtensions, matchesSignature, type FileType } from './types';

/** A complete upload on local disk, hashed as it arrived and sealed, waiting to be kept under its digest. */
export interface StagedBlob {
  path: string;
  /** SM3 of the plaintext: the address and the fixity value. */
  sm3: string;
  /** SHA-256 of the sealed bytes too when the store wants it: S3 signs the payload with it. */
  sha256: string | null;
  /** Of the plaintext. */
  size: number;
  /** Of the sealed object as stored. */
  storedSize: number;
}

/**
 * Where file content lives: each blob once, under the SM3 digest of its plaintext, sealed with SM4 under the
 * current data key (encryption/envelope.ts). Names, types and who may read belong to the `file` rows, never
 * to the store.
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Whether adopt() needs the SHA-256 of the sealed object. */
  readonly wantsSha256: boolean;
  readonly keys: DataKeyring;
  /** Keeps a staged file under its digest and removes the staged copy; false when the content was already there. */
  adopt(staged: StagedBlob): Promise<boolean>;
  /** Puts a staged file under its digest whatever is stored there now, and removes the staged copy. */
  replace(staged: StagedBlob): Promise<void>;
  /**
   * The plaintext, each chunk checked before it is released; content stored before encryption passes as it
   * is. Null when nothing is stored under this digest.
   */
  open(sm3: string): Promise<Unsealer | null>;
  /** The first bytes as stored (the envelope header, or the start of plain content); null when missing. */
  head(sm3: string): Promise<Buffer | null>;
}

const SM3_HEX = /^[0-9a-f]{64}$/;

/** ab/cd/abcd…: two levels of 256 folders keep directories small at millions of blobs. */
export function fanOut(sm3: string): string {
  if (!SM3_HEX.test(sm3)) throw new Error(`not an SM3 digest: ${sm3}`);
  return `${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`;
}

export function createBlobStore(config: FilesConfig, keys: DataKeyring): BlobStore {
  return config.s3 ? new S3BlobStore(config.s3, keys) : new LocalBlobStore(config.dir, keys);
}

/** A stored object that cannot be read as what was uploaded: answered as a clear error, never served. */
export class BlobIntegrityError extends DomainError {
  constructor(readonly seal: SealError) {
    super(
      'INTERNAL',
      seal.reason === 'unknown-key'
        ? `文件内容由密钥 ${seal.keyId} 加密，当前未配置该密钥，无法读取；请管理员把该密钥配置为旧密钥（见 README 密钥轮换）`
        : `文件内容未通过完整性校验（${seal.message}），未提供下载；请联系管理员核查（zhongshu files verify）`,
      { reason: seal.reason, keyId: seal.keyId },
    );
  }
}

/** The plaintext of a stored object, read and checked as the reader asks for it; the stored stream is closed with it. */
export const unsealBlob = (stored: Readable, keys: DataKeyring): Unsealer =>
  new Unsealer(keys, 'file', { plain: 'pass', fail: (e) => new BlobIntegrityError(e) }).from(stored);

/** Where uploads are written while they arrive: on the same file system as local blobs, so adoption is a rename. */
export const stagingDir = (config: FilesConfig) => join(config.dir, 'tmp');

async function fsyncDir(dir: string) {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';
  readonly wantsSha256 = false;
  constructor(
    readonly dir: string,
    readonly keys: DataKeyring,
  ) {}

  pathOf(sm3: string): string {
    return join(this.dir, fanOut(sm3));
  }

  async adopt(staged: StagedBlob): Promise<boolean> {
    const existing = await stat(this.pathOf(staged.sm3)).catch(() => null);
    // A sealed blob of the right length is kept (under whichever key); one of another length is damage, or
    // plain content stored before encryption, and the fresh sealed copy (same digest) replaces it.
    if (existing?.size === staged.storedSize) {
      await rm(staged.path, { force: true });
      return false;
    }
    await this.replace(staged);
    return true;
  }

  async replace(staged: StagedBlob): Promise<void> {
    const dest = this.pathOf(staged.sm3);
    await mkdir(dirname(dest), { recursive: true });
    // rename within one file system is atomic: readers see the whole blob or none.
    await rename(staged.path, dest);
    await fsyncDir(dirname(dest));
  }

  private async openStored(sm3: string) {
    try {
      return await open(this.pathOf(sm3), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async open(sm3: string): Promise<Unsealer | null> {
    const fh = await this.openStored(sm3);
    return fh && unsealBlob(fh.createReadStream(), this.keys);
  }

  async head(sm3: string): Promise<Buffer | null> {
    const fh = await this.openStored(sm3);
    if (!fh) return null;
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} 字节`;
}

export const tooLarge = (maxBytes: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', `文件超过大小上限（${formatBytes(maxBytes)}），未保存`, { maxBytes });

const wrongType = (type: FileType) =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `文件内容与扩展名“.${type.ext}”不符（不是${type.label}），未保存；请确认文件未损坏、扩展名正确`,
    { ext: type.ext },
  );

export const typeNotAllowed = (ext: string) =>
  new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `不支持${ext ? `“.${ext}”类型的` : '没有扩展名的'}文件。支持的类型：${allowedExtensions()}`,
    { ext },
  );

/**
 * Counts and hashes the bytes as they pass, refuses them past the size limit, and holds back the first
 * SNIFF_BYTES until they show the signature the extension promises.
 */
class UploadGuard extends Transform {
  private readonly sm3: Hash = createHash('sm3');
  private size = 0;
  private head: Buffer[] | null = [];
  private headBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly type: FileType,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.sm3.update(chunk);
    if (!this.head) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return done();
    done(this.releaseHead());
  }

  override _flush(done: TransformCallback) {
    if (this.head) {
      const err = this.releaseHead();
      if (err) return done(err);
    }
    done();
  }

  private releaseHead(): Error | null {
    const all = Buffer.concat(this.head!);
    this.head = null;
    // An empty upload is refused as empty by the caller, not as the wrong type.
    if (all.length === 0) return null;
    if (!matchesSignature(this.type, all.subarray(0, SNIFF_BYTES))) return wrongType(this.type);
    this.push(all);
    return null;
  }

  result() {
    return { sm3: this.sm3.digest('hex'), size: this.size };
  }
}

/** Counts what passes, and hashes it when asked. */
export class Tally extends Transform {
  private readonly hash: Hash | null;
  size = 0;

  constructor(algorithm: 'sm3' | 'sha256' | null) {
    super();
    this.hash = algorithm ? createHash(algorithm) : null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    this.hash?.update(chunk);
    done(null, chunk);
  }

  digest(): string | null {
    return this.hash?.digest('hex') ?? null;
  }
}

/** A new staging file: readable by the server's account only, never overwriting another. */
async function stagingFile(dir: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.part`);
  return { path, out: createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true }) };
}

/**
 * Writes an upload to a staging file as it arrives, sealed under the current data key, never holding more
 * than a few chunks in memory: plaintext never reaches the disk. On any refusal or failure the staging file
 * is removed. The source is unpiped, not destroyed, so that the caller can still answer on the same connection.
 */
export async function stage(
  source: Readable,
  dir: string,
  limits: { maxBytes: number; type: FileType; sha256: boolean; key: DataKey },
): Promise<StagedBlob> {
  const { path, out } = await stagingFile(dir);
  const guard = new UploadGuard(limits.maxBytes, limits.type);
  const stored = new Tally(limits.sha256 ? 'sha256' : null);
  const onError = (e: Error) => guard.destroy(e);
  const onClose = () => {
    if (!source.readableEnded) guard.destroy(new DomainError('VALIDATION_FAILED', '上传中断，文件未保存'));
  };
  source.on('error', onError);
  source.on('close', onClose);
  source.pipe(guard);
  try {
    await pipeline(guard, new Sealer(limits.key, 'file'), stored, out);
    return { path, ...guard.result(), sha256: stored.digest(), storedSize: stored.size };
  } catch (e) {
    source.unpipe(guard);
    await rm(path, { force: true });
    throw e;
  } finally {
    source.off('error', onError);
    source.off('close', onClose);
  }
}

/**
 * Seals content already stored (plain, or under another key) again under `key`, into a staging file; the
 * caller compares the digest with the recorded one before it replaces anything.
 */
export async function reseal(plain: Readable, dir: string, opts: { sha256: boolean; key: DataKey }): Promise<StagedBlob> {
  const { path, out } = await stagingFile(dir);
  const content = new Tally('sm3');
  const stored = new Tally(opts.sha256 ? 'sha256' : null);
  try {
    await pipeline(plain, content, new Sealer(opts.key, 'file'), stored, out);
    return { path, sm3: content.digest()!, size: content.size, sha256: stored.digest(), storedSize: stored.size };
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
}

/** Reads a blob to its end and says what it holds. */
export async function digestOf(stream: Readable): Promise<{ sm3: string; size: number }> {
  const h = createHash('sm3');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    h.update(chunk);
    size += chunk.length;
  }
  return { sm3: h.digest('hex'), size };
}

/**
 * Passes a download through SM3 and withholds its last chunk until the digest is known: damaged content
 * ends in a broken connection, never in a complete-looking wrong file.
 */
export class VerifyingStream extends Transform {
  private readonly h = createHash('sm3');
  private size = 0;
  private pending: Buffer | null = null;

  constructor(
    private readonly sm3: string,
    private readonly expectedSize: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.h.update(chunk);
    this.size += chunk.length;
    const prev = this.pending;
    this.pending = chunk;
    done(null, prev ?? undefined);
  }

  override _flush(done: TransformCallback) {
    if (this.size !== this.expectedSize || this.h.digest('hex') !== this.sm3) {
      return done(
        new DomainError(
          'INTERNAL',
          '文件内容未通过 SM3 校验（可能已损坏），下载已中止；请联系管理员核查（zhongshu files verify）',
          { sm3: this.sm3 },
        ),
      );
    }
    done(null, this.pending ?? undefined);
  }
}

import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FilesConfig } from '../../config';
import { DomainError } from '../errors';
import { S3BlobStore } from './s3';
import { SNIFF_BYTES, allowedExtensions, matchesSignature, type FileType } from './types';

/** A complete upload on local disk, hashed as it arrived, waiting to be kept under its digest. */
export interface StagedBlob {
  path: string;
  sm3: string;
  /** SHA-256 too when the store wants it: S3 signs the payload with it. */
  sha256: string | null;
  size: number;
}

/**
 * Where file content lives: each blob once, under its SM3 digest. Names, types and who may read belong to
 * the `file` rows, never to the store.
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  /** Whether adopt() needs the SHA-256 of the content. */
  readonly wantsSha256: boolean;
  /** Keeps a staged file under its digest and removes the staged copy; false when the content was already there. */
  adopt(staged: StagedBlob): Promise<boolean>;
  /** The content, or null when nothing is stored under this digest. */
  open(sm3: string): Promise<Readable | null>;
}

const SM3_HEX = /^[0-9a-f]{64}$/;

/** ab/cd/abcd…: two levels of 256 folders keep directories small at millions of blobs. */
export function fanOut(sm3: string): string {
  if (!SM3_HEX.test(sm3)) throw new Error(`not an SM3 digest: ${sm3}`);
  return `${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`;
}

export function createBlobStore(config: FilesConfig): BlobStore {
  return config.s3 ? new S3BlobStore(config.s3) : new LocalBlobStore(config.dir);
}

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
  constructor(readonly dir: string) {}

  pathOf(sm3: string): string {
    return join(this.dir, fanOut(sm3));
  }

  async adopt(staged: StagedBlob): Promise<boolean> {
    const dest = this.pathOf(staged.sm3);
    const existing = await stat(dest).catch(() => null);
    // A blob of the wrong length is damage; the fresh copy (same digest) replaces it.
    if (existing?.size === staged.size) {
      await rm(staged.path, { force: true });
      return false;
    }
    await mkdir(dirname(dest), { recursive: true });
    // rename within one file system is atomic: readers see the whole blob or none.
    await rename(staged.path, dest);
    await fsyncDir(dirname(dest));
    return true;
  }

  async open(sm3: string): Promise<Readable | null> {
    try {
      const fh = await open(this.pathOf(sm3), 'r');
      return fh.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} 字节`;
}

export const tooLarge = (maxBytes: number) => new DomainError('PAYLOAD_TOO_LARGE', `文件超过大小上限（${formatBytes(maxBytes)}），未保存`, { maxBytes });

export const wrongType = (type: FileType) =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', `文件内容与扩展名“.${type.ext}”不符（不是${type.label}），未保存；请确认文件未损坏、扩展名正确`, { ext: type.ext });

export const typeNotAllowed = (ext: string) =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', `不支持${ext ? `“.${ext}”类型的` : '没有扩展名的'}文件。支持的类型：${allowedExtensions()}`, { ext });

/**
 * Counts and hashes the bytes as they pass, refuses them past the size limit, and holds back the first
 * SNIFF_BYTES until they show the signature the extension promises.
 */
class UploadGuard extends Transform {
  private readonly sm3: Hash = createHash('sm3');
  private readonly sha256: Hash | null;
  private size = 0;
  private head: Buffer[] | null = [];
  private headBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly type: FileType,
    withSha256: boolean,
  ) {
    super();
    this.sha256 = withSha256 ? createHash('sha256') : null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.sm3.update(chunk);
    this.sha256?.update(chunk);
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
    return { sm3: this.sm3.digest('hex'), sha256: this.sha256?.digest('hex') ?? null, size: this.size };
  }
}

/**
 * Writes an upload to a staging file as it arrives, never holding more than a few chunks in memory. On any
 * refusal or failure the staging file is removed. The source is unpiped, not destroyed, so that the
 * caller can still answer on the same connection.
 */
export async function stage(source: Readable, dir: string, limits: { maxBytes: number; type: FileType; sha256: boolean }): Promise<StagedBlob> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.part`);
  const guard = new UploadGuard(limits.maxBytes, limits.type, limits.sha256);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true });
  const onError = (e: Error) => guard.destroy(e);
  const onClose = () => {
    if (!source.readableEnded) guard.destroy(new DomainError('VALIDATION_FAILED', '上传中断，文件未保存'));
  };
  source.on('error', onError);
  source.on('close', onClose);
  source.pipe(guard);
  try {
    await pipeline(guard, out);
    return { path, ...guard.result() };
  } catch (e) {
    source.unpipe(guard);
    await rm(path, { force: true });
    throw e;
  } finally {
    source.off('error', onError);
    source.off('close', onClose);
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
      return done(new DomainError('INTERNAL', '文件内容未通过 SM3 校验（可能已损坏），下载已中止；请联系管理员核查（zhongshu files verify）', { sm3: this.sm3 }));
    }
    done(null, this.pending ?? undefined);
  }
}

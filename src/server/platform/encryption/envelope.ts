import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
  type Cipher,
  type Decipher,
} from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { DataKey, DataKeyring } from './keys';

/**
 * The sealed format of stored files and backups (版本 1). This Node's OpenSSL has no SM4-GCM, so the
 * content is encrypted with SM4-CTR and authenticated with HMAC-SM3 in chunks, which lets both ends stream:
 *
 *   header   "ZS-SM4" · version 1 · purpose ('F' file, 'B' backup) · key id (8) · IV (16) · chunk size (u32 BE)
 *   records  ciphertext of one chunk (the last may be shorter, even empty) · HMAC-SM3 tag (32)
 *
 * Each tag covers the header, the record's index and whether it is the last one, so records cannot be
 * altered, dropped, reordered, moved between objects or cut off at a record boundary without the tag failing.
 * A reader releases a chunk only after its tag is checked, and the last one only at the end.
 */
const MAGIC = Buffer.from('ZS-SM4', 'latin1');
const VERSION = 1;
const PURPOSES = { file: 0x46, backup: 0x42 } as const;
export type Purpose = keyof typeof PURPOSES;
export const HEADER_BYTES = 36;
const CHUNK_BYTES = 64 * 1024;
// A reader holds one record: an altered header must not make it hold the whole object.
const MAX_CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 32;

/** What a sealed object of `plainSize` bytes occupies. */
export function sealedSize(plainSize: number, chunkBytes = CHUNK_BYTES): number {
  const records = plainSize === 0 ? 1 : Math.ceil(plainSize / chunkBytes);
  return HEADER_BYTES + plainSize + records * TAG_BYTES;
}

export interface EnvelopeHeader {
  purpose: Purpose | 'unknown';
  keyId: string;
  iv: Buffer;
  chunkBytes: number;
  bytes: Buffer;
}

export type SealFailure = 'tampered' | 'truncated' | 'unknown-key' | 'wrong-purpose' | 'version' | 'plain';

/** Why sealed content could not be opened; callers turn it into their own message. */
export class SealError extends Error {
  constructor(
    readonly reason: SealFailure,
    readonly keyId: string | null = null,
  ) {
    super(
      {
        tampered: '加密内容未通过 HMAC-SM3 完整性校验（已被改动或损坏）',
        truncated: '加密内容不完整（被截断）',
        'unknown-key': `内容由密钥 ${keyId} 加密，当前配置中没有该密钥`,
        'wrong-purpose': '加密内容的用途与所需不符',
        version: '加密格式版本不受支持',
        plain: '内容未加密',
      }[reason],
    );
    this.name = 'SealError';
  }
}

/** Whether these first bytes begin a sealed object. */
export const isSealed = (head: Uint8Array): boolean =>
  head.length >= MAGIC.length && MAGIC.equals(head.subarray(0, MAGIC.length));

/** The header of a sealed object, or null when the bytes are not sealed (plain content stored earlier). */
export function parseHeader(head: Buffer): EnvelopeHeader | null {
  if (!isSealed(head) || head.length < HEADER_BYTES) return null;
  if (head[6] !== VERSION) throw new SealError('version');
  const p = head[7];
  const purpose = p === PURPOSES.file ? 'file' : p === PURPOSES.backup ? 'backup' : 'unknown';
  const chunkBytes = head.readUInt32BE(32);
  if (chunkBytes === 0 || chunkBytes > MAX_CHUNK_BYTES) throw new SealError('tampered');
  const keyId = head.subarray(8, 16).toString('hex');
  return { purpose, keyId, iv: head.subarray(16, 32), chunkBytes, bytes: head.subarray(0, HEADER_BYTES) };
}

function tag(key: DataKey, header: Buffer, index: number, final: boolean, ciphertext: Buffer): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index));
  position[8] = final ? 1 : 0;
  return createHmac('sm3', key.mac).update(header).update(position).update(ciphertext).digest();
}

/** Gathers chunks and hands them out in pieces of a given size without copying more than it must. */
class Pending {
  private parts: Buffer[] = [];
  length = 0;
  add(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  peek(n: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = all.length ? [all] : [];
    return all.subarray(0, n);
  }
  take(n: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.parts = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}

/** Plaintext in, sealed object out, under the keyring's current key. */
export class Sealer extends Transform {
  private readonly header: Buffer;
  private readonly cipher: Cipher;
  private readonly pending = new Pending();
  private started = false;
  private index = 0;

  constructor(
    private readonly key: DataKey,
    purpose: Purpose,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    super();
    const iv = randomBytes(16);
    this.header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(this.header, 0);
    this.header[6] = VERSION;
    this.header[7] = PURPOSES[purpose];
    Buffer.from(key.id, 'hex').copy(this.header, 8);
    iv.copy(this.header, 16);
    this.header.writeUInt32BE(chunkBytes, 32);
    this.cipher = createCipheriv('sm4-ctr', key.cipher, iv);
  }

  private start() {
    if (this.started) return;
    this.started = true;
    this.push(this.header);
  }

  private seal(plain: Buffer, final: boolean) {
    const ciphertext = this.cipher.update(plain);
    this.push(ciphertext);
    this.push(tag(this.key, this.header, this.index++, final, ciphertext));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.start();
    this.pending.add(chunk);
    // A full chunk is known not to be the last only once a byte past it has arrived.
    while (this.pending.length > this.chunkBytes) this.seal(this.pending.take(this.chunkBytes), false);
    done();
  }

  override _flush(done: TransformCallback) {
    this.start();
    this.seal(this.pending.take(this.pending.length), true);
    done();
  }
}

export interface UnsealOptions {
  /** Plain content (no header) passes through as it is, for files stored before encryption; otherwise refused. */
  plain: 'pass' | 'refuse';
  /** Turns a failure into the caller's error (a domain error with its message). */
  fail?: (e: SealError) => Error;
}

/**
 * Sealed object in, plaintext out, each chunk released only once its tag is checked. `keyId` says what the
 * object was sealed with once the header has passed: null for plain content.
 */
export class Unsealer extends Transform {
  private readonly pending = new Pending();
  private header: EnvelopeHeader | null = null;
  private key: DataKey | null = null;
  private decipher: Decipher | null = null;
  private mode: 'undecided' | 'plain' | 'sealed' = 'undecided';
  private index = 0;
  private source: Readable | null = null;
  keyId: string | null | undefined = undefined;

  constructor(
    private readonly keys: DataKeyring,
    private readonly purpose: Purpose,
    private readonly opts: UnsealOptions,
  ) {
    super();
  }

  /**
   * Reads from `source` once something reads from this stream, and closes it with this one: a failure found
   * before the reader is attached (a caller still preparing where to write) would otherwise go unheard.
   */
  from(source: Readable): this {
    this.source = source;
    source.on('error', (e) => this.destroy(e));
    this.on('close', () => source.destroy());
    return this;
  }

  override _read(size: number) {
    const source = this.source;
    if (source) {
      this.source = null;
      source.pipe(this);
    }
    super._read(size);
  }

  private failure(e: unknown): Error {
    return e instanceof SealError && this.opts.fail ? this.opts.fail(e) : (e as Error);
  }

  private decide(atEnd: boolean) {
    if (this.mode !== 'undecided') return;
    if (this.pending.length < HEADER_BYTES && !atEnd) return;
    const head = this.pending.peek(HEADER_BYTES);
    const header = parseHeader(head);
    if (!header) {
      // Shorter than a header yet beginning like one: a sealed object cut off.
      if (isSealed(head)) throw new SealError('truncated');
      if (this.opts.plain === 'refuse') throw new SealError('plain');
      // Plain content flows on in the chunks it came in (a fixity check downstream withholds the last one).
      this.mode = 'plain';
      this.keyId = null;
      return;
    }
    this.pending.take(HEADER_BYTES);
    if (header.purpose !== this.purpose) throw new SealError('wrong-purpose', header.keyId);
    const key = this.keys.find(header.keyId);
    if (!key) throw new SealError('unknown-key', header.keyId);
    this.header = header;
    this.key = key;
    this.keyId = header.keyId;
    this.decipher = createDecipheriv('sm4-ctr', key.cipher, header.iv);
    this.mode = 'sealed';
  }

  private open(record: Buffer, final: boolean) {
    if (record.length < TAG_BYTES) throw new SealError('truncated');
    const ciphertext = record.subarray(0, record.length - TAG_BYTES);
    const expected = tag(this.key!, this.header!.bytes, this.index++, final, ciphertext);
    const given = record.subarray(record.length - TAG_BYTES);
    if (!timingSafeEqual(expected, given)) {
      // A last record whose tag says "more follows" is intact but was cut off after it.
      const cut = final && timingSafeEqual(tag(this.key!, this.header!.bytes, this.index - 1, false, ciphertext), given);
      throw new SealError(cut ? 'truncated' : 'tampered');
    }
    if (ciphertext.length) this.push(this.decipher!.update(ciphertext));
  }

  private drain(atEnd: boolean) {
    this.decide(atEnd);
    if (this.mode === 'plain') {
      if (this.pending.length) this.push(this.pending.take(this.pending.length));
      return;
    }
    if (this.mode !== 'sealed') return;
    const recordBytes = this.header!.chunkBytes + TAG_BYTES;
    while (this.pending.length > recordBytes) this.open(this.pending.take(recordBytes), false);
    if (atEnd) this.open(this.pending.take(this.pending.length), true);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.pending.add(chunk);
    try {
      this.drain(false);
      done();
    } catch (e) {
      done(this.failure(e));
    }
  }

  override _flush(done: TransformCallback) {
    try {
      this.drain(true);
      done();
    } catch (e) {
      done(this.failure(e));
    }
  }
}

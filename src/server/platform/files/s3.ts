import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { S3Config } from '../../config';
import type { DataKeyring } from '../encryption/keys';
import { HEADER_BYTES, type Unsealer } from '../encryption/envelope';
import type { BlobStore, StagedBlob } from './store';
import { fanOut, unsealBlob } from './store';
import { EMPTY_SHA256, s3Path, signV4 } from './sigv4';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

async function readText(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of res as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Blobs in an S3-compatible bucket (MinIO, Ceph RGW, a cloud's object storage), path-style, signed with
 * SigV4. Uploads are staged on local disk first, sealed (their plaintext's digest is the key), then sent in
 * one PUT whose payload hash is signed, so the store refuses anything altered on the way. The bucket holds
 * only sealed bytes: its operator never sees the content.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  readonly wantsSha256 = true;
  private readonly url: URL;
  private readonly agent: http.Agent;

  constructor(
    private readonly cfg: S3Config,
    readonly keys: DataKeyring,
  ) {
    this.url = new URL(cfg.endpoint);
    this.agent = this.url.protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  keyOf(sm3: string): string {
    return `${this.cfg.prefix}${fanOut(sm3)}`;
  }

  private request(
    method: string,
    sm3: string,
    opts: { headers?: Record<string, string>; payloadHash?: string; body?: Readable } = {},
  ): Promise<IncomingMessage> {
    const path = s3Path(this.url.pathname, this.cfg.bucket, this.keyOf(sm3));
    const { headers } = signV4({
      method,
      host: this.url.host,
      path,
      headers: opts.headers ?? {},
      payloadHash: opts.payloadHash ?? EMPTY_SHA256,
      date: new Date(),
      region: this.cfg.region,
      accessKeyId: this.cfg.accessKeyId,
      secretAccessKey: this.cfg.secretAccessKey,
    });
    const send = this.url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          method,
          path,
          headers,
          agent: this.agent,
        },
        resolve,
      );
      req.on('error', reject);
      if (opts.body) {
        opts.body.on('error', (e) => req.destroy(e));
        opts.body.pipe(req);
      } else req.end();
    });
  }

  private async fail(res: IncomingMessage, what: string): Promise<never> {
    const text = await readText(res);
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? String(res.statusCode);
    throw new S3Error(res.statusCode ?? 0, code, `S3 ${what} failed: ${res.statusCode} ${code}`);
  }

  async adopt(staged: StagedBlob): Promise<boolean> {
    try {
      const head = await this.request('HEAD', staged.sm3);
      head.resume();
      // A sealed object of the right length is kept; plain content stored before encryption is replaced.
      if (head.statusCode === 200 && Number(head.headers['content-length']) === staged.storedSize) return false;
      if (head.statusCode !== 404 && head.statusCode !== 200) await this.fail(head, 'HEAD');
      await this.put(staged);
      return true;
    } finally {
      await rm(staged.path, { force: true });
    }
  }

  async replace(staged: StagedBlob): Promise<void> {
    try {
      await this.put(staged);
    } finally {
      await rm(staged.path, { force: true });
    }
  }

  private async put(staged: StagedBlob) {
    const res = await this.request('PUT', staged.sm3, {
      headers: {
        'content-length': String(staged.storedSize),
        'content-type': 'application/octet-stream',
        'x-amz-meta-sm3': staged.sm3,
      },
      payloadHash: staged.sha256 ?? 'UNSIGNED-PAYLOAD',
      body: createReadStream(staged.path),
    });
    if (res.statusCode !== 200) await this.fail(res, 'PUT');
    res.resume();
  }

  private async get(sm3: string, headers?: Record<string, string>): Promise<IncomingMessage | null> {
    const res = await this.request('GET', sm3, { headers });
    if (res.statusCode === 404) {
      res.resume();
      return null;
    }
    if (res.statusCode !== 200 && res.statusCode !== 206) await this.fail(res, 'GET');
    return res;
  }

  async open(sm3: string): Promise<Unsealer | null> {
    const res = await this.get(sm3);
    return res && unsealBlob(res, this.keys);
  }

  async head(sm3: string): Promise<Buffer | null> {
    const res = await this.get(sm3, { range: `bytes=0-${HEADER_BYTES - 1}` });
    if (!res) return null;
    const parts: Buffer[] = [];
    let n = 0;
    // A store that ignores Range sends the whole object: stop reading once the header is in.
    for await (const c of res as AsyncIterable<Buffer>) {
      parts.push(c);
      n += c.length;
      if (n >= HEADER_BYTES) break;
    }
    res.destroy();
    return Buffer.concat(parts).subarray(0, HEADER_BYTES);
  }
}

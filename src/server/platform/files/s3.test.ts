import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import S3rver from 's3rver';
import { strToU8, zipSync } from 'fflate';
import { makeItem, actorOf, signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { event } from '../audit/schema';
import { EMPTY_SHA256, canonicalQuery, s3Path, signV4, uriEncode } from './sigv4';
import { S3BlobStore, S3Error } from './s3';
import { verifyFiles } from './verify';
import { encryptStoredFiles } from './encrypt';
import { HEADER_BYTES, parseHeader, sealedSize } from '../encryption/envelope';
import { testDataKeys } from '../../../../test/support/data-key';
import type { S3Config } from '../../config';

// The examples of the S3 API reference, "Authenticating Requests: Using the Authorization Header (AWS
// Signature Version 4)", section "Examples of signature calculations".
const example = {
  host: 'examplebucket.s3.amazonaws.com',
  date: new Date('2013-05-24T00:00:00Z'),
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('SigV4 signing, against the published S3 examples', () => {
  it('GET Object with a Range header', () => {
    const s = signV4({
      ...example,
      method: 'GET',
      path: '/test.txt',
      headers: { Range: 'bytes=0-9' },
      payloadHash: EMPTY_SHA256,
    });
    expect(s.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('PUT Object with a signed payload and a key that needs encoding', () => {
    const body = 'Welcome to Amazon S3.';
    const payloadHash = createHash('sha256').update(body).digest('hex');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const s = signV4({
      ...example,
      method: 'PUT',
      path: `/${uriEncode('test$file.text', true)}`,
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      payloadHash,
    });
    expect(s.canonicalRequest.split('\n').slice(0, 2)).toEqual(['PUT', '/test%24file.text']);
    expect(s.stringToSign.split('\n')[3]).toBe('9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d');
    expect(s.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket (list objects) with a query string', () => {
    const s = signV4({
      ...example,
      method: 'GET',
      path: '/',
      query: { 'max-keys': '2', prefix: 'J' },
      payloadHash: EMPTY_SHA256,
    });
    expect(s.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('encodes paths and queries the S3 way', () => {
    expect(s3Path('', 'zhongshu', 'zs/ab/cd/abcd')).toBe('/zhongshu/zs/ab/cd/abcd');
    expect(s3Path('/s3/', 'b', "a b!'()*~")).toBe('/s3/b/a%20b%21%27%28%29%2A~');
    expect(uriEncode('公文/附件', true)).toBe('%E5%85%AC%E6%96%87/%E9%99%84%E4%BB%B6');
    expect(canonicalQuery({ prefix: 'zs/', 'list-type': '2', a: 'x y' })).toBe('a=x%20y&list-type=2&prefix=zs%2F');
  });
});

/**
 * The S3 store against a real S3-compatible server (s3rver, in this process). s3rver checks the access
 * key but not V4 signatures, which the tests above pin to AWS's examples.
 */
describe('files in an S3-compatible store', () => {
  let server: S3rver;
  let s3dir = '';
  let staging = '';
  let endpoint = '';
  let t: TestApp;
  const bucket = 'zhongshu';
  let cfg: S3Config;

  beforeAll(async () => {
    s3dir = mkdtempSync(join(tmpdir(), 'zs-s3rver-'));
    staging = mkdtempSync(join(tmpdir(), 'zs-s3-staging-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3dir,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    cfg = { endpoint, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'zs/' };
    t = await startTestApp('pglite', {
      ZHONGSHU_FILES_DIR: staging,
      ZHONGSHU_FILES_S3_ENDPOINT: endpoint,
      ZHONGSHU_FILES_S3_BUCKET: bucket,
      ZHONGSHU_FILES_S3_ACCESS_KEY_ID: 'S3RVER',
      ZHONGSHU_FILES_S3_SECRET_ACCESS_KEY: 'S3RVER',
      ZHONGSHU_FILES_S3_PREFIX: 'zs/',
    });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
    rmSync(s3dir, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  });

  it('an upload is stored once under its SM3, read back whole, and checked by verify', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const bytes = zipSync({ 'word/document.xml': strToU8('<w:document>关于报送2026年度工作总结的通知</w:document>') });
    const digest = createHash('sm3').update(bytes).digest('hex');
    const up = (name: string) =>
      r.request(
        'POST',
        '/api/v1/files',
        undefined,
        { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
        bytes,
      );
    const a = await up('关于报送2026年度工作总结的通知.docx');
    const b = await up('工作总结通知（转发）.docx');
    expect(a.status).toBe(201);
    expect(a.body.sm3).toBe(digest);
    expect(b.body.sm3).toBe(digest);

    // Stored at zs/ab/cd/<sm3> in the bucket, once, sealed: the bucket's operator never sees the document.
    const obj = await fetch(`${endpoint}/${bucket}/zs/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`);
    expect(obj.status).toBe(200);
    const stored = Buffer.from(await obj.arrayBuffer());
    expect(stored.length).toBe(sealedSize(bytes.length));
    expect(stored.includes(Buffer.from('工作总结'))).toBe(false);
    expect(stored.includes(Buffer.from(bytes.subarray(0, 16)))).toBe(false);
    expect(parseHeader(stored.subarray(0, HEADER_BYTES))).toMatchObject({ purpose: 'file', keyId: testDataKeys().current.id });
    const uploads = await t.database.db.select().from(event).where(eq(event.action, 'file.upload'));
    expect(uploads.map((e) => (e.summary as { newBlob: boolean }).newBlob)).toEqual([true, false]);
    expect(readdirSync(join(staging, 'tmp'))).toEqual([]);

    const item = await makeItem(t, await actorOf(t.database, DEMO_REGISTRAR_USERNAME), {
      title: '关于报送2026年度工作总结的通知',
    });
    expect((await r.post(`/api/v1/items/${item}/files`, { fileId: a.body.id, role: '正文' })).status).toBe(201);
    const down = await r.getBytes(`/api/v1/files/${a.body.id}/content`);
    expect(down.status).toBe(200);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);

    const store = new S3BlobStore(cfg, testDataKeys());
    expect(await verifyFiles(t.database.db, store)).toMatchObject({ ok: true, checked: 1 });
    await fetch(`${endpoint}/${bucket}/zs/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`, { method: 'DELETE' });
    const report = await verifyFiles(t.database.db, store);
    expect(report.problems).toEqual([
      expect.objectContaining({ sm3: digest, problem: 'missing', fileIds: [a.body.id, b.body.id] }),
    ]);
  });

  it('an object altered in the bucket is refused; one stored in plain still reads, and files encrypt seals it there', async () => {
    const r = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const up = (bytes: Uint8Array, name: string) =>
      r.request(
        'POST',
        '/api/v1/files',
        undefined,
        { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
        bytes,
      );
    const url = (sm3: string) => `${endpoint}/${bucket}/zs/${sm3.slice(0, 2)}/${sm3.slice(2, 4)}/${sm3}`;
    const altered = await up(
      zipSync({ 'word/document.xml': strToU8('<w:document>关于开展安全生产大检查的通知</w:document>') }),
      '安全生产大检查.docx',
    );
    const sealed = Buffer.from(await (await fetch(url(altered.body.sm3))).arrayBuffer());
    sealed[HEADER_BYTES + 1] = sealed[HEADER_BYTES + 1]! ^ 0x01;
    expect((await fetch(url(altered.body.sm3), { method: 'PUT', body: sealed })).status).toBe(200);
    const refused = await r.getBytes(`/api/v1/files/${altered.body.id}/content`);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.text).error.message).toMatch(/未通过完整性校验/);

    const bytes = zipSync({ 'word/document.xml': strToU8('<w:document>关于做好元旦春节期间值班工作的通知</w:document>') });
    const legacy = await up(bytes, '元旦春节值班.docx');
    // As the bucket held it before this version.
    expect((await fetch(url(legacy.body.sm3), { method: 'PUT', body: Buffer.from(bytes) })).status).toBe(200);
    const down = await r.getBytes(`/api/v1/files/${legacy.body.id}/content`);
    expect(Buffer.from(down.bytes).equals(Buffer.from(bytes))).toBe(true);
    const store = new S3BlobStore(cfg, testDataKeys());
    const report = await encryptStoredFiles(
      t.database.db,
      store,
      join(staging, 'tmp'),
      { personId: null, postId: null, requestId: 'cli' },
      t.clock.now(),
    );
    // The altered object is under the current key already (verify finds it); the first test's was deleted.
    expect(report).toMatchObject({
      checked: 3,
      encrypted: 1,
      current: 1,
      problems: [expect.objectContaining({ problem: 'missing' })],
    });
    const now = Buffer.from(await (await fetch(url(legacy.body.sm3))).arrayBuffer());
    expect(parseHeader(now.subarray(0, HEADER_BYTES))?.keyId).toBe(testDataKeys().current.id);
    expect(Buffer.from((await r.getBytes(`/api/v1/files/${legacy.body.id}/content`)).bytes).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });

  it('a store with credentials the server does not know is refused by it', async () => {
    const store = new S3BlobStore({ ...cfg, accessKeyId: 'UNKNOWN' }, testDataKeys());
    const err = await store.open('0'.repeat(64)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect((err as S3Error).code).toBe('InvalidAccessKeyId');
  });
});

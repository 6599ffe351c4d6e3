import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../../../../test/support/app';
import { precompress } from '../../../../bin/web-build.js';

/**
 * The web app is served by the API server: a reload on a deep link opens the page, a missing asset is a
 * 404 (not the page, which the browser would try to run as a script), and the API keeps its JSON errors.
 */
describe('serving the web app', () => {
  let t: TestApp;
  let root = '';
  const page = '<!doctype html><title>中枢</title><div id="root"></div>';
  // A bundle as the build leaves it: big enough to be worth compressing.
  const bundle = Array.from({ length: 400 }, (_, i) => `export const 办文${i} = ${JSON.stringify(`第${i}件`)};`).join('\n');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'zs-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), page);
    writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-d4e5f6.js'), bundle);
    await precompress(root);
    t = await startTestApp('pglite', {}, root);
  });
  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page at / and on deep links, always fresh', async () => {
    for (const url of ['/', '/admin/org', '/incoming/0b6f5c1e-0000-4000-8000-000000000000/sheet']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toBe(page);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable, and a missing asset is a 404', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/assets/main-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.app.inject({ method: 'GET', url: '/assets/main-old999.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<div id="root">');
  });

  it('sends the scripts compressed to a browser that accepts it, and plain to one that does not', async () => {
    const url = '/assets/index-d4e5f6.js';
    const br = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(bundle) / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(bundle);

    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(bundle);

    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(bundle);
    // Tiny files are not worth a second copy.
    expect(existsSync(join(root, 'assets', 'main-abc123.js.br'))).toBe(false);
  });

  it('serves a file added after start (a rebuild needs no restart)', async () => {
    writeFileSync(join(root, 'assets', 'main-new456.js'), 'console.log(2)');
    const res = await t.app.inject({ method: 'GET', url: '/assets/main-new456.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(2)');
  });

  it('an unknown API path is a JSON 404 in Chinese, not the page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a write to a page path is not answered with the page', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/org', payload: {} });
    expect(res.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_SECRETARY_GENERAL_USERNAME } from '../../src/server/org/demo-data';
import { SHUTDOWN_LIMIT_MS } from '../../src/server/shutdown';
import { freePort, startServer as start, stopServer, waitHealthy, type ServerProcess as Proc } from '../support/process';

describe('the server as a process on its embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-data-'));
  let port: number;
  let first: Proc;

  beforeAll(async () => {
    port = await freePort();
    first = start({ PORT: String(port), ZHONGSHU_DATA_DIR: dataDir, HOST: '127.0.0.1', DATABASE_URL: '' });
    await waitHealthy(port, first);
  });
  // Waits for the exit (and kills it hard if it does not come): no run leaves a server behind.
  afterAll(async () => {
    if (first) await stopServer(first);
  });

  it('answers the fixed addresses: health, OpenAPI 3.1 with a page, /api/v1/me 401', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok' });
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/auth/sign-in', '/api/v1/items']));
    expect((await fetch(`${base}/api/docs`, { redirect: 'follow' })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/me`)).status).toBe(401);
  });

  it('prints the URL and the demo accounts on first start', () => {
    const text = first.out.join('');
    expect(text).toContain(`http://localhost:${port}/`);
    expect(text).toContain(DEMO_SECRETARY_GENERAL_USERNAME);
    expect(text).toContain('sysadmin');
  });

  it('a second process on the same data directory exits non-zero with a clear message', async () => {
    const second = start({ PORT: String(await freePort()), ZHONGSHU_DATA_DIR: dataDir, DATABASE_URL: '' });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.err.join('')).toContain('正被另一个中枢进程使用');
  });

  it('logs are JSON lines with a request id and never contain passwords or session tokens', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_SECRETARY_GENERAL_USERNAME, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('zs_session='))!;
    const token = cookie.split(';')[0]!.split('=')[1]!;
    await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { cookie: `zs_session=${token}` } });
    await fetch(`http://127.0.0.1:${port}/api/v1/items?q=${encodeURIComponent('古树名木保护')}`, {
      headers: { cookie: `zs_session=${token}` },
    });
    await new Promise((r) => setTimeout(r, 200));
    const lines = first.out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const requestLines = lines
      .map((l) => JSON.parse(l) as { reqId?: string; path?: string; status?: number; personId?: string })
      .filter((l) => l.path);
    // One line per request, when it is answered: who, which path, how it ended.
    // (an earlier test asked /api/v1/me without a session: 401)
    const me = requestLines.filter((l) => l.path === '/api/v1/me' && l.status !== 401);
    expect(me).toHaveLength(1);
    expect(me[0]!.status).toBe(200);
    expect(me[0]!.personId).toBeTruthy();
    for (const l of requestLines) expect(l.reqId).toBeTruthy();
    // Search words stay out of the log (they can quote a classified document).
    expect(requestLines.some((l) => l.path === '/api/v1/items')).toBe(true);
    expect(lines.join('\n')).not.toContain('古树名木');
    expect(lines.join('\n')).not.toContain(encodeURIComponent('古树名木'));
    // (the start banner prints the published demo password on purpose; the JSON log must not)
    expect(lines.join('\n')).not.toContain(DEMO_PASSWORD);
    expect(first.out.join('') + first.err.join('')).not.toContain(token);
  });

  it('a restart reuses the data and is healthy within 5 seconds', async () => {
    // Twice, the faster counted: the suite runs a browser beside this file, and one start can land on a busy core.
    const took: number[] = [];
    for (let i = 0; i < 2; i++) {
      expect(await stopServer(first)).toBe(0);
      const began = Date.now();
      first = start({ PORT: String(port), ZHONGSHU_DATA_DIR: dataDir, HOST: '127.0.0.1', DATABASE_URL: '' });
      await waitHealthy(port, first, 15_000);
      took.push(Date.now() - began);
    }
    expect(Math.min(...took), `restarts took ${took.join(', ')} ms`).toBeLessThan(5_000);
    expect(first.out.join('')).not.toContain('已载入演示单位'); // the demo is not seeded twice
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_SECRETARY_GENERAL_USERNAME, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
  });

  it('SIGTERM ends the process within seconds, with an event stream open and a request still arriving', async () => {
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: DEMO_SECRETARY_GENERAL_USERNAME, password: DEMO_PASSWORD }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('zs_session='))!
      .split(';')[0]!;
    const stream = await fetch(`${base}/api/v1/notifications/stream`, { headers: { cookie } });
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');
    // A client that sends half a body and stops: the server holds the request open, waiting for the rest.
    // "100 Continue" is the server saying it has read the headers, so the request is in flight.
    const stalled = request(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '1000', expect: '100-continue' },
    });
    const cut = new Promise<string>((resolve) => {
      stalled.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      stalled.on('response', (r) => resolve(String(r.statusCode)));
    });
    await new Promise<void>((resolve) => stalled.on('continue', () => stalled.write('{"username":', () => resolve())));

    const began = Date.now();
    const code = await stopServer(first, SHUTDOWN_LIMIT_MS + 5_000);
    expect({ code, withinLimit: Date.now() - began < SHUTDOWN_LIMIT_MS }).toEqual({ code: 0, withinLimit: true });
    expect(await cut).toBe('ECONNRESET');
    expect((await reader.read()).done).toBe(true);
  });
});

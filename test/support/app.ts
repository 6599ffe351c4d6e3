import type { RequestContext } from '../../src/server/platform/context';
import type { ModuleDef } from '../../src/server/platform/modules/registry';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import { ManualClock } from '../../src/server/platform/clock';
import { openPostgres, type Database } from '../../src/server/platform/db/client';
import { account } from '../../src/server/platform/auth/schema';
import { defaultPostId, loadActor } from '../../src/server/platform/auth/actor-loader';
import type { Actor } from '../../src/server/platform/access/actor';
import { createItem, type NewItem } from '../../src/server/platform/items/service';
import { DEMO_PASSWORD } from '../../src/server/org/demo-data';
import { openTestDatabase } from './db';
import { TEST_DATA_SECRET } from './data-key';
import type { Engine } from './engines';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
}

/** The real application on a fresh seeded database, with a clock the test moves. */
export async function startTestApp(
  engine: Engine,
  env: Record<string, string> = {},
  webRoot?: string,
  modules?: ModuleDef[],
): Promise<TestApp> {
  const database = await openTestDatabase(engine);
  // Jobs run when a test calls app.zs.jobs.tick(), at the test clock's time.
  // Uploaded files go to a directory of this app's own, removed with it, never into the checkout.
  const filesDir = env.ZHONGSHU_FILES_DIR ? null : mkdtempSync(join(tmpdir(), 'zs-test-files-'));
  // Files are sealed under the test data key unless a test configures its own (no key file made in the checkout).
  const keyed = env.ZHONGSHU_DATA_KEY_FILE ? {} : { ZHONGSHU_DATA_KEY: TEST_DATA_SECRET };
  // Tests sign the same person in from many clients at once; the session limit has its own test.
  const config = loadConfig({
    ZHONGSHU_DEMO: '1',
    LOG_LEVEL: 'silent',
    ZHONGSHU_JOB_POLL_MS: '0',
    ZHONGSHU_MAX_SESSIONS: '50',
    ...(filesDir ? { ZHONGSHU_FILES_DIR: filesDir } : {}),
    ...keyed,
    ...env,
  });
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  const app = await buildApp({
    database,
    config,
    clock,
    logger: false,
    ...(webRoot ? { webRoot } : {}),
    ...(modules ? { modules } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    async close() {
      await app.close();
      await database.close();
      if (filesDir) rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

type Body = Record<string, unknown> | unknown[] | string | undefined;

/** A browser-like caller: keeps the session cookie and echoes the CSRF token on writes. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  /** `raw` sends bytes as they are (a file upload), with the caller's content-type. */
  async request(
    method: InjectOptions['method'],
    url: string,
    body?: Body,
    headers: Record<string, string> = {},
    raw?: Uint8Array | string,
  ) {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(raw !== undefined
        ? { payload: typeof raw === 'string' ? raw : Buffer.from(raw) }
        : body !== undefined
          ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
          : {}),
    });
    const setCookie = res.cookies.find((c) => c.name === 'zs_session');
    if (setCookie) this.cookie = setCookie.value ? `zs_session=${setCookie.value}` : '';
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : null, headers: res.headers };
  }

  get = (url: string) => this.request('GET', url);
  /** A GET whose answer is bytes (a PDF, a file), not JSON. */
  async getBytes(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: res.statusCode, bytes: new Uint8Array(res.rawPayload), headers: res.headers, text: res.body };
  }
  post = (url: string, body?: Body, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  put = (url: string, body?: Body) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: Body) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async signIn(username: string, password = DEMO_PASSWORD) {
    const res = await this.post('/api/v1/auth/sign-in', { username, password });
    if (res.status === 200) this.csrf = (res.body as { csrfToken: string }).csrfToken;
    return res;
  }
}

// Tests read answers field by field as the contract shapes them; `any` spares each test a cast of its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function signedIn(t: TestApp, username: string): Promise<Client> {
  const c = new Client(t.app);
  const res = await c.signIn(username);
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(res.body)}`);
  return c;
}

/** The actor a person is when acting in their default post, as services see them. */
export async function actorOf(database: Database, username: string): Promise<Actor> {
  const [acc] = await database.db.select().from(account).where(eq(account.username, username));
  if (!acc) throw new Error(`no demo user ${username}`);
  const actor = await loadActor(database.db, acc.personId, await defaultPostId(database.db, acc.personId), 'session');
  return actor!;
}

/** Registers an item owned by the creator's unit, as a module would. */
export async function makeItem(t: TestApp, creator: Actor, input: Partial<NewItem> & { title: string }) {
  const ctx = await contextFor(t, creator);
  return t.database.db.transaction((tx) =>
    createItem(tx, ctx, { kind: 'test', classification: '公开', owningUnitId: creator.unitId!, state: 'registered', ...input }),
  );
}

/**
 * The RequestContext of `actor` at the test clock's now, as a request builds it (the app's calendar and ceiling). Build
 * it before a transaction: on PGlite a query outside the transaction inside it waits for ever.
 */
export async function contextFor(t: TestApp, actor: Actor, requestId = 'test'): Promise<RequestContext> {
  return {
    actor,
    audit: { personId: actor.personId, postId: actor.postId, requestId },
    now: t.clock.now(),
    cal: await t.app.zs.calendar.get(),
    ceiling: t.config.classificationCeiling,
  };
}

/** A second server on the same PostgreSQL database, as a second instance behind a load balancer would be. */
export async function startSecondInstance(t: TestApp): Promise<TestApp> {
  const url = (t.database.pool!.options as { connectionString: string }).connectionString;
  const database = await openPostgres(url);
  const app = await buildApp({ database, config: t.config, clock: t.clock, logger: false });
  await app.ready();
  return {
    app,
    database,
    clock: t.clock,
    config: t.config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Reads a server-sent event stream and resolves when an event of the given name arrives. */
export class EventStream {
  private buffer = '';
  private readonly seen: string[] = [];
  private waiters: { name: string; resolve: () => void }[] = [];
  private readonly abort = new AbortController();

  static async open(baseUrl: string, cookie: string): Promise<EventStream> {
    const s = new EventStream();
    const res = await fetch(`${baseUrl}/api/v1/notifications/stream`, { headers: { cookie }, signal: s.abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream refused: ${res.status}`);
    void s.pump(res.body.getReader());
    await s.next('ready');
    return s;
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        this.buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, i);
          this.buffer = this.buffer.slice(i + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          if (!name) continue;
          this.seen.push(name);
          this.waiters = this.waiters.filter((w) => (w.name === name ? (w.resolve(), false) : true));
        }
      }
    } catch {
      // aborted by close()
    }
  }

  /** The number of events of this name received so far. */
  count(name: string): number {
    return this.seen.filter((n) => n === name).length;
  }

  next(name: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${name}" event within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ name, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close() {
    this.abort.abort();
  }
}

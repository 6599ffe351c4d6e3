import { Agent, request } from 'node:http';

// A browser-like client of the real server: keep-alive connections (one per concurrent caller), the
// session cookie, and the CSRF token echoed on writes, as the web app does.

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export class Http {
  readonly agent: Agent;

  constructor(
    readonly base: URL,
    sockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(
    method: string,
    path: string,
    opts: { body?: unknown; cookie?: string; csrf?: string } = {},
  ): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.csrf && method !== 'GET') headers['x-csrf-token'] = opts.csrf;
    return new Promise((resolve, reject) => {
      const req = request({ host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** One signed-in person: their cookie and CSRF token. */
export interface Session {
  personId: string;
  username: string;
  cookie: string;
  csrf: string;
}

export async function signIn(http: Http, personId: string, username: string, password: string): Promise<Session> {
  const res = await http.send('POST', '/api/v1/auth/sign-in', { body: { username, password } });
  if (res.status !== 200) throw new HttpError(res.status, res.text, `sign-in ${username}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = setCookie.map((c) => /^zs_session=([^;]*)/.exec(c)?.[1]).find(Boolean);
  if (!session) throw new Error(`sign-in ${username}: no session cookie`);
  return { personId, username, cookie: `zs_session=${session}`, csrf: (JSON.parse(res.text) as { csrfToken: string }).csrfToken };
}

/** A request as the session's person; anything but the expected status is an error of the run. */
export async function call<T>(
  http: Http,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
  expect = method === 'POST' ? [200, 201, 204] : [200],
): Promise<T> {
  const res = await http.send(method, path, { body, cookie: s.cookie, csrf: s.csrf });
  if (!expect.includes(res.status)) throw new HttpError(res.status, res.text, `${method} ${path} as ${s.username}`);
  return (res.text ? JSON.parse(res.text) : null) as T;
}

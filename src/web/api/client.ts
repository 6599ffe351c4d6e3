/** The one way pages talk to the server: same-origin JSON, the CSRF header on writes, errors as values. */

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = sessionStorage.getItem('zs.csrf');
const expiryListeners = new Set<() => void>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
  if (token) sessionStorage.setItem('zs.csrf', token);
  else sessionStorage.removeItem('zs.csrf');
}

/** The header a write carries beside its session cookie (for a write that is not through `api`: a download by POST). */
export const csrfHeader = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

/** Called when the server says the session is gone, so the app can go to sign-in and come back. */
export function onSessionExpired(fn: () => void): () => void {
  expiryListeners.add(fn);
  return () => expiryListeners.delete(fn);
}

/**
 * Reads the page makes by itself after a live update (badges, lists) are marked, so the server does not count them
 * as the person being active: an unattended page still times out (server: http/authenticate.ts).
 */
let backgroundUntil = 0;
export function markBackground(ms = 3000) {
  backgroundUntil = Date.now() + ms;
}

async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'GET' && Date.now() < backgroundUntil) headers['x-zs-background'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return send<T>(
    `/api/v1${path}`,
    { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) },
    opts,
  );
}

/** Sends a file as the request body, as it is (streamed by the browser), its name in X-File-Name. */
export async function upload<T>(path: string, file: File): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': file.type || 'application/octet-stream',
    'x-file-name': encodeURIComponent(file.name),
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return send<T>(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
}

async function send<T>(url: string, init: RequestInit, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = (data as ApiErrorBody | null)?.error;
    const e = new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? res.statusText, err?.details);
    if (res.status === 401 && !opts.quiet401 && (e.code === 'UNAUTHENTICATED' || e.code === 'SESSION_EXPIRED')) {
      for (const fn of expiryListeners) fn();
    }
    throw e;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, opts?: { quiet401?: boolean }) => request<T>('GET', path, undefined, opts),
  post: <T = void>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T = void>(path: string, body: unknown = {}) => request<T>('PUT', path, body),
  patch: <T = void>(path: string, body: unknown = {}) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

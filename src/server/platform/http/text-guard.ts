import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors';

/**
 * Text PostgreSQL or JSON cannot hold is refused at the edge with a 400, before any handler runs: a NUL
 * (PostgreSQL text has none: `invalid byte sequence for encoding "UTF8": 0x00`), a lone surrogate (not UTF-8;
 * jsonb refuses it, text would store U+FFFD silently), bytes that are not UTF-8, and percent-escapes that do
 * not decode. Every JSON body and every query string passes here, so no route has to remember it.
 */
type Problem = 'nul' | 'surrogate' | 'proto' | 'depth';

// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, ES2024).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(s: string): 'nul' | 'surrogate' | null {
  if (s.includes('\0')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

const MESSAGES: Record<Problem, string> = {
  nul: '含有空字符（\\0），无法保存',
  surrogate: '含有无法识别的字符（不完整的 Unicode 代理项），无法保存',
  proto: '字段名无效',
  depth: '嵌套层数过多（超过 64 层）',
};

/** Deeper than any request of ours nests; a deeper body is refused rather than walked. */
const MAX_DEPTH = 64;

/**
 * The first string (key or value) in a parsed JSON value that cannot be stored, with its path. Walked with an
 * explicit stack and a depth limit, each node once, the path built only for the culprit: a hostile body (5,000
 * nested arrays of empty strings) must cost no more than reading it.
 */
function findUnstorable(root: unknown): { path: string; problem: Problem } | null {
  type Frame = { v: unknown; depth: number; parent: Frame | null; key: string };
  const pathOf = (f: Frame) => {
    const parts: string[] = [];
    for (let x: Frame | null = f; x && x.parent; x = x.parent) parts.push(x.key.replace(/[\0\uD800-\uDFFF]/g, '?'));
    return parts.reverse().join('.') || '(body)';
  };
  const stack: Frame[] = [{ v: root, depth: 0, parent: null, key: '' }];
  while (stack.length) {
    const f = stack.pop()!;
    if (typeof f.v === 'string') {
      const problem = unstorable(f.v);
      if (problem) return { path: pathOf(f), problem };
      continue;
    }
    if (!f.v || typeof f.v !== 'object') continue;
    if (f.depth >= MAX_DEPTH) return { path: pathOf(f), problem: 'depth' };
    if (Array.isArray(f.v)) {
      for (let i = f.v.length - 1; i >= 0; i--) stack.push({ v: f.v[i], depth: f.depth + 1, parent: f, key: String(i) });
      continue;
    }
    for (const [k, x] of Object.entries(f.v)) {
      const at: Frame = { v: x, depth: f.depth + 1, parent: f, key: k };
      const bad = unstorable(k);
      if (bad) return { path: pathOf(at), problem: bad };
      // A key JSON.parse keeps as a plain property but Object.assign would turn into a prototype (Fastify's own parser refuses it too).
      if (k === '__proto__') return { path: pathOf(at), problem: 'proto' };
      stack.push(at);
    }
  }
  return null;
}

const badText = (where: string, problem: Problem) =>
  new DomainError('VALIDATION_FAILED', `请求参数有误：${where}${MESSAGES[problem]}`, [
    { path: where, message: MESSAGES[problem] },
  ]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The query string's parameters as sent, each decoded strictly (a bad escape throws, unlike the router's parser). */
function checkQuery(url: string) {
  const q = url.indexOf('?');
  if (q < 0) return;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw new DomainError('VALIDATION_FAILED', '请求参数有误：查询参数的编码无效（不是 UTF-8）');
    }
    const problem = unstorable(key) ?? unstorable(value);
    if (problem) throw badText(`querystring.${key.replace(/[\0\uD800-\uDFFF]/g, '?')}`, problem);
  }
}

export function registerTextGuard(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    checkQuery(req.url);
  });
  // JSON bodies are decoded strictly (invalid UTF-8 is refused, not turned into U+FFFD) and checked whole.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new DomainError('MALFORMED_JSON', '请求内容不是有效的 UTF-8 文本'), undefined);
    }
    let value: unknown;
    try {
      value = text.length ? JSON.parse(text) : undefined;
    } catch {
      return done(new DomainError('MALFORMED_JSON', '请求内容不是有效的 JSON'), undefined);
    }
    const found = findUnstorable(value);
    if (found) return done(badText(`body.${found.path}`, found.problem), undefined);
    done(null, value);
  });
}

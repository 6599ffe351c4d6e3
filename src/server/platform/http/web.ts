import { existsSync } from 'node:fs';
import { join, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const here = dirname(fileURLToPath(import.meta.url));
const WEB_ROOT = join(here, '..', '..', '..', '..', 'dist', 'web');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>中枢</title>
<p>前端尚未构建。请运行 <code>npm start</code>（会先构建前端）或 <code>npm run build:web</code>。</p>`;

/**
 * Serves the built web app from dist/web on the same origin as the API. Paths outside /api that are not
 * files get index.html, so a reload on /admin/org or a shared link opens the right page. Text files go out
 * compressed (brotli or gzip, as the browser accepts) from the copies the build made.
 */
export async function registerWeb(app: FastifyInstance, root = WEB_ROOT) {
  const built = existsSync(join(root, 'index.html'));
  const assets = resolve(root, 'assets') + sep;
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // Look files up on each request, so a rebuild is served without a restart (hashed names change).
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      // The build writes file.br and file.gz beside each text file (bin/web-build.js precompress); a browser
      // that accepts one gets it, with Vary: Accept-Encoding, and no CPU is spent compressing per request.
      preCompressed: true,
      setHeaders(res, path) {
        // Hashed assets never change; the page itself must always be fresh.
        res.header('cache-control', resolve(path).startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  return function spaFallback(url: string, method: string) {
    if (method !== 'GET' && method !== 'HEAD') return null;
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/assets/')) return null;
    return built ? { file: 'index.html' as const } : { html: NOT_BUILT };
  };
}

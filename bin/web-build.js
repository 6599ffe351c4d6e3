import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = join(root, 'dist', 'web');
const INPUTS = ['src/web', 'src/contract', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return 0;
  const st = statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(abs)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Builds the web app when its sources are newer than the last build into `outDir`; true when it built.
 * The stamp records the newest input time, so a checkout with older files still builds once.
 */
export async function buildWebIfStale({ force = false, outDir = DEFAULT_OUT } = {}) {
  const out = resolve(outDir);
  const stamp = join(out, '.build-stamp');
  const newest = Math.max(...INPUTS.map(newestMtime));
  if (!force && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= newest) return false;
  const { build } = await import('vite');
  // Vite takes React's build flavour from NODE_ENV; under the test runner it is 'test', which would
  // ship the development build. What is served must be what production serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stamp, String(newest));
  return true;
}

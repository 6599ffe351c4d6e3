import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', 'web', '.build-stamp');
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

/** True when it built. The stamp records the newest input time, so a checkout with older files still builds. */
export async function buildWebIfStale({ force = false } = {}) {
  const newest = Math.max(...INPUTS.map(newestMtime));
  if (!force && existsSync(STAMP) && Number(readFileSync(STAMP, 'utf8')) >= newest) return false;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, String(newest));
  return true;
}

import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = join(root, 'dist', 'web');
const INPUTS = ['src/web', 'src/contract', 'vite.config.ts', 'package-lock.json', 'bin/web-build.js'];
// Text the browser downloads; images and fonts in these formats are compressed already.
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.wasm']);
const MIN_BYTES = 1024;
// Brotli 10, not 11: on the 1.5 MB vendor bundle 11 saves 1 % more (388 vs 392 KiB) for nearly twice the
// time (53 vs 30 s on the loaded 2-core test machine; a few seconds on a quiet one), spent on every first start.
const BROTLI_QUALITY = 10;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/**
 * Writes `file.br` and `file.gz` beside each text file of a built web app, once at build time, so the
 * server sends them to browsers that accept them (@fastify/static `preCompressed`) without compressing
 * per request. A file is left alone when compression would not make it smaller. Returns the bytes before
 * and after (brotli) of what it compressed.
 */
export async function precompress(dir) {
  const files = filesUnder(dir).filter((f) => COMPRESSIBLE.has(extname(f)) && statSync(f).size >= MIN_BYTES);
  let before = 0;
  let after = 0;
  await Promise.all(
    files.map(async (file) => {
      const data = await readFile(file);
      const [br, gz] = await Promise.all([
        brotli(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }),
        gzipAsync(data, { level: zlib.Z_BEST_COMPRESSION }),
      ]);
      if (br.length < data.length) await writeFile(`${file}.br`, br);
      if (gz.length < data.length) await writeFile(`${file}.gz`, gz);
      before += data.length;
      after += Math.min(br.length, data.length);
    }),
  );
  return { files: files.length, before, after };
}

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
 * `log` is told when a build starts and how long it took: a first start spends tens of seconds here.
 * `viteBuild` is Vite's `build` unless a test gives a quicker one.
 */
export async function buildWebIfStale({ force = false, outDir = DEFAULT_OUT, log = () => {}, viteBuild } = {}) {
  const out = resolve(outDir);
  const stamp = join(out, '.build-stamp');
  const newest = Math.max(...INPUTS.map(newestMtime));
  if (!force && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= newest) return false;
  const started = Date.now();
  log(existsSync(stamp) ? '前端源文件有改动，正在重新构建（约需半分钟）…' : '正在构建前端（首次启动约需半分钟）…');
  const build = viteBuild ?? (await import('vite')).build;
  // Vite takes React's build flavour from NODE_ENV; under the test runner it is 'test', which would
  // ship the development build. What is served must be what production serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const { before, after } = await precompress(out);
  writeFileSync(stamp, String(newest));
  const kib = (n) => `${Math.round(n / 1024)} KiB`;
  log(
    `前端已构建：${out}（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒；文本文件 ${kib(before)}，预压缩为 br 后 ${kib(after)}）`,
  );
  return true;
}

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { buildWebIfStale } from '../../bin/web-build.js';

/**
 * `npm start` builds the web app first; on a fresh clone that takes tens of seconds, which must not pass in
 * silence. Vite itself is replaced by a quick stand-in that writes what a build writes.
 */
describe('building the web app at start', () => {
  const out = mkdtempSync(join(tmpdir(), 'zs-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const script = Array.from({ length: 300 }, (_, i) => `console.log('第${i}号');`).join('\n');
  const fakeVite = async ({ build }: { build: { outDir: string } }) => {
    mkdirSync(join(build.outDir, 'assets'), { recursive: true });
    writeFileSync(join(build.outDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(build.outDir, 'assets', 'index-abc.js'), script);
  };

  it('says it is building before it starts and how long it took when done, and leaves compressed copies', async () => {
    const lines: string[] = [];
    let linesWhenViteRan = -1;
    const built = await buildWebIfStale({
      outDir: out,
      log: (l) => lines.push(l),
      viteBuild: async (c) => {
        linesWhenViteRan = lines.length;
        await fakeVite(c);
      },
    });
    expect(built).toBe(true);
    expect(linesWhenViteRan).toBe(1);
    expect(lines[0]).toMatch(/正在构建前端/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/前端已构建.*用时 \d+\.\d 秒/);
    expect(brotliDecompressSync(readFileSync(join(out, 'assets', 'index-abc.js.br'))).toString()).toBe(script);
    expect(existsSync(join(out, 'assets', 'index-abc.js.gz'))).toBe(true);
  });

  it('says nothing and builds nothing when the sources have not changed since', async () => {
    const lines: string[] = [];
    const built = await buildWebIfStale({
      outDir: out,
      log: (l) => lines.push(l),
      viteBuild: async () => {
        throw new Error('built again');
      },
    });
    expect(built).toBe(false);
    expect(lines).toEqual([]);
  });
});

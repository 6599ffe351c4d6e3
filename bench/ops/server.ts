import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The server measured is the product as deployed: `node bin/zhongshu.js serve` in its own process, with
// its default settings (log level, job polling, pool size) unless the run says otherwise.

export interface RunningServer {
  url: URL;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export async function startServer(env: Record<string, string>, logLevel: string): Promise<RunningServer> {
  const port = await freePort();
  const filesDir = mkdtempSync(join(tmpdir(), 'zs-bench-files-'));
  const logDir = mkdtempSync(join(tmpdir(), 'zs-bench-log-'));
  const logFile = join(logDir, 'server.log');
  const dataKey = randomBytes(32).toString('hex');
  const log = createWriteStream(logFile);
  // BENCH_SERVER_NODE_OPTIONS: Node options for the measured server only (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const nodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, resolve('bin/zhongshu.js'), 'serve'], {
    // A data key of the run's own (a PostgreSQL server outside the demo needs one; its files live as long as the run).
    env: {
      ZHONGSHU_DATA_KEY: dataKey,
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ZHONGSHU_DEMO: '0',
      LOG_LEVEL: logLevel,
      ZHONGSHU_FILES_DIR: filesDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited: number | null = null;
  const exit = new Promise<void>((res) => child.once('exit', (code) => ((exited = code ?? -1), res())));
  const url = new URL(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`the server exited (${exited}) while starting; see ${logFile}`);
    try {
      const r = await fetch(new URL('/api/health', url));
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not start within 120 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    logFile,
    async stop() {
      if (exited === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exit;
      clearTimeout(timer);
      log.end();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  out: string[];
  err: string[];
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** `zhongshu serve` as a child process, as an operator starts it. */
export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['bin/zhongshu.js', 'serve'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, out, err, exited };
}

export async function waitHealthy(port: number, p: ServerProcess, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (p.child.exitCode !== null) throw new Error(`server exited: ${p.err.join('')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy within ${ms} ms: ${p.err.join('')}`);
}

/**
 * SIGTERM, then waits for the exit; a process still there after `ms` is killed with SIGKILL, so that no test
 * run leaves a server behind. Resolves to the exit code (or 'SIGKILL' when it had to be killed).
 */
export async function stopServer(p: ServerProcess, ms = 10_000): Promise<number | NodeJS.Signals | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.exited;
  p.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const first = await Promise.race([p.exited, late]);
  clearTimeout(timer);
  if (first !== 'late') return first;
  p.child.kill('SIGKILL');
  return p.exited;
}

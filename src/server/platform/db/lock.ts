import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `数据目录 ${dir} 正被另一个中枢进程使用（${holder}）。同一数据目录只能由一个进程打开；` +
        `请先停止那个进程，或用 ZHONGSHU_DATA_DIR 指定另一个目录。`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock on its data directory, and two processes writing one directory corrupt it.
 * We take an exclusive lock file (O_EXCL) holding our pid; a lock left by a dead process on this host
 * is taken over.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'zhongshu.lock');
  const me = `${hostname()}:${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, me);
      closeSync(fd);
      return () => {
        try {
          if (existsSync(file) && readFileSync(file, 'utf8') === me) rmSync(file);
        } catch {
          // the lock may already be gone on shutdown; nothing to do
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readFileSync(file, 'utf8').trim();
      const [host, pidText] = holder.split(':');
      const pid = Number(pidText);
      if (host === hostname() && Number.isInteger(pid) && !isAlive(pid)) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DataDirLockedError(dir, `进程 ${holder || '未知'}`);
    }
  }
  throw new DataDirLockedError(dir, '无法取得锁');
}

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DomainError, unavailable } from '../errors';

// .docx → PDF through LibreOffice headless. Each conversion runs in a temporary directory with its own user
// profile (two soffice processes sharing a profile block each other), one at a time per process: a soffice
// takes a few hundred MB and a core while it runs.

export interface OfficeOptions {
  /** soffice or libreoffice executable; by default the first found on PATH or in the usual install places. */
  soffice?: string;
  /** Kill the conversion after this long. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const NAMES = ['soffice', 'libreoffice'];
const PLACES = ['/usr/bin', '/usr/local/bin', '/usr/lib/libreoffice/program', '/opt/libreoffice/program', '/Applications/LibreOffice.app/Contents/MacOS'];

const MISSING = '未安装 LibreOffice，无法生成 PDF；可下载 .docx。管理员可安装 libreoffice-writer-nogui（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或以 ZHONGSHU_SOFFICE 指定 soffice 的路径。';

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The soffice to run: the configured one if it exists, else the first on PATH or in a usual place; null if none. */
export function findSoffice(configured?: string): string | null {
  if (configured) return existsSync(configured) && executable(configured) ? configured : null;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...PLACES];
  for (const dir of dirs) for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  return null;
}

export function officeAvailable(opts: OfficeOptions = {}): boolean {
  return findSoffice(opts.soffice) !== null;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every conversion queued before it, whether those succeeded or not. */
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** Converts a .docx to PDF. Throws UNAVAILABLE when LibreOffice is not installed or does not finish in time. */
export function convertToPdf(docx: Uint8Array, opts: OfficeOptions = {}): Promise<Uint8Array> {
  const soffice = findSoffice(opts.soffice);
  if (!soffice) return Promise.reject(unavailable(MISSING));
  return serialised(() => convertIn(soffice, docx, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}

async function convertIn(soffice: string, docx: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'zhongshu-office-'));
  try {
    const input = join(dir, 'document.docx');
    await writeFile(input, docx);
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      '--norestore',
      '--convert-to',
      // Keep the blank page an even-page section break inserts before the 版记 page: the PDF is printed two-sided.
      'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
      '--outdir',
      dir,
      input,
    ];
    const { code, output } = await run(soffice, args, timeoutMs);
    const pdf = join(dir, 'document.pdf');
    if (code !== 0 || !existsSync(pdf)) {
      throw new DomainError('INTERNAL', `LibreOffice 未能生成 PDF（退出码 ${code}）`, { output: output.slice(-2000) });
    }
    return new Uint8Array(await readFile(pdf));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout also ends the soffice.bin the soffice script starts.
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: process.env.HOME ?? tmpdir() } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(unavailable(`无法启动 LibreOffice（${cmd}）：${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(unavailable(`LibreOffice 生成 PDF 超时（${Math.round(timeoutMs / 1000)} 秒），请稍后重试或下载 .docx`));
      else resolve({ code, output });
    });
  });
}

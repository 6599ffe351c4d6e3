import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DomainError, unavailable } from '../errors';

// Office documents → PDF through LibreOffice headless. Each conversion runs in a temporary directory with its own
// user profile (two soffice processes sharing a profile block each other), one at a time per process: a soffice
// takes a few hundred MB and a core while it runs. At most MAX_WAITING wait their turn; more are refused as busy
// rather than queued for minutes.

export interface OfficeOptions {
  /** soffice or libreoffice executable; by default the first found on PATH or in the usual install places. */
  soffice?: string;
  /** Kill the conversion after this long. */
  timeoutMs?: number;
}

export interface ConvertOptions extends OfficeOptions {
  /** The input's type, by extension: docx (default), doc, odt, rtf, wps… */
  ext?: string;
  /** Export Word bookmarks as named PDF destinations with their positions (pdf/destinations.ts reads them). */
  destinations?: boolean;
}

const MAX_WAITING = 8;

/** Extensions LibreOffice opens in Writer. */
const WRITER = new Set(['docx', 'doc', 'odt', 'rtf', 'txt', 'wps']);

const DEFAULT_TIMEOUT_MS = 60_000;
const NAMES = ['soffice', 'libreoffice'];
const PLACES = [
  '/usr/bin',
  '/usr/local/bin',
  '/usr/lib/libreoffice/program',
  '/opt/libreoffice/program',
  '/Applications/LibreOffice.app/Contents/MacOS',
];

const MISSING =
  '未安装 LibreOffice，无法生成 PDF；可下载 .docx。管理员可安装 libreoffice-writer-nogui（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或以 ZHONGSHU_SOFFICE 指定 soffice 的路径。';

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The soffice to run: the configured one if it exists, else the first on PATH or in a usual place; null if none. */
function findSoffice(configured?: string): string | null {
  if (configured) return existsSync(configured) && executable(configured) ? configured : null;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...PLACES];
  for (const dir of dirs) for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  return null;
}

export function officeAvailable(opts: OfficeOptions = {}): boolean {
  return findSoffice(opts.soffice) !== null;
}

/** How many conversions this process has run (what a cache spares shows here). */
export const officeStats = { conversions: 0 };

let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** Runs `task` after every conversion queued before it, whether those succeeded or not. */
function serialised<T>(task: () => Promise<T>): Promise<T> {
  if (waiting >= MAX_WAITING) return Promise.reject(unavailable('文档转换繁忙，请稍后再试'));
  waiting++;
  const run = () => {
    waiting--;
    return task();
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** Converts an office document (.docx unless `ext` says otherwise) to PDF. Throws UNAVAILABLE when LibreOffice is not installed, is busy, or does not finish in time. */
export function convertToPdf(input: Uint8Array, opts: ConvertOptions = {}): Promise<Uint8Array> {
  const soffice = findSoffice(opts.soffice);
  if (!soffice) return Promise.reject(unavailable(MISSING));
  const ext = /^[a-z0-9]{1,8}$/u.test(opts.ext ?? '') ? opts.ext! : 'docx';
  return serialised(() => convertIn(soffice, input, ext, opts.destinations ?? false, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
}

async function convertIn(
  soffice: string,
  bytes: Uint8Array,
  ext: string,
  destinations: boolean,
  timeoutMs: number,
): Promise<Uint8Array> {
  officeStats.conversions++;
  const dir = await mkdtemp(join(tmpdir(), 'zhongshu-office-'));
  try {
    const input = join(dir, `document.${ext}`);
    await writeFile(input, bytes);
    const filter = {
      IsSkipEmptyPages: { type: 'boolean', value: 'false' },
      ...(destinations ? { ExportBookmarksToPDFDestination: { type: 'boolean', value: 'true' } } : {}),
    };
    // Spreadsheets and presentations take the generic export; the Writer options apply to text documents only.
    const target = WRITER.has(ext) ? `pdf:writer_pdf_Export:${JSON.stringify(filter)}` : 'pdf';
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--invisible',
      '--nologo',
      '--nodefault',
      '--nolockcheck',
      '--norestore',
      '--convert-to',
      // Keep blank pages (the one before a 版记 page): the PDF is printed two-sided.
      target,
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
    const child = spawn(cmd, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: process.env.HOME ?? tmpdir() },
    });
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
      if (timedOut)
        reject(unavailable(`LibreOffice 转换为 PDF 超时（${Math.round(timeoutMs / 1000)} 秒），请稍后重试或下载原文件`));
      else resolve({ code, output });
    });
  });
}

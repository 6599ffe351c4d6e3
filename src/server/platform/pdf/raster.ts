import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DomainError, unavailable } from '../errors';

// PDF pages as PNG images through poppler (pdfinfo, pdftoppm), for previews: an <img> shows on every phone and
// under the app's CSP, where a framed PDF shows on few. At most two run at a time; each is killed after a while.

const PLACES = ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
const TIMEOUT_MS = 30_000;
const MAX_RUNNING = 2;
const MAX_WAITING = 16;

function find(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...PLACES]) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

export const rasterAvailable = () => find('pdftoppm') !== null && find('pdfinfo') !== null;

const MISSING =
  '服务器未安装 poppler-utils，无法在线预览 PDF；可下载后查看。管理员可安装 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils）。';

let running = 0;
const waiters: (() => void)[] = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiters.length >= MAX_WAITING) throw unavailable('预览生成繁忙，请稍后再试');
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiters.shift()?.();
  }
}

/** Runs a poppler tool with the PDF on its standard input; its standard output. */
function runTool(name: string, args: string[], input: Uint8Array): Promise<Buffer> {
  const cmd = find(name);
  if (!cmd) return Promise.reject(unavailable(MISSING));
  return limited(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        const child = spawn(cmd, [...args, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(unavailable(`无法启动 ${name}：${e.message}`));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (signal === 'SIGKILL') reject(unavailable('预览生成超时，请下载后查看'));
          else if (code !== 0)
            reject(new DomainError('UNSUPPORTED_MEDIA_TYPE', '文件无法解析为 PDF，请下载后查看', { tool: name, output: err }));
          else resolve(Buffer.concat(out));
        });
        // A PDF the tool stops reading early (a broken one) closes the pipe; that is not our failure.
        child.stdin.on('error', () => undefined);
        child.stdin.end(Buffer.from(input));
      }),
  );
}

/** The number of pages of a PDF. */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  const info = (await runTool('pdfinfo', [], pdf)).toString('utf8');
  const pages = Number(/^Pages:\s+(\d+)/mu.exec(info)?.[1] ?? NaN);
  if (!Number.isInteger(pages) || pages < 1) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '文件无法解析为 PDF，请下载后查看');
  return pages;
}

/** One page (1-based) as a PNG `width` pixels wide. */
export function pdfPagePng(pdf: Uint8Array, page: number, width: number): Promise<Uint8Array> {
  return runTool(
    'pdftoppm',
    ['-png', '-f', String(page), '-l', String(page), '-scale-to-x', String(width), '-scale-to-y', '-1', '-singlefile'],
    pdf,
  );
}

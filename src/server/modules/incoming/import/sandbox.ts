// Reading a 来文 happens off the event loop every request shares: in a worker thread, with a time limit and a
// memory ceiling. A file that still finds a slow path in the parser costs that thread (terminated, replaced)
// and the registrar a message, never the server's other users their answers.
import { Worker } from 'node:worker_threads';
import type { ImportResult } from '../../../../contract/incoming-import';
import { DomainError } from '../../../platform/errors';
import type { ImportJob, WorkerReply } from './worker';

// The server runs TypeScript through tsx registered at run time (bin/zhongshu.js), not by a command-line flag
// a worker would inherit, so the thread registers tsx itself before it loads its entry. (The ESM build: the
// CommonJS one, which require.resolve would find, cannot register from a worker.)
const TSX = import.meta.resolve('tsx/esm/api');
const ENTRY = new URL('./worker.ts', import.meta.url).href;
const BOOT = new URL(
  `data:text/javascript,${encodeURIComponent(`const { register } = await import(${JSON.stringify(TSX)}); register(); await import(${JSON.stringify(ENTRY)});`)}`,
);

// Two threads match the two cores of the target machine; a few more imports wait, the rest are turned away.
const MAX_THREADS = 2;
const MAX_WAITING = 16;
// The parser holds the text a few times over (lines, their compact forms): ample for the largest file it accepts.
const MAX_HEAP_MB = 256;

const timedOut = () => new DomainError('VALIDATION_FAILED', '来文解析超时（文件过大或结构异常），请手工登记');
const outOfMemory = () => new DomainError('PAYLOAD_TOO_LARGE', '来文过大或结构异常，解析时内存不足，请手工登记');

type Settle = { resolve: (m: WorkerReply) => void; reject: (e: Error) => void };

/**
 * One worker thread, kept between imports since starting one (tsx, the parser) takes longer than most parses.
 * Held only while it works: an idle thread does not keep the process alive.
 */
class ImportThread {
  private readonly worker = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } });
  private readonly ready: Promise<void>;
  private current: Settle | null = null;
  alive = true;

  constructor() {
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.current = { resolve: () => resolve(), reject };
    });
    this.worker.on('message', (m: WorkerReply) => this.settle((s) => s.resolve(m)));
    this.worker.on('error', (e: Error & { code?: string }) => this.end(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory() : e));
    this.worker.on('exit', (code) => this.end(new Error(`来文解析线程意外退出（退出码 ${code}）`)));
  }

  private settle(outcome: (s: Settle) => void) {
    const s = this.current;
    this.current = null;
    if (s) outcome(s);
  }

  private end(e: Error) {
    this.alive = false;
    this.settle((s) => s.reject(e));
  }

  async parse(job: ImportJob, timeoutMs: number): Promise<ImportResult> {
    await this.ready;
    this.worker.ref();
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<WorkerReply>((resolve, reject) => {
        this.current = { resolve, reject };
        timer = setTimeout(() => {
          this.end(timedOut());
          void this.worker.terminate();
        }, timeoutMs);
        this.worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
      });
      if (reply.kind === 'done') return reply.result;
      if (reply.kind === 'refused') throw new DomainError(reply.code, reply.message);
      const fault = new Error(reply.kind === 'failed' ? reply.message : `来文解析线程的回复不可识别（${reply.kind}）`);
      if (reply.kind === 'failed' && reply.stack) fault.stack = reply.stack;
      throw fault;
    } finally {
      clearTimeout(timer);
      this.worker.unref();
    }
  }
}

const idle: ImportThread[] = [];
let busy = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<ImportThread> {
  if (busy >= MAX_THREADS) {
    if (waiting.length >= MAX_WAITING) throw new DomainError('RATE_LIMITED', '正在识别的来文过多，请稍后再试');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else busy++;
  let thread = idle.pop();
  while (thread && !thread.alive) thread = idle.pop();
  return thread ?? new ImportThread();
}

/** Keeps a thread that answered for the next import, and hands the slot to an import waiting, if any. */
function release(thread: ImportThread) {
  if (thread.alive) idle.push(thread);
  const next = waiting.shift();
  if (next) next();
  else busy--;
}

/**
 * parseOfficialDocument in a worker thread: its answer, or its DomainError; a 400 when it runs past
 * `timeoutMs`, a 413 when it runs out of memory, a 429 when too many imports are already waiting.
 */
export async function parseInWorker(bytes: Uint8Array, fileName: string, contentType: string | undefined, timeoutMs: number): Promise<ImportResult> {
  const thread = await acquire();
  try {
    // A copy of its own, so that only the file (not the request's pooled buffer) is handed to the thread.
    return await thread.parse({ bytes: bytes.slice(), fileName, contentType }, timeoutMs);
  } finally {
    release(thread);
  }
}

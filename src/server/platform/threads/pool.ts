// Work that could hold the event loop every request shares (reading a 来文, drawing an OFD) runs in worker threads:
// with a time limit and a memory ceiling, so that a file which finds a slow path costs that thread (terminated,
// replaced) and its requester a message, never the server's other users their answers.
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import type { ThreadReply } from './serve';

// The server runs TypeScript through tsx registered at run time (bin/zhongshu.js), not by a command-line flag
// a worker would inherit, so the thread registers tsx itself before it loads its entry. (The ESM build: the
// CommonJS one, which require.resolve would find, cannot register from a worker.)
// Resolved when a thread starts, not when this file loads: some loaders (vitest's global setup) cannot resolve.
const bootFor = (entry: URL) => {
  const tsx = import.meta.resolve('tsx/esm/api');
  return new URL(
    `data:text/javascript,${encodeURIComponent(`const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)});`)}`,
  );
};

export interface ThreadPoolOptions {
  /** The module the threads run; it calls serveThread. */
  entry: URL;
  /** What the work is, in the messages people read: 来文解析, OFD 预览 … */
  label: string;
  maxThreads: number;
  /** Jobs beyond the threads wait their turn, up to this many; more are refused as busy. */
  maxWaiting: number;
  maxHeapMb: number;
  timedOut: () => DomainError;
  outOfMemory: () => DomainError;
  busy: () => DomainError;
}

type Settle<R> = { resolve: (m: ThreadReply<R>) => void; reject: (e: Error) => void };

/**
 * One worker thread, kept between jobs since starting one (tsx, the job's code) takes longer than most jobs.
 * Held only while it works: an idle thread does not keep the process alive.
 */
class PooledThread<J, R> {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private current: Settle<R> | null = null;
  alive = true;

  constructor(private readonly o: ThreadPoolOptions) {
    this.worker = new Worker(bootFor(o.entry), { resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb } });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.current = { resolve: () => resolve(), reject };
    });
    this.worker.on('message', (m: ThreadReply<R>) => this.settle((s) => s.resolve(m)));
    this.worker.on('error', (e: Error & { code?: string }) =>
      this.end(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? o.outOfMemory() : e),
    );
    this.worker.on('exit', (code) => this.end(new Error(`${o.label}线程意外退出（退出码 ${code}）`)));
  }

  private settle(outcome: (s: Settle<R>) => void) {
    const s = this.current;
    this.current = null;
    if (s) outcome(s);
  }

  private end(e: Error) {
    this.alive = false;
    this.settle((s) => s.reject(e));
  }

  async run(job: J, transfer: ArrayBuffer[], timeoutMs: number): Promise<R> {
    await this.ready;
    this.worker.ref();
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<ThreadReply<R>>((resolve, reject) => {
        this.current = { resolve, reject };
        timer = setTimeout(() => {
          this.end(this.o.timedOut());
          void this.worker.terminate();
        }, timeoutMs);
        this.worker.postMessage(job, transfer);
      });
      if (reply.kind === 'done') return reply.result;
      if (reply.kind === 'refused') throw new DomainError(reply.code, reply.message);
      const fault = new Error(reply.kind === 'failed' ? reply.message : `${this.o.label}线程的回复不可识别（${reply.kind}）`);
      if (reply.kind === 'failed' && reply.stack) fault.stack = reply.stack;
      throw fault;
    } finally {
      clearTimeout(timer);
      this.worker.unref();
    }
  }
}

export interface ThreadPool<J, R> {
  /**
   * The job's result from a thread, or its DomainError; `timedOut()` when it runs past `timeoutMs`, `outOfMemory()`
   * when it runs out of memory, `busy()` when too many jobs are already waiting. `transfer` moves buffers in.
   */
  run(job: J, transfer: ArrayBuffer[], timeoutMs: number): Promise<R>;
}

export function threadPool<J, R>(o: ThreadPoolOptions): ThreadPool<J, R> {
  const idle: PooledThread<J, R>[] = [];
  let busy = 0;
  const waiting: (() => void)[] = [];

  async function acquire(): Promise<PooledThread<J, R>> {
    if (busy >= o.maxThreads) {
      if (waiting.length >= o.maxWaiting) throw o.busy();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else busy++;
    let thread = idle.pop();
    while (thread && !thread.alive) thread = idle.pop();
    return thread ?? new PooledThread<J, R>(o);
  }

  /** Keeps a thread that answered for the next job, and hands the slot to a job waiting, if any. */
  function release(thread: PooledThread<J, R>) {
    if (thread.alive) idle.push(thread);
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }

  return {
    async run(job, transfer, timeoutMs) {
      const thread = await acquire();
      try {
        return await thread.run(job, transfer, timeoutMs);
      } finally {
        release(thread);
      }
    },
  };
}

// Reading a 来文 happens off the event loop every request shares: in a pooled worker thread (platform/threads), with
// a time limit and a memory ceiling.
import type { ImportResult } from '../../../../contract/incoming-import';
import { DomainError } from '../../../platform/errors';
import { threadPool } from '../../../platform/threads/pool';
import type { ImportJob } from './worker';

const pool = threadPool<ImportJob, ImportResult>({
  entry: new URL('./worker.ts', import.meta.url),
  label: '来文解析',
  // Two threads match the two cores of the target machine; a few more imports wait, the rest are turned away.
  maxThreads: 2,
  maxWaiting: 16,
  // The parser holds the text a few times over (lines, their compact forms): ample for the largest file it accepts.
  maxHeapMb: 256,
  timedOut: () => new DomainError('VALIDATION_FAILED', '来文解析超时（文件过大或结构异常），请手工登记'),
  outOfMemory: () => new DomainError('PAYLOAD_TOO_LARGE', '来文过大或结构异常，解析时内存不足，请手工登记'),
  busy: () => new DomainError('RATE_LIMITED', '正在识别的来文过多，请稍后再试'),
});

/**
 * parseOfficialDocument in a worker thread: its answer, or its DomainError; a 400 when it runs past
 * `timeoutMs`, a 413 when it runs out of memory, a 429 when too many imports are already waiting.
 */
export function parseInWorker(
  bytes: Uint8Array,
  fileName: string,
  contentType: string | undefined,
  timeoutMs: number,
): Promise<ImportResult> {
  // A copy of its own, so that only the file (not the request's pooled buffer) is handed to the thread.
  const own = bytes.slice();
  return pool.run({ bytes: own, fileName, contentType }, [own.buffer], timeoutMs);
}

// Drawing an OFD is ours to do (no converter reads it), in JavaScript: a large or hostile package could hold the
// event loop, so it is drawn in a pooled thread with a time limit and a memory ceiling.
import { DomainError } from '../errors';
import type { FontFace, FontRole } from '../pdf/fonts';
import { threadPool } from '../threads/pool';
import type { OfdJob } from './worker';

const pool = threadPool<OfdJob, Uint8Array>({
  entry: new URL('./worker.ts', import.meta.url),
  label: 'OFD 预览',
  maxThreads: 1,
  maxWaiting: 8,
  // A package's parts are inflated into memory (256 MB at most, read.ts), fonts and pictures with them.
  maxHeapMb: 768,
  timedOut: () => new DomainError('UNSUPPORTED_MEDIA_TYPE', 'OFD 文件过大或结构异常，预览超时'),
  outOfMemory: () => new DomainError('UNSUPPORTED_MEDIA_TYPE', 'OFD 文件过大或结构异常，预览时内存不足'),
  busy: () => new DomainError('RATE_LIMITED', '正在生成的预览过多，请稍后再试'),
});

const TIMEOUT_MS = 60_000;

/** The OFD package as a PDF, drawn in a thread; a 415 DomainError with the reason when it cannot be read. */
export function ofdToPdfInThread(bytes: Uint8Array, fonts: Record<FontRole, FontFace>): Promise<Uint8Array> {
  const own = bytes.slice();
  return pool.run({ bytes: own, fonts }, [own.buffer], TIMEOUT_MS);
}

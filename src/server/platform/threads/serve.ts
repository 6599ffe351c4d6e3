// The body of a pooled thread (pool.ts): loads its job's code, says so, then answers one job at a time.
import { parentPort } from 'node:worker_threads';
import { DomainError, type ErrorCode } from '../errors';

export type ThreadReply<R> =
  | { kind: 'ready' }
  | { kind: 'done'; result: R }
  | { kind: 'refused'; code: ErrorCode; message: string }
  | { kind: 'failed'; message: string; stack: string | undefined };

/** Answers each job posted to this thread with `handle`'s result; a DomainError is an answer, anything else a fault. */
export function serveThread<J, R>(handle: (job: J) => R | Promise<R>, transfer: (result: R) => ArrayBuffer[] = () => []) {
  const port = parentPort!;
  const reply = (r: ThreadReply<R>, list: ArrayBuffer[] = []) => port.postMessage(r, list);
  port.on('message', (job: J) => {
    void (async () => {
      try {
        const result = await handle(job);
        reply({ kind: 'done', result }, transfer(result));
      } catch (e) {
        if (e instanceof DomainError) reply({ kind: 'refused', code: e.code, message: e.message });
        else reply({ kind: 'failed', message: String((e as Error)?.message ?? e), stack: (e as Error)?.stack });
      }
    })();
  });
  reply({ kind: 'ready' });
}

// The body of a thread sandbox.ts keeps for reading 来文: loads the parser, says so, then answers one job at a time.
import { parentPort } from 'node:worker_threads';
import type { ImportResult } from '../../../../contract/incoming-import';
import { DomainError, type ErrorCode } from '../../../platform/errors';
import { parseOfficialDocument } from './parse';

export interface ImportJob {
  bytes: Uint8Array;
  fileName: string;
  contentType: string | undefined;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'refused'; code: ErrorCode; message: string }
  | { kind: 'failed'; message: string; stack: string | undefined };

const port = parentPort!;
const reply = (r: WorkerReply) => port.postMessage(r);

port.on('message', (job: ImportJob) => {
  try {
    reply({ kind: 'done', result: parseOfficialDocument(job.bytes, job.fileName, job.contentType) });
  } catch (e) {
    // A file the parser refuses is an answer for the registrar; anything else is a fault of ours.
    if (e instanceof DomainError) reply({ kind: 'refused', code: e.code, message: e.message });
    else reply({ kind: 'failed', message: String((e as Error)?.message ?? e), stack: (e as Error)?.stack });
  }
});
reply({ kind: 'ready' });

// The body of the threads sandbox.ts keeps for reading 来文.
import { serveThread } from '../../../platform/threads/serve';
import { parseOfficialDocument } from './parse';

export interface ImportJob {
  bytes: Uint8Array;
  fileName: string;
  contentType: string | undefined;
}

serveThread((job: ImportJob) => parseOfficialDocument(job.bytes, job.fileName, job.contentType));

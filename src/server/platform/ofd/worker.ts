// The body of the threads that draw OFD packages into PDFs for the preview (thread.ts).
import type { FontFace, FontRole } from '../pdf/fonts';
import { DomainError } from '../errors';
import { serveThread } from '../threads/serve';
import { OfdError } from './read';
import { ofdToPdf } from './render';

export interface OfdJob {
  bytes: Uint8Array;
  fonts: Record<FontRole, FontFace>;
}

serveThread(
  async (job: OfdJob) => {
    try {
      return await ofdToPdf(job.bytes, job.fonts);
    } catch (e) {
      if (e instanceof OfdError) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', e.message);
      throw e;
    }
  },
  (pdf) => [pdf.buffer as ArrayBuffer],
);

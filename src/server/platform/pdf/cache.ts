// Conversions kept in memory, least recently used first out, within a byte budget: a second view of the same
// content does not start LibreOffice again, and two views at once share one conversion. In memory only, so a
// converted classified file never lands unencrypted on disk (stored files are encrypted at rest).

class ConversionCache {
  private readonly done = new Map<string, Uint8Array>();
  private readonly running = new Map<string, Promise<Uint8Array>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The cached result for `key`, else `produce()`'s, kept when it fits the budget. Failures are not kept. */
  get(key: string, produce: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.done.get(key);
    if (hit) {
      this.done.delete(key);
      this.done.set(key, hit);
      return Promise.resolve(hit);
    }
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    const p = produce().then(
      (out) => {
        this.running.delete(key);
        this.keep(key, out);
        return out;
      },
      (e: unknown) => {
        this.running.delete(key);
        throw e;
      },
    );
    this.running.set(key, p);
    return p;
  }

  private keep(key: string, out: Uint8Array) {
    if (out.byteLength > this.maxBytes / 4) return;
    this.done.set(key, out);
    this.bytes += out.byteLength;
    for (const [k, v] of this.done) {
      if (this.bytes <= this.maxBytes) break;
      this.done.delete(k);
      this.bytes -= v.byteLength;
    }
  }
}

/** The process's conversions: 公文 PDFs by the SHA-256 of their .docx, file previews by the SM3 of the file. */
export const conversions = new ConversionCache(128 * 1024 * 1024);

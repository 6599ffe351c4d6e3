import type pg from 'pg';
import type { Database } from '../db/client';
import { NOTIFY_CHANNEL } from './service';

type Listener = () => void;

/**
 * Fans database notifications out to the open event streams of this instance. Every instance LISTENs on
 * the same channel, so a change committed through any instance reaches every browser (PGlite delivers
 * its own NOTIFY in-process, with the same commit semantics).
 */
export class NotifyHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private stop: (() => Promise<void>) | null = null;

  constructor(private readonly database: Database) {}

  async start() {
    const onPayload = (payload: string) => this.dispatch(payload);
    if (this.database.pglite) {
      const unsubscribe = await this.database.pglite.listen(NOTIFY_CHANNEL, onPayload);
      this.stop = unsubscribe;
      return;
    }
    const pool = this.database.pool!;
    const client: pg.PoolClient = await pool.connect();
    client.on('notification', (m) => m.payload && onPayload(m.payload));
    client.on('error', () => {
      // The connection died (server restart): clients reconnect their streams and re-read counts.
    });
    await client.query(`listen ${NOTIFY_CHANNEL}`);
    this.stop = async () => {
      try {
        await client.query(`unlisten ${NOTIFY_CHANNEL}`);
      } finally {
        client.release();
      }
    };
  }

  async close() {
    const stop = this.stop;
    this.stop = null;
    this.listeners.clear();
    if (stop) await stop().catch(() => {});
  }

  /** Calls `fn` whenever something changes for the person; returns the unsubscribe function. */
  subscribe(personId: string, fn: Listener): () => void {
    let set = this.listeners.get(personId);
    if (!set) this.listeners.set(personId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(personId);
    };
  }

  connections(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private dispatch(payload: string) {
    let people: unknown;
    try {
      people = (JSON.parse(payload) as { people?: unknown }).people;
    } catch {
      return;
    }
    if (!Array.isArray(people)) return;
    for (const p of people) {
      for (const fn of this.listeners.get(String(p)) ?? []) fn();
    }
  }
}

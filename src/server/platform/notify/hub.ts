import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client';
import { NOTIFY_CHANNEL } from './service';

/**
 * "changed": a commit named the person. "resync": the hub was deaf for a while (its connection was lost and
 * is back), so anything may have changed: re-read.
 */
export type HubEvent = 'changed' | 'resync';
type Listener = (event: HubEvent) => void;

/** The listening connection's application_name, so an operator (or a test) can tell it apart in pg_stat_activity. */
export const LISTEN_APPLICATION_NAME = 'zhongshu-listen';

export interface RetryTiming {
  firstMs: number;
  maxMs: number;
}
const RETRY: RetryTiming = { firstMs: 250, maxMs: 30_000 };

/**
 * Fans database notifications out to the open event streams of this instance. Every instance LISTENs on
 * the same channel, so a change committed through any instance reaches every browser (PGlite delivers
 * its own NOTIFY in-process, with the same commit semantics).
 *
 * On PostgreSQL the LISTEN needs one connection kept open, and a failover, a network blip or an idle-connection
 * killer ends it: the hub then connects again, waiting longer after each failure (up to RETRY.maxMs), and once
 * listening again sends every subscriber a "resync", since notifications sent meanwhile were lost.
 */
export class NotifyHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlistenPglite: (() => Promise<void>) | null = null;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly log?: FastifyBaseLogger,
    private readonly timing: RetryTiming = RETRY,
  ) {}

  async start() {
    if (this.database.pglite) {
      this.unlistenPglite = await this.database.pglite.listen(NOTIFY_CHANNEL, (payload) => this.dispatch(payload));
      return;
    }
    // The first connection must work: a server that cannot listen does not start.
    await this.connect();
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.listeners.clear();
    const unlisten = this.unlistenPglite;
    const client = this.client;
    this.unlistenPglite = null;
    this.client = null;
    if (unlisten) await unlisten().catch(() => {});
    // Ending the connection ends its LISTEN.
    if (client) await client.end().catch(() => {});
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

  /** A connection of its own, outside the pool: it is held for the life of the server. */
  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.database.pool!.options, application_name: LISTEN_APPLICATION_NAME, keepAlive: true });
    client.on('notification', (m) => m.payload && this.dispatch(m.payload));
    // An error on an idle connection comes without a query to reject; 'end' follows, and is handled there.
    client.on('error', (e) => this.log?.warn({ err: e }, 'the connection listening for changes failed'));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${NOTIFY_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) await client.end().catch(() => {});
    else this.client = client;
  }

  private lost(client: pg.Client) {
    // Our own close, or an attempt that never got to listen (its caller retries).
    if (this.client !== client) return;
    this.client = null;
    this.log?.warn('lost the connection listening for changes: live updates paused, reconnecting');
    this.reconnect(0);
  }

  private reconnect(attempt: number) {
    if (this.closed) return;
    const delay = Math.min(this.timing.maxMs, this.timing.firstMs * 2 ** attempt);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().then(
        () => {
          if (this.closed) return;
          this.log?.info({ attempts: attempt + 1 }, 'listening for changes again');
          this.resync();
        },
        (e: unknown) => {
          this.log?.warn({ err: e, attempt: attempt + 1 }, 'could not listen for changes yet');
          this.reconnect(attempt + 1);
        },
      );
    }, delay);
    // A server shutting down does not wait for the next attempt.
    this.retry.unref();
  }

  private resync() {
    for (const set of [...this.listeners.values()]) for (const fn of [...set]) fn('resync');
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
      for (const fn of this.listeners.get(String(p)) ?? []) fn('changed');
    }
  }
}

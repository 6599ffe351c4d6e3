import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Database, Db, Tx } from '../../src/server/platform/db/client';

// The "bare SQL" figure of an operation is the database's own limit for it: the very statements the
// product issues for that operation (captured from the product's own service call through Drizzle's
// logger), replayed with the engine's plain client at the same concurrency, with no HTTP, no session
// lookup, no validation, no mapping of rows. Reads are replayed as they are; writes inside a transaction
// that is rolled back, so that every replay does the same work (locks included) and changes nothing.

export interface Statement {
  text: string;
  params: unknown[];
}
export type Sequence = Statement[];

const CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint|rollback to savepoint)\b/i;

class Rollback extends Error {}

export class Capture {
  readonly db: Db;
  private current: Statement[] | null = null;

  constructor(database: Database) {
    const logger = { logQuery: (text: string, params: unknown[]) => this.current?.push({ text, params: [...params] }) };
    this.db = database.pglite ? drizzlePglite(database.pglite, { logger }) : drizzlePg(database.pool!, { logger });
  }

  /** The statements a read issues. */
  async read(fn: (db: Db) => Promise<unknown>): Promise<Sequence> {
    this.current = [];
    try {
      await fn(this.db);
      return this.current.filter((s) => !CONTROL.test(s.text));
    } finally {
      this.current = null;
    }
  }

  /** The statements a command issues, inside a transaction that is then rolled back. */
  async write(fn: (tx: Tx) => Promise<unknown>): Promise<Sequence> {
    this.current = [];
    try {
      await this.db.transaction(async (tx) => {
        await fn(tx);
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    const out = this.current.filter((s) => !CONTROL.test(s.text));
    this.current = null;
    return out;
  }
}

/** Runs one captured sequence on the engine's own client: a read as is, a write in a rolled-back transaction. */
export function replayer(database: Database, kind: 'read' | 'write'): (seq: Sequence) => Promise<void> {
  if (database.pglite) {
    const pg = database.pglite;
    if (kind === 'read') {
      return async (seq) => {
        for (const s of seq) await pg.query(s.text, s.params);
      };
    }
    return async (seq) => {
      await pg.transaction(async (tx) => {
        for (const s of seq) await tx.query(s.text, s.params);
        await tx.rollback();
      });
    };
  }
  const pool = database.pool!;
  if (kind === 'read') {
    return async (seq) => {
      const client = await pool.connect();
      try {
        for (const s of seq) await client.query(s.text, s.params);
      } finally {
        client.release();
      }
    };
  }
  return async (seq) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const s of seq) await client.query(s.text, s.params);
    } finally {
      await client.query('rollback');
      client.release();
    }
  };
}

import { getTableColumns, getTableName, is, sql, SQL, type Table } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client';
import { event } from '../../src/server/platform/audit/schema';
import { rowsOf } from '../../src/server/platform/db/client';
import { flowInstance, opinion, task } from '../../src/server/platform/flow/schema';
import { item, itemAccess } from '../../src/server/platform/items/schema';
import { job } from '../../src/server/platform/jobs/schema';
import { notification } from '../../src/server/platform/notify/schema';
import { numberSequence } from '../../src/server/platform/numbering/schema';
import { incomingDocument } from '../../src/server/modules/incoming/schema';

// Batch INSERTs of generated rows: one parameter per column (`unnest($1::uuid[], $2::text[], …)`), which
// both engines take in one round trip for thousands of rows. Column names, types, defaults and the
// conversion to driver values come from the product's Drizzle tables, so the rows are the schema's.

export type Query = (text: string, params: unknown[]) => Promise<unknown>;

/** Runs fn inside one transaction on the engine's own client. */
export async function rawTransaction<T>(database: Database, fn: (q: Query) => Promise<T>): Promise<T> {
  if (database.pglite) {
    return database.pglite.transaction(async (tx) => fn((text, params) => tx.query(text, params)));
  }
  const client = await database.pool!.connect();
  try {
    await client.query('begin');
    const out = await fn((text, params) => client.query(text, params));
    await client.query('commit');
    return out;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const ROWS_PER_STATEMENT = 20_000;

/** A text[] value as a PostgreSQL array literal, so that it can travel inside one text[] parameter. */
const arrayLiteral = (xs: (string | number | null)[]) =>
  `{${xs.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;

export async function insertRows<T extends Table>(q: Query, table: T, rows: T['$inferInsert'][]) {
  if (rows.length === 0) return;
  const cols = Object.entries(getTableColumns(table)).filter(([, c]) => !c.generated);
  // serial types name a default, not a type: their arrays are of the plain integer type.
  const typeOf = (t: string) => ({ bigserial: 'bigint', serial: 'integer', smallserial: 'smallint' })[t] ?? t;
  const isArray = cols.map(([, c]) => c.getSQLType().endsWith(']'));
  const names = cols.map(([, c]) => `"${c.name}"`).join(', ');
  const aliases = cols.map((_, i) => `c${i}`);
  const casts = cols.map(([, c], i) => `$${i + 1}::${isArray[i] ? 'text' : typeOf(c.getSQLType())}[]`).join(', ');
  const select = cols.map(([, c], i) => (isArray[i] ? `c${i}::${c.getSQLType()}` : `c${i}`)).join(', ');
  const text = `insert into "${getTableName(table)}" (${names}) select ${select} from unnest(${casts}) as u(${aliases.join(', ')})`;
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    const slice = rows.slice(at, at + ROWS_PER_STATEMENT) as Record<string, unknown>[];
    const params = cols.map(([key, c], i) => {
      const fallback = c.hasDefault && !is(c.default, SQL) ? c.default : null;
      return slice.map((r) => {
        const v = r[key] === undefined ? fallback : r[key];
        if (v === null || v === undefined) return null;
        return isArray[i] ? arrayLiteral(v as (string | number | null)[]) : c.mapToDriverValue(v);
      });
    });
    await q(text, params);
  }
}

// ——— the history's rows ———

export type ItemRow = typeof item.$inferInsert & {
  id: string;
  version: number;
  title: string;
  createdBy: string;
  owningUnitId: string;
  classification: string;
};
export type TaskRow = typeof task.$inferInsert & {
  id: string;
  version: number;
  state: 'open' | 'waiting' | 'done' | 'cancelled';
};
export type InstanceRow = typeof flowInstance.$inferInsert & { id: string; vars: Record<string, unknown>; flowVersion: number };
export type JobRow = typeof job.$inferInsert & {
  id: number;
  state: 'pending' | 'done' | 'failed' | 'cancelled';
  runAt: Date;
  dedupeKey: string;
};
export type NotificationRow = typeof notification.$inferInsert;

export interface Rows {
  events: (typeof event.$inferInsert)[];
  items: ItemRow[];
  instances: InstanceRow[];
  docs: (typeof incomingDocument.$inferInsert)[];
  tasks: TaskRow[];
  opinions: (typeof opinion.$inferInsert)[];
  access: (typeof itemAccess.$inferInsert)[];
  notifications: NotificationRow[];
  jobs: JobRow[];
}

const noRows = (): Rows => ({
  events: [],
  items: [],
  instances: [],
  docs: [],
  tasks: [],
  opinions: [],
  access: [],
  notifications: [],
  jobs: [],
});

/**
 * Writes the bulk writer's finished rows to every target database, one transaction per batch, appending
 * the events under the product's chain lock after checking that the chain ends where this batch starts.
 * A server database is written while the history goes on (one batch in flight); PGlite, in this process,
 * writes on this thread anyway. Targets are written one after the other: an in-process PGlite busy on the
 * thread would starve a server connection's round trips otherwise.
 */
export class HistoryWriter {
  out: Rows = noRows();
  /** Rows written, and the time each engine spent writing them. */
  readonly written = { events: 0, rows: 0, writeMs: new Map<string, number>() };
  private inflight: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(private readonly targets: Database[]) {}

  private async settle() {
    await this.inflight;
    if (this.failure) throw this.failure;
  }

  async flush() {
    const o = this.out;
    this.out = noRows();
    await this.settle();
    // Kept with a handler, so that a failure surfaces at the next flush instead of ending the process.
    this.inflight = (async () => {
      for (const t of this.targets) await this.write(t, o);
    })().then(
      () => undefined,
      (e: unknown) => {
        this.failure = e instanceof Error ? e : new Error(String(e));
      },
    );
    this.written.events += o.events.length;
    this.written.rows += Object.values(o).reduce((a: number, rows: unknown[]) => a + rows.length, 0);
  }

  private async write(target: Database, o: Rows) {
    const t0 = performance.now();
    await rawTransaction(target, async (q) => {
      // Each chain of the batch under the product's lock for it (in key order), and each must end where the batch continues it.
      const firsts = new Map<string, (typeof o.events)[number]>();
      for (const e of o.events) if (!firsts.has(e.chain)) firsts.set(e.chain, e);
      const chains = [...firsts.keys()].sort();
      await q('select pg_advisory_xact_lock(7270002, hashtext(c)) from (select c from unnest($1::text[]) c order by c) s', [
        chains,
      ]);
      const heads = rowsOf<{ chain: string; seq: number | null; hash: string | null }>(
        await q(
          'select c as chain, e.chain_seq::int8 as seq, e.hash from unnest($1::text[]) c left join lateral (select chain_seq, hash from event where chain = c order by chain_seq desc limit 1) e on true',
          [chains],
        ),
      );
      for (const h of heads) {
        const first = firsts.get(h.chain)!;
        if (Number(h.seq ?? 0) !== first.chainSeq - 1 || (h.hash ?? '0'.repeat(64)) !== first.prevHash)
          throw new Error('bulk: someone else appended to an audit chain');
      }
      // Parents before children (foreign keys), events last.
      await insertRows(q, item, o.items);
      await insertRows(q, incomingDocument, o.docs);
      await insertRows(q, flowInstance, o.instances);
      await insertRows(q, task, o.tasks);
      await insertRows(q, opinion, o.opinions);
      await insertRows(q, itemAccess, o.access);
      await insertRows(q, notification, o.notifications);
      await insertRows(q, job, o.jobs);
      await insertRows(q, event, o.events);
    });
    this.written.writeMs.set(target.engine, (this.written.writeMs.get(target.engine) ?? 0) + performance.now() - t0);
  }

  /** After the last batch: the numbering registers' counters, and sequences continuing after the ids written. */
  async finish(numbers: (typeof numberSequence.$inferInsert)[], last: { event: number; opinion: number; job: number }) {
    await this.settle();
    for (const target of this.targets) {
      await target.db.transaction(async (tx) => {
        for (const r of numbers) {
          await tx
            .insert(numberSequence)
            .values(r)
            .onConflictDoUpdate({
              target: [numberSequence.scope, numberSequence.year],
              set: { last: r.last, updatedAt: r.updatedAt },
            });
        }
        await tx.execute(sql`select setval(pg_get_serial_sequence('event', 'id'), ${last.event}, true) where ${last.event} > 0`);
        await tx.execute(
          sql`select setval(pg_get_serial_sequence('opinion', 'seq'), ${last.opinion}, true) where ${last.opinion} > 0`,
        );
        await tx.execute(sql`select setval(pg_get_serial_sequence('job', 'id'), ${last.job}, true) where ${last.job} > 0`);
      });
    }
  }
}

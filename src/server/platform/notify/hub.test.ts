import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { openTestDatabase } from '../../../../test/support/db';
import { engines } from '../../../../test/support/engines';
import { LISTEN_APPLICATION_NAME, NotifyHub, type HubEvent } from './hub';
import { signalChanged } from './service';

/** Waits for a condition (a notification arrives on its own time), failing after `ms`. */
async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(engines)('the notification hub (%s)', (engine) => {
  let database: Database;
  let hub: NotifyHub;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    hub = new NotifyHub(database, undefined, { firstMs: 50, maxMs: 1_000 });
    await hub.start();
  });
  afterAll(async () => {
    await hub.close();
    await database.close();
  });

  it('a committed change reaches the subscribers of the people it names, and no one else', async () => {
    const [named, other] = [randomUUID(), randomUUID()];
    const heard: string[] = [];
    const unsubscribe = [
      hub.subscribe(named, (e) => heard.push(`named ${e}`)),
      hub.subscribe(other, (e) => heard.push(`other ${e}`)),
    ];
    await signalChanged(database.db, [named]);
    await until('the change', () => heard.length > 0);
    expect(heard).toEqual(['named changed']);
    for (const u of unsubscribe) u();
  });

  // A failover, a network blip or an idle-connection killer ends the one connection carrying LISTEN.
  it.skipIf(engine !== 'postgres')(
    'after the listening connection is killed, it listens again, says "resync", and the next change arrives',
    async () => {
      const person = randomUUID();
      const heard: HubEvent[] = [];
      const unsubscribe = hub.subscribe(person, (e) => heard.push(e));
      const listening = async () =>
        (
          await database.pool!.query<{ pid: number }>(
            'select pid from pg_stat_activity where application_name = $1 and datname = current_database()',
            [LISTEN_APPLICATION_NAME],
          )
        ).rows.map((r) => r.pid);
      const [before] = await listening();
      expect(before).toBeDefined();

      await database.pool!.query('select pg_terminate_backend($1)', [before]);
      // Sent while nobody listens: lost, which is why the hub says "resync" once it is back.
      await signalChanged(database.db, [person]);
      await until('the resync', () => heard.includes('resync'));
      expect(await listening()).not.toContain(before);

      heard.length = 0;
      await signalChanged(database.db, [person]);
      await until('the next change', () => heard.includes('changed'));
      expect(heard).toEqual(['changed']);
      unsubscribe();
    },
  );
});

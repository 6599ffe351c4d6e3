import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/support/engines';
import { actorOf, contextFor, signedIn, startTestApp, type Client, type TestApp } from '../../../../test/support/app';
import { deriveItem } from '../flow/links';
import { readItem, type Authorized, type ItemView } from '../items/service';

// Every command goes through `command` (http/request.ts): one transaction that stores the answer with its effects when
// the client sent an Idempotency-Key — so a double click or a retry after a lost answer changes nothing twice, on
// routes that never had it by hand.

interface Numbers {
  last: number;
  numbers: { seq: number; docNo: string; state: string }[];
}

describe.each(engines)('commands through one helper (%s)', (engine) => {
  let t: TestApp;
  let registrar: Client;
  let fawen = '';

  beforeAll(async () => {
    t = await startTestApp(engine);
    registrar = await signedIn(t, 'chenjing');
    const list = (await registrar.get('/api/v1/doc-registers')).body.items as { id: string; code: string }[];
    fawen = list.find((r) => r.code === '江委办发')!.id;
  });
  afterAll(() => t?.close());

  const numbers = async () => (await registrar.get(`/api/v1/doc-registers/${fawen}/numbers`)).body as Numbers;

  it('预留文号 sent twice with one Idempotency-Key reserves one number, not two (no number skipped)', async () => {
    const before = (await numbers()).last;
    const key = { 'idempotency-key': 'reserve-twice-0001' };
    const first = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '双击' }, key);
    const second = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '双击' }, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await numbers()).last).toBe(before + 1);
    // Without a key each request is its own: two numbers.
    await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '无键' });
    await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '无键' });
    expect((await numbers()).last).toBe(before + 3);
  });

  it('作废文号 retried after a lost answer answers 204 again instead of “already cancelled”', async () => {
    const made = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '将作废' });
    const key = { 'idempotency-key': 'cancel-twice-0001' };
    const body = { reason: '预留后未用，作废' };
    expect((await registrar.post(`/api/v1/doc-numbers/${made.body.id}/cancel`, body, key)).status).toBe(204);
    expect((await registrar.post(`/api/v1/doc-numbers/${made.body.id}/cancel`, body, key)).status).toBe(204);
    // A new request (no key, or another) is refused: the number is cancelled once.
    expect((await registrar.post(`/api/v1/doc-numbers/${made.body.id}/cancel`, body)).status).toBe(409);
    const row = (await numbers()).numbers.find((n) => n.seq === made.body.seq)!;
    expect(row.state).toBe('cancelled');
  });

  it('the same key on a different request is refused and writes nothing', async () => {
    const before = (await numbers()).last;
    const key = { 'idempotency-key': 'reuse-key-0001' };
    expect((await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '一' }, key)).status).toBe(201);
    const other = await registrar.post(`/api/v1/doc-registers/${fawen}/reservations`, { note: '二' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await numbers()).last).toBe(before + 1);
  });

  it('a service that needs an authorised item refuses a plain one, and one that needs the whole record an issued copy', async () => {
    const actor = await actorOf(t.database, 'chenjing');
    const ctx = await contextFor(t, actor);
    const listed = (await registrar.get('/api/v1/incoming?limit=1')).body.items as { itemId: string }[];
    const itemId = listed[0]!.itemId;
    const read = await t.database.db.transaction((tx) => readItem(tx, ctx, itemId));
    const plain: ItemView = { ...read };
    // @ts-expect-error — a copy of the fields is not the kernel's proof of the check
    const forged: Parameters<typeof deriveItem>[3]['source'] = plain;
    const copy: Authorized<ItemView, 'issued'> = { ...read } as never;
    // @ts-expect-error — an issued copy does not open the sender's whole record
    const whole: Authorized<ItemView> = copy;
    expect([forged, whole].length).toBe(2);
    expect(read.id).toBe(itemId);
  });
});

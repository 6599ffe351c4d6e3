import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { engines } from '../../../../test/support/engines';
import { signedIn, startTestApp, type TestApp } from '../../../../test/support/app';
import { DEMO_REGISTRAR_USERNAME } from '../../org/demo-data';
import { item } from '../items/schema';
import { metricItemClosed } from '../modules/schema';
import { defineModule } from '../modules/registry';
import { migrationsFolder } from '../db/migrate';
import { flowDefinition } from './schema';
import { stateName } from './states';
import { installModules } from '../modules/registry';
import { SERVER_MODULES } from '../../modules';

// An item's state is a key; people read names from the flow and the module. Rows written before keys (names in
// item.state, stored flow versions ending in names) are converted by migration 0025.

const document = {
  senderName: '中共江南省委办公厅',
  docNo: '江南委办发〔2026〕88号',
  title: '关于做好2027年元旦春节期间值班工作的通知',
  classification: '公开',
  copies: 1,
  writtenDate: '2026-11-20',
  mainRecipients: ['各市委'],
};

describe('state names', () => {
  it('come from the step, the module, or the kernel; a module must name every state its flow ends in', () => {
    installModules(SERVER_MODULES);
    expect(stateName('incoming', 'screen')).toBe('初审');
    expect(stateName('incoming', 'voided')).toBe('已作废');
    expect(stateName('outgoing', 'print')).toBe('印制');
    expect(stateName('outgoing', 'closed')).toBe('已办结');
    expect(() =>
      defineModule({
        kind: 'test.unnamed',
        name: '测试',
        visibility: 'unit',
        searchText: () => [],
        metrics: [],
        flows: [
          {
            key: 'test.unnamed',
            name: '测试',
            start: 'a',
            steps: [
              {
                key: 'a',
                name: '甲',
                kind: 'do',
                actors: { type: 'creator' },
                mode: 'single',
                actions: ['submit'],
                next: { decide: { x: '$end' } },
                decisions: { x: '撤回' },
                endStates: { x: 'gone' },
              },
            ],
          },
        ],
      }),
    ).toThrow('module test.unnamed: step a ends in state gone, which the module does not name');
  });

  it('a module names its jobs after itself, so two modules cannot claim one kind of job', () => {
    expect(() =>
      defineModule({
        kind: 'test.jobs',
        name: '测试',
        visibility: 'unit',
        searchText: () => [],
        metrics: [],
        flows: [],
        jobs: { 'task.autoRemind': async () => {} },
      }),
    ).toThrow('module test.jobs: job task.autoRemind is not named test.jobs.<job>');
  });
});

describe.each(engines)('converting states written as names (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t?.close());

  it('running items take their step’s key, ended ones the key of their end; the API still shows the names; the rollups follow', async () => {
    const registrar = await signedIn(t, DEMO_REGISTRAR_USERNAME);
    const running = (await registrar.post('/api/v1/incoming', document)).body.itemId as string;
    const closed = (await registrar.post('/api/v1/incoming', { ...document, docNo: '江南委办发〔2026〕89号' })).body
      .itemId as string;
    expect((await t.database.db.select({ state: item.state }).from(item).where(eq(item.id, running)))[0]!.state).toBe('screen');
    expect((await registrar.get(`/api/v1/incoming/${running}`)).body.item).toMatchObject({ state: '初审', stateKey: 'screen' });

    // As an installation before keys wrote them: names in item.state, a closed item counted under 已办结, the stored
    // flow version ending 退文 in 已退文.
    const db = t.database.db;
    const now = t.clock.now();
    await db.update(item).set({ state: '初审' }).where(eq(item.id, running));
    await db.update(item).set({ state: '已办结', closedAt: now }).where(eq(item.id, closed));
    await db.execute(
      sql`update flow_definition set definition = replace(definition::text, '"returned"', '"已退文"')::jsonb where key = 'incoming'`,
    );
    const counted = async (state: string) =>
      (
        await db
          .select({ n: metricItemClosed.n })
          .from(metricItemClosed)
          .where(and(eq(metricItemClosed.kind, 'incoming'), eq(metricItemClosed.state, state)))
      ).reduce((s, r) => s + Number(r.n), 0);
    expect(await counted('已办结')).toBe(1);

    const statements = readFileSync(join(migrationsFolder, '0025_state_keys.sql'), 'utf8').split('--> statement-breakpoint');
    await db.transaction(async (tx) => {
      for (const s of statements) await tx.execute(sql.raw(s));
    });

    const states = new Map((await db.select({ id: item.id, state: item.state }).from(item)).map((r) => [r.id, r.state]));
    expect([states.get(running), states.get(closed)]).toEqual(['screen', 'closed']);
    expect([await counted('已办结'), await counted('closed')]).toEqual([0, 1]);
    const [stored] = await db
      .select({ definition: flowDefinition.definition })
      .from(flowDefinition)
      .where(eq(flowDefinition.key, 'incoming'));
    expect(JSON.stringify(stored!.definition)).toContain('"return":"returned"');
    expect((await registrar.get(`/api/v1/incoming/${closed}`)).body.item).toMatchObject({ state: '已办结', stateKey: 'closed' });
  });
});

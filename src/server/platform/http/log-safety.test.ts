import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { engines } from '../../../../test/support/engines';
import { openTestDatabase } from '../../../../test/support/db';
import { Client } from '../../../../test/support/app';
import { TEST_DATA_SECRET } from '../../../../test/support/data-key';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { ManualClock } from '../clock';
import type { Database } from '../db/client';
import { unit } from '../../org/schema';
import { serializeError } from './log-safety';

const SECRET = '关于某重大项目选址的内部意见（绝密草稿）';

describe('errors in the log', () => {
  it('a failed query is logged by its statement and SQLSTATE, never its parameters', () => {
    const pg = Object.assign(new Error(`duplicate key value violates unique constraint "unit_name_uq"`), {
      code: '23505',
      severity: 'ERROR',
      detail: `Key (name)=(${SECRET}) already exists.`,
      constraint: 'unit_name_uq',
      table: 'unit',
      routine: '_bt_check_unique',
    });
    const logged = JSON.stringify(serializeError(new DrizzleQueryError('insert into "unit" ("name") values ($1)', [SECRET], pg)));
    expect(logged).not.toContain(SECRET);
    expect(logged).toContain('insert into \\"unit\\" (\\"name\\") values ($1)');
    expect(logged).toContain('23505');
    expect(logged).toContain('unit_name_uq');
  });

  it('other errors keep their message and stack', () => {
    const logged = serializeError(new TypeError('cannot read x of undefined'));
    expect(logged.message).toBe('cannot read x of undefined');
    expect(logged.stack).toContain('TypeError');
  });
});

describe.each(engines)('the server log when a database write fails (%s)', (engine) => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const config = loadConfig({
      ZHONGSHU_DEMO: '1',
      LOG_LEVEL: 'info',
      ZHONGSHU_JOB_POLL_MS: '0',
      ZHONGSHU_DATA_KEY: TEST_DATA_SECRET,
    });
    app = await buildApp({
      database,
      config,
      clock: new ManualClock('2026-11-23T02:00:00Z'),
      logStream: { write: (l: string) => void lines.push(l) },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('holds the SQLSTATE and none of the text that was being written', async () => {
    const sys = new Client(app);
    expect((await sys.signIn('sysadmin')).status).toBe(200);
    const [parent] = await database.db.select().from(unit);
    // Any write the database refuses for a reason the product does not map to a 4xx (a constraint added by an
    // operator, a disk full …) is a 500 whose error is logged.
    await database.db.execute(sql`alter table unit add constraint zs_log_test check (name not like '%绝密草稿%')`);
    try {
      const res = await sys.post('/api/v1/org/units', {
        parentId: parent!.id,
        name: SECRET,
        shortName: '测试',
        level: '县',
        category: '党委办公室',
      });
      expect(res.status).toBe(500);
      await vi.waitFor(() => expect(lines.join('')).toContain('"status":500'));
    } finally {
      await database.db.execute(sql`alter table unit drop constraint zs_log_test`);
    }
    const log = lines.join('');
    expect(log, log).toContain('23514');
    expect(log).toContain('zs_log_test');
    expect(log).not.toContain(SECRET);
  });
});

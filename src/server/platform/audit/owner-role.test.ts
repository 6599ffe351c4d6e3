import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres, type Database } from '../db/client';
import { logProtection, migrateFor } from '../db/roles';
import { seedBundledCalendar } from '../calendar/service';
import { seedDemo } from '../../org/demo-seed';
import { recordEvent } from './service';
import { verifyLog } from './seal';

const server = process.env.TEST_DATABASE_URL;

// The deployment the README describes: migrations run as the role that owns the schema, the application as a
// role with row rights only — so the application, or whoever takes it over, cannot lift the append-only trigger.
describe.skipIf(!server)('PostgreSQL with an owner role and an application role', () => {
  const tag = randomBytes(4).toString('hex');
  const owner = `zs_t_owner_${tag}`;
  const appRole = `zs_t_app_${tag}`;
  const dbName = `zs_t_roles_${tag}`;
  const password = randomBytes(12).toString('hex');
  const urlAs = (role: string) => {
    const u = new URL(server!);
    u.username = role;
    u.password = password;
    u.pathname = `/${dbName}`;
    return u.toString();
  };
  const admin = async (statements: string[]) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      for (const s of statements) await c.query(s);
    } finally {
      await c.end();
    }
  };
  let app: Database;
  /** What PostgreSQL answers the application role (drizzle wraps it as the cause). */
  const refusal = (statement: SQL) =>
    app.db.execute(statement).then(
      () => 'done',
      (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
    );
  const now = new Date('2026-11-02T01:00:00Z');

  beforeAll(async () => {
    await admin([
      `create role ${owner} login password '${password}'`,
      `create role ${appRole} login password '${password}'`,
      `create database ${dbName} owner ${owner} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
    ]);
    app = await openPostgres(urlAs(appRole), 2);
    await migrateFor({ migrateDatabaseUrl: urlAs(owner) }, app);
  });
  afterAll(async () => {
    await app?.close();
    await admin([
      `drop database if exists ${dbName} with (force)`,
      `drop role if exists ${appRole}`,
      `drop role if exists ${owner}`,
    ]);
  });

  it('the application role does its work with row rights alone: calendar, demo organisation, events', async () => {
    await app.db.transaction((tx) => seedBundledCalendar(tx, { personId: null, postId: null, requestId: 'test' }, now));
    expect((await seedDemo(app.db, now)).seeded).toBe(true);
    await app.db.transaction((tx) =>
      recordEvent(tx, { personId: null, postId: null }, now, { action: 'audit.chain.keyed', targetType: 'auditChain' }),
    );
    expect((await verifyLog(app.db)).ok).toBe(true);
    expect(await logProtection(app)).toMatchObject({ role: appRole, ownsLog: false, superuser: false });
  });

  it('the application role can neither drop nor disable the trigger, nor change or remove events', async () => {
    expect(await refusal(sql`drop trigger event_no_update_delete on event`)).toMatch(/owner/);
    expect(await refusal(sql`alter table event disable trigger event_no_update_delete`)).toMatch(/owner/);
    expect(await refusal(sql`drop table event`)).toMatch(/owner/);
    expect(await refusal(sql`delete from event`)).toMatch(/permission denied/);
    expect(await refusal(sql`update event set action = 'x'`)).toMatch(/permission denied/);
    expect(await refusal(sql`truncate event`)).toMatch(/permission denied/);
    expect(await refusal(sql`delete from audit_seal`)).toMatch(/permission denied/);
    expect(await refusal(sql`create table evil (id int)`)).toMatch(/permission denied/);
  });

  it('starting again migrates nothing and keeps the grants', async () => {
    await migrateFor({ migrateDatabaseUrl: urlAs(owner) }, app);
    expect(await refusal(sql`delete from event`)).toMatch(/permission denied/);
    expect((await verifyLog(app.db)).ok).toBe(true);
  });
});

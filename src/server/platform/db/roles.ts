import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { rowsOf } from './client';
import { openPostgres, type Database } from './client';
import { migrate } from './migrate';

// Tables the application only appends to: its role may read and insert, never change or remove a row.
const APPEND_ONLY = ['event', 'audit_seal', 'audit_check'];

async function currentRole(database: Database): Promise<{ role: string; superuser: boolean }> {
  const [r] = rowsOf<{ role: string; superuser: boolean }>(
    await database.db.execute(sql`select current_user as role, rolsuper as superuser from pg_roles where rolname = current_user`),
  );
  return r!;
}

/**
 * Whether the role the application runs as could get around the event log's append-only trigger: it owns
 * the table (or may act as its owner), or it is a superuser. On PostgreSQL it should be neither — see the
 * README's deployment with an owner role and an application role.
 */
export async function logProtection(database: Database): Promise<{ role: string; ownsLog: boolean; superuser: boolean }> {
  const [r] = rowsOf<{ role: string; owns: boolean; superuser: boolean }>(
    await database.db
      .execute(sql`select current_user as role, pg_has_role(current_user, c.relowner, 'MEMBER') as owns, r.rolsuper as superuser
      from pg_class c join pg_roles r on r.rolname = current_user where c.oid = 'public.event'::regclass`),
  );
  return { role: r!.role, ownsLog: Boolean(r!.owns), superuser: Boolean(r!.superuser) };
}

/**
 * Gives the application role what it needs and no more, on every table the migrations made: read and write
 * rows (only read and insert on the append-only tables), use the sequences. It gets no ownership, so it can
 * neither drop nor disable the trigger, nor alter a table.
 */
async function grantApplicationRole(owner: Database, role: string): Promise<void> {
  const r = sql.identifier(role);
  await owner.db.transaction(async (tx) => {
    await tx.execute(sql`grant usage on schema public to ${r}`);
    await tx.execute(sql`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await tx.execute(sql`grant usage, select, update on all sequences in schema public to ${r}`);
    for (const t of APPEND_ONLY) await tx.execute(sql`revoke update, delete, truncate on ${sql.identifier(t)} from ${r}`);
  });
}

/**
 * Applies the migrations: as the application's own connection, or — when ZHONGSHU_MIGRATE_DATABASE_URL names
 * the role that owns the schema — as that role, then granting the application's role its row rights.
 */
export async function migrateFor(config: Pick<Config, 'migrateDatabaseUrl'>, database: Database): Promise<void> {
  if (!config.migrateDatabaseUrl) return migrate(database);
  if (database.engine !== 'postgres')
    throw new Error('ZHONGSHU_MIGRATE_DATABASE_URL 只用于 PostgreSQL：请同时设置 DATABASE_URL（应用角色）');
  const app = await currentRole(database);
  const owner = await openPostgres(config.migrateDatabaseUrl, 2);
  try {
    await migrate(owner);
    const own = await currentRole(owner);
    // Revoking from the owner would take the owner's own rights away: only a separate role gets grants.
    if (app.role !== own.role && !app.superuser) await grantApplicationRole(owner, app.role);
  } finally {
    await owner.close();
  }
}

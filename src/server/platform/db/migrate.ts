import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Database } from './client';
import { withSessionLock } from './advisory-lock';

export const migrationsFolder = fileURLToPath(new URL('../../../../migrations', import.meta.url));

// Any constant shared by every instance; several instances starting together must not migrate twice.
const MIGRATION_LOCK = 7_270_001;

export async function migrate(database: Database): Promise<void> {
  await withSessionLock(database, MIGRATION_LOCK, async () => {
    if (database.engine === 'pglite') await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    else await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
  });
}

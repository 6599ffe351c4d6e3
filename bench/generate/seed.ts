import type { Database } from '../../src/server/platform/db/client';
import { migrate } from '../../src/server/platform/db/migrate';
import { seedBundledCalendar } from '../../src/server/platform/calendar/service';
import { insertOrg, recordOrgSeed, type OrgPlan } from './org';
import { rawTransaction } from './write';
import { SERVER_MODULES } from '../../src/server/modules';
import { installModules } from '../../src/server/platform/modules/registry';
// The job handlers are declared when their files load; the modules are installed, as the server does when built.
import '../../src/server/platform/flow/tasks';

installModules(SERVER_MODULES);

/** A fresh database as the server would leave it at first start, holding the generated organisation. */
export async function seedOrganisation(database: Database, plan: OrgPlan, passwordHash: string, now: Date) {
  await migrate(database);
  await database.db.transaction((tx) => seedBundledCalendar(tx, { personId: null, postId: null, requestId: 'bench-seed' }, now));
  await rawTransaction(database, (q) => insertOrg(q, plan, passwordHash, now));
  await database.db.transaction((tx) => recordOrgSeed(tx, plan, now));
}

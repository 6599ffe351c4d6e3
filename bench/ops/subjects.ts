import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client';
import { task } from '../../src/server/platform/flow/schema';
import type { OrgPlan } from '../generate/org';
import type { Subjects } from './types';

/**
 * Chooses who does what, from the organisation and the open work of the generated history: the same on
 * both engines (same seed, same data).
 */
export async function pickSubjects(database: Database, org: OrgPlan, now: Date): Promise<Subjects> {
  const offices = org.offices.filter((o) => o.level !== '县').map((office) => ({ office, registrar: office.registrars[0]! }));
  const busiest = await database.db
    .select({ personId: task.assigneePersonId, n: sql<number>`count(*)::int` })
    .from(task)
    .where(and(eq(task.state, 'open'), eq(task.kind, 'do')))
    .groupBy(task.assigneePersonId)
    .orderBy(desc(sql`count(*)`), task.assigneePersonId)
    .limit(32);
  const province = org.offices[0]!;
  const workbenchUsers = busiest.map((b) => b.personId);
  const signInUsers = [
    ...new Set([...offices.map((o) => o.registrar), ...province.registrars, province.supervisor, ...workbenchUsers]),
  ];
  return {
    offices,
    workbenchUsers,
    searchUser: province.supervisor,
    numberUsers: province.registrars,
    numberRegister: province.registerId,
    signInUsers,
    metricsYear: Number(now.toISOString().slice(0, 4)) - 1,
  };
}

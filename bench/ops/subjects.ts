import { and, desc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/server/platform/db/client';
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
  // Holders of a lead unit's 办理 task of a 督办 item, and of no assisting unit's: each of their open 办理 tasks is the
  // lead's, where a progress report moves the reporting period on.
  const reporting = rowsOf<{ person: string }>(
    await database.db.execute(sql`select t.assignee_person_id as person from task t join item i on i.id = t.item_id
      where i.kind = 'supervision' and t.step_key = 'handle' and t.state = 'open' and t.dispatch_id is null
      group by t.assignee_person_id having bool_and(t.unit_role = 'lead')
      order by count(*) desc, t.assignee_person_id limit 32`),
  );
  // Members of the meetings noticed and still to come (an hour's margin, for a kept database measured later), who
  // answer for themselves.
  const replying = rowsOf<{ itemId: string; personId: string }>(
    await database.db.execute(sql`select p.meeting_item_id as "itemId", p.person_id as "personId"
      from meeting_notice n join meeting m on m.item_id = n.meeting_item_id
      join meeting_participant p on p.meeting_item_id = m.item_id and p.role = 'member'
      where m.starts_at > now() + interval '1 hour'
      order by m.starts_at, p.meeting_item_id, p.position limit 64`),
  );
  const province = org.offices[0]!;
  const workbenchUsers = busiest.map((b) => b.personId);
  const signInUsers = [
    ...new Set([
      ...offices.map((o) => o.registrar),
      ...province.registrars,
      province.supervisor,
      ...workbenchUsers,
      ...offices.map((o) => o.office.supervisor),
      ...reporting.map((r) => r.person),
      ...replying.map((r) => r.personId),
    ]),
  ];
  return {
    offices,
    workbenchUsers,
    searchUser: province.supervisor,
    numberUsers: province.registrars,
    supervisors: offices.map((o) => o.office.supervisor),
    reporters: reporting.map((r) => r.person),
    meetingReplies: replying,
    numberRegister: province.registerId,
    signInUsers,
    metricsYear: Number(now.toISOString().slice(0, 4)) - 1,
  };
}

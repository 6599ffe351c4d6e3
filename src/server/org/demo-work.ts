import { and, eq } from 'drizzle-orm';
import type { Tx } from '../platform/db/client';
import type { AuditContext } from '../platform/audit/service';
import { account } from '../platform/auth/schema';
import { loadActor } from '../platform/auth/actor-loader';
import type { Actor } from '../platform/access/actor';
import { WorkCalendar } from '../platform/calendar/calendar';
import { bundledYears } from '../platform/calendar/import-format';
import { createItem } from '../platform/items/service';
import { completeTask, createTask } from '../platform/flow/tasks';
import { chinaToday } from '../platform/workbench/service';
import type { Classification } from '../../contract/common';
import { post } from './schema';
import { DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME, DEMO_CLERK_USERNAME } from './demo-data';

/** When the deadline falls: working days from today on the official calendar, or calendar days back. */
type Due = { workdays: number } | { daysAgo: number } | null;

interface DemoTask {
  username: string;
  /** For a person with several posts: the title of the post the task is for. */
  postTitle?: string;
  kind: 'do' | 'read';
  step: string;
  due: Due;
  /** Already done by the assignee. */
  done?: boolean;
}

interface DemoDocument {
  title: string;
  from: string;
  docNo: string;
  classification: Classification;
  urgency: '特急' | '加急' | null;
  tasks: DemoTask[];
}

const SG = DEMO_SECRETARY_GENERAL_USERNAME;

/** Documents received by the municipal committee office in the demo, with the work they are waiting for. */
export const demoDocuments: DemoDocument[] = [
  { title: '关于做好2026年冬季安全生产工作的通知', from: '中共江南省委办公厅', docNo: '江南委办发〔2026〕41号', classification: '公开', urgency: '加急', tasks: [{ username: SG, kind: 'do', step: '批办', due: { workdays: 2 } }] },
  { title: '关于报送2026年度工作总结和2027年工作安排的通知', from: '中共江南省委办公厅', docNo: '江南委办函〔2026〕118号', classification: '公开', urgency: null, tasks: [{ username: SG, kind: 'do', step: '批办', due: { workdays: 6 } }] },
  { title: '关于开展整治形式主义为基层减负专项监测的通知', from: '中共江南省委办公厅', docNo: '江南委办发〔2026〕38号', classification: '内部', urgency: null, tasks: [{ username: SG, kind: 'do', step: '批办', due: { daysAgo: 3 } }] },
  { title: '关于江州市2027年重大项目投资计划的请示', from: '江州市发展和改革委员会', docNo: '江发改〔2026〕156号', classification: '内部', urgency: '特急', tasks: [{ username: SG, kind: 'do', step: '批办', due: { workdays: 0 } }] },
  { title: '关于2027年元旦春节期间值班工作安排的通知', from: '中共江南省委办公厅', docNo: '江南委办电〔2026〕27号', classification: '公开', urgency: null, tasks: [{ username: SG, kind: 'read', step: '传阅', due: { workdays: 3 } }, { username: 'sunhaitao', kind: 'read', step: '传阅', due: { workdays: 3 } }] },
  { title: '江南信息（第45期）', from: '中共江南省委办公厅', docNo: '江南委办信〔2026〕45号', classification: '内部', urgency: null, tasks: [{ username: SG, kind: 'read', step: '传阅', due: null }] },
  { title: '关于进一步规范公文报送工作的通知', from: '中共江南省委办公厅', docNo: '江南委办发〔2026〕35号', classification: '公开', urgency: null, tasks: [{ username: SG, kind: 'do', step: '批办', due: { daysAgo: 6 }, done: true }] },
  { title: '关于召开全市信访工作联席会议的通知', from: '江南省信访局', docNo: '江南信访〔2026〕19号', classification: '公开', urgency: null, tasks: [{ username: 'sunhaitao', postTitle: '市信访局局长（兼）', kind: 'do', step: '批办', due: { workdays: 4 } }] },
  { title: '关于调整市委办公室会议室使用管理办法的报告', from: '中共江州市委办公室机关事务科', docNo: '江委办事〔2026〕7号', classification: '公开', urgency: null, tasks: [{ username: 'sunhaitao', postTitle: '市委副秘书长、办公室主任', kind: 'do', step: '拟办', due: { workdays: 3 } }] },
  { title: '关于做好岁末年初走访慰问工作的通知', from: '中共江南省委办公厅', docNo: '江南委办发〔2026〕44号', classification: '公开', urgency: '加急', tasks: [{ username: DEMO_CLERK_USERNAME, kind: 'do', step: '承办', due: { workdays: 5 } }] },
];

function dueDate(cal: WorkCalendar, today: string, due: Due): string | null {
  if (!due) return null;
  if ('workdays' in due) return due.workdays === 0 ? today : cal.addWorkdays(today, due.workdays).date;
  return new Date(Date.parse(today) - due.daysAgo * 86_400_000).toISOString().slice(0, 10);
}

async function actorFor(tx: Tx, username: string, postTitle?: string): Promise<Actor> {
  const [acc] = await tx.select({ personId: account.personId }).from(account).where(eq(account.username, username));
  const posts = await tx
    .select({ id: post.id, title: post.title, isPrimary: post.isPrimary })
    .from(post)
    .where(and(eq(post.personId, acc!.personId)));
  const chosen = posts.find((p) => (postTitle ? p.title === postTitle : p.isPrimary)) ?? posts[0]!;
  return (await loadActor(tx, acc!.personId, chosen.id, 'session'))!;
}

/** Registers the demo documents and gives their tasks out, through the same services the product uses. */
export async function seedDemoWork(tx: Tx, audit: AuditContext, now: Date) {
  const cal = new WorkCalendar(
    bundledYears().flatMap((y) => [...y.offDays.map((day) => ({ day, kind: 'off' as const })), ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const }))]),
    bundledYears().map((y) => y.year),
  );
  const today = chinaToday(now);
  const registrar = await actorFor(tx, DEMO_REGISTRAR_USERNAME);
  const registrarAudit: AuditContext = { ...audit, personId: registrar.personId, postId: registrar.postId };
  for (const [i, d] of demoDocuments.entries()) {
    const itemId = await createItem(
      tx,
      registrar,
      {
        kind: 'incoming',
        title: d.title,
        classification: d.classification,
        urgency: d.urgency,
        owningUnitId: registrar.unitId!,
        state: 'handling',
        registryNo: `江委办收〔${today.slice(0, 4)}〕${String(1001 + i)}号`,
        dueDate: dueDate(cal, today, d.tasks[0]?.due ?? null),
        searchText: [d.from, d.docNo],
      },
      '内部',
      registrarAudit,
      now,
    );
    for (const t of d.tasks) {
      const assignee = await actorFor(tx, t.username, t.postTitle);
      const taskId = await createTask(
        tx,
        { itemId, kind: t.kind, step: t.step, assigneePersonId: assignee.personId, assigneePostId: t.postTitle ? assignee.postId : null, dueDate: dueDate(cal, today, t.due) },
        registrarAudit,
        now,
      );
      if (t.done) await completeTask(tx, assignee, taskId, null, { ...audit, personId: assignee.personId, postId: assignee.postId }, now);
    }
  }
}

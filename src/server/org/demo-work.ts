import type { RequestContext } from '../platform/context';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../platform/db/client';
import type { AuditContext } from '../platform/audit/service';
import { account } from '../platform/auth/schema';
import { loadActor } from '../platform/auth/actor-loader';
import type { Actor } from '../platform/access/actor';
import { WorkCalendar } from '../platform/calendar/calendar';
import { bundledYears } from '../platform/calendar/import-format';
import { task } from '../platform/flow/schema';
import { submitTask } from '../platform/flow/engine';
import { registerIncoming } from '../modules/incoming/service';
import { seedDemoRooms } from '../modules/meetings/room-demo';
import { SERVER_MODULES } from '../modules';
import { installModules } from '../platform/modules/registry';
import { registerIncomingBodySchema } from '../../contract/incoming';
import { department, post, unit } from './schema';
import { DEMO_REGISTRAR_USERNAME, DEMO_SECRETARY_GENERAL_USERNAME } from './demo-data';

const SG = DEMO_SECRETARY_GENERAL_USERNAME;
const DIRECTOR = 'sunhaitao';

/** How far a demo document has got: each path runs the real flow steps with the real services. */
type Path =
  | { to: 'assign' } // waiting for the secretary-general's 批办
  | { to: 'dispatch' } // 批办 done; waiting for the registrar's 分办
  | { to: 'propose'; registrar?: string } // waiting for the director's 拟办
  | { to: 'circulate'; readers: string[] } // 阅知: with the readers
  | { to: 'handle'; department: string }; // at 承办 in an office section

interface DemoDocument {
  title: string;
  senderName: string;
  docNo: string;
  classification: '公开' | '内部';
  urgency: '特急' | '加急' | null;
  /** Working days ago it arrived (0 = this morning): step deadlines run from then. */
  arrivedDaysAgo: number;
  path: Path;
}

/** Documents received by the demo offices, at several points of the 收文 flow. */
export const demoDocuments: DemoDocument[] = [
  {
    title: '关于做好2026年冬季安全生产工作的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办发〔2026〕41号',
    classification: '公开',
    urgency: '加急',
    arrivedDaysAgo: 0,
    path: { to: 'assign' },
  },
  {
    title: '关于报送2026年度工作总结和2027年工作安排的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办函〔2026〕118号',
    classification: '公开',
    urgency: null,
    arrivedDaysAgo: 0,
    path: { to: 'assign' },
  },
  {
    title: '关于开展整治形式主义为基层减负专项监测的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办发〔2026〕38号',
    classification: '内部',
    urgency: null,
    arrivedDaysAgo: 5,
    path: { to: 'assign' },
  },
  {
    title: '关于江州市2027年重大项目投资计划的请示',
    senderName: '江州市发展和改革委员会',
    docNo: '江发改〔2026〕156号',
    classification: '内部',
    urgency: '特急',
    arrivedDaysAgo: 1,
    path: { to: 'assign' },
  },
  {
    title: '关于2027年元旦春节期间值班工作安排的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办电〔2026〕27号',
    classification: '公开',
    urgency: null,
    arrivedDaysAgo: 0,
    path: { to: 'circulate', readers: [SG, DIRECTOR] },
  },
  {
    title: '江南信息（第45期）',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办信〔2026〕45号',
    classification: '内部',
    urgency: null,
    arrivedDaysAgo: 1,
    path: { to: 'circulate', readers: [SG] },
  },
  {
    title: '关于进一步规范公文报送工作的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办发〔2026〕35号',
    classification: '公开',
    urgency: null,
    arrivedDaysAgo: 3,
    path: { to: 'dispatch' },
  },
  {
    title: '关于召开全市信访工作联席会议的通知',
    senderName: '江南省信访局',
    docNo: '江南信访〔2026〕19号',
    classification: '公开',
    urgency: null,
    arrivedDaysAgo: 0,
    path: { to: 'propose', registrar: 'suwanqing' },
  },
  {
    title: '关于调整市委办公室会议室使用管理办法的报告',
    senderName: '中共江州市委办公室会务科',
    docNo: '江委办会〔2026〕7号',
    classification: '公开',
    urgency: null,
    arrivedDaysAgo: 0,
    path: { to: 'propose' },
  },
  {
    title: '关于做好岁末年初走访慰问工作的通知',
    senderName: '中共江南省委办公厅',
    docNo: '江南委办发〔2026〕44号',
    classification: '公开',
    urgency: '加急',
    arrivedDaysAgo: 2,
    path: { to: 'handle', department: '秘书科' },
  },
];

/** What the demo leaves on the workbenches, for tests and for the README's walk-through. */
export const demoWorkbench = {
  [SG]: { todo: 4, toRead: 2, done: 2 },
  [DIRECTOR]: {
    office: { todo: ['关于调整市委办公室会议室使用管理办法的报告'], toRead: 1 },
    bureau: { todo: ['关于召开全市信访工作联席会议的通知'], toRead: 0 },
  },
} as const;

async function actorFor(tx: Tx, username: string, now: Date): Promise<Actor> {
  const [acc] = await tx.select({ personId: account.personId }).from(account).where(eq(account.username, username));
  const [primary] = await tx
    .select({ id: post.id })
    .from(post)
    .where(and(eq(post.personId, acc!.personId), eq(post.isPrimary, true)));
  return (await loadActor(tx, acc!.personId, primary?.id ?? null, 'session', now))!;
}

/** Working day n days before today (9:30 Beijing), so deadlines look as they would in a live office. */
function arrival(cal: WorkCalendar, now: Date, daysAgo: number, index: number): Date {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const day = daysAgo === 0 ? today : cal.subtractWorkdays(today, daysAgo).date;
  const at = new Date(`${day}T01:30:00Z`);
  at.setUTCMinutes(at.getUTCMinutes() + index * 7);
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - (10 - index) * 60_000);
}

/** Registers the demo documents and moves each along its path through the same services the product uses. */
export async function seedDemoWork(tx: Tx, audit: AuditContext, now: Date) {
  // The demo's documents run on the modules' flows: installed here too, since seeding may run before the server is built.
  installModules(SERVER_MODULES);
  const cal = new WorkCalendar(
    bundledYears().flatMap((y) => [
      ...y.offDays.map((day) => ({ day, kind: 'off' as const })),
      ...y.makeupWorkdays.map((day) => ({ day, kind: 'work' as const })),
    ]),
    bundledYears().map((y) => y.year),
  );
  const ids = new Map((await tx.select({ u: account.username, p: account.personId }).from(account)).map((r) => [r.u, r.p]));
  for (const [i, d] of demoDocuments.entries()) {
    let at = arrival(cal, now, d.arrivedDaysAgo, i);
    const step = () => (at = new Date(Math.min(at.getTime() + 20 * 60_000, now.getTime())));
    const ctxOf = async (username: string): Promise<RequestContext> => {
      const actor = await actorFor(tx, username, at);
      return { actor, audit: { ...audit, personId: actor.personId, postId: actor.postId }, now: at, cal, ceiling: '内部' };
    };
    const registrar = 'registrar' in d.path && d.path.registrar ? d.path.registrar : DEMO_REGISTRAR_USERNAME;
    const input = registerIncomingBodySchema.parse({
      senderName: d.senderName,
      docNo: d.docNo,
      title: d.title,
      classification: d.classification,
      urgency: d.urgency,
      receivedAt: at.toISOString(),
      mainRecipients: ['各市委办公室'],
    });
    const { itemId } = await registerIncoming(tx, await ctxOf(registrar), input);
    const act = async (username: string, stepKey: string, body: Parameters<typeof submitTask>[3]) => {
      step();
      const ctx = await ctxOf(username);
      const [t] = await tx
        .select({ id: task.id })
        .from(task)
        .where(
          and(
            eq(task.itemId, itemId),
            eq(task.stepKey, stepKey),
            eq(task.state, 'open'),
            eq(task.assigneePersonId, ctx.actor.personId),
          ),
        );
      await submitTask(tx, ctx, t!.id, body);
    };
    const p = d.path;
    if (p.to === 'circulate') {
      await act(registrar, 'screen', { version: null, decision: 'read', next: { personIds: p.readers.map((r) => ids.get(r)!) } });
      continue;
    }
    await act(registrar, 'screen', {
      version: null,
      decision: 'handle',
      opinion: '请拟办。',
      next: { personIds: [ids.get(DIRECTOR)!] },
    });
    if (p.to === 'propose') continue;
    await act(DIRECTOR, 'propose', {
      version: null,
      opinion: '建议呈周文斌同志阅示，由有关科室按职责办理。',
      next: { personIds: [ids.get(SG)!] },
    });
    if (p.to === 'assign') continue;
    await act(SG, 'assign', { version: null, opinion: '同意拟办意见，请抓紧落实。' });
    if (p.to === 'dispatch') continue;
    const [officeUnit] = await tx.select({ id: unit.id }).from(unit).where(eq(unit.shortName, '市委办'));
    const [dept] = await tx
      .select({ id: department.id })
      .from(department)
      .where(and(eq(department.unitId, officeUnit!.id), eq(department.name, p.department)));
    await act(DEMO_REGISTRAR_USERNAME, 'dispatch', {
      version: null,
      next: {
        units: [{ departmentId: dept!.id, role: 'lead', dueDate: cal.addWorkdays(at.toISOString().slice(0, 10), 5).date }],
      },
    });
  }
  // 会议室: the office's rooms, kept by 会务科 (meetings/room-demo.ts).
  await seedDemoRooms(tx, audit, now);
}

import { and, eq } from 'drizzle-orm';
import type { CreateSupervision, SupervisionSource } from '../../src/contract/supervision';
import type { Database, Tx } from '../../src/server/platform/db/client';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { submitTask } from '../../src/server/platform/flow/engine';
import { decideExtension, requestExtension } from '../../src/server/platform/flow/extension';
import { reportProgress } from '../../src/server/platform/flow/progress';
import { dispatch, task, taskExtension } from '../../src/server/platform/flow/schema';
import { readItem } from '../../src/server/platform/items/service';
import { createSupervision } from '../../src/server/modules/supervision/service';
import { acceptSupervision, assignSupervision, reviewSupervision } from '../../src/server/modules/supervision/actions';
import { SUPERVISE } from '../../src/server/modules/supervision/flow';
import type { Office, OrgPlan } from './org';
import { Random } from './random';
import { playStories, type CtxOf } from './stories';
import { WORK_MINUTES_PER_DAY, chinaDate, officeMoment, workingDays } from './timing';

// 督查督办's history (issue 16 "Measure"), through the product's own commands: 立项 by the office's 督查 supervisor,
// 审批 of 重点 items, 交办 to one of the office's agencies (主办) and up to two others (协办), 签收 by each unit's registrar,
// progress reports on the item's cadence (some missed), 延期 asked before the deadline and approved, the 协办 parts,
// the 办结报告 signed by a leader of the lead unit, 审核: 销号, or 退回重办 once and then 销号. Whatever falls after
// "now" is left open, as in a live office. Volumes are small beside 收文 (hundreds a year per office), so no bulk writer
// is needed: every row is one the product wrote, and the conformance of these rows holds by construction.

export interface SupervisionOptions {
  seed: string;
  /** Items opened per supervising office and year. */
  perOfficeYear: number;
  /** The module's history ends at `to` and spans `years` before it. */
  years: number;
  to: Date;
  /** Offices written concurrently (PostgreSQL; each office's events are its own audit chain). */
  lanes: number;
}

type Step =
  | { kind: 'create' }
  | { kind: 'approve' }
  | { kind: 'assign' }
  | { kind: 'accept'; unit: number }
  | { kind: 'report'; text: string }
  | { kind: 'extend'; days: number }
  | { kind: 'approveExtension' }
  | { kind: 'assist'; unit: number }
  | { kind: 'submit' }
  | { kind: 'signoff' }
  | { kind: 'review'; redo: boolean };

interface Plan {
  office: Office;
  input: CreateSupervision;
  /** Lead first, then the assisting units: unit ids, their registrar (who signs and handles), their leaders. */
  units: { unitId: string; handler: string }[];
  signer: string;
  itemId: string | null;
  failed: boolean;
  steps: { at: number; step: Step }[];
}

const TOPICS = [
  '城区内涝治理',
  '营商环境优化提升',
  '乡村振兴重点项目推进',
  '安全生产专项整治',
  '老旧小区改造',
  '生态环境问题整改',
  '重大项目建设进度',
  '民生实事项目落实',
  '信访积案化解',
  '耕地保护和粮食安全',
  '基层减负',
  '义务教育学位供给',
  '养老服务体系建设',
  '国有企业改革',
  '河湖长制落实',
  '城市燃气安全',
  '招商引资项目落地',
  '农村人居环境整治',
];
const SOURCE_WEIGHTS: Partial<Record<SupervisionSource, number>> = {
  upperDecision: 0.22,
  meeting: 0.22,
  leaderInstruction: 0.26,
  keyWork: 0.15,
  npcCppcc: 0.05,
  public: 0.05,
  inspection: 0.05,
};
const SOURCE_TEXT: Partial<Record<SupervisionSource, string>> = {
  upperDecision: '上级党委、政府交办事项',
  meeting: '常委会会议议定事项',
  leaderInstruction: '主要领导批示',
  keyWork: '年度重点工作',
  npcCppcc: '人大代表建议',
  public: '群众反映问题',
  inspection: '巡视巡察反馈问题',
};
const REPORTS = [
  '已召开专题会议研究部署，明确责任分工。',
  '已完成现场摸排，正在制定整改方案。',
  '按计划推进，已完成阶段性任务。',
];

const DAY = 86_400_000;

/**
 * The module's history is one year long at every scale: a 督办 item is closed within months, so older years only add
 * closed rows to the register's counts, and a year of commands is what the generation time allows.
 */
export const SUPERVISION_YEARS = 1;

/** The 督办 history of the province's supervising offices (the provincial and the city offices) in one database. */
export async function generateSupervision(
  database: Database,
  org: OrgPlan,
  cal: WorkCalendar,
  o: SupervisionOptions,
): Promise<{ items: number; steps: number; failed: number }> {
  const rng = new Random(`${o.seed}:supervision`);
  const from = new Date(o.to.getTime() - o.years * 365.25 * DAY);
  const days = workingDays(cal, chinaDate(from), chinaDate(o.to));
  const leadersOf = new Map<string, string[]>();
  for (const p of org.posts) if (p.isLeader) leadersOf.set(p.unitId, [...(leadersOf.get(p.unitId) ?? []), p.personId]);
  const offices = org.offices.filter((x) => x.level !== '县');
  const plans: Plan[] = [];
  for (const office of offices) {
    const n = Math.round(o.perOfficeYear * o.years);
    for (let k = 0; k < n; k++) plans.push(planItem(rng, office, leadersOf, days, k));
  }
  const { steps, failed } = await playStories(
    database,
    org,
    cal,
    { to: o.to, lanes: o.lanes, label: 'supervision' },
    plans,
    act,
    (plan, step) => step.kind !== 'create' && !plan.itemId,
  );
  return { items: plans.length, steps, failed };
}

/** One item's story: what it is, and when each of its steps happens (later steps may fall after now). */
function planItem(rng: Random, office: Office, leadersOf: Map<string, string[]>, days: string[], k: number): Plan {
  const openDay = rng.int(0, days.length - 1);
  const source = rng.weighted(SOURCE_WEIGHTS as Record<SupervisionSource, number>);
  const key = rng.chance(0.1);
  const agencies = rng.sample(office.agencies, 1 + (rng.chance(0.5) ? 0 : rng.chance(0.7) ? 1 : 2));
  const workdays = rng.pick([10, 15, 20, 20, 30, 40, 60]);
  const cadence = rng.weighted({ once: 0.4, weekly: 0.2, monthly: 0.4 });
  const topic = rng.pick(TOPICS);
  const lead = agencies[0]!;
  const input: CreateSupervision = {
    title: `关于${topic}的督办事项（${k + 1}）`,
    source,
    sourceText: SOURCE_TEXT[source] ?? null,
    requirement: `请${lead.name}牵头${
      agencies.length > 1
        ? `，${agencies
            .slice(1)
            .map((a) => a.name)
            .join('、')}配合`
        : ''
    }，抓好${topic}工作落实，按期报送办理结果。`,
    leadUnitId: lead.unitId,
    assistingUnitIds: agencies.slice(1).map((a) => a.unitId),
    leaderPersonId: rng.pick(office.leaders),
    category: key ? 'key' : 'ordinary',
    approverId: key ? office.director : null,
    classification: '公开',
    deadline: { workdays: source === 'npcCppcc' ? Math.min(workdays, 40) : workdays },
    cadence:
      cadence === 'weekly'
        ? { kind: 'weekly', weekday: 5 }
        : cadence === 'monthly'
          ? { kind: 'monthly', day: 25 }
          : { kind: 'once' },
    cadenceReason: null,
    statutory: source === 'npcCppcc' ? 'npc' : null,
    difficult: false,
  };
  const window = 'workdays' in input.deadline ? input.deadline.workdays : 20;
  // Moments as (working day after 立项, minute of the office day); the day index is into the working days.
  const at = (day: number, minute = rng.int(0, WORK_MINUTES_PER_DAY - 1)) => {
    const d = days[openDay + day];
    return d ? officeMoment(d, minute).getTime() : Infinity;
  };
  const steps: Plan['steps'] = [{ at: at(0, rng.int(0, 200)), step: { kind: 'create' } }];
  let day = 0;
  if (key) steps.push({ at: at((day += rng.int(0, 1)), 300), step: { kind: 'approve' } });
  steps.push({ at: at((day += rng.int(0, 1)), 400), step: { kind: 'assign' } });
  let accepted = day;
  agencies.forEach((_, unit) => {
    const d = day + rng.int(1, 2);
    accepted = Math.max(accepted, d);
    steps.push({ at: at(d), step: { kind: 'accept', unit } });
  });
  // Most finish on time; about one in five late; an extension for one in eight, asked two days before the deadline.
  let due = day + window;
  const extended = rng.chance(0.12);
  if (extended) {
    steps.push({ at: at(due - 2, 60), step: { kind: 'extend', days: 10 } });
    steps.push({ at: at(due - 1, 60), step: { kind: 'approveExtension' } });
    due += 10;
  }
  const late = rng.chance(0.2);
  // The 办结报告 comes after the extension it asked for, if any.
  const earliest = Math.max(accepted + 1, extended ? due - 8 : 0);
  const submitDay = Math.max(earliest, late ? due + rng.int(1, 15) : due - rng.int(0, Math.floor(window / 3)));
  const every = cadence === 'weekly' ? 5 : cadence === 'monthly' ? 21 : 0;
  for (let d = accepted + every; every && d < submitDay; d += every)
    if (!rng.chance(0.12)) steps.push({ at: at(d), step: { kind: 'report', text: rng.pick(REPORTS) } });
  agencies
    .slice(1)
    .forEach((_, i) => steps.push({ at: at(Math.max(accepted, submitDay - 1), 30 + i), step: { kind: 'assist', unit: i + 1 } }));
  let d = submitDay;
  const rounds = rng.chance(0.08) ? 2 : 1;
  for (let r = 0; r < rounds; r++) {
    steps.push({ at: at(d, 120), step: { kind: 'submit' } });
    steps.push({ at: at((d += rng.int(0, 2)), 300), step: { kind: 'signoff' } });
    steps.push({ at: at((d += rng.int(1, 3)), 360), step: { kind: 'review', redo: r < rounds - 1 } });
    d += rng.int(3, 8);
  }
  const leaders = leadersOf.get(lead.unitId) ?? [];
  return {
    office,
    input,
    units: agencies.map((a) => ({ unitId: a.unitId, handler: a.registrars[0]! })),
    signer: leaders[0]!,
    itemId: null,
    failed: false,
    steps: steps.map((s, i) => ({ ...s, at: s.at + i })),
  };
}

async function openTask(tx: Tx, itemId: string, stepKey: string, unitId?: string) {
  const rows = await tx
    .select({ id: task.id, assignee: task.assigneePersonId, forUnitId: task.forUnitId, dueDate: task.dueDate })
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.stepKey, stepKey), eq(task.state, 'open')));
  const t = unitId ? rows.find((r) => r.forUnitId === unitId) : rows[0];
  if (!t) throw new Error(`no open ${stepKey} task`);
  return t;
}

/** One step, as the person whose step it is does it through the product's commands. */
async function act(tx: Tx, ctxOf: CtxOf, p: Plan, step: Step, now: Date) {
  const supervisor = () => ctxOf(tx, p.office.supervisor, now);
  const lead = p.units[0]!;
  const itemId = p.itemId!;
  switch (step.kind) {
    case 'create':
      p.itemId = (await createSupervision(tx, await supervisor(), p.input)).itemId;
      return;
    case 'approve': {
      const t = await openTask(tx, itemId, 'approve');
      await submitTask(tx, await ctxOf(tx, p.office.director, now), t.id, {
        version: null,
        opinion: '同意交办。',
        decision: 'agree',
      });
      return;
    }
    case 'assign': {
      const ctx = await supervisor();
      await assignSupervision(tx, ctx, await readItem(tx, ctx, itemId), {
        note: '请按要求抓紧办理。',
        dueDate: null,
        assistingDueDate: null,
      });
      return;
    }
    case 'accept': {
      const u = p.units[step.unit]!;
      const [d] = await tx
        .select({ id: dispatch.id })
        .from(dispatch)
        .where(
          and(
            eq(dispatch.itemId, itemId),
            eq(dispatch.kind, SUPERVISE),
            eq(dispatch.unitId, u.unitId),
            eq(dispatch.state, 'pending'),
          ),
        );
      if (!d) throw new Error('no pending 交办');
      await acceptSupervision(tx, await ctxOf(tx, u.handler, now), itemId, d.id);
      return;
    }
    case 'report': {
      const t = await openTask(tx, itemId, 'handle', lead.unitId);
      await reportProgress(tx, await ctxOf(tx, t.assignee, now), t.id, { text: step.text });
      return;
    }
    case 'extend': {
      const t = await openTask(tx, itemId, 'handle', lead.unitId);
      const ctx = await ctxOf(tx, t.assignee, now);
      const proposed = ctx.cal.addWorkdays(t.dueDate!, step.days).date;
      await requestExtension(tx, ctx, t.id, { reason: '涉及部门较多，需进一步协调论证。', proposedDate: proposed });
      return;
    }
    case 'approveExtension': {
      const [e] = await tx
        .select({ id: taskExtension.id })
        .from(taskExtension)
        .where(and(eq(taskExtension.itemId, itemId), eq(taskExtension.state, 'pending')));
      if (!e) throw new Error('no pending 延期');
      const who = p.input.category === 'key' ? p.office.director : p.office.supervisor;
      await decideExtension(tx, await ctxOf(tx, who, now), e.id, { approve: true });
      return;
    }
    case 'assist': {
      const u = p.units[step.unit]!;
      const t = await openTask(tx, itemId, 'handle', u.unitId);
      await submitTask(tx, await ctxOf(tx, t.assignee, now), t.id, {
        version: null,
        opinion: '我单位协办意见：已按职责完成相关工作。',
      });
      return;
    }
    case 'submit': {
      const t = await openTask(tx, itemId, 'handle', lead.unitId);
      await submitTask(tx, await ctxOf(tx, t.assignee, now), t.id, {
        version: null,
        opinion: '办结报告：已按督办要求完成各项任务，建立长效机制。',
        next: { personIds: [p.signer] },
      });
      return;
    }
    case 'signoff': {
      const t = await openTask(tx, itemId, 'signoff');
      await submitTask(tx, await ctxOf(tx, t.assignee, now), t.id, { version: null, opinion: '同意报送。' });
      return;
    }
    case 'review': {
      const ctx = await supervisor();
      const base = await readItem(tx, ctx, itemId);
      await reviewSupervision(
        tx,
        ctx,
        base,
        step.redo
          ? { decision: 'redo', opinion: '办理结果未完全达到要求，请补充完善。', dueDate: null }
          : { decision: 'close', opinion: '办理到位，予以销号。', dueDate: null },
      );
      return;
    }
  }
}

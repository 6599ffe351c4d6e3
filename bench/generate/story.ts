import { registerIncomingBodySchema, type RegisterIncoming } from '../../src/contract/incoming';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import type { SubmitInput } from '../../src/server/platform/flow/engine';
import type { OpenTask } from './backend';
import type { Office, OrgPlan } from './org';
import type { Random } from './random';
import { WORK_MINUTES_PER_DAY, chinaDate } from './timing';
import * as T from './texts';

// What happens to one received document: how it is handled (阅知, 批办 or 退文), who is chosen at each
// step, what they write, and how long each step takes. The shares are an office's, not the regulation's:
// about a third of documents are for reading only, a few are sent back, the rest are handled by sections
// or agencies within a time limit, which most keep and some miss.

type Choice = { unitId?: string; departmentId?: string; role: 'lead' | 'assisting'; name: string };

export interface ItemPlan {
  office: Office;
  path: 'return' | 'read' | 'handle';
  sender: string;
  readers: string[];
  director: string;
  assignLeaders: string[];
  units: Choice[];
  /** The time limit given at 分办, in working days. */
  handleDays: number;
  /** The lead unit lets it lie for months (the overdue tail that 效能 figures are about). */
  stall: boolean;
}

export function makeItemPlan(rng: Random, office: Office, sender: string): ItemPlan {
  const path = rng.weighted({ return: 3, read: 33, handle: 64 });
  const officeLeaders = office.leaders;
  const pickUnit = (role: 'lead' | 'assisting', taken: Set<string>): Choice => {
    for (;;) {
      const c: Choice =
        rng.chance(0.6) || office.agencies.length === 0
          ? (() => {
              const s = rng.pick(office.sections);
              return { departmentId: s.id, role, name: s.name };
            })()
          : (() => {
              const a = rng.pick(office.agencies);
              return { unitId: a.unitId, role, name: a.name };
            })();
      const key = c.unitId ?? c.departmentId!;
      if (!taken.has(key)) {
        taken.add(key);
        return c;
      }
    }
  };
  const taken = new Set<string>();
  const lead = pickUnit('lead', taken);
  const assisting = Array.from({ length: Number(rng.weighted({ 0: 60, 1: 30, 2: 10 })) }, () => pickUnit('assisting', taken));
  return {
    office,
    path,
    sender,
    readers: rng.sample(officeLeaders, rng.int(1, 3)),
    director: rng.chance(0.7) ? office.director : rng.pick(officeLeaders.slice(1, 4)),
    assignLeaders: rng.sample(officeLeaders, rng.chance(0.75) ? 1 : 2),
    units: [lead, ...assisting],
    handleDays: rng.pick([5, 5, 7, 10, 10, 15, 20]),
    stall: rng.chance(0.03),
  };
}

const GENRES: Record<T.Genre, number> = { 通知: 42, 报告: 10, 请示: 5, 意见: 6, 函: 10, 通报: 6, 批复: 3, 纪要: 5, 简报: 13 };

/** Per office, sender and year, the next number of that sender's documents this office receives. */
export class DocNumbers {
  private next = new Map<string, number>();
  /** `start`: numbers above those of the history (documents registered while measuring). */
  constructor(private readonly start = 0) {}
  take(rng: Random, office: Office, code: string, year: number): number {
    const k = `${office.index}|${code}|${year}`;
    const n = (this.next.get(k) ?? this.start) + rng.int(1, 4);
    this.next.set(k, n);
    return n;
  }
}

const RECIPIENTS = {
  省: ['各省、自治区、直辖市党委办公厅'],
  市: ['各市委办公室', '省直各单位'],
  县: ['各县（市、区）委办公室', '市直各单位'],
} as const;

/** The registration form as a registrar fills it in, parsed by the product's own schema. */
export function makeInput(
  rng: Random,
  cal: WorkCalendar,
  office: Office,
  receivedAt: Date,
  numbers: DocNumbers,
  serial: number,
): { input: RegisterIncoming; sender: string } {
  const sender = rng.pick(office.senders);
  const receivedDate = chinaDate(receivedAt);
  const year = Number(receivedDate.slice(0, 4));
  const seq = numbers.take(rng, office, sender.code, year);
  // Some arrive with the year in round brackets and 第 before the number; registration normalises them.
  const docNo = rng.chance(0.08)
    ? `${sender.code}(${year})第${String(seq).padStart(3, '0')}号`
    : `${sender.code}〔${year}〕${seq}号`;
  const genre = rng.weighted(GENRES);
  const title = T.documentTitle(rng, year, genre, serial);
  const written = new Date(Date.parse(`${receivedDate}T00:00:00Z`) - rng.int(1, 6) * 86_400_000).toISOString().slice(0, 10);
  const urgency = rng.weighted({ none: 80, 加急: 12, 特急: 3, 平急: 5 });
  const input = registerIncomingBodySchema.parse({
    senderName: sender.name,
    docNo: genre === '简报' ? null : docNo,
    title,
    classification: rng.chance(0.45) ? '公开' : '内部',
    urgency: urgency === 'none' ? null : urgency,
    copies: rng.chance(0.8) ? 1 : rng.int(2, 5),
    writtenDate: written,
    receivedAt: receivedAt.toISOString(),
    mainRecipients: [...RECIPIENTS[office.level]],
    ccRecipients: rng.chance(0.2) ? ['省纪委监委机关'] : [],
    attachments: T.attachmentNames(rng, title),
    dueDate: rng.chance(0.12) ? cal.addWorkdays(receivedDate, rng.int(10, 20)).date : null,
  });
  return { input, sender: sender.name };
}

/** Names of units and departments by id, for the texts people write about them. */
export function unitNames(org: OrgPlan): Map<string, string> {
  return new Map<string, string>([
    ...org.units.map((u) => [u.id, u.name] as const),
    ...org.departments.map((d) => [d.id, d.name] as const),
  ]);
}

/** What the person acting on the task submits: the decision, the opinion, and whom it goes to next. */
export function bodyFor(
  rng: Random,
  cal: WorkCalendar,
  org: OrgPlan,
  names: Map<string, string>,
  plan: ItemPlan,
  task: OpenTask,
  at: Date,
): SubmitInput {
  const leadName = plan.units[0]!.name;
  const name = (id: string) => org.personById.get(id)?.name ?? '';
  switch (task.stepKey) {
    case 'screen':
      if (plan.path === 'return') return { version: null, decision: 'return', opinion: T.returnReason(rng) };
      if (plan.path === 'read') return { version: null, decision: 'read', opinion: null, next: { personIds: plan.readers } };
      return { version: null, decision: 'handle', opinion: T.screenNote(rng) || null, next: { personIds: [plan.director] } };
    case 'circulate':
      return { version: null, opinion: T.readComment(rng) };
    case 'propose':
      return {
        version: null,
        opinion: T.proposal(rng, name(plan.assignLeaders[0]!), leadName),
        next: { personIds: plan.assignLeaders },
      };
    case 'assign':
      return { version: null, opinion: T.instruction(rng, leadName) };
    case 'dispatch': {
      const due = cal.addWorkdays(chinaDate(at), plan.handleDays).date;
      return {
        version: null,
        opinion: null,
        next: {
          units: plan.units.map(({ name: _n, ...u }) => ({
            ...u,
            dueDate: u.role === 'lead' ? due : cal.addWorkdays(chinaDate(at), Math.max(3, plan.handleDays - 2)).date,
          })),
        },
      };
    }
    case 'handle':
      return { version: null, opinion: T.handling(rng, names.get(task.forDepartmentId ?? task.forUnitId ?? '') ?? '') };
    case 'reply':
      return { version: null, opinion: T.replyText(rng, plan.sender) };
    case 'close':
      return { version: null, opinion: T.closeSummary(rng) };
    default:
      throw new Error(`no policy for step ${task.stepKey}`);
  }
}

/** Office minutes from the task reaching its assignee to their submitting it. */
export function delayFor(rng: Random, plan: ItemPlan, task: OpenTask): number {
  const day = WORK_MINUTES_PER_DAY;
  switch (task.stepKey) {
    case 'screen':
      return rng.lognormal(40, 2.5);
    case 'circulate':
      return rng.lognormal(day * 0.8, 2.5);
    case 'propose':
      return rng.lognormal(180, 2.2);
    case 'assign':
      return rng.lognormal(300, 2.5);
    case 'dispatch':
      return rng.lognormal(60, 2.2);
    case 'handle':
      if (plan.stall && task.unitRole === 'lead') return rng.int(40, 160) * day;
      return rng.lognormal(plan.handleDays * 0.6 * day * (task.unitRole === 'lead' ? 1 : 0.7), 1.6);
    case 'reply':
      return rng.lognormal(day, 2);
    case 'close':
      return rng.lognormal(240, 2.2);
    default:
      return rng.lognormal(day, 2);
  }
}

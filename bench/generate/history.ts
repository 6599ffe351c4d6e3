import type { RegisterIncoming } from '../../src/contract/incoming';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import type { Backend, OpenTask } from './backend';
import type { OrgPlan } from './org';
import { MinHeap } from './heap';
import { Random } from './random';
import { DocNumbers, bodyFor, delayFor, makeInput, makeItemPlan, unitNames, type ItemPlan } from './story';
import { WORK_MINUTES_PER_DAY, addWorkingMinutes, chinaDate, officeMoment, workingDays } from './timing';

// The history is simulated in time order across the whole province: documents arrive, each step's
// people act after a while, reminders go out when due. Every event therefore lands in the audit chain in
// the order it happened, and whatever was not finished by the end is left open, as in a live office.

export interface HistoryOptions {
  seed: string;
  items: number;
  /** First and last moment of the history; the last is "now" for the server measured afterwards. */
  from: Date;
  to: Date;
  onProgress?: (done: number, total: number) => void;
  /** For the conformance check: every path in turn, and every n-th handled item stalls. */
  cover?: { stallEvery: number };
}

// Busier before the new year and in spring; quiet in the Spring Festival month and in summer.
const MONTH = [1.1, 0.6, 1.1, 1.0, 0.95, 1.05, 0.9, 0.85, 1.0, 0.85, 1.1, 1.25];
const WEEKDAY = [1, 1.15, 1.05, 1, 1, 0.85, 1];

/** Arrival moments and offices of `n` documents, sorted by time. */
function arrivals(rng: Random, cal: WorkCalendar, org: OrgPlan, n: number, from: Date, to: Date) {
  const days = workingDays(cal, chinaDate(from), chinaDate(to));
  const cum = new Float64Array(days.length);
  let total = 0;
  days.forEach((d, i) => {
    const t = new Date(`${d}T00:00:00Z`);
    total += MONTH[t.getUTCMonth()]! * WEEKDAY[t.getUTCDay()]!;
    cum[i] = total;
  });
  const officeCum = new Float64Array(org.offices.length);
  let w = 0;
  org.offices.forEach((o, i) => (officeCum[i] = w += o.weight));
  const find = (arr: Float64Array, x: number) => {
    let lo = 0;
    let hi = arr.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const times = new Float64Array(n);
  const offices = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const day = days[find(cum, rng.next() * total)]!;
    let t = officeMoment(day, rng.next() * WORK_MINUTES_PER_DAY).getTime();
    if (t < from.getTime()) t = from.getTime() + rng.next() * 60_000;
    if (t > to.getTime()) t = to.getTime() - rng.next() * 3_600_000;
    times[i] = t;
    offices[i] = find(officeCum, rng.next() * w);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]!);
  return order.map((i) => ({ at: times[i]!, office: offices[i]! }));
}

/** A registration due, or a person due to act on a task. */
type Pending = { at: number; seq: number } & (
  { item: LiveItem; task: OpenTask } | { register: { registrar: string; input: RegisterIncoming; plan: ItemPlan } }
);

interface LiveItem {
  id: string;
  plan: ItemPlan;
  /** group|slot of the tasks someone has already been scheduled to act on. */
  scheduled: Set<string>;
}

const less = (x: Pending, y: Pending) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

export interface HistoryStats {
  items: number;
  registered: number;
  actions: number;
  jobRuns: number;
}

export async function generateHistory(
  backend: Backend,
  org: OrgPlan,
  cal: WorkCalendar,
  opts: HistoryOptions,
): Promise<HistoryStats> {
  const rng = new Random(`${opts.seed}:history`);
  const names = unitNames(org);
  const numbers = new DocNumbers();
  const serials = new Map<number, number>();
  const end = opts.to.getTime();
  const heap = new MinHeap<Pending>(less);
  let seq = 0;
  const stats: HistoryStats = { items: opts.items, registered: 0, actions: 0, jobRuns: 0 };

  const schedule = async (item: LiveItem, now: Date) => {
    const open = (await backend.openTasks(item.id)).filter((t) => t.state === 'open');
    const slots = new Map<string, OpenTask[]>();
    for (const t of open) {
      const key = `${t.groupId}|${t.slot}`;
      if (!item.scheduled.has(key)) slots.set(key, [...(slots.get(key) ?? []), t]);
    }
    // Deterministic order (ids differ between backends; org ids and slots do not).
    const keys = [...slots.keys()].sort((a, b) => cmp(slots.get(a)![0]!, slots.get(b)![0]!));
    for (const key of keys) {
      item.scheduled.add(key);
      const candidates = slots.get(key)!.sort((a, b) => (a.assigneePersonId < b.assigneePersonId ? -1 : 1));
      const task = rng.pick(candidates);
      const at = addWorkingMinutes(cal, now, delayFor(rng, item.plan, task)).getTime();
      if (at <= end) heap.push({ at, seq: seq++, item, task });
    }
  };

  const runJobsUntil = async (t: number) => {
    for (let next = await backend.nextJobAt(); next && next.getTime() <= t; next = await backend.nextJobAt()) {
      await backend.runJobs(next);
      stats.jobRuns++;
    }
  };

  const list = arrivals(rng, cal, org, opts.items, opts.from, opts.to);
  let ai = 0;
  while (ai < list.length || heap.size) {
    const nextArrival = ai < list.length ? list[ai]!.at : Infinity;
    const nextAction = heap.peek()?.at ?? Infinity;
    // An arrival is drawn when it is received, and registered a little later, in its turn with the rest.
    if (nextArrival <= nextAction) {
      const { at, office: oi } = list[ai++]!;
      const office = org.offices[oi]!;
      const serial = (serials.get(oi) ?? 0) + 1;
      serials.set(oi, serial);
      const receivedAt = new Date(at);
      // Registered a little after receipt; a document that came in at the very end is registered at the end.
      const registeredAt = new Date(Math.min(addWorkingMinutes(cal, receivedAt, rng.lognormal(12, 2)).getTime(), end));
      const { input, sender } = makeInput(rng, cal, office, receivedAt, numbers, serial);
      const plan = makeItemPlan(rng, office, sender);
      if (opts.cover) {
        plan.path = (['handle', 'read', 'handle', 'return'] as const)[ai % 4]!;
        plan.stall = ai % opts.cover.stallEvery === 0;
      }
      const registrar = rng.pick(office.registrars);
      heap.push({ at: registeredAt.getTime(), seq: seq++, register: { registrar, input, plan } });
      continue;
    }
    const p = heap.pop()!;
    const at = new Date(p.at);
    await runJobsUntil(p.at);
    if ('register' in p) {
      const { registrar, input, plan } = p.register;
      await backend.markAllRead(at, registrar);
      const id = await backend.register(at, registrar, input);
      stats.registered++;
      await schedule({ id, plan, scheduled: new Set() }, at);
      if (stats.registered % 1000 === 0) opts.onProgress?.(stats.registered, opts.items);
    } else {
      await backend.markAllRead(at, p.task.assigneePersonId);
      await backend.submit(at, p.task.assigneePersonId, p.task, bodyFor(rng, cal, org, names, p.item.plan, p.task, at));
      stats.actions++;
      await schedule(p.item, at);
    }
  }
  await runJobsUntil(end);
  await backend.finish();
  return stats;
}

function cmp(a: OpenTask, b: OpenTask): number {
  const ka = `${a.stepKey}|${a.seq ?? 0}|${a.slot}|${a.assigneePersonId}`;
  const kb = `${b.stepKey}|${b.seq ?? 0}|${b.slot}|${b.assigneePersonId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

import type { ReminderSchedule } from './tasks';

/**
 * Who acts at a step. Resolved when the step is activated:
 * - role: everyone holding the business role over the item's owning unit (e.g. the 文书/registrar);
 * - chosen: people the previous actor picks at run time, from a scope the step names;
 * - units: units or departments picked at run time (分办), each with a lead (主办) or assisting (协办) role;
 *   a unit's task goes to its registrars (收发), a department's to its head; with `via`, the units are sent the item
 *   by that kind of dispatch (交办) and the step's task is opened for whoever of a unit accepts it (签收) — the step is
 *   done when every unit sent it has accepted and finished (or was taken off by the sender);
 * - previous: whoever completed the named step last (e.g. the lead unit's handler writes the reply); with
 *   `all`, everyone who completed its last round (the leaders who signed a joint document, for 复审);
 * - creator: the person who started the item (the drafter of an outgoing document);
 * - leaderInCharge: the leader in charge (分管) of the lead department chosen earlier.
 * A chosen step may name whom the picker suggests first (`suggest`); anyone the scope allows stays reachable by search.
 */
export type ActorRule =
  | { type: 'role'; role: 'registrar' | 'supervisor' }
  | { type: 'chosen'; scope: 'leaders' | 'people'; suggest?: SuggestRule }
  | {
      type: 'units';
      /** false: no lead among them (units consulted, 会商); default: exactly one lead (分办). */
      lead?: boolean;
      /** A dispatch kind (`ModuleDef.dispatches`): the units are sent the item and sign for it (签收) or send it back. */
      via?: string;
    }
  | { type: 'previous'; step: string; unitRole?: 'lead'; all?: boolean }
  | { type: 'creator' }
  | { type: 'leaderInCharge' };

/**
 * Whom the person choosing the next step's people is offered first, worked out from the organisation:
 * - leaderInChargeOfChooser: the leader in charge (分管) of the chooser's section (the office director over 文电科
 *   for 拟办), failing that the leaders of the owning unit;
 * - headOfChooserSection: the head (领导职务) of the chooser's own section (the drafter's 科长 for 核稿), failing that
 *   its leader in charge;
 * - owningUnitLeaders: the leaders of the unit the item belongs to (批办, 签发 of the issuing unit).
 */
export type SuggestRule = 'leaderInChargeOfChooser' | 'headOfChooserSection' | 'owningUnitLeaders';

/**
 * single: one person; all: everyone chosen must finish; any: the first to finish closes it for all;
 * sequential: one after another in the order chosen.
 */
type StepMode = 'single' | 'all' | 'any' | 'sequential';

/**
 * reassign: the step's task may change hands — its holder hands it on (转办) to someone the step's rule allows, or the
 * unit's registrar or supervisor redirects it (改派); addHandler: its holder adds a signer (加签) — after themselves in
 * a sequential step, alongside them otherwise.
 */
export type StepAction = 'submit' | 'return' | 'retract' | 'reassign' | 'addHandler';

/** Where a finished step leads: one step, the end, or a branch on the decision the actor made. */
type NextRule = { to: string } | { end: true } | { decide: Record<string, string> };

export interface StepDef {
  key: string;
  /** As users see it: 初审, 拟办, 批办 … */
  name: string;
  kind: 'do' | 'read';
  actors: ActorRule;
  mode: StepMode;
  actions: StepAction[];
  /** Steps this one may send the item back to, with a reason. */
  returnTo?: string[];
  /** Time limit from activation; 'item' uses the due date set on the item (or per unit at 分办). */
  limit?: { days: number; unit: 'working' | 'calendar' } | 'item';
  reminders?: ReminderSchedule;
  /** The kind of opinion written here and whether it is required. */
  opinion?: { kind: string; required: boolean; requiredFor?: string[] };
  next: NextRule;
  /** Decisions allowed (keys of next.decide) and their labels. */
  decisions?: Record<string, string>;
  /** The item's final state (a key its module names) when a decision ends the flow (退文 → returned); otherwise closed. */
  endStates?: Record<string, string>;
  /** Who decides a holder's request for more time (延期); without it, whoever gave the task out. */
  extension?: ExtensionRule;
  /** Progress reports (进展报告) the holder owes while the task is open, and whom a missed one is escalated to. */
  progress?: ProgressRule;
}

/**
 * 延期 is decided by: the one who gave the task out (the holder of the task whose submission activated it, else
 * whoever created it); the supervisors (督查督办) over the item's owning unit; its registrars; or whoever last
 * completed a named step of the flow.
 */
export type ExtensionApprover =
  | { type: 'assigner' }
  | { type: 'role'; role: 'registrar' | 'supervisor' }
  /** Whoever last completed that step (督办 重点: whoever approved 立项). */
  | { type: 'previous'; step: string };
interface ExtensionRule {
  approver: ExtensionApprover;
}

/**
 * When a progress report is due, counted on the official calendar; a date that falls on a day off moves to the next
 * working day:
 * - every: every N working days (from the task's start, then from each report);
 * - monthlyOnDay: on this day of every month (the last day of a shorter month), or only of the `months` listed
 *   (quarterly: [3, 6, 9, 12]; half-yearly: [6, 12]);
 * - weekly: on this weekday every week (1 Monday … 7 Sunday);
 * - beforeDueWorkdays: once, N working days before the task's due date.
 */
export type ProgressCadence =
  { every: number } | { monthlyOnDay: number; months?: number[] } | { weekly: number } | { beforeDueWorkdays: number };

/**
 * One level of escalation of a missed report: `afterWorkdays` working days after the report's due date (0: on the
 * day itself), to the holder (催报), the leaders of the unit the task is for, or the supervisors over the item's
 * owning unit. Each level fires once per missed report.
 */
export interface EscalationLevel {
  afterWorkdays: number;
  to: 'holder' | 'unitLeader' | 'supervisor';
  /**
   * What the item's module does at this level once the people are told, by name (`ModuleDef.escalations`): 督办 drafts
   * a 督办函 on the 督查室's desk at the last level. Checked when the module is installed.
   */
  then?: string;
}

interface ProgressRule {
  cadence: ProgressCadence;
  /** Only the lead unit's task of a units step owes reports (督办: the 主办单位 reports; 协办 give their part to it). */
  leadOnly?: boolean;
  /** Default: the holder is reminded on the day the report is due. */
  escalation?: EscalationLevel[];
}

export interface FlowDef {
  key: string;
  name: string;
  /** The first step after the item is registered. */
  start: string;
  steps: StepDef[];
}

export const END = '$end';

/** Problems in a definition (unknown steps, branches without decisions, …); empty when it is sound. */
export function checkFlow(def: FlowDef): string[] {
  const problems: string[] = [];
  const keys = new Set(def.steps.map((s) => s.key));
  if (keys.size !== def.steps.length) problems.push('duplicate step keys');
  if (!keys.has(def.start)) problems.push(`start step ${def.start} missing`);
  const exists = (k: string) => k === END || keys.has(k);
  for (const s of def.steps) {
    if ('to' in s.next && !exists(s.next.to)) problems.push(`${s.key}: next ${s.next.to} missing`);
    if ('decide' in s.next) {
      for (const [d, to] of Object.entries(s.next.decide)) {
        if (!exists(to)) problems.push(`${s.key}: decision ${d} leads to missing ${to}`);
        if (!s.decisions?.[d]) problems.push(`${s.key}: decision ${d} has no label`);
      }
    }
    for (const r of s.returnTo ?? []) if (!keys.has(r)) problems.push(`${s.key}: return to missing ${r}`);
    if (s.returnTo?.length && !s.actions.includes('return')) problems.push(`${s.key}: returnTo without the return action`);
    if (s.actors.type === 'previous' && !keys.has(s.actors.step))
      problems.push(`${s.key}: previous step ${s.actors.step} missing`);
    if (s.mode === 'single' && s.actors.type === 'units') problems.push(`${s.key}: units need mode all`);
    if (s.actors.type === 'units' && s.actors.via && s.mode !== 'all')
      problems.push(`${s.key}: units via a dispatch need mode all`);
    if (s.progress?.leadOnly && (s.actors.type !== 'units' || s.actors.lead === false))
      problems.push(`${s.key}: progress leadOnly needs a units step with a lead`);
    if (s.extension?.approver.type === 'previous' && !keys.has(s.extension.approver.step))
      problems.push(`${s.key}: extension approver step ${s.extension.approver.step} missing`);
    if (s.progress) problems.push(...progressProblems(s.key, s.kind, s.progress));
  }
  return problems;
}

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Problems in a cadence, a step's or one a module gives an item (`ModuleDef.progressCadence`); empty when sound. */
export function cadenceProblems(c: ProgressCadence): string[] {
  const out: string[] = [];
  if ('every' in c && !whole(c.every, 1, 250)) out.push('progress every must be 1..250 working days');
  if ('monthlyOnDay' in c) {
    if (!whole(c.monthlyOnDay, 1, 31)) out.push('progress monthlyOnDay must be 1..31');
    const m = c.months;
    if (m && (!m.length || m.some((x, i) => !whole(x, 1, 12) || (i > 0 && x <= m[i - 1]!))))
      out.push('progress months must be 1..12, ascending, at least one');
  }
  if ('weekly' in c && !whole(c.weekly, 1, 7)) out.push('progress weekly must be 1..7');
  if ('beforeDueWorkdays' in c && !whole(c.beforeDueWorkdays, 0, 250)) out.push('progress beforeDueWorkdays must be 0..250');
  return out;
}

function progressProblems(key: string, kind: StepDef['kind'], p: ProgressRule): string[] {
  const out: string[] = [];
  if (kind !== 'do') out.push(`${key}: progress reports only on do steps`);
  out.push(...cadenceProblems(p.cadence).map((x) => `${key}: ${x}`));
  const levels = p.escalation ?? [];
  for (const [i, l] of levels.entries()) {
    if (!whole(l.afterWorkdays, 0, 250)) out.push(`${key}: escalation ${i} afterWorkdays must be 0..250`);
    if (i > 0 && l.afterWorkdays <= levels[i - 1]!.afterWorkdays)
      out.push(`${key}: escalation levels must come later one after another`);
  }
  return out;
}

import type { RequestContext } from '../context';
import type { FastifyInstance } from 'fastify';
import type { Queryable, Tx } from '../db/client';
import type { FlowDef, ProgressCadence, StepDef } from '../flow/definition';
import type { item } from '../items/schema';
import type { Authorized, ItemView } from '../items/service';
import type { ItemStatus } from '../items/status';
import type { task } from '../flow/schema';
import type { Choice } from '../flow/resolve';
import { declareFlow } from '../flow/registry';
import { defineJob, type JobHandler } from '../jobs/queue';
import { kernelJobs } from '../jobs/kinds';
import { declareDispatchKind, type DispatchKindDef } from '../flow/dispatch';
import { guardFileRoles } from '../files/guarded';
import { keepFromRegistrars, overseenByLeadersInCharge, restrictToParticipants } from '../items/policy';

/**
 * What the kernel computes for a module's items, over a period, from the items and their tasks. Each
 * metric is data; the kernel knows how to measure each `type` (metrics.ts), the module only names them.
 */
type MetricMeasure =
  /** Items registered (created) in the period. */
  | { type: 'created' }
  /** Items closed in the period. */
  | { type: 'closed' }
  /** Mean working days from registration to closure, for items closed in the period. */
  | { type: 'cycleWorkdays' }
  /** Share of a step's tasks finished in the period on or before their due date; per unit when the step is done by units. */
  | { type: 'onTimeRate'; step: string }
  /** A step's tasks still open past their due date now. */
  | { type: 'overdueOpen'; step?: string }
  /** Extensions (延期) approved in the period, of a step's tasks or of all; per unit when the step is done by units. */
  | { type: 'extensions'; step?: string };

export interface MetricDef {
  key: string;
  /** As users read it, e.g. 承办按时办结率. */
  name: string;
  measure: MetricMeasure;
  /** Break the value down by the unit a task was given to (承办单位). */
  byUnit?: boolean;
}

/** A submission as a module's hooks see it. `completesStep`: nobody else in the step is still to act. */
export interface StepEvent {
  item: typeof item.$inferSelect;
  task: typeof task.$inferSelect;
  step: StepDef;
  decision: string | null;
  opinion: string;
  completesStep: boolean;
  /** Whom the submitter chose for the next step. */
  next: Choice;
}

/**
 * What a module adds to the kernel's actions, inside the same transaction: refuse a submission its rules
 * do not allow (throw a DomainError), or complete its own record when a step is done.
 */
interface ModuleHooks {
  beforeSubmit?(tx: Tx, ctx: RequestContext, e: StepEvent): Promise<void>;
  afterStep?(tx: Tx, ctx: RequestContext, e: StepEvent & { nextStep: string | null; finished: boolean }): Promise<void>;
  /** After a task was sent back to an earlier step (退回, 退回重办), in the same transaction. */
  afterReturn?(
    tx: Tx,
    ctx: RequestContext,
    e: { item: typeof item.$inferSelect; from: StepDef; to: StepDef; reason: string },
  ): Promise<void>;
  /** 延期: refuse a date its rules do not allow (督办: a statutory limit), when asked for and again when granted. */
  checkExtension?(tx: Tx, ctx: RequestContext, e: ExtensionEvent): Promise<void>;
  /** After a 延期 is granted, in the same transaction: the module's own record follows (督办: the item's deadline). */
  extensionGranted?(tx: Tx, ctx: RequestContext, e: ExtensionEvent & { from: string }): Promise<void>;
}

/** A missed report's escalation level, as a module's `escalations` see it. */
export type EscalationAct = (
  tx: Tx,
  e: {
    item: typeof item.$inferSelect;
    task: typeof task.$inferSelect;
    /** The report's due date that was missed. */
    period: string;
    now: Date;
    /** In the post given (their default post if none); null when they or the post are gone. */
    actAs(personId: string, postId?: string | null): Promise<RequestContext | null>;
  },
) => Promise<void>;

/** A 延期 as a module's hooks see it: the item, the task whose due date moves, and the date asked for or granted. */
export interface ExtensionEvent {
  item: typeof item.$inferSelect;
  task: typeof task.$inferSelect;
  date: string;
}

export interface ModuleDef {
  /** The item kind, e.g. incoming. */
  kind: string;
  /** The module as users name it: 收文. */
  name: string;
  flows: FlowDef[];
  /**
   * participants: only the people working on an item see it, with the owning unit's registrars and supervisors (收文);
   * supervisors: the same without the registrars (督办: the 督查室's register); unit: everyone in the owning unit.
   */
  visibility: 'participants' | 'supervisors' | 'unit';
  /** The leader in charge (分管) of the item's owning department sees it too (a department's 发文 drafts). */
  overseenByLeaderInCharge?: boolean;
  /** The words an item is found by, beyond its title (来文单位, 文号 …), from the module's own record. */
  searchText: (fields: Record<string, unknown>) => string[];
  metrics: MetricDef[];
  hooks?: ModuleHooks;
  /**
   * Where users change an item's title and other registered fields when the module keeps them itself (收文:
   * 更正登记, versioned and closed once routed; 发文: a new version of the draft). The kernel's plain edit
   * (`PATCH /items/:id`) then refuses and names this place, so nothing changes around the module's record.
   */
  editedAt?: string;
  /**
   * The states of its items beyond its flow's steps and the kernel's `closed`, by key, with the names people read:
   * where an item stands before its flow starts (registered), and how it may end (returned, withdrawn, voided).
   */
  states?: Record<string, string>;
  /** Its items may be passed round to readers (传阅, `POST /items/:id/circulations`); others are not found there. */
  circulates?: boolean;
  /** 常用语 offered for the kinds of opinion its steps write, until a person saves their own. */
  phrases?: Record<string, string[]>;
  /**
   * The ways it sends its items to units (发文 核发, 督办 交办 …): each unit's registrars get a receiving task and accept or
   * return it (`flow/dispatch.ts`); the kind's key is the tasks' step key, so a metric may measure it.
   */
  dispatches?: DispatchKindDef[];
  /**
   * Makes an item of this module from another module's item (a 收文 from a distributed 发文, a 督办 from a 批示) or, with
   * no source, from another module's data alone (a 发文 draft of a 督查通报), called through the kernel
   * (`flow/links.ts deriveItem`, which links the two when there is a source) so no module imports another. `fields` is
   * what the caller knows of the new item, in this module's contract shape: the handler validates it, and refuses a
   * null source when its items are made only from one.
   */
  derive?: (
    tx: Tx,
    ctx: RequestContext,
    input: { source: Authorized<ItemView, 'read' | 'issued'> | null; fields: unknown },
  ) => Promise<{ itemId: string; registryNo: string | null }>;
  /**
   * Its items may be made by users from any item they may read (`POST /items/:id/derive` calls `derive` with the
   * fields sent, and links the new item to its source with `link`): 督办 立项 from a 收文 or from a leader's 批示 on any
   * item. Without it a module's `derive` is only for other modules' code (a 收文 from a 发文 signed for).
   */
  derivedOnRequest?: { link: string };
  /**
   * An item's own report cadence (督办: the 报告周期 chosen at 立项), where its step asks for reports; null keeps the
   * step's. The kernel checks it as it checks a step's.
   */
  progressCadence?: (db: Queryable, itemId: string, step: StepDef) => Promise<ProgressCadence | null>;
  /**
   * Its kinds of background job, by kind — each named `<module kind>.<job>` — scheduled with the kernel's `enqueue`
   * in the transaction that wants them and run by the job runner.
   */
  jobs?: Record<string, JobHandler>;
  /**
   * What it does at a level of a missed report's escalation that names it (`EscalationLevel.then`), in the job's
   * transaction, after the people of the level are told. `actAs` gives the context of a person acting now (their
   * default post, or the one given), for a draft made on their desk; null when they are gone.
   */
  escalations?: Record<string, EscalationAct>;
  /**
   * Where its items stand for another module's page that tracks them (a meeting's 议定事项 show their 督办 items):
   * each item's light (绿/黄/红灯; null when it has none, e.g. closed) and its state as people read it. Called by
   * `items/status.ts statusOfItems` with items of this module only; an item it leaves out has no light.
   */
  statusOf?: (db: Queryable, ctx: RequestContext, itemIds: string[]) => Promise<Map<string, ItemStatus>>;
  /**
   * Roles of files on its items that only its own routes reach (办会's 会议材料: given to attendees once distributed, a
   * classified one as numbered copies). The kernel's generic file paths never list, read, attach or remove a file
   * through an item it sits on in such a role (its uploader still reads their own upload); the module puts it there with
   * `files/service.ts attachGuardedFile` and serves it with `openGuardedFile`, each after its own checks.
   */
  guardedFileRoles?: string[];
  /** Its HTTP routes, mounted under /api/v1 when the module is installed. */
  routes?: (app: FastifyInstance) => Promise<void>;
}

const modules = new Map<string, ModuleDef>();

/**
 * A module's declaration, checked: its flows (versioned by the kernel), who may see its items, how they are found,
 * what is measured, its states, phrases and routes. Declaring registers nothing: the build's list of modules
 * (modules/index.ts) is installed when the server is built, so a module is active exactly when it is listed.
 */
export function defineModule(def: ModuleDef): ModuleDef {
  const keys = new Set<string>();
  for (const m of def.metrics) {
    if (keys.has(m.key)) throw new Error(`module ${def.kind}: metric ${m.key} twice`);
    keys.add(m.key);
    const step = 'step' in m.measure ? m.measure.step : undefined;
    if (step && !def.flows.some((f) => f.steps.some((s) => s.key === step)) && !def.dispatches?.some((d) => d.key === step)) {
      throw new Error(`module ${def.kind}: metric ${m.key} names an unknown step`);
    }
  }
  for (const f of def.flows) {
    for (const s of f.steps) {
      for (const end of Object.values(s.endStates ?? {})) {
        if (!def.states?.[end])
          throw new Error(`module ${def.kind}: step ${s.key} ends in state ${end}, which the module does not name`);
      }
    }
  }
  for (const f of def.flows)
    for (const s of f.steps)
      for (const l of s.progress?.escalation ?? [])
        if (l.then && !def.escalations?.[l.then])
          throw new Error(`module ${def.kind}: step ${s.key} escalates to ${l.then}, which the module does not declare`);
  for (const role of def.guardedFileRoles ?? [])
    if (!role.trim() || def.guardedFileRoles!.indexOf(role) !== def.guardedFileRoles!.lastIndexOf(role))
      throw new Error(`module ${def.kind}: guarded file role "${role}" is empty or named twice`);
  for (const kind of Object.keys(def.jobs ?? {})) {
    if (!kind.startsWith(`${def.kind}.`)) throw new Error(`module ${def.kind}: job ${kind} is not named ${def.kind}.<job>`);
  }
  return def;
}

/** Puts the modules of this build into the kernel: their flows, visibility rules and hooks. Installing a list again is harmless. */
export function installModules(list: ModuleDef[]) {
  for (const [kind, handler] of Object.entries(kernelJobs())) defineJob(kind, handler);
  for (const def of list) {
    const installed = modules.get(def.kind);
    if (installed === def) continue;
    if (installed) throw new Error(`module ${def.kind} defined twice`);
    for (const kind of Object.keys(def.phrases ?? {})) {
      const other = [...modules.values()].find((m) => m.phrases?.[kind]);
      if (other) throw new Error(`module ${def.kind}: opinion kind ${kind} already has phrases from ${other.kind}`);
    }
    for (const f of def.flows) declareFlow(f);
    for (const d of def.dispatches ?? []) declareDispatchKind(d);
    for (const [kind, handler] of Object.entries(def.jobs ?? {})) defineJob(kind, handler);
    if (def.visibility !== 'unit') restrictToParticipants(def.kind);
    if (def.visibility === 'supervisors') keepFromRegistrars(def.kind);
    if (def.overseenByLeaderInCharge) overseenByLeadersInCharge(def.kind);
    if (def.guardedFileRoles?.length) guardFileRoles(def.kind, def.name, def.guardedFileRoles);
    modules.set(def.kind, def);
  }
}

export const moduleOf = (kind: string): ModuleDef | undefined => modules.get(kind);
export const allModules = (): ModuleDef[] => [...modules.values()];

import type { Database } from '../../src/server/platform/db/client';
import type { Actor } from '../../src/server/platform/access/actor';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import type { OrgPlan, Office } from '../generate/org';
import type { Random } from '../generate/random';
import type { Capture, Sequence } from './capture';
import type { Http, Session } from './http';
import type { Budget } from './measure';

/** Who does what in the run, chosen from the generated organisation and its open work. */
export interface Subjects {
  /** The provincial office and the 15 city offices, each with the registrar who registers there. */
  offices: { office: Office; registrar: string }[];
  /** People with the most open 待办: their workbench is the one measured. */
  workbenchUsers: string[];
  /** The provincial 督查 supervisor: sees every item in the province, so searches everything. */
  searchUser: string;
  /** Registrars of the provincial office, all taking numbers from its 发文 register. */
  numberUsers: string[];
  numberRegister: string;
  /** The 督查 supervisors of the provincial and the city offices (the provincial one sees the whole province). */
  supervisors: string[];
  /** People holding a lead unit's open 督办 办理 task (and no assisting one): they report progress. */
  reporters: string[];
  /** Invited members of the noticed 办会 meetings still to come, by meeting: they give their 回执. */
  meetingReplies: { itemId: string; personId: string }[];
  /** Everyone above, signed in by the sign-in operation. */
  signInUsers: string[];
  /** The period of the yearly 效能 figures: the last full year. */
  metricsYear: number;
}

export interface Shared {
  org: OrgPlan;
  cal: WorkCalendar;
  subjects: Subjects;
  rng: Random;
  now(): Date;
  /** How many of `subjects.offices` the writers register in, in turn (--writer-offices). */
  writerOffices: number;
}

export interface ApiContext extends Shared {
  http: Http;
  sessions: Map<string, Session>;
  session(personId: string): Session;
}

export interface BareContext extends Shared {
  database: Database;
  capture: Capture;
  actor(personId: string): Promise<Actor>;
  /** The sessions the API run signed in, by person: their cookie values. */
  sessionTokens: Map<string, string>;
}

/** What the bare-SQL figure replays: captured statement sequences, used in turn. */
interface Bare {
  kind: 'read' | 'write';
  sequences: Sequence[];
  /** Work the operation needs besides SQL that is no overhead of the API (argon2 for a sign-in). */
  extra?: () => Promise<void>;
  /** What the figure covers, for the report. */
  note?: string;
  /** Further references measured the same way (e.g. with the session lookup every request makes). */
  variants?: { label: string; sequences: Sequence[] }[];
}

export interface Op {
  key: string;
  title: string;
  /** What one call is, for the report. */
  call: string;
  budget: Record<1 | 16, Budget>;
  /** Run once with the server up, before any measuring of this operation; returns how many calls it can make, if limited. */
  setup?(ctx: ApiContext): Promise<number | void>;
  api(ctx: ApiContext, i: number): Promise<void>;
  bare(ctx: BareContext): Promise<Bare>;
}

export const CEILING = '内部' as const;

import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client';
import { rowsOf } from '../../src/server/platform/db/client';
import { readFileSync } from 'node:fs';
import { hasPlannerStatistics, maintainTables } from '../../src/server/platform/db/maintenance';
import { migrate } from '../../src/server/platform/db/migrate';
import { engineLabel, type BenchDatabase, type EngineName } from '../engines';
import { pickSubjects } from '../ops/subjects';
import type { Subjects } from '../ops/types';
import type { EngineRun } from '../report';
import { BulkBackend } from './bulk';
import { generateHistory } from './history';
import { PROVINCE_SHAPE, planOrg, type OrgPlan } from './org';
import { seedOrganisation } from './seed';
import { MEETINGS_YEARS, generateMeetings } from './meetings';
import { SUPERVISION_YEARS, generateSupervision } from './supervision';
import { bundledCalendar } from './timing';

export interface GenerateOptions {
  scale: string;
  items: number;
  seed: string;
  years: number;
  /** Which engines get planner statistics afterwards: pg, all or none. */
  analyze: string;
  dbs: BenchDatabase[];
  /** 督办 items opened per supervising office and year (0: none). */
  supervision: number;
  /** 办会: meetings held per office (the provincial and the city offices) and year (0: none). */
  meetings: number;
  passwordHash: string;
  log: (line: string) => void;
}

export interface Generated {
  org: OrgPlan;
  subjects: Subjects;
  counts: Record<string, number>;
  generation: EngineRun['generation'];
  versions: Map<EngineName, string>;
  /** The history's span: the organisation's dates derive from `from`, the subjects from `to`. */
  from: Date;
  to: Date;
}

/**
 * The organisation and history of a scale, computed once and written to every engine of the run (the
 * same rows, the same audit chain), through the bulk writer the conformance check vouches for.
 */
export async function generateScale(o: GenerateOptions): Promise<Generated> {
  const { scale, items, seed, dbs, passwordHash, log } = o;
  const tag = `[${scale}]`;
  const cal = bundledCalendar();
  const to = new Date();
  const from = new Date(to.getTime() - o.years * 365.25 * 86_400_000);
  const org = planOrg(seed, PROVINCE_SHAPE, from);
  const t0 = performance.now();
  log(
    `${tag} generating: ${org.units.length} units, ${org.departments.length} departments, ${org.people.length} people, ${items} items over ${o.years} years, into ${dbs.map((d) => engineLabel(d.engine)).join(' and ')}`,
  );
  const open: Database[] = [];
  try {
    for (const d of dbs) {
      const database = await d.open();
      open.push(database);
      await seedOrganisation(database, org, passwordHash, from);
    }
    const backend = new BulkBackend(open, org, cal, seed);
    const stats = await generateHistory(backend, org, cal, {
      seed,
      items,
      from,
      to,
      onProgress: (d, n) => (d % Math.max(1000, n / 10) === 0 ? log(`${tag}   ${d}/${n} items`) : undefined),
    });
    // 督查督办 through the product's own commands, into each engine in turn (hundreds of items a year per office).
    const supervisionSeconds: Record<string, number> = {};
    for (const [i, d] of o.supervision ? dbs.entries() : []) {
      const ts = performance.now();
      const r = await generateSupervision(open[i]!, org, cal, {
        seed,
        perOfficeYear: o.supervision,
        years: Math.min(o.years, SUPERVISION_YEARS),
        to,
        lanes: d.engine === 'pg' ? 4 : 1,
      });
      supervisionSeconds[d.engine] = Math.round((performance.now() - ts) / 100) / 10;
      log(
        `${tag}   督办 ${engineLabel(d.engine)}: ${r.items} items, ${r.steps} commands in ${supervisionSeconds[d.engine]} s${r.failed ? ` (${r.failed} stopped by a refusal)` : ''}`,
      );
    }
    // 办会 through the product's own commands, the same way (a few dozen meetings a year per office).
    const meetingsSeconds: Record<string, number> = {};
    for (const [i, d] of o.meetings ? dbs.entries() : []) {
      const ts = performance.now();
      const r = await generateMeetings(open[i]!, org, cal, {
        seed,
        perOfficeYear: o.meetings,
        years: Math.min(o.years, MEETINGS_YEARS),
        to,
        lanes: d.engine === 'pg' ? 4 : 1,
      });
      meetingsSeconds[d.engine] = Math.round((performance.now() - ts) / 100) / 10;
      log(
        `${tag}   办会 ${engineLabel(d.engine)}: ${r.meetings} meetings, ${r.topics} topics, ${r.steps} commands in ${meetingsSeconds[d.engine]} s${r.failed ? ` (${r.failed} stopped by a refusal)` : ''}`,
      );
    }
    const writeSeconds = Object.fromEntries([...backend.writer.written.writeMs].map(([k, v]) => [k, Math.round(v / 100) / 10]));
    const generation = {
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      writeSeconds,
      events: backend.writer.written.events,
      rows: backend.writer.written.rows,
      actions: stats.actions,
      supervisionSeconds,
      meetingsSeconds,
    };
    // What autovacuum does on a PostgreSQL server after a load like this (this machine's has autovacuum off),
    // and the product's nightly maintenance on PGlite: statistics, GIN pending lists moved into their index,
    // the visibility map.
    for (const [i, d] of dbs.entries()) {
      if (o.analyze === 'all' || (o.analyze === 'pg' && d.engine === 'pg')) await vacuumAnalyze(open[i]!);
      // The load's dirty pages are flushed now, not by a checkpoint in the middle of the measurements.
      if (d.engine === 'pg')
        await open[i]!.db.execute(sql`checkpoint`).catch(() => log(`${tag} (no CHECKPOINT: not a superuser)`));
    }
    const subjects = await pickSubjects(open[0]!, org, to);
    const counts = await countRows(open[0]!);
    const versions = new Map<EngineName, string>();
    for (const [i, d] of dbs.entries()) versions.set(d.engine, await open[i]!.version());
    log(
      `${tag} generated in ${generation.seconds} s: ${counts.items} items, ${counts.tasks} tasks, ${counts.events} events (${generation.rows} rows written; writing ${Object.entries(
        writeSeconds,
      )
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')})`,
    );
    return { org, subjects, counts, generation, versions, from, to };
  } finally {
    for (const database of open) await database.close();
  }
}

/** VACUUM (ANALYZE): autovacuum's work on a server, the product's own nightly maintenance on PGlite. */
async function vacuumAnalyze(database: Database) {
  if (database.engine === 'pglite') await maintainTables(database);
  else await database.db.execute(sql`vacuum (analyze)`);
}

/** What the generated database holds, for the report. */
async function countRows(database: Database): Promise<Record<string, number>> {
  const r = rowsOf<Record<string, number>>(
    await database.db.execute(sql`select
      (select count(*) from item where kind not in ('supervision', 'meetings'))::int8 as items,
      (select count(*) from supervision_item)::int8 as "supervisionItems",
      (select count(*) from item where kind = 'supervision' and closed_at is null)::int8 as "supervisionOpen",
      (select count(*) from item where closed_at is null)::int8 as "openItems",
      (select count(*) from meeting)::int8 as meetings,
      (select count(*) from meeting where ends_at > now())::int8 as "meetingsUpcoming",
      (select count(*) from meeting_topic)::int8 as "meetingTopics",
      (select count(*) from meeting_reply)::int8 as "meetingReplies",
      (select count(*) from meeting_check_in)::int8 as "meetingCheckIns",
      (select count(*) from task)::int8 as tasks,
      (select count(*) from task where state = 'open')::int8 as "openTasks",
      (select count(*) from event)::int8 as events,
      (select count(*) from notification)::int8 as notifications,
      (select count(*) from job)::int8 as jobs,
      (select count(*) from person)::int8 as people,
      (select count(*) from unit)::int8 as units,
      (select count(*) from department)::int8 as departments,
      (select count(*) from item where state = '已退文')::int8 as "returned",
      (select count(distinct item_id) from task where step_key = 'circulate')::int8 as "forReading",
      (select count(distinct item_id) from task where step_key = 'handle')::int8 as "handled",
      (select count(*) from task where step_key = 'handle' and state = 'done' and ((completed_at at time zone 'UTC') + interval '8 hours')::date > due_date)::int8 as "handledLate",
      (select count(*) from task where state = 'open' and due_date < current_date)::int8 as "overdueOpenTasks",
      (select count(*) from item where classification = '内部')::int8 as "internal",
      (select count(*) from incoming_document where attachments <> '[]'::jsonb)::int8 as "withAttachments",
      (select max(n) from (select count(*) as n from task where state = 'open' and kind = 'do' group by assignee_person_id) x)::int8 as "maxOpenTodo"`),
  )[0]!;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

/** What --keep writes beside a kept database, so that --reuse can measure it again later. */
export interface KeptRecord {
  scale: string;
  seed: string;
  engine: EngineName;
  env: Record<string, string>;
  from: string;
  to: string;
  generation: EngineRun['generation'];
}

export function keptRecord(scale: string, seed: string, bdb: BenchDatabase, g: Generated): KeptRecord {
  return {
    scale,
    seed,
    engine: bdb.engine,
    env: bdb.serverEnv(),
    from: g.from.toISOString(),
    to: g.to.toISOString(),
    generation: g.generation,
  };
}

/**
 * A kept database opened again: the organisation is planned again from the same seed and start (the plan is
 * deterministic, so its ids are the database's), the subjects and counts are read from the database.
 */
export async function reopenGenerated(
  file: string,
  existing: (engine: EngineName, env: Record<string, string>) => BenchDatabase,
  analyze: string,
  log: (line: string) => void,
): Promise<{ scale: string; bdb: BenchDatabase; generated: Generated }> {
  const k = JSON.parse(readFileSync(file, 'utf8')) as KeptRecord;
  const bdb = existing(k.engine, k.env);
  const from = new Date(k.from);
  const to = new Date(k.to);
  const org = planOrg(k.seed, PROVINCE_SHAPE, from);
  const database = await bdb.open();
  try {
    // Migrations added since it was generated, applied here rather than by the server at start (a backfill
    // over an L history takes longer than the server is given to come up).
    const tm = performance.now();
    await migrate(database);
    log(`[${k.scale}] ${engineLabel(k.engine)}: migrations applied in ${Math.round((performance.now() - tm) / 100) / 10} s`);
    // Kept without statistics (an older run, or --analyze none): gathered now if this run wants them.
    if (!(await hasPlannerStatistics(database)) && (analyze === 'all' || (analyze === 'pg' && k.engine === 'pg'))) {
      log(`[${k.scale}] ${engineLabel(k.engine)}: no planner statistics yet, vacuuming and analyzing`);
      await vacuumAnalyze(database);
    }
    const subjects = await pickSubjects(database, org, to);
    const counts = await countRows(database);
    const versions = new Map<EngineName, string>([[k.engine, await database.version()]]);
    log(
      `[${k.scale}] reusing ${engineLabel(k.engine)} ${JSON.stringify(k.env)}: ${counts.items} items, ${counts.tasks} tasks, ${counts.events} events (generated ${k.to})`,
    );
    return { scale: k.scale, bdb, generated: { org, subjects, counts, generation: k.generation, versions, from, to } };
  } finally {
    await database.close();
  }
}

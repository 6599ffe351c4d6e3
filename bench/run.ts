import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../src/server/platform/auth/password';
import { createDatabase, engineLabel, existingDatabase, useBenchAuditKey, type BenchDatabase, type EngineName } from './engines';
import { checkConformance } from './generate/conformance';
import { generateScale, keptRecord, reopenGenerated, type Generated } from './generate/index';
import { BENCH_PASSWORD } from './generate/org';
import { allOps } from './ops/index';
import { measureEngine } from './ops/runner';
import { earlierRuns, growth, judge, table, type EngineRun, type RunReport } from './report';

const SCALES: Record<string, number> = { S: 10_000, M: 100_000, L: 1_000_000 };
/** 督办 items per supervising office and year (README, "督查督办"); a trial scale gets S's. */
const SUPERVISION: Record<string, number> = { S: 150, M: 300, L: 600 };
/** 办会 meetings per office (the provincial and the city offices) and year (README, "办会"); a trial scale gets S's. */
const MEETINGS: Record<string, number> = { S: 24, M: 36, L: 48 };

const HELP = `npm run bench -- [options]

  --scale S|M|L[,…]      items in the generated history: S 10k, M 100k, L 1M (default S); a number for a trial
  --engines pglite,pg    engines to run, one after the other (default both; L runs on pg only)
  --ops a,b              operations to run (default all): ${allOps()
    .map((o) => o.key)
    .join(', ')}
  --concurrency 1,16     concurrency levels (default 1,16)
  --seed TEXT            seed of the generated organisation and history (default zhongshu)
  --years N              years of history (default 3)
  --supervision N        督办 items a year per supervising office (the provincial and 15 city offices), generated
                         through the product's commands over the last year (default S ${SUPERVISION.S}, M ${SUPERVISION.M}, L ${SUPERVISION.L}; 0: none)
  --meetings N           办会 meetings a year per office (the provincial and 15 city offices: 常委会议, 专题会议,
                         书记专题会议, each with its topics), generated through the product's commands over the last
                         year and the month ahead (default S ${MEETINGS.S}, M ${MEETINGS.M}, L ${MEETINGS.L}; 0: none)
  --writer-offices N     registrations spread over N offices in turn (default 16: the provincial and the 15
                         city offices, each with its own audit chain; 1: every writer in one office)
  --seconds N            at most N seconds of measuring per operation and concurrency (default 3;
                         the bare-SQL run gets half); raise it for steadier tails
  --analyze all|pg|none  VACUUM (ANALYZE) after generating (default all: what autovacuum does on a
                         PostgreSQL server, and what the product's nightly maintenance does on PGlite)
  --server-log LEVEL     the measured server's log level (default info, as deployed)
  --skip-conformance     do not check the bulk writer against the product's services first
  --keep                 keep the generated databases (their location is printed, and a file to --reuse them)
  --generate-only        generate and keep (as --keep), measure nothing: a long L generation can run first
                         and be measured later, on a quiet machine, with --reuse
  --reuse FILE[,FILE]    measure kept databases again (bench/results/kept-<scale>-<engine>.json, written by
                         --keep or --generate-only); no generation, no conformance. The measured operations
                         write (registrations, steps, numbers), so a database measured twice is not as generated
  --force                run L on PGlite too

PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where the
run may create and drop databases. Results: bench/results/<time>.json (and the table on stdout).`;

const RESULTS = join('bench', 'results');

const { values: flags } = parseArgs({
  options: {
    scale: { type: 'string', default: 'S' },
    engines: { type: 'string', default: 'pglite,pg' },
    ops: { type: 'string' },
    concurrency: { type: 'string', default: '1,16' },
    seed: { type: 'string', default: 'zhongshu' },
    years: { type: 'string', default: '3' },
    supervision: { type: 'string' },
    meetings: { type: 'string' },
    'server-log': { type: 'string', default: 'info' },
    seconds: { type: 'string', default: '3' },
    'writer-offices': { type: 'string', default: '16' },
    analyze: { type: 'string', default: 'all' },
    'skip-conformance': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
    reuse: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

async function main() {
  if (flags.help) return console.log(HELP);
  useBenchAuditKey();
  const t0 = performance.now();
  const startedAt = new Date();
  const scales = flags.scale.split(',').map((s) => s.trim().toUpperCase());
  for (const s of scales) {
    // A number is a trial scale of that many items (not compared with S, M, L).
    if (/^\d+$/.test(s)) SCALES[s] = Number(s);
    if (!SCALES[s]) throw new Error(`unknown scale ${s} (S, M, L or a number of items)`);
  }
  const engines = flags.engines
    .split(',')
    .map((e) => (e.trim() === 'postgres' || e.trim() === 'postgresql' ? 'pg' : e.trim())) as EngineName[];
  for (const e of engines) if (e !== 'pglite' && e !== 'pg') throw new Error(`unknown engine ${e} (pglite or pg)`);
  const levels = flags.concurrency.split(',').map(Number) as (1 | 16)[];
  for (const c of levels) if (c !== 1 && c !== 16) throw new Error('concurrency levels are 1 and 16');
  const wanted = flags.ops?.split(',').map((s) => s.trim());
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
  };
  log(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}`,
  );

  const keep = flags.keep || flags['generate-only'];
  let conformance: RunReport['conformance'] = null;
  if (!flags['skip-conformance'] && !flags.reuse) {
    log('conformance: the bulk writer against the product services, on a small organisation…');
    const c = await checkConformance(flags.seed);
    conformance = { ok: c.ok, items: c.items, events: c.events, seconds: Math.round(c.ms / 100) / 10 };
    if (!c.ok) {
      console.error(`conformance FAILED — the bulk writer no longer writes what the services write:\n${c.problems.join('\n')}`);
      process.exitCode = 1;
      return;
    }
    log(
      `conformance: ${c.items} items, ${c.events} events, identical through services and bulk writer (${conformance.seconds} s)`,
    );
  }

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const runs: EngineRun[] = [];
  const measure = async (scale: string, bdb: BenchDatabase, g: Generated) => {
    const ops = allOps().filter((o) => !wanted || wanted.includes(o.key));
    const run = await measureEngine({
      scale,
      items: SCALES[scale] ?? g.counts.items!,
      bdb,
      generated: g,
      ops,
      levels,
      seconds: Number(flags.seconds),
      seed: flags.seed,
      writerOffices: Number(flags['writer-offices']),
      serverLog: flags['server-log'],
      log,
    });
    runs.push(run);
    console.log(
      `\n${engineLabel(bdb.engine)} ${run.version.split(' on ')[0]} — scale ${scale} (${run.counts.items} items, ${run.counts.events} events, ${run.counts.tasks} tasks) — ms\n${table(run)}\n`,
    );
  };
  if (flags.reuse) {
    // One or more kept databases (comma-separated), measured one after the other.
    scales.splice(0, scales.length);
    for (const file of flags.reuse.split(',')) {
      const { scale, bdb, generated } = await reopenGenerated(file.trim(), existingDatabase, flags.analyze, log);
      if (!scales.includes(scale)) scales.push(scale);
      await measure(scale, bdb, generated);
    }
  }
  for (const scale of flags.reuse ? [] : scales) {
    const here = engines.filter((e) => {
      if (scale === 'L' && e === 'pglite' && !flags.force) {
        log('[L PGlite] skipped: L runs on PostgreSQL (use --force to try PGlite)');
        return false;
      }
      return true;
    });
    const dbs: BenchDatabase[] = [];
    try {
      for (const e of here) dbs.push(await createDatabase(e, scale));
      const g = await generateScale({
        scale,
        items: SCALES[scale]!,
        seed: flags.seed,
        years: Number(flags.years),
        analyze: flags.analyze,
        dbs,
        supervision: flags.supervision !== undefined ? Number(flags.supervision) : (SUPERVISION[scale] ?? SUPERVISION.S!),
        meetings: flags.meetings !== undefined ? Number(flags.meetings) : (MEETINGS[scale] ?? MEETINGS.S!),
        passwordHash,
        log,
      });
      if (keep) {
        mkdirSync(RESULTS, { recursive: true });
        for (const bdb of dbs) {
          const file = join(RESULTS, `kept-${scale}-${bdb.engine}.json`);
          writeFileSync(file, `${JSON.stringify(keptRecord(scale, flags.seed, bdb, g), null, 2)}\n`);
          log(`[${scale} ${engineLabel(bdb.engine)}] kept: ${JSON.stringify(bdb.serverEnv())}; measure it with --reuse ${file}`);
        }
      }
      if (!flags['generate-only']) for (const bdb of dbs) await measure(scale, bdb, g);
    } finally {
      for (const bdb of dbs) {
        if (!keep) await bdb.drop();
      }
    }
  }

  if (flags['generate-only']) return log(`generated in ${secs(t0)} s; nothing measured (--generate-only)`);
  const earlier = earlierRuns(RESULTS);
  const rows = growth(runs, earlier);
  const targets = judge(runs, earlier, rows);
  const report: RunReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: secs(t0),
    machine,
    options: { ...flags },
    conformance,
    runs,
    targets,
    growth: rows,
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (rows.length) {
    console.log('growth of p95 between scales:');
    for (const g of rows)
      console.log(
        `  ${g.engine} ${g.key} c=${g.concurrency}: ${Object.entries(g.p95)
          .map(([s, v]) => `${s} ${v} ms`)
          .join(', ')}  ${Object.entries(g.factor)
          .map(([k, v]) => `${k} ×${v}`)
          .join(' ')}`,
      );
  }
  console.log('targets:');
  for (const t of targets) console.log(`  [${t.status}] ${t.target}: ${t.detail}`);
  log(`done in ${report.seconds} s; results in ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

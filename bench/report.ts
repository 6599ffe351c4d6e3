import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineName } from './engines';
import type { Stats } from './ops/measure';

// What a run produces: per scale and engine, each operation's figures through the API and as bare SQL,
// then the targets of the issue judged on them, and the growth between scales.

export interface OpResult {
  key: string;
  title: string;
  call: string;
  concurrency: number;
  api: Stats;
  bare: Stats | null;
  bareNote?: string;
  /** API over bare SQL, of the median and of the 95th percentile. */
  ratio: { p50: number | null; p95: number | null };
  /** Other references (e.g. the bare SQL with the session lookup added). */
  variants?: { label: string; bare: Stats; ratio: { p50: number; p95: number } }[];
}

export interface EngineRun {
  scale: string;
  items: number;
  engine: EngineName;
  version: string;
  generation: {
    seconds: number;
    writeSeconds: Record<string, number>;
    events: number;
    rows: number;
    actions: number;
    /** 督查督办's history through the services, per engine (runs before this field existed lack it). */
    supervisionSeconds?: Record<string, number>;
    meetingsSeconds?: Record<string, number>;
  };
  counts: Record<string, number>;
  chain: { ok: boolean; checked: number; seconds: number };
  ops: OpResult[];
}

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string; node: string };
  options: Record<string, unknown>;
  conformance: { ok: boolean; items: number; events: number; seconds: number } | null;
  runs: EngineRun[];
  targets: TargetResult[];
  growth: GrowthRow[];
}

export interface TargetResult {
  target: string;
  status: 'met' | 'missed' | 'not measured';
  detail: string;
}

export interface GrowthRow {
  engine: EngineName;
  key: string;
  concurrency: number;
  p95: Record<string, number>;
  /** p95 at the larger scale over p95 at S, for each larger scale measured. */
  factor: Record<string, number>;
  source: string;
}

const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x >= 1000 ? x.toFixed(0) : x.toFixed(digits);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padL = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
// CJK characters take two columns in a terminal.
const width = (s: string) => [...s].reduce((a, c) => a + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

export function table(run: EngineRun): string {
  const head = ['operation', 'c', 'n', 'p50', 'p95', 'p99', 'ops/s', 'SQL p50', 'SQL p95', 'SQL ops/s', '×p50', '×p95'];
  const rows = run.ops.map((o) => [
    o.title,
    String(o.concurrency),
    String(o.api.n),
    fmt(o.api.p50),
    fmt(o.api.p95),
    fmt(o.api.p99),
    fmt(o.api.throughput),
    fmt(o.bare?.p50),
    fmt(o.bare?.p95),
    fmt(o.bare?.throughput),
    fmt(o.ratio.p50, 2),
    fmt(o.ratio.p95, 2),
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padL(c, widths[i]!))).join('  ');
  const notes = run.ops.flatMap((o) =>
    (o.variants ?? []).map(
      (v) =>
        `  ${o.key} c=${o.concurrency}: bare SQL ${v.label}: p50 ${fmt(v.bare.p50)} p95 ${fmt(v.bare.p95)} ms → API ×${fmt(v.ratio.p50, 2)} (p50) ×${fmt(v.ratio.p95, 2)} (p95)`,
    ),
  );
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...notes].join('\n');
}

/** Earlier results of this machine, newest first, for growth across runs made at different scales. */
export function earlierRuns(dir: string): { file: string; report: RunReport }[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('kept-'))
      .sort()
      .reverse();
  } catch {
    return [];
  }
  return files.flatMap((f) => {
    try {
      const report = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunReport;
      return Array.isArray(report.runs) ? [{ file: f, report }] : [];
    } catch {
      return [];
    }
  });
}

const SCALES = ['S', 'M', 'L'];

export function growth(current: EngineRun[], earlier: { file: string; report: RunReport }[]): GrowthRow[] {
  const find = (engine: EngineName, scale: string): { run: EngineRun; source: string } | null => {
    const here = current.find((r) => r.engine === engine && r.scale === scale);
    if (here) return { run: here, source: 'this run' };
    for (const e of earlier) {
      const r = e.report.runs.find((x) => x.engine === engine && x.scale === scale);
      if (r) return { run: r, source: e.file };
    }
    return null;
  };
  const out: GrowthRow[] = [];
  for (const engine of ['pglite', 'pg'] as EngineName[]) {
    const byScale = SCALES.map((s) => ({ s, r: find(engine, s) })).filter((x) => x.r);
    if (byScale.length < 2 || !byScale.some((x) => x.r!.source === 'this run')) continue;
    const base = byScale[0]!.r!.run;
    for (const o of base.ops) {
      const p95: Record<string, number> = {};
      const factor: Record<string, number> = {};
      for (const { s, r } of byScale) {
        const m = r!.run.ops.find((x) => x.key === o.key && x.concurrency === o.concurrency);
        if (!m) continue;
        p95[s] = m.api.p95;
        if (s !== byScale[0]!.s) factor[`${byScale[0]!.s}→${s}`] = Math.round((m.api.p95 / o.api.p95) * 100) / 100;
      }
      out.push({
        engine,
        key: o.key,
        concurrency: o.concurrency,
        p95,
        factor,
        source: byScale.map((x) => `${x.s}: ${x.r!.source}`).join(', '),
      });
    }
  }
  return out;
}

export function judge(current: EngineRun[], earlier: { file: string; report: RunReport }[], rows: GrowthRow[]): TargetResult[] {
  const all = [...current, ...earlier.flatMap((e) => e.report.runs)];
  const first = (engine: EngineName, scale: string) => all.find((r) => r.engine === engine && r.scale === scale);
  const op = (r: EngineRun | undefined, key: string, c: number) => r?.ops.find((o) => o.key === key && o.concurrency === c);
  const out: TargetResult[] = [];
  const mpg = first('pg', 'M');
  const threshold = (label: string, key: string, limit: number) => {
    const o = op(mpg, key, 16);
    out.push(
      o
        ? { target: label, status: o.api.p95 < limit ? 'met' : 'missed', detail: `p95 ${fmt(o.api.p95)} ms (limit ${limit})` }
        : { target: label, status: 'not measured', detail: 'no M run on PostgreSQL yet' },
    );
  };
  threshold('M, PostgreSQL, c=16: workbench p95 < 50 ms', 'workbench', 50);
  threshold('M, PostgreSQL, c=16: search (common term) p95 < 150 ms', 'searchCommon', 150);
  threshold('M, PostgreSQL, c=16: search (rare term) p95 < 150 ms', 'searchRare', 150);
  threshold('M, PostgreSQL, c=16: 督办登记簿 supervisionRegister p95 < 50 ms (issue 16)', 'supervisionRegister', 50);
  threshold('M, PostgreSQL, c=16: 会议 列表 meetingsList p95 < 50 ms (issue 17)', 'meetingsList', 50);
  for (const r of current) {
    for (const c of [1, 16]) {
      const o = op(r, 'workbench', c);
      if (!o?.ratio.p50) continue;
      const worst = Math.max(o.ratio.p50, o.ratio.p95 ?? 0);
      // Read against the floor: what GET /api/health (one select 1) costs through the same API.
      const v = o.variants?.[0];
      const f = op(r, 'floor', c);
      const more = [
        v ? `×${fmt(v.ratio.p50, 2)} at p50 against the SQL ${v.label}` : null,
        f?.bare ? `floor: GET /api/health p50 ${fmt(f.api.p50)} ms for a select 1 of ${fmt(f.bare.p50)} ms` : null,
      ].filter(Boolean);
      out.push({
        target: `${r.scale}, ${r.engine}, c=${c}: workbench API within 1.5× bare SQL`,
        status: worst <= 1.5 ? 'met' : 'missed',
        detail: `×${fmt(o.ratio.p50, 2)} at p50, ×${fmt(o.ratio.p95, 2)} at p95${more.length ? ` (${more.join('; ')})` : ''}`,
      });
    }
  }
  // The floor is a reference, not an operation of the issue: no target judges it.
  const sm = rows.filter((g) => g.factor['S→M'] !== undefined && g.key !== 'floor');
  if (sm.length) {
    for (const engine of ['pglite', 'pg'] as EngineName[]) {
      const mine = sm.filter((g) => g.engine === engine);
      if (!mine.length) continue;
      const over = mine.filter((g) => g.factor['S→M']! > 3);
      out.push({
        target: `${engine}: no operation's p95 grows more than 3× from S to M`,
        status: over.length ? 'missed' : 'met',
        detail: over.length
          ? over.map((g) => `${g.key} c=${g.concurrency} ×${g.factor['S→M']}`).join('; ')
          : `largest ×${Math.max(...mine.map((g) => g.factor['S→M']!)).toFixed(2)}`,
      });
      // Issues 16 and 17 hold their module's operations to 2×.
      for (const [prefix, name, issue] of [
        ['supervision', '督查督办', 16],
        ['meetings', '办会', 17],
      ] as const) {
        const module = mine.filter((g) => g.key.startsWith(prefix));
        const over2 = module.filter((g) => g.factor['S→M']! > 2);
        if (module.length)
          out.push({
            target: `${engine}: no ${name} operation's p95 grows more than 2× from S to M (issue ${issue})`,
            status: over2.length ? 'missed' : 'met',
            detail: over2.length
              ? over2.map((g) => `${g.key} c=${g.concurrency} ×${g.factor['S→M']}`).join('; ')
              : `largest ×${Math.max(...module.map((g) => g.factor['S→M']!)).toFixed(2)}`,
          });
      }
    }
  } else
    out.push({
      target: "no operation's p95 grows more than 3× from S to M",
      status: 'not measured',
      detail: 'needs an S and an M run',
    });
  const sl = first('pglite', 'S');
  const sp = first('pg', 'S');
  if (sl && sp) {
    const judged = sl.ops.filter((o) => o.key !== 'floor');
    const worse = judged.filter((o) => {
      const p = op(sp, o.key, o.concurrency);
      return p && o.api.p95 > 2 * p.api.p95;
    });
    const ratios = judged
      .map((o) => ({ o, p: op(sp, o.key, o.concurrency) }))
      .filter((x) => x.p)
      .map((x) => x.o.api.p95 / x.p!.api.p95);
    out.push({
      target: 'S: PGlite within 2× of PostgreSQL (p95) for every operation',
      status: worse.length ? 'missed' : 'met',
      detail: worse.length
        ? worse.map((o) => `${o.key} c=${o.concurrency} ×${fmt(o.api.p95 / op(sp, o.key, o.concurrency)!.api.p95, 2)}`).join('; ')
        : `largest ×${fmt(Math.max(...ratios), 2)}`,
    });
  } else
    out.push({
      target: 'S: PGlite within 2× of PostgreSQL for every operation',
      status: 'not measured',
      detail: 'needs S on both engines',
    });
  return out;
}

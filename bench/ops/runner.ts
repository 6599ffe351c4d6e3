import type { Actor } from '../../src/server/platform/access/actor';
import { verifyLog } from '../../src/server/platform/audit/seal';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { engineLabel, type BenchDatabase } from '../engines';
import type { Generated } from '../generate/index';
import { BENCH_PASSWORD } from '../generate/org';
import { Random } from '../generate/random';
import { bundledCalendar } from '../generate/timing';
import type { EngineRun, OpResult } from '../report';
import { Capture, replayer } from './capture';
import { Http, signIn, type Session } from './http';
import { measure, type Budget, type Stats } from './measure';
import { startServer } from './server';
import type { ApiContext, BareContext, Op } from './types';

export interface MeasureOptions {
  scale: string;
  items: number;
  bdb: BenchDatabase;
  generated: Generated;
  ops: Op[];
  levels: (1 | 16)[];
  /** At most this long per operation and concurrency through the API; the bare replay gets half. */
  seconds: number;
  seed: string;
  /** Registrations spread over this many offices (at most the 16 of `subjects.offices`). */
  writerOffices: number;
  serverLog: string;
  log: (line: string) => void;
}

const ratio = (api: Stats, bare: Stats) => ({
  p50: Math.round((api.p50 / bare.p50) * 100) / 100,
  p95: Math.round((api.p95 / bare.p95) * 100) / 100,
});

function budgetFor(op: Op, c: 1 | 16, capacity: { left: number } | null): Budget {
  const b = { ...op.budget[c] };
  if (capacity) {
    // A limited supply of targets (open tasks): a quarter for c=1, the rest for c=16.
    const share = c === 1 ? Math.floor(capacity.left / 4) : capacity.left;
    b.warmup = Math.min(b.warmup, Math.floor(share / 5));
    b.count = Math.max(0, Math.min(b.count, share - b.warmup));
    capacity.left -= b.warmup + b.count;
  }
  return b;
}

export async function measureEngine(o: MeasureOptions): Promise<EngineRun> {
  const { scale, bdb, generated: g, ops, levels, log } = o;
  const engine = bdb.engine;
  const tag = `[${scale} ${engineLabel(engine)}]`;
  const { org, subjects } = g;
  const cal = bundledCalendar();
  const apiSeconds = o.seconds;
  const limit = (b: Budget, seconds: number): Budget => ({ ...b, maxSeconds: Math.min(b.maxSeconds, seconds) });

  // ——— through the API of a real server process ———
  const server = await startServer(bdb.serverEnv(), o.serverLog);
  log(`${tag} server up (pid ${server.pid}, log ${server.logFile})`);
  const http = new Http(server.url, 16);
  const sessions = new Map<string, Session>();
  const shared = {
    org,
    cal,
    subjects,
    rng: new Random(`${o.seed}:ops`),
    now: () => new Date(),
    writerOffices: Math.min(o.writerOffices, subjects.offices.length),
  };
  const api: ApiContext = {
    ...shared,
    http,
    sessions,
    session: (id) => {
      const s = sessions.get(id);
      if (!s) throw new Error(`no session for ${id}`);
      return s;
    },
  };
  const signInMissing = async () => {
    for (const id of subjects.signInUsers)
      if (!sessions.has(id)) sessions.set(id, await signIn(http, id, org.personById.get(id)!.username, BENCH_PASSWORD));
  };
  const results: OpResult[] = [];
  try {
    for (const op of ops) {
      if (op.key !== 'signIn') await signInMissing();
      const cap = await op.setup?.(api);
      const capacity = typeof cap === 'number' ? { left: cap } : null;
      for (const c of levels) {
        const budget = limit(budgetFor(op, c, capacity), apiSeconds);
        if (budget.count === 0) {
          log(`${tag} ${op.key} c=${c}: nothing left to measure`);
          continue;
        }
        const s = await measure(c, budget, (i) => op.api(api, i));
        results.push({
          key: op.key,
          title: op.title,
          call: op.call,
          concurrency: c,
          api: s,
          bare: null,
          ratio: { p50: null, p95: null },
        });
        log(`${tag} ${op.key} c=${c}: n=${s.n} p50=${s.p50} p95=${s.p95} p99=${s.p99} ms, ${s.throughput}/s`);
      }
    }
  } finally {
    http.close();
    await server.stop();
  }

  // ——— the same statements, bare ———
  const database = await bdb.open(16);
  try {
    const actors = new Map<string, Actor>();
    const bare: BareContext = {
      ...shared,
      database,
      capture: new Capture(database),
      sessionTokens: new Map([...sessions].map(([id, x]) => [id, x.cookie.replace(/^zs_session=/, '')])),
      actor: async (id) => {
        let a = actors.get(id);
        if (!a) actors.set(id, (a = (await loadActor(database.db, id, org.primaryPost.get(id)!.id, 'session'))!));
        return a;
      },
    };
    for (const op of ops) {
      const b = await op.bare(bare);
      const replay = replayer(database, b.kind);
      for (const c of levels) {
        const r = results.find((x) => x.key === op.key && x.concurrency === c);
        if (!r) continue;
        const s = await measure(c, limit({ ...op.budget[c], count: Math.max(r.api.n, 1) }, apiSeconds / 2), async (i) => {
          await replay(b.sequences[i % b.sequences.length]!);
          await b.extra?.();
        });
        r.bare = s;
        r.bareNote = b.note;
        r.ratio = ratio(r.api, s);
        log(`${tag} ${op.key} c=${c} bare SQL: p50=${s.p50} p95=${s.p95} ms → API ×${r.ratio.p50} (p50) ×${r.ratio.p95} (p95)`);
        for (const v of b.variants ?? []) {
          const vs = await measure(c, limit({ ...op.budget[c], count: Math.max(r.api.n, 1) }, apiSeconds / 2), (i) =>
            replay(v.sequences[i % v.sequences.length]!),
          );
          (r.variants ??= []).push({ label: v.label, bare: vs, ratio: ratio(r.api, vs) });
          log(`${tag} ${op.key} c=${c} bare SQL ${v.label}: p50=${vs.p50} p95=${vs.p95} ms → API ×${ratio(r.api, vs).p50} (p50)`);
        }
      }
    }
    const tc = performance.now();
    const v = await verifyLog(database.db);
    const chain = { ok: v.ok, checked: v.checked, seconds: Math.round((performance.now() - tc) / 100) / 10 };
    log(
      `${tag} audit chain ${v.ok ? 'intact' : `BROKEN: ${JSON.stringify(v.breaks)}`}: ${v.checked} events checked in ${chain.seconds} s`,
    );
    if (!v.ok) process.exitCode = 3;
    return {
      scale,
      items: o.items,
      engine,
      version: g.versions.get(engine) ?? '',
      generation: g.generation,
      counts: g.counts,
      chain,
      ops: results,
    };
  } finally {
    await database.close();
  }
}

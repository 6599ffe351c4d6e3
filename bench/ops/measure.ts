// Closed-loop load: `concurrency` callers, each starting its next call when the previous one returns,
// until the count is done or the time is up. Latency is per call, wall to wall, in milliseconds.

export interface Stats {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Completed calls per second over the measured interval. */
  throughput: number;
  seconds: number;
}

export interface Budget {
  count: number;
  warmup: number;
  /** Stop measuring after this long even if fewer calls were made (large scales, slow operations). */
  maxSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function summarise(latencies: number[], seconds: number, errors: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    errors,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    max: round(s[s.length - 1] ?? NaN),
    throughput: round(s.length / seconds),
    seconds: round(seconds),
  };
}

/**
 * Runs `call(i)` with i = 0, 1, 2 … at the given concurrency: first `warmup` calls unmeasured, then up
 * to `count` measured ones. A failing call is counted and rethrown after the run if every call failed.
 */
export async function measure(concurrency: number, budget: Budget, call: (i: number) => Promise<void>): Promise<Stats> {
  let next = 0;
  const runPhase = async (limit: number, deadline: number, record: number[] | null, failures: unknown[]) => {
    const end = next + limit;
    const worker = async () => {
      while (next < end && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await call(i);
          record?.push(performance.now() - t0);
        } catch (e) {
          failures.push(e);
          if (failures.length > 20 && (!record || failures.length > record.length)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const warmFailures: unknown[] = [];
  await runPhase(budget.warmup, performance.now() + budget.maxSeconds * 1000, null, warmFailures);
  const latencies: number[] = [];
  const failures: unknown[] = [];
  const t0 = performance.now();
  await runPhase(budget.count, t0 + budget.maxSeconds * 1000, latencies, failures);
  const seconds = (performance.now() - t0) / 1000;
  if (latencies.length === 0 && failures.length) throw failures[0];
  if (failures.length)
    console.warn(
      `  ${failures.length} calls failed; first: ${String((failures[0] as Error)?.message ?? failures[0]).slice(0, 300)}`,
    );
  return summarise(latencies, seconds, failures.length);
}

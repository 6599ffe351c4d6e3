import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client';
import type { Clock } from '../clock';
import { runDueJobs, type JobEnv } from './queue';

/**
 * Polls for due jobs. Every instance runs one; the queue's row locks keep them from running a job twice.
 * A poll that finds work polls again at once, so a backlog drains without waiting for the interval.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly env: JobEnv,
    private readonly log?: FastifyBaseLogger,
  ) {}

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs due jobs now (also what the timer calls); resolves when this round is finished. */
  async tick(): Promise<number> {
    const r = await runDueJobs(this.db, this.clock.now(), 50, this.env);
    if (r.failed) this.log?.warn({ failed: r.failed }, 'jobs failed for good');
    return r.done + r.retried + r.failed;
  }

  private schedule(delay: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((n) => this.schedule(n > 0 ? 0 : this.intervalMs))
        .catch((e) => {
          this.log?.error({ err: e }, 'job runner round failed');
          this.schedule(this.intervalMs);
        });
    }, delay);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}

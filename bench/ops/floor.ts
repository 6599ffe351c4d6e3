import { sql } from 'drizzle-orm';
import type { Op } from './types';

/**
 * The floor: `GET /api/health`, which runs `select 1` and answers `{"status":"ok"}` — no session, no
 * validation, no mapping. What it costs over its one statement is what any API call pays on this machine
 * (the HTTP round trip, Fastify, the request log); not an operation of the issue, and judged by no target,
 * it is there so that the other operations' API ÷ bare ratios can be read against it.
 */
export const floorOp: Op = {
  key: 'floor',
  title: '底线 GET /api/health',
  call: 'GET /api/health (select 1)',
  budget: { 1: { count: 300, warmup: 30, maxSeconds: 20 }, 16: { count: 1200, warmup: 64, maxSeconds: 20 } },
  async api(ctx) {
    const res = await ctx.http.send('GET', '/api/health');
    if (res.status !== 200) throw new Error(`GET /api/health: HTTP ${res.status}`);
  },
  async bare(ctx) {
    return { kind: 'read', sequences: [await ctx.capture.read((db) => db.execute(sql`select 1`))], note: 'select 1' };
  },
};

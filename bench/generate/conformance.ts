import { openPglite, type Database } from '../../src/server/platform/db/client';
import { verifyLog } from '../../src/server/platform/audit/seal';
import { hashPassword } from '../../src/server/platform/auth/password';
import { generateHistory } from './history';
import { MINI_SHAPE, BENCH_PASSWORD, planOrg, type OrgPlan } from './org';
import { BulkBackend } from './bulk';
import { ServiceBackend } from './services';
import { seedOrganisation } from './seed';
import { bundledCalendar } from './timing';

// The bulk writer is only trusted because this check passes: one scenario — every path of the 收文 flow,
// parallel handling units, sequential 批办, stalled items with their reminders — is generated once through
// the product's commands and once through the bulk writer, on a small organisation, and the two databases
// must hold the same rows (ids aside) and each a valid audit chain.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TABLES = [
  'item',
  'incoming_document',
  'flow_instance',
  'flow_definition',
  'task',
  'opinion',
  'item_access',
  'notification',
  'job',
  'number_sequence',
  'event',
];

export interface ConformanceResult {
  ok: boolean;
  items: number;
  events: number;
  problems: string[];
  /** What the scenario exercised: events by action, tasks by step and state. */
  covered: Record<string, number>;
  ms: number;
}

async function build(kind: 'services' | 'bulk', plan: OrgPlan, seed: string, from: Date, to: Date, hash: string) {
  const database = await openPglite(undefined);
  await seedOrganisation(database, plan, hash, from);
  const cal = bundledCalendar();
  const backend = kind === 'services' ? new ServiceBackend(database, plan, cal) : new BulkBackend([database], plan, cal, seed);
  const stats = await generateHistory(backend, plan, cal, { seed, items: 24, from, to, cover: { stallEvery: 5 } });
  return { database, stats };
}

/** Rows of every history table, with generated ids replaced by names made from what the row is. */
async function dump(database: Database, orgIds: Set<string>): Promise<{ tables: Map<string, string[]>; problems: string[] }> {
  const q = async (s: string) => (await database.pglite!.query<Record<string, unknown>>(s)).rows;
  const label = new Map<string, string>();
  for (const r of await q('select id, registry_no from item')) label.set(String(r.id), `item<${r.registry_no}>`);
  const tasks = await q('select id, item_id, step_key, assignee_person_id, created_at, group_id from task');
  for (const r of tasks) {
    label.set(
      String(r.id),
      `task<${label.get(String(r.item_id))}|${r.step_key}|${r.assignee_person_id}|${(r.created_at as Date).toISOString()}>`,
    );
    label.set(String(r.group_id), `group<${label.get(String(r.item_id))}|${r.step_key}|${(r.created_at as Date).toISOString()}>`);
  }
  for (const r of await q('select id, item_id from flow_instance'))
    label.set(String(r.id), `instance<${label.get(String(r.item_id))}>`);
  const relabel = (s: string) => s.replace(UUID, (u) => label.get(u) ?? (orgIds.has(u) ? u : `UNMAPPED`));
  const jobs = new Map<string, string>();
  for (const r of await q('select id, dedupe_key from job')) jobs.set(String(r.id), `job<${relabel(String(r.dedupe_key))}>`);
  const tables = new Map<string, string[]>();
  const problems: string[] = [];
  for (const t of TABLES) {
    const rows = await q(`select * from ${t}`);
    tables.set(
      t,
      rows
        .map((r) => {
          const { id: _id, hash: _h, prev_hash: _p, seq: _s, search_vector: _v, ...row } = r;
          if (t === 'event' && typeof row.request_id === 'string')
            row.request_id = row.request_id.replace(/^job-(\d+)$/, (_m, n: string) => jobs.get(n) ?? 'job<?>');
          return relabel(JSON.stringify(row, Object.keys(row).sort()));
        })
        .sort(),
    );
    if (tables.get(t)!.some((x) => x.includes('UNMAPPED')))
      problems.push(`${t}: an id that is neither the organisation's nor a generated row's`);
  }
  const order = await q('select at from event order by id');
  for (let i = 1; i < order.length; i++) {
    if ((order[i]!.at as Date) < (order[i - 1]!.at as Date)) {
      problems.push('event: the chain is not in time order');
      break;
    }
  }
  const chain = await verifyLog(database.db);
  if (!chain.ok) problems.push(`event: chains broken: ${JSON.stringify(chain.breaks)}`);
  return { tables, problems };
}

export async function checkConformance(seed: string): Promise<ConformanceResult> {
  const t0 = performance.now();
  const to = new Date(Date.UTC(2026, 10, 20, 9, 0));
  const from = new Date(to.getTime() - 120 * 86_400_000);
  const plan = planOrg(`${seed}:conformance`, MINI_SHAPE, from);
  const hash = await hashPassword(BENCH_PASSWORD);
  const orgIds = new Set<string>(
    [...plan.units, ...plan.departments, ...plan.people, ...plan.posts, ...plan.roles, ...plan.registers].map((r) => r.id),
  );
  const a = await build('services', plan, seed, from, to, hash);
  const b = await build('bulk', plan, seed, from, to, hash);
  const covered: Record<string, number> = {};
  for (const r of (
    await a.database.pglite!.query<{ k: string; n: number }>(
      `select action as k, count(*)::int as n from event group by 1 union all select 'task ' || step_key || ' ' || state, count(*)::int from task group by 1 order by 1`,
    )
  ).rows)
    covered[r.k] = r.n;
  const da = await dump(a.database, orgIds);
  const db = await dump(b.database, orgIds);
  await a.database.close();
  await b.database.close();
  const problems = [...da.problems.map((p) => `services: ${p}`), ...db.problems.map((p) => `bulk: ${p}`)];
  if (a.stats.actions !== b.stats.actions) problems.push(`actions: services ${a.stats.actions}, bulk ${b.stats.actions}`);
  for (const t of TABLES) {
    const x = da.tables.get(t)!;
    const y = new Map<string, number>();
    for (const r of db.tables.get(t)!) y.set(r, (y.get(r) ?? 0) + 1);
    const onlyServices: string[] = [];
    for (const r of x) {
      const n = y.get(r) ?? 0;
      if (n) y.set(r, n - 1);
      else onlyServices.push(r);
    }
    const onlyBulk = [...y.entries()].flatMap(([r, n]) => Array<string>(n).fill(r));
    if (onlyServices.length || onlyBulk.length) {
      problems.push(
        `${t}: ${onlyServices.length} rows only from the services, ${onlyBulk.length} only from the bulk writer\n    services: ${onlyServices[0]?.slice(0, 600) ?? '—'}\n    bulk:     ${onlyBulk[0]?.slice(0, 600) ?? '—'}`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    items: a.stats.registered,
    events: da.tables.get('event')!.length,
    problems,
    covered,
    ms: performance.now() - t0,
  };
}

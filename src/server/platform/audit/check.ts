import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Queryable, Tx } from '../db/client';
import type { Clock } from '../clock';
import { type JobHandler, enqueue } from '../jobs/queue';
import { notifyPeople } from '../notify/service';
import { account } from '../auth/schema';
import { roleGrant } from '../../org/schema';
import { auditCheck } from './schema';
import { canonicalJson } from './canonical';
import { sameHead, saveHeads, verifySinceCheckpoints } from './seal';
import { recordEvent } from './service';
import { nameChains } from './names';
import type { BreakReason, ChainBreak } from './verify';

export const AUDIT_CHECK_JOB = 'audit.verify';
// A run reads at most this many rows, then leaves the rest to a follow-up job at once: a first check of a
// large log does not hold one transaction (or PGlite's only connection) for minutes.
const ROWS_PER_RUN = 200_000;
const FIRST_RUN_MS = 60_000;

const REASON_TEXT: Record<BreakReason, string> = {
  hash: '内容被改动',
  link: '前后链接不符（有记录被删除或插入）',
  unkeyed: '未以留痕密钥链接（被不掌握密钥者重新链接）',
  truncated: '封存的链头已不在或已改变（留痕被截断或改写）',
  count: '封存点之前的记录条数与封存时不符（有记录被删除或插入）',
};

const chainLabel = (b: { chain: string; chainName?: string | null }) =>
  b.chain === 'system' ? '系统链' : `${b.chainName ?? b.chain} 的链`;

/** For people: which chain broke, where, and what that means (for a cut-back chain, how many events are gone). */
export const describeBreak = (b: ChainBreak & { chainName?: string | null }) =>
  `${chainLabel(b)}第 ${b.seq} 条（留痕 ${b.id}）${REASON_TEXT[b.reason]}${b.missing ? `，链尾缺少 ${b.missing} 条` : ''}`;

async function securityAuditors(tx: Queryable): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ personId: roleGrant.personId })
    .from(roleGrant)
    .innerJoin(account, eq(account.personId, roleGrant.personId))
    .where(and(eq(roleGrant.role, 'securityAuditor'), isNull(account.disabledAt)));
  return rows.map((r) => r.personId);
}

/**
 * One run of the scheduled check, in the job's transaction: verify every chain from its last checkpoint,
 * record the result, seal the heads that moved as the next checkpoints (of the chains that hold); on breaks not
 * already reported, record an event and alert every security auditor.
 */
export async function runScheduledCheck(tx: Tx, now: Date): Promise<{ ok: boolean }> {
  const { from, result } = await verifySinceCheckpoints(tx, ROWS_PER_RUN);
  const [previous] = await tx.select().from(auditCheck).orderBy(desc(auditCheck.id)).limit(1);
  const b = result.breaks[0];
  const heads = result.chains.flatMap((c) => (c.ok && c.head ? [c.head] : []));
  const highest = (ids: number[]) => (ids.length ? Math.max(...ids) : null);
  await tx.insert(auditCheck).values({
    at: now,
    ok: result.ok,
    fromId: highest([...from.values()].map((h) => h.id)) ?? 0,
    headId: highest(heads.map((h) => h.id)),
    checked: result.checked,
    brokenId: b?.id ?? null,
    reason: b?.reason ?? null,
    breaks: result.breaks,
  });
  await saveHeads(
    tx,
    heads.filter((h) => !sameHead(from.get(h.chain), h)),
    now,
    'schedule',
    null,
  );
  if (result.more)
    await enqueue(
      tx,
      [{ kind: AUDIT_CHECK_JOB, runAt: now, dedupeKey: `${AUDIT_CHECK_JOB}:after:${result.checked}:${now.getTime()}` }],
      now,
    );
  if (!b) return { ok: true };
  // Compared in canonical form: jsonb gives the keys back in its own order.
  if (previous && !previous.ok && canonicalJson(previous.breaks) === canonicalJson(result.breaks)) return { ok: false };
  const system = { personId: null, postId: null, requestId: 'audit-check' };
  await recordEvent(tx, system, now, {
    action: 'audit.chain.broken',
    targetType: 'auditChain',
    targetId: b.chain,
    summary: { breaks: result.breaks },
  });
  const message = `留痕哈希链定时校验未通过：${result.breaks.map((x) => describeBreak(x)).join('；')}。请立即核查，并按安全事件报告。`;
  await notifyPeople(
    tx,
    (await securityAuditors(tx)).map((personId) => ({ personId, kind: 'security' as const, message })),
    now,
  );
  return { ok: false };
}

/** The scheduled check of every audit chain (job `audit.verify`). */
export const auditCheckJob: JobHandler = async (tx, _payload, { now }) => {
  await runScheduledCheck(tx, now);
};

export async function latestCheck(db: Queryable) {
  const [r] = await db.select().from(auditCheck).orderBy(desc(auditCheck.id)).limit(1);
  if (!r) return null;
  const firstBroken = r.brokenId !== null && r.reason ? { id: r.brokenId, reason: r.reason as BreakReason } : null;
  const breaks = await nameChains(db, r.breaks as ChainBreak[]);
  return { at: r.at.toISOString(), ok: r.ok, fromId: r.fromId, headId: r.headId, checked: r.checked, firstBroken, breaks };
}

/**
 * Every `everyMinutes` (and a minute after start) each instance asks for a check as a job — one pending at a
 * time whatever the number of instances, and skipped when another instance checked within half the interval —
 * and writes an error line while the latest check found the chain broken. Returns a function that stops it.
 */
export function keepAuditChainVerified(db: Db, log: FastifyBaseLogger, everyMinutes: number, clock: Clock): () => void {
  if (everyMinutes <= 0) return () => undefined;
  const every = everyMinutes * 60_000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = async () => {
    const now = clock.now();
    const last = await latestCheck(db);
    if (last && !last.ok)
      log.error(
        { breaks: last.breaks, at: last.at },
        `audit chain broken: ${last.breaks.map((x) => describeBreak(x)).join('; ')}`,
      );
    if (!last || now.getTime() - Date.parse(last.at) >= every / 2) {
      await enqueue(db, [{ kind: AUDIT_CHECK_JOB, runAt: now, dedupeKey: AUDIT_CHECK_JOB }], now);
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick()
        .catch((e: unknown) => {
          if (!stopped) log.warn({ err: e }, 'could not schedule the audit chain check');
        })
        .finally(() => schedule(every));
    }, ms);
    timer.unref();
  };
  schedule(Math.min(FIRST_RUN_MS, every));
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

import { listWorkbench, workbenchScope } from '../../src/server/platform/workbench/service';
import { resolveSession } from '../../src/server/platform/auth/service';
import { call } from './http';
import { CEILING, type Op } from './types';

const QUERY = { sort: 'due' as const, limit: 20, offset: 0 };
// The server's defaults (30 minutes idle, 12 hours in all).
const SESSION_POLICY = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/**
 * 工作台: what the page loads first — the 待办 tab's total and its first page of 20 (one statement gives
 * both), for the people with the most open work.
 */
export const workbenchOp: Op = {
  key: 'workbench',
  title: '工作台 待办 workbench',
  call: 'GET /api/v1/workbench/todo?sort=due&limit=20',
  budget: { 1: { count: 300, warmup: 30, maxSeconds: 20 }, 16: { count: 1200, warmup: 64, maxSeconds: 20 } },
  async api(ctx, i) {
    const users = ctx.subjects.workbenchUsers;
    await call(
      ctx.http,
      ctx.session(users[i % users.length]!),
      'GET',
      `/api/v1/workbench/todo?sort=${QUERY.sort}&limit=${QUERY.limit}`,
    );
  },
  async bare(ctx) {
    const cal = ctx.cal;
    const sequences = [];
    const withSession = [];
    for (const personId of ctx.subjects.workbenchUsers) {
      const actor = await ctx.actor(personId);
      const now = ctx.now();
      const own = await ctx.capture.read(async (db) =>
        listWorkbench(db, workbenchScope(actor, CEILING), 'todo', QUERY, cal, now),
      );
      sequences.push(own);
      // What authenticating the request adds: the session and its actor (person, post, roles, delegations), one statement.
      const token = ctx.sessionTokens.get(personId);
      if (token) withSession.push([...(await ctx.capture.read((db) => resolveSession(db, token, SESSION_POLICY, now))), ...own]);
    }
    return {
      kind: 'read',
      sequences,
      note: 'the list statement (total and first page in one)',
      variants: withSession.length ? [{ label: 'with the session lookup', sequences: withSession }] : [],
    };
  },
};

import { eq } from 'drizzle-orm';
import { account } from '../../src/server/platform/auth/schema';
import { verifyPassword } from '../../src/server/platform/auth/password';
import { signIn as signInService } from '../../src/server/platform/auth/service';
import { BENCH_PASSWORD } from '../generate/org';
import { signIn } from './http';
import type { Op } from './types';

/**
 * 登录: POST /auth/sign-in with the right password. argon2id (19 MiB, t=2) dominates, by design; its cost
 * is part of the floor too, so the ratio shows what the server adds around it. The sessions made here are
 * the ones every later operation uses.
 */
export const signInOp: Op = {
  key: 'signIn',
  title: '登录 sign-in',
  call: 'POST /api/v1/auth/sign-in',
  budget: { 1: { count: 16, warmup: 2, maxSeconds: 30 }, 16: { count: 64, warmup: 16, maxSeconds: 60 } },
  async api(ctx, i) {
    const users = ctx.subjects.signInUsers;
    const personId = users[i % users.length]!;
    const p = ctx.org.personById.get(personId)!;
    ctx.sessions.set(personId, await signIn(ctx.http, personId, p.username, BENCH_PASSWORD));
  },
  async bare(ctx) {
    const users = ctx.subjects.signInUsers.slice(0, 32);
    const sequences = [];
    for (const personId of users) {
      const p = ctx.org.personById.get(personId)!;
      // The service's own transaction becomes a savepoint of the capture's, which is rolled back.
      sequences.push(
        await ctx.capture.write((tx) =>
          signInService(
            tx,
            { username: p.username, password: BENCH_PASSWORD },
            { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' },
            ctx.now(),
          ),
        ),
      );
    }
    const [acc] = await ctx.database.db
      .select({ hash: account.passwordHash })
      .from(account)
      .where(eq(account.personId, users[0]!));
    const hash = acc!.hash;
    return {
      kind: 'write',
      sequences,
      extra: async () => {
        if (!(await verifyPassword(hash, BENCH_PASSWORD))) throw new Error('the bench password does not verify');
      },
      note: 'SQL of the sign-in + one argon2id verification',
    };
  },
};

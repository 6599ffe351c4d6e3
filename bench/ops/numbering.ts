import { reserveNumber } from '../../src/server/platform/numbering/register';
import { call } from './http';
import { CEILING, type Op } from './types';

/**
 * 文号 under contention: every caller reserves the next number of the same register (the provincial
 * office's 发文 register), so all wait on its sequence row and on the audit chain, as they would at the
 * end of a day of 签发.
 */
export const numberOp: Op = {
  key: 'number',
  title: '文号 预留（同一登记簿） doc number',
  call: 'POST /api/v1/doc-registers/:id/reservations',
  budget: { 1: { count: 200, warmup: 10, maxSeconds: 20 }, 16: { count: 800, warmup: 32, maxSeconds: 20 } },
  async api(ctx, i) {
    const users = ctx.subjects.numberUsers;
    await call(
      ctx.http,
      ctx.session(users[i % users.length]!),
      'POST',
      `/api/v1/doc-registers/${ctx.subjects.numberRegister}/reservations`,
      { itemId: null, note: '预留文号（压测）' },
    );
  },
  async bare(ctx) {
    const sequences = [];
    for (let k = 0; k < 32; k++) {
      const actor = await ctx.actor(ctx.subjects.numberUsers[k % ctx.subjects.numberUsers.length]!);
      const nctx = {
        actor,
        audit: { personId: actor.personId, postId: actor.postId, requestId: 'bench' },
        now: ctx.now(),
        cal: ctx.cal,
        ceiling: CEILING,
      };
      sequences.push(
        await ctx.capture.write((tx) =>
          reserveNumber(tx, nctx, ctx.subjects.numberRegister, { itemId: null, note: '预留文号（压测）' }),
        ),
      );
    }
    return { kind: 'write', sequences, note: 'the reservation transaction, rolled back' };
  },
};

import type { RequestContext } from '../../src/server/platform/context';
import { readItem } from '../../src/server/platform/items/service';
import { listMeetings } from '../../src/server/modules/meetings/meetings';
import { recordReply } from '../../src/server/modules/meetings/notice';
import { call } from './http';
import { CEILING, type BareContext, type Op } from './types';

// 办会 (issue 17): the 会议 register as the office's registrar opens it, and the 回执 an invited member gives.

const LIMIT = 30;
/** What MeetingsPage asks for first (src/web/pages/meetings/queries.ts, `useMeetings('upcoming')`). */
const LIST_QUERY = `when=upcoming&limit=${LIMIT}`;
const ATTEND = { reply: 'attend' as const, reason: null, substitute: null };

async function contextOf(ctx: BareContext, personId: string): Promise<RequestContext> {
  const actor = await ctx.actor(personId);
  return {
    actor,
    audit: { personId: actor.personId, postId: actor.postId, requestId: 'bench' },
    now: ctx.now(),
    cal: ctx.cal,
    ceiling: CEILING,
  };
}

/**
 * 会议: the first page of 30 of the meetings to come (not yet ended, soonest first), as the registrars of the provincial
 * and the 15 city offices — who plan their office's meetings and read all of them — open it in turn.
 */
export const meetingsListOp: Op = {
  key: 'meetingsList',
  title: '会议 列表 meetings list',
  call: `GET /api/v1/meetings?${LIST_QUERY}`,
  budget: { 1: { count: 300, warmup: 30, maxSeconds: 20 }, 16: { count: 1200, warmup: 64, maxSeconds: 20 } },
  async api(ctx, i) {
    const people = ctx.subjects.offices;
    await call(ctx.http, ctx.session(people[i % people.length]!.registrar), 'GET', `/api/v1/meetings?${LIST_QUERY}`);
  },
  async bare(ctx) {
    const sequences = [];
    for (const { registrar } of ctx.subjects.offices) {
      const rctx = await contextOf(ctx, registrar);
      sequences.push(await ctx.capture.read((db) => listMeetings(db, rctx, { when: 'upcoming', limit: LIMIT })));
    }
    return { kind: 'read', sequences, note: 'the page statement (meetings, chair, topic count)' };
  },
};

/**
 * 回执: PUT /meetings/:id/notice/replies/:personId by an invited member for themselves, on the noticed meetings still to
 * come — what every invited person does for every meeting (the check-in is as frequent, but only in the half hour
 * before a meeting). The latest answer counts, so a member may answer again: each call records one.
 */
export const meetingsReplyOp: Op = {
  key: 'meetingsReply',
  title: '办会 回执 meeting reply',
  call: 'PUT /api/v1/meetings/:id/notice/replies/:personId',
  budget: { 1: { count: 150, warmup: 10, maxSeconds: 20 }, 16: { count: 480, warmup: 32, maxSeconds: 20 } },
  async api(ctx, i) {
    const targets = ctx.subjects.meetingReplies;
    if (!targets.length) throw new Error('meetingsReply: no noticed meeting to come');
    const t = targets[i % targets.length]!;
    await call(
      ctx.http,
      ctx.session(t.personId),
      'PUT',
      `/api/v1/meetings/${t.itemId}/notice/replies/${t.personId}`,
      ATTEND,
      [200],
    );
  },
  async bare(ctx) {
    const targets = ctx.subjects.meetingReplies;
    if (!targets.length) throw new Error('meetingsReply: no noticed meeting to come');
    const sequences = [];
    for (const t of targets.slice(0, 32)) {
      const rctx = await contextOf(ctx, t.personId);
      sequences.push(
        await ctx.capture.write(async (tx) => recordReply(tx, rctx, await readItem(tx, rctx, t.itemId), t.personId, ATTEND)),
      );
    }
    return { kind: 'write', sequences, note: 'the reply transaction (the item read, the reply, its event), rolled back' };
  },
};

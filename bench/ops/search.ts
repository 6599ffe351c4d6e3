import { listItems } from '../../src/server/platform/items/service';
import { COMMON_TERM, RARE_TERM } from '../generate/texts';
import { call } from './http';
import { CEILING, type Op } from './types';

/**
 * 检索: full-text search across every item the provincial supervisor may read (the whole province), as
 * the search page asks for it (50 per page). The common term is in about half of all titles, the rare one
 * in about one in a thousand.
 */
function searchOp(key: string, title: string, term: string): Op {
  return {
    key,
    title,
    call: `GET /api/v1/items?q=${term}&limit=50`,
    budget: { 1: { count: 200, warmup: 20, maxSeconds: 20 }, 16: { count: 800, warmup: 32, maxSeconds: 20 } },
    async api(ctx) {
      await call(ctx.http, ctx.session(ctx.subjects.searchUser), 'GET', `/api/v1/items?q=${encodeURIComponent(term)}&limit=50`);
    },
    async bare(ctx) {
      const actor = await ctx.actor(ctx.subjects.searchUser);
      return {
        kind: 'read',
        sequences: [await ctx.capture.read((db) => listItems(db, actor, { q: term, limit: 50 }, CEILING))],
        note: 'the search statement',
      };
    },
  };
}

export const searchCommonOp = searchOp('searchCommon', `检索 常见词「${COMMON_TERM}」`, COMMON_TERM);
export const searchRareOp = searchOp('searchRare', `检索 罕见词「${RARE_TERM}」`, RARE_TERM);

import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { TYPE_AREA, widthInChars } from './page';

// 标题 line breaks (GB/T 9704 §7.3.1): a long title goes on several lines, "回行时要做到词意完整，排列对称，长短适宜，
// 间距恰当", in a trapezoid or diamond. Lines are broken between words (jieba), the longest line kept as short as
// the words allow, so the lines come out balanced.

let jieba: Jieba | null = null;
const words = (text: string) => (jieba ??= Jieba.withDict(dict)).cut(text, false);

/** 2号 characters a line holds: 156 mm at 22 pt. */
const TITLE_CHARS = Math.floor(TYPE_AREA.width / 20 / 22);

const OPENING = /[《（(“‘〔【]$/u;
const CLOSING = /^[》）)”’〕】，、。；：！？]/u;

/**
 * Whether a line may end after `before` and the next begin with `after`: not inside 《…》 or brackets, and not
 * beside a one-character word (江州|市, 2026|年, …|的|通知 stay together) — except before 关于, the usual break,
 * and outside a bracketed name (印发|《…》|的通知).
 */
function breakable(before: string, after: string, depth: number, strict: boolean): boolean {
  if (depth > 0 || OPENING.test(before) || CLOSING.test(after)) return false;
  if (!strict || after === '关于' || /^[《（(“〔【]/u.test(after) || /[》）)”〕】]$/u.test(before)) return true;
  return [...before].length > 1 && [...after].length > 1;
}

/** The title's lines: as typed when it has line breaks, else balanced at word boundaries. */
export function titleLines(title: string, capacity = TITLE_CHARS): string[] {
  if (title.includes('\n'))
    return title
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  if (widthInChars(title) <= capacity) return [title];
  const tokens = words(title);
  for (const strict of [true, false]) {
    const cuts: number[] = [];
    let depth = 0;
    tokens.forEach((t, i) => {
      depth += (t.match(/[《（(“〔【]/gu) ?? []).length - (t.match(/[》）)”〕】]/gu) ?? []).length;
      if (i < tokens.length - 1 && breakable(t, tokens[i + 1]!, depth, strict)) cuts.push(i + 1);
    });
    const best = balanced(tokens, cuts, capacity);
    if (best) return best;
  }
  return [title];
}

/** The split at the allowed cuts with the fewest lines, then the shortest longest line; null if none fits. */
function balanced(tokens: string[], cuts: number[], capacity: number): string[] | null {
  const width = (from: number, to: number) => widthInChars(tokens.slice(from, to).join(''));
  const ends = [...cuts, tokens.length];
  // best[i]: for the tokens from i on, the fewest lines and then the smallest longest line.
  const memo = new Map<number, { lines: number; longest: number; next: number } | null>();
  const solve = (i: number): { lines: number; longest: number; next: number } | null => {
    if (i === tokens.length) return { lines: 0, longest: 0, next: i };
    if (memo.has(i)) return memo.get(i)!;
    let best: { lines: number; longest: number; next: number } | null = null;
    for (const end of ends) {
      if (end <= i) continue;
      const w = width(i, end);
      if (w > capacity) break;
      const rest = solve(end);
      if (!rest) continue;
      const cand = { lines: rest.lines + 1, longest: Math.max(w, rest.longest), next: end };
      if (!best || cand.lines < best.lines || (cand.lines === best.lines && cand.longest < best.longest)) best = cand;
    }
    memo.set(i, best);
    return best;
  };
  if (!solve(0)) return null;
  const lines: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const next = solve(i)!.next;
    lines.push(tokens.slice(i, next).join(''));
    i = next;
  }
  return lines;
}

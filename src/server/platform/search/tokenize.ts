import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
const instance = () => (jieba ??= Jieba.withDict(dict));

// Punctuation and whitespace carry no meaning for search; 〔〕 of 文号 included.
const NOISE = /^[\s\p{P}\p{S}]+$/u;

/**
 * Chinese text → space-separated jieba tokens (search mode: long words plus their parts), for the
 * generated `to_tsvector('simple', …)` column. The same function tokenizes queries, so both sides agree.
 */
export function searchTokens(...texts: (string | null | undefined)[]): string {
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const t of instance().cutForSearch(text, true)) {
      const token = t.trim().toLowerCase();
      if (token && !NOISE.test(token)) seen.add(token.replace(/[':\\&|!()<>]/g, ''));
    }
  }
  return [...seen].filter(Boolean).join(' ');
}

/** Escapes LIKE wildcards so a user's % or _ is matched literally. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

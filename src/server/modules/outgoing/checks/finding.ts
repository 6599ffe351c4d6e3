import { RULES, type CheckContext, type CheckStage, type Finding, type RuleId } from '../../../../contract/outgoing-checks';
import type { Direction, Draft } from '../../../../contract/outgoing-draft';

/** One group of checks: pure, synchronous, given everything it needs. */
export type Check = (draft: Draft, ctx: CheckContext, stage: CheckStage) => Finding[];

export type Path = (string | number)[];

const byId = new Map<string, (typeof RULES)[number]>(RULES.map((r) => [r.id, r]));

/** A finding of the rule, with the severity and source from the rule table. */
export function finding(rule: RuleId, message: string, path?: Path): Finding {
  const r = byId.get(rule)!;
  return { rule, severity: r.severity, message, source: r.source, ...(path ? { path } : {}) };
}

export const DIRECTION_NAMES: Record<Direction, string> = { up: '上行文', down: '下行文', parallel: '平行文' };

/** Quotes the offending text as the message shows it, shortened when long. */
export function q(text: string, max = 30): string {
  const t = text.trim();
  return `“${t.length > max ? `${t.slice(0, max)}…` : t}”`;
}

/** Every paragraph of the body and of the bound attachments, with where it is. */
export function* paragraphs(draft: Draft): Generator<{ text: string; level: number; path: Path }> {
  for (const [i, p] of draft.body.entries()) yield { text: p.text, level: p.level, path: ['body', i] };
  for (const [a, att] of draft.attachments.entries()) {
    for (const [i, p] of (att.body ?? []).entries()) yield { text: p.text, level: p.level, path: ['attachments', a, 'body', i] };
  }
}

/** The body's own text (not the attachments'), for phrases the 正文 must or must not carry. */
export const bodyText = (draft: Draft): string => draft.body.map((p) => p.text).join('\n');

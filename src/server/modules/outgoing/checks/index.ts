import type { CheckContext, CheckStage, Finding, FindingOverride } from '../../../../contract/outgoing-checks';
import type { Draft } from '../../../../contract/outgoing-draft';
import { bodyChecks } from './body';
import { genreChecks } from './genre';
import { headerChecks } from './header';
import { routingChecks } from './routing';

// 规范性审核 (条例 Art.20(四), Art.25 复核): every rule of RULES (src/contract/outgoing-checks.ts) applied to a
// draft. Pure and synchronous: the organisational facts come in through the context (see ./context.ts).

const CHECKS = [...headerChecks, ...genreChecks, ...routingChecks, ...bodyChecks];

/** Every problem of the draft at the stage, each with the rule it breaks, in the order of the document. */
export function checkDraft(draft: Draft, ctx: CheckContext, stage: CheckStage): Finding[] {
  return CHECKS.flatMap((check) => check(draft, ctx, stage));
}

const samePath = (a: Finding['path'], b: Finding['path']) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What still stands in the way of 签发: every error, and every warning no one has overridden with a reason.
 * An override without a path covers the rule wherever it fires.
 */
export function blockingFindings(findings: Finding[], overrides: FindingOverride[]): Finding[] {
  return findings.filter(
    (f) => f.severity === 'error' || !overrides.some((o) => o.rule === f.rule && (o.path === undefined || samePath(o.path, f.path))),
  );
}

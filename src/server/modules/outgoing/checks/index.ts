import type { CheckContext, CheckStage, Finding, FindingOverride } from '../../../../contract/outgoing-checks';
import type { Draft } from '../../../../contract/outgoing-draft';
import { bodyChecks } from './body';
import { genreChecks } from './genre';
import { headerChecks } from './header';
import { recipientChecks } from './recipients';
import { routingChecks } from './routing';

// 规范性审核 (条例 Art.20(四), Art.25 复核): every rule of RULES (src/contract/outgoing-checks.ts) applied to a
// draft. Pure and synchronous: the organisational facts come in through the context (see ./context.ts).

const CHECKS = [...headerChecks, ...genreChecks, ...routingChecks, ...recipientChecks, ...bodyChecks];

/** The draft's fields in the order the printed document shows them (GB/T 9704 §7: 版头, 主体, 版记). */
const DOCUMENT_ORDER = [
  'format',
  'copyNo',
  'classification',
  'secrecyTerm',
  'urgency',
  'headerName',
  'issuers',
  'docNo',
  'signers',
  'genre',
  'direction',
  'title',
  'mainRecipients',
  'body',
  'attachments',
  'attendance',
  'signatureNames',
  'sealed',
  'writtenDate',
  'note',
  'ccRecipients',
  'printedBy',
  'printedDate',
  'flags',
];
const position = (f: Finding): (string | number)[] => {
  const [field, ...rest] = f.path ?? [];
  const k = DOCUMENT_ORDER.indexOf(String(field));
  return [k < 0 ? DOCUMENT_ORDER.length : k, ...rest];
};
function byPosition(a: Finding, b: Finding): number {
  const [pa, pb] = [position(a), position(b)];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!];
    if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  }
  return pa.length - pb.length;
}

/** Every problem of the draft at the stage, each with the rule it breaks, in the order of the document. */
export function checkDraft(draft: Draft, ctx: CheckContext, stage: CheckStage): Finding[] {
  return CHECKS.flatMap((check) => check(draft, ctx, stage)).sort(byPosition);
}

const samePath = (a: Finding['path'], b: Finding['path']) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What still stands in the way of 签发: every error, and every warning no one has overridden with a reason.
 * An override without a path covers the rule wherever it fires.
 */
export function blockingFindings(findings: Finding[], overrides: FindingOverride[]): Finding[] {
  return findings.filter(
    (f) =>
      f.severity === 'error' || !overrides.some((o) => o.rule === f.rule && (o.path === undefined || samePath(o.path, f.path))),
  );
}

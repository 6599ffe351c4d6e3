import type { CheckContext } from '../../../../contract/outgoing-checks';
import type { Draft, OrganRef } from '../../../../contract/outgoing-draft';
import { finding, q, type Check } from './finding';

// 核发 reaches only the units of this deployment. An organ typed in by name (an outside organ, or a unit's
// name with a slip of one character: 青溪 for 清溪) is not delivered by the system: the drafter is told which,
// and offered the unit the name is closest to, before anyone signs.

/** Edit distance, stopping early once it is past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** The unit a typed name most likely meant: same name, or one character off its full or short name. */
function likelyUnit(name: string, units: CheckContext['unitNames']): string | null {
  const n = name.trim();
  if (n.length < 3) return null;
  for (const max of [0, 1]) {
    const hit = (units ?? []).find(
      (u) => distance(n, u.name, max) <= max || (u.shortName.length >= 3 && distance(n, u.shortName, max) <= max),
    );
    if (hit) return hit.name;
  }
  return null;
}

const isOutside = (ctx: CheckContext, r: OrganRef) => r.kind === 'organ' && (!r.unitId || !ctx.organs[r.unitId]);

const outsideIn =
  (field: 'mainRecipients' | 'ccRecipients', label: string): Check =>
  (draft: Draft, ctx) => {
    const outside = draft[field].map((r, i) => ({ r, i })).filter(({ r }) => isOutside(ctx, r));
    if (!outside.length) return [];
    const named = outside
      .map(({ r }) => {
        const guess = likelyUnit(r.name, ctx.unitNames);
        return guess ? `${q(r.name)}（是否为${q(guess)}？）` : q(r.name);
      })
      .join('');
    return [
      finding(
        'F-RECIPIENT-OUTSIDE',
        `${label}${named}不是本系统的单位，核发时系统不能送达，须线下分发并登记；如系笔误，请从单位列表中选择`,
        [field, outside[0]!.i],
      ),
    ];
  };

export const recipientChecks: Check[] = [outsideIn('mainRecipients', '主送机关'), outsideIn('ccRecipients', '抄送机关')];

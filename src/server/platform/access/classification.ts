import { CLASSIFICATIONS, type Classification } from '../../../contract/common';
import { DomainError } from '../errors';

export const rank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

/** The classifications at or below a level, lowest first. */
export const atOrBelow = (c: Classification): Classification[] => CLASSIFICATIONS.slice(0, rank(c) + 1);

export const lower = (a: Classification, b: Classification): Classification => (rank(a) <= rank(b) ? a : b);

/** 内部 and above: reading such an item is recorded in the event log. */
export const isAuditedOnRead = (c: Classification): boolean => rank(c) >= rank('内部');

/**
 * 国家秘密 may only be handled on a network certified for it (DOMAIN.md §3.2); the deployment's ceiling
 * says what this installation is certified for.
 */
export function assertWithinCeiling(c: Classification, ceiling: Classification): void {
  if (rank(c) > rank(ceiling)) {
    throw new DomainError(
      'CLASSIFICATION_ABOVE_CEILING',
      `本系统部署的网络仅允许处理“${ceiling}”及以下密级的内容；处理“${c}”信息须在经保密部门审查认证的涉密网络中进行。`,
      { classification: c, ceiling },
    );
  }
}

/** What lists show in place of a title classified above the reader's clearance as it is now. */
export const TITLE_WITHHELD = '（密级高于您的涉密等级，标题不予显示）';
export const titleFor = (reader: { clearance: Classification }, classification: Classification, title: string) =>
  rank(reader.clearance) >= rank(classification) ? title : TITLE_WITHHELD;

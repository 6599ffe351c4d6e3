import { eq } from 'drizzle-orm';
import { isStateSecret } from '../../../contract/common';
import type { Tx } from '../../platform/db/client';
import { invalid } from '../../platform/errors';
import type { StepEvent } from '../../platform/modules/registry';
import { outgoingDocument } from './schema';

/** A stored 份号 as GB/T 9704 §7.2.1 prints it: six digits, zero-padded. */
export const copyNoText = (n: number | null) => (n === null ? null : String(n).padStart(6, '0'));

/** GB/T 9704 §7.2.1 (DOMAIN.md §1.3): every 涉密 document carries a 份号, so its print run is numbered. */
export function assertCopyNumbers(classification: string, numbered: boolean) {
  if (isStateSecret(classification) && !numbered)
    throw invalid(`${classification}公文须标注份号（GB/T 9704 第 7.2.1 条），请填写份号起止号`);
}

/** 印制 through the kernel's own submit: only with its 印数 (and, for 涉密 documents, 份号) on record. */
export async function beforePrint(tx: Tx, e: StepEvent) {
  const [doc] = await tx
    .select({ printCount: outgoingDocument.printCount, copyNoFrom: outgoingDocument.copyNoFrom })
    .from(outgoingDocument)
    .where(eq(outgoingDocument.itemId, e.item.id));
  if (!doc || doc.printCount === null) throw invalid('请先登记印数和份号（印制），再提交');
  assertCopyNumbers(e.item.classification, doc.copyNoFrom !== null);
}

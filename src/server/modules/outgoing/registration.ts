import type { RequestContext } from '../../platform/context';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver } from '../../platform/access/actor';
import { conflict, forbidden, invalid } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { task } from '../../platform/flow/schema';
import { submitTask } from '../../platform/flow/engine';
import { previewNumber } from '../../platform/numbering/register';
import type { printBodySchema } from '../../../contract/outgoing';
import { asNumbered, heldTasks, loadDoc, runChecks } from './service';
import { assertCopyNumbers, copyNoText } from './print-record';
import { outgoingDocument } from './schema';

/**
 * The registrar's steps after 签发 that carry data of their own (条例 Art.25(二)(三)): what 编号 would give,
 * and 印制 with its 印数 and 份号. 复核 and 核发 are the kernel's steps as they are.
 */

/**
 * The 文号 编号 would give now, before the registrar commits: the register's next number (or the one the document
 * holds), and the numbering checks the numbered draft would meet. A preview: the number is taken at 编号.
 */
export async function numberPreview(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const { actor, now } = ctx;
  const itemId = base.id;
  if (!hasRoleOver(actor, 'registrar', base.owningUnitId)) throw forbidden('只有本单位的文书人员可以查看拟编文号');
  const doc = await loadDoc(tx, itemId, false);
  if (!doc.registerId) throw invalid('请先选择文号登记簿');
  const preview = await previewNumber(tx, actor, doc.registerId, itemId, now);
  const { blocking } = await runChecks(
    tx,
    await asNumbered(tx, doc, preview.docNo, base.owningUnitId, now),
    'number',
    doc.overrides,
  );
  return { ...preview, blocking };
}

/**
 * 印制 (条例 Art.25(三)): records the copies printed and their 份号 range, then completes the 印制 step held by
 * the actor — one transaction, so a print run is never on record without its step, nor the step without it.
 */
export async function recordPrint(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: z.output<typeof printBodySchema>,
) {
  const itemId = base.id;
  const held = (await heldTasks(tx, ctx.actor, itemId)).find((t) => t.stepKey === 'print');
  if (!held) {
    const [open] = await tx
      .select({ id: task.id })
      .from(task)
      .where(and(eq(task.itemId, itemId), eq(task.stepKey, 'print'), eq(task.state, 'open')))
      .limit(1);
    throw open ? forbidden('印制由本单位文书办理，您不是当前办理人') : conflict(`文件当前在“${base.state}”环节，不在印制环节`);
  }
  assertCopyNumbers(base.classification, input.copyNoFrom !== null);
  const doc = await loadDoc(tx, itemId, true);
  const num = (s: string | null) => (s === null ? null : Number(s));
  await tx
    .update(outgoingDocument)
    .set({ printCount: input.printCount, copyNoFrom: num(input.copyNoFrom), copyNoTo: num(input.copyNoTo) })
    .where(eq(outgoingDocument.itemId, itemId));
  const before =
    doc.printCount === null
      ? null
      : { printCount: doc.printCount, copyNoFrom: copyNoText(doc.copyNoFrom), copyNoTo: copyNoText(doc.copyNoTo) };
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.print',
    targetType: 'item',
    targetId: itemId,
    unitId: base.owningUnitId,
    summary: { printCount: input.printCount, copyNoFrom: input.copyNoFrom, copyNoTo: input.copyNoTo, before },
  });
  return submitTask(tx, ctx, held.id, { version: input.version, opinion: input.opinion, decision: null });
}

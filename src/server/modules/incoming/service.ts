import type { RequestContext } from '../../platform/context';
import { and, asc, eq } from 'drizzle-orm';
import { isStateSecret } from '../../../contract/common';
import type { Queryable, Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { DomainError, forbidden, invalid } from '../../platform/errors';
import { createItem, type Authorized, type ItemView } from '../../platform/items/service';
import { assertWithinCeiling, titleFor } from '../../platform/access/classification';
import { item } from '../../platform/items/schema';
import { nextNumber } from '../../platform/numbering/service';
import { attachFile } from '../../platform/files/service';
import { itemLink } from '../../platform/flow/schema';
import { startFlow } from '../../platform/flow/engine';
import { circulationStatus, mayCirculate } from '../../platform/flow/circulation';
import { flowView, itemLinks } from '../../platform/flow/view';
import { chinaToday } from '../../platform/workbench/service';
import { deadlineOf } from '../../platform/calendar/deadline';
import { unit } from '../../org/schema';
import { genreFromTitle, normaliseDocNo, secrecyTermProblem } from '../../../contract/official-document';
import type { Classification } from '../../../contract/common';
import type { RegisterIncoming } from '../../../contract/incoming';
import { INCOMING_FLOW } from './flow';
import { INCOMING_KIND, incomingModule } from './module';
import { incomingDocument } from './schema';
import { correctionsOf, registrationRights, voidedView } from './registration';
import { handlesItem } from '../../platform/flow/tasks';

export function assertRegistrar(actor: Actor) {
  if (!actor.unitId || !hasRoleOver(actor, 'registrar', actor.unitId))
    throw forbidden('只有本单位的文书（收发）人员可以登记收文');
}

/** Documents of this unit already registered from the same sender under the same number. */
/**
 * Earlier registrations of the same 来文单位 and 发文字号. The registrar must learn one exists (its 收文号 and
 * date), but not the title of one classified above their clearance as it is now.
 */
export async function findDuplicates(db: Queryable, reader: Actor, unitId: string, senderName: string, docNo: string) {
  const rows = await db
    .select({
      itemId: item.id,
      registryNo: item.registryNo,
      title: item.title,
      classification: item.classification,
      receivedAt: incomingDocument.receivedAt,
    })
    .from(incomingDocument)
    .innerJoin(item, eq(item.id, incomingDocument.itemId))
    .where(and(eq(item.owningUnitId, unitId), eq(incomingDocument.senderName, senderName), eq(incomingDocument.docNo, docNo)))
    .orderBy(asc(incomingDocument.receivedAt));
  return rows.map(({ classification, ...r }) => ({ ...r, title: titleFor(reader, classification as Classification, r.title) }));
}

/** The checks a registration must pass besides its shape; Chinese messages name each problem. */
export function validateRegistration(
  input: Omit<RegisterIncoming, 'register' | 'files'>,
  receivedDate: string,
): { problems: string[]; docNo: string | null; notes: string[] } {
  const problems: string[] = [];
  let docNo: string | null = null;
  let notes: string[] = [];
  if (input.docNo) {
    const r = normaliseDocNo(input.docNo);
    notes = r.notes;
    if (r.ok) docNo = r.value;
    else problems.push(`发文字号“${input.docNo}”无法识别：${r.notes.join('；')}`);
  }
  const termProblem = secrecyTermProblem(input.classification, input.secrecyTerm);
  if (termProblem) problems.push(termProblem);
  // 条例 Art.9(一): every classified document carries copy numbers.
  if (isStateSecret(input.classification)) {
    if (!input.copyNumbers.length) problems.push('涉密文件须登记份号');
    if (input.copyNumbers.length !== input.copies)
      problems.push(`份数为 ${input.copies}，登记的份号有 ${input.copyNumbers.length} 个`);
  }
  if (new Set(input.copyNumbers).size !== input.copyNumbers.length) problems.push('份号重复');
  if (input.writtenDate && input.writtenDate > receivedDate) problems.push('成文日期不能晚于收文日期');
  if (input.dueDate && input.dueDate < receivedDate) problems.push('办理时限不能早于收文日期');
  return { problems, docNo, notes };
}

/**
 * 签收 and 登记 in one transaction: the registry number is taken from the register's sequence, the item and
 * its record are written, and the flow starts at 初审 with the unit's registrars.
 */
export async function registerIncoming(tx: Tx, ctx: RequestContext, input: RegisterIncoming) {
  const { actor, now, ceiling } = ctx;
  assertRegistrar(actor);
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('收文时间不能晚于当前时间');
  const receivedDate = chinaToday(receivedAt);
  assertWithinCeiling(input.classification, ceiling);
  const { problems, docNo, notes } = validateRegistration(input, receivedDate);
  if (problems.length) throw invalid(problems.join('；'), { problems });

  const unitId = actor.unitId!;
  const duplicates = docNo ? await findDuplicates(tx, actor, unitId, input.senderName, docNo) : [];
  if (duplicates.length && !input.confirmDuplicate) {
    throw new DomainError(
      'CONFLICT',
      `${input.senderName}的${docNo}已于 ${chinaToday(duplicates[0]!.receivedAt)} 登记（${duplicates[0]!.registryNo}），请核对是否重复`,
      {
        kind: 'duplicate',
        duplicates: duplicates.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
      },
    );
  }

  const [u] = await tx.select({ code: unit.issuerCode, shortName: unit.shortName }).from(unit).where(eq(unit.id, unitId));
  const year = Number(receivedDate.slice(0, 4));
  const register = `${unitId}:${input.register}`;
  const seq = await nextNumber(tx, `incoming:${register}`, year, now);
  const prefix = input.register === '收文' ? `${u?.code ?? u?.shortName ?? ''}收` : input.register;
  const registryNo = `${prefix}〔${year}〕${seq}号`;
  const genre = input.genre ?? genreFromTitle(input.title);

  const itemId = await createItem(tx, ctx, {
    kind: INCOMING_KIND,
    title: input.title,
    classification: input.classification,
    urgency: input.urgency,
    owningUnitId: unitId,
    owningDepartmentId: actor.departmentId,
    state: 'registered',
    dueDate: input.dueDate,
    registryNo,
    searchText: incomingModule.searchText({ ...input, docNo, docNoAsReceived: input.docNo, registryNo }),
  });
  await tx.update(item).set({ secrecyTerm: input.secrecyTerm }).where(eq(item.id, itemId));
  await tx.insert(incomingDocument).values({
    itemId,
    register,
    year,
    seq,
    senderName: input.senderName,
    docNo,
    docNoAsReceived: input.docNo && input.docNo !== docNo ? input.docNo : null,
    genre,
    copies: input.copies,
    copyNumbers: input.copyNumbers,
    writtenDate: input.writtenDate,
    receivedAt,
    receivedByPersonId: actor.personId,
    mainRecipients: input.mainRecipients,
    ccRecipients: input.ccRecipients,
    attachments: input.attachments,
  });
  for (const d of duplicates) {
    await tx
      .insert(itemLink)
      .values({ fromItemId: itemId, toItemId: d.itemId, kind: 'duplicateOf', createdBy: actor.personId, createdAt: now });
  }
  // 条例 Art.24(一) 签收: the time of receipt is recorded; (二) 登记: the main data.
  await recordEvent(tx, ctx.audit, now, {
    action: 'incoming.signFor',
    targetType: 'item',
    targetId: itemId,
    summary: { receivedAt: receivedAt.toISOString(), copies: input.copies, copyNumbers: input.copyNumbers },
  });
  await recordEvent(tx, ctx.audit, now, {
    action: 'incoming.register',
    targetType: 'item',
    targetId: itemId,
    summary: {
      registryNo,
      senderName: input.senderName,
      docNo,
      classification: input.classification,
      duplicateOf: duplicates.map((d) => d.itemId),
    },
  });
  // The received file itself and its attachments, uploaded before registering, go on the item now.
  for (const f of input.files) await attachFile(tx, ctx, itemId, f);
  await startFlow(tx, ctx, itemId, INCOMING_FLOW);
  return { itemId, registryNo, docNo, docNoNotes: notes, duplicateOf: duplicates.map((d) => d.itemId) };
}

/**
 * One document with everything the handling page shows: the registered elements, every opinion in order,
 * the task history, the actor's own open tasks (with what they may do), circulations and links.
 */
export async function getIncoming(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const { actor, now, cal, ceiling } = ctx;
  const itemId = base.id;
  const [doc] = await tx.select().from(incomingDocument).where(eq(incomingDocument.itemId, itemId));
  if (!doc) throw invalid('该事项不是收文');
  const flowPart = await flowView(tx, actor, itemId, now);
  return {
    item: base,
    document: {
      registryNo: base.registryNo,
      senderName: doc.senderName,
      docNo: doc.docNo,
      docNoAsReceived: doc.docNoAsReceived,
      genre: doc.genre,
      secrecyTerm: (await tx.select({ s: item.secrecyTerm }).from(item).where(eq(item.id, itemId)))[0]?.s ?? null,
      copies: doc.copies,
      copyNumbers: doc.copyNumbers,
      writtenDate: doc.writtenDate,
      receivedAt: doc.receivedAt.toISOString(),
      mainRecipients: doc.mainRecipients,
      ccRecipients: doc.ccRecipients,
      attachments: doc.attachments,
      voided: await voidedView(tx, doc),
    },
    corrections: await correctionsOf(tx, itemId),
    ...(await registrationRights(tx, actor, base, doc)),
    canReply: !doc.voidedAt && (await handlesItem(tx, actor, base)),
    deadline: deadlineOf(cal, base.dueDate, chinaToday(now), base.closedAt === null),
    ...flowPart,
    circulations: await circulationStatus(tx, itemId, actor),
    links: await itemLinks(tx, itemId, actor, ceiling),
    canCirculate: !doc.voidedAt && (await mayCirculate(tx, actor, base)),
  };
}

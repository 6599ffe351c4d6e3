import type { RequestContext } from '../../platform/context';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { assertWithinCeiling, rank } from '../../platform/access/classification';
import { DomainError, conflict, forbidden, invalid } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { task } from '../../platform/flow/schema';
import { stopFlow } from '../../platform/flow/engine';
import { linkItems } from '../../platform/flow/links';
import { chinaToday } from '../../platform/workbench/service';
import { searchTokens } from '../../platform/search/tokenize';
import { person } from '../../org/schema';
import { genreFromTitle } from '../../../contract/official-document';
import { CORRECTABLE_FIELDS, type CorrectableField, type CorrectRegistration } from '../../../contract/incoming';
import { incomingModule } from './module';
import { incomingCorrection, incomingDocument, type CorrectionChange } from './schema';
import { findDuplicates, validateRegistration } from './service';

/** The state a voided 收文 shows in the register and on its page. */
const VOIDED_STATE = 'voided';

type Doc = typeof incomingDocument.$inferSelect;
type ItemRow = ItemView;

const mayKeepRegister = (actor: Actor, owningUnitId: string) => hasRoleOver(actor, 'registrar', owningUnitId);

/** Routed: someone has submitted a 办理 step (初审 onwards); from then on others work from the registration. */
async function isRouted(db: Queryable, itemId: string) {
  const [r] = await db
    .select({ n: count() })
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.kind, 'do'), eq(task.state, 'done')));
  return Number(r?.n ?? 0) > 0;
}

/** What the page offers the reader: 更正登记 until routed, 作废 while in handling; both only to the unit's registrars. */
export async function registrationRights(
  db: Queryable,
  actor: Actor,
  it: { id: string; owningUnitId: string; closedAt: unknown },
  doc: Doc,
) {
  if (!mayKeepRegister(actor, it.owningUnitId) || doc.voidedAt) return { canCorrect: false, canVoid: false };
  const routed = await isRouted(db, it.id);
  return { canCorrect: !routed, canVoid: !it.closedAt };
}

async function loadForRegistrar(tx: Tx, ctx: RequestContext, it: Authorized<ItemView>, refusal: string) {
  const [doc] = await tx.select().from(incomingDocument).where(eq(incomingDocument.itemId, it.id)).for('update');
  if (!doc) throw invalid('该事项不是收文');
  if (!mayKeepRegister(ctx.actor, it.owningUnitId)) throw forbidden(refusal);
  return { it, doc };
}

/** The registration as values to compare, field by field, in the shapes the request uses. */
function registeredValues(it: ItemRow, secrecyTerm: string | null, doc: Doc): Record<CorrectableField, unknown> {
  return {
    senderName: doc.senderName,
    docNo: doc.docNo,
    title: it.title,
    genre: doc.genre,
    classification: it.classification,
    secrecyTerm,
    urgency: it.urgency,
    copies: doc.copies,
    copyNumbers: doc.copyNumbers,
    writtenDate: doc.writtenDate,
    receivedAt: doc.receivedAt.toISOString(),
    mainRecipients: doc.mainRecipients,
    ccRecipients: doc.ccRecipients,
    attachments: doc.attachments,
    dueDate: it.dueDate,
  };
}

/** The checks a correction must pass: still correctable, and the new values valid as a registration. */
async function checkCorrection(tx: Tx, ctx: RequestContext, target: Authorized<ItemView>, input: CorrectRegistration) {
  const { actor, now, ceiling } = ctx;
  const itemId = target.id;
  const { it, doc } = await loadForRegistrar(tx, ctx, target, '只有本单位的文书（收发）人员可以更正登记');
  if (doc.voidedAt) throw conflict(`收文号 ${it.registryNo} 已作废，不能更正登记`);
  if (await isRouted(tx, itemId))
    throw conflict('该文件已经分送办理（初审已提交），登记不能再更正；如登记有误，请作废该收文号后重新登记');
  if (input.version !== it.version)
    throw conflict('登记已被他人更正或文件已在办理，请刷新后再试', { currentVersion: it.version });
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : doc.receivedAt;
  if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('收文时间不能晚于当前时间');
  assertWithinCeiling(input.classification, ceiling);
  // Nobody marks a document above what they may read themselves.
  if (rank(input.classification) > rank(actor.clearance))
    throw forbidden(`密级“${input.classification}”超出您的涉密等级（${actor.clearance}）`);
  const { problems, docNo } = validateRegistration(input, chinaToday(receivedAt));
  if (problems.length) throw invalid(problems.join('；'), { problems });
  return { it, doc, receivedAt, docNo };
}

/** A new 来文单位 or 发文字号 may make it a document already registered: the same warning as at registration. */
async function assertNoDuplicate(
  tx: Tx,
  actor: Actor,
  it: ItemRow,
  input: CorrectRegistration,
  docNo: string | null,
  changed: Set<string>,
) {
  if (!docNo || !(changed.has('senderName') || changed.has('docNo'))) return [];
  const duplicates = (await findDuplicates(tx, actor, it.owningUnitId, input.senderName, docNo)).filter(
    (d) => d.itemId !== it.id,
  );
  if (duplicates.length && !input.confirmDuplicate) {
    const first = duplicates[0]!;
    throw new DomainError(
      'CONFLICT',
      `${input.senderName}的${docNo}已于 ${chinaToday(first.receivedAt)} 登记（${first.registryNo}），请核对是否重复`,
      {
        kind: 'duplicate',
        duplicates: duplicates.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString() })),
      },
    );
  }
  return duplicates;
}

/** Writes the corrected values on the record and the item (title, 密级 …, search words), against the version read. */
async function applyCorrection(
  tx: Tx,
  now: Date,
  it: ItemRow,
  input: CorrectRegistration,
  v: { docNo: string | null; genre: string | null; receivedAt: Date },
) {
  const docNoAsReceived = input.docNo && input.docNo !== v.docNo ? input.docNo : null;
  const { senderName, copies, copyNumbers, writtenDate, mainRecipients, ccRecipients, attachments } = input;
  await tx
    .update(incomingDocument)
    .set({
      senderName,
      docNo: v.docNo,
      docNoAsReceived,
      genre: v.genre,
      copies,
      copyNumbers,
      writtenDate,
      receivedAt: v.receivedAt,
      mainRecipients,
      ccRecipients,
      attachments,
    })
    .where(eq(incomingDocument.itemId, it.id));
  const words = incomingModule.searchText({ ...input, docNo: v.docNo, docNoAsReceived, registryNo: it.registryNo });
  const { title, classification, secrecyTerm, urgency, dueDate } = input;
  const updated = await tx
    .update(item)
    .set({
      title,
      classification,
      secrecyTerm,
      urgency,
      dueDate,
      searchTokens: searchTokens(title, ...words),
      updatedAt: now,
      version: sql`${item.version} + 1`,
    })
    .where(and(eq(item.id, it.id), eq(item.version, input.version)))
    .returning({ id: item.id });
  if (!updated.length) throw conflict('登记已被他人更正或文件已在办理，请刷新后再试');
}

/**
 * 更正登记: the registrar corrects what was registered, until the document is routed. The values replaced are
 * kept as a numbered correction (field: before → after), and the change is audited; nothing changes when the
 * request repeats what is registered.
 */
export async function correctRegistration(tx: Tx, ctx: RequestContext, target: Authorized<ItemView>, input: CorrectRegistration) {
  const { actor, now } = ctx;
  const itemId = target.id;
  const { it, doc, receivedAt, docNo } = await checkCorrection(tx, ctx, target, input);
  const [{ secrecyTerm } = { secrecyTerm: null }] = await tx
    .select({ secrecyTerm: item.secrecyTerm })
    .from(item)
    .where(eq(item.id, itemId));
  const before = registeredValues(it, secrecyTerm, doc);
  const genre = input.genre ?? genreFromTitle(input.title);
  const after: Record<CorrectableField, unknown> = { ...input, docNo, genre, receivedAt: receivedAt.toISOString() };
  const changes: CorrectionChange[] = CORRECTABLE_FIELDS.filter(
    (f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]),
  ).map((field) => ({
    field,
    before: before[field],
    after: after[field],
  }));
  if (!changes.length) return { no: null, changes };
  const duplicates = await assertNoDuplicate(tx, actor, it, input, docNo, new Set(changes.map((c) => c.field)));

  await applyCorrection(tx, now, it, input, { docNo, genre, receivedAt });
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${incomingCorrection.no}), 0)` })
    .from(incomingCorrection)
    .where(eq(incomingCorrection.itemId, itemId));
  const no = Number(last?.n ?? 0) + 1;
  await tx.insert(incomingCorrection).values({
    id: randomUUID(),
    itemId,
    no,
    changes,
    reason: input.reason,
    personId: actor.personId,
    personName: actor.name,
    createdAt: now,
  });
  for (const d of duplicates) await linkItems(tx, ctx, itemId, d.itemId, 'duplicateOf');
  await recordEvent(tx, ctx.audit, now, {
    action: 'incoming.correct',
    targetType: 'item',
    targetId: itemId,
    unitId: it.owningUnitId,
    summary: { registryNo: it.registryNo, no, reason: input.reason, changes },
  });
  return { no, changes };
}

/** The corrections of a registration, oldest first. */
export async function correctionsOf(db: Queryable, itemId: string) {
  const rows = await db
    .select()
    .from(incomingCorrection)
    .where(eq(incomingCorrection.itemId, itemId))
    .orderBy(asc(incomingCorrection.no));
  return rows.map((r) => ({
    no: r.no,
    personName: r.personName,
    createdAt: r.createdAt.toISOString(),
    reason: r.reason,
    changes: r.changes as { field: CorrectableField; before: unknown; after: unknown }[],
  }));
}

/**
 * 作废: the 收文号 is voided with its reason. The number stays in the register (never given again, never a
 * silent gap), the document leaves handling (open tasks and 传阅 cancelled, their holders told), and it is audited.
 */
export async function voidIncoming(tx: Tx, ctx: RequestContext, target: Authorized<ItemView>, reason: string) {
  const itemId = target.id;
  const { it, doc } = await loadForRegistrar(tx, ctx, target, '只有本单位的文书（收发）人员可以作废收文号');
  if (doc.voidedAt) throw conflict(`收文号 ${it.registryNo} 已作废`);
  if (it.closedAt) throw conflict(`该文件已${it.state}，不能作废收文号`);
  await stopFlow(tx, ctx, itemId, { state: VOIDED_STATE, reason });
  await tx
    .update(incomingDocument)
    .set({ voidedAt: ctx.now, voidedBy: ctx.actor.personId, voidReason: reason })
    .where(eq(incomingDocument.itemId, itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'incoming.void',
    targetType: 'item',
    targetId: itemId,
    unitId: it.owningUnitId,
    summary: { registryNo: it.registryNo, reason },
  });
  return { registryNo: it.registryNo };
}

/** Who voided it, for the page. */
export async function voidedView(db: Queryable, doc: Doc) {
  if (!doc.voidedAt) return null;
  const [p] = doc.voidedBy ? await db.select({ name: person.name }).from(person).where(eq(person.id, doc.voidedBy)) : [];
  return { at: doc.voidedAt.toISOString(), byName: p?.name ?? '', reason: doc.voidReason ?? '' };
}

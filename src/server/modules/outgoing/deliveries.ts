import { randomUUID } from 'node:crypto';
import { isStateSecret } from '../../../contract/common';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { titleFor } from '../../platform/access/classification';
import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { grantIssuedCopy, readItem } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { itemLink } from '../../platform/flow/schema';
import type { FlowContext } from '../../platform/flow/engine';
import { notifyPeople } from '../../platform/notify/service';
import { attachFile, issuedCopyFiles } from '../../platform/files/service';
import { department, person, post, roleGrant, unit } from '../../org/schema';
import type { StepEvent } from '../../platform/modules/registry';
import type { Classification } from '../../../contract/common';
import type { FileRole } from '../../../contract/files';
import type { Draft } from '../../../contract/outgoing-draft';
import {
  OPEN_CHANNEL_METHODS,
  type batchSignForBodySchema,
  type deliveryLogEntrySchema,
  type deliverySchema,
  type inboxQuerySchema,
  type offlineDeliveryBodySchema,
  type signForBodySchema,
} from '../../../contract/outgoing';
// 签收 registers the 收文 through 收文's own command until sending to units is the kernel's.
// eslint-disable-next-line zhongshu/imports -- issue 15: moves to the kernel's dispatch
import { registerIncoming } from '../incoming/service';
import { outgoingDelivery, outgoingDocument } from './schema';
import { loadDoc, titleOf } from './service';

// 核发 and what follows it (条例 Art.25(四), Art.24(一)): the receipts of the units of this deployment (签收,
// 退文, 重新分发) and the organs outside it, which the registrar reaches 线下 and records here.

type Role = 'main' | 'cc';
type DeliveryRow = typeof outgoingDelivery.$inferSelect;

/**
 * Whom a document goes to: every 主送 and 抄送 organ of this deployment (a 内设机构 through its unit), and the
 * organs it names that are not in it (typed in, a class of organs, a unit since removed), by name.
 */
async function recipientsOf(db: Queryable, draft: Draft, owningUnitId: string) {
  const refs = [...draft.mainRecipients.map((r) => ({ r, role: 'main' as const })), ...draft.ccRecipients.map((r) => ({ r, role: 'cc' as const }))];
  const ids = refs.map((x) => x.r.unitId).filter((x): x is string => !!x);
  const units = new Set(ids.length ? (await db.select({ id: unit.id }).from(unit).where(inArray(unit.id, ids))).map((u) => u.id) : []);
  const depts = new Map(ids.length ? (await db.select({ id: department.id, unitId: department.unitId }).from(department).where(inArray(department.id, ids))).map((d) => [d.id, d.unitId]) : []);
  const inSystem = new Map<string, Role>();
  const offline = new Map<string, Role>();
  for (const { r, role } of refs) {
    const target = r.unitId ? (units.has(r.unitId) ? r.unitId : depts.get(r.unitId)) : undefined;
    if (target === owningUnitId) continue;
    const [into, key] = target ? [inSystem, target] : [offline, r.name.trim()];
    if (!key) continue;
    if (!into.has(key) || role === 'main') into.set(key, role);
  }
  return {
    units: [...inSystem.entries()].map(([unitId, role]) => ({ unitId, role })),
    offline: [...offline.entries()].map(([name, role]) => ({ name, role })),
  };
}

/** Before 核发: the names the system will deliver to, and those the registrar must reach outside it. */
export async function distributionPreview(db: Queryable, draft: Draft, owningUnitId: string) {
  const { units, offline } = await recipientsOf(db, draft, owningUnitId);
  const names = new Map(units.length ? (await db.select({ id: unit.id, name: unit.name }).from(unit).where(inArray(unit.id, units.map((u) => u.unitId)))).map((u) => [u.id, u.name]) : []);
  return { inSystem: units.map((u) => names.get(u.unitId) ?? ''), offline: offline.map((o) => o.name) };
}

async function registrarsOf(db: Queryable, unitIds: string[]) {
  if (!unitIds.length) return [];
  return db
    .selectDistinct({ personId: roleGrant.personId, unitId: roleGrant.unitId })
    .from(roleGrant)
    .innerJoin(post, and(eq(post.personId, roleGrant.personId), eq(post.unitId, roleGrant.unitId), isNull(post.endedAt)))
    .where(and(eq(roleGrant.role, 'registrar'), inArray(roleGrant.unitId, unitIds)));
}

const current = isNull(outgoingDelivery.supersededAt);

/**
 * 核发: each receiving unit of this deployment gets the document to sign for, and its registrars the issued
 * copy; each organ outside it is listed as 需线下分发, so nobody takes "送达" for all of them.
 */
export async function distribute(tx: Tx, ctx: FlowContext, e: StepEvent) {
  const doc = await loadDoc(tx, e.item.id, false);
  const { units, offline } = await recipientsOf(tx, doc.draft, e.item.owningUnitId);
  const existing = await tx.select({ unitId: outgoingDelivery.unitId, organName: outgoingDelivery.organName }).from(outgoingDelivery).where(and(eq(outgoingDelivery.itemId, e.item.id), current));
  const fresh = units.filter((t) => !existing.some((x) => x.unitId === t.unitId));
  const outside = offline.filter((o) => !existing.some((x) => x.unitId === null && x.organName === o.name));
  const base = { itemId: e.item.id, deliveredAt: ctx.now, createdByPersonId: ctx.actor.personId };
  for (const t of fresh) {
    await tx.insert(outgoingDelivery).values({ ...base, id: randomUUID(), unitId: t.unitId, role: t.role, status: 'delivered' });
    await grantIssuedCopy(tx, e.item.id, { type: 'unit', id: t.unitId }, '核发', ctx.audit, ctx.now);
  }
  for (const o of outside) await tx.insert(outgoingDelivery).values({ ...base, id: randomUUID(), organName: o.name, role: o.role, status: 'offline' });
  const people = await registrarsOf(tx, fresh.map((t) => t.unitId));
  const label = `${doc.docNo ?? ''}《${titleOf(doc.draft)}》`;
  await notifyPeople(tx, people.map((p) => ({ personId: p.personId, kind: 'task' as const, message: `待签收：${label}`, itemId: e.item.id, fromPersonId: ctx.actor.personId })), ctx.now);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.distribute',
    targetType: 'item',
    targetId: e.item.id,
    summary: { units: fresh.map((t) => t.unitId), offline: outside.map((o) => o.name), docNo: doc.docNo },
  });
}

async function namesOf(db: Queryable, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  return new Map(wanted.length ? (await db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, wanted))).map((p) => [p.id, p.name]) : []);
}

const offlineOf = (d: DeliveryRow, names: Map<string, string>) =>
  d.offlineMethod && d.offlineAt
    ? { method: d.offlineMethod, at: d.offlineAt.toISOString(), by: d.offlineBy ?? '', note: d.offlineNote, recordedBy: names.get(d.recordedByPersonId ?? '') ?? '', recordedAt: (d.recordedAt ?? d.offlineAt).toISOString() }
    : null;

type Delivery = z.output<typeof deliverySchema>;
type LogEntry = z.output<typeof deliveryLogEntrySchema>;

/** What happened to one receipt row, as lines of the distribution log. */
function logOf(d: DeliveryRow, unitName: string, registryNo: string | null, names: Map<string, string>): LogEntry[] {
  const who = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const line = (at: Date, event: LogEntry['event'], personId: string | null, extra: Partial<LogEntry> = {}): LogEntry => ({
    at: at.toISOString(),
    event,
    unitName,
    person: who(personId),
    reason: null,
    registryNo: null,
    offline: null,
    ...extra,
  });
  const out: LogEntry[] = [];
  if (d.unitId) {
    if (d.previousId) out.push(line(d.deliveredAt, 'redistributed', d.createdByPersonId, { reason: d.correctionReason }));
    if (d.signedAt) out.push(line(d.signedAt, 'signed', d.signedByPersonId, { registryNo }));
    if (d.returnedAt) out.push(line(d.returnedAt, 'returned', d.returnedByPersonId, { reason: d.returnReason }));
  } else if (d.previousId) {
    // A successor row: a withdrawal (back to 需线下分发), a correction (with its reason), or a new record after a withdrawal.
    const event = d.status === 'offline' ? 'withdrawn' : d.correctionReason ? 'corrected' : 'recorded';
    out.push(line(d.recordedAt ?? d.deliveredAt, event, d.createdByPersonId, { reason: d.correctionReason, offline: offlineOf(d, names) }));
  } else if (d.recordedAt) {
    out.push(line(d.recordedAt, 'recorded', d.recordedByPersonId, { offline: offlineOf(d, names) }));
  }
  return out;
}

/** The receipts as they stand (in the order the document names the organs) and the log of what happened. */
export async function deliveriesOf(db: Queryable, itemId: string, draft: Draft) {
  const rows = await db
    .select({ d: outgoingDelivery, unitName: unit.name, registryNo: item.registryNo })
    .from(outgoingDelivery)
    .leftJoin(unit, eq(unit.id, outgoingDelivery.unitId))
    .leftJoin(item, eq(item.id, outgoingDelivery.incomingItemId))
    .where(eq(outgoingDelivery.itemId, itemId))
    .orderBy(asc(outgoingDelivery.deliveredAt), asc(unit.sortOrder));
  const names = await namesOf(db, rows.flatMap(({ d }) => [d.signedByPersonId, d.returnedByPersonId, d.createdByPersonId, d.recordedByPersonId]));
  const named = [...draft.mainRecipients, ...draft.ccRecipients].map((r) => r.unitId ?? r.name.trim());
  const rank = (d: DeliveryRow) => named.indexOf(d.unitId ?? d.organName ?? '') + 1 || named.length + 1;
  const nameOf = (r: (typeof rows)[number]) => r.unitName ?? r.d.organName ?? '';
  const receipts: Delivery[] = rows
    .filter((r) => !r.d.supersededAt)
    .sort((a, b) => (a.d.role === b.d.role ? rank(a.d) - rank(b.d) : a.d.role === 'main' ? -1 : 1))
    .map((r) => ({ ...r, name: nameOf(r) }))
    .map(({ d, registryNo, name }) => ({
      id: d.id,
      unitId: d.unitId,
      unitName: name,
      role: d.role,
      status: d.status,
      deliveredAt: d.deliveredAt.toISOString(),
      signedAt: d.signedAt?.toISOString() ?? null,
      signedBy: names.get(d.signedByPersonId ?? '') ?? null,
      registryNo: registryNo ?? null,
      incomingItemId: d.incomingItemId,
      returnedAt: d.returnedAt?.toISOString() ?? null,
      returnReason: d.returnReason,
      offline: offlineOf(d, names),
      previousId: d.previousId,
    }));
  const log = rows.flatMap((r) => logOf(r.d, nameOf(r), r.registryNo, names)).sort((a, b) => a.at.localeCompare(b.at));
  return { receipts, log };
}

/** The receipt a unit holds of a document it was sent (the current one, after any 重新分发). */
export async function ownReceipt(db: Queryable, itemId: string, unitId: string) {
  const [own] = await db
    .select({ d: outgoingDelivery, unitName: unit.name, signedBy: person.name, registryNo: item.registryNo })
    .from(outgoingDelivery)
    .innerJoin(unit, eq(unit.id, outgoingDelivery.unitId))
    .leftJoin(person, eq(person.id, outgoingDelivery.signedByPersonId))
    .leftJoin(item, eq(item.id, outgoingDelivery.incomingItemId))
    .where(and(eq(outgoingDelivery.itemId, itemId), eq(outgoingDelivery.unitId, unitId), current));
  if (!own) return null;
  return {
    id: own.d.id,
    unitId: own.d.unitId,
    unitName: own.unitName,
    role: own.d.role,
    status: own.d.status,
    deliveredAt: own.d.deliveredAt.toISOString(),
    signedAt: own.d.signedAt?.toISOString() ?? null,
    signedBy: own.signedBy ?? null,
    registryNo: own.registryNo ?? null,
    incomingItemId: own.d.incomingItemId,
    returnedAt: own.d.returnedAt?.toISOString() ?? null,
    returnReason: own.d.returnReason,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The receiving side: 待签收, 签收 (becomes a 收文), 退文.

function assertUnitRegistrar(actor: Actor) {
  if (!actor.unitId || !hasRoleOver(actor, 'registrar', actor.unitId)) throw forbidden('只有本单位的文书（收发）人员可以签收来文');
}

/** 待签收: what was distributed to the actor's unit. */
export async function listInbox(db: Queryable, actor: Actor, query: z.output<typeof inboxQuerySchema>) {
  assertUnitRegistrar(actor);
  const where = and(eq(outgoingDelivery.unitId, actor.unitId!), query.status ? eq(outgoingDelivery.status, query.status) : undefined);
  const received = item;
  const rows = await db
    .select({ d: outgoingDelivery, doc: outgoingDocument, title: item.title, classification: item.classification, urgency: item.urgency, total: sql<number>`count(*) over ()` })
    .from(outgoingDelivery)
    .innerJoin(item, eq(item.id, outgoingDelivery.itemId))
    .innerJoin(outgoingDocument, eq(outgoingDocument.itemId, outgoingDelivery.itemId))
    .where(where)
    .orderBy(desc(outgoingDelivery.deliveredAt), desc(outgoingDelivery.id))
    .limit(query.limit)
    .offset(query.offset);
  const incomingIds = rows.map((r) => r.d.incomingItemId).filter((x): x is string => !!x);
  const registryNos = new Map(incomingIds.length ? (await db.select({ id: received.id, no: received.registryNo }).from(received).where(inArray(received.id, incomingIds))).map((r) => [r.id, r.no]) : []);
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    items: rows.map((r) => ({
      id: r.d.id,
      sourceItemId: r.d.itemId,
      senderName: r.doc.draft.issuers.map((i) => i.name).join('、'),
      docNo: r.doc.docNo,
      // Every registrar of the unit sees what arrived; the title of one above their clearance stays hidden.
      title: titleFor(actor, r.classification as Classification, r.title),
      classification: r.classification,
      urgency: r.urgency,
      role: r.d.role,
      status: r.d.status as 'delivered' | 'signed' | 'returned',
      deliveredAt: r.d.deliveredAt.toISOString(),
      incomingItemId: r.d.incomingItemId,
      registryNo: r.d.incomingItemId ? (registryNos.get(r.d.incomingItemId) ?? null) : null,
      returnReason: r.d.returnReason,
      redistributed: r.d.previousId !== null,
    })),
  };
}

async function loadDelivery(tx: Tx, actor: Actor, id: string) {
  assertUnitRegistrar(actor);
  const [d] = await tx.select().from(outgoingDelivery).where(eq(outgoingDelivery.id, id)).for('update');
  if (!d || d.unitId !== actor.unitId) throw notFound('分发记录');
  if (d.status === 'signed') throw conflict('该文件已签收');
  if (d.status === 'returned') throw conflict(d.supersededAt ? '该文件已退回，发文单位已重新分发，请签收新送达的一份' : '该文件已退回');
  return d;
}

async function tellSender(tx: Tx, ctx: FlowContext, sourceItemId: string, message: string) {
  const [src] = await tx.select({ unitId: item.owningUnitId, createdBy: item.createdBy }).from(item).where(eq(item.id, sourceItemId));
  if (!src) return;
  const people = [...new Set([src.createdBy, ...(await registrarsOf(tx, [src.unitId])).map((p) => p.personId)])];
  await notifyPeople(tx, people.map((personId) => ({ personId, kind: 'task' as const, message, itemId: sourceItemId, fromPersonId: ctx.actor.personId })), ctx.now);
}

/**
 * 签收: the distributed document becomes a 收文 of the receiving unit, pre-filled from the source and linked to
 * it. The issued copy's files (正文, 附件, 定稿 — never the sender's drafts or 稿纸) go on the 收文 as the same
 * stored files: whoever reads the 收文 reads them, and no byte is copied.
 */
export async function signFor(tx: Tx, ctx: FlowContext, deliveryId: string, input: z.output<typeof signForBodySchema>, ceiling: Classification) {
  const d = await loadDelivery(tx, ctx.actor, deliveryId);
  const doc = await loadDoc(tx, d.itemId, false);
  const draft = doc.draft;
  const reg = await registerIncoming(
    tx,
    ctx,
    {
      senderName: draft.issuers.map((i) => i.name).join('、'),
      docNo: doc.docNo,
      title: titleOf(draft),
      genre: draft.genre,
      classification: draft.classification,
      secrecyTerm: draft.secrecyTerm,
      urgency: draft.urgency,
      copies: 1,
      copyNumbers: draft.copyNo ? [draft.copyNo.padStart(6, '0')] : [],
      writtenDate: draft.writtenDate,
      mainRecipients: draft.mainRecipients.map((r) => r.name),
      ccRecipients: draft.ccRecipients.map((r) => r.name),
      attachments: draft.attachments.map((a) => ({ name: a.title })),
      dueDate: input.dueDate,
      register: input.register,
      files: [],
      confirmDuplicate: true,
    },
    ceiling,
  );
  await tx.insert(itemLink).values({ fromItemId: reg.itemId, toItemId: d.itemId, kind: 'distributedFrom', createdBy: ctx.actor.personId, createdAt: ctx.now });
  // Whoever handles the 收文 reads the issued copy it came from — not the sender's record.
  await grantIssuedCopy(tx, d.itemId, { type: 'item', id: reg.itemId }, '签收', ctx.audit, ctx.now);
  const fileCtx = { actor: ctx.actor, audit: ctx.audit, now: ctx.now, ceiling };
  for (const f of await issuedCopyFiles(tx, d.itemId)) await attachFile(tx, fileCtx, reg.itemId, { fileId: f.fileId, role: f.role as FileRole });
  await tx.update(outgoingDelivery).set({ status: 'signed', signedAt: ctx.now, signedByPersonId: ctx.actor.personId, incomingItemId: reg.itemId }).where(eq(outgoingDelivery.id, d.id));
  await recordEvent(tx, ctx.audit, ctx.now, { action: 'outgoing.delivery.signFor', targetType: 'item', targetId: d.itemId, summary: { deliveryId: d.id, unitId: d.unitId, incomingItemId: reg.itemId, registryNo: reg.registryNo } });
  await tellSender(tx, ctx, d.itemId, `${ctx.actor.name}已签收${doc.docNo ?? ''}《${titleOf(draft)}》（${reg.registryNo}）`);
  return { itemId: reg.itemId, registryNo: reg.registryNo };
}

/**
 * 批量签收: each document on its own savepoint, so one that cannot be signed for (sent back meanwhile, not this
 * unit's, above the registrar's clearance) is reported and the rest are signed for. Anything but a refusal
 * (a database failure) still aborts the whole request.
 */
export async function signForMany(tx: Tx, ctx: FlowContext, input: z.output<typeof batchSignForBodySchema>, ceiling: Classification) {
  assertUnitRegistrar(ctx.actor);
  const { ids, ...options } = input;
  const results = [];
  for (const id of [...new Set(ids)]) {
    try {
      const r = await tx.transaction((sp) => signFor(sp, ctx, id, options, ceiling));
      results.push({ id, ok: true as const, ...r });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      results.push({ id, ok: false as const, code: e.code, message: e.message });
    }
  }
  return { results };
}

/** 退文: the receiving unit sends the document back with its reasons; the sender sees them on the receipt. */
export async function returnDelivery(tx: Tx, ctx: FlowContext, deliveryId: string, reason: string) {
  const d = await loadDelivery(tx, ctx.actor, deliveryId);
  const doc = await loadDoc(tx, d.itemId, false);
  await tx.update(outgoingDelivery).set({ status: 'returned', returnedAt: ctx.now, returnedByPersonId: ctx.actor.personId, returnReason: reason }).where(eq(outgoingDelivery.id, d.id));
  await recordEvent(tx, ctx.audit, ctx.now, { action: 'outgoing.delivery.return', targetType: 'item', targetId: d.itemId, summary: { deliveryId: d.id, unitId: d.unitId, reason } });
  await tellSender(tx, ctx, d.itemId, `${ctx.actor.name}退回${doc.docNo ?? ''}《${titleOf(doc.draft)}》：${reason}`);
}

// ---------------------------------------------------------------------------------------------------------
// The sending side: 重新分发 after a 退文, and the record of what went outside the system.

/** A current receipt of a document the actor's unit issued, for its registrars; anything else is not found. */
async function senderDelivery(tx: Tx, ctx: FlowContext, itemId: string, deliveryId: string, ceiling: Classification) {
  const base = await readItem(tx, ctx.actor, itemId, ceiling, ctx.audit, ctx.now);
  const [d] = await tx.select().from(outgoingDelivery).where(and(eq(outgoingDelivery.id, deliveryId), eq(outgoingDelivery.itemId, itemId))).for('update');
  if (!d) throw notFound('分发记录');
  if (!hasRoleOver(ctx.actor, 'registrar', base.owningUnitId)) throw forbidden('只有发文单位的文书人员可以办理分发');
  if (d.supersededAt) throw conflict('该记录已被更正或重新分发，请刷新后查看最新回执');
  return { base, d };
}

/** Marks `d` replaced and writes its successor (the log keeps both). */
async function supersede(tx: Tx, ctx: FlowContext, d: DeliveryRow, next: Partial<DeliveryRow>) {
  await tx.update(outgoingDelivery).set({ supersededAt: ctx.now }).where(eq(outgoingDelivery.id, d.id));
  const id = randomUUID();
  await tx.insert(outgoingDelivery).values({
    id,
    itemId: d.itemId,
    unitId: d.unitId,
    organName: d.organName,
    role: d.role,
    status: d.status,
    deliveredAt: d.deliveredAt,
    createdByPersonId: ctx.actor.personId,
    previousId: d.id,
    ...next,
  });
  return id;
}

/** 重新分发: a document the unit sent back goes to it again; the 退文 and its reason stay in the log. */
export async function redistribute(tx: Tx, ctx: FlowContext, itemId: string, deliveryId: string, note: string | null, ceiling: Classification) {
  const { d } = await senderDelivery(tx, ctx, itemId, deliveryId, ceiling);
  if (!d.unitId || d.status !== 'returned') throw conflict('只有被退回的文件可以重新分发');
  const id = await supersede(tx, ctx, d, { status: 'delivered', deliveredAt: ctx.now, correctionReason: note });
  await grantIssuedCopy(tx, itemId, { type: 'unit', id: d.unitId }, '重新分发', ctx.audit, ctx.now);
  const doc = await loadDoc(tx, itemId, false);
  const people = await registrarsOf(tx, [d.unitId]);
  const label = `${doc.docNo ?? ''}《${titleOf(doc.draft)}》`;
  await notifyPeople(tx, people.map((p) => ({ personId: p.personId, kind: 'task' as const, message: `待签收（重新分发）：${label}`, itemId, fromPersonId: ctx.actor.personId })), ctx.now);
  await recordEvent(tx, ctx.audit, ctx.now, { action: 'outgoing.delivery.redistribute', targetType: 'item', targetId: itemId, summary: { deliveryId: id, previousId: d.id, unitId: d.unitId, note } });
  return { id };
}

type OfflineInput = z.output<typeof offlineDeliveryBodySchema>;

function checkOffline(classification: string, input: OfflineInput, now: Date) {
  // 保密法第二十八条: classified carriers never by ordinary post or an open channel.
  if (isStateSecret(classification) && OPEN_CHANNEL_METHODS.includes(input.method)) {
    throw invalid(`本文密级为${classification}，不得通过${input.method}传递；涉密文件应经机要交通、机要通信、机要交换或专人送达`);
  }
  if (input.method === '其他' && !input.note) throw invalid('分发方式为“其他”时，请在备注中说明');
  if (new Date(input.at).getTime() > now.getTime() + 5 * 60_000) throw invalid('送达时间不能晚于当前时间');
}

const offlineFields = (input: OfflineInput, ctx: FlowContext) => ({
  status: 'sentOffline' as const,
  offlineMethod: input.method,
  offlineAt: new Date(input.at),
  offlineBy: input.by,
  offlineNote: input.note,
  recordedByPersonId: ctx.actor.personId,
  recordedAt: ctx.now,
});

/**
 * 线下分发: how a document reached an organ outside the system (by which channel, when, carried by whom). A
 * second record of the same organ corrects the first, with a reason; both stay in the log.
 */
export async function recordOffline(tx: Tx, ctx: FlowContext, itemId: string, deliveryId: string, input: OfflineInput, ceiling: Classification) {
  const { base, d } = await senderDelivery(tx, ctx, itemId, deliveryId, ceiling);
  if (d.unitId) throw conflict('该单位在本系统内，由其签收，不需登记线下分发');
  checkOffline(base.classification, input, ctx.now);
  const fields = offlineFields(input, ctx);
  if (d.status === 'offline') {
    // The first record is written on the row; after a withdrawal, on a successor so the withdrawal stays.
    const id = d.previousId ? await supersede(tx, ctx, d, { ...fields, correctionReason: null }) : d.id;
    if (id === d.id) await tx.update(outgoingDelivery).set(fields).where(eq(outgoingDelivery.id, d.id));
    await recordEvent(tx, ctx.audit, ctx.now, { action: 'outgoing.delivery.recordOffline', targetType: 'item', targetId: itemId, summary: { deliveryId: id, organ: d.organName, method: input.method, at: input.at, by: input.by, note: input.note } });
    return { id };
  }
  if (!input.reason || input.reason.length < 2) throw invalid('更正已登记的线下分发，请说明更正理由');
  const id = await supersede(tx, ctx, d, { ...fields, correctionReason: input.reason });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.delivery.correctOffline',
    targetType: 'item',
    targetId: itemId,
    summary: {
      deliveryId: id,
      previousId: d.id,
      organ: d.organName,
      before: { method: d.offlineMethod, at: d.offlineAt?.toISOString() ?? null, by: d.offlineBy, note: d.offlineNote },
      after: { method: input.method, at: input.at, by: input.by, note: input.note },
      reason: input.reason,
    },
  });
  return { id };
}

/** A 线下分发 recorded in error (it did not go): back to 需线下分发, with the reason; the record stays in the log. */
export async function withdrawOffline(tx: Tx, ctx: FlowContext, itemId: string, deliveryId: string, reason: string, ceiling: Classification) {
  const { d } = await senderDelivery(tx, ctx, itemId, deliveryId, ceiling);
  if (d.unitId || d.status !== 'sentOffline') throw conflict('该记录没有已登记的线下分发');
  const id = await supersede(tx, ctx, d, { status: 'offline', offlineMethod: null, offlineAt: null, offlineBy: null, offlineNote: null, recordedByPersonId: ctx.actor.personId, recordedAt: ctx.now, correctionReason: reason });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.delivery.withdrawOffline',
    targetType: 'item',
    targetId: itemId,
    summary: { deliveryId: id, previousId: d.id, organ: d.organName, before: { method: d.offlineMethod, at: d.offlineAt?.toISOString() ?? null, by: d.offlineBy }, reason },
  });
  return { id };
}

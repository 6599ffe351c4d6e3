import type { RequestContext } from '../../platform/context';
import { randomUUID } from 'node:crypto';
import { isStateSecret } from '../../../contract/common';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { titleFor } from '../../platform/access/classification';
import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { grantIssuedCopy, readIssuedCopy, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { dispatch } from '../../platform/flow/schema';
import { deriveItem } from '../../platform/flow/links';
import {
  acceptDispatch,
  dispatchesOf,
  remindDispatch,
  resendDispatch,
  returnDispatch,
  sendToUnits,
  type DispatchKindDef,
  type DispatchRow,
} from '../../platform/flow/dispatch';
import { attachFile, issuedCopyFiles } from '../../platform/files/service';
import { department, person, unit } from '../../org/schema';
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
import type { RegisterIncoming } from '../../../contract/incoming';
import { outgoingDelivery, outgoingDocument } from './schema';
import { loadDoc, titleOf } from './service';

// 核发 and what follows it (条例 Art.25(四), Art.24(一)): the units of this deployment receive it through the kernel's
// dispatch (签收, 退文, 重新分发, 催办); the organs outside it the registrar reaches 线下 and records here.

type Role = 'main' | 'cc';
type DeliveryRow = typeof outgoingDelivery.$inferSelect;

/**
 * Whom a document goes to: every 主送 and 抄送 organ of this deployment (a 内设机构 through its unit), and the
 * organs it names that are not in it (typed in, a class of organs, a unit since removed), by name.
 */
async function recipientsOf(db: Queryable, draft: Draft, owningUnitId: string) {
  const refs = [
    ...draft.mainRecipients.map((r) => ({ r, role: 'main' as const })),
    ...draft.ccRecipients.map((r) => ({ r, role: 'cc' as const })),
  ];
  const ids = refs.map((x) => x.r.unitId).filter((x): x is string => !!x);
  const units = new Set(
    ids.length ? (await db.select({ id: unit.id }).from(unit).where(inArray(unit.id, ids))).map((u) => u.id) : [],
  );
  const depts = new Map(
    ids.length
      ? (
          await db.select({ id: department.id, unitId: department.unitId }).from(department).where(inArray(department.id, ids))
        ).map((d) => [d.id, d.unitId])
      : [],
  );
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
  const names = new Map(
    units.length
      ? (
          await db
            .select({ id: unit.id, name: unit.name })
            .from(unit)
            .where(
              inArray(
                unit.id,
                units.map((u) => u.unitId),
              ),
            )
        ).map((u) => [u.id, u.name])
      : [],
  );
  return { inSystem: units.map((u) => names.get(u.unitId) ?? ''), offline: offline.map((o) => o.name) };
}

const current = isNull(outgoingDelivery.supersededAt);

/** 核发 sends to units with the kernel's dispatch (flow/dispatch.ts): this kind, its 签收 and what 签收 makes. */
const ISSUE = 'issue';

/** 文号《标题》, as the receivers and the sender are told. */
async function labelOf(db: Queryable, itemId: string) {
  const doc = await loadDoc(db, itemId, false);
  return `${doc.docNo ?? ''}《${titleOf(doc.draft)}》`;
}

/**
 * 签收: the distributed document becomes a 收文 of the receiving unit (through the 收文 module's derive: no import of
 * it), pre-filled from the source and linked to it. The issued copy's files (正文, 附件, 定稿 — never the sender's
 * drafts or 稿纸) go on the 收文 as the same stored files: whoever reads the 收文 reads them, and no byte is copied.
 */
async function acceptIssued(tx: Tx, ctx: RequestContext, d: DispatchRow, raw: unknown) {
  // 签收 registers a 收文 there, the unit's 文书's own role: a delegate holds the 签收 task but not the role.
  if (!hasRoleOver(ctx.actor, 'registrar', d.unitId))
    throw forbidden('签收即登记收文，须由本单位文书（收发）人员办理；代理人不能签收');
  const input = raw as z.output<typeof signForBodySchema>;
  const doc = await loadDoc(tx, d.itemId, false);
  const draft = doc.draft;
  const fields: RegisterIncoming = {
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
  };
  const { item: source } = await readIssuedCopy(tx, ctx, d.itemId);
  const reg = await deriveItem(tx, ctx, 'incoming', { source, link: 'distributedFrom', fields });
  // Whoever handles the 收文 reads the issued copy it came from — not the sender's record.
  await grantIssuedCopy(tx, d.itemId, { type: 'item', id: reg.itemId }, '签收', ctx.audit, ctx.now);
  for (const f of await issuedCopyFiles(tx, d.itemId))
    await attachFile(tx, ctx, reg.itemId, { fileId: f.fileId, role: f.role as FileRole });
  return { resultItemId: reg.itemId, result: { itemId: reg.itemId, registryNo: reg.registryNo ?? '' } };
}

/** 核发 as a kind of sending: the receiving unit's registrars sign for it within a working day, reminded after. */
export const issueDispatch: DispatchKindDef = {
  key: ISSUE,
  name: '签收',
  reads: 'issued',
  limit: { days: 1, unit: 'working' },
  reminders: { afterDays: [1, 3] },
  accept: acceptIssued,
  label: (db, d) => labelOf(db, d.itemId),
};

/**
 * 核发: each receiving unit of this deployment gets the document to sign for (the kernel's dispatch: a 签收 task for
 * its registrars, the issued copy to read); each organ outside it is listed as 需线下分发, so nobody takes "送达"
 * for all of them.
 */
export async function distribute(tx: Tx, ctx: RequestContext, e: StepEvent) {
  const doc = await loadDoc(tx, e.item.id, false);
  const { units, offline } = await recipientsOf(tx, doc.draft, e.item.owningUnitId);
  const sent = await sendToUnits(tx, ctx, { itemId: e.item.id, kind: ISSUE, targets: units });
  const existing = await tx
    .select({ organName: outgoingDelivery.organName })
    .from(outgoingDelivery)
    .where(and(eq(outgoingDelivery.itemId, e.item.id), current));
  const outside = offline.filter((o) => !existing.some((x) => x.organName === o.name));
  for (const o of outside) {
    await tx.insert(outgoingDelivery).values({
      id: randomUUID(),
      itemId: e.item.id,
      organName: o.name,
      role: o.role,
      status: 'offline',
      deliveredAt: ctx.now,
      createdByPersonId: ctx.actor.personId,
    });
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.distribute',
    targetType: 'item',
    targetId: e.item.id,
    summary: { units: sent.map((t) => t.unitId), offline: outside.map((o) => o.name), docNo: doc.docNo },
  });
}

async function namesOf(db: Queryable, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  return new Map(
    wanted.length
      ? (await db.select({ id: person.id, name: person.name }).from(person).where(inArray(person.id, wanted))).map((p) => [
          p.id,
          p.name,
        ])
      : [],
  );
}

const offlineOf = (d: DeliveryRow, names: Map<string, string>) =>
  d.offlineMethod && d.offlineAt
    ? {
        method: d.offlineMethod,
        at: d.offlineAt.toISOString(),
        by: d.offlineBy ?? '',
        note: d.offlineNote,
        recordedBy: names.get(d.recordedByPersonId ?? '') ?? '',
        recordedAt: (d.recordedAt ?? d.offlineAt).toISOString(),
      }
    : null;

type Delivery = z.output<typeof deliverySchema>;
type LogEntry = z.output<typeof deliveryLogEntrySchema>;

const STATUS_OF: Record<DispatchRow['state'], 'delivered' | 'signed' | 'returned'> = {
  pending: 'delivered',
  accepted: 'signed',
  returned: 'returned',
  cancelled: 'returned',
};

type UnitReceipt = Awaited<ReturnType<typeof dispatchesOf>>[number] & { registryNo: string | null };

/** What happened to one unit's dispatch, as lines of the distribution log. */
function unitLog(d: UnitReceipt): LogEntry[] {
  const line = (at: Date, event: LogEntry['event'], person: string | null, extra: Partial<LogEntry> = {}): LogEntry => ({
    at: at.toISOString(),
    event,
    unitName: d.unitName,
    person,
    reason: null,
    registryNo: null,
    offline: null,
    ...extra,
  });
  const out: LogEntry[] = [];
  if (d.previousId) out.push(line(d.sentAt, 'redistributed', d.sentBy, { reason: d.note }));
  if (d.state === 'accepted' && d.decidedAt) out.push(line(d.decidedAt, 'signed', d.decidedBy, { registryNo: d.registryNo }));
  if (d.state === 'returned' && d.decidedAt) out.push(line(d.decidedAt, 'returned', d.decidedBy, { reason: d.reason }));
  return out;
}

/** What happened to one organ's offline receipt row, as lines of the distribution log. */
function offlineLog(d: DeliveryRow, names: Map<string, string>): LogEntry[] {
  const line = (at: Date, event: LogEntry['event'], personId: string | null, extra: Partial<LogEntry> = {}): LogEntry => ({
    at: at.toISOString(),
    event,
    unitName: d.organName ?? '',
    person: personId ? (names.get(personId) ?? null) : null,
    reason: null,
    registryNo: null,
    offline: null,
    ...extra,
  });
  if (d.previousId) {
    // A successor row: a withdrawal (back to 需线下分发), a correction (with its reason), or a new record after a withdrawal.
    const event = d.status === 'offline' ? 'withdrawn' : d.correctionReason ? 'corrected' : 'recorded';
    return [
      line(d.recordedAt ?? d.deliveredAt, event, d.createdByPersonId, {
        reason: d.correctionReason,
        offline: offlineOf(d, names),
      }),
    ];
  }
  return d.recordedAt ? [line(d.recordedAt, 'recorded', d.recordedByPersonId, { offline: offlineOf(d, names) })] : [];
}

async function registryNos(db: Queryable, ids: (string | null)[]) {
  const wanted = ids.filter((x): x is string => !!x);
  return new Map(
    wanted.length
      ? (await db.select({ id: item.id, no: item.registryNo }).from(item).where(inArray(item.id, wanted))).map((r) => [
          r.id,
          r.no,
        ])
      : [],
  );
}

const unitReceipt = (d: UnitReceipt): Delivery => ({
  id: d.id,
  unitId: d.unitId,
  unitName: d.unitName,
  role: d.role as Role,
  status: STATUS_OF[d.state],
  deliveredAt: d.sentAt.toISOString(),
  signedAt: d.state === 'accepted' ? (d.decidedAt?.toISOString() ?? null) : null,
  signedBy: d.state === 'accepted' ? d.decidedBy : null,
  registryNo: d.registryNo,
  incomingItemId: d.resultItemId,
  returnedAt: d.state === 'returned' ? (d.decidedAt?.toISOString() ?? null) : null,
  returnReason: d.state === 'returned' ? d.reason : null,
  offline: null,
  previousId: d.previousId,
  dueDate: d.dueDate,
  remindCount: d.remindCount,
});

/** The receipts as they stand (in the order the document names the organs) and the log of what happened. */
export async function deliveriesOf(db: Queryable, itemId: string, draft: Draft) {
  const sent = await dispatchesOf(db, itemId, ISSUE);
  const nos = await registryNos(
    db,
    sent.map((d) => d.resultItemId),
  );
  const units: UnitReceipt[] = sent.map((d) => ({ ...d, registryNo: d.resultItemId ? (nos.get(d.resultItemId) ?? null) : null }));
  const organs = await db
    .select()
    .from(outgoingDelivery)
    .where(eq(outgoingDelivery.itemId, itemId))
    .orderBy(asc(outgoingDelivery.deliveredAt));
  const names = await namesOf(
    db,
    organs.flatMap((d) => [d.createdByPersonId, d.recordedByPersonId]),
  );
  const named = [...draft.mainRecipients, ...draft.ccRecipients].map((r) => r.unitId ?? r.name.trim());
  const rank = (key: string) => named.indexOf(key) + 1 || named.length + 1;
  const receipts = [
    ...units.filter((d) => !d.supersededAt).map((d) => ({ key: d.unitId, r: unitReceipt(d) })),
    ...organs
      .filter((d) => !d.supersededAt)
      .map((d) => ({
        key: d.organName,
        r: {
          id: d.id,
          unitId: null,
          unitName: d.organName,
          role: d.role,
          status: d.status,
          deliveredAt: d.deliveredAt.toISOString(),
          signedAt: null,
          signedBy: null,
          registryNo: null,
          incomingItemId: null,
          returnedAt: null,
          returnReason: null,
          offline: offlineOf(d, names),
          previousId: d.previousId,
          dueDate: null,
          remindCount: 0,
        } satisfies Delivery,
      })),
  ]
    .sort((a, b) => (a.r.role === b.r.role ? rank(a.key) - rank(b.key) : a.r.role === 'main' ? -1 : 1))
    .map((x) => x.r);
  const log = [...units.flatMap(unitLog), ...organs.flatMap((d) => offlineLog(d, names))].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  return { receipts, log };
}

/** The receipt a unit holds of a document it was sent (the current one, after any 重新分发). */
export async function ownReceipt(db: Queryable, itemId: string, unitId: string) {
  const own = (await dispatchesOf(db, itemId, ISSUE)).find((d) => d.unitId === unitId && !d.supersededAt);
  if (!own) return null;
  const nos = await registryNos(db, [own.resultItemId]);
  const {
    offline: _o,
    previousId: _p,
    ...r
  } = unitReceipt({ ...own, registryNo: own.resultItemId ? (nos.get(own.resultItemId) ?? null) : null });
  return r;
}

// ---------------------------------------------------------------------------------------------------------
// The receiving side: 待签收, 签收 (becomes a 收文), 退文 — the kernel's dispatch with this module's 签收.

function assertUnitRegistrar(actor: Actor) {
  if (!actor.unitId || !hasRoleOver(actor, 'registrar', actor.unitId))
    throw forbidden('只有本单位的文书（收发）人员可以签收来文');
}

/** 待签收: what was distributed to the actor's unit (the unit's registrars each hold its 签收 task on the workbench too). */
export async function listInbox(db: Queryable, actor: Actor, query: z.output<typeof inboxQuerySchema>) {
  assertUnitRegistrar(actor);
  const states = query.status
    ? [({ delivered: 'pending', signed: 'accepted', returned: 'returned' } as const)[query.status]]
    : (['pending', 'accepted', 'returned'] as const);
  const where = and(eq(dispatch.unitId, actor.unitId!), eq(dispatch.kind, ISSUE), inArray(dispatch.state, [...states]));
  const rows = await db
    .select({
      d: dispatch,
      doc: outgoingDocument,
      title: item.title,
      classification: item.classification,
      urgency: item.urgency,
      total: sql<number>`count(*) over ()`,
    })
    .from(dispatch)
    .innerJoin(item, eq(item.id, dispatch.itemId))
    .innerJoin(outgoingDocument, eq(outgoingDocument.itemId, dispatch.itemId))
    .where(where)
    .orderBy(desc(dispatch.sentAt), desc(dispatch.id))
    .limit(query.limit)
    .offset(query.offset);
  const nos = await registryNos(
    db,
    rows.map((r) => r.d.resultItemId),
  );
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
      role: r.d.role as Role,
      status: STATUS_OF[r.d.state],
      deliveredAt: r.d.sentAt.toISOString(),
      dueDate: r.d.dueDate,
      incomingItemId: r.d.resultItemId,
      registryNo: r.d.resultItemId ? (nos.get(r.d.resultItemId) ?? null) : null,
      returnReason: r.d.state === 'returned' ? r.d.reason : null,
      redistributed: r.d.previousId !== null,
    })),
  };
}

/** 签收 of one document: the kernel settles the dispatch; `acceptIssued` makes the 收文. */
export async function signFor(tx: Tx, ctx: RequestContext, deliveryId: string, input: z.output<typeof signForBodySchema>) {
  const made = await acceptDispatch(tx, ctx, deliveryId, input);
  return made.result as { itemId: string; registryNo: string };
}

/**
 * 批量签收: each document on its own savepoint, so one that cannot be signed for (sent back meanwhile, not this
 * unit's, above the registrar's clearance) is reported and the rest are signed for. Anything but a refusal
 * (a database failure) still aborts the whole request.
 */
export async function signForMany(tx: Tx, ctx: RequestContext, input: z.output<typeof batchSignForBodySchema>) {
  assertUnitRegistrar(ctx.actor);
  const { ids, ...options } = input;
  const results = [];
  for (const id of [...new Set(ids)]) {
    try {
      const r = await tx.transaction((sp) => signFor(sp, ctx, id, options));
      results.push({ id, ok: true as const, ...r });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      results.push({ id, ok: false as const, code: e.code, message: e.message });
    }
  }
  return { results };
}

/** 退文: the receiving unit sends the document back with its reasons; the sender sees them on the receipt. */
export async function returnDelivery(tx: Tx, ctx: RequestContext, deliveryId: string, reason: string) {
  await returnDispatch(tx, ctx, deliveryId, reason);
}

// ---------------------------------------------------------------------------------------------------------
// The sending side: 重新分发 after a 退文, 催办, and the record of what went outside the system.

/** The document must be one the actor reads and their unit issued, and they its registrar; anything else is refused. */
function assertIssuingRegistrar(ctx: RequestContext, base: Authorized<ItemView>) {
  if (!hasRoleOver(ctx.actor, 'registrar', base.owningUnitId)) throw forbidden('只有发文单位的文书人员可以办理分发');
  return base;
}

/** 重新分发: a document the unit sent back goes to it again; the 退文 and its reason stay in the log. */
export async function redistribute(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  deliveryId: string,
  note: string | null,
) {
  const itemId = base.id;
  assertIssuingRegistrar(ctx, base);
  const [organ] = await tx
    .select({ id: outgoingDelivery.id })
    .from(outgoingDelivery)
    .where(and(eq(outgoingDelivery.id, deliveryId), eq(outgoingDelivery.itemId, itemId)));
  if (organ) throw conflict('只有被退回的文件可以重新分发');
  const row = await resendDispatch(tx, ctx, itemId, deliveryId, note);
  return { id: row.id };
}

/** 催办 of a unit that has not signed for the document yet. */
export async function remindDelivery(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  deliveryId: string,
  note: string | null,
) {
  const itemId = base.id;
  assertIssuingRegistrar(ctx, base);
  return remindDispatch(tx, ctx, itemId, deliveryId, note);
}

/** A current offline receipt of a document the actor's unit issued, for its registrars; anything else is not found. */
async function senderDelivery(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, deliveryId: string) {
  assertIssuingRegistrar(ctx, base);
  const itemId = base.id;
  const [d] = await tx
    .select()
    .from(outgoingDelivery)
    .where(and(eq(outgoingDelivery.id, deliveryId), eq(outgoingDelivery.itemId, itemId)))
    .for('update');
  if (!d) {
    const [unitRow] = await tx
      .select({ id: dispatch.id })
      .from(dispatch)
      .where(and(eq(dispatch.id, deliveryId), eq(dispatch.itemId, itemId)));
    if (unitRow) throw conflict('该单位在本系统内，由其签收，不需登记线下分发');
    throw notFound('分发记录');
  }
  if (d.supersededAt) throw conflict('该记录已被更正或重新分发，请刷新后查看最新回执');
  return { d };
}

/** Marks `d` replaced and writes its successor (the log keeps both). */
async function supersede(tx: Tx, ctx: RequestContext, d: DeliveryRow, next: Partial<DeliveryRow>) {
  await tx.update(outgoingDelivery).set({ supersededAt: ctx.now }).where(eq(outgoingDelivery.id, d.id));
  const id = randomUUID();
  await tx.insert(outgoingDelivery).values({
    id,
    itemId: d.itemId,
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

type OfflineInput = z.output<typeof offlineDeliveryBodySchema>;

function checkOffline(classification: string, input: OfflineInput, now: Date) {
  // 保密法第二十八条: classified carriers never by ordinary post or an open channel.
  if (isStateSecret(classification) && OPEN_CHANNEL_METHODS.includes(input.method)) {
    throw invalid(`本文密级为${classification}，不得通过${input.method}传递；涉密文件应经机要交通、机要通信、机要交换或专人送达`);
  }
  if (input.method === '其他' && !input.note) throw invalid('分发方式为“其他”时，请在备注中说明');
  if (new Date(input.at).getTime() > now.getTime() + 5 * 60_000) throw invalid('送达时间不能晚于当前时间');
}

const offlineFields = (input: OfflineInput, ctx: RequestContext) => ({
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
export async function recordOffline(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  deliveryId: string,
  input: OfflineInput,
) {
  const itemId = base.id;
  const { d } = await senderDelivery(tx, ctx, base, deliveryId);
  checkOffline(base.classification, input, ctx.now);
  const fields = offlineFields(input, ctx);
  if (d.status === 'offline') {
    // The first record is written on the row; after a withdrawal, on a successor so the withdrawal stays.
    const id = d.previousId ? await supersede(tx, ctx, d, { ...fields, correctionReason: null }) : d.id;
    if (id === d.id) await tx.update(outgoingDelivery).set(fields).where(eq(outgoingDelivery.id, d.id));
    await recordEvent(tx, ctx.audit, ctx.now, {
      action: 'outgoing.delivery.recordOffline',
      targetType: 'item',
      targetId: itemId,
      summary: { deliveryId: id, organ: d.organName, method: input.method, at: input.at, by: input.by, note: input.note },
    });
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
export async function withdrawOffline(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  deliveryId: string,
  reason: string,
) {
  const itemId = base.id;
  const { d } = await senderDelivery(tx, ctx, base, deliveryId);
  if (d.status !== 'sentOffline') throw conflict('该记录没有已登记的线下分发');
  const id = await supersede(tx, ctx, d, {
    status: 'offline',
    offlineMethod: null,
    offlineAt: null,
    offlineBy: null,
    offlineNote: null,
    recordedByPersonId: ctx.actor.personId,
    recordedAt: ctx.now,
    correctionReason: reason,
  });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.delivery.withdrawOffline',
    targetType: 'item',
    targetId: itemId,
    summary: {
      deliveryId: id,
      previousId: d.id,
      organ: d.organName,
      before: { method: d.offlineMethod, at: d.offlineAt?.toISOString() ?? null, by: d.offlineBy },
      reason,
    },
  });
  return { id };
}

import type { RequestContext } from '../../platform/context';
import { CLOSED } from '../../platform/flow/states';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import { hasRoleOver, type Actor } from '../../platform/access/actor';
import { assertWithinCeiling, rank } from '../../platform/access/classification';
import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { createItem, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { searchTokens } from '../../platform/search/tokenize';
import { task } from '../../platform/flow/schema';
import { startFlow } from '../../platform/flow/engine';
import { assertMayDeriveFrom, linkDerived } from '../../platform/flow/links';
import { flowView, itemLinks } from '../../platform/flow/view';
import { chinaToday } from '../../platform/workbench/service';
import { docRegister } from '../../platform/numbering/schema';
import { formatDocNo, takeNumber } from '../../platform/numbering/register';
import { heldBy } from '../../platform/flow/holding';
import { person, post, unit } from '../../org/schema';
import type { StepEvent } from '../../platform/modules/registry';
import type { Classification } from '../../../contract/common';
import { draftSchema, type Draft } from '../../../contract/outgoing-draft';
import type { CheckStage, Finding, FindingOverride } from '../../../contract/outgoing-checks';
import { RULES } from '../../../contract/outgoing-checks';
import { changedFields, substantiveChange } from '../../../contract/draft-diff';
import type { createOutgoingBodySchema, outgoingSettingsBodySchema, saveDraftBodySchema } from '../../../contract/outgoing';
import { blockingFindings, checkDraft } from './checks';
import { resolveCheckContext } from './checks/context';
import { EDITING_STEPS, OUTGOING_FLOW } from './flow';
import { outgoingDocument, outgoingVersion, type RecordedOverride } from './schema';
import { beforePrint, copyNoText } from './print-record';
import { deliveriesOf, distribute, distributionPreview } from './deliveries';
import { assertPrincipalSigns, namedSigner, needsPrincipal, principalsOf } from './signing';

export const OUTGOING_KIND = 'outgoing';

type DocRow = typeof outgoingDocument.$inferSelect;
type VersionKind = 'draft' | 'signed' | 'numbered';

/** The item's title: the draft's, or a 纪要's header with its number (中共江州市委常委会议纪要（第3期）) when it has none. */
export const titleOf = (d: Draft) => {
  const own = d.title.trim();
  if (own || d.format !== 'minutes' || !d.headerName) return own || '（未拟标题）';
  const header = d.headerName.endsWith('纪要') ? d.headerName : `${d.headerName}纪要`;
  return d.docNo ? `${header}（${d.docNo}）` : header;
};
const searchWordsOf = (d: Draft, docNo: string | null) => [
  docNo ?? '',
  d.genre,
  ...d.issuers.map((r) => r.name),
  ...d.mainRecipients.map((r) => r.name),
  ...d.attachments.map((a) => a.title),
  ...d.body.slice(0, 50).map((p) => p.text),
];

/** The checks of a draft at a stage, with the overrides on record. */
export async function runChecks(db: Queryable, draft: Draft, stage: CheckStage, overrides: FindingOverride[]) {
  const findings = checkDraft(draft, await resolveCheckContext(db, draft), stage);
  return { findings, blocking: blockingFindings(findings, overrides) };
}

/** The stage a document is at, for its checks: before 签发 drafting rules, then signing, then numbering. */
function stageOf(state: string, doc: DocRow): CheckStage {
  if (doc.docNo || ['print', 'distribute', CLOSED].includes(state)) return 'number';
  if (doc.signedVersion || ['sign', 'recheck', 'resign', 'number'].includes(state)) return 'sign';
  return 'draft';
}

function blocked(what: string, findings: Finding[]): DomainError {
  return invalid(`${what}：${findings.map((f) => `${f.message}（${f.rule}）`).join('；')}`, { findings });
}

async function writeVersion(
  tx: Tx,
  ctx: RequestContext,
  itemId: string,
  no: number,
  kind: VersionKind,
  draft: Draft,
  before: Draft | null,
  step: { key: string | null; name: string },
  note: string | null,
) {
  const changes = changedFields(before, draft);
  await tx.insert(outgoingVersion).values({
    itemId,
    no,
    kind,
    draft,
    stepKey: step.key,
    stepName: step.name,
    personId: ctx.actor.personId,
    personName: ctx.actor.name,
    postTitle: ctx.actor.postTitle,
    note,
    changes,
    createdAt: ctx.now,
  });
  return changes;
}

/** Makes `draft` the document's current version `no`, and the item's title, 密级 and search words follow. */
async function setCurrent(tx: Tx, ctx: RequestContext, itemId: string, no: number, draft: Draft, extra: Partial<DocRow> = {}) {
  await tx
    .update(outgoingDocument)
    .set({ draft, version: no, genre: draft.genre, writtenDate: draft.writtenDate, ...extra })
    .where(eq(outgoingDocument.itemId, itemId));
  const docNo = extra.docNo ?? draft.docNo;
  await tx
    .update(item)
    .set({
      title: titleOf(draft),
      classification: draft.classification,
      secrecyTerm: draft.secrecyTerm,
      urgency: draft.urgency,
      registryNo: docNo ?? null,
      searchTokens: searchTokens(titleOf(draft), ...searchWordsOf(draft, docNo ?? null)),
      updatedAt: ctx.now,
      version: sql`${item.version} + 1`,
    })
    .where(eq(item.id, itemId));
}

async function defaultRegister(db: Queryable, unitId: string, draft: Draft): Promise<string | null> {
  const regs = await db
    .select()
    .from(docRegister)
    .where(and(eq(docRegister.unitId, unitId), isNull(docRegister.disabledAt)))
    .orderBy(asc(docRegister.createdAt));
  const letter = regs.find((r) => r.name.includes('函'));
  const order = regs.find((r) => r.kind === 'order');
  if (draft.genre === '命令（令）' && order) return order.id;
  if (draft.format === 'letter' && letter) return letter.id;
  // A 纪要 in its kind of meeting's own series: the register named as its header after the organ (中共江州市委 +
  // 常委会议纪要); none of another kind's series — without its own, the registrar chooses one.
  if (draft.format === 'minutes') {
    const series = regs.filter((r) => r.name.endsWith('纪要'));
    const own = series.filter((r) => draft.headerName?.endsWith(r.name)).sort((a, b) => b.name.length - a.name.length)[0];
    if (own) return own.id;
  }
  return regs.find((r) => r.kind === 'yearly' && !r.name.includes('函') && !r.name.endsWith('纪要'))?.id ?? regs[0]?.id ?? null;
}

async function assertOwnRegister(db: Queryable, unitId: string, registerId: string) {
  const [reg] = await db
    .select({ unitId: docRegister.unitId, disabledAt: docRegister.disabledAt })
    .from(docRegister)
    .where(eq(docRegister.id, registerId));
  if (!reg || reg.unitId !== unitId) throw invalid('只能使用本单位的文号登记簿');
  if (reg.disabledAt) throw invalid('该文号登记簿已停用');
}

/** Nobody writes a document classified above their own clearance (they could not read it back). */
function assertClearance(actor: Actor, draft: Draft, ceiling: Classification) {
  assertWithinCeiling(draft.classification, ceiling);
  if (rank(draft.classification) > rank(actor.clearance))
    throw forbidden(`文稿密级“${draft.classification}”超出您的涉密等级（${actor.clearance}）`);
}

/** The unit a person drafts for: their current post's; administrators and people without a post draft nothing. */
export function draftingUnitOf(actor: Actor): string {
  if (!actor.unitId || actor.adminRole) throw forbidden('只有在岗人员可以拟稿');
  return actor.unitId;
}

/**
 * 拟稿: the item, its first version, and the flow at 拟稿 with the drafter — from the 发文 pages, or from another
 * module's data through the kernel (`derive.ts`).
 */
export async function createOutgoing(tx: Tx, ctx: RequestContext, input: z.output<typeof createOutgoingBodySchema>) {
  const { actor, ceiling } = ctx;
  const unitId = draftingUnitOf(actor);
  const draft = { ...input.draft, docNo: null, signers: [], writtenDate: null };
  assertClearance(actor, draft, ceiling);
  const registerId = input.registerId ?? (await defaultRegister(tx, unitId, draft));
  if (input.registerId) await assertOwnRegister(tx, unitId, input.registerId);
  if (input.replyTo) await assertMayDeriveFrom(tx, ctx, input.replyTo);
  const itemId = await createItem(tx, ctx, {
    kind: OUTGOING_KIND,
    title: titleOf(draft),
    classification: draft.classification,
    urgency: draft.urgency,
    owningUnitId: unitId,
    owningDepartmentId: actor.departmentId,
    state: 'draft',
    searchText: searchWordsOf(draft, null),
  });
  await tx.update(item).set({ secrecyTerm: draft.secrecyTerm }).where(eq(item.id, itemId));
  await tx.insert(outgoingDocument).values({ itemId, draft, version: 1, registerId, genre: draft.genre, copies: input.copies });
  await writeVersion(tx, ctx, itemId, 1, 'draft', draft, null, { key: 'draft', name: '拟稿' }, input.note);
  // A 复函 and the 来文 it answers show each other.
  if (input.replyTo) await linkDerived(tx, ctx, itemId, input.replyTo, 'replyTo');
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.create',
    targetType: 'item',
    targetId: itemId,
    summary: { title: draft.title, genre: draft.genre, registerId, replyTo: input.replyTo },
  });
  await startFlow(tx, ctx, itemId, OUTGOING_FLOW);
  return { itemId };
}

/** The open tasks the actor holds on the item (own, or as a delegate), with their step keys. */
export async function heldTasks(db: Queryable, actor: Actor, itemId: string) {
  return db
    .select({ id: task.id, stepKey: task.stepKey, step: task.step, assignee: task.assigneePersonId, postId: task.assigneePostId })
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.state, 'open'), isNull(task.dispatchId), heldBy(actor)));
}

export async function loadDoc(tx: Queryable, itemId: string, lock: boolean) {
  const q = tx.select().from(outgoingDocument).where(eq(outgoingDocument.itemId, itemId));
  const [doc] = lock ? await q.for('update') : await q;
  if (!doc) throw notFound('发文');
  return doc;
}

/** A new version of the draft, by the person holding the document at an editing step. */
export async function saveDraft(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: z.output<typeof saveDraftBodySchema>,
) {
  const itemId = base.id;
  const doc = await loadDoc(tx, itemId, true);
  const held = (await heldTasks(tx, ctx.actor, itemId)).filter((t) => t.stepKey && EDITING_STEPS.includes(t.stepKey));
  if (!held.length) throw forbidden('文稿当前不在您手中，不能修改（只有拟稿、核稿、审核、签发、复核环节的办理人可以修改）');
  if (input.baseVersion !== doc.version)
    throw conflict(`文稿已被${await lastEditor(tx, itemId)}保存为第 ${doc.version} 稿，请刷新后在新稿上修改`, {
      currentVersion: doc.version,
    });
  assertClearance(ctx.actor, input.draft, ctx.ceiling);
  // 文号, 签发人 and 成文日期 are given by the process (编号, 签发), not typed.
  const draft: Draft = { ...input.draft, docNo: doc.draft.docNo, signers: doc.draft.signers, writtenDate: doc.draft.writtenDate };
  if (JSON.stringify(draft) === JSON.stringify(doc.draft)) return { version: doc.version, changes: [] as string[] };
  const no = doc.version + 1;
  const changes = await writeVersion(
    tx,
    ctx,
    itemId,
    no,
    'draft',
    draft,
    doc.draft,
    { key: held[0]!.stepKey, name: held[0]!.step },
    input.note,
  );
  await setCurrent(tx, ctx, itemId, no, draft);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.saveDraft',
    targetType: 'item',
    targetId: itemId,
    unitId: base.owningUnitId,
    summary: { version: no, step: held[0]!.stepKey, changes },
  });
  return { version: no, changes };
}

async function lastEditor(tx: Tx, itemId: string) {
  const [v] = await tx
    .select({ name: outgoingVersion.personName })
    .from(outgoingVersion)
    .where(eq(outgoingVersion.itemId, itemId))
    .orderBy(desc(outgoingVersion.no))
    .limit(1);
  return v?.name ?? '他人';
}

/** Registration details: the register to number in and the copies to print; the unit's registrars, before 编号. */
export async function updateSettings(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: z.output<typeof outgoingSettingsBodySchema>,
) {
  const itemId = base.id;
  if (!hasRoleOver(ctx.actor, 'registrar', base.owningUnitId)) throw forbidden('只有本单位的文书人员可以设置文号登记簿和份数');
  const doc = await loadDoc(tx, itemId, true);
  if (input.registerId && input.registerId !== doc.registerId) {
    if (doc.docNo) throw conflict(`已编文号 ${doc.docNo}，不能更换登记簿；如确需更换，请先作废该文号`);
    await assertOwnRegister(tx, base.owningUnitId, input.registerId);
  }
  const set = {
    ...(input.registerId ? { registerId: input.registerId } : {}),
    ...(input.copies ? { copies: input.copies } : {}),
  };
  if (!Object.keys(set).length) return;
  await tx.update(outgoingDocument).set(set).where(eq(outgoingDocument.itemId, itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.settings',
    targetType: 'item',
    targetId: itemId,
    summary: { before: { registerId: doc.registerId, copies: doc.copies }, after: set },
  });
}

/** A warning accepted with a reason, by someone working on the document now (reviewer, signer …). */
export async function addOverride(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, input: FindingOverride) {
  const itemId = base.id;
  const doc = await loadDoc(tx, itemId, true);
  const held = await heldTasks(tx, ctx.actor, itemId);
  if (!held.length) throw forbidden('只有当前办理人可以接受警告');
  const rule = RULES.find((r) => r.id === input.rule);
  if (!rule) throw invalid(`没有规则 ${input.rule}`);
  if (rule.severity === 'error') throw invalid(`${rule.id}（${rule.description}）是错误，须修改文稿，不能忽略`);
  const { findings } = await runChecks(tx, doc.draft, stageOf(base.stateKey, doc), doc.overrides);
  if (
    !findings.some(
      (f) => f.rule === input.rule && (input.path === undefined || JSON.stringify(f.path ?? null) === JSON.stringify(input.path)),
    )
  ) {
    throw invalid(`当前文稿没有 ${input.rule} 警告，无需接受`);
  }
  const recorded: RecordedOverride = { ...input, by: ctx.actor.name, byPersonId: ctx.actor.personId, at: ctx.now.toISOString() };
  await tx
    .update(outgoingDocument)
    .set({ overrides: [...doc.overrides, recorded] })
    .where(eq(outgoingDocument.itemId, itemId));
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.override',
    targetType: 'item',
    targetId: itemId,
    summary: { rule: input.rule, path: input.path ?? null, reason: input.reason },
  });
}

/**
 * 签发人 of an upward document: one leader per issuer, in issuer order (GB/T 9704 §7.2.6), each matched to
 * the issuer their post is in; any not matched follow in the order they were chosen.
 */
async function signerNames(tx: Tx, groupId: string, issuers: Draft['issuers']) {
  const rows = await tx
    .select({ name: person.name, unitId: post.unitId })
    .from(task)
    .innerJoin(person, eq(person.id, task.assigneePersonId))
    .leftJoin(post, eq(post.id, task.assigneePostId))
    .where(and(eq(task.groupId, groupId), inArray(task.state, ['open', 'waiting', 'done'])))
    .orderBy(asc(task.createdAt), asc(task.seq), asc(task.id));
  const left = [...rows];
  const ordered: string[] = [];
  for (const i of issuers) {
    const k = left.findIndex((r) => i.unitId && r.unitId === i.unitId);
    if (k >= 0) ordered.push(left.splice(k, 1)[0]!.name);
  }
  return [...new Set([...ordered, ...left.map((r) => r.name)])];
}

/** The draft as the current 签发 round would sign it (for showing its checks before anyone signs). */
async function asSigned(tx: Tx, itemId: string, draft: Draft, now: Date): Promise<Draft> {
  const [round] = await tx
    .select({ groupId: task.groupId })
    .from(task)
    .where(and(eq(task.itemId, itemId), inArray(task.stepKey, ['sign', 'resign']), inArray(task.state, ['open', 'waiting'])))
    .limit(1);
  const names = round?.groupId ? await signerNames(tx, round.groupId, draft.issuers) : [];
  return {
    ...draft,
    writtenDate: draft.writtenDate ?? chinaToday(now),
    signers: draft.direction === 'up' && names.length ? names.slice(0, draft.issuers.length) : draft.signers,
  };
}

/** 签发 and 复审: the format checks must pass; the last signature freezes the signed version. */
async function beforeSign(tx: Tx, ctx: RequestContext, e: StepEvent) {
  const doc = await loadDoc(tx, e.item.id, true);
  await assertPrincipalSigns(tx, doc.draft, e.task.assigneePostId);
  const names = await signerNames(tx, e.task.groupId!, doc.draft.issuers);
  const today = chinaToday(ctx.now);
  const signed: Draft = {
    ...doc.draft,
    signers: doc.draft.direction === 'up' ? names.slice(0, doc.draft.issuers.length) : [],
    writtenDate: today,
  };
  const { blocking } = await runChecks(tx, signed, 'sign', doc.overrides);
  if (blocking.length) throw blocked('文稿未通过规范性审核，不能签发', blocking);
  if (!e.completesStep) return;
  const no = doc.version + 1;
  await writeVersion(tx, ctx, e.item.id, no, 'signed', signed, doc.draft, { key: e.step.key, name: e.step.name }, null);
  await setCurrent(tx, ctx, e.item.id, no, signed, { signedVersion: no });
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.signed',
    targetType: 'item',
    targetId: e.item.id,
    summary: { version: no, signers: names, writtenDate: today },
  });
}

/** 复核: 复核无误 is refused when the draft changed in substance since signing (条例 Art.25(一)). */
async function beforeRecheck(tx: Tx, e: StepEvent) {
  if (e.decision !== 'ok') return;
  const doc = await loadDoc(tx, e.item.id, false);
  if (!doc.signedVersion) throw invalid('文稿尚未签发');
  const [signed] = await tx
    .select({ draft: outgoingVersion.draft })
    .from(outgoingVersion)
    .where(and(eq(outgoingVersion.itemId, e.item.id), eq(outgoingVersion.no, doc.signedVersion)));
  if (signed && substantiveChange(signed.draft, doc.draft))
    throw invalid('签发后文稿有实质性修改，须送原签发人复审（条例第二十五条）');
}

/** The draft as 编号 makes it: its 文号, and (but for letters) the 印发机关 and 印发日期 unless already set. */
export async function asNumbered(db: Queryable, doc: DocRow, docNo: string, owningUnitId: string, now: Date): Promise<Draft> {
  const [office] = await db.select({ name: unit.name }).from(unit).where(eq(unit.id, owningUnitId));
  return {
    ...doc.draft,
    docNo,
    printedBy: doc.draft.format === 'letter' ? doc.draft.printedBy : (doc.draft.printedBy ?? office?.name ?? null),
    printedDate: doc.draft.format === 'letter' ? doc.draft.printedDate : (doc.draft.printedDate ?? chinaToday(now)),
  };
}

/** 登记编号: the 文号 is taken in this transaction (the one it holds if it came back), then the numbering checks. */
async function beforeNumber(tx: Tx, ctx: RequestContext, e: StepEvent) {
  const doc = await loadDoc(tx, e.item.id, true);
  if (!doc.registerId) throw invalid('请先选择文号登记簿');
  const n = await takeNumber(tx, ctx, doc.registerId, e.item.id);
  const numbered = await asNumbered(tx, doc, n.docNo, e.item.owningUnitId, ctx.now);
  const { blocking } = await runChecks(tx, numbered, 'number', doc.overrides);
  if (blocking.length) throw blocked('文稿不能编号', blocking);
  if (JSON.stringify(numbered) !== JSON.stringify(doc.draft)) {
    const no = doc.version + 1;
    await writeVersion(tx, ctx, e.item.id, no, 'numbered', numbered, doc.draft, { key: e.step.key, name: e.step.name }, null);
    await setCurrent(tx, ctx, e.item.id, no, numbered, { docNo: n.docNo, docNumberId: n.id });
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.numbered',
    targetType: 'item',
    targetId: e.item.id,
    summary: { docNo: n.docNo, kept: n.kept },
  });
}

export async function outgoingBeforeSubmit(tx: Tx, ctx: RequestContext, e: StepEvent) {
  switch (e.step.key) {
    case 'sign':
    case 'resign':
      return beforeSign(tx, ctx, e);
    case 'recheck':
      return beforeRecheck(tx, e);
    case 'number':
      return beforeNumber(tx, ctx, e);
    case 'print':
      return beforePrint(tx, e);
  }
}

export async function outgoingAfterStep(tx: Tx, ctx: RequestContext, e: StepEvent & { finished: boolean }) {
  if (e.step.key === 'distribute' && e.finished) await distribute(tx, ctx, e);
}

/** The document page: the current draft, its checks, versions, the flow, distribution receipts. */
export async function getOutgoing(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const { actor, now, ceiling } = ctx;
  const itemId = base.id;
  const doc = await loadDoc(tx, itemId, false);
  const flowPart = await flowView(tx, actor, itemId, now);
  const stage = stageOf(base.stateKey, doc);
  // Before the last signature, the draft is checked as it will be signed: dated today, with its 签发人.
  const signing = stage === 'sign' && !doc.signedVersion ? await asSigned(tx, itemId, doc.draft, now) : doc.draft;
  const checks = await runChecks(tx, signing, stage, doc.overrides);
  const versions = await tx
    .select()
    .from(outgoingVersion)
    .where(eq(outgoingVersion.itemId, itemId))
    .orderBy(asc(outgoingVersion.no));
  const signed = doc.signedVersion ? versions.find((v) => v.no === doc.signedVersion) : undefined;
  const [reg] = doc.registerId ? await tx.select().from(docRegister).where(eq(docRegister.id, doc.registerId)) : [];
  const [drafter] = await tx
    .select({ name: person.name })
    .from(item)
    .innerJoin(person, eq(person.id, item.createdBy))
    .where(eq(item.id, itemId));
  const held = await heldTasks(tx, actor, itemId);
  const deliveries = await deliveriesOf(tx, itemId, doc.draft);
  const canManageDeliveries = hasRoleOver(actor, 'registrar', base.owningUnitId);
  const year = Number(chinaToday(now).slice(0, 4));
  return {
    item: base,
    document: {
      draft: doc.draft,
      version: doc.version,
      signedVersion: doc.signedVersion,
      changedSinceSigning: signed ? substantiveChange(signed.draft, doc.draft) : false,
      docNo: doc.docNo,
      register: reg ? { id: reg.id, name: reg.name, example: formatDocNo(reg, year, 1) } : null,
      copies: doc.copies,
      print:
        doc.printCount === null
          ? null
          : { count: doc.printCount, copyNoFrom: copyNoText(doc.copyNoFrom), copyNoTo: copyNoText(doc.copyNoTo) },
      drafterName: drafter?.name ?? '',
      overrides: doc.overrides.map(({ byPersonId: _p, ...o }) => o),
    },
    checks: { stage, ...checks },
    signing: {
      named: await namedSigner(tx, doc),
      principalRequired: needsPrincipal(doc.draft),
      principals: await principalsOf(tx, doc.draft),
    },
    canEdit: held.some((t) => t.stepKey && EDITING_STEPS.includes(t.stepKey)),
    canRegister: hasRoleOver(actor, 'registrar', base.owningUnitId) && base.stateKey !== CLOSED && !base.closedAt,
    versions: versions.map((v) => ({
      no: v.no,
      kind: v.kind,
      stepName: v.stepName,
      personName: v.personName,
      postTitle: v.postTitle,
      note: v.note,
      changes: v.changes,
      createdAt: v.createdAt.toISOString(),
    })),
    deliveries: deliveries.receipts,
    deliveryLog: deliveries.log,
    canManageDeliveries,
    // Before 核发, who the system reaches and who must be reached outside it (shown where 核发 is done).
    distribution: base.closedAt ? null : await distributionPreview(tx, doc.draft, base.owningUnitId),
    ...flowPart,
    links: await itemLinks(tx, itemId, actor, ceiling),
  };
}

/** One version with its draft (for comparison and for the 清稿 of an earlier version). */
export async function getVersion(tx: Tx, base: Authorized<ItemView>, no: number) {
  const itemId = base.id;
  const [v] = await tx
    .select()
    .from(outgoingVersion)
    .where(and(eq(outgoingVersion.itemId, itemId), eq(outgoingVersion.no, no)));
  if (!v) throw notFound(`第 ${no} 稿`);
  return {
    no: v.no,
    kind: v.kind,
    stepName: v.stepName,
    personName: v.personName,
    postTitle: v.postTitle,
    note: v.note,
    changes: v.changes,
    createdAt: v.createdAt.toISOString(),
    draft: draftSchema.parse(v.draft),
  };
}

/** The draft of the current or a given version, for output (.docx, PDF). */
export async function draftForOutput(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, version: number | undefined) {
  const { audit, now } = ctx;
  const itemId = base.id;
  if (base.kind !== OUTGOING_KIND) throw notFound('发文');
  const doc = await loadDoc(tx, itemId, false);
  const draft = version && version !== doc.version ? (await getVersion(tx, base, version)).draft : doc.draft;
  await recordEvent(tx, audit, now, {
    action: 'outgoing.export',
    targetType: 'item',
    targetId: itemId,
    summary: { version: version ?? doc.version },
  });
  return { draft, docNo: doc.docNo, title: titleOf(draft), version: version ?? doc.version };
}

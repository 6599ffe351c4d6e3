import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { rank } from '../../platform/access/classification';
import { invalid } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { person, unit } from '../../org/schema';
import { outgoingDraftSeedSchema, type OutgoingDraftSeed } from '../../../contract/outgoing';
import { directionOf, draftSchema, type Draft, type OrganRef } from '../../../contract/outgoing-draft';
import { levelLookedLike } from './checks/text';
import { createOutgoing, draftingUnitOf } from './service';
import { outgoingDocument } from './schema';

// A 发文 draft opened from another module's data (a 督查通报 from the 督办 records of a period), through the kernel
// (`deriveItem`), so that module does not import this one. It is the draft a person would start in the 发文 pages —
// the same defaults, the same 拟稿 — and is then theirs to edit there. Only code calls it: no `derivedOnRequest`.

/** 主送 by name, as the editor's picker takes a name typed out: the unit of that full or short name, else an outside organ. */
async function organsNamed(db: Queryable, names: string[]): Promise<OrganRef[]> {
  const units = names.length
    ? await db
        .select({ id: unit.id, name: unit.name, shortName: unit.shortName })
        .from(unit)
        .where(and(isNull(unit.disabledAt), or(inArray(unit.name, names), inArray(unit.shortName, names))))
    : [];
  return names.map((name) => {
    const u = units.find((x) => x.name === name) ?? units.find((x) => x.shortName === name);
    if (u) return { name: u.name, unitId: u.id, kind: 'organ' };
    // A name beginning with 各 ("each …") names a class of organs, e.g. 各县（市、区）委.
    return { name, unitId: null, kind: name.startsWith('各') ? 'class' : 'organ' };
  });
}

/**
 * The draft as the 发文 pages start one (`web/pages/outgoing/draft-state.ts newDraft`): the drafter's unit the issuer
 * and signature, the 文种's usual direction, the rest the draft's defaults; the text as pasted into the editor —
 * blank lines dropped, a line that starts like a heading made one.
 */
async function draftOf(db: Queryable, unitId: string, seed: OutgoingDraftSeed): Promise<Draft> {
  const [own] = await db.select({ name: unit.name }).from(unit).where(eq(unit.id, unitId));
  if (!own) throw new Error(`unit ${unitId} of the actor's post not found`);
  const issuer: OrganRef = { name: own.name, unitId, kind: 'organ' };
  const minutes = seed.format === 'minutes';
  return draftSchema.parse({
    format: seed.format,
    genre: seed.genre,
    direction: directionOf(seed.genre),
    issuers: [issuer],
    headerName: seed.headerName,
    // A 纪要 names no issuer under its text and bears no seal (GB/T 9704 §10.3).
    signatureNames: minutes ? [] : [issuer.name],
    sealed: !minutes,
    attendance: seed.attendance,
    classification: seed.classification,
    title: seed.title,
    mainRecipients: await organsNamed(db, seed.mainRecipients),
    body: seed.body.filter((text) => text.trim()).map((text) => ({ level: levelLookedLike(text) ?? 0, text })),
  });
}

/** `ModuleDef.derive`: a 发文 draft at 拟稿, held by the actor, from `fields` (`outgoingDraftSeedSchema`). */
export async function deriveOutgoing(
  tx: Tx,
  ctx: RequestContext,
  input: { source: Authorized<ItemView, 'read' | 'issued'> | null; fields: unknown },
) {
  const parsed = outgoingDraftSeedSchema.safeParse(input.fields);
  if (!parsed.success) throw invalid(parsed.error.issues.map((x) => x.message).join('；'));
  // What quotes a document is marked at least as that document is.
  if (input.source && rank(parsed.data.classification) < rank(input.source.classification))
    throw invalid(`文稿的密级不能低于来源文件的密级“${input.source.classification}”`);
  const draft = await draftOf(tx, draftingUnitOf(ctx.actor), parsed.data);
  const signer = parsed.data.signer;
  if (signer) {
    const [known] = await tx.select({ id: person.id }).from(person).where(eq(person.id, signer.personId));
    if (!known) throw invalid('所指定的签发人不存在');
  }
  const { itemId } = await createOutgoing(tx, ctx, { draft, registerId: null, copies: 1, note: null, replyTo: null });
  if (signer) {
    // Named, not assigned: 审核 offers them first and may still send the draft to another leader.
    await tx
      .update(outgoingDocument)
      .set({ namedSignerPersonId: signer.personId, namedSignerReason: signer.reason })
      .where(eq(outgoingDocument.itemId, itemId));
  }
  return { itemId, registryNo: null };
}

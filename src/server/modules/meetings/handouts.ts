import { randomUUID } from 'node:crypto';
import { item } from '../../platform/items/schema';
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { rank } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors';
import { grantItemAccess, type Authorized, type ItemView } from '../../platform/items/service';
import { registrarsOf } from '../../platform/flow/resolve';
import { notifyPeople } from '../../platform/notify/service';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { loadMeeting, plansFor } from './meetings';
import { isClassified, materialOf, participantsOf } from './materials';
import { meeting, meetingHandout, meetingMaterial } from './schema';
import { refuseCancelled } from './cancelled';

// 涉密会议的材料分发登记 (issue 17 item 9, DOMAIN §11.8): in a meeting of 秘密 and above, each classified material goes
// out as numbered copies (份号) to named attendees, each copy signed for (by its holder, or recorded by the staff who saw
// the signature) and retrieved against the list afterwards. While a copy is out the meeting is not closed; a lost
// copy is reported at once — recorded, audited, and told to the office's registrars (no business role for 保密 people
// exists in the organisation, so they are the ones told).

const holder = alias(person, 'holder');
const hander = alias(person, 'hander');
const signer = alias(person, 'signer');
const receiver = alias(person, 'receiver');

async function copies(tx: Tx, meetingItemId: string) {
  return tx
    .select({
      h: meetingHandout,
      title: meetingMaterial.title,
      classification: meetingMaterial.classification,
      holder: holder.name,
      hander: hander.name,
      signer: signer.name,
      receiver: receiver.name,
    })
    .from(meetingHandout)
    .innerJoin(meetingMaterial, eq(meetingMaterial.id, meetingHandout.materialId))
    .innerJoin(holder, eq(holder.id, meetingHandout.holderPersonId))
    .innerJoin(hander, eq(hander.id, meetingHandout.handedByPersonId))
    .leftJoin(signer, eq(signer.id, meetingHandout.signedByPersonId))
    .leftJoin(receiver, eq(receiver.id, meetingHandout.receivedByPersonId))
    .where(eq(meetingMaterial.meetingItemId, meetingItemId))
    .orderBy(asc(meetingMaterial.submittedAt), asc(meetingMaterial.title), asc(meetingHandout.copyNo));
}

/** The register: the office sees every copy; an attendee their own. */
export async function listHandouts(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  const office = plansFor(ctx, m.officeUnitId);
  const rows = await copies(tx, m.itemId);
  const me = ctx.actor.personId;
  return {
    classified: isClassified(base.classification),
    mayManage: office && !base.closedAt,
    holders: office ? (await participantsOf(tx, m.itemId)).map(({ id, name }) => ({ id, name })) : [],
    items: rows
      .filter((r) => office || r.h.holderPersonId === me)
      .map((r) => ({
        id: r.h.id,
        materialId: r.h.materialId,
        materialTitle: r.title,
        classification: r.classification,
        copyNo: r.h.copyNo,
        holder: { id: r.h.holderPersonId, name: r.holder },
        handedAt: r.h.handedAt.toISOString(),
        handedBy: { id: r.h.handedByPersonId, name: r.hander },
        signedAt: r.h.signedAt?.toISOString() ?? null,
        signedBy: r.h.signedByPersonId ? { id: r.h.signedByPersonId, name: r.signer ?? '' } : null,
        returnedAt: r.h.returnedAt?.toISOString() ?? null,
        receivedBy: r.h.receivedByPersonId ? { id: r.h.receivedByPersonId, name: r.receiver ?? '' } : null,
        lostAt: r.h.lostAt?.toISOString() ?? null,
        lostReason: r.h.lostReason,
        maySign: r.h.holderPersonId === me && !r.h.signedAt && !r.h.returnedAt && !r.h.lostAt && !base.closedAt,
        // A copy out — signed for or not — may be reported lost by its holder at any time.
        mayReportLost: r.h.holderPersonId === me && !r.h.returnedAt && !r.h.lostAt,
      })),
  };
}

/**
 * 发放: numbered copies of a classified material to attendees of the meeting cleared for it, numbered on from the last
 * copy of that material (第1份, 第2份 …), each a line of the register waiting for its holder's signature.
 */
export async function handOut(
  tx: Tx,
  ctx: RequestContext,
  base: Authorized<ItemView>,
  input: { materialId: string; holderPersonIds: string[] },
) {
  const m = await loadMeeting(tx, base);
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以发放涉密材料');
  // The item's row, locked as closing the meeting locks it: a copy handed out and the close cannot cross.
  const [now] = await tx.select({ closedAt: item.closedAt }).from(item).where(eq(item.id, base.id)).for('update');
  refuseCancelled(m);
  if (base.closedAt || now?.closedAt) throw conflict('会议已结束');
  const mt = await materialOf(tx, m.itemId, input.materialId);
  // Two hand-outs of one material number in turn.
  await tx.select({ id: meetingMaterial.id }).from(meetingMaterial).where(eq(meetingMaterial.id, mt.id)).for('update');
  if (!isClassified(base.classification) || !isClassified(mt.classification))
    throw invalid('只有涉密会议（秘密及以上）的涉密材料按份号发放登记');
  const people = new Map((await participantsOf(tx, m.itemId)).map((p) => [p.id, p]));
  for (const id of input.holderPersonIds) {
    const p = people.get(id);
    if (!p) throw invalid('领取人须为本次会议的参会人员');
    if (rank(p.clearance as Classification) < rank(mt.classification))
      throw invalid(`${p.name}的涉密等级低于材料密级“${mt.classification}”，不能领取`);
  }
  const [last] = await tx
    .select({ n: max(meetingHandout.copyNo) })
    .from(meetingHandout)
    .where(eq(meetingHandout.materialId, mt.id));
  let copyNo = Number(last?.n ?? 0);
  const made = input.holderPersonIds.map((holderPersonId) => ({
    id: randomUUID(),
    materialId: mt.id,
    copyNo: ++copyNo,
    holderPersonId,
    handedAt: ctx.now,
    handedByPersonId: ctx.actor.personId,
  }));
  await tx.insert(meetingHandout).values(made);
  // A holder reads the meeting (and so their copy's line of the register, to sign for it).
  for (const id of new Set(input.holderPersonIds))
    await grantItemAccess(tx, m.itemId, { type: 'person', id }, '涉密材料领取人', ctx.audit, ctx.now);
  await notifyPeople(
    tx,
    made
      .filter((h) => h.holderPersonId !== ctx.actor.personId)
      .map((h) => ({
        personId: h.holderPersonId,
        kind: 'task' as const,
        message: `${base.title}：您领取了涉密材料《${mt.title}》第${h.copyNo}份，请签收，会后交回`,
        itemId: m.itemId,
        fromPersonId: ctx.actor.personId,
      })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.handout.issue',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { materialId: mt.id, copies: made.map((h) => ({ copyNo: h.copyNo, holderPersonId: h.holderPersonId })) },
  });
  return { copies: made.map((h) => ({ id: h.id, copyNo: h.copyNo })) };
}

async function lineOf(tx: Tx, m: typeof meeting.$inferSelect, handoutId: string) {
  const [r] = await tx
    .select({ h: meetingHandout, title: meetingMaterial.title })
    .from(meetingHandout)
    .innerJoin(meetingMaterial, eq(meetingMaterial.id, meetingHandout.materialId))
    .where(and(eq(meetingHandout.id, handoutId), eq(meetingMaterial.meetingItemId, m.itemId)))
    .for('update');
  if (!r) throw notFound('分发登记');
  return r;
}

export type HandoutAct = 'sign' | 'return';

/**
 * 签收 (the holder, or the office recording the holder's signature) and 收回 (the office, against the list). A copy
 * returned or reported lost takes neither.
 */
export async function actOnCopy(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, handoutId: string, act: HandoutAct) {
  const m = await loadMeeting(tx, base);
  const { h, title } = await lineOf(tx, m, handoutId);
  const office = plansFor(ctx, m.officeUnitId);
  const me = ctx.actor.personId;
  if (base.closedAt) throw conflict('会议已结束');
  if (h.returnedAt) throw conflict(`《${title}》第${h.copyNo}份已收回`);
  if (h.lostAt) throw conflict(`《${title}》第${h.copyNo}份已报告丢失`);
  if (act === 'sign') {
    if (!office && h.holderPersonId !== me) throw forbidden('只有领取人本人或会务人员可以登记签收');
    if (h.signedAt) throw conflict(`《${title}》第${h.copyNo}份已签收`);
    await tx.update(meetingHandout).set({ signedAt: ctx.now, signedByPersonId: me }).where(eq(meetingHandout.id, h.id));
  } else {
    if (!office) throw forbidden('只有本办公厅（室）的登记人员可以收回涉密材料');
    await tx.update(meetingHandout).set({ returnedAt: ctx.now, receivedByPersonId: me }).where(eq(meetingHandout.id, h.id));
  }
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: act === 'sign' ? 'meetings.handout.sign' : 'meetings.handout.return',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: {
      handoutId: h.id,
      materialId: h.materialId,
      copyNo: h.copyNo,
      holderPersonId: h.holderPersonId,
      byHolder: me === h.holderPersonId,
    },
  });
}

/** 报告丢失: by its holder or the office; recorded and audited, and the office's registrars are told at once. */
export async function reportLost(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>, handoutId: string, reason: string) {
  const m = await loadMeeting(tx, base);
  const { h, title } = await lineOf(tx, m, handoutId);
  const me = ctx.actor.personId;
  if (!plansFor(ctx, m.officeUnitId) && h.holderPersonId !== me) throw forbidden('只有领取人本人或会务人员可以报告丢失');
  if (h.returnedAt) throw conflict(`《${title}》第${h.copyNo}份已收回`);
  if (h.lostAt) throw conflict(`《${title}》第${h.copyNo}份已报告丢失`);
  await tx
    .update(meetingHandout)
    .set({ lostAt: ctx.now, lostReportedByPersonId: me, lostReason: reason })
    .where(eq(meetingHandout.id, h.id));
  const [who] = await tx.select({ name: person.name }).from(person).where(eq(person.id, h.holderPersonId));
  await notifyPeople(
    tx,
    (await registrarsOf(tx, m.officeUnitId))
      .filter((r) => r.personId !== me)
      .map((r) => ({
        personId: r.personId,
        kind: 'security' as const,
        message: `${base.title}：涉密材料《${title}》第${h.copyNo}份（领取人 ${who?.name ?? ''}）报告丢失：${reason}`,
        itemId: m.itemId,
        fromPersonId: me,
      })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.handout.lost',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { handoutId: h.id, materialId: h.materialId, copyNo: h.copyNo, holderPersonId: h.holderPersonId, reason },
  });
}

/**
 * Called before the meeting is closed (the `hold` step's submit): every numbered copy is back (or its loss reported);
 * otherwise a refusal naming each copy still out and its holder.
 */
export async function assertCopiesIn(tx: Tx, meetingItemId: string, what = '结束会议') {
  const out = await tx
    .select({ title: meetingMaterial.title, copyNo: meetingHandout.copyNo, holder: person.name })
    .from(meetingHandout)
    .innerJoin(meetingMaterial, eq(meetingMaterial.id, meetingHandout.materialId))
    .innerJoin(person, eq(person.id, meetingHandout.holderPersonId))
    .where(
      and(eq(meetingMaterial.meetingItemId, meetingItemId), isNull(meetingHandout.returnedAt), isNull(meetingHandout.lostAt)),
    )
    .orderBy(asc(meetingMaterial.submittedAt), asc(meetingHandout.copyNo));
  if (out.length)
    throw conflict(
      `涉密材料尚未全部收回，不能${what}：${out.map((o) => `《${o.title}》第${o.copyNo}份（${o.holder}）`).join('、')}`,
    );
}

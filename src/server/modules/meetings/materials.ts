import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { assertWithinCeiling, rank, titleFor } from '../../platform/access/classification';
import { recordEvent } from '../../platform/audit/service';
import { conflict, forbidden, hiddenFrom, invalid, notFound } from '../../platform/errors';
import { can } from '../../platform/access/policy';
import { attachGuardedFile, getFile, openGuardedFile } from '../../platform/files/service';
import { file, itemFile } from '../../platform/files/schema';
import { grantItemAccess, loadForPolicy, readItem, type Authorized, type ItemView } from '../../platform/items/service';
import { item } from '../../platform/items/schema';
import { notifyPeople } from '../../platform/notify/service';
import { chinaToday } from '../../platform/workbench/service';
import { person, unit } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import type { AddMaterial } from '../../../contract/meetings-materials';
import { kindOf } from './kinds';
import { loadMeeting, plansFor } from './meetings';
import { withdrawnPeople } from './notice';
import { meeting, meetingAgendaItem, meetingHandout, meetingMaterial, meetingParticipant, meetingTopic } from './schema';
import { refuseCancelled } from './cancelled';

// 会议材料 (issue 17 item 3, DOMAIN §11.2 deadlines): the office's registrars and the reporting (or proposing) unit of an
// agenda topic submit the meeting's materials, each a file of the kernel's store put on the meeting item (`item_file`)
// in a role the module guards: the kernel's file routes neither list nor serve it to the meeting's readers, this module
// does (`openMaterial`) — to an attendee once distributed, and a classified one only to the holder of a numbered copy
// signed for (handouts.ts). A material is due by the kind's `materialsBeforeDays` calendar days before the meeting day
// (by the end of that Beijing day); one submitted later is flagged 逾期. The office distributes them (分发) to the
// attendees before the meeting.

/** The role a material has among the meeting item's files: guarded (module.ts `guardedFileRoles`). */
export const MATERIAL_FILE_ROLE = '会议材料';

/** 秘密 and above: a classified meeting's classified materials go out as numbered copies (handouts.ts). */
export const isClassified = (c: Classification) => rank(c) >= rank('秘密');

/** The last day materials are on time: the meeting's Beijing day less the kind's days (calendar days). */
async function dueOn(tx: Tx, m: typeof meeting.$inferSelect) {
  const day = chinaToday(m.startsAt);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (await kindOf(tx, m.officeUnitId, m.meetingKind)).deadlines.materialsBeforeDays);
  return d.toISOString().slice(0, 10);
}

/** The topics on the meeting's agenda (not refused) the actor's unit reports or proposed. */
async function topicsOfUnit(tx: Tx, meetingItemId: string, unitId: string | null) {
  if (!unitId) return [];
  const rows = await tx
    .select({
      id: meetingAgendaItem.topicItemId,
      reporting: meetingAgendaItem.reportingUnitId,
      proposer: meetingTopic.proposerUnitId,
    })
    .from(meetingAgendaItem)
    .innerJoin(meetingTopic, eq(meetingTopic.itemId, meetingAgendaItem.topicItemId))
    .where(and(eq(meetingAgendaItem.meetingItemId, meetingItemId), ne(meetingAgendaItem.state, 'refused')));
  return rows.filter((r) => r.reporting === unitId || r.proposer === unitId).map((r) => r.id);
}

/**
 * 提交会议材料: the office's registrars (for a topic or the whole meeting), or the people of a topic's reporting or
 * proposing unit for that topic — who reach it through the topic they read (`topicItemId`), not the meeting. The file is
 * one the submitter may read (their own upload), of a 密级 not above the meeting's nor the deployment's ceiling.
 */
export async function addMaterial(tx: Tx, ctx: RequestContext, meetingItemId: string, input: AddMaterial) {
  const { actor, now } = ctx;
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, meetingItemId)).for('update');
  if (!m) throw notFound('会议');
  const office = plansFor(ctx, m.officeUnitId);
  // The office reads the meeting; a reporting unit shows its right through the topic (404 if it cannot read it).
  const base = office ? await readItem(tx, ctx, meetingItemId) : null;
  if (input.topicItemId) {
    const topic = await readItem(tx, ctx, input.topicItemId);
    const [onAgenda] = await tx
      .select({ id: meetingAgendaItem.id })
      .from(meetingAgendaItem)
      .where(
        and(
          eq(meetingAgendaItem.meetingItemId, m.itemId),
          eq(meetingAgendaItem.topicItemId, topic.id),
          ne(meetingAgendaItem.state, 'refused'),
        ),
      );
    if (!onAgenda) throw invalid('该议题不在本次会议的议程中');
    if (!office && !(await topicsOfUnit(tx, m.itemId, ctx.actor.unitId)).includes(topic.id))
      throw forbidden('只有本办公厅（室）的登记人员或议题汇报单位的人员可以提交会议材料');
  } else if (!office) throw forbidden('只有本办公厅（室）的登记人员可以提交全会通用的会议材料');
  const [it] = await tx
    .select({ classification: item.classification, closedAt: item.closedAt })
    .from(item)
    .where(eq(item.id, m.itemId));
  refuseCancelled(m);
  if (it!.closedAt) throw conflict('会议已结束，不能再提交材料');
  const meetingClass = (base?.classification ?? it!.classification) as Classification;
  const f = await getFile(tx, ctx, input.fileId);
  // The submitter's own upload, on no item yet: a file of another item would reach the meeting's readers through it.
  const [own] = await tx.select({ by: file.uploadedBy }).from(file).where(eq(file.id, f.id));
  const [elsewhere] = await tx.select({ id: itemFile.id }).from(itemFile).where(eq(itemFile.fileId, f.id)).limit(1);
  if (own?.by !== actor.personId || elsewhere)
    throw invalid('请上传材料文件后提交（只能提交本人新上传、尚未用于其他事项的文件）');
  assertWithinCeiling(f.classification, ctx.ceiling);
  if (rank(f.classification) > rank(meetingClass))
    throw invalid(`材料密级“${f.classification}”高于会议密级“${meetingClass}”，不能提交`);
  // On the meeting item in the guarded role, through the kernel (which checks the file again and records the addition);
  // the meeting row's lock above keeps the order.
  const { id: itemFileId } = await attachGuardedFile(tx, ctx, m.itemId, { fileId: f.id, role: MATERIAL_FILE_ROLE });
  const due = await dueOn(tx, m);
  const late = chinaToday(now) > due;
  const id = randomUUID();
  await tx.insert(meetingMaterial).values({
    id,
    meetingItemId: m.itemId,
    topicItemId: input.topicItemId,
    title: input.title,
    classification: f.classification,
    fileId: f.id,
    itemFileId,
    submittedByPersonId: actor.personId,
    submittedByUnitId: actor.unitId!,
    submittedAt: now,
    dueOn: due,
    late,
  });
  await recordEvent(tx, ctx.audit, now, {
    action: 'meetings.material.add',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { materialId: id, fileId: f.id, sm3: f.sm3, classification: f.classification, topicItemId: input.topicItemId, late },
  });
  return { id, late, dueOn: due };
}

const submitter = person;

/** A material as its read rule sees it (a row of `materialRows`). */
interface MaterialSeen {
  id: string;
  classification: Classification;
  topic: { id: string } | null;
  submittedBy: { id: string };
  submittedByUnit: { id: string };
  distributedAt: string | null;
  numberedCopies: boolean;
}

/**
 * Who reads a material's file — through this module alone (`openMaterial`: its role is guarded, so the kernel's file
 * routes give it to nobody by way of the meeting): its submitter; the office's registrars; the people of the submitting
 * unit who read its topic; and a reader of the meeting once it is distributed — a numbered-copy material (classified, in
 * a classified meeting) only while they hold a copy signed for and neither returned nor reported lost. Never above
 * the reader's clearance. `copy`: they would, with a copy.
 */
async function materialReader(tx: Tx, ctx: RequestContext, m: typeof meeting.$inferSelect) {
  const { actor } = ctx;
  const reads = async (id: string) => {
    const found = await loadForPolicy(tx, actor, id);
    return found !== null && can(actor, 'read', 'item', found.resource);
  };
  const readsMeeting = await reads(m.itemId);
  const office = readsMeeting && plansFor(ctx, m.officeUnitId);
  const held = await tx
    .select({ id: meetingHandout.materialId })
    .from(meetingHandout)
    .innerJoin(meetingMaterial, eq(meetingMaterial.id, meetingHandout.materialId))
    .where(
      and(
        eq(meetingMaterial.meetingItemId, m.itemId),
        eq(meetingHandout.holderPersonId, actor.personId),
        isNotNull(meetingHandout.signedAt),
        isNull(meetingHandout.returnedAt),
        isNull(meetingHandout.lostAt),
      ),
    );
  const copies = new Set(held.map((h) => h.id));
  const topics = new Set<string>();
  for (const id of await topicsOfUnit(tx, m.itemId, actor.unitId)) if (await reads(id)) topics.add(id);
  const cleared = rank(actor.clearance);
  return (mt: MaterialSeen): 'read' | 'copy' | null => {
    if (rank(mt.classification) > cleared) return null;
    if (mt.submittedBy.id === actor.personId || office) return 'read';
    if (mt.topic && mt.submittedByUnit.id === actor.unitId && topics.has(mt.topic.id)) return 'read';
    if (!readsMeeting || !mt.distributedAt) return null;
    return !mt.numberedCopies || copies.has(mt.id) ? 'read' : 'copy';
  };
}

/**
 * 下载会议材料: the file of a material, to whoever `materialReader` lets read it (the read recorded by the kernel as a
 * classified download is); a holder without a signed copy is told to sign for one, anyone else learns nothing.
 */
export async function openMaterial(
  tx: Tx,
  ctx: RequestContext,
  meetingItemId: string,
  materialId: string,
  opts: { record: boolean },
) {
  const [m] = await tx.select().from(meeting).where(eq(meeting.itemId, meetingItemId));
  if (!m) throw notFound('会议材料');
  const [it] = await tx.select({ classification: item.classification }).from(item).where(eq(item.id, m.itemId));
  const mt = (await materialRows(tx, m, isClassified(it!.classification as Classification))).find((r) => r.id === materialId);
  if (!mt) throw notFound('会议材料');
  const may = (await materialReader(tx, ctx, m))(mt);
  if (may === 'copy') throw forbidden('涉密材料按份号发放：请先签收您领取的份号后阅读（已收回或报告丢失的份号不能再阅读）');
  if (may !== 'read') throw hiddenFrom('会议材料');
  return openGuardedFile(tx, ctx, m.itemId, mt.fileId, opts);
}

async function materialRows(tx: Tx, m: typeof meeting.$inferSelect, classified: boolean) {
  const rows = await tx
    .select({ mt: meetingMaterial, fileName: file.name, by: submitter.name, unitName: unit.name, topicTitle: item.title })
    .from(meetingMaterial)
    .innerJoin(file, eq(file.id, meetingMaterial.fileId))
    .innerJoin(itemFile, eq(itemFile.id, meetingMaterial.itemFileId))
    .innerJoin(submitter, eq(submitter.id, meetingMaterial.submittedByPersonId))
    .innerJoin(unit, eq(unit.id, meetingMaterial.submittedByUnitId))
    .leftJoin(item, eq(item.id, meetingMaterial.topicItemId))
    .where(eq(meetingMaterial.meetingItemId, m.itemId))
    // In the order submitted: the files' ordinal on the meeting item counts on under the meeting row's lock.
    .orderBy(asc(itemFile.ordinal));
  return rows.map((r) => ({
    id: r.mt.id,
    title: r.mt.title,
    classification: r.mt.classification,
    fileId: r.mt.fileId,
    fileName: r.fileName,
    topic: r.mt.topicItemId ? { id: r.mt.topicItemId, title: r.topicTitle ?? '' } : null,
    submittedBy: { id: r.mt.submittedByPersonId, name: r.by },
    submittedByUnit: { id: r.mt.submittedByUnitId, name: r.unitName },
    submittedAt: r.mt.submittedAt.toISOString(),
    dueOn: r.mt.dueOn,
    late: r.mt.late,
    distributedAt: r.mt.distributedAt?.toISOString() ?? null,
    numberedCopies: classified && isClassified(r.mt.classification),
  }));
}

/**
 * The meeting's materials as its reader may see them: all of them for the office's registrars; for an attendee, those
 * distributed, and for a submitting unit its own.
 */
export async function listMaterials(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  const office = plansFor(ctx, m.officeUnitId);
  const all = await materialRows(tx, m, isClassified(base.classification));
  const mine = office ? [] : await topicsOfUnit(tx, m.itemId, ctx.actor.unitId);
  const topics = await tx
    .select({ id: meetingAgendaItem.topicItemId, title: item.title, position: meetingAgendaItem.position })
    .from(meetingAgendaItem)
    .innerJoin(item, eq(item.id, meetingAgendaItem.topicItemId))
    .where(and(eq(meetingAgendaItem.meetingItemId, m.itemId), ne(meetingAgendaItem.state, 'refused')))
    .orderBy(asc(meetingAgendaItem.position));
  const open = !base.closedAt;
  const may = await materialReader(tx, ctx, m);
  const shown = office ? all : all.filter((r) => r.distributedAt !== null || r.submittedByUnit.id === ctx.actor.unitId);
  return {
    dueOn: await dueOn(tx, m),
    beforeDays: (await kindOf(tx, m.officeUnitId, m.meetingKind)).deadlines.materialsBeforeDays,
    mayAdd: open && (office || mine.length > 0),
    mayManage: office && open,
    topics: topics.filter((t) => office || mine.includes(t.id)).map(({ id, title }) => ({ id, title })),
    items: shown.map((r) => ({ ...r, mayDownload: may(r) === 'read' })),
  };
}

/** The materials a topic's readers see on its page (its unit's people): the meeting it is on and what its unit sent. */
export async function topicMaterials(tx: Tx, ctx: RequestContext, topic: Authorized<ItemView>) {
  const [on] = await tx
    .select({ m: meeting, title: item.title, classification: item.classification, closedAt: item.closedAt })
    .from(meetingAgendaItem)
    .innerJoin(meeting, eq(meeting.itemId, meetingAgendaItem.meetingItemId))
    .innerJoin(item, eq(item.id, meeting.itemId))
    .where(and(eq(meetingAgendaItem.topicItemId, topic.id), inArray(meetingAgendaItem.state, ['planned', 'pending'])));
  if (!on) return { meeting: null, dueOn: null, mayAdd: false, items: [] };
  const mine = await topicsOfUnit(tx, on.m.itemId, ctx.actor.unitId);
  const office = plansFor(ctx, on.m.officeUnitId);
  const rows = await materialRows(tx, on.m, isClassified(on.classification as Classification));
  // The topic's reader may be cleared below the meeting's 密级: its name (and materials above them) withheld.
  const cleared = rank(ctx.actor.clearance);
  const may = await materialReader(tx, ctx, on.m);
  return {
    meeting: {
      id: on.m.itemId,
      title: titleFor(ctx.actor, on.classification as Classification, on.title),
      startsAt: on.m.startsAt.toISOString(),
    },
    dueOn: await dueOn(tx, on.m),
    mayAdd: !on.closedAt && (office || mine.includes(topic.id)),
    items: rows
      .filter(
        (r) =>
          r.topic?.id === topic.id && (office || r.submittedByUnit.id === ctx.actor.unitId) && rank(r.classification) <= cleared,
      )
      .map((r) => ({ ...r, mayDownload: may(r) === 'read' })),
  };
}

/**
 * 分发: the office gives the attendees (members, sit-ins, staff) the materials not yet distributed — they read the
 * meeting, and so its materials, from now on — and tells each of them.
 */
export async function distributeMaterials(tx: Tx, ctx: RequestContext, base: Authorized<ItemView>) {
  const m = await loadMeeting(tx, base);
  if (!plansFor(ctx, m.officeUnitId)) throw forbidden('只有本办公厅（室）的登记人员可以分发会议材料');
  refuseCancelled(m);
  if (base.closedAt) throw conflict('会议已结束');
  const pending = await tx
    .update(meetingMaterial)
    .set({ distributedAt: ctx.now, distributedByPersonId: ctx.actor.personId })
    .where(and(eq(meetingMaterial.meetingItemId, m.itemId), isNull(meetingMaterial.distributedAt)))
    .returning({ id: meetingMaterial.id, late: meetingMaterial.late });
  if (!pending.length) throw conflict('没有待分发的会议材料');
  const withdrawn = await withdrawnPeople(tx, m.itemId);
  const people = (
    await tx
      .select({ id: meetingParticipant.personId })
      .from(meetingParticipant)
      .where(eq(meetingParticipant.meetingItemId, m.itemId))
  ).filter((p) => !withdrawn.has(p.id));
  for (const p of people) await grantItemAccess(tx, m.itemId, { type: 'person', id: p.id }, '参会人员', ctx.audit, ctx.now);
  await notifyPeople(
    tx,
    people
      .filter((p) => p.id !== ctx.actor.personId)
      .map((p) => ({
        personId: p.id,
        kind: 'task' as const,
        message: `${base.title}：会议材料已分发（${pending.length} 份），请会前阅读`,
        itemId: m.itemId,
        fromPersonId: ctx.actor.personId,
      })),
    ctx.now,
  );
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'meetings.material.distribute',
    targetType: 'item',
    targetId: m.itemId,
    unitId: m.officeUnitId,
    summary: { materialIds: pending.map((p) => p.id), late: pending.filter((p) => p.late).length, attendees: people.length },
  });
  return { distributed: pending.length };
}

/** The attendees a numbered copy may go to (handouts.ts): not those whose notice was withdrawn. */
export async function participantsOf(tx: Tx, meetingItemId: string) {
  const withdrawn = await withdrawnPeople(tx, meetingItemId);
  const rows = await tx
    .select({ id: person.id, name: person.name, clearance: person.clearance, position: meetingParticipant.position })
    .from(meetingParticipant)
    .innerJoin(person, eq(person.id, meetingParticipant.personId))
    .where(eq(meetingParticipant.meetingItemId, meetingItemId))
    .orderBy(asc(meetingParticipant.position));
  return rows.filter((r) => !withdrawn.has(r.id));
}

/** For handouts.ts: the material of this meeting. */
export async function materialOf(tx: Tx, meetingItemId: string, materialId: string) {
  const [mt] = await tx
    .select()
    .from(meetingMaterial)
    .where(and(eq(meetingMaterial.id, materialId), eq(meetingMaterial.meetingItemId, meetingItemId)));
  if (!mt) throw notFound('会议材料');
  return mt;
}

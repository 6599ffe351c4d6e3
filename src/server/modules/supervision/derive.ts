import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../platform/db/client';
import type { RequestContext } from '../../platform/context';
import { rank } from '../../platform/access/classification';
import { invalid } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import { opinion } from '../../platform/flow/schema';
import { assertSeesTask } from '../../platform/flow/parts';
import type { Actor } from '../../platform/access/actor';
import { chinaToday } from '../../platform/workbench/service';
import { person } from '../../org/schema';
import { deriveSupervisionFieldsSchema } from '../../../contract/supervision';
import { createSupervision } from './service';

// 立项 from another item in one action (issue 16 §1): from a 收文 (上级交办) or from a leader's 批示 on any item ("转督办"
// beside the 批示, which becomes the requirement, quoting the leader). Through the kernel (`POST /items/:id/derive`),
// so no module imports this one; the new item is linked to its source.

/** The 批示 on the source item, by id: an instruction written on that item, nothing else. */
async function instructionOn(db: Queryable, itemId: string, opinionId: string) {
  const [o] = await db
    .select()
    .from(opinion)
    .where(and(eq(opinion.id, opinionId), eq(opinion.itemId, itemId), eq(opinion.kind, 'instruction')));
  if (!o) throw invalid('所选批示不存在或不是该文件上的领导批示');
  return o;
}

const chineseDate = (d: Date) => {
  const [y, m, day] = chinaToday(d).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

/** Whose 批示 it is: the leader it was written for when a secretary wrote it on their behalf. */
async function authorOf(db: Queryable, o: typeof opinion.$inferSelect) {
  const id = o.onBehalfOfPersonId ?? o.personId;
  if (!o.onBehalfOfPersonId) return { id, name: o.personName };
  const [p] = await db.select({ name: person.name }).from(person).where(eq(person.id, id));
  return { id, name: p?.name ?? o.personName };
}

/** What the 立项 form starts from: the source's title and 文号, and the 批示 quoted as the requirement. */
export async function derivePreview(
  db: Queryable,
  actor: Actor,
  source: Authorized<ItemView, 'read' | 'issued'>,
  opinionId?: string,
) {
  const base = {
    source: { itemId: source.id, kind: source.kind, title: source.title, registryNo: source.registryNo },
    title: source.title,
    classification: source.classification,
  };
  if (opinionId) {
    const o = await instructionOn(db, source.id, opinionId);
    // A unit holding only its part of the source does not read the 批示 on another unit's part.
    if (o.taskId) await assertSeesTask(db, actor, o.taskId, '所选批示');
    const who = await authorOf(db, o);
    return {
      ...base,
      sourceKind: 'leaderInstruction' as const,
      sourceText: `${who.name}同志${chineseDate(o.createdAt)}批示（${source.registryNo ?? ''}《${source.title}》）`,
      requirement: `${who.name}同志批示：“${o.text}”`,
      instructedBy: who,
    };
  }
  return {
    ...base,
    sourceKind: 'upperDecision' as const,
    sourceText: `${source.registryNo ?? ''}《${source.title}》`,
    requirement: '',
    instructedBy: null,
  };
}

/** `ModuleDef.derive`: the 督查室 opens an item from the source, with the fields of 立项 and the 批示 it carries out. */
export async function deriveSupervision(
  tx: Tx,
  ctx: RequestContext,
  input: { source: Authorized<ItemView, 'read' | 'issued'> | null; fields: unknown },
) {
  // Called through POST /items/:id/derive, which always reads a source; 立项 without one is the plain 立项 route.
  if (!input.source) throw new Error('据此立项须有来源文件');
  const parsed = deriveSupervisionFieldsSchema.safeParse(input.fields);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? '立项内容不完整');
  const { opinionId, ...fields } = parsed.data;
  // What quotes a document is marked at least as that document is.
  if (rank(fields.classification) < rank(input.source.classification))
    throw invalid(`督办事项的密级不能低于来源文件的密级“${input.source.classification}”`);
  const instruction = opinionId ? await instructionOn(tx, input.source.id, opinionId) : null;
  const made = await createSupervision(tx, ctx, fields, {
    instructedByPersonId: instruction ? (await authorOf(tx, instruction)).id : null,
  });
  return { itemId: made.itemId, registryNo: made.registryNo };
}

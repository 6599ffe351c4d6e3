import type { RequestContext } from '../context';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { conflict, forbidden } from '../errors';
import { readItem, type Authorized, type ItemView } from '../items/service';
import { flowInstance, itemLink } from './schema';
import { handlesItem } from './tasks';
import { moduleOf } from '../modules/registry';

/**
 * Links one item to another (`from` → `to`), recorded in the audit log. Both pages show the link, each with the
 * access the reader has to the other item (`view.ts itemLinks`).
 */
export async function linkItems(
  tx: Tx,
  ctx: Pick<RequestContext, 'actor' | 'audit' | 'now'>,
  fromItemId: string,
  toItemId: string,
  kind: string,
) {
  await tx
    .insert(itemLink)
    .values({ fromItemId, toItemId, kind, createdBy: ctx.actor.personId, createdAt: ctx.now })
    .onConflictDoNothing();
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'item.link',
    targetType: 'item',
    targetId: fromItemId,
    summary: { to: toItemId, kind },
  });
}

/**
 * Checks that the actor may make a new item from `sourceId` (a 复函 from the 来文 it answers, later a 督办 from a
 * 批示 …): the source is one they read (else 404) and handle (registrar, supervisor, a holder of a 办理 task),
 * and it is not out of handling (作废). Call before creating the new item; `linkDerived` records the link.
 */
export async function assertMayDeriveFrom(tx: Tx, ctx: RequestContext, sourceId: string) {
  const source = await readItem(tx, ctx, sourceId);
  if (!(await handlesItem(tx, ctx.actor, { id: sourceId, owningUnitId: source.owningUnitId }))) {
    throw forbidden('只有办理该文件的人员（本单位文书、督办人员或承办人）可以据此起草');
  }
  const [inst] = await tx.select({ state: flowInstance.state }).from(flowInstance).where(eq(flowInstance.itemId, sourceId));
  if (inst?.state === 'stopped') throw conflict(`该文件已${source.state}，不能据此起草`);
  return source;
}

/** Records that `newItemId` was made from `sourceId` (kind e.g. `replyTo`), after `assertMayDeriveFrom`. */
export async function linkDerived(tx: Tx, ctx: RequestContext, newItemId: string, sourceId: string, kind: string) {
  await linkItems(tx, ctx, newItemId, sourceId, kind);
}

/**
 * Makes an item of module `kind` through that module's `derive` handler: from another item, linked to its source
 * (`link`, e.g. `distributedFrom`), or from nothing but the caller's own data (`source: null`, no link: a 督查通报 drafted
 * as a 发文 from the 督办 records of a period). A source is one the kernel let the actor read — the whole record or, for
 * a receiving unit, the issued copy; the handler applies its own module's rules to what it creates, and refuses a
 * missing source when it needs one.
 */
export async function deriveItem(
  tx: Tx,
  ctx: RequestContext,
  kind: string,
  input:
    | { source: Authorized<ItemView, 'read' | 'issued'>; link: string; fields: unknown }
    | { source: null; link: null; fields: unknown },
) {
  const target = moduleOf(kind);
  if (!target?.derive) throw new Error(`module ${kind} is not installed or does not derive items`);
  const made = await target.derive(tx, ctx, { source: input.source, fields: input.fields });
  if (input.source) await linkItems(tx, ctx, made.itemId, input.source.id, input.link);
  return made;
}

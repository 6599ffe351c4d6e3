import { inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import type { RequestContext } from '../context';
import { stateName } from '../flow/states';
import { moduleOf } from '../modules/registry';
import { item } from './schema';

// Where items of other modules stand, for a page that tracks them without reading them: a meeting's 议定事项 show the
// light of the 督办 item each became. The owning module says (`ModuleDef.statusOf`); the kernel asks it, so no module
// imports another. What it gives is the light and the state's name — nothing of the item's record, which is read, if
// at all, through the item's own rules.

/** A tracked item's light (绿/黄/红灯, null when it has none) and its state as people read it. */
export interface ItemStatus {
  light: 'green' | 'yellow' | 'red' | null;
  state: string;
}

/**
 * The status of each item, by id: the owning module's `statusOf` where it declares one, else no light and the state's
 * name; `closed` from the kernel's record. Unknown ids are left out.
 */
export async function statusOfItems(db: Queryable, ctx: RequestContext, itemIds: string[]) {
  const out = new Map<string, ItemStatus & { closed: boolean }>();
  if (!itemIds.length) return out;
  const rows = await db
    .select({ id: item.id, kind: item.kind, state: item.state, closedAt: item.closedAt })
    .from(item)
    .where(inArray(item.id, [...new Set(itemIds)]));
  const byKind = new Map<string, typeof rows>();
  for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  for (const [kind, items] of byKind) {
    const declared = moduleOf(kind)?.statusOf;
    const given = declared
      ? await declared(
          db,
          ctx,
          items.map((r) => r.id),
        )
      : new Map<string, ItemStatus>();
    for (const r of items) {
      const s = given.get(r.id);
      out.set(r.id, {
        light: s?.light ?? null,
        state: s?.state ?? stateName(r.kind, r.state),
        closed: r.closedAt !== null,
      });
    }
  }
  return out;
}

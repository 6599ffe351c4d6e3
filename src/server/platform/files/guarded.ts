import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { item } from '../items/schema';
import { forbidden, invalid } from '../errors';
import { itemFile } from './schema';

// Module-guarded file roles: a module declares roles of files on its items (`ModuleDef.guardedFileRoles`) that only its
// own routes reach — 办会's 会议材料, given to attendees once distributed and, when classified, as numbered copies. The
// kernel's generic file paths (an item's file list, a file's info, download, HEAD and preview, attach and remove, a
// 进展报告's files, an issued copy's files) never reach a file through an item it sits on in such a role; the module puts
// it there with `attachGuardedFile` and opens it with `openGuardedFile` after its own checks (service.ts).

/** Item kind → the roles its module guards, and the module's name as users read it. */
const guarded = new Map<string, { name: string; roles: ReadonlySet<string> }>();

/** Called by `installModules` for a module that declares guarded roles. */
export function guardFileRoles(kind: string, name: string, roles: readonly string[]) {
  guarded.set(kind, { name, roles: new Set(roles) });
}

/** Whether files in this role on an item of this kind are the module's alone. */
export const isGuardedRole = (kind: string, role: string) => guarded.get(kind)?.roles.has(role) ?? false;

/** The generic attach or remove of a file in a guarded role. */
export const guardedRoleRefusal = (kind: string) =>
  forbidden(`该类文件由“${guarded.get(kind)?.name ?? kind}”管理，请在其页面中提交或处理`);

/** A guarded file put anywhere else (another item, a 进展报告): that item's readers would read it. */
export const guardedFileRefusal = (name: string) =>
  invalid(`文件“${name}”已作为专用材料提交，不能再放入其他事项或报告；如需使用请重新上传`);

/**
 * The items the file sits (or sat) on in a role their module guards: those never make it readable through the kernel's
 * generic routes. Removed rows count — removal does not hand the file over to the item's readers.
 */
export async function guardedItemsOf(db: Queryable, fileId: string) {
  if (guarded.size === 0) return new Set<string>();
  const rows = await db
    .select({ itemId: itemFile.itemId, role: itemFile.role, kind: item.kind })
    .from(itemFile)
    .innerJoin(item, eq(item.id, itemFile.itemId))
    .where(eq(itemFile.fileId, fileId));
  return new Set(rows.filter((r) => isGuardedRole(r.kind, r.role)).map((r) => r.itemId));
}

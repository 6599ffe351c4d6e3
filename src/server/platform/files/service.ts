import type { RequestContext } from '../context';
import { heldBy } from '../flow/holding';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNull, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { recordEvent } from '../audit/service';
import { authorize, can } from '../access/policy';
import { isAdministrator, type Actor } from '../access/actor';
import { assertWithinCeiling, isAuditedOnRead, rank } from '../access/classification';
import { conflict, DomainError, forbidden, hiddenFrom, invalid, notFound } from '../errors';
import { issuedCopyReaches, loadForPolicy, readItem } from '../items/service';
import { task, taskProgress, taskProgressFile } from '../flow/schema';
import { reachOf, seesItemFile, seesTask } from '../flow/parts';
import { item } from '../items/schema';
import { person } from '../../org/schema';
import type { FilesConfig } from '../../config';
import { FILE_ROLES, ISSUED_FILE_ROLES, type FileRole } from '../../../contract/files';
import type { Classification } from '../../../contract/common';
import { file, itemFile } from './schema';
import { stage, stagingDir, tooLarge, typeNotAllowed, type BlobStore } from './store';
import { extensionOf, typeOfName } from './types';
import { sanitizeFileName } from './names';
import { guardedFileRefusal, guardedItemsOf, guardedRoleRefusal, isGuardedRole } from './guarded';
import type { FileResource } from './policy';
import './policy';

type FileRow = typeof file.$inferSelect;

const present = (f: FileRow) => ({
  id: f.id,
  sm3: f.sm3,
  size: f.size,
  name: f.name,
  contentType: f.contentType,
  classification: f.classification as Classification,
  uploadedAt: f.uploadedAt.toISOString(),
});

export interface UploadRequest {
  /** The client's name for the file, decoded but not yet sanitised. */
  name: string;
  classification: Classification;
  /** Content-Length when the client sent one. */
  declaredSize: number | null;
}

/**
 * Checks everything that can be known before the body is read, so a refused upload costs no bytes: who
 * uploads, the classification, the type by name, and a declared length over the limit.
 */
function admitUpload(ctx: RequestContext, cfg: FilesConfig, req: UploadRequest) {
  const { actor } = ctx;
  if (isAdministrator(actor) || !actor.unitId) throw forbidden('系统管理员不处理业务文件（三员分立）；请以业务人员身份上传');
  assertWithinCeiling(req.classification, ctx.ceiling);
  if (rank(req.classification) > rank(actor.clearance)) throw forbidden(`您的涉密等级不能上传“${req.classification}”文件`);
  const name = sanitizeFileName(req.name);
  const type = typeOfName(name);
  if (!type) throw typeNotAllowed(extensionOf(name));
  if (req.declaredSize !== null && req.declaredSize > cfg.maxBytes) throw tooLarge(cfg.maxBytes);
  if (req.declaredSize === 0) throw invalid('文件是空的，未保存');
  return { name, type };
}

/**
 * 上传: the body streams through the size limit, the type check, SM3 and SM4 into a staging file, the store
 * keeps it under its digest (once, however often it is uploaded), and then the `file` row and its event
 * are written in one short transaction. No transaction is open while bytes arrive: PGlite has one
 * connection, and a slow client must not hold it.
 */
export async function uploadFile(
  db: Db,
  store: BlobStore,
  cfg: FilesConfig,
  ctx: RequestContext,
  req: UploadRequest,
  body: Readable,
) {
  const { name, type } = admitUpload(ctx, cfg, req);
  const staged = await stage(body, stagingDir(cfg), {
    maxBytes: cfg.maxBytes,
    type,
    sha256: store.wantsSha256,
    key: store.keys.current,
  });
  const refusal =
    staged.size === 0
      ? invalid('文件是空的，未保存')
      : req.declaredSize !== null && staged.size !== req.declaredSize
        ? invalid('上传未完成（收到的字节数与 Content-Length 不符），文件未保存')
        : null;
  if (refusal) {
    await rm(staged.path, { force: true });
    throw refusal;
  }
  const stored = await store.adopt(staged);
  const { actor, audit, now } = ctx;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(file)
      .values({
        id: randomUUID(),
        sm3: staged.sm3,
        size: staged.size,
        contentType: type.mime,
        name,
        classification: req.classification,
        owningUnitId: actor.unitId!,
        uploadedBy: actor.personId,
        uploadedByPostId: actor.postId,
        uploadedAt: now,
      })
      .returning();
    await recordEvent(tx, audit, now, {
      action: 'file.upload',
      targetType: 'file',
      targetId: row!.id,
      unitId: actor.unitId,
      summary: {
        name,
        sm3: staged.sm3,
        size: staged.size,
        contentType: type.mime,
        classification: req.classification,
        newBlob: stored,
      },
    });
    return present(row!);
  });
}

/**
 * The file if the actor may read it, and the item that lets them (null for the uploader of a file on no
 * item). Anyone else learns nothing: not found.
 */
async function readableFile(tx: Tx, actor: Actor, fileId: string, ceiling: Classification, what = '文件') {
  const [row] = await tx.select().from(file).where(eq(file.id, fileId));
  if (!row) throw notFound(what);
  // An item the file sits on in a role its module guards does not lend it to the item's readers (guarded.ts); for its
  // uploader such a file stays their own upload.
  const guardedOn = await guardedItemsOf(tx, fileId);
  const items = (await itemsOfFile(tx, fileId)).filter((i) => !guardedOn.has(i.itemId));
  let via: Awaited<ReturnType<typeof loadForPolicy>> = null;
  for (const { itemId } of items) {
    const found = await loadForPolicy(tx, actor, itemId);
    if (!found || rank(found.resource.classification) > rank(ceiling)) continue;
    const readable = can(actor, 'read', 'item', found.resource) && (await inReadersPart(tx, actor, found.row, fileId));
    if (readable || (await issuedWith(tx, actor, found, fileId, ceiling))) {
      via = found;
      break;
    }
  }
  const resource: FileResource = {
    uploadedBy: row.uploadedBy,
    classification: row.classification as Classification,
    attachments: items.length,
    readableItem: via !== null,
  };
  if (!can(actor, 'read', 'file', resource)) throw hiddenFrom(what);
  return { row, via: via?.row ?? null };
}

/**
 * Whether a file of an item the actor reads is within what they see of it: all of it for a reader of the whole record;
 * for a unit reading its part (`flow/parts.ts`), a report's file on a task of that part, or a file the part's people or
 * the item's creator put on the item — never another unit's report or materials.
 */
async function inReadersPart(tx: Tx, actor: Actor, it: { id: string; createdBy: string }, fileId: string) {
  const reach = await reachOf(tx, actor, it.id);
  if (reach.whole) return true;
  const reports = await tx
    .select({ t: task })
    .from(taskProgressFile)
    .innerJoin(taskProgress, eq(taskProgress.id, taskProgressFile.progressId))
    .innerJoin(task, eq(task.id, taskProgress.taskId))
    .where(and(eq(taskProgressFile.itemId, it.id), eq(taskProgressFile.fileId, fileId)));
  if (reports.some((r) => seesTask(reach, r.t))) return true;
  const onItem = await tx
    .select({ addedBy: itemFile.addedBy })
    .from(itemFile)
    .where(and(eq(itemFile.itemId, it.id), eq(itemFile.fileId, fileId)));
  return onItem.some((f) => seesItemFile(reach, f, it.createdBy));
}

/** The items a file is (or was) on: as an item's file, or sent with a 进展报告 on it. */
async function itemsOfFile(tx: Tx, fileId: string) {
  const onItems = await tx.selectDistinct({ itemId: itemFile.itemId }).from(itemFile).where(eq(itemFile.fileId, fileId));
  const inReports = await tx
    .selectDistinct({ itemId: taskProgressFile.itemId })
    .from(taskProgressFile)
    .where(eq(taskProgressFile.fileId, fileId));
  return [...new Set([...onItems, ...inReports].map((r) => r.itemId))].map((itemId) => ({ itemId }));
}

/**
 * The files a 进展报告 on an item may carry (DOMAIN §6.4: short text, files optional), in the order given: each one the
 * actor may read, not classified above the item, and either their own upload not yet on any item or already a file of
 * this item. A file of another item is refused: this item's readers would read it through the report.
 */
export async function filesForReport(
  tx: Tx,
  actor: Actor,
  it: { id: string; classification: string },
  fileIds: string[],
  ceiling: Classification,
) {
  const rows: FileRow[] = [];
  for (const fileId of new Set(fileIds)) {
    const { row } = await readableFile(tx, actor, fileId, ceiling, '所附文件');
    if ((await guardedItemsOf(tx, fileId)).size > 0) throw guardedFileRefusal(row.name);
    if ((await itemsOfFile(tx, fileId)).some((x) => x.itemId !== it.id))
      throw invalid(`文件“${row.name}”属于其他事项，不能附在本事项的进展报告中；请重新上传`);
    if (rank(row.classification as Classification) > rank(it.classification as Classification))
      throw invalid(`文件“${row.name}”的密级“${row.classification}”高于事项密级“${it.classification}”，不能附在进展报告中`);
    rows.push(row);
  }
  return rows.map(present);
}

/** A receiver reads a file of an issued copy while it is on the document in an issued role (正文, 附件, 定稿). */
async function issuedWith(
  tx: Tx,
  actor: Actor,
  found: NonNullable<Awaited<ReturnType<typeof loadForPolicy>>>,
  fileId: string,
  ceiling: Classification,
) {
  if (rank(actor.clearance) < rank(found.resource.classification)) return false;
  const [on] = await tx
    .select({ id: itemFile.id })
    .from(itemFile)
    .where(
      and(
        eq(itemFile.itemId, found.row.id),
        eq(itemFile.fileId, fileId),
        isNull(itemFile.removedAt),
        inArray(itemFile.role, [...ISSUED_FILE_ROLES]),
      ),
    )
    .limit(1);
  return on !== undefined && (await issuedCopyReaches(tx, actor, found.row.id, ceiling));
}

export async function getFile(tx: Tx, ctx: RequestContext, fileId: string) {
  return present((await readableFile(tx, ctx.actor, fileId, ctx.ceiling)).row);
}

/**
 * Authorises a download and records it when the file or the item it is read through is classified 内部 or
 * above. `record: false` for HEAD, which shows no content.
 */
export async function openFileForRead(tx: Tx, ctx: RequestContext, fileId: string, opts: { record: boolean }) {
  const { row, via } = await readableFile(tx, ctx.actor, fileId, ctx.ceiling);
  if (opts.record) await recordRead(tx, ctx, row, via);
  return present(row);
}

/** A read of a file classified 内部 or above, or read through an item that is, goes into the event log. */
async function recordRead(
  tx: Tx,
  ctx: RequestContext,
  row: FileRow,
  via: { id: string; classification: string; owningUnitId: string } | null,
) {
  const classified =
    isAuditedOnRead(row.classification as Classification) ||
    (via !== null && isAuditedOnRead(via.classification as Classification));
  if (!classified) return;
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'file.read',
    targetType: 'file',
    targetId: row.id,
    unitId: via?.owningUnitId ?? row.owningUnitId,
    summary: { itemId: via?.id ?? null, name: row.name, sm3: row.sm3, classification: row.classification },
  });
}

/** Puts a file on an item, next in order within its role, and records the addition (`guarded` when a module's role). */
async function putOnItem(
  tx: Tx,
  ctx: RequestContext,
  it: { id: string; owningUnitId: string },
  f: { id: string; name: string; sm3: string },
  role: string,
  guarded: boolean,
) {
  const [last] = await tx
    .select({ n: max(itemFile.ordinal) })
    .from(itemFile)
    .where(and(eq(itemFile.itemId, it.id), eq(itemFile.role, role)));
  const id = randomUUID();
  const ordinal = Number(last?.n ?? 0) + 1;
  const { actor, now } = ctx;
  await tx.insert(itemFile).values({
    id,
    itemId: it.id,
    fileId: f.id,
    role,
    ordinal,
    addedBy: actor.personId,
    addedByPostId: actor.postId,
    addedAt: now,
  });
  await recordEvent(tx, ctx.audit, now, {
    action: 'item.file.attach',
    targetType: 'item',
    targetId: it.id,
    unitId: it.owningUnitId,
    summary: { attachmentId: id, fileId: f.id, role, ordinal, name: f.name, sm3: f.sm3, ...(guarded ? { guarded } : {}) },
  });
  return { id, ordinal };
}

/**
 * For a module, after its own checks of who may: puts a file on an item of its kind in a role it guards (guarded.ts).
 * The kernel still checks what it checks of any file put on an item: the actor's own upload (one they may read, on no
 * item yet — on another item its readers would read it through this one's module), not classified above the item nor
 * the deployment's ceiling; it goes next in order within its role, and the addition is in the event log. The caller
 * serialises additions to one item (it holds a lock on its own record), as the order counts on.
 */
export async function attachGuardedFile(tx: Tx, ctx: RequestContext, itemId: string, input: { fileId: string; role: string }) {
  const [it] = await tx.select().from(item).where(eq(item.id, itemId));
  if (!it) throw notFound('事项');
  if (!isGuardedRole(it.kind, input.role)) throw new Error(`files: role ${input.role} is not guarded on ${it.kind} items`);
  assertWithinCeiling(it.classification as Classification, ctx.ceiling);
  const { row: f } = await readableFile(tx, ctx.actor, input.fileId, ctx.ceiling);
  if ((await itemsOfFile(tx, f.id)).length > 0) throw guardedFileRefusal(f.name);
  assertWithinCeiling(f.classification as Classification, ctx.ceiling);
  if (rank(f.classification as Classification) > rank(it.classification as Classification))
    throw invalid(`文件密级“${f.classification}”高于事项密级“${it.classification}”，不能放入该事项`);
  const { id, ordinal } = await putOnItem(tx, ctx, it, f, input.role, true);
  return { id, ordinal, file: present(f) };
}

/**
 * For a module's own download route, after it decided the actor may read the file: the file, while it is on the item
 * in a role the item's module guards (not found otherwise — this opens nothing else), within the deployment's ceiling
 * and the actor's clearance; a classified read is recorded as the kernel's downloads record it. `record: false` for
 * HEAD.
 */
export async function openGuardedFile(tx: Tx, ctx: RequestContext, itemId: string, fileId: string, opts: { record: boolean }) {
  const { actor } = ctx;
  const [on] = await tx
    .select({ f: file, it: item, role: itemFile.role })
    .from(itemFile)
    .innerJoin(item, eq(item.id, itemFile.itemId))
    .innerJoin(file, eq(file.id, itemFile.fileId))
    .where(and(eq(itemFile.itemId, itemId), eq(itemFile.fileId, fileId), isNull(itemFile.removedAt)));
  if (!on || !isGuardedRole(on.it.kind, on.role) || isAdministrator(actor) || !actor.unitId) throw hiddenFrom('文件');
  assertWithinCeiling(on.it.classification as Classification, ctx.ceiling);
  assertWithinCeiling(on.f.classification as Classification, ctx.ceiling);
  if (rank(actor.clearance) < rank(on.f.classification as Classification))
    throw new DomainError('CLEARANCE_INSUFFICIENT', `该文件密级为“${on.f.classification}”，超出您的涉密等级，无权查看`);
  if (opts.record) await recordRead(tx, ctx, on.f, on.it);
  return present(on.f);
}

/** The item, if the actor may add or remove its files; otherwise not found (cannot read) or forbidden. */
async function changeableItem(tx: Tx, ctx: RequestContext, itemId: string) {
  const { actor } = ctx;
  const found = await loadForPolicy(tx, actor, itemId);
  if (!found) throw notFound('事项');
  if (!can(actor, 'read', 'item', found.resource)) throw hiddenFrom('事项');
  assertWithinCeiling(found.resource.classification, ctx.ceiling);
  const open = await tx
    .select({ id: task.id })
    .from(task)
    .where(and(eq(task.itemId, itemId), eq(task.kind, 'do'), eq(task.state, 'open'), heldBy(actor)))
    .limit(1);
  authorize(
    actor,
    'change',
    'itemFiles',
    { item: found.resource, handling: open.length > 0 },
    '只有登记人、本单位文书或正在办理该事项的人员可以添加或移除文件',
  );
  return found.row;
}

/** 添加文件: puts a file the actor may read on an item they may change, next in order within its role. */
export async function attachFile(tx: Tx, ctx: RequestContext, itemId: string, input: { fileId: string; role: FileRole }) {
  const it = await changeableItem(tx, ctx, itemId);
  if (isGuardedRole(it.kind, input.role)) throw guardedRoleRefusal(it.kind);
  const { row: f } = await readableFile(tx, ctx.actor, input.fileId, ctx.ceiling);
  // A module's guarded file stays where the module put it: on another item its readers would read it.
  if ((await guardedItemsOf(tx, f.id)).size > 0) throw guardedFileRefusal(f.name);
  // A file classified above its item would be read by people cleared only for the item.
  if (rank(f.classification as Classification) > rank(it.classification as Classification)) {
    throw invalid(`文件密级“${f.classification}”高于事项密级“${it.classification}”，不能放入该事项`);
  }
  const [dup] = await tx
    .select({ id: itemFile.id })
    .from(itemFile)
    .where(and(eq(itemFile.itemId, itemId), eq(itemFile.fileId, f.id), isNull(itemFile.removedAt)));
  if (dup) throw conflict('该文件已在此事项中', { attachmentId: dup.id });
  const { id } = await putOnItem(tx, ctx, it, f, input.role, false);
  return (await attachments(tx, itemId, true)).find((a) => a.id === id)!;
}

/** 移除文件: the attachment is marked removed with who and when; the file and the record stay. */
export async function removeAttachment(tx: Tx, ctx: RequestContext, itemId: string, attachmentId: string) {
  const it = await changeableItem(tx, ctx, itemId);
  const [target] = await tx
    .select({ role: itemFile.role })
    .from(itemFile)
    .where(and(eq(itemFile.id, attachmentId), eq(itemFile.itemId, itemId)));
  if (target && isGuardedRole(it.kind, target.role)) throw guardedRoleRefusal(it.kind);
  // A unit holding a part (the lead's included) removes only what its people put there: not the record's files (the
  // 交办's materials), nor another unit's — which an assisting unit does not even see.
  const reach = await reachOf(tx, ctx.actor, itemId);
  if (!reach.whole) {
    const [f] = await tx
      .select({ addedBy: itemFile.addedBy })
      .from(itemFile)
      .where(and(eq(itemFile.id, attachmentId), eq(itemFile.itemId, itemId)));
    if (f && !seesItemFile(reach, f, it.createdBy)) throw notFound('该事项中的文件');
    if (f && f.addedBy !== ctx.actor.personId && !reach.people.has(f.addedBy))
      throw forbidden('只能移除本单位在本事项中添加的文件');
  }
  const res = await tx
    .update(itemFile)
    .set({ removedAt: ctx.now, removedBy: ctx.actor.personId })
    .where(and(eq(itemFile.id, attachmentId), eq(itemFile.itemId, itemId), isNull(itemFile.removedAt)))
    .returning();
  const gone = res[0];
  if (!gone) throw notFound('该事项中的文件');
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'item.file.remove',
    targetType: 'item',
    targetId: itemId,
    unitId: it.owningUnitId,
    summary: { attachmentId, fileId: gone.fileId, role: gone.role, ordinal: gone.ordinal },
  });
}

const adder = alias(person, 'adder');
const remover = alias(person, 'remover');

async function attachments(tx: Tx, itemId: string, includeRemoved: boolean) {
  const rows = await tx
    .select({ a: itemFile, f: file, kind: item.kind, addedByName: adder.name, removedByName: remover.name })
    .from(itemFile)
    .innerJoin(item, eq(item.id, itemFile.itemId))
    .innerJoin(file, eq(file.id, itemFile.fileId))
    .innerJoin(adder, eq(adder.id, itemFile.addedBy))
    .leftJoin(remover, eq(remover.id, itemFile.removedBy))
    .where(and(eq(itemFile.itemId, itemId), includeRemoved ? undefined : isNull(itemFile.removedAt)))
    .orderBy(asc(itemFile.ordinal), asc(itemFile.addedAt));
  const roleOrder = (r: string) => {
    const i = (FILE_ROLES as readonly string[]).indexOf(r);
    return i < 0 ? FILE_ROLES.length : i;
  };
  // Files in a role the item's module guards are the module's to show (guarded.ts): never in the kernel's lists.
  return rows
    .filter((r) => !isGuardedRole(r.kind, r.a.role))
    .sort((x, y) => roleOrder(x.a.role) - roleOrder(y.a.role))
    .map(({ a, f, addedByName, removedByName }) => ({
      id: a.id,
      fileId: f.id,
      role: a.role,
      ordinal: a.ordinal,
      name: f.name,
      size: f.size,
      contentType: f.contentType,
      sm3: f.sm3,
      classification: f.classification as Classification,
      addedBy: { id: a.addedBy, name: addedByName },
      addedAt: a.addedAt.toISOString(),
      removedAt: a.removedAt?.toISOString() ?? null,
      removedBy: a.removedBy ? { id: a.removedBy, name: removedByName ?? '' } : null,
    }));
}

/**
 * The files a receiver of an issued copy reads with it (正文, 附件, 定稿 still on the item), without who handled
 * them. The caller has authorised the issued copy (items/service.ts readIssuedCopy).
 */
export async function issuedCopyFiles(tx: Tx, itemId: string) {
  return (await attachments(tx, itemId, false))
    .filter((a) => ISSUED_FILE_ROLES.includes(a.role as FileRole))
    .map(({ fileId, role, ordinal, name, size, contentType, sm3, classification }) => ({
      fileId,
      role,
      ordinal,
      name,
      size,
      contentType,
      sm3,
      classification,
    }));
}

/** The files of an item, for whoever may read the item (the read is recorded as reading the item is). */
export async function listItemFiles(tx: Tx, ctx: RequestContext, itemId: string, includeRemoved: boolean) {
  const it = await readItem(tx, ctx, itemId);
  const files = await attachments(tx, itemId, includeRemoved);
  const reach = await reachOf(tx, ctx.actor, itemId);
  if (reach.whole) return files;
  // A unit reading its part sees the record's files and its own, not another unit's materials.
  const [{ createdBy } = { createdBy: '' }] = await tx.select({ createdBy: item.createdBy }).from(item).where(eq(item.id, it.id));
  return files.filter((f) => seesItemFile(reach, { addedBy: f.addedBy.id }, createdBy));
}

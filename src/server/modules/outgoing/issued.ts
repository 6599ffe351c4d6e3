import type { Tx } from '../../platform/db/client';
import { recordEvent } from '../../platform/audit/service';
import type { Actor } from '../../platform/access/actor';
import { notFound } from '../../platform/errors';
import type { Authorized, ItemView } from '../../platform/items/service';
import type { RequestContext } from '../../platform/context';
import { issuedCopyFiles } from '../../platform/files/service';
import type { Draft } from '../../../contract/outgoing-draft';
import { ownReceipt } from './deliveries';
import { loadDoc, OUTGOING_KIND, titleOf } from './service';

/** What the receivers read: the text as issued; the drafting flags are the sender's own notes. */
const asIssued = (d: Draft): Draft => ({ ...d, flags: { directAssignment: false, important: false } });

async function issued(tx: Tx, copy: { item: Authorized<ItemView, 'read' | 'issued'>; full: boolean }) {
  const { item: base, full } = copy;
  const itemId = base.id;
  // Only a document that has been 核发'd has an issued copy; before that there is only the sender's draft.
  if (base.kind !== OUTGOING_KIND || !base.closedAt) throw notFound('已核发的文件');
  return { base, full, doc: await loadDoc(tx, itemId, false) };
}

/** The issued copy of a document for a receiving unit (and for the sender's people, who see what was sent). */
export async function getIssuedCopy(
  tx: Tx,
  actor: Actor,
  copy: { item: Authorized<ItemView, 'read' | 'issued'>; full: boolean },
) {
  const itemId = copy.item.id;
  const { base, full, doc } = await issued(tx, copy);
  const own = actor.unitId ? await ownReceipt(tx, itemId, actor.unitId) : null;
  return {
    itemId,
    title: titleOf(doc.draft),
    docNo: doc.docNo,
    senderName: doc.draft.issuers.map((i) => i.name).join('、'),
    classification: base.classification,
    urgency: base.urgency,
    issuedAt: base.closedAt!,
    draft: asIssued(doc.draft),
    files: await issuedCopyFiles(tx, itemId),
    receipt: own,
    fullRecord: full,
  };
}

/** The issued text for output (.docx, PDF): never an earlier version. */
export async function issuedForOutput(
  tx: Tx,
  ctx: RequestContext,
  copy: { item: Authorized<ItemView, 'read' | 'issued'>; full: boolean },
) {
  const itemId = copy.item.id;
  const { base, doc } = await issued(tx, copy);
  await recordEvent(tx, ctx.audit, ctx.now, {
    action: 'outgoing.export',
    targetType: 'item',
    targetId: itemId,
    unitId: base.owningUnitId,
    summary: { version: doc.version, issuedCopy: true },
  });
  return { draft: asIssued(doc.draft), docNo: doc.docNo, title: titleOf(doc.draft), version: doc.version };
}

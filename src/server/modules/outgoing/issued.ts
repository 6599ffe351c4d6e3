import type { Tx } from '../../platform/db/client';
import { recordEvent, type AuditContext } from '../../platform/audit/service';
import type { Actor } from '../../platform/access/actor';
import { notFound } from '../../platform/errors';
import { readIssuedCopy } from '../../platform/items/service';
import { issuedCopyFiles } from '../../platform/files/service';
import type { Classification } from '../../../contract/common';
import type { Draft } from '../../../contract/outgoing-draft';
import { ownReceipt } from './deliveries';
import { loadDoc, OUTGOING_KIND, titleOf } from './service';

/** What the receivers read: the text as issued; the drafting flags are the sender's own notes. */
const asIssued = (d: Draft): Draft => ({ ...d, flags: { directAssignment: false, important: false } });

async function issued(tx: Tx, actor: Actor, itemId: string, ceiling: Classification, audit: AuditContext, now: Date) {
  const { item: base, full } = await readIssuedCopy(tx, actor, itemId, ceiling, audit, now);
  // Only a document that has been 核发'd has an issued copy; before that there is only the sender's draft.
  if (base.kind !== OUTGOING_KIND || !base.closedAt) throw notFound('已核发的文件');
  return { base, full, doc: await loadDoc(tx, itemId, false) };
}

/** The issued copy of a document for a receiving unit (and for the sender's people, who see what was sent). */
export async function getIssuedCopy(
  tx: Tx,
  actor: Actor,
  itemId: string,
  ceiling: Classification,
  audit: AuditContext,
  now: Date,
) {
  const { base, full, doc } = await issued(tx, actor, itemId, ceiling, audit, now);
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
  actor: Actor,
  itemId: string,
  ceiling: Classification,
  audit: AuditContext,
  now: Date,
) {
  const { base, doc } = await issued(tx, actor, itemId, ceiling, audit, now);
  await recordEvent(tx, audit, now, {
    action: 'outgoing.export',
    targetType: 'item',
    targetId: itemId,
    unitId: base.owningUnitId,
    summary: { version: doc.version, issuedCopy: true },
  });
  return { draft: asIssued(doc.draft), docNo: doc.docNo, title: titleOf(doc.draft), version: doc.version };
}

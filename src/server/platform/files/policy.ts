import { can, definePolicy } from '../access/policy';
import { isAdministrator, type Actor } from '../access/actor';
import { rank } from '../access/classification';
import type { ItemResource } from '../items/policy';
import type { Classification } from '../../../contract/common';

/** A file as its policy sees it: who uploaded it, and whether an item it is (or was) on lets the actor read. */
export interface FileResource {
  uploadedBy: string;
  classification: Classification;
  /** How many items it was ever put on, as their file or with a 进展报告 on them (removed ones count: their record stays readable). */
  attachments: number;
  /** One of those items is readable by the actor. */
  readableItem: boolean;
}

/** The files of an item, for adding and removing them. */
interface ItemFilesResource {
  item: ItemResource;
  /** The actor (or someone they act for) has an open 办理 task on the item. */
  handling: boolean;
}

const isBusinessUser = (a: Actor) => !isAdministrator(a) && a.unitId !== null;
const hasClearance = (a: Actor, f: FileResource) => rank(a.clearance) >= rank(f.classification);
const isUploader = (a: Actor, f: FileResource) => a.personId === f.uploadedBy;
const isUnattached = (f: FileResource) => f.attachments === 0;

definePolicy<FileResource>('file', {
  // Until a file is put on an item it is its uploader's alone; from then on the items decide.
  read: (a, f) => isBusinessUser(a) && hasClearance(a, f) && (f.readableItem || (isUnattached(f) && isUploader(a, f))),
});

definePolicy<ItemFilesResource>('itemFiles', {
  // Whoever may change the item, and whoever is handling it at a step (a 承办人 adds the result of the work).
  change: (a, r) => can(a, 'update', 'item', r.item) || (can(a, 'read', 'item', r.item) && r.handling),
});

import { definePolicy } from '../access/policy';
import { hasRoleOver, isAdministrator, type Actor } from '../access/actor';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';

/** An item as policies see it: its row plus whether an explicit grant reaches the actor. */
export interface ItemResource {
  kind: string;
  owningUnitId: string;
  owningDepartmentId: string | null;
  classification: Classification;
  createdBy: string;
  /**
   * A `full` grant reaches the actor (a task, a 传阅), or a `part` one (the record, and what of its handling
   * `flow/parts.ts reachOf` says); `issued` grants never count here.
   */
  grantedToActor: boolean;
}

/**
 * Kinds whose items only the people working on them see (an incoming document is not for the whole
 * office to browse): the registrar, the supervisor, the creator, and those given a task or access.
 * Other kinds are visible to everyone in the owning unit.
 */
const participantOnlyKinds = new Set<string>();
export function restrictToParticipants(kind: string) {
  participantOnlyKinds.add(kind);
}
export const participantOnly = (): string[] => [...participantOnlyKinds];

/**
 * Participant-only kinds the owning unit's registrars do not reach either (督办: the 督查室's register, not the
 * 文书's): their supervisors, creator and those given a task or access see them.
 */
const supervisorOnlyKinds = new Set<string>();
export function keepFromRegistrars(kind: string) {
  supervisorOnlyKinds.add(kind);
}
export const keptFromRegistrars = (): string[] => [...supervisorOnlyKinds];

/** Kinds whose items the leader in charge (分管) of the owning department oversees: a department's drafts. */
const overseenKinds = new Set<string>();
export function overseenByLeadersInCharge(kind: string) {
  overseenKinds.add(kind);
}
export const overseen = (): string[] => [...overseenKinds];

const isBusinessUser = (a: Actor) => !isAdministrator(a) && a.unitId !== null;
const isSameUnit = (a: Actor, i: ItemResource) => a.unitId === i.owningUnitId;
const hasClearance = (a: Actor, i: ItemResource) => rank(a.clearance) >= rank(i.classification);
const isCreator = (a: Actor, i: ItemResource) => a.personId === i.createdBy;
const supervises = (a: Actor, i: ItemResource) => hasRoleOver(a, 'supervisor', i.owningUnitId);
const isRegistrar = (a: Actor, i: ItemResource) =>
  !supervisorOnlyKinds.has(i.kind) && hasRoleOver(a, 'registrar', i.owningUnitId);
const leadsOwningDepartment = (a: Actor, i: ItemResource) =>
  overseenKinds.has(i.kind) && isSameUnit(a, i) && i.owningDepartmentId !== null && a.inChargeOf.includes(i.owningDepartmentId);

/** Whether the item is within the actor's reach, clearance aside. */
export const reaches = (a: Actor, i: ItemResource) =>
  (isSameUnit(a, i) && !participantOnlyKinds.has(i.kind)) ||
  i.grantedToActor ||
  supervises(a, i) ||
  isRegistrar(a, i) ||
  isCreator(a, i) ||
  leadsOwningDepartment(a, i);

// The SQL form of `read` for lists and search is readableItemsWhere() in service.ts; keep them in step.
definePolicy<ItemResource>('item', {
  read: (a, i) => isBusinessUser(a) && hasClearance(a, i) && reaches(a, i),
  update: (a, i) => isBusinessUser(a) && hasClearance(a, i) && (isCreator(a, i) || isRegistrar(a, i)),
});

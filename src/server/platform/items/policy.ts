import { definePolicy } from '../access/policy';
import { hasRoleOver, isAdministrator, type Actor } from '../access/actor';
import { rank } from '../access/classification';
import type { Classification } from '../../../contract/common';

/** An item as policies see it: its row plus whether an explicit grant reaches the actor. */
export interface ItemResource {
  owningUnitId: string;
  classification: Classification;
  createdBy: string;
  grantedToActor: boolean;
}

const isBusinessUser = (a: Actor) => !isAdministrator(a) && a.unitId !== null;
const isSameUnit = (a: Actor, i: ItemResource) => a.unitId === i.owningUnitId;
const hasClearance = (a: Actor, i: ItemResource) => rank(a.clearance) >= rank(i.classification);
const isCreator = (a: Actor, i: ItemResource) => a.personId === i.createdBy;
const supervises = (a: Actor, i: ItemResource) => hasRoleOver(a, 'supervisor', i.owningUnitId);
const isRegistrar = (a: Actor, i: ItemResource) => hasRoleOver(a, 'registrar', i.owningUnitId);

// The SQL form of `read` for lists and search is readableItemsWhere() in service.ts; keep them in step.
definePolicy<ItemResource>('item', {
  read: (a, i) =>
    isBusinessUser(a) && hasClearance(a, i) && (isSameUnit(a, i) || i.grantedToActor || supervises(a, i)),
  update: (a, i) => isBusinessUser(a) && hasClearance(a, i) && (isCreator(a, i) || isRegistrar(a, i)),
});

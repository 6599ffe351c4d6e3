import type { Classification } from '../../../contract/common';

export const ADMIN_ROLES = ['sysAdmin', 'securityAdmin', 'securityAuditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];
/** Business roles, each held within a unit (and optionally the units below it). */
export type BusinessRole = 'registrar' | 'supervisor';
export type Role = AdminRole | BusinessRole;

export interface RoleScope {
  role: Role;
  /** Unit ids the role covers (the granted unit and, if asked, all units below it). Empty for admin roles. */
  unitIds: Set<string>;
  /** The unit the role was granted in, and whether it covers the units below it: what SQL tests (`unit_closure`). */
  grantedUnitId: string;
  subordinates: boolean;
}

/** The person making a request, in the capacity (post) they act in now. */
export interface Actor {
  personId: string;
  name: string;
  username: string;
  postId: string | null;
  postTitle: string | null;
  unitId: string | null;
  departmentId: string | null;
  clearance: Classification;
  roles: RoleScope[];
  /** At most one: the three administrator roles are held by three different people (三员分立). */
  adminRole: AdminRole | null;
  via: 'session' | 'token';
  /** People who have delegated their work to this person right now (代理): their items are in reach too. */
  actingFor: string[];
  /** Departments of the unit this leader's post is in charge of (分管): their drafts are within the leader's reach. */
  inChargeOf: string[];
  mustChangePassword: boolean;
}

export const hasAdminRole = (a: Actor, role: AdminRole): boolean => a.adminRole === role;
export const isAdministrator = (a: Actor): boolean => a.adminRole !== null;
export const hasRoleOver = (a: Actor, role: BusinessRole, unitId: string): boolean =>
  a.roles.some((r) => r.role === role && r.unitIds.has(unitId));
export const unitsWithRole = (a: Actor, role: BusinessRole): string[] => [
  ...new Set(a.roles.filter((r) => r.role === role).flatMap((r) => [...r.unitIds])),
];

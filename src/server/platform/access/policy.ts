import { forbidden } from '../errors';
import { hasAdminRole, type Actor } from './actor';

/**
 * Policies are tables of rules: for each resource type, each action is one line composed of small named
 * predicates (Outline's style). `can` answers; `authorize` throws Forbidden. Services call them for every
 * read and write; the web only mirrors them.
 */
type Rule<R> = (actor: Actor, resource: R) => boolean;
type PolicyTable<R> = Record<string, Rule<R>>;

const policies = new Map<string, PolicyTable<never>>();

export function definePolicy<R>(resourceType: string, table: PolicyTable<R>): void {
  policies.set(resourceType, table);
}

export function can<R>(actor: Actor, action: string, resourceType: string, resource: R): boolean {
  const rule = policies.get(resourceType)?.[action] as Rule<R> | undefined;
  return rule ? rule(actor, resource) : false;
}

export function authorize<R>(actor: Actor, action: string, resourceType: string, resource: R, message?: string): void {
  if (!can(actor, action, resourceType, resource)) throw forbidden(message);
}

/**
 * System functions of the three administrators (三员分立). None may do another's work; none of them
 * reads business content (items policies refuse administrators).
 */
definePolicy<null>('system', {
  'org.manage': (a) => hasAdminRole(a, 'sysAdmin'),
  'user.manage': (a) => hasAdminRole(a, 'sysAdmin'),
  'config.manage': (a) => hasAdminRole(a, 'sysAdmin'),
  'role.manage': (a) => hasAdminRole(a, 'securityAdmin'),
  'clearance.manage': (a) => hasAdminRole(a, 'securityAdmin'),
  // Every person's API tokens: listed and revoked by the security administrator (none can be created by one).
  'token.manage': (a) => hasAdminRole(a, 'securityAdmin'),
  'audit.read': (a) => hasAdminRole(a, 'securityAuditor'),
  'audit.verify': (a) => hasAdminRole(a, 'securityAuditor'),
  // The organisation tree and the calendar are reference data every signed-in person needs.
  'org.read': () => true,
  'calendar.read': () => true,
});

export const authorizeSystem = (actor: Actor, action: string): void =>
  authorize(actor, action, 'system', null, `当前账号无权执行此系统管理操作（三员分立：${action}）`);

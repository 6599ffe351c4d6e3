import type { Me } from './api/types';
import type { MessageKey } from './i18n';
import { WEB_MODULES } from './modules';
import { isRegistrar } from './roles';

export interface NavEntry {
  path: string;
  label: MessageKey;
  group?: MessageKey;
}

/** What the navigation offers this person: business work for people in posts, one admin area per administrator. */
export function navFor(me: Me): NavEntry[] {
  if (me.adminRole === 'sysAdmin') {
    return [
      { path: '/admin/org', label: 'nav.org', group: 'nav.group.admin' },
      { path: '/admin/users', label: 'nav.users', group: 'nav.group.admin' },
      { path: '/admin/delegations', label: 'nav.delegations', group: 'nav.group.admin' },
      { path: '/admin/calendar', label: 'nav.calendar', group: 'nav.group.admin' },
    ];
  }
  if (me.adminRole === 'securityAdmin') return [{ path: '/admin/security', label: 'nav.security', group: 'nav.group.admin' }];
  if (me.adminRole === 'securityAuditor') return [{ path: '/admin/audit', label: 'nav.audit', group: 'nav.group.admin' }];
  const modules: NavEntry[] = WEB_MODULES.flatMap((m) => [
    { path: `/${m.key}`, label: `module.${m.key}` as MessageKey, group: 'nav.group.modules' },
    ...(isRegistrar(me) ? (m.registrarNav ?? []) : []),
  ]);
  return [{ path: '/', label: 'nav.workbench' }, ...modules, { path: '/delegations', label: 'nav.myDelegations' }];
}

/** Where a person lands after signing in. */
export const homeOf = (me: Me): string => navFor(me)[0]?.path ?? '/';

import type { Me } from './api/types';
import type { MessageKey } from './i18n';
import { MODULES, type ModuleKey } from '../contract/workbench';

export interface NavEntry {
  path: string;
  label: MessageKey;
  group?: MessageKey;
}

/** Office modules that have pages in this build; a module appears in the navigation once it is listed here. */
export const BUILT_MODULES: readonly ModuleKey[] = ['incoming'];

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
  return [
    { path: '/', label: 'nav.workbench' },
    ...MODULES.filter((m) => BUILT_MODULES.includes(m)).map((m) => ({ path: `/${m}`, label: `module.${m}` as MessageKey, group: 'nav.group.modules' as MessageKey })),
    { path: '/delegations', label: 'nav.myDelegations' },
  ];
}

/** Where a person lands after signing in. */
export const homeOf = (me: Me): string => navFor(me)[0]?.path ?? '/';

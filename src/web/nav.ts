import type { Me } from './api/types';
import type { MessageKey } from './i18n';
import { MODULES, type ModuleKey } from '../contract/workbench';

export interface NavEntry {
  path: string;
  label: MessageKey;
  group?: MessageKey;
}

/** Office modules that have pages in this build; a module appears in the navigation once it is listed here. */
export const BUILT_MODULES: readonly ModuleKey[] = ['incoming', 'outgoing'];

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
  const modules: NavEntry[] = MODULES.filter((m) => BUILT_MODULES.includes(m)).flatMap((m) => [
    { path: `/${m}`, label: `module.${m}` as MessageKey, group: 'nav.group.modules' as MessageKey },
    ...(isRegistrar(me) ? (REGISTRAR_PAGES[m] ?? []) : []),
  ]);
  return [{ path: '/', label: 'nav.workbench' }, ...modules, { path: '/delegations', label: 'nav.myDelegations' }];
}

/** A registrar (文书) of the unit of the post the person acts in. */
export const isRegistrar = (me: Me): boolean => {
  const unitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId;
  return Boolean(unitId) && me.roles.some((r) => r.role === 'registrar' && r.unitIds.includes(unitId!));
};

/** The pages a registrar has under a module: 待签收 of documents distributed to the unit, the 文号 registers. */
const REGISTRAR_PAGES: Partial<Record<ModuleKey, NavEntry[]>> = {
  outgoing: [
    { path: '/outgoing/inbox', label: 'nav.outgoingInbox', group: 'nav.group.modules' },
    { path: '/outgoing/registers', label: 'nav.docRegisters', group: 'nav.group.modules' },
  ],
};

/** Where a person lands after signing in. */
export const homeOf = (me: Me): string => navFor(me)[0]?.path ?? '/';

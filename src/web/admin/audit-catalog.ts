import type { MessageKey } from '../i18n';

/** The actions the server records (recordEvent calls), offered as search choices with readable names. */
export const AUDIT_ACTIONS = [
  'auth.signIn',
  'auth.signIn.failed',
  'auth.signOut',
  'auth.password.change',
  'auth.capacity.switch',
  'auth.token.create',
  'auth.token.revoke',
  'user.create',
  'user.password.reset',
  'user.unlock',
  'user.disable',
  'user.enable',
  'access.clearance.set',
  'access.role.grant',
  'access.role.revoke',
  'access.adminRole.assign',
  'org.unit.create',
  'org.unit.update',
  'org.department.create',
  'org.post.create',
  'org.post.end',
  'org.leaderInCharge.set',
  'org.delegation.create',
  'org.delegation.revoke',
  'calendar.import',
  'item.create',
  'item.read',
  'item.update',
  'item.access.grant',
  'incoming.register',
  'incoming.signFor',
  'flow.start',
  'flow.submit',
  'flow.return',
  'flow.retract',
  'flow.reassign',
  'flow.addHandler',
  'task.create',
  'task.complete',
  'task.remind',
  'task.remind.auto',
  'circulation.start',
  'circulation.read',
  'phrases.save',
  'audit.chain.keyed',
  'audit.chain.broken',
  'audit.seal.export',
] as const;

/** The kinds of object events are about (targetType). */
export const AUDIT_TARGETS = ['person', 'account', 'apiToken', 'unit', 'department', 'post', 'delegation', 'calendarYear', 'item', 'task', 'organisation', 'auditChain'] as const;

export const actionKey = (a: string) => `admin.audit.action.${a}` as MessageKey;
export const targetKey = (t: string) => `admin.audit.target.${t}` as MessageKey;

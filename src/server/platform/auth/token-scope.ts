import { MODULES } from '../../../contract/workbench';
import type { TokenArea, TokenScope } from '../../../contract/auth';
import { forbidden } from '../errors';

/**
 * What an API token may call, decided by route: `/api/v1/<segment>/…` names the area its scope must hold —
 * an office module by its key (`/incoming` → incoming), or a kernel area from this table. GET and HEAD read;
 * every other method writes. Routes of no area are never open to a token, whatever its scope: sign-in and
 * passwords, tokens themselves, delegations, the capacity switch, administration (`/admin`) and the audit log.
 */
const KERNEL_AREAS: Record<string, TokenArea> = {
  items: 'items',
  files: 'files',
  tasks: 'tasks',
  // 延期 requests are decided as tasks are.
  extensions: 'tasks',
  workbench: 'tasks',
  notifications: 'tasks',
  // 发文's distribution (签收/退文) and its 文号 registers.
  deliveries: 'outgoing',
  'doc-registers': 'outgoing',
  'doc-numbers': 'outgoing',
  // 办会's 议题 and rooms.
  'meeting-topics': 'meetings',
  rooms: 'meetings',
  metrics: 'efficiency',
  org: 'org',
  calendar: 'calendar',
};

/** `/api/v1/me/<segment>`: the person's own things. '' is `/me` itself, whom the token acts for: any token reads it. */
const ME_AREAS: Record<string, TokenArea | 'any'> = {
  '': 'any',
  phrases: 'tasks',
};

const READS = new Set(['GET', 'HEAD']);
const API = '/api/v1/';

/** The area a route belongs to; null when no token may call it. */
export function tokenAreaOf(route: string): TokenArea | 'any' | null {
  if (!route.startsWith(API)) return null;
  const [first = '', second = ''] = route.slice(API.length).split('/');
  if (first === 'me') return ME_AREAS[second] ?? null;
  if ((MODULES as readonly string[]).includes(first)) return first as TokenArea;
  return KERNEL_AREAS[first] ?? null;
}

/** `incoming:write` covers reading incoming too. */
const holds = (scope: readonly string[], area: TokenArea, write: boolean): boolean =>
  scope.includes(`${area}:write`) || (!write && scope.includes(`${area}:read`));

/** Refuses (403) a request a token's scope does not cover; `route` is the route's pattern, e.g. /api/v1/incoming/:id. */
export function authorizeTokenRequest(scope: readonly TokenScope[], method: string, route: string): void {
  const area = tokenAreaOf(route);
  if (area === null) {
    throw forbidden('API 令牌不能调用此接口：登录与密码、API 令牌、代理、身份切换、系统管理与审计只能由本人登录后操作');
  }
  if (area === 'any') {
    if (READS.has(method)) return;
    throw forbidden('API 令牌只能读取当前用户信息');
  }
  const write = !READS.has(method);
  if (!holds(scope, area, write)) {
    const needed = `${area}:${write ? 'write' : 'read'}`;
    throw forbidden(`该 API 令牌的权限范围不含 ${needed}，不能${write ? '修改' : '读取'}此处的数据`);
  }
}

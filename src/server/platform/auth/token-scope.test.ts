import { describe, expect, it } from 'vitest';
import { TOKEN_SCOPES, type TokenScope } from '../../../contract/auth';
import { DomainError } from '../errors';
import { authorizeTokenRequest, tokenAreaOf } from './token-scope';

const allowed = (scope: TokenScope[], method: string, route: string) => {
  try {
    authorizeTokenRequest(scope, method, route);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).status).toBe(403);
    return false;
  }
};

describe('what an API token may call, by route', () => {
  it('each office module is its own area, and the kernel routes belong to the area they serve', () => {
    expect(tokenAreaOf('/api/v1/incoming/:id/sheet.pdf')).toBe('incoming');
    expect(tokenAreaOf('/api/v1/outgoing/:id/issued')).toBe('outgoing');
    expect(tokenAreaOf('/api/v1/deliveries/:id/sign-for')).toBe('outgoing');
    expect(tokenAreaOf('/api/v1/doc-registers/:id/numbers')).toBe('outgoing');
    expect(tokenAreaOf('/api/v1/items/:id/files')).toBe('items');
    expect(tokenAreaOf('/api/v1/files/:id/content')).toBe('files');
    expect(tokenAreaOf('/api/v1/tasks/:id/submit')).toBe('tasks');
    expect(tokenAreaOf('/api/v1/workbench/:tab')).toBe('tasks');
    expect(tokenAreaOf('/api/v1/me/phrases')).toBe('tasks');
    expect(tokenAreaOf('/api/v1/metrics/:kind')).toBe('efficiency');
    expect(tokenAreaOf('/api/v1/me')).toBe('any');
  });

  it('administration, the audit log, sign-in, passwords, tokens, delegations and the capacity switch are no area', () => {
    for (const route of [
      '/api/v1/admin/users/:id/reset-password',
      '/api/v1/admin/role-grants',
      '/api/v1/admin/api-tokens',
      '/api/v1/audit/events',
      '/api/v1/audit/verify',
      '/api/v1/auth/password',
      '/api/v1/auth/sign-in',
      '/api/v1/me/tokens',
      '/api/v1/me/tokens/:id',
      '/api/v1/me/capacity',
      '/api/v1/delegations/:id/approve',
      '/api/v1/some-new-route',
    ]) {
      expect([route, tokenAreaOf(route)]).toEqual([route, null]);
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) expect(allowed(TOKEN_SCOPES, method, route)).toBe(false);
    }
  });

  it('GET and HEAD read; every other method writes; write covers read', () => {
    expect(allowed(['incoming:read'], 'GET', '/api/v1/incoming/:id')).toBe(true);
    expect(allowed(['incoming:read'], 'HEAD', '/api/v1/incoming/:id')).toBe(true);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(allowed(['incoming:read'], method, '/api/v1/incoming')).toBe(false);
    expect(allowed(['incoming:write'], 'GET', '/api/v1/incoming/:id')).toBe(true);
    expect(allowed(['incoming:write'], 'POST', '/api/v1/incoming/:id/void')).toBe(true);
  });

  it('a scope reaches its own area only', () => {
    expect(allowed(['incoming:write'], 'GET', '/api/v1/outgoing')).toBe(false);
    expect(allowed(['incoming:write'], 'GET', '/api/v1/items')).toBe(false);
    expect(allowed(['outgoing:read'], 'GET', '/api/v1/deliveries')).toBe(true);
    expect(allowed(['org:read'], 'POST', '/api/v1/org/units')).toBe(false);
    expect(allowed(['incoming:read'], 'GET', '/api/v1/me')).toBe(true);
    expect(allowed(TOKEN_SCOPES, 'PUT', '/api/v1/me')).toBe(false);
  });

  it('the organisation, the calendar and 效能 are offered to read only', () => {
    expect(TOKEN_SCOPES).toContain('org:read');
    expect(TOKEN_SCOPES).not.toContain('org:write');
    expect(TOKEN_SCOPES).not.toContain('calendar:write');
    expect(TOKEN_SCOPES).not.toContain('efficiency:write');
    expect(TOKEN_SCOPES).toContain('incoming:write');
  });
});

/**
 * Domain errors are values with codes; they are mapped to HTTP in one place (platform/http/errors.ts).
 * Messages are Chinese, shown to users as they are.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'URI_TOO_LONG'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'SESSION_EXPIRED'
  | 'BAD_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'CSRF_FAILED'
  | 'FORBIDDEN'
  | 'CLEARANCE_INSUFFICIENT'
  | 'CLASSIFICATION_ABOVE_CEILING'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IDEMPOTENCY_MISMATCH'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  BAD_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  CLEARANCE_INSUFFICIENT: 403,
  CLASSIFICATION_ABOVE_CEILING: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_MISMATCH: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** A refusal the client is told is a 404 (the thing exists; the actor may not know it): audited as refused. */
  refused = false;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

export const invalid = (message: string, details?: unknown) => new DomainError('VALIDATION_FAILED', message, details);
export const forbidden = (message = '没有权限执行此操作') => new DomainError('FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在或无权查看`);
/** Answered exactly as `notFound`, so nobody learns the thing exists; the audit log records the refusal. */
export const hiddenFrom = (what: string) => Object.assign(notFound(what), { refused: true });
/** The server lacks something it needs (a font, a converter); the message says what to install. */
export const unavailable = (message: string) => new DomainError('UNAVAILABLE', message);
export const conflict = (message: string, details?: unknown) => new DomainError('CONFLICT', message, details);

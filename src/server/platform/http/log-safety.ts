/**
 * How errors appear in the log. A failed query carries its parameters (a whole 内部 draft, titles, search words,
 * API-token hashes) in drizzle's message and stack, and PostgreSQL's message and detail quote values too
 * (`Key (name)=(…) already exists`, `invalid input syntax for type uuid: "…"`). So for database errors the log
 * keeps the statement's shape (its SQL with placeholders, never the values), the SQLSTATE and the object it
 * concerns — enough to find the fault, nothing of what was written.
 */
interface LoggedError {
  type: string;
  message?: string;
  code?: string;
  statement?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  stack?: string;
  cause?: LoggedError;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const isQueryError = (e: object): e is { query: unknown; params: unknown } => 'query' in e && 'params' in e;
const isDatabaseError = (e: object) =>
  typeof (e as { code?: unknown }).code === 'string' &&
  SQLSTATE.test((e as { code: string }).code) &&
  ('severity' in e || 'routine' in e);
/** The stack's frames alone: its first lines repeat the message, which may run over several lines. */
const frames = (e: object) =>
  typeof (e as Error).stack === 'string'
    ? (e as Error)
        .stack!.split('\n')
        .filter((l) => /^\s+at /.test(l))
        .join('\n')
    : undefined;
/** A statement as written in the code: placeholders ($1 …) stand where the values went. */
const statementOf = (q: unknown) => (typeof q === 'string' ? q.replace(/\s+/g, ' ').slice(0, 300) : undefined);

function hasDatabaseCause(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  return isQueryError(e) || isDatabaseError(e) || hasDatabaseCause((e as { cause?: unknown }).cause, depth + 1);
}

export function serializeError(e: unknown, depth = 0): LoggedError {
  if (!e || typeof e !== 'object') return { type: typeof e, message: String(e).slice(0, 500) };
  const name = (e as Error).name ?? e.constructor?.name ?? 'Error';
  const cause =
    depth < 5 && (e as { cause?: unknown }).cause ? serializeError((e as { cause?: unknown }).cause, depth + 1) : undefined;
  const pick = (k: string) =>
    typeof (e as Record<string, unknown>)[k] === 'string' ? ((e as Record<string, unknown>)[k] as string) : undefined;
  // PGlite's errors are both: a SQLSTATE and the query with its parameters.
  const statement = isQueryError(e) ? { statement: statementOf(e.query) } : {};
  if (isDatabaseError(e)) {
    const where = { table: pick('table'), column: pick('column'), constraint: pick('constraint'), routine: pick('routine') };
    return { type: name, code: pick('code'), ...statement, ...where, stack: frames(e), ...(cause ? { cause } : {}) };
  }
  if (isQueryError(e)) return { type: name, ...statement, stack: frames(e), ...(cause ? { cause } : {}) };
  // An error that wraps a database error may have copied its message.
  const quiet = hasDatabaseCause((e as { cause?: unknown }).cause);
  return {
    type: name,
    ...(quiet ? {} : { message: (e as Error).message }),
    code: pick('code'),
    stack: quiet ? frames(e) : (e as Error).stack,
    ...(cause ? { cause } : {}),
  };
}

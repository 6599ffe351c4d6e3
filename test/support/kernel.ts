import type { RequestContext } from '../../src/server/platform/context';
import type { Actor } from '../../src/server/platform/access/actor';
import type { WorkCalendar } from '../../src/server/platform/calendar/calendar';
import { DomainError } from '../../src/server/platform/errors';
import type { TestApp } from './app';

// What the kernel's own tests (engine, dispatch, 延期, 进展报告) need to call services directly, written once.

export type TestTx = Parameters<Parameters<TestApp['database']['db']['transaction']>[0]>[0];

/**
 * The service calls of a kernel test: `run` a function in one transaction (compute every value it needs first —
 * PGlite has one connection, so a query outside the transaction inside it waits for ever), and the RequestContext of an
 * actor at the test clock's now.
 */
export function kernelCalls(app: () => TestApp, cal: () => WorkCalendar, requestId: string) {
  return {
    run: <T>(f: (tx: TestTx) => Promise<T>) => app().database.db.transaction(f),
    ctx: (a: Actor): RequestContext => ({
      actor: a,
      audit: { personId: a.personId, postId: a.postId, requestId },
      now: app().clock.now(),
      cal: cal(),
      ceiling: app().config.classificationCeiling,
    }),
  };
}

/** The refusal a call ends in (its code and message), or null when it succeeds; anything but a DomainError fails the test. */
export const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => {
      if (e instanceof DomainError) return { code: e.code, message: e.message };
      throw e;
    },
  );

import type { Classification } from '../../contract/common';
import type { Actor } from './access/actor';
import type { AuditContext } from './audit/service';
import type { WorkCalendar } from './calendar/calendar';

/**
 * What every service verb needs besides its transaction and its input: who acts (roles, delegations, 分管 on the
 * actor), the audit context (person, post, address, request id), the moment, the official working calendar and the
 * deployment's classification ceiling. A request builds it once (`http/request.ts contextOf`); a test, the demo and
 * the benchmark build one the same way. The transaction travels beside it, not in it: one request may run several
 * (批量已阅 gives each task its own), and a read helper takes a transaction without needing who acts.
 */
export interface RequestContext {
  actor: Actor;
  audit: AuditContext;
  now: Date;
  cal: WorkCalendar;
  ceiling: Classification;
}

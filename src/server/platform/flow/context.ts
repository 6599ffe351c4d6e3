import type { FastifyRequest } from 'fastify';
import type { CalendarService } from '../calendar/service';
import type { Clock } from '../clock';
import { auditContext, requireActor } from '../http/context';
import type { FlowContext } from './engine';

/**
 * The FlowContext of a request — who acts, the audit context, now, the working calendar — built the same way in
 * every route file: `const ctxOf = flowContexts(clock, calendar)`, then `await ctxOf(req)`.
 */
export function flowContexts(clock: Clock, calendar: CalendarService) {
  return async (req: FastifyRequest): Promise<FlowContext> => ({
    actor: requireActor(req),
    audit: auditContext(req),
    now: clock.now(),
    cal: await calendar.get(),
  });
}

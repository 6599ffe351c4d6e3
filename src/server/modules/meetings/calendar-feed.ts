import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client';
import type { Actor } from '../../platform/access/actor';
import { rank } from '../../platform/access/classification';
import { requireActor } from '../../platform/http/context';
import { icsCalendar } from '../../platform/export/ics';
import { item } from '../../platform/items/schema';
import { person } from '../../org/schema';
import type { Classification } from '../../../contract/common';
import { MEETING_KINDS } from './kinds';
import { withdrawnPeople } from './notice';
import { meeting, meetingParticipant } from './schema';

// 日历订阅 (issue 17, outside tools): a person's meetings as an iCalendar feed their phone's calendar subscribes to,
// read with their subscription secret (platform/auth/feeds.ts). A phone's calendar is synchronised through services
// outside the network, so the feed carries only what may leave it: meetings marked 公开 or 内部 — a classified
// meeting is not in it at all, not even its time — and of those the name, time, place and chair, never the agenda.

const DAY = 86_400_000;
/** From a month back (so yesterday's meeting stays on the phone) to a year ahead. */
const WINDOW = { backDays: 31, aheadDays: 366 };
const SHAREABLE = rank('内部');

/** The meetings the actor sits in or chairs, once their agenda is fixed (the chair's from the plan), in the window. */
async function meetingsFor(db: Queryable, actor: Actor, now: Date) {
  const invited = db
    .select({ id: meetingParticipant.meetingItemId })
    .from(meetingParticipant)
    .where(eq(meetingParticipant.personId, actor.personId));
  const rows = await db
    .select({ m: meeting, title: item.title, classification: item.classification, updatedAt: item.updatedAt })
    .from(meeting)
    .innerJoin(item, eq(item.id, meeting.itemId))
    .where(
      and(
        gte(meeting.startsAt, new Date(now.getTime() - WINDOW.backDays * DAY)),
        lt(meeting.startsAt, new Date(now.getTime() + WINDOW.aheadDays * DAY)),
        or(eq(meeting.chairPersonId, actor.personId), and(inArray(meeting.itemId, invited), isNotNull(meeting.agendaFixedAt))),
        // A cancelled meeting leaves the phone calendars it reached.
        isNull(meeting.cancelledAt),
      ),
    )
    .orderBy(asc(meeting.startsAt));
  // Nothing above 内部, nor above what the person is cleared for; nor a meeting whose notice was withdrawn from them.
  const ceiling = Math.min(SHAREABLE, rank(actor.clearance));
  const out = [];
  for (const r of rows)
    if (
      rank(r.classification as Classification) <= ceiling &&
      (r.m.chairPersonId === actor.personId || !(await withdrawnPeople(db, r.m.itemId)).has(actor.personId))
    )
      out.push(r);
  return out;
}

export async function calendarFeedRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/meetings/calendar.ics',
    {
      config: { feed: true },
      schema: {
        tags: ['meetings'],
        summary: '我的会议（iCalendar 订阅，凭本人的日历订阅地址；不含涉密会议）',
        querystring: z.strictObject({ token: z.string().max(100).optional() }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const now = app.zs.clock.now();
      const db = app.zs.database.db;
      const rows = await meetingsFor(db, actor, now);
      const chairs = rows.length
        ? new Map(
            (
              await db
                .select({ id: person.id, name: person.name })
                .from(person)
                .where(inArray(person.id, [...new Set(rows.map((x) => x.m.chairPersonId))]))
            ).map((p) => [p.id, p.name]),
          )
        : new Map<string, string>();
      const origin = `${req.protocol}://${req.host}`;
      const body = icsCalendar(
        '中枢·我的会议',
        rows.map(({ m, title, updatedAt }) => ({
          uid: `${m.itemId}@zhongshu`,
          start: m.startsAt,
          end: m.endsAt,
          summary: title,
          location: m.place,
          description: `${MEETING_KINDS[m.meetingKind].name}，主持人：${chairs.get(m.chairPersonId) ?? ''}`,
          url: `${origin}/meetings/${m.itemId}`,
          updatedAt,
        })),
        now,
      );
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(body);
    },
  );
}

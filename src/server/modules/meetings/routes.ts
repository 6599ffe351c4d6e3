import type { FastifyInstance } from 'fastify';
import { topicRoutes } from './topic-routes';
import { meetingItemRoutes } from './meeting-routes';
import { seatingRoutes } from './seating-routes';
import { roomRoutes } from './room-routes';
import { calendarFeedRoutes } from './calendar-feed';
import { noticeRoutes } from './notice-routes';
import { checkInRoutes } from './checkin-routes';
import { minutesRoutes } from './minutes-routes';
import { materialRoutes } from './materials-routes';
import { kindRoutes } from './kind-routes';

/** 办会's routes: 议题 at /meeting-topics (topic-routes.ts), rooms at /rooms, meetings at /meetings. */
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(topicRoutes);
  await app.register(meetingItemRoutes);
  // 座次: seating chart and table cards at /meetings/seating (seating-routes.ts)
  await app.register(seatingRoutes);
  await app.register(roomRoutes);
  // 日历订阅: /meetings/calendar.ics, read with a person's subscription secret (calendar-feed.ts).
  await app.register(calendarFeedRoutes);
  // 会议通知 and 回执 at /meetings/:id/notice (notice-routes.ts)
  await app.register(noticeRoutes);
  // 签到: check-in and quorum at /meetings/:id/check-ins (checkin-routes.ts)
  await app.register(checkInRoutes);
  // 会议记录, 议定事项, 纪要, 转督办 (minutes-routes.ts)
  await app.register(minutesRoutes);
  // 会议材料, 涉密材料分发登记, 精文减会 (materials-routes.ts)
  await app.register(materialRoutes);
  // 会议类型设置 at /meetings/kinds (kind-routes.ts)
  await app.register(kindRoutes);
}

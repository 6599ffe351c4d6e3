import type { FastifyInstance } from 'fastify';
import { topicRoutes } from './topic-routes';
import { meetingItemRoutes } from './meeting-routes';
import { seatingRoutes } from './seating-routes';
import { roomRoutes } from './room-routes';
import { minutesRoutes } from './minutes-routes';

/** 办会's routes: 议题 at /meeting-topics (topic-routes.ts), rooms at /rooms, meetings at /meetings. */
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(topicRoutes);
  await app.register(meetingItemRoutes);
  // 座次: seating chart and table cards at /meetings/seating (seating-routes.ts)
  await app.register(seatingRoutes);
  await app.register(roomRoutes);
  // 会议记录, 议定事项, 纪要, 转督办 (minutes-routes.ts)
  await app.register(minutesRoutes);
}

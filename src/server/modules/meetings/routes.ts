import type { FastifyInstance } from 'fastify';
import { topicRoutes } from './topic-routes';
import { meetingItemRoutes } from './meeting-routes';
import { seatingRoutes } from './seating-routes';
import { roomRoutes } from './room-routes';
import { materialRoutes } from './materials-routes';

/** 办会's routes: 议题 at /meeting-topics (topic-routes.ts), rooms at /rooms, meetings at /meetings. */
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(topicRoutes);
  await app.register(meetingItemRoutes);
  // 座次: seating chart and table cards at /meetings/seating (seating-routes.ts)
  await app.register(seatingRoutes);
  await app.register(roomRoutes);
  // 会议材料, 涉密材料分发登记, 精文减会 (materials-routes.ts)
  await app.register(materialRoutes);
}

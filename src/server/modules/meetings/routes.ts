import type { FastifyInstance } from 'fastify';
import { topicRoutes } from './topic-routes';
import { roomRoutes } from './room-routes';

/** 办会's routes: 议题 at /meeting-topics (topic-routes.ts), rooms at /rooms, meetings at /meetings. */
export async function meetingRoutes(app: FastifyInstance) {
  await app.register(topicRoutes);
  await app.register(roomRoutes);
}

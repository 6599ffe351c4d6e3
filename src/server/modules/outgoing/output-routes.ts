import type { FastifyInstance } from 'fastify';

/** The .docx and PDF of a draft (GB/T 9704); wired once the writer lands. */
export async function outputRoutes(_app: FastifyInstance) {}

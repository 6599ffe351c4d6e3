import type { WebModule } from '../../../modules';

/** The 会议室 pages: rooms, their week, bookings and their approval. */
export const roomPages: WebModule['pages'] = [];

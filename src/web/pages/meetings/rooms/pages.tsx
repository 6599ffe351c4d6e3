import type { WebModule } from '../../../modules';
import { RoomsPage } from './RoomsPage';

/** The 会议室 pages: rooms, their week, bookings and their approval (for everyone 办会's entry is offered to). */
export const roomPages: WebModule['pages'] = [{ path: '/meetings/rooms', element: <RoomsPage />, allowedBy: '/meetings' }];

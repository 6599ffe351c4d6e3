import type { WebModule } from '../../modules';
import { meetingMessages, type MeetingMessageKey } from './messages';
import { roomMessages, type RoomMessageKey } from './rooms/messages';
import { roomPages } from './rooms/pages';
import { seatingMessages, type SeatingMessageKey } from './seating/messages';
import { seatingPages } from './seating/pages';

/**
 * 办会 in the web app: 议题 (a unit's proposal through its procedure to the office's 议题库), meeting rooms and their
 * bookings (rooms/), seating charts and table cards (seating/).
 */
export const meetingsWeb: WebModule<MeetingMessageKey | RoomMessageKey | SeatingMessageKey> = {
  key: 'meetings',
  messages: {
    'zh-CN': { ...meetingMessages['zh-CN'], ...roomMessages['zh-CN'], ...seatingMessages['zh-CN'] },
    en: { ...meetingMessages.en, ...roomMessages.en, ...seatingMessages.en },
  },
  pages: [...roomPages, ...seatingPages],
};

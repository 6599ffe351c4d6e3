import type { WebModule } from '../../modules';
import { meetingMessages, type MeetingMessageKey } from './messages';
import { roomMessages, type RoomMessageKey } from './rooms/messages';
import { roomPages } from './rooms/pages';
import { seatingMessages, type SeatingMessageKey } from './seating/messages';
import { seatingPages } from './seating/pages';
import { materialMessages, type MaterialMessageKey } from './materials/messages';
import { materialPages } from './materials/pages';
import { TopicsPage } from './TopicsPage';
import { NewTopicPage } from './NewTopicPage';
import { ItemPage } from './ItemPage';
import { MeetingsPage } from './MeetingsPage';
import { NewMeetingPage } from './NewMeetingPage';

/**
 * 办会 in the web app: 议题 (a unit's proposal through its procedure to the office's 议题库), meeting rooms and their
 * bookings (rooms/), seating charts and table cards (seating/). Every item of the module opens at /meetings/:id.
 */
export const meetingsWeb: WebModule<MeetingMessageKey | RoomMessageKey | SeatingMessageKey | MaterialMessageKey> = {
  key: 'meetings',
  messages: {
    'zh-CN': { ...meetingMessages['zh-CN'], ...roomMessages['zh-CN'], ...seatingMessages['zh-CN'], ...materialMessages['zh-CN'] },
    en: { ...meetingMessages.en, ...roomMessages.en, ...seatingMessages.en, ...materialMessages.en },
  },
  pages: [
    { path: '/meetings', element: <MeetingsPage /> },
    { path: '/meetings/new', element: <NewMeetingPage /> },
    { path: '/meetings/topics', element: <TopicsPage /> },
    { path: '/meetings/topics/new', element: <NewTopicPage /> },
    ...roomPages,
    ...seatingPages,
    ...materialPages,
    { path: '/meetings/:id', element: <ItemPage /> },
  ],
};

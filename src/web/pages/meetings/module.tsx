import type { WebModule } from '../../modules';
import { meetingMessages, type MeetingMessageKey } from './messages';
import { roomMessages, type RoomMessageKey } from './rooms/messages';
import { roomPages } from './rooms/pages';
import { seatingMessages, type SeatingMessageKey } from './seating/messages';
import { seatingPages } from './seating/pages';
import { noticeMessages, type NoticeMessageKey } from './notice/messages';
import { checkInMessages, type CheckInMessageKey } from './checkin/messages';
import { CheckInPage } from './checkin/CheckInPage';
import { minutesMessages, type MinutesMessageKey } from './minutes/messages';
import { materialMessages, type MaterialMessageKey } from './materials/messages';
import { materialPages } from './materials/pages';
import { TopicsPage } from './TopicsPage';
import { NewTopicPage } from './NewTopicPage';
import { ItemPage } from './ItemPage';
import { MeetingsPage } from './MeetingsPage';
import { NewMeetingPage } from './NewMeetingPage';
import { StatisticsPage } from './StatisticsPage';
import { KindsPage } from './KindsPage';

/**
 * 办会 in the web app: 议题 (a unit's proposal through its procedure to the office's 议题库), meeting rooms and their
 * bookings (rooms/), seating charts and table cards (seating/). Every item of the module opens at /meetings/:id.
 */
export const meetingsWeb: WebModule<
  | MeetingMessageKey
  | RoomMessageKey
  | SeatingMessageKey
  | NoticeMessageKey
  | CheckInMessageKey
  | MinutesMessageKey
  | MaterialMessageKey
> = {
  key: 'meetings',
  messages: {
    'zh-CN': {
      ...meetingMessages['zh-CN'],
      ...roomMessages['zh-CN'],
      ...seatingMessages['zh-CN'],
      ...noticeMessages['zh-CN'],
      ...checkInMessages['zh-CN'],
      ...minutesMessages['zh-CN'],
      ...materialMessages['zh-CN'],
    },
    en: {
      ...meetingMessages.en,
      ...roomMessages.en,
      ...seatingMessages.en,
      ...noticeMessages.en,
      ...checkInMessages.en,
      ...minutesMessages.en,
      ...materialMessages.en,
    },
  },
  // A 纪要 and the meeting it records show each other.
  links: { minutesOf: { to: 'meetings.link.minutesOf.to', from: 'meetings.link.minutesOf.from' } },
  pages: [
    { path: '/meetings', element: <MeetingsPage /> },
    { path: '/meetings/new', element: <NewMeetingPage /> },
    { path: '/meetings/topics', element: <TopicsPage /> },
    { path: '/meetings/topics/new', element: <NewTopicPage /> },
    { path: '/meetings/statistics', element: <StatisticsPage /> },
    // 会议类型设置: everyone reads an office's kinds; its registrars change them
    { path: '/meetings/kinds', element: <KindsPage /> },
    ...roomPages,
    ...seatingPages,
    ...materialPages,
    // 签到: the page an attendee's phone opens from the screen's QR code
    { path: '/meetings/:id/check-in', element: <CheckInPage /> },
    { path: '/meetings/:id', element: <ItemPage /> },
  ],
};

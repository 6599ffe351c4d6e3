// UI text of the 办会 pages for 议题 and meetings, carried by the module's web declaration (module.tsx) into the app's
// catalogs; rooms and seating keep theirs beside their pages (rooms/messages.ts, seating/messages.ts). English has
// every key of the Chinese. Meeting kinds' names are the server's (meetings/kinds.ts): keep them in step.

const zhCN = {
  'meetings.topics.title': '议题',
} as const;

export type MeetingMessageKey = keyof typeof zhCN;

export const meetingMessages: Record<'zh-CN' | 'en', Record<MeetingMessageKey, string>> = {
  'zh-CN': zhCN,
  en: {
    'meetings.topics.title': 'Topics',
  },
};

// UI text of the 会议室 pages (rooms and bookings). English has every key of the Chinese.

const zhCN = {
  'meetings.rooms.title': '会议室',
} as const;

export type RoomMessageKey = keyof typeof zhCN;

export const roomMessages: Record<'zh-CN' | 'en', Record<RoomMessageKey, string>> = {
  'zh-CN': zhCN,
  en: {
    'meetings.rooms.title': 'Meeting rooms',
  },
};

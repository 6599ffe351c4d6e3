// UI text of the 座次 pages (seating chart and table cards). English has every key of the Chinese.

const zhCN = {
  'meetings.seating.title': '座次',
} as const;

export type SeatingMessageKey = keyof typeof zhCN;

export const seatingMessages: Record<'zh-CN' | 'en', Record<SeatingMessageKey, string>> = {
  'zh-CN': zhCN,
  en: {
    'meetings.seating.title': 'Seating',
  },
};

// UI text of the administration pages. `adminEn` must have every key of `adminZhCN`.

export const adminZhCN = {
  'admin.placeholder': '管理',
} as const;

export const adminEn: Record<keyof typeof adminZhCN, string> = {
  'admin.placeholder': 'Administration',
};

import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { Supervision } from './queries';

/** 红黄绿灯 as a coloured tag that also says its colour in words (never colour alone). */
export function LightTag({ light }: { light: Supervision['light'] }) {
  const { t } = useI18n();
  if (!light) return null;
  const color = { green: 'success', yellow: 'warning', red: 'error' } as const;
  return (
    <Tag color={color[light]} data-testid="light">
      {t(`supervision.light.${light}`)}
    </Tag>
  );
}

/** 报告周期 in words. */
export function useCadenceText() {
  const { t } = useI18n();
  return (c: Supervision['cadence']) => {
    switch (c.kind) {
      case 'once':
        return t('supervision.cadenceText.once');
      case 'weekly':
        return t('supervision.cadenceText.weekly', { weekday: t(`supervision.weekday.${c.weekday}` as 'supervision.weekday.1') });
      case 'monthly':
        return t('supervision.cadenceText.monthly', { day: c.day });
      case 'quarterly':
        return t('supervision.cadenceText.quarterly', { day: c.day });
      case 'everyWorkdays':
        return t('supervision.cadenceText.everyWorkdays', { n: c.workdays });
    }
  };
}

/** Every source, in the order the office reads them (a source the contract adds and this misses does not compile). */
const SOURCE_ORDER: Record<Supervision['source'], number> = {
  upperDecision: 1,
  meeting: 2,
  keyWork: 3,
  leaderInstruction: 4,
  npcCppcc: 5,
  public: 6,
  inspection: 7,
  other: 8,
};
export const SOURCE_KEYS = (Object.keys(SOURCE_ORDER) as Supervision['source'][]).sort(
  (a, b) => SOURCE_ORDER[a] - SOURCE_ORDER[b],
);

export const CATEGORY_KEYS = ['key', 'ordinary'] as const satisfies readonly Supervision['category'][];

import { Tag } from 'antd';
import type { z } from 'zod';
import { useI18n } from '../i18n';
import { WeekendsOnlyTag } from './calendar-coverage';
import type { deadlineSchema } from '../../contract/workbench';

export type Deadline = z.output<typeof deadlineSchema>;

/**
 * Where a time limit stands, in working days on both sides of it (剩 N 个工作日 / 超期 N 个工作日), as the server
 * counts them on the official calendar; marked when a year's calendar is not loaded.
 */
export function DeadlineStatus({ deadline: d }: { deadline: Deadline }) {
  const { t } = useI18n();
  let status: string;
  let cls = '';
  if (d.overdueWorkdays !== null) {
    status = d.overdueWorkdays > 0 ? t('workbench.overdue', { n: d.overdueWorkdays }) : t('workbench.overdueNoWorkday');
    cls = 'zs-overdue';
  } else if (d.remainingWorkdays === 0) {
    status = t('workbench.dueToday');
    cls = 'zs-due-soon';
  } else {
    status = t('workbench.remaining', { n: d.remainingWorkdays ?? 0 });
    if ((d.remainingWorkdays ?? 0) <= 2) cls = 'zs-due-soon';
  }
  return (
    <span className={cls} data-testid="deadline-status">
      {status}
      {d.missingYears.length > 0 ? (
        <WeekendsOnlyTag years={d.missingYears} />
      ) : (
        !d.calendarComplete && <Tag style={{ marginInlineStart: 4 }}>{t('workbench.calendarIncomplete')}</Tag>
      )}
    </span>
  );
}

/** Open and past its time limit (on a weekend right after it too, when no working day has been lost yet). */
export const isOverdue = (d: Deadline | null | undefined): boolean => Boolean(d && d.overdueWorkdays !== null);

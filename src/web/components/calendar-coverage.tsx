import { Alert, Tag, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useMe } from '../auth';
import { useI18n } from '../i18n';
import type { calendarCoverageSchema } from '../../contract/calendar';
import type { z } from 'zod';

type Coverage = z.output<typeof calendarCoverageSchema>;

/**
 * From 1 November, while next year's official calendar is not loaded: tells the system administrator (who imports
 * it) and registrars (whose deadlines run into it) that deadlines there count weekends only.
 */
export function CalendarCoverageNotice() {
  const { t } = useI18n();
  const me = useMe();
  const admin = me.adminRole === 'sysAdmin';
  const registrar = me.roles.some((r) => r.role === 'registrar');
  const coverage = useQuery({
    queryKey: ['calendar', 'coverage'],
    queryFn: () => api.get<Coverage>('/calendar/coverage'),
    enabled: admin || registrar,
    staleTime: 10 * 60_000,
  });
  const missing = coverage.data?.nextYearMissing;
  if (!missing || !(admin || registrar)) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="calendar-next-year-missing"
      message={t('calendar.nextYearMissing.title', { year: missing.year })}
      description={
        admin ? (
          <>
            {t('calendar.nextYearMissing.admin', { year: missing.year })}{' '}
            <Link to="/admin/calendar">{t('calendar.nextYearMissing.import')}</Link>
          </>
        ) : (
          t('calendar.nextYearMissing.registrar', { year: missing.year })
        )
      }
    />
  );
}

/** Beside a deadline that runs into a year without the official calendar: it was counted on weekends only. */
export function WeekendsOnlyTag({ years }: { years: number[] }) {
  const { t } = useI18n();
  if (!years.length) return null;
  return (
    <Tooltip title={t('calendar.weekendsOnlyHint', { years: years.join(t('common.sep')) })}>
      <Tag color="orange" style={{ marginInlineStart: 4 }} data-testid="weekends-only">
        {t('calendar.weekendsOnly')}
      </Tag>
    </Tooltip>
  );
}

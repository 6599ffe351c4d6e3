import { Alert, Button, Card, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../api/client';
import type { CalendarYearSummary } from '../api/types';
import { useI18n } from '../i18n';
import { CalendarImport } from './calendar-import';
import { CalendarYear } from './calendar-year';
import { ResponsiveList } from './lists';
import { keys } from './queries';
import './admin.css';

/** 工作日历: the State Council's holidays and adjusted working days, by which every deadline is counted. */
export function CalendarPage() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const years = useQuery({
    queryKey: [...keys.calendar, 'years'],
    queryFn: () => api.get<{ items: CalendarYearSummary[] }>('/calendar/years'),
    select: (d) => d.items,
  });
  const loaded = years.data ?? [];
  const thisYear = dayjs().year();
  const asked = Number(search.get('year'));
  const year = loaded.some((y) => y.year === asked)
    ? asked
    : loaded.some((y) => y.year === thisYear)
      ? thisYear
      : loaded[loaded.length - 1]?.year;
  // Deadlines that run into a year without its notice fall back to weekends only; say so before it matters.
  const missing = [thisYear, thisYear + 1].filter((y) => years.data && !loaded.some((l) => l.year === y));
  const show = (y: number) => setSearch({ year: String(y) });

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('nav.calendar')}
      </Typography.Title>
      {missing.map((y) => (
        <Alert
          key={y}
          type="warning"
          showIcon
          title={t('admin.calendar.missing', { year: y })}
          style={{ marginBottom: 16 }}
          data-testid="calendar-missing"
        />
      ))}
      <Card
        title={t('admin.calendar.loaded')}
        style={{ marginBottom: 16 }}
        extra={
          year !== undefined && (
            <Select
              aria-label={t('admin.calendar.pickYear')}
              value={year}
              onChange={show}
              style={{ width: 110 }}
              options={loaded.map((y) => ({ value: y.year, label: t('admin.calendar.yearLabel', { year: y.year }) }))}
            />
          )
        }
      >
        <ResponsiveList<CalendarYearSummary>
          rows={[...loaded].reverse()}
          rowKey={(y) => String(y.year)}
          loading={years.isLoading}
          empty={t('admin.calendar.none')}
          testId="calendar-year-row"
          columns={[
            {
              title: t('admin.calendar.year'),
              key: 'year',
              width: 90,
              render: (_, y) => (
                <Button
                  type="link"
                  style={{ padding: 0 }}
                  onClick={() => show(y.year)}
                  aria-current={y.year === year ? 'true' : undefined}
                >
                  {t('admin.calendar.yearLabel', { year: y.year })}
                </Button>
              ),
            },
            { title: t('admin.calendar.off'), dataIndex: 'offDays', width: 90 },
            { title: t('admin.calendar.makeup'), dataIndex: 'makeupWorkdays', width: 100 },
            { title: t('admin.calendar.version'), dataIndex: 'version', width: 70 },
            {
              title: t('admin.calendar.importedAt'),
              dataIndex: 'importedAt',
              width: 170,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            { title: t('admin.calendar.source'), dataIndex: 'source', ellipsis: true },
          ]}
          card={(y) => ({
            title: (
              <Button type="link" style={{ padding: 0 }} onClick={() => show(y.year)}>
                {t('admin.calendar.yearLabel', { year: y.year })}
              </Button>
            ),
            body: (
              <Space wrap>
                <Typography.Text>{`${t('admin.calendar.off')} ${y.offDays}`}</Typography.Text>
                <Typography.Text>{`${t('admin.calendar.makeup')} ${y.makeupWorkdays}`}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('admin.calendar.versionAt', { version: y.version, at: dayjs(y.importedAt).format('YYYY-MM-DD') })}
                </Typography.Text>
              </Space>
            ),
          })}
        />
      </Card>
      {year !== undefined && (
        <div style={{ marginBottom: 16 }}>
          <CalendarYear key={year} year={year} />
        </div>
      )}
      <CalendarImport onImported={show} />
    </div>
  );
}

import { Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, qs } from '../api/client';
import type { CalendarYearDetail, WorkdayCount } from '../api/types';
import { useI18n } from '../i18n';
import { keys } from './queries';

type Kind = 'off' | 'work' | 'weekend' | 'weekday';

/** Working days between two dates as the server counts them (after `from`, up to and including `to`). */
const workdays = (from: string, to: string) => api.get<WorkdayCount>(`/calendar/workdays${qs({ from, to })}`);

function Month({
  year,
  month,
  kindOf,
  count,
}: {
  year: number;
  month: number;
  kindOf: (d: string) => Kind;
  count: number | undefined;
}) {
  const { t } = useI18n();
  const first = dayjs(new Date(year, month, 1));
  // Weeks start on Monday, as Chinese calendars print them.
  const lead = (first.day() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array<null>(lead).fill(null),
    ...Array.from({ length: first.daysInMonth() }, (_, i) => first.date(i + 1).format('YYYY-MM-DD')),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const heads = Array.from({ length: 7 }, (_, i) =>
    dayjs()
      .day((i + 1) % 7)
      .format('dd'),
  );
  const mark: Partial<Record<Kind, string>> = { off: t('admin.calendar.offMark'), work: t('admin.calendar.workMark') };
  const label: Record<Kind, string> = {
    off: t('admin.calendar.off'),
    work: t('admin.calendar.makeup'),
    weekend: t('admin.calendar.weekend'),
    weekday: t('admin.calendar.weekday'),
  };
  return (
    <table className="zs-month" data-testid={`month-${month + 1}`}>
      <caption>
        {first.format(t('admin.calendar.monthFormat'))}
        <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }} data-testid="month-workdays">
          {count === undefined ? '' : t('admin.calendar.workdaysIn', { n: count })}
        </Typography.Text>
      </caption>
      <thead>
        <tr>
          {heads.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((w, i) => (
          <tr key={i}>
            {w.map((d, j) => {
              if (!d) return <td key={j} />;
              const kind = kindOf(d);
              return (
                <td
                  key={j}
                  className={`zs-day-${kind}`}
                  data-testid={`day-${d}`}
                  data-kind={kind}
                  title={`${d} ${label[kind]}`}
                  aria-label={`${d} ${label[kind]}`}
                >
                  {Number(d.slice(8))}
                  {mark[kind] && <span className="zs-day-mark">{mark[kind]}</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend() {
  const { t } = useI18n();
  const item = (cls: string, text: string) => (
    <span>
      <span className={`zs-legend ${cls}`} />
      {text}
    </span>
  );
  return (
    <Space wrap size={16}>
      {item('zs-day-off', t('admin.calendar.off'))}
      {item('zs-day-work', t('admin.calendar.makeup'))}
    </Space>
  );
}

/** One year of the official calendar: each month with its holidays and adjusted working days marked. */
export function CalendarYear({ year }: { year: number }) {
  const { t } = useI18n();
  const detail = useQuery({
    queryKey: [...keys.calendar, 'year', year],
    queryFn: () => api.get<CalendarYearDetail>(`/calendar/years/${year}`),
  });
  const version = detail.data?.version;
  const total = useQuery({
    queryKey: [...keys.calendar, 'workdays', year, version],
    queryFn: () => workdays(`${year - 1}-12-31`, `${year}-12-31`),
    enabled: version !== undefined,
  });
  const months = useQueries({
    queries: Array.from({ length: 12 }, (_, m) => ({
      queryKey: [...keys.calendar, 'workdays', year, m, version],
      queryFn: () =>
        workdays(
          dayjs(new Date(year, m, 1))
            .subtract(1, 'day')
            .format('YYYY-MM-DD'),
          dayjs(new Date(year, m, 1))
            .endOf('month')
            .format('YYYY-MM-DD'),
        ),
      enabled: version !== undefined,
    })),
  });
  const off = new Set(detail.data?.offDays ?? []);
  const work = new Set(detail.data?.makeupWorkdays ?? []);
  const kindOf = (d: string): Kind => {
    if (off.has(d)) return 'off';
    if (work.has(d)) return 'work';
    const wd = dayjs(d).day();
    return wd === 0 || wd === 6 ? 'weekend' : 'weekday';
  };

  return (
    <Card title={t('admin.calendar.yearTitle', { year })} loading={detail.isLoading} data-testid="calendar-year">
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Statistic
            title={t('admin.calendar.workdays')}
            value={total.data?.days ?? '–'}
            suffix={t('admin.calendar.daysUnit')}
            data-testid="year-workdays"
          />
        </Col>
        <Col xs={8}>
          <Statistic title={t('admin.calendar.off')} value={off.size} suffix={t('admin.calendar.daysUnit')} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('admin.calendar.makeup')} value={work.size} suffix={t('admin.calendar.daysUnit')} />
        </Col>
      </Row>
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
        <Legend />
        {(detail.data?.notices ?? []).map((n) => (
          <Typography.Text key={n} type="secondary" style={{ wordBreak: 'break-all' }}>
            {t('admin.calendar.notice')}
            {t('admin.colon')}
            {/^https?:/.test(n) ? (
              <a href={n} target="_blank" rel="noreferrer">
                {n}
              </a>
            ) : (
              n
            )}
          </Typography.Text>
        ))}
      </Space>
      <Row gutter={[24, 16]}>
        {Array.from({ length: 12 }, (_, m) => (
          <Col key={m} xs={24} sm={12} lg={8} xl={6}>
            <Month year={year} month={m} kindOf={kindOf} count={months[m]?.data?.days} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

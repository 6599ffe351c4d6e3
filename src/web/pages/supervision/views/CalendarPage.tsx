import type { CSSProperties } from 'react';
import { Alert, Button, Card, Empty, Grid, List, Space, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { useI18n } from '../../../i18n';
import { LightTag } from '../parts';
import { useSupervisionCalendar, type CalendarItem } from './queries';
import { ViewLinks } from './ViewLinks';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const LIGHT_COLORS = { green: '#52c41a', yellow: '#faad14', red: '#ff4d4f' } as const;

/** 1 Monday … 7 Sunday. */
const weekdayOf = (date: string) => ((dayjs(date).day() + 6) % 7) + 1;

/** The days of a month, YYYY-MM-DD. */
function daysOf(month: string) {
  const first = dayjs(`${month}-01`);
  return Array.from({ length: first.daysInMonth() }, (_, i) => first.add(i, 'day').format('YYYY-MM-DD'));
}

/** An item in a day's cell: its light as a coloured edge (the tag's word is in the title), its number and title. */
function CellItem({ item: i }: { item: CalendarItem }) {
  const { t } = useI18n();
  const light = i.light ? t(`supervision.light.${i.light}`) : '';
  return (
    <Link
      to={`/supervision/${i.itemId}`}
      title={[i.registryNo, i.title, i.leadUnit.name, light].join(' · ')}
      data-testid="calendar-item"
      style={{
        display: 'block',
        fontSize: 12,
        lineHeight: '18px',
        paddingLeft: 4,
        borderLeft: `3px solid ${i.light ? LIGHT_COLORS[i.light] : '#d9d9d9'}`,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
      }}
    >
      {i.title}
    </Link>
  );
}

/** The month as a grid, Monday first: days off greyed, today outlined, each day's items in its cell. */
function MonthGrid({
  month,
  byDay,
  off,
  today,
}: {
  month: string;
  byDay: Map<string, CalendarItem[]>;
  off: Set<string>;
  today: string;
}) {
  const { t } = useI18n();
  const days = daysOf(month);
  const lead = weekdayOf(days[0]!) - 1;
  const cell: CSSProperties = { minHeight: 88, padding: 4, border: '1px solid #f0f0f0', borderRadius: 4, minWidth: 0 };
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }} data-testid="calendar-grid">
      {WEEKDAYS.map((w) => (
        <div key={w} style={{ textAlign: 'center', color: 'rgba(0,0,0,0.45)' }}>
          {t(`supervision.calendar.wd.${w}`)}
        </div>
      ))}
      {Array.from({ length: lead }, (_, i) => (
        <div key={`blank-${i}`} />
      ))}
      {days.map((d) => {
        const items = byDay.get(d) ?? [];
        return (
          <div
            key={d}
            data-testid="calendar-day"
            data-date={d}
            data-off={off.has(d) || undefined}
            style={{
              ...cell,
              background: off.has(d) ? '#f5f5f5' : undefined,
              outline: d === today ? '2px solid #1677ff' : undefined,
            }}
          >
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 4 }}>
              <Typography.Text type={off.has(d) ? 'secondary' : undefined} strong={d === today}>
                {Number(d.slice(8))}
              </Typography.Text>
              {off.has(d) && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('supervision.calendar.dayOff')}
                </Typography.Text>
              )}
            </div>
            {items.map((i) => (
              <CellItem key={i.itemId} item={i} />
            ))}
          </div>
        );
      })}
    </div>
  );
}

/** On a phone: only the days with items, each with its items as lines. */
function DayList({ days, off, today }: { days: { date: string; items: CalendarItem[] }[]; off: Set<string>; today: string }) {
  const { t } = useI18n();
  return (
    <List
      className="zs-card-list"
      dataSource={days}
      locale={{ emptyText: <Empty description={t('supervision.calendar.none')} /> }}
      renderItem={(d) => (
        <List.Item data-testid="calendar-day" data-date={d.date}>
          <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
            <Space size={6} wrap>
              <Typography.Text strong>
                {t('supervision.calendar.dayLabel', {
                  date: d.date,
                  wd: t(`supervision.calendar.wd.${weekdayOf(d.date) as 1}`),
                })}
              </Typography.Text>
              {d.date === today && <Tag color="blue">{t('supervision.calendar.today')}</Tag>}
              {off.has(d.date) && <Tag>{t('supervision.calendar.dayOff')}</Tag>}
              <Typography.Text type="secondary">{t('supervision.calendar.dayItems', { n: d.items.length })}</Typography.Text>
            </Space>
            {d.items.map((i) => (
              <div key={i.itemId} data-testid="calendar-item" style={{ overflowWrap: 'anywhere' }}>
                <Space size={4} wrap>
                  <LightTag light={i.light} />
                  <Link to={`/supervision/${i.itemId}`}>{i.title}</Link>
                </Space>
                <div>
                  <Typography.Text type="secondary">{[i.registryNo, i.leadUnit.name].join(' · ')}</Typography.Text>
                </div>
              </div>
            ))}
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * 督办期限日历 (issue 16 §6): the open items due in a month, by day, with their lights; the official calendar's days
 * off greyed. A month grid on a desktop, the days with items as a list on a phone; the month is in the address.
 */
export function CalendarPage() {
  const { t, te } = useI18n();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('month');
  const month = asked && MONTH.test(asked) ? asked : dayjs().format('YYYY-MM');
  const cal = useSupervisionCalendar(month);
  const mobile = Grid.useBreakpoint().md === false;
  const go = (m: string) => setSearch({ month: m });
  const shift = (n: number) => go(dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM'));
  const data = cal.data;
  const off = new Set(data?.daysOff ?? []);
  const byDay = new Map((data?.days ?? []).map((d) => [d.date, d.items]));
  const today = data?.today ?? '';
  return (
    <Card title={t('supervision.calendar.title')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <ViewLinks current="calendar" />
        <Space size={8} wrap>
          <Button icon={<LeftOutlined />} aria-label={t('supervision.calendar.prev')} onClick={() => shift(-1)} />
          <Typography.Text strong data-testid="calendar-month">
            {t('supervision.calendar.month', { year: month.slice(0, 4), month: Number(month.slice(5)) })}
          </Typography.Text>
          <Button icon={<RightOutlined />} aria-label={t('supervision.calendar.next')} onClick={() => shift(1)} />
          <Button type="link" onClick={() => go(dayjs().format('YYYY-MM'))}>
            {t('supervision.calendar.thisMonth')}
          </Button>
        </Space>
        {data && !data.calendarComplete && (
          <Alert type="info" showIcon message={t('supervision.calendar.incomplete', { year: month.slice(0, 4) })} />
        )}
        {cal.isError && <Alert type="error" showIcon message={te(cal.error)} />}
        {mobile ? (
          <DayList days={data?.days ?? []} off={off} today={today} />
        ) : (
          <>
            <MonthGrid month={month} byDay={byDay} off={off} today={today} />
            {data && data.days.length === 0 && (
              <Typography.Text type="secondary">{t('supervision.calendar.none')}</Typography.Text>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}

import { Card, Descriptions, Empty, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import type { meetingStatisticsSchema } from '../../../contract/meetings';
import { MeetingsLinks, useOfficeYear } from './parts';
import { LoadError } from '../../components/LoadError';

type Statistics = z.output<typeof meetingStatisticsSchema>;
type Figures = Statistics['current'];

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * 会议年度统计 (DOMAIN §11.9): an office's meetings of a year by kind, topics studied, 纪要 issued, the 议定事项 with
 * their 办结率 and 按期办结率, beside the year before — for the office's registrars, supervisors and leaders.
 */
export function StatisticsPage() {
  const { t, tv } = useI18n();
  const { office, year, picker } = useOfficeYear();
  const q = useQuery({
    queryKey: ['meetings', 'statistics', office, year],
    queryFn: () => api.get<Statistics>(`/meetings/statistics${qs({ officeUnitId: office, year })}`),
    enabled: !!office,
    retry: false,
  });
  const rows = (f: Figures) => [
    { key: 'meetings', label: t('meetings.stats.meetings'), value: String(f.meetings) },
    { key: 'topics', label: t('meetings.stats.topics'), value: String(f.topics) },
    { key: 'minutes', label: t('meetings.stats.minutes'), value: String(f.minutes) },
    { key: 'decisions', label: t('meetings.stats.decisions'), value: String(f.decisions) },
    { key: 'supervised', label: t('meetings.stats.supervised'), value: String(f.supervised) },
    {
      key: 'closedRate',
      label: t('meetings.stats.closedRate'),
      value: f.closedRate === null ? '—' : t('meetings.stats.rateOf', { rate: percent(f.closedRate), n: f.closed }),
    },
    {
      key: 'onTimeRate',
      label: t('meetings.stats.onTimeRate'),
      value: f.onTimeRate === null ? '—' : t('meetings.stats.rateOf', { rate: percent(f.onTimeRate), n: f.closedOnTime }),
    },
  ];
  const s = q.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 960 }}>
      <MeetingsLinks here="/meetings/statistics" />
      <Card title={t('meetings.stats.title')} data-testid="meeting-stats">
        {picker}
        {q.isLoading && <Spin />}
        {q.error && <LoadError error={q.error} />}
        {s && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Space size={32} wrap>
              <Statistic title={t('meetings.stats.meetings')} value={s.current.meetings} data-testid="stats-meetings" />
              <Statistic
                title={t('meetings.stats.change', { year: s.previous.year })}
                value={s.meetingsChange === null ? '—' : `${s.meetingsChange >= 0 ? '+' : ''}${percent(s.meetingsChange)}`}
              />
              <Statistic title={t('meetings.stats.closedRate')} value={percent(s.current.closedRate)} />
              <Statistic title={t('meetings.stats.onTimeRate')} value={percent(s.current.onTimeRate)} />
            </Space>
            <Typography.Text strong>{t('meetings.stats.byKind')}</Typography.Text>
            {s.current.byKind.length ? (
              <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
                {s.current.byKind.map((k) => (
                  <Descriptions.Item key={k.kind} label={tv(k.name)}>
                    {k.count}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Empty description={t('meetings.stats.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              data-testid="stats-table"
              dataSource={rows(s.current).map((r, i) => ({ ...r, previous: rows(s.previous)[i]!.value }))}
              columns={[
                { title: t('meetings.stats.item'), dataIndex: 'label', ellipsis: false, minWidth: 96 },
                { title: String(s.current.year), dataIndex: 'value', width: 104 },
                { title: String(s.previous.year), dataIndex: 'previous', width: 104 },
              ]}
            />
          </Space>
        )}
      </Card>
    </Space>
  );
}

import { useState } from 'react';
import { App, Button, Card, DatePicker, Empty, List, Space, Spin, Table, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { isSupervisor } from '../../roles';
import type { supervisionFiguresSchema } from '../../../contract/supervision';
import { ViewLinks } from './views/ViewLinks';

// 督查督办 效能 for a period (issue 16 §8): the figures in total, by lead unit and by source, the overdue items, and
// the 督查通报 drafted from them (a 发文 draft in the outgoing pages). Outcomes only; no ranking by activity.

type Figures = z.output<typeof supervisionFiguresSchema>;
type Row = Figures['total'];

const DAY = 'YYYY-MM-DD';
const pct = (r: number | null) => (r === null ? '—' : `${r}%`);

function useColumns() {
  const { t } = useI18n();
  const n = (key: keyof Row, title: string, render?: (v: number | null) => string) => ({
    key,
    dataIndex: key,
    title,
    align: 'right' as const,
    render: (v: number | null) => (render ? render(v) : (v ?? '—')),
  });
  return [
    n('opened', t('supervision.figures.opened')),
    n('closed', t('supervision.figures.closed')),
    n('due', t('supervision.figures.due')),
    n('closeRate', t('supervision.figures.closeRate'), pct),
    n('onTimeRate', t('supervision.figures.onTimeRate'), pct),
    n('extensions', t('supervision.figures.extensions')),
    n('overdue', t('supervision.figures.overdue')),
    n('redoRate', t('supervision.figures.redoRate'), pct),
    n('cycleWorkdays', t('supervision.figures.cycle')),
  ];
}

export function FiguresPage() {
  const { t, te } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('month').format(DAY);
  const to = params.get('to') ?? dayjs().format(DAY);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(from), dayjs(to)]);
  const q = useQuery({
    queryKey: ['supervision', 'figures', from, to],
    queryFn: () => api.get<Figures>(`/supervision/figures${qs({ from, to })}`),
  });
  const draft = useMutation({
    mutationFn: () => api.post<{ itemId: string }>('/supervision/bulletins', { from, to }),
    onSuccess: (r) => {
      message.success(t('supervision.figures.drafted'));
      void navigate(`/outgoing/${r.itemId}`);
    },
    onError: (e) => void message.error(te(e)),
  });
  const columns = useColumns();
  const f = q.data;
  const presets = [
    { label: t('supervision.figures.thisMonth'), value: [dayjs().startOf('month'), dayjs()] as [Dayjs, Dayjs] },
    {
      label: t('supervision.figures.lastMonth'),
      value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs],
    },
    { label: t('supervision.figures.thisYear'), value: [dayjs().startOf('year'), dayjs()] as [Dayjs, Dayjs] },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={t('supervision.figures.title')}
        extra={
          isSupervisor(me) && (
            <Button type="primary" loading={draft.isPending} onClick={() => draft.mutate()} data-testid="draft-bulletin">
              {t('supervision.figures.draft')}
            </Button>
          )
        }
      >
        <div style={{ marginBottom: 12 }}>
          <ViewLinks current="figures" />
        </div>
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            presets={presets}
            allowClear={false}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              setRange([v[0], v[1]]);
              setParams({ from: v[0].format(DAY), to: v[1].format(DAY) });
            }}
            data-testid="figures-range"
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('supervision.figures.note')}
        </Typography.Paragraph>
      </Card>
      {q.isLoading && <Spin />}
      {q.error && <Typography.Text type="danger">{te(q.error)}</Typography.Text>}
      {f && (
        <>
          <Card size="small" title={t('supervision.figures.total')} data-testid="figures-total">
            <Table<Row>
              size="small"
              rowKey={() => 'total'}
              pagination={false}
              dataSource={[f.total]}
              columns={columns}
              scroll={{ x: 'max-content' }}
            />
          </Card>
          <Card size="small" title={t('supervision.figures.byUnit')}>
            <Table
              size="small"
              rowKey={(r) => r.unit.id}
              pagination={false}
              dataSource={f.byUnit}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  key: 'unit',
                  title: t('supervision.field.leadUnit'),
                  render: (_: unknown, r: Figures['byUnit'][number]) => r.unit.name,
                  fixed: 'left' as const,
                },
                ...columns,
              ]}
              data-testid="figures-by-unit"
            />
          </Card>
          <Card size="small" title={t('supervision.figures.bySource')}>
            <Table
              size="small"
              rowKey={(r) => r.source}
              pagination={false}
              dataSource={f.bySource}
              scroll={{ x: 'max-content' }}
              columns={[
                { key: 'source', title: t('supervision.field.source'), dataIndex: 'sourceName', fixed: 'left' as const },
                ...columns,
              ]}
            />
          </Card>
          <Card size="small" title={t('supervision.figures.overdueList')}>
            {f.overdue.length ? (
              <List
                dataSource={f.overdue}
                renderItem={(o) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <Link to={`/supervision/${o.itemId}`}>
                        {o.registryNo} {o.title}
                      </Link>
                      <Typography.Text type="secondary">
                        {t('supervision.figures.overdueLine', {
                          unit: o.leadUnit.name,
                          date: o.deadline,
                          closed: o.closedOn ?? t('supervision.figures.stillOpen'),
                        })}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Empty description={t('supervision.figures.noOverdue')} />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}

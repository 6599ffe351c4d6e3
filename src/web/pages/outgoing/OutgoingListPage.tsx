import './outgoing.css';
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Checkbox, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { api, qs } from '../../api/client';
import type { OutgoingList } from '../../api/types';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { FILING_STATUSES } from '../../../contract/items';

type Row = OutgoingList['items'][number];
const PAGE = 20;
const [FILING_PENDING] = FILING_STATUSES;

/** 发文登记簿: the unit's outgoing documents (for others, those they take part in), newest first. */
export function OutgoingListPage() {
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  const mobile = Grid.useBreakpoint().md === false;
  const thisYear = dayjs().year();
  const [q, setQ] = useState('');
  const [year, setYear] = useState<number | undefined>(thisYear);
  const [page, setPage] = useState(1);
  const [toFile, setToFile] = useState(false);
  const res = useQuery({
    queryKey: ['outgoing', 'list', q, year, page, toFile],
    queryFn: () => api.get<OutgoingList>(`/outgoing${qs({ q: q || undefined, year, filing: toFile ? FILING_PENDING : undefined, limit: PAGE, offset: (page - 1) * PAGE })}`),
    placeholderData: (p) => p,
  });
  const copyNos = (r: Row) => (r.copyNoFrom && r.copyNoTo ? `${r.copyNoFrom}—${r.copyNoTo}` : '');
  const title = (r: Row) => <Link to={`/outgoing/${r.itemId}`}>{r.title}</Link>;
  const tags = (r: Row) => (
    <>
      {r.urgency && <Tag color="red">{tv(r.urgency)}</Tag>}
      {r.classification !== UNMARKED && <Tag>{tv(r.classification)}</Tag>}
      {r.filingStatus && <Tag color="gold">{tv(r.filingStatus)}</Tag>}
    </>
  );
  return (
    <Card
      title={t('outgoing.list.title')}
      extra={<Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/outgoing/new')} data-testid="new-outgoing">{t('outgoing.new.title')}</Button>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('outgoing.list.search')} placeholder={t('outgoing.list.search')} allowClear onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ maxWidth: 320 }} />
        <Select
          aria-label={t('outgoing.list.year')}
          value={year ?? 0}
          onChange={(y: number) => (setYear(y || undefined), setPage(1))}
          style={{ width: 110 }}
          options={[{ value: 0, label: t('outgoing.list.allYears') }, ...Array.from({ length: 6 }, (_, i) => ({ value: thisYear - i, label: t('outgoing.list.yearOf', { year: thisYear - i }) }))]}
        />
        <Checkbox checked={toFile} onChange={(e) => (setToFile(e.target.checked), setPage(1))}>
          {t('outgoing.list.toFile')}
        </Checkbox>
        <Typography.Text type="secondary">{t('workbench.total', { n: res.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {mobile ? (
        <List
          className="zs-card-list"
          dataSource={res.data?.items ?? []}
          loading={res.isLoading}
          pagination={(res.data?.total ?? 0) > PAGE ? { current: page, pageSize: PAGE, total: res.data?.total, onChange: setPage, simple: true } : false}
          renderItem={(r) => (
            <List.Item data-testid="outgoing-row">
              <List.Item.Meta
                title={<Space size={4} wrap>{title(r)}{tags(r)}</Space>}
                description={[
                  r.docNo ?? t('outgoing.docNo.none'),
                  tv(r.genre),
                  r.drafterName,
                  tv(r.state),
                  r.printCount !== null ? `${t('outgoing.print.summary', { count: r.printCount })}${copyNos(r) ? ` ${copyNos(r)}` : ''}` : '',
                ].filter(Boolean).join(' · ')}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<Row>
          rowKey="itemId"
          size="middle"
          loading={res.isLoading}
          dataSource={res.data?.items ?? []}
          onRow={() => ({ 'data-testid': 'outgoing-row' }) as HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize: PAGE, total: res.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          columns={[
            { title: t('outgoing.field.docNo'), dataIndex: 'docNo', width: 170 },
            { title: t('outgoing.field.title'), dataIndex: 'title', render: (_: string, r) => <Space size={4} wrap>{title(r)}{tags(r)}</Space> },
            { title: t('outgoing.field.genre'), dataIndex: 'genre', width: 80, render: (g: string) => tv(g) },
            { title: t('outgoing.field.drafter'), dataIndex: 'drafterName', width: 90 },
            { title: t('outgoing.list.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => v.slice(0, 10) },
            { title: t('outgoing.field.writtenDate'), dataIndex: 'writtenDate', width: 110 },
            { title: t('outgoing.list.printCount'), dataIndex: 'printCount', width: 70 },
            { title: t('outgoing.list.copyNos'), key: 'copyNos', width: 140, render: (_: unknown, r) => copyNos(r) },
            { title: t('outgoing.field.state'), dataIndex: 'state', width: 100, render: (s: string) => tv(s) },
          ]}
        />
      )}
    </Card>
  );
}

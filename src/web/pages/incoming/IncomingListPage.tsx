import { useState } from 'react';
import { Button, Card, Checkbox, Grid, Input, List, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, qs } from '../../api/client';
import type { IncomingList } from '../../api/types';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { isRegistrar } from '../../nav';
import { UNMARKED } from '../../../contract/common';
import { FILING_STATUSES } from '../../../contract/items';

type Row = IncomingList['items'][number];
const PAGE = 20;
const [FILING_PENDING] = FILING_STATUSES;

/** 收文登记簿: the unit's register, newest first, searchable by title, sender, 发文字号 or 收文号. */
export function IncomingListPage() {
  const { t, tv } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const mobile = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [toFile, setToFile] = useState(false);
  const res = useQuery({
    queryKey: ['incoming', 'list', q, page, toFile],
    queryFn: () => api.get<IncomingList>(`/incoming${qs({ q: q || undefined, filing: toFile ? FILING_PENDING : undefined, limit: PAGE, offset: (page - 1) * PAGE })}`),
    placeholderData: (p) => p,
  });
  const registrar = isRegistrar(me);
  const title = (r: Row) => <Link to={`/incoming/${r.itemId}`}>{r.title}</Link>;
  return (
    <Card
      title={t('incoming.list.title')}
      extra={registrar && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/incoming/new')}>{t('incoming.register.title')}</Button>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('incoming.list.search')} placeholder={t('incoming.list.search')} allowClear onSearch={(v) => (setQ(v.trim()), setPage(1))} style={{ maxWidth: 320 }} />
        <Checkbox checked={toFile} onChange={(e) => (setToFile(e.target.checked), setPage(1))} data-testid="filter-to-file">
          {t('incoming.list.toFile')}
        </Checkbox>
        <Typography.Text type="secondary">{t('workbench.total', { n: res.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {mobile ? (
        <List
          dataSource={res.data?.items ?? []}
          loading={res.isLoading}
          pagination={(res.data?.total ?? 0) > PAGE ? { current: page, pageSize: PAGE, total: res.data?.total, onChange: setPage, simple: true } : false}
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={title(r)}
                description={
                  <>
                    {`${r.registryNo ?? ''} · ${r.senderName} · ${r.docNo ?? ''} · ${tv(r.state)}`}
                    {r.voidReason && <div data-testid="void-reason">{t('incoming.list.voided', { reason: r.voidReason })}</div>}
                  </>
                }
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
          pagination={{ current: page, pageSize: PAGE, total: res.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          columns={[
            { title: t('incoming.field.registryNo'), dataIndex: 'registryNo', width: 150 },
            { title: t('incoming.field.receivedAt'), dataIndex: 'receivedAt', width: 110, render: (v: string) => v.slice(0, 10) },
            { title: t('incoming.field.senderName'), dataIndex: 'senderName', width: 180 },
            { title: t('incoming.field.docNo'), dataIndex: 'docNo', width: 170 },
            {
              title: t('incoming.field.title'),
              dataIndex: 'title',
              render: (_: string, r) => (
                <Space size={4} wrap>
                  {title(r)}
                  {r.urgency && <Tag color="red">{tv(r.urgency)}</Tag>}
                  {r.classification !== UNMARKED && <Tag>{tv(r.classification)}</Tag>}
                  {r.voidReason && <Typography.Text type="danger" data-testid="void-reason">{t('incoming.list.voided', { reason: r.voidReason })}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t('incoming.field.state'),
              dataIndex: 'state',
              width: 110,
              render: (s: string, r) => (
                <Space size={4} wrap>
                  {r.voidReason ? <Tag color="red">{tv(s)}</Tag> : tv(s)}
                  {r.filingStatus && <Tag color="gold">{tv(r.filingStatus)}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

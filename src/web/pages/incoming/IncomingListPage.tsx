import { Button, Card, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import type { IncomingList } from '../../api/types';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { isRegistrar } from '../../roles';
import { UNMARKED } from '../../../contract/common';
import { FILING_STATUSES } from '../../../contract/items';
import { DeadlineStatus } from '../../components/DeadlineStatus';
import { RegisterToolbar } from '../../components/register/RegisterToolbar';
import { RegisterCount, RegisterList } from '../../components/register/RegisterList';
import { serverQuery, useRegisterFilters, useRegisterList } from '../../components/register/register-query';

type Row = IncomingList['items'][number];
const [FILING_PENDING] = FILING_STATUSES;

function DueCell({ row }: { row: Row }) {
  if (!row.dueDate) return null;
  return (
    <span>
      {row.dueDate}
      {row.deadline && (
        <>
          <br />
          <DeadlineStatus deadline={row.deadline} />
        </>
      )}
    </span>
  );
}

/**
 * 收文登记簿: the documents the reader may read, filtered by 收文日期, 来文单位, state, urgency, lead unit and
 * overdue (in the address, so a view can be shared and Back restores it), in the chosen order, exported or printed.
 */
export function IncomingListPage() {
  const { t, tv } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { filters, setFilters } = useRegisterFilters();
  const query = serverQuery(filters, 'sender', FILING_PENDING);
  const list = useRegisterList<Row>('incoming', query);
  const registrar = isRegistrar(me);
  const title = (r: Row) => <Link to={`/incoming/${r.itemId}`}>{r.title}</Link>;
  const tags = (r: Row) => (
    <>
      {r.urgency && <Tag color="red">{tv(r.urgency)}</Tag>}
      {r.classification !== UNMARKED && <Tag>{tv(r.classification)}</Tag>}
      {r.filingStatus && <Tag color="gold">{tv(r.filingStatus)}</Tag>}
    </>
  );
  return (
    <Card
      title={t('incoming.list.title')}
      extra={
        registrar && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/incoming/new')}>
            {t('incoming.register.title')}
          </Button>
        )
      }
    >
      <RegisterToolbar
        module="incoming"
        filters={filters}
        setFilters={setFilters}
        serverQuery={query}
        states={list.states}
        defaultSort="number"
        labels={{
          search: 'incoming.list.search',
          dateRange: 'incoming.list.dateRange',
          party: 'incoming.field.senderName',
          handler: 'incoming.list.handler',
        }}
        count={<RegisterCount list={list} />}
      />
      <RegisterList<Row>
        list={list}
        testId="incoming-row"
        card={(r) => (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space size={4} wrap>
              {title(r)}
              {tags(r)}
            </Space>
            <Typography.Text type="secondary">
              {[r.registryNo, dayjs(r.receivedAt).format('YYYY-MM-DD'), r.senderName, r.docNo, tv(r.state)]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
            {r.handlerName && (
              <Typography.Text type="secondary">
                {t('register.labelValue', { label: t('incoming.list.handler'), value: r.handlerName })}
              </Typography.Text>
            )}
            {r.dueDate && <DueCell row={r} />}
            {r.voidReason && (
              <Typography.Text type="danger" data-testid="void-reason">
                {t('incoming.list.voided', { reason: r.voidReason })}
              </Typography.Text>
            )}
          </Space>
        )}
        columns={[
          { title: t('incoming.field.registryNo'), dataIndex: 'registryNo', width: 150 },
          {
            title: t('incoming.field.receivedAt'),
            dataIndex: 'receivedAt',
            width: 95,
            render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
          },
          {
            title: t('incoming.field.senderName'),
            dataIndex: 'senderName',
            width: 185,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                {v}
                {r.docNo && <Typography.Text type="secondary">{r.docNo}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('incoming.field.title'),
            dataIndex: 'title',
            render: (_: string, r) => (
              <Space size={4} wrap>
                {title(r)}
                {tags(r)}
                {r.voidReason && (
                  <Typography.Text type="danger" data-testid="void-reason">
                    {t('incoming.list.voided', { reason: r.voidReason })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('incoming.list.handler'), dataIndex: 'handlerName', width: 100 },
          { title: t('incoming.field.dueDate'), key: 'due', width: 120, render: (_: unknown, r) => <DueCell row={r} /> },
          {
            title: t('incoming.field.state'),
            dataIndex: 'state',
            width: 80,
            render: (s: string, r) => (r.voidReason ? <Tag color="red">{tv(s)}</Tag> : tv(s)),
          },
        ]}
      />
    </Card>
  );
}

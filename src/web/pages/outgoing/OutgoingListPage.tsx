import './outgoing.css';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import type { OutgoingList } from '../../api/types';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { FILING_STATUSES } from '../../../contract/items';
import { DeadlineStatus } from '../../components/DeadlineStatus';
import { RegisterToolbar } from '../../components/register/RegisterToolbar';
import { RegisterCount, RegisterList } from '../../components/register/RegisterList';
import { serverQuery, useRegisterFilters, useRegisterList } from '../../components/register/register-query';

type Row = OutgoingList['items'][number];
const [FILING_PENDING] = FILING_STATUSES;

/**
 * 发文登记簿: the unit's outgoing documents (for others, those they take part in), filtered by date, 主送, state,
 * urgency, drafting section and overdue (in the address), in the chosen order, exported or printed.
 */
export function OutgoingListPage() {
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  const { filters, setFilters } = useRegisterFilters();
  const query = serverQuery(filters, 'recipient', FILING_PENDING);
  const list = useRegisterList<Row>('outgoing', query);
  const copyNos = (r: Row) => (r.copyNoFrom && r.copyNoTo ? `${r.copyNoFrom}—${r.copyNoTo}` : '');
  const title = (r: Row) => <Link to={`/outgoing/${r.itemId}`}>{r.title}</Link>;
  const tags = (r: Row) => (
    <>
      {r.urgency && <Tag color="red">{tv(r.urgency)}</Tag>}
      {r.classification !== UNMARKED && <Tag>{tv(r.classification)}</Tag>}
      {r.filingStatus && <Tag color="gold">{tv(r.filingStatus)}</Tag>}
    </>
  );
  const recipients = (r: Row) => r.mainRecipients.join(t('common.sep'));
  return (
    <Card
      title={t('outgoing.list.title')}
      extra={
        <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/outgoing/new')} data-testid="new-outgoing">
          {t('outgoing.new.title')}
        </Button>
      }
    >
      <RegisterToolbar
        module="outgoing"
        filters={filters}
        setFilters={setFilters}
        serverQuery={query}
        states={list.states}
        defaultSort="date"
        labels={{
          search: 'outgoing.list.search',
          dateRange: 'outgoing.list.dateRange',
          dateHint: 'outgoing.list.dateHint',
          party: 'outgoing.field.mainRecipients',
          handler: 'outgoing.list.handler',
        }}
        count={<RegisterCount list={list} />}
      />
      <RegisterList<Row>
        list={list}
        testId="outgoing-row"
        card={(r) => (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space size={4} wrap>
              {title(r)}
              {tags(r)}
            </Space>
            <Typography.Text type="secondary">
              {[
                r.docNo ?? t('outgoing.docNo.none'),
                tv(r.genre),
                r.drafterName,
                tv(r.state),
                r.printCount !== null
                  ? `${t('outgoing.print.summary', { count: r.printCount })}${copyNos(r) ? ` ${copyNos(r)}` : ''}`
                  : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
            {r.mainRecipients.length > 0 && (
              <Typography.Text type="secondary">
                {t('register.labelValue', { label: t('outgoing.field.mainRecipients'), value: recipients(r) })}
              </Typography.Text>
            )}
            {r.deadline && <DeadlineStatus deadline={r.deadline} />}
          </Space>
        )}
        columns={[
          { title: t('outgoing.field.docNo'), dataIndex: 'docNo', width: 150 },
          {
            title: t('outgoing.field.title'),
            dataIndex: 'title',
            render: (_: string, r) => (
              <Space size={4} wrap>
                {title(r)}
                {tags(r)}
              </Space>
            ),
          },
          {
            title: t('outgoing.field.mainRecipients'),
            key: 'recipients',
            width: 170,
            render: (_: unknown, r) => (
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: recipients(r) }} style={{ marginBottom: 0 }}>
                {recipients(r)}
              </Typography.Paragraph>
            ),
          },
          { title: t('outgoing.field.genre'), dataIndex: 'genre', width: 60, render: (g: string) => tv(g) },
          {
            title: t('outgoing.field.drafter'),
            dataIndex: 'drafterName',
            width: 110,
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                {v}
                {r.handlerName && <Typography.Text type="secondary">{r.handlerName}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('outgoing.list.dateRange'),
            key: 'date',
            width: 105,
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                {r.writtenDate ?? <Typography.Text type="secondary">{dayjs(r.createdAt).format('YYYY-MM-DD')}</Typography.Text>}
                {r.deadline && <DeadlineStatus deadline={r.deadline} />}
              </Space>
            ),
          },
          { title: t('outgoing.list.printCount'), dataIndex: 'printCount', width: 60 },
          { title: t('outgoing.list.copyNos'), key: 'copyNos', width: 130, render: (_: unknown, r) => copyNos(r) },
          { title: t('outgoing.field.state'), dataIndex: 'state', width: 80, render: (s: string) => tv(s) },
        ]}
      />
    </Card>
  );
}

import { Button, Card, Empty, Grid, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { TOPIC_STAGES } from '../../../contract/meetings';
import { useTopics, type TopicRow, type TopicStage } from './queries';
import { MeetingsLinks } from './parts';

/** One topic on a phone: its name, then number, kind and unit, then its state. */
function RowCard({ row: r }: { row: TopicRow }) {
  const { t, tv } = useI18n();
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space size={4} wrap>
        <Link to={`/meetings/${r.itemId}`}>{r.title}</Link>
        {r.majorDecision && <Tag color="volcano">{t('meetings.topic.major')}</Tag>}
      </Space>
      <Typography.Text type="secondary">
        {[r.registryNo, tv(r.meetingKindName), r.proposer.name].filter(Boolean).join(' · ')}
      </Typography.Text>
      <Tag>{tv(r.state)}</Tag>
    </Space>
  );
}

/**
 * 议题: the topics the reader may read — their unit's proposals, and for the office's registrars its 议题库 — by stage,
 * newest first, with the way to propose one and to the rooms and seating pages.
 */
export function TopicsPage() {
  const { t, tv } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const raw = search.get('stage');
  const stage = (TOPIC_STAGES as readonly string[]).includes(raw ?? '') ? (raw as TopicStage) : undefined;
  const list = useTopics(stage);
  const mobile = Grid.useBreakpoint().md === false;
  const empty = list.res.isLoading ? <span /> : <Empty description={t('meetings.topics.empty')} />;
  return (
    <Card title={t('meetings.topics.title')} extra={<MeetingsLinks here="/meetings/topics" />}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Segmented
            value={stage ?? 'all'}
            onChange={(v) => setSearch(v === 'all' ? {} : { stage: String(v) })}
            options={(['all', ...TOPIC_STAGES] as const).map((s) => ({ value: s, label: t(`meetings.topics.stage.${s}`) }))}
            data-testid="topic-stages"
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/meetings/topics/new')}>
            {t('meetings.topic.new')}
          </Button>
        </Space>
        {mobile ? (
          <List
            dataSource={list.rows}
            locale={{ emptyText: empty }}
            renderItem={(r) => (
              <List.Item key={r.itemId}>
                <RowCard row={r} />
              </List.Item>
            )}
            data-testid="topic-list"
          />
        ) : (
          <Table<TopicRow>
            rowKey="itemId"
            size="small"
            loading={list.res.isLoading}
            dataSource={list.rows}
            pagination={false}
            locale={{ emptyText: empty }}
            data-testid="topic-list"
            columns={[
              { title: t('meetings.topic.registryNo'), dataIndex: 'registryNo', width: 130 },
              {
                title: t('meetings.topic.title'),
                render: (_, r) => (
                  <Space size={4} wrap>
                    <Link to={`/meetings/${r.itemId}`}>{r.title}</Link>
                    {r.majorDecision && <Tag color="volcano">{t('meetings.topic.major')}</Tag>}
                  </Space>
                ),
              },
              { title: t('meetings.topic.kind'), render: (_, r) => tv(r.meetingKindName), width: 130 },
              { title: t('meetings.topic.proposer'), render: (_, r) => r.proposer.name, width: 200 },
              { title: t('meetings.topic.state'), render: (_, r) => <Tag>{tv(r.state)}</Tag>, width: 150 },
              { title: t('meetings.topic.createdAt'), render: (_, r) => r.createdAt.slice(0, 10), width: 110 },
            ]}
          />
        )}
        {list.res.hasNextPage && (
          <Button onClick={() => void list.res.fetchNextPage()} loading={list.res.isFetchingNextPage} block>
            {t('register.loadMore')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

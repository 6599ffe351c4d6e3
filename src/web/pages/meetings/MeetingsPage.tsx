import { useState } from 'react';
import { Button, Card, Empty, Grid, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { isRegistrar } from '../../roles';
import { useMeetings, type MeetingRow } from './queries';
import { MeetingsLinks } from './parts';
import { CalendarFeedButton } from '../../components/CalendarFeed';

const when = (r: MeetingRow) => `${dayjs(r.startsAt).format('YYYY-MM-DD HH:mm')}–${dayjs(r.endsAt).format('HH:mm')}`;

/**
 * 办会: the meetings the reader may read (upcoming soonest first, or past), the office's way to plan one, and the way to
 * the 议题 (proposing one), the rooms and the seating pages.
 */
export function MeetingsPage() {
  const { t, tv } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [tab, setTab] = useState<'upcoming' | 'past'>('upcoming');
  const list = useMeetings(tab);
  const mobile = Grid.useBreakpoint().md === false;
  const empty = list.res.isLoading ? <span /> : <Empty description={t('meetings.list.empty')} />;
  const link = (r: MeetingRow) => <Link to={`/meetings/${r.itemId}`}>{r.title}</Link>;
  // A cancelled meeting says so, with its reason, where the list shows a meeting's state.
  const stateOf = (r: MeetingRow) =>
    r.cancelReason !== null ? (
      <Space size={4} wrap data-testid="meeting-cancelled-tag">
        <Tag color="red">{t('meetings.list.cancelled')}</Tag>
        <Typography.Text type="secondary">{r.cancelReason}</Typography.Text>
      </Space>
    ) : (
      <Tag>{tv(r.state)}</Tag>
    );
  return (
    <Card title={t('meetings.list.title')} extra={<MeetingsLinks here="/meetings" />}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Segmented
            value={tab}
            onChange={(v) => setTab(v as 'upcoming' | 'past')}
            options={[
              { value: 'upcoming', label: t('meetings.list.upcoming') },
              { value: 'past', label: t('meetings.list.past') },
            ]}
          />
          <Space wrap>
            <CalendarFeedButton feedPath="/api/v1/meetings/calendar.ics" />
            <Button icon={<PlusOutlined />} onClick={() => void navigate('/meetings/topics/new')}>
              {t('meetings.topic.new')}
            </Button>
            {isRegistrar(me) && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void navigate('/meetings/new')}
                data-testid="meeting-new"
              >
                {t('meetings.meeting.new')}
              </Button>
            )}
          </Space>
        </Space>
        {mobile ? (
          <List
            dataSource={list.rows}
            locale={{ emptyText: empty }}
            data-testid="meeting-list"
            renderItem={(r) => (
              <List.Item key={r.itemId}>
                <Space orientation="vertical" size={2}>
                  {link(r)}
                  <Typography.Text type="secondary">{[when(r), r.place].join(' · ')}</Typography.Text>
                  <Space size={4} wrap>
                    {stateOf(r)}
                    <Typography.Text type="secondary">{t('meetings.list.topics', { n: r.topics })}</Typography.Text>
                  </Space>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<MeetingRow>
            rowKey="itemId"
            size="small"
            loading={list.res.isLoading}
            dataSource={list.rows}
            pagination={false}
            locale={{ emptyText: empty }}
            data-testid="meeting-list"
            columns={[
              { title: t('meetings.meeting.title'), render: (_, r) => link(r) },
              { title: t('meetings.meeting.time'), render: (_, r) => when(r), width: 200 },
              { title: t('meetings.meeting.place'), dataIndex: 'place', width: 180 },
              { title: t('meetings.meeting.chair'), dataIndex: 'chair', width: 100 },
              { title: t('meetings.meeting.topics'), dataIndex: 'topics', width: 80 },
              { title: t('meetings.topic.state'), render: (_, r) => stateOf(r), width: 150 },
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

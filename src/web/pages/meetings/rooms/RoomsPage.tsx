import { useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Space, Tabs, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../auth';
import { isRegistrar } from '../../../roles';
import { BookingDrawer, BookingList } from './Bookings';
import { BookingForm } from './BookingForm';
import { RoomAdmin } from './RoomAdmin';
import { useBookings, useRoomWeek, type Booking } from './queries';
import { addDays, mondayOf } from './time';
import { DayView, WeekGrid } from './WeekView';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TABS = ['week', 'pending', 'mine', 'admin'] as const;
type TabKey = (typeof TABS)[number];

/**
 * 会议室 (DOMAIN §11.6): the week of every room (rooms as rows, days as columns; one day at a time on a phone), applying
 * for a room, the manager's pending list with 同意/不同意, one's own bookings to cancel, and — for the office's
 * registrars — its rooms. The week and the tab are in the address.
 */
export function RoomsPage() {
  const { t, te } = useI18n();
  const me = useMe();
  const mobile = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();
  const asked = search.get('week');
  const start = asked && DAY.test(asked) ? mondayOf(asked) : undefined;
  const tabParam = search.get('tab') as TabKey | null;
  const week = useRoomWeek(start);
  const pending = useBookings('pending');
  const [applying, setApplying] = useState<{ roomId?: string; day?: string } | null>(null);
  const [opened, setOpened] = useState<Booking | null>(null);
  const data = week.data;
  const rooms = data?.rooms ?? [];
  const first = data?.days[0];
  const go = (n: number) => first && setSearch((s) => ({ ...Object.fromEntries(s), week: addDays(first, n * 7) }));
  const manages = rooms.some((r) => r.manages) || (pending.data?.items.length ?? 0) > 0;
  const administers = isRegistrar(me) || rooms.some((r) => r.editable);
  const shown = TABS.filter((k) => (k === 'pending' ? manages : k === 'admin' ? administers : true));
  const tab: TabKey = tabParam && shown.includes(tabParam) ? tabParam : 'week';
  // The drawer shows the booking as the latest read gives it (after an action elsewhere, or none if gone).
  const current = opened && data ? (data.bookings.find((b) => b.id === opened.id) ?? opened) : opened;
  const view = data && {
    days: data.days,
    today: data.today,
    rooms,
    bookings: data.bookings,
    onOpen: setOpened,
    onApply: (roomId: string, day: string) => setApplying({ roomId, day }),
  };
  const weekTab = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space size={8} wrap>
        <Button icon={<LeftOutlined />} aria-label={t('meetings.rooms.prevWeek')} onClick={() => go(-1)} />
        <Typography.Text strong data-testid="room-week-label">
          {data ? t('meetings.rooms.weekOf', { from: data.days[0]!, to: data.days[6]! }) : ''}
        </Typography.Text>
        <Button icon={<RightOutlined />} aria-label={t('meetings.rooms.nextWeek')} onClick={() => go(1)} />
        <Button type="link" onClick={() => setSearch((s) => ({ ...Object.fromEntries(s), week: '' }))}>
          {t('meetings.rooms.thisWeek')}
        </Button>
      </Space>
      <Space size={12} wrap>
        <Badge color="#faad14" text={t('meetings.rooms.state.wait')} />
        <Badge color="#1677ff" text={t('meetings.rooms.state.allow')} />
        <Badge color="#bfbfbf" text={t('meetings.rooms.state.past')} />
      </Space>
      {week.isError && <Alert type="error" showIcon message={te(week.error)} />}
      {view && (mobile ? <DayView {...view} /> : <WeekGrid {...view} />)}
    </Space>
  );
  const label = (k: TabKey) =>
    k === 'pending' ? (
      <Badge count={pending.data?.items.length ?? 0} size="small" offset={[mobile ? 0 : 8, -2]}>
        {t('meetings.rooms.tab.pending')}
      </Badge>
    ) : (
      t(`meetings.rooms.tab.${k}`)
    );
  const content = (k: TabKey) =>
    k === 'week' ? weekTab : k === 'admin' ? <RoomAdmin rooms={rooms} /> : <BookingList scope={k} />;
  return (
    <Card
      title={t('meetings.rooms.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying({})} data-testid="room-apply">
          {t('meetings.rooms.apply')}
        </Button>
      }
    >
      <Tabs
        // On a phone the four tabs fit side by side only close together; hidden behind … they are missed.
        size={mobile ? 'small' : 'middle'}
        tabBarGutter={mobile ? 14 : undefined}
        activeKey={tab}
        onChange={(k) => setSearch((s) => ({ ...Object.fromEntries(s), tab: k }))}
        items={shown.map((k) => ({ key: k, label: label(k), children: content(k) }))}
      />
      <BookingForm rooms={rooms} start={applying} onClose={() => setApplying(null)} />
      <BookingDrawer b={current} onClose={() => setOpened(null)} />
    </Card>
  );
}

import { useState, type CSSProperties } from 'react';
import { Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import type { Booking, Room } from './queries';
import { occupies, span, weekdayOf } from './time';

/** A booking's colours: waiting orange, allowed blue, ended grey. */
function stateStyle(b: Booking): CSSProperties {
  if (b.past) return { background: '#f5f5f5', borderLeft: '3px solid #bfbfbf', color: 'rgba(0,0,0,0.45)' };
  if (b.state === 'allow') return { background: '#e6f4ff', borderLeft: '3px solid #1677ff' };
  return { background: '#fff7e6', borderLeft: '3px solid #faad14' };
}

/** The word of a booking's state (已使用 once an allowed one has ended). */
export function StateTag({ b }: { b: Booking }) {
  const { t } = useI18n();
  if (b.past && b.state === 'allow') return <Tag>{t('meetings.rooms.state.past')}</Tag>;
  const color = { wait: 'orange', allow: 'blue', deny: 'red', cancelled: 'default' }[b.state];
  return <Tag color={color}>{t(`meetings.rooms.state.${b.state}`)}</Tag>;
}

function Block({ b, onOpen }: { b: Booking; onOpen: (b: Booking) => void }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      data-testid="room-booking"
      data-state={b.state}
      title={[span(b), b.subject, b.hostUnit.name, t(`meetings.rooms.state.${b.state}`)].join(' · ')}
      onClick={() => onOpen(b)}
      style={{
        ...stateStyle(b),
        display: 'block',
        width: '100%',
        textAlign: 'left',
        border: 'none',
        borderRadius: 4,
        padding: '2px 4px',
        marginBottom: 4,
        fontSize: 12,
        lineHeight: '17px',
        cursor: 'pointer',
        overflow: 'hidden',
      }}
    >
      <div style={{ fontVariantNumeric: 'tabular-nums' }}>{span(b)}</div>
      <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{b.subject}</div>
    </button>
  );
}

function RoomLabel({ r }: { r: Room }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
      <Typography.Text strong>{r.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('meetings.rooms.where', { building: r.building, floor: r.floor, capacity: r.capacity })}
      </Typography.Text>
      {(r.secretCertified || !r.available) && (
        <Space size={2} wrap>
          {r.secretCertified && <Tag color="purple">{t('meetings.rooms.certified')}</Tag>}
          {!r.available && <Tag color="red">{t('meetings.rooms.unavailable')}</Tag>}
        </Space>
      )}
    </Space>
  );
}

interface ViewProps {
  days: string[];
  today: string;
  rooms: Room[];
  bookings: Booking[];
  onOpen: (b: Booking) => void;
  /** An empty part of a room's day was clicked: apply for it. */
  onApply: (roomId: string, day: string) => void;
}

const dayHead = (t: ReturnType<typeof useI18n>['t'], day: string) =>
  t('meetings.rooms.dayHead', {
    wd: t(`meetings.rooms.wd.${weekdayOf(day) as 1}`),
    month: Number(day.slice(5, 7)),
    day: Number(day.slice(8)),
  });

/** A desktop's week: rooms as rows, days as columns, each cell its bookings; a click on a free cell applies for it. */
export function WeekGrid({ days, today, rooms, bookings, onOpen, onApply }: ViewProps) {
  const { t } = useI18n();
  const cell: CSSProperties = { border: '1px solid #f0f0f0', borderRadius: 4, padding: 4, minWidth: 0, minHeight: 64 };
  return (
    <div style={{ overflowX: 'auto' }}>
      <div
        data-testid="room-week"
        style={{ display: 'grid', gridTemplateColumns: '170px repeat(7, minmax(96px, 1fr))', gap: 4, minWidth: 880 }}
      >
        <div />
        {days.map((d) => (
          <div key={d} style={{ textAlign: 'center', fontWeight: d === today ? 600 : undefined }} data-date={d}>
            {dayHead(t, d)}
          </div>
        ))}
        {rooms.map((r) => [
          <div key={r.id} style={{ ...cell, background: '#fafafa' }}>
            <RoomLabel r={r} />
          </div>,
          ...days.map((d) => {
            const here = bookings.filter((b) => b.room.id === r.id && occupies(b, d));
            const open = r.available && d >= today;
            return (
              <div
                key={`${r.id}-${d}`}
                data-testid="room-day"
                data-room={r.name}
                data-date={d}
                style={{ ...cell, outline: d === today ? '1px solid #91caff' : undefined }}
              >
                {here.map((b) => (
                  <Block key={b.id} b={b} onOpen={onOpen} />
                ))}
                {open && (
                  <button
                    type="button"
                    onClick={() => onApply(r.id, d)}
                    aria-label={t('meetings.rooms.applyHere', { room: r.name, date: d })}
                    style={{
                      width: '100%',
                      border: '1px dashed #d9d9d9',
                      background: 'transparent',
                      borderRadius: 4,
                      color: 'rgba(0,0,0,0.35)',
                      cursor: 'pointer',
                      fontSize: 12,
                    }}
                  >
                    +
                  </button>
                )}
              </div>
            );
          }),
        ])}
      </div>
    </div>
  );
}

/** A phone's week: one day at a time (chosen above), every room with that day's bookings. */
export function DayView({ days, today, rooms, bookings, onOpen, onApply }: ViewProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string | null>(null);
  const day = picked && days.includes(picked) ? picked : days.includes(today) ? today : days[0]!;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Segmented
        block
        size="small"
        value={day}
        onChange={(v) => setPicked(String(v))}
        options={days.map((d) => ({
          value: d,
          label: (
            <div data-testid="room-day-pick" data-date={d} style={{ lineHeight: '16px', padding: '2px 0' }}>
              <div>{t(`meetings.rooms.wd.${weekdayOf(d) as 1}`)}</div>
              <div style={{ fontSize: 11 }}>{Number(d.slice(8))}</div>
            </div>
          ),
        }))}
      />
      <Typography.Text strong>{dayHead(t, day)}</Typography.Text>
      <List
        className="zs-card-list"
        dataSource={rooms}
        locale={{ emptyText: <Empty description={t('meetings.rooms.noRooms')} /> }}
        renderItem={(r) => {
          const here = bookings.filter((b) => b.room.id === r.id && occupies(b, day));
          return (
            <List.Item data-testid="room-day" data-room={r.name} data-date={day}>
              <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <RoomLabel r={r} />
                  {r.available && day >= today && (
                    <Typography.Link onClick={() => onApply(r.id, day)}>{t('meetings.rooms.apply')}</Typography.Link>
                  )}
                </div>
                {here.length === 0 ? (
                  <Typography.Text type="secondary">{t('meetings.rooms.free')}</Typography.Text>
                ) : (
                  here.map((b) => <Block key={b.id} b={b} onOpen={onOpen} />)
                )}
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}

import { useState } from 'react';
import { Button, Select, Space, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n';
import { useRoomCommand, useRoomList } from './rooms/queries';
import type { MeetingDetail } from './queries';

const STATE_COLOR = { wait: 'gold', allow: 'green', deny: 'red', cancelled: 'default' } as const;

/** A room to choose (its building, floor and seats beside its name); `value` is its id. */
export function RoomSelect({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  const { t } = useI18n();
  const rooms = useRoomList();
  return (
    <Select
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      loading={rooms.isLoading}
      placeholder={t('meetings.meeting.roomPick')}
      style={{ width: '100%', maxWidth: 420 }}
      data-testid="meeting-room-select"
      options={(rooms.data ?? []).map((r) => ({
        value: r.id,
        label: t('meetings.meeting.roomOption', { name: r.name, place: `${r.building}${r.floor}`, n: r.capacity }),
      }))}
    />
  );
}

/**
 * The meeting's place: its room and where the booking stands (the room's manager allows it), and — for the office's
 * registrars before the meeting — another room booked in its place.
 */
export function MeetingRoomLine({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [picking, setPicking] = useState(false);
  const [roomId, setRoomId] = useState<string | null>(null);
  const change = useRoomCommand(
    (id: string) => api.put(`/meetings/${m.itemId}/room`, { roomId: id }),
    () => {
      setPicking(false);
      void qc.invalidateQueries({ queryKey: ['meetings'] });
    },
  );
  return (
    <Space size={8} wrap>
      <span>{m.place}</span>
      {m.room && (
        <Tag color={STATE_COLOR[m.room.bookingState]} data-testid="meeting-room-state">
          {t(`meetings.meeting.booking.${m.room.bookingState}` as MessageKey)}
        </Tag>
      )}
      {m.mayPlan && !picking && (
        <Button size="small" onClick={() => setPicking(true)} data-testid="meeting-room-change">
          {m.room ? t('meetings.meeting.roomChange') : t('meetings.meeting.roomBook')}
        </Button>
      )}
      {picking && (
        <>
          <RoomSelect value={roomId} onChange={setRoomId} />
          <Button
            size="small"
            type="primary"
            disabled={!roomId}
            loading={change.isPending}
            onClick={() => roomId && change.mutate(roomId)}
            data-testid="meeting-room-save"
          >
            {t('common.save')}
          </Button>
          <Button size="small" onClick={() => setPicking(false)}>
            {t('common.cancel')}
          </Button>
        </>
      )}
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Empty, Grid, Input, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { cancelBooking, decideBooking, useBookings, useRoomCommand, type Booking } from './queries';
import { dayOf, span } from './time';
import { StateTag } from './WeekView';

/** 同意 / 不同意 (asking the reason) for the room's manager, 取消 for the applicant: as far as the server allows each. */
function BookingActions({ b, onDone }: { b: Booking; onDone?: () => void }) {
  const { t } = useI18n();
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const decide = useRoomCommand(
    (v: { decision: 'allow' | 'deny'; reason: string | null }) => decideBooking(b.id, v.decision, v.reason),
    () => {
      setDenying(false);
      onDone?.();
    },
  );
  const cancel = useRoomCommand(() => cancelBooking(b.id, null), onDone);
  if (!b.canDecide && !b.canCancel) return null;
  return (
    <Space size={8} wrap>
      {b.canDecide && (
        <>
          <Button
            type="primary"
            size="small"
            loading={decide.isPending && !denying}
            onClick={() => decide.mutate({ decision: 'allow', reason: null })}
            data-testid="booking-allow"
          >
            {t('meetings.rooms.allow')}
          </Button>
          <Button size="small" danger onClick={() => setDenying(true)} data-testid="booking-deny">
            {t('meetings.rooms.deny')}
          </Button>
        </>
      )}
      {b.canCancel && (
        <Popconfirm title={t('meetings.rooms.cancelConfirm')} onConfirm={() => cancel.mutate(undefined)}>
          <Button size="small" loading={cancel.isPending} data-testid="booking-cancel">
            {t('meetings.rooms.cancel')}
          </Button>
        </Popconfirm>
      )}
      <Modal
        open={denying}
        title={t('meetings.rooms.denyTitle', { subject: b.subject })}
        onCancel={() => setDenying(false)}
        onOk={() => decide.mutate({ decision: 'deny', reason: reason.trim() })}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        okText={t('meetings.rooms.deny')}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('meetings.rooms.denyReason')}
          data-testid="booking-deny-reason"
        />
      </Modal>
    </Space>
  );
}

/** One booking with everything the reader may know of it, and what they may do. */
export function BookingDrawer({ b, onClose }: { b: Booking | null; onClose: () => void }) {
  const { t, tv } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  return (
    <Drawer open={b !== null} onClose={onClose} title={b?.subject} width={mobile ? '100%' : 480} destroyOnHidden>
      {b && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="booking-detail">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('meetings.rooms.field.room')}>{b.room.name}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.time')}>{`${dayOf(b.startsAt)} ${span(b)}`}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.state')}>
              <StateTag b={b} />
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.host')}>{b.hostUnit.name}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.applicant')}>{b.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.count')}>{b.attendeeCount}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.needs')}>
              {b.needs.map((n) => t(`meetings.rooms.equipment.${n}`)).join(t('meetings.rooms.listSep')) || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.rooms.field.classification')}>{tv(b.classification)}</Descriptions.Item>
            {b.decidedBy && <Descriptions.Item label={t('meetings.rooms.field.decidedBy')}>{b.decidedBy.name}</Descriptions.Item>}
            {b.decisionReason && (
              <Descriptions.Item label={t('meetings.rooms.field.reason')}>{b.decisionReason}</Descriptions.Item>
            )}
          </Descriptions>
          <BookingActions b={b} onDone={onClose} />
        </Space>
      )}
    </Drawer>
  );
}

/** 待我审批 (the rooms one manages) or 我的预订 (one's own, from today on), each with its actions. */
export function BookingList({ scope }: { scope: 'pending' | 'mine' }) {
  const { t, te } = useI18n();
  const list = useBookings(scope);
  if (list.isError) return <Alert type="error" showIcon message={te(list.error)} />;
  return (
    <List
      className="zs-card-list"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      data-testid={`bookings-${scope}`}
      locale={{ emptyText: <Empty description={t(`meetings.rooms.empty.${scope}`)} /> }}
      renderItem={(b) => (
        <List.Item data-testid="booking-row" actions={[<BookingActions key="act" b={b} />]}>
          <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
            <Space size={6} wrap>
              <StateTag b={b} />
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {b.subject}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary">
              {[b.room.name, `${dayOf(b.startsAt)} ${span(b)}`, b.hostUnit.name, b.applicant.name].join(' · ')}
            </Typography.Text>
            <Typography.Text type="secondary">{t('meetings.rooms.countOf', { n: b.attendeeCount })}</Typography.Text>
            {b.decisionReason && <Typography.Text type="secondary">{b.decisionReason}</Typography.Text>}
          </Space>
        </List.Item>
      )}
    />
  );
}

import { useEffect } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../../i18n';
import { useMe } from '../../../auth';
import { CLASSIFICATIONS, TITLE_MAX } from '../../../../contract/common';
import { ROOM_EQUIPMENT } from '../../../../contract/meetings';
import { applyBooking, useRoomCommand, type Room } from './queries';
import { instant } from './time';

interface Values {
  roomId: string;
  day: Dayjs;
  from: Dayjs;
  to: Dayjs;
  subject: string;
  attendeeCount: number;
  needs: string[];
  classification: string;
}

/**
 * 申请会议室: room, day and times (Beijing), subject, how many, what is needed and the 密级. The rules are the
 * server's; its refusal (a clash with its time and subject, capacity, equipment, a room not certified) shows here.
 */
export function BookingForm({
  rooms,
  start,
  onClose,
}: {
  rooms: Room[];
  /** The room and day it was opened for; null when closed. */
  start: { roomId?: string; day?: string } | null;
  onClose: () => void;
}) {
  const { t, te, tv } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const apply = useRoomCommand(
    (v: Values) => {
      const day = v.day.format('YYYY-MM-DD');
      return applyBooking(v.roomId, {
        startsAt: instant(day, v.from.format('HH:mm')),
        endsAt: instant(day, v.to.format('HH:mm')),
        subject: v.subject,
        attendeeCount: v.attendeeCount,
        needs: v.needs,
        classification: v.classification,
      });
    },
    () => onClose(),
  );
  const open = start !== null;
  const { reset } = apply;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  // Up to the lower of the person's clearance and the deployment's ceiling.
  const levels = CLASSIFICATIONS.filter(
    (c) =>
      CLASSIFICATIONS.indexOf(c) <=
      Math.min(CLASSIFICATIONS.indexOf(me.clearance), CLASSIFICATIONS.indexOf(me.classificationCeiling)),
  );
  const roomId = Form.useWatch('roomId', form);
  const room = rooms.find((r) => r.id === roomId);
  return (
    <Modal
      open={open}
      title={t('meetings.rooms.form.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('meetings.rooms.form.submit')}
      confirmLoading={apply.isPending}
      destroyOnHidden
    >
      {open && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          data-testid="booking-form"
          initialValues={{
            roomId: start.roomId,
            day: start.day ? dayjs(start.day) : undefined,
            from: dayjs('09:00', 'HH:mm'),
            to: dayjs('10:00', 'HH:mm'),
            needs: [],
            classification: levels[0],
          }}
          onFinish={(v) => apply.mutate(v)}
        >
          {apply.isError && (
            <Alert type="error" showIcon data-testid="booking-error" message={te(apply.error)} style={{ marginBottom: 12 }} />
          )}
          <Form.Item
            name="roomId"
            label={t('meetings.rooms.form.room')}
            rules={[{ required: true, message: t('meetings.rooms.form.roomRequired') }]}
          >
            <Select
              options={rooms
                .filter((r) => r.available)
                .map((r) => ({
                  value: r.id,
                  label: t('meetings.rooms.form.roomOption', { name: r.name, capacity: r.capacity }),
                }))}
            />
          </Form.Item>
          <Form.Item
            name="day"
            label={t('meetings.rooms.form.day')}
            rules={[{ required: true, message: t('meetings.rooms.form.dayRequired') }]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Space size={8} style={{ display: 'flex' }}>
            <Form.Item name="from" label={t('meetings.rooms.form.from')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <TimePicker format="HH:mm" minuteStep={15} needConfirm={false} inputReadOnly style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="to" label={t('meetings.rooms.form.to')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <TimePicker format="HH:mm" minuteStep={15} needConfirm={false} inputReadOnly style={{ width: '100%' }} />
            </Form.Item>
          </Space>
          <Form.Item
            name="subject"
            label={t('meetings.rooms.form.subject')}
            rules={[{ required: true, whitespace: true, message: t('meetings.rooms.form.subjectRequired') }]}
          >
            <Input maxLength={TITLE_MAX} />
          </Form.Item>
          <Form.Item
            name="attendeeCount"
            label={t('meetings.rooms.form.count')}
            extra={room ? t('meetings.rooms.form.capacity', { capacity: room.capacity }) : undefined}
            rules={[{ required: true, type: 'integer', min: 1, message: t('meetings.rooms.form.countRequired') }]}
          >
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="needs" label={t('meetings.rooms.form.needs')}>
            <Checkbox.Group options={ROOM_EQUIPMENT.map((e) => ({ value: e, label: t(`meetings.rooms.equipment.${e}`) }))} />
          </Form.Item>
          <Form.Item name="classification" label={t('meetings.rooms.form.classification')}>
            <Select options={levels.map((c) => ({ value: c, label: tv(c) }))} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

import { useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { PersonPicker } from '../../../components/flow/pickers';
import { ROOM_CAPACITY_MAX, ROOM_EQUIPMENT, type CreateRoom, type RoomEquipment } from '../../../../contract/meetings';
import { saveRoom, useRoomCommand, type Room } from './queries';

interface Values {
  name: string;
  building: string;
  floor: string;
  capacity: number;
  equipment: RoomEquipment[];
  manager: string[];
  available: boolean;
  secretCertified: boolean;
}

function RoomForm({ room, onClose }: { room: Room | 'new' | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const editing = room && room !== 'new' ? room : null;
  const save = useRoomCommand(
    (v: Values) => {
      const { manager, ...rest } = v;
      const body: CreateRoom = { ...rest, managerPersonId: manager[0] ?? '' };
      return saveRoom(editing?.id ?? null, body);
    },
    () => onClose(),
  );
  const required = (key: 'name' | 'building' | 'floor') => [
    { required: true, whitespace: true, message: t(`meetings.rooms.admin.${key}Required`) },
  ];
  return (
    <Modal
      open={room !== null}
      title={t(editing ? 'meetings.rooms.admin.editTitle' : 'meetings.rooms.admin.newTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('meetings.rooms.admin.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {room && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          data-testid="room-form"
          initialValues={
            editing
              ? { ...editing, manager: [editing.manager.id] }
              : { equipment: [], manager: [], available: true, secretCertified: false }
          }
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item name="name" label={t('meetings.rooms.admin.name')} rules={required('name')}>
            <Input maxLength={50} />
          </Form.Item>
          <Space size={8} style={{ display: 'flex' }}>
            <Form.Item
              name="building"
              label={t('meetings.rooms.admin.building')}
              rules={required('building')}
              style={{ flex: 1 }}
            >
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="floor" label={t('meetings.rooms.admin.floor')} rules={required('floor')} style={{ flex: 1 }}>
              <Input maxLength={20} />
            </Form.Item>
          </Space>
          <Form.Item
            name="capacity"
            label={t('meetings.rooms.admin.capacity')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 1,
                max: ROOM_CAPACITY_MAX,
                message: t('meetings.rooms.admin.capacityRange'),
              },
            ]}
          >
            <InputNumber min={1} max={ROOM_CAPACITY_MAX} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="equipment" label={t('meetings.rooms.admin.equipment')}>
            <Checkbox.Group options={ROOM_EQUIPMENT.map((e) => ({ value: e, label: t(`meetings.rooms.equipment.${e}`) }))} />
          </Form.Item>
          <Form.Item
            name="manager"
            label={t('meetings.rooms.admin.manager')}
            rules={[{ required: true, type: 'array', min: 1, message: t('meetings.rooms.admin.managerRequired') }]}
          >
            <PersonPicker
              suggested={editing ? [{ ...editing.manager, title: t('meetings.rooms.admin.currentManager') }] : undefined}
              suggestedLabel={t('meetings.rooms.admin.currentManager')}
            />
          </Form.Item>
          <Space size={24} wrap>
            <Form.Item name="available" label={t('meetings.rooms.admin.available')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="secretCertified" label={t('meetings.rooms.admin.secretCertified')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  );
}

/** 会议室管理: the rooms the reader may edit (their office's, as its registrar), and a new one. */
export function RoomAdmin({ rooms }: { rooms: Room[] }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Room | 'new' | null>(null);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="room-new">
        {t('meetings.rooms.admin.new')}
      </Button>
      <List
        className="zs-card-list"
        dataSource={rooms.filter((r) => r.editable)}
        renderItem={(r) => (
          <List.Item
            data-testid="room-row"
            actions={[
              <Typography.Link key="edit" onClick={() => setEditing(r)}>
                {t('meetings.rooms.admin.edit')}
              </Typography.Link>,
            ]}
          >
            <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
              <Space size={6} wrap>
                <Typography.Text strong>{r.name}</Typography.Text>
                {r.secretCertified && <Tag color="purple">{t('meetings.rooms.certified')}</Tag>}
                {!r.available && <Tag color="red">{t('meetings.rooms.unavailable')}</Tag>}
              </Space>
              <Typography.Text type="secondary">
                {t('meetings.rooms.where', { building: r.building, floor: r.floor, capacity: r.capacity })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {[r.equipment.map((e) => t(`meetings.rooms.equipment.${e}`)).join(t('meetings.rooms.listSep')), r.manager.name]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <RoomForm room={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}

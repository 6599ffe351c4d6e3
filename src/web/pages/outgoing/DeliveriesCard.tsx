import { useId, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { BellOutlined, EditOutlined, GlobalOutlined, RedoOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import type { OutgoingDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatTime } from '../../components/flow/FlowRecord';
import { CLASSIFICATIONS, type Classification } from '../../../contract/common';
import { DELIVERY_STATUSES, OFFLINE_METHODS, OPEN_CHANNEL_METHODS } from '../../../contract/outgoing';

type Delivery = OutgoingDetail['deliveries'][number];
type LogEntry = OutgoingDetail['deliveryLog'][number];
type Method = (typeof OFFLINE_METHODS)[number];
const COLORS = { delivered: 'blue', signed: 'green', returned: 'red', offline: 'orange', sentOffline: 'cyan' } as const;
// State secrets: 秘密 and above (the third classification on).
const isStateSecret = (c: string) => CLASSIFICATIONS.indexOf(c as Classification) >= 2;

/** 登记 or 更正 a 线下分发: channel, time, who carried it, a note; a correction says why. */
function OfflineDialog({
  itemId,
  row,
  classification,
  onClose,
  onDone,
}: {
  itemId: string;
  row: Delivery | null;
  classification: string;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const correcting = row?.status === 'sentOffline';
  const secret = isStateSecret(classification);
  const [method, setMethod] = useState<Method | undefined>(undefined);
  const [at, setAt] = useState<Dayjs | null>(null);
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  if (row && opened !== row.id) {
    // A correction starts from what was recorded.
    setOpened(row.id);
    setMethod((row.offline?.method as Method | undefined) ?? undefined);
    setAt(row.offline ? dayjs(row.offline.at) : dayjs());
    setBy(row.offline?.by ?? '');
    setNote(row.offline?.note ?? '');
    setReason('');
  }
  const save = useMutation({
    mutationFn: () =>
      api.post(`/outgoing/${itemId}/deliveries/${row!.id}/offline`, {
        method,
        at: at!.toISOString(),
        by: by.trim(),
        note: note.trim() || null,
        reason: correcting ? reason.trim() : null,
      }),
    onSuccess: async () => {
      message.success(t('outgoing.delivery.saved'));
      setOpened(null);
      onClose();
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const ready =
    method && at && by.trim() && (method !== OFFLINE_METHODS.at(-1) || note.trim()) && (!correcting || reason.trim().length >= 2);
  const close = () => {
    setOpened(null);
    onClose();
  };
  return (
    <Modal
      open={row !== null}
      title={
        row ? t(correcting ? 'outgoing.delivery.correctTitle' : 'outgoing.delivery.offlineTitle', { organ: row.unitName }) : ''
      }
      onCancel={close}
      onOk={() => save.mutate()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !ready, loading: save.isPending }}
    >
      <Form layout="vertical" component="div">
        <Typography.Paragraph type="secondary">{t('outgoing.delivery.offlineHint')}</Typography.Paragraph>
        <Form.Item
          label={t('outgoing.delivery.method')}
          htmlFor="offline-method"
          extra={secret ? t('outgoing.delivery.methodClassified') : undefined}
          required
        >
          <Select
            id="offline-method"
            value={method}
            onChange={setMethod}
            options={OFFLINE_METHODS.map((m) => ({
              value: m,
              label: tv(m),
              disabled: secret && OPEN_CHANNEL_METHODS.includes(m),
            }))}
            data-testid="offline-method"
          />
        </Form.Item>
        <Form.Item label={t('outgoing.delivery.at')} htmlFor="offline-at" required>
          <DatePicker
            id="offline-at"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={at}
            onChange={setAt}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('outgoing.delivery.by')} htmlFor="offline-by" required>
          <Input id="offline-by" value={by} onChange={(e) => setBy(e.target.value)} maxLength={50} />
        </Form.Item>
        <Form.Item label={t('outgoing.delivery.note')} htmlFor="offline-note">
          <Input.TextArea
            id="offline-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2 }}
            maxLength={500}
          />
        </Form.Item>
        {correcting && (
          <Form.Item label={t('outgoing.delivery.correctReason')} htmlFor="offline-reason" required>
            <Input.TextArea
              id="offline-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoSize={{ minRows: 2 }}
              maxLength={500}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** A short reason, then the command: 撤销 a 线下分发 recorded in error, or 重新分发 to a unit that sent it back. */
function ReasonDialog({
  open,
  title,
  hint,
  label,
  okText,
  required,
  onClose,
  run,
}: {
  open: boolean;
  title: string;
  hint: string;
  label: string;
  okText: string;
  required: boolean;
  onClose: () => void;
  run: (text: string) => Promise<unknown>;
}) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  // Several of these live on the card at once: each its own id, so each label names its own field.
  const fieldId = useId();
  const go = useMutation({
    mutationFn: () => run(text.trim()),
    onSuccess: () => {
      setText('');
      onClose();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => go.mutate()}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: required && text.trim().length < 2, loading: go.isPending }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        <label htmlFor={fieldId}>{label}</label>
        <Input.TextArea
          id={fieldId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 2 }}
          maxLength={required ? 500 : 200}
        />
      </Space>
    </Modal>
  );
}

/** One line of the distribution log, as the 流转记录 and the card show it. */
export function useDeliveryLogText() {
  const { t, tv } = useI18n();
  return (l: LogEntry) =>
    [
      l.registryNo ? t('outgoing.delivery.log.registryNo', { no: l.registryNo }) : null,
      l.offline
        ? t('outgoing.delivery.offlineReceipt', { method: tv(l.offline.method), by: l.offline.by, at: formatTime(l.offline.at) })
        : null,
      l.reason ? t('outgoing.delivery.log.reason', { reason: l.reason }) : null,
    ]
      .filter(Boolean)
      .join(t('common.semi'));
}

/**
 * 核发 and its receipts: for each unit of the system, delivered, signed for (with its 收文号) or sent back (with
 * why, and 重新分发); for each organ outside it, 需线下分发 until the registrar records how it went (and corrects a
 * record made in error). The log below keeps every step.
 */
export function DeliveriesCard({ d, onChanged }: { d: OutgoingDetail; onChanged: () => Promise<void> }) {
  const { t, tv } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const logText = useDeliveryLogText();
  const [recording, setRecording] = useState<Delivery | null>(null);
  const [withdrawing, setWithdrawing] = useState<Delivery | null>(null);
  const [resending, setResending] = useState<Delivery | null>(null);
  const [reminding, setReminding] = useState<Delivery | null>(null);
  const { deliveries, deliveryLog: log, canManageDeliveries: canManage } = d;
  const itemId = d.item.id;
  if (!deliveries.length) return null;
  const status = (x: Delivery) => (
    <Tag color={COLORS[x.status]} icon={x.unitId ? undefined : <GlobalOutlined />} data-testid={`delivery-status-${x.status}`}>
      {t(`outgoing.delivery.${x.status}`)}
    </Tag>
  );
  const receipt = (x: Delivery) =>
    x.status === 'signed' ? (
      <span>
        {t('outgoing.delivery.registryNo', { no: x.registryNo ?? '' })}
        {x.signedBy && <Typography.Text type="secondary">{` · ${x.signedBy} ${formatTime(x.signedAt)}`}</Typography.Text>}
      </span>
    ) : x.status === 'returned' ? (
      <span>
        {t('outgoing.delivery.reason', { reason: x.returnReason ?? '' })}
        <Typography.Text type="secondary">{` · ${formatTime(x.returnedAt)}`}</Typography.Text>
      </span>
    ) : x.status === 'sentOffline' && x.offline ? (
      <span data-testid="offline-receipt">
        {t('outgoing.delivery.offlineReceipt', { method: tv(x.offline.method), by: x.offline.by, at: formatTime(x.offline.at) })}
        {x.offline.note && ` · ${x.offline.note}`}
        <Typography.Text type="secondary">{` · ${t('outgoing.delivery.recordedBy', { name: x.offline.recordedBy })}`}</Typography.Text>
      </span>
    ) : x.status === 'delivered' ? (
      <Typography.Text type="secondary" data-testid="delivery-due">
        {[
          x.previousId ? t('outgoing.delivery.redistributed') : '',
          x.dueDate ? t('outgoing.delivery.due', { date: x.dueDate }) : '',
          x.remindCount ? t('outgoing.delivery.reminded', { n: x.remindCount }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    ) : null;
  const actions = (x: Delivery) => {
    if (!canManage) return null;
    if (x.status === 'offline')
      return (
        <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setRecording(x)} data-testid="record-offline">
          {t('outgoing.delivery.record')}
        </Button>
      );
    if (x.status === 'sentOffline')
      return (
        <Space wrap size={4}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setRecording(x)} data-testid="correct-offline">
            {t('outgoing.delivery.correct')}
          </Button>
          <Button size="small" danger icon={<UndoOutlined />} onClick={() => setWithdrawing(x)} data-testid="withdraw-offline">
            {t('outgoing.delivery.withdraw')}
          </Button>
        </Space>
      );
    if (x.status === 'delivered' && x.unitId)
      return (
        <Button size="small" icon={<BellOutlined />} onClick={() => setReminding(x)} data-testid="remind-delivery">
          {t('outgoing.delivery.remind')}
        </Button>
      );
    if (x.status === 'returned' && x.unitId)
      return (
        <Button size="small" icon={<RedoOutlined />} onClick={() => setResending(x)} data-testid="redistribute">
          {t('outgoing.delivery.redistribute')}
        </Button>
      );
    return null;
  };
  const counts = DELIVERY_STATUSES.map((s) => ({ s, n: deliveries.filter((x) => x.status === s).length }))
    .filter(({ s, n }) => n > 0 || s === 'delivered')
    .map(({ s, n }) => t('outgoing.delivery.count', { status: t(`outgoing.delivery.${s}`), n }));
  const pending = deliveries.filter((x) => x.status === 'offline');
  const name = (x: Delivery) => (
    <Space size={4} wrap>
      <strong>{x.unitName}</strong>
      {!x.unitId && (
        <Tag className="od-organ-outside" color="warning">
          {t('outgoing.delivery.outside')}
        </Tag>
      )}
    </Space>
  );
  return (
    <Card
      size="small"
      title={t('outgoing.delivery.title')}
      extra={
        <Typography.Text type="secondary" data-testid="delivery-counts">
          {counts.join(t('common.semi'))}
        </Typography.Text>
      }
      data-testid="deliveries"
    >
      {pending.length > 0 && canManage && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('outgoing.distribution.offline', {
            n: pending.length,
            names: pending.map((x) => x.unitName).join(t('common.sep')),
          })}
        />
      )}
      {mobile ? (
        <List
          dataSource={deliveries}
          renderItem={(x) => (
            <List.Item data-testid="delivery">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  {name(x)}
                  <Tag>{t(`outgoing.role.${x.role}`)}</Tag>
                  {status(x)}
                </Space>
                {receipt(x)}
                {actions(x)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<Delivery>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={deliveries}
          onRow={() => ({ 'data-testid': 'delivery' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('outgoing.delivery.unit'), dataIndex: 'unitName', render: (_: string, x) => name(x) },
            {
              title: t('outgoing.delivery.role'),
              dataIndex: 'role',
              width: 70,
              render: (r: Delivery['role']) => t(`outgoing.role.${r}`),
            },
            { title: t('outgoing.delivery.status'), dataIndex: 'status', width: 130, render: (_: string, x) => status(x) },
            { title: t('outgoing.delivery.deliveredAt'), dataIndex: 'deliveredAt', width: 130, render: formatTime },
            { title: t('outgoing.delivery.receipt'), key: 'receipt', render: (_: unknown, x) => receipt(x) },
            ...(canManage
              ? [
                  {
                    title: t('outgoing.delivery.actions'),
                    key: 'actions',
                    width: 200,
                    render: (_: unknown, x: Delivery) => actions(x),
                  },
                ]
              : []),
          ]}
        />
      )}
      {log.length > 0 && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'log',
              label: t('outgoing.delivery.log', { n: log.length }),
              children: (
                <List
                  size="small"
                  dataSource={log}
                  renderItem={(l) => (
                    <List.Item data-testid="delivery-log">
                      <Typography.Text>
                        <Typography.Text type="secondary">{formatTime(l.at)}</Typography.Text>
                        {` ${l.person ?? ''} ${t(`outgoing.delivery.log.${l.event}`)} ${l.unitName}`}
                        {logText(l) && <Typography.Text type="secondary">{` · ${logText(l)}`}</Typography.Text>}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
      <OfflineDialog
        itemId={itemId}
        row={recording}
        classification={d.item.classification}
        onClose={() => setRecording(null)}
        onDone={onChanged}
      />
      <ReasonDialog
        open={withdrawing !== null}
        title={withdrawing ? t('outgoing.delivery.withdrawTitle', { organ: withdrawing.unitName }) : ''}
        hint={t('outgoing.delivery.withdrawHint')}
        label={t('outgoing.delivery.withdrawReason')}
        okText={t('outgoing.delivery.withdraw')}
        required
        onClose={() => setWithdrawing(null)}
        run={async (reason) => {
          await api.post(`/outgoing/${itemId}/deliveries/${withdrawing!.id}/offline/withdraw`, { reason });
          await onChanged();
        }}
      />
      <ReasonDialog
        open={reminding !== null}
        title={reminding ? t('outgoing.delivery.remindTitle', { organ: reminding.unitName }) : ''}
        hint={t('outgoing.delivery.remindHint')}
        label={t('outgoing.delivery.remindNote')}
        okText={t('outgoing.delivery.remind')}
        required={false}
        onClose={() => setReminding(null)}
        run={async (note) => {
          await api.post(`/outgoing/${itemId}/deliveries/${reminding!.id}/remind`, { note: note || null });
          await onChanged();
        }}
      />
      <ReasonDialog
        open={resending !== null}
        title={resending ? t('outgoing.delivery.redistributeTitle', { organ: resending.unitName }) : ''}
        hint={resending ? t('outgoing.delivery.redistributeHint', { reason: resending.returnReason ?? '' }) : ''}
        label={t('outgoing.delivery.redistributeNote')}
        okText={t('outgoing.delivery.redistribute')}
        required={false}
        onClose={() => setResending(null)}
        run={async (note) => {
          await api.post(`/outgoing/${itemId}/deliveries/${resending!.id}/redistribute`, { note: note || null });
          await onChanged();
        }}
      />
    </Card>
  );
}

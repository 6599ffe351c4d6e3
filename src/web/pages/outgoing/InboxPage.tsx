import './outgoing.css';
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Form, Grid, Input, List, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, qs } from '../../api/client';
import type { DeliveryInbox } from '../../api/types';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { DELIVERY_STATUSES } from '../../../contract/outgoing';
import { formatTime } from '../../components/flow/FlowRecord';

type Row = DeliveryInbox['items'][number];
/** What the dialogs need of a delivery: the inbox row or the issued copy's receipt. */
export interface DeliveryRef {
  id: string;
  docNo: string | null;
  title: string;
}
type Status = (typeof DELIVERY_STATUSES)[number];
const PAGE = 50;

/** 签收: it becomes a 收文 of this unit (pre-filled from the document, linked to it); the page goes there. */
export function SignForDialog({ row, onClose }: { row: DeliveryRef | null; onClose: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [due, setDue] = useState<Dayjs | null>(null);
  const sign = useMutation({
    mutationFn: () => api.post<{ itemId: string; registryNo: string }>(`/deliveries/${row!.id}/sign-for`, { dueDate: due ? due.format('YYYY-MM-DD') : null }),
    onSuccess: async (r) => {
      message.success(t('outgoing.inbox.signedFor', { no: r.registryNo }));
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      onClose();
      navigate(`/incoming/${r.itemId}`);
    },
    onError: (e) => message.error(te(e)),
  });
  return (
    <Modal open={row !== null} title={t('outgoing.inbox.signFor')} onCancel={onClose} onOk={() => sign.mutate()} okText={t('outgoing.inbox.signFor')} cancelText={t('common.cancel')} okButtonProps={{ loading: sign.isPending }}>
      {row && (
        <Form layout="vertical" component="div">
          <Typography.Paragraph>
            <strong>{row.docNo}</strong> {row.title}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('outgoing.inbox.signForHint')}</Typography.Paragraph>
          <Form.Item label={t('flow.dueDate')} htmlFor="inbox-due">
            <DatePicker id="inbox-due" value={due} onChange={setDue} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 退文: sent back to the issuing office with the reason, which it sees on its document. */
export function ReturnDialog({ row, onClose }: { row: DeliveryRef | null; onClose: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const back = useMutation({
    mutationFn: () => api.post(`/deliveries/${row!.id}/return`, { reason }),
    onSuccess: async () => {
      message.success(t('outgoing.inbox.returned'));
      setReason('');
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
      onClose();
    },
    onError: (e) => message.error(te(e)),
  });
  return (
    <Modal open={row !== null} title={t('outgoing.inbox.return')} onCancel={onClose} onOk={() => back.mutate()} okText={t('outgoing.inbox.return')} cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: back.isPending }}>
      {row && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            <strong>{row.docNo}</strong> {row.title}
          </Typography.Paragraph>
          <label htmlFor="inbox-return-reason">{t('outgoing.inbox.returnReason')}</label>
          <Input.TextArea id="inbox-return-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 3 }} maxLength={500} />
        </Space>
      )}
    </Modal>
  );
}

/** 待签收: documents other offices distributed to this unit; its registrars sign for them or send them back. */
export function InboxPage() {
  const { t, tv } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const [status, setStatus] = useState<Status | 'all'>('delivered');
  const [signing, setSigning] = useState<Row | null>(null);
  const [returning, setReturning] = useState<Row | null>(null);
  const res = useQuery({
    queryKey: ['deliveries', status],
    queryFn: () => api.get<DeliveryInbox>(`/deliveries${qs({ status: status === 'all' ? undefined : status, limit: PAGE })}`),
  });
  const title = (r: Row) => (
    <Space size={4} wrap>
      <Link to={`/outgoing/${r.sourceItemId}/issued`}>{r.title}</Link>
      {r.urgency && <Tag color="red">{tv(r.urgency)}</Tag>}
      {r.classification !== UNMARKED && <Tag>{tv(r.classification)}</Tag>}
    </Space>
  );
  const state = (r: Row) =>
    r.status === 'signed' ? (
      <span>
        <Tag color="green">{t('outgoing.delivery.signed')}</Tag>
        {r.incomingItemId ? <Link to={`/incoming/${r.incomingItemId}`}>{r.registryNo}</Link> : r.registryNo}
      </span>
    ) : r.status === 'returned' ? (
      <span>
        <Tag color="red">{t('outgoing.delivery.returned')}</Tag>
        {r.returnReason}
      </span>
    ) : (
      <Tag color="blue">{t('outgoing.inbox.waiting')}</Tag>
    );
  const actions = (r: Row) =>
    r.status === 'delivered' ? (
      <Space wrap>
        <Button type="primary" size="small" icon={<CheckOutlined />} onClick={() => setSigning(r)} data-testid="sign-for">
          {t('outgoing.inbox.signFor')}
        </Button>
        <Button danger size="small" icon={<RollbackOutlined />} onClick={() => setReturning(r)} data-testid="return-delivery">
          {t('outgoing.inbox.return')}
        </Button>
      </Space>
    ) : null;
  return (
    <Card title={t('outgoing.inbox.title')}>
      <Tabs
        activeKey={status}
        onChange={(k) => setStatus(k as Status | 'all')}
        items={[
          { key: 'delivered', label: t('outgoing.inbox.waiting') },
          { key: 'signed', label: t('outgoing.delivery.signed') },
          { key: 'returned', label: t('outgoing.delivery.returned') },
          { key: 'all', label: t('outgoing.inbox.all') },
        ]}
      />
      {mobile ? (
        <List
          className="zs-card-list"
          loading={res.isLoading}
          dataSource={res.data?.items ?? []}
          renderItem={(r) => (
            <List.Item data-testid="inbox-row">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                {title(r)}
                <Typography.Text type="secondary">{[r.senderName, r.docNo, t(`outgoing.role.${r.role}`), formatTime(r.deliveredAt)].filter(Boolean).join(' · ')}</Typography.Text>
                {state(r)}
                {actions(r)}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={res.isLoading}
          dataSource={res.data?.items ?? []}
          pagination={false}
          onRow={() => ({ 'data-testid': 'inbox-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('outgoing.inbox.sender'), dataIndex: 'senderName', width: 180 },
            { title: t('outgoing.field.docNo'), dataIndex: 'docNo', width: 170 },
            { title: t('outgoing.field.title'), dataIndex: 'title', render: (_: string, r) => title(r) },
            { title: t('outgoing.delivery.role'), dataIndex: 'role', width: 70, render: (x: Row['role']) => t(`outgoing.role.${x}`) },
            { title: t('outgoing.delivery.deliveredAt'), dataIndex: 'deliveredAt', width: 140, render: formatTime },
            { title: t('outgoing.delivery.status'), key: 'state', render: (_: unknown, r) => state(r) },
            { title: t('outgoing.inbox.actions'), key: 'actions', width: 180, render: (_: unknown, r) => actions(r) },
          ]}
        />
      )}
      <SignForDialog row={signing} onClose={() => setSigning(null)} />
      <ReturnDialog row={returning} onClose={() => setReturning(null)} />
    </Card>
  );
}

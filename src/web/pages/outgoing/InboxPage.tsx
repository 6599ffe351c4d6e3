import './outgoing.css';
import { useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, qs } from '../../api/client';
import type { DeliveryInbox } from '../../api/types';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { INBOX_STATUSES } from '../../../contract/outgoing';
import { formatTime } from '../../components/flow/FlowRecord';

type Row = DeliveryInbox['items'][number];
/** What the dialogs need of a delivery: the inbox row or the issued copy's receipt. */
export interface DeliveryRef {
  id: string;
  docNo: string | null;
  title: string;
}
type Status = (typeof INBOX_STATUSES)[number];
type BatchResult =
  { id: string; ok: true; itemId: string; registryNo: string } | { id: string; ok: false; code: string; message: string };
const PAGE = 50;

/** 签收: it becomes a 收文 of this unit (pre-filled from the document, linked to it); the page goes there. */
export function SignForDialog({ row, onClose }: { row: DeliveryRef | null; onClose: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [due, setDue] = useState<Dayjs | null>(null);
  const sign = useMutation({
    mutationFn: () =>
      api.post<{ itemId: string; registryNo: string }>(`/deliveries/${row!.id}/sign-for`, {
        dueDate: due ? due.format('YYYY-MM-DD') : null,
      }),
    onSuccess: async (r) => {
      message.success(t('outgoing.inbox.signedFor', { no: r.registryNo }));
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      onClose();
      void navigate(`/incoming/${r.itemId}`);
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={row !== null}
      title={t('outgoing.inbox.signFor')}
      onCancel={onClose}
      onOk={() => sign.mutate()}
      okText={t('outgoing.inbox.signFor')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: sign.isPending }}
    >
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

/**
 * 批量签收: every chosen document becomes its own 收文 with its own receipt. One that cannot be signed for is
 * listed with the reason; the others are signed for all the same.
 */
function BatchSignForDialog({ rows, onClose, onDone }: { rows: Row[] | null; onClose: () => void; onDone: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [due, setDue] = useState<Dayjs | null>(null);
  const [failed, setFailed] = useState<{ row: Row | undefined; message: string }[]>([]);
  const sign = useMutation({
    mutationFn: () =>
      api.post<{ results: BatchResult[] }>('/deliveries/sign-for', {
        ids: rows!.map((r) => r.id),
        dueDate: due ? due.format('YYYY-MM-DD') : null,
      }),
    onSuccess: async ({ results }) => {
      const ok = results.filter((r) => r.ok).length;
      if (ok) message.success(t('outgoing.inbox.batchDone', { n: ok }));
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      onDone();
      const bad = results.flatMap((r) => (r.ok ? [] : [{ row: rows!.find((x) => x.id === r.id), message: r.message }]));
      setFailed(bad);
      if (!bad.length) onClose();
    },
    onError: (e) => void message.error(te(e)),
  });
  const close = () => {
    setFailed([]);
    onClose();
  };
  const n = rows?.length ?? 0;
  return (
    <Modal
      open={rows !== null}
      title={t('outgoing.inbox.batchTitle', { n })}
      onCancel={close}
      onOk={() => (failed.length ? close() : sign.mutate())}
      okText={failed.length ? t('outgoing.inbox.batchClose') : t('outgoing.inbox.signFor')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: sign.isPending }}
    >
      {failed.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="batch-failed"
          message={t('outgoing.inbox.batchFailed', { n: failed.length })}
          description={
            <ul className="od-refusal">
              {failed.map((f, i) => (
                <li key={i}>
                  <strong>{f.row?.docNo}</strong> {f.row?.title}
                  {t('common.paren', { x: f.message })}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Form layout="vertical" component="div">
          <Typography.Paragraph type="secondary">{t('outgoing.inbox.batchHint')}</Typography.Paragraph>
          <ul className="od-batch-list">
            {(rows ?? []).map((r) => (
              <li key={r.id}>
                <strong>{r.docNo}</strong> {r.title}
              </li>
            ))}
          </ul>
          <Form.Item label={t('flow.dueDate')} htmlFor="batch-due">
            <DatePicker id="batch-due" value={due} onChange={setDue} />
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
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={row !== null}
      title={t('outgoing.inbox.return')}
      onCancel={onClose}
      onOk={() => back.mutate()}
      okText={t('outgoing.inbox.return')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: back.isPending }}
    >
      {row && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            <strong>{row.docNo}</strong> {row.title}
          </Typography.Paragraph>
          <label htmlFor="inbox-return-reason">{t('outgoing.inbox.returnReason')}</label>
          <Input.TextArea
            id="inbox-return-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 3 }}
            maxLength={500}
          />
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
  // Beijing today, for a 签收期限 already passed.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [selected, setSelected] = useState<string[]>([]);
  const [batch, setBatch] = useState<Row[] | null>(null);
  const res = useQuery({
    queryKey: ['deliveries', status],
    queryFn: () => api.get<DeliveryInbox>(`/deliveries${qs({ status: status === 'all' ? undefined : status, limit: PAGE })}`),
  });
  const items = res.data?.items ?? [];
  const waiting = (r: Row) => r.status === 'delivered';
  const chosen = items.filter((r) => selected.includes(r.id) && waiting(r));
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
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
      <span>
        <Tag color="blue">{t('outgoing.inbox.waiting')}</Tag>
        {r.redistributed && (
          <Tag color="gold" data-testid="inbox-redistributed">
            {t('outgoing.delivery.redistributed')}
          </Tag>
        )}
        {r.dueDate && (
          <Typography.Text type={r.dueDate < today ? 'danger' : 'secondary'}>
            {t('outgoing.delivery.due', { date: r.dueDate })}
          </Typography.Text>
        )}
      </span>
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
        onChange={(k) => {
          setStatus(k as Status | 'all');
          setSelected([]);
        }}
        items={[
          { key: 'delivered', label: t('outgoing.inbox.waiting') },
          { key: 'signed', label: t('outgoing.delivery.signed') },
          { key: 'returned', label: t('outgoing.delivery.returned') },
          { key: 'all', label: t('outgoing.inbox.all') },
        ]}
      />
      {items.some(waiting) && (
        <Space wrap style={{ marginBottom: 12 }}>
          {mobile && (
            <Checkbox
              checked={chosen.length > 0 && chosen.length === items.filter(waiting).length}
              indeterminate={chosen.length > 0 && chosen.length < items.filter(waiting).length}
              onChange={(e) => setSelected(e.target.checked ? items.filter(waiting).map((r) => r.id) : [])}
            >
              {t('outgoing.inbox.select')}
            </Checkbox>
          )}
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={!chosen.length}
            onClick={() => setBatch(chosen)}
            data-testid="batch-sign-for"
          >
            {t('outgoing.inbox.signSelected', { n: chosen.length })}
          </Button>
        </Space>
      )}
      {mobile ? (
        <List
          className="zs-card-list"
          loading={res.isLoading}
          dataSource={items}
          renderItem={(r) => (
            <List.Item data-testid="inbox-row">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space align="start" size={8}>
                  {waiting(r) && (
                    <Checkbox
                      checked={selected.includes(r.id)}
                      onChange={(e) => toggle(r.id, e.target.checked)}
                      aria-label={t('outgoing.inbox.select')}
                      data-testid="inbox-select"
                    />
                  )}
                  {title(r)}
                </Space>
                <Typography.Text type="secondary">
                  {[r.senderName, r.docNo, t(`outgoing.role.${r.role}`), formatTime(r.deliveredAt)].filter(Boolean).join(' · ')}
                </Typography.Text>
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
          dataSource={items}
          pagination={false}
          rowSelection={{
            selectedRowKeys: chosen.map((r) => r.id),
            onChange: (keys) => setSelected(keys.map(String)),
            getCheckboxProps: (r) => ({ disabled: !waiting(r), 'aria-label': t('outgoing.inbox.select') }),
          }}
          onRow={() => ({ 'data-testid': 'inbox-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('outgoing.inbox.sender'), dataIndex: 'senderName', width: 180 },
            { title: t('outgoing.field.docNo'), dataIndex: 'docNo', width: 170 },
            { title: t('outgoing.field.title'), dataIndex: 'title', render: (_: string, r) => title(r) },
            {
              title: t('outgoing.delivery.role'),
              dataIndex: 'role',
              width: 70,
              render: (x: Row['role']) => t(`outgoing.role.${x}`),
            },
            { title: t('outgoing.delivery.deliveredAt'), dataIndex: 'deliveredAt', width: 140, render: formatTime },
            { title: t('outgoing.delivery.status'), key: 'state', render: (_: unknown, r) => state(r) },
            { title: t('outgoing.inbox.actions'), key: 'actions', width: 180, render: (_: unknown, r) => actions(r) },
          ]}
        />
      )}
      <SignForDialog row={signing} onClose={() => setSigning(null)} />
      <ReturnDialog row={returning} onClose={() => setReturning(null)} />
      <BatchSignForDialog rows={batch} onClose={() => setBatch(null)} onDone={() => setSelected([])} />
    </Card>
  );
}

import './outgoing.css';
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { NumberOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { api, qs } from '../../api/client';
import type { RegisterNumbers } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatTime } from '../../components/flow/FlowRecord';
import { useRegisters } from './RegistrarCard';
import { useMe } from '../../auth';

type DocNumber = RegisterNumbers['numbers'][number];
/** A row of the year's list: a number given out, or a gap with no record at all. */
type Line = DocNumber | { id: string; seq: number; missing: true };
const isMissing = (l: Line): l is { id: string; seq: number; missing: true } => 'missing' in l;
const COLORS = { reserved: 'blue', used: 'green', cancelled: 'red' } as const;

/** 作废 of a number, with the reason: the number is never given again and the gap explains itself. */
function CancelDialog({ number, onClose }: { number: DocNumber | null; onClose: () => void }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => api.post(`/doc-numbers/${number!.id}/cancel`, { reason }),
    onSuccess: async () => {
      message.success(t('outgoing.registers.cancelled'));
      setReason('');
      await qc.invalidateQueries({ queryKey: ['doc-numbers'] });
      onClose();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={number !== null}
      title={t('outgoing.registers.cancel')}
      onCancel={onClose}
      onOk={() => cancel.mutate()}
      okText={t('outgoing.registers.cancel')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: cancel.isPending }}
    >
      {number && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{number.docNo}</Typography.Text>
          <label htmlFor="cancel-reason">{t('outgoing.registers.cancelReason')}</label>
          <Input.TextArea
            id="cancel-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 2 }}
            maxLength={200}
          />
        </Space>
      )}
    </Modal>
  );
}

/**
 * The register a person most likely wants when they open the page: the busiest this year of their own unit's, else
 * the busiest of those they keep for other units, and only when none gave a number this year their unit's first.
 */
function likeliestRegister<R extends { unitId: string; takenThisYear: number }>(
  items: R[],
  ownUnitId: string | null,
): R | undefined {
  const busiest = (list: R[]) =>
    list.reduce<R | undefined>((best, r) => (r.takenThisYear > (best?.takenThisYear ?? 0) ? r : best), undefined);
  const own = items.filter((r) => r.unitId === ownUnitId);
  return busiest(own) ?? busiest(items) ?? own[0] ?? items[0];
}

/** 文号登记簿: a register's numbers of one year in order, what each was used for, and every gap with its reason. */
export function RegistersPage() {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const registers = useRegisters();
  const thisYear = dayjs().year();
  // The register and year stand in the address: a link to a register opens it, and Back returns to the last one.
  const [search, setSearch] = useSearchParams();
  const chosen = search.get('register') ?? undefined;
  // Until one is chosen, the register's current year as the server counts it.
  const year = Number(search.get('year')) || undefined;
  const choose = (patch: { register?: string; year?: number }) => {
    const next = new URLSearchParams(search);
    if (patch.register) next.set('register', patch.register);
    if (patch.year) next.set('year', String(patch.year));
    setSearch(next);
  };
  const [note, setNote] = useState('');
  const [cancelling, setCancelling] = useState<DocNumber | null>(null);
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const items = registers.data?.items ?? [];
  const registerId =
    (chosen && items.some((r) => r.id === chosen) ? chosen : undefined) ?? likeliestRegister(items, ownUnitId)?.id;
  const res = useQuery({
    queryKey: ['doc-numbers', registerId, year],
    queryFn: () => api.get<RegisterNumbers>(`/doc-registers/${registerId}/numbers${qs({ year })}`),
    enabled: Boolean(registerId),
  });
  const reserve = useMutation({
    mutationFn: () => api.post<{ docNo: string }>(`/doc-registers/${registerId}/reservations`, { note: note.trim() || null }),
    onSuccess: async (r) => {
      message.success(t('outgoing.settings.reserved', { docNo: r.docNo }));
      setNote('');
      await qc.invalidateQueries({ queryKey: ['doc-numbers'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const data = res.data;
  const shownYear = year ?? data?.year ?? thisYear;
  const lines: Line[] = data
    ? [...data.numbers, ...data.missing.map((seq) => ({ id: `missing-${seq}`, seq, missing: true as const }))].sort(
        (a, b) => a.seq - b.seq,
      )
    : [];
  const cancelled = data?.numbers.filter((n) => n.state === 'cancelled').length ?? 0;

  return (
    <Card title={t('outgoing.registers.title')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('outgoing.settings.register')}
          value={registerId}
          onChange={(id: string) => choose({ register: id })}
          style={{ width: 320, maxWidth: 'calc(100vw - 64px)' }}
          loading={registers.isLoading}
          showSearch={{ optionFilterProp: 'label' }}
          options={(registers.data?.items ?? []).map((r) => ({
            value: r.id,
            label: `${r.unitName} · ${r.name}${t('common.paren', { x: r.example })}`,
          }))}
        />
        <Select
          aria-label={t('outgoing.list.year')}
          value={shownYear}
          onChange={(y: number) => choose({ register: registerId, year: y })}
          style={{ width: 110 }}
          options={Array.from({ length: 6 }, (_, i) => ({
            value: thisYear - i,
            label: t('outgoing.list.yearOf', { year: thisYear - i }),
          }))}
        />
      </Space>
      {data && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text data-testid="register-summary">
            {t('outgoing.registers.summary', { last: data.last, cancelled, missing: data.missing.length })}
          </Typography.Text>
          {data.missing.length > 0 && (
            <Alert
              type="error"
              showIcon
              message={t('outgoing.registers.missing', { seqs: data.missing.join(t('common.sep')) })}
            />
          )}
          {year === undefined && (
            <Space.Compact style={{ maxWidth: 480, width: '100%' }}>
              <Input
                aria-label={t('outgoing.registers.reserveNote')}
                placeholder={t('outgoing.registers.reserveNote')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={200}
              />
              <Button
                icon={<NumberOutlined />}
                onClick={() => reserve.mutate()}
                loading={reserve.isPending}
                data-testid="reserve"
              >
                {t('outgoing.settings.reserve')}
              </Button>
            </Space.Compact>
          )}
          <Table<Line>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={lines}
            loading={res.isFetching}
            rowClassName={(l) => (isMissing(l) ? 'od-number-missing' : l.state === 'cancelled' ? 'od-number-cancelled' : '')}
            onRow={(l) =>
              ({ 'data-testid': isMissing(l) ? 'number-missing' : `number-${l.state}` }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              { title: t('outgoing.registers.seq'), dataIndex: 'seq', width: 60 },
              { title: t('outgoing.field.docNo'), key: 'docNo', render: (_: unknown, l) => (isMissing(l) ? '' : l.docNo) },
              {
                title: t('outgoing.registers.state'),
                key: 'state',
                render: (_: unknown, l) =>
                  isMissing(l) ? (
                    <Tag color="red">{t('outgoing.numberState.missing')}</Tag>
                  ) : (
                    <Tag color={COLORS[l.state]}>{t(`outgoing.numberState.${l.state}`)}</Tag>
                  ),
              },
              {
                title: t('outgoing.registers.usedFor'),
                key: 'item',
                render: (_: unknown, l) =>
                  isMissing(l) ? (
                    t('outgoing.registers.noRecord')
                  ) : (
                    <Space orientation="vertical" size={0}>
                      {l.itemId ? <Link to={`/outgoing/${l.itemId}`}>{l.title ?? l.itemId}</Link> : null}
                      {l.note && <Typography.Text type="secondary">{l.note}</Typography.Text>}
                      {l.state === 'cancelled' && (
                        <Typography.Text type="danger">
                          {t('outgoing.registers.cancelledBecause', {
                            reason: l.cancelReason ?? '',
                            at: formatTime(l.cancelledAt),
                          })}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
              },
              {
                title: t('outgoing.registers.takenBy'),
                key: 'taken',
                render: (_: unknown, l) => (isMissing(l) ? '' : `${l.takenByName} ${formatTime(l.takenAt)}`),
              },
              {
                title: t('outgoing.inbox.actions'),
                key: 'actions',
                render: (_: unknown, l) =>
                  // Only a reserved number can be cancelled: one a document carries is refused by the server.
                  !isMissing(l) && l.state === 'reserved' ? (
                    <Button
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      onClick={() => setCancelling(l)}
                      data-testid="cancel-number"
                    >
                      {t('outgoing.registers.cancel')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Space>
      )}
      <CancelDialog number={cancelling} onClose={() => setCancelling(null)} />
    </Card>
  );
}

import { useState } from 'react';
import { App, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { NumberOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { DocRegister, OutgoingDetail } from '../../api/types';
import { useI18n } from '../../i18n';

export const useRegisters = () => useQuery({ queryKey: ['doc-registers'], queryFn: () => api.get<{ items: DocRegister[] }>('/doc-registers'), staleTime: 60_000 });

/** 登记 (条例 Art.25(二)): the register the 文号 comes from, the copies to print, and a 文号 held in advance. */
export function RegistrarCard({ itemId, document, onDone }: { itemId: string; document: OutgoingDetail['document']; onDone: () => Promise<void> }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const registers = useRegisters();
  const [registerId, setRegisterId] = useState<string | undefined>(document.register?.id);
  const [copies, setCopies] = useState<number>(document.copies);
  const [reserved, setReserved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api.patch(`/outgoing/${itemId}/settings`, { ...(registerId ? { registerId } : {}), copies }),
    onSuccess: async () => {
      message.success(t('outgoing.settings.saved'));
      await onDone();
    },
    onError: (e) => message.error(te(e)),
  });
  const reserve = useMutation({
    mutationFn: () => api.post<{ id: string; docNo: string }>(`/outgoing/${itemId}/reserve-number`),
    onSuccess: async (r) => {
      setReserved(r.docNo);
      message.success(t('outgoing.settings.reserved', { docNo: r.docNo }));
      await qc.invalidateQueries({ queryKey: ['doc-numbers'] });
      await onDone();
    },
    onError: (e) => message.error(te(e)),
  });
  const changed = registerId !== document.register?.id || copies !== document.copies;
  return (
    <Card size="small" title={t('outgoing.settings.title')} data-testid="registrar-settings">
      <Form layout="vertical" onFinish={() => save.mutate()}>
        <Space wrap align="end">
          <Form.Item label={t('outgoing.settings.register')} htmlFor="od-register" style={{ marginBottom: 0 }}>
            <Select id="od-register" value={registerId} onChange={setRegisterId} style={{ minWidth: 220, maxWidth: 'calc(100vw - 64px)' }} loading={registers.isLoading}
              options={(registers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.unitName} · ${r.name}${t('common.paren', { x: r.example })}` }))} />
          </Form.Item>
          <Form.Item label={t('outgoing.settings.copies')} htmlFor="od-copies" style={{ marginBottom: 0 }}>
            <InputNumber id="od-copies" min={1} max={100_000} value={copies} onChange={(v) => setCopies(v ?? 1)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!changed} loading={save.isPending}>
            {t('common.save')}
          </Button>
          {!document.docNo && (
            <Button icon={<NumberOutlined />} onClick={() => reserve.mutate()} loading={reserve.isPending} disabled={!document.register} data-testid="reserve-number">
              {t('outgoing.settings.reserve')}
            </Button>
          )}
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {document.docNo ? t('outgoing.settings.numbered', { docNo: document.docNo }) : reserved ? t('outgoing.settings.reservedHint', { docNo: reserved }) : t('outgoing.settings.hint')}{' '}
        <Link to="/outgoing/registers">{t('outgoing.registers.title')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}

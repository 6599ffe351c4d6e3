import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Row, Typography } from 'antd';
import { EditOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, ApiError } from '../../api/client';
import type { IncomingDetail } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatTime as fmt } from '../../components/flow/FlowRecord';
import { keepEnterInField, registrationBody, RegistrationFields, type RegistrationValues } from './RegistrationFields';

type Correction = IncomingDetail['corrections'][number];
type Duplicate = { itemId: string; registryNo: string | null; title: string };

/** The form's values for the registration as it stands. */
function valuesOf(d: IncomingDetail, sep: string): RegistrationValues {
  const doc = d.document;
  return {
    senderName: doc.senderName,
    docNo: doc.docNo ?? '',
    title: d.item.title,
    genre: doc.genre,
    classification: d.item.classification,
    secrecyTerm: doc.secrecyTerm ?? '',
    urgency: d.item.urgency,
    copies: doc.copies,
    copyNumbers: doc.copyNumbers.join(sep),
    writtenDate: doc.writtenDate ? dayjs(doc.writtenDate) : null,
    receivedAt: dayjs(doc.receivedAt),
    mainRecipients: doc.mainRecipients.join(sep),
    ccRecipients: doc.ccRecipients.join(sep),
    attachments: doc.attachments,
    dueDate: d.item.dueDate ? dayjs(d.item.dueDate) : null,
  };
}

/** 更正登记: the registration's own form, filled in as registered; saved as a correction that keeps the old values. */
export function CorrectRegistration({ detail, onDone }: { detail: IncomingDetail; onDone: () => Promise<void> }) {
  const { t, te } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<RegistrationValues & { reason?: string }>();
  const [open, setOpen] = useState(false);
  const save = useMutation({
    mutationFn: async (confirmDuplicate: boolean) => {
      const v = await form.validateFields();
      return api.put<{ no: number | null }>(`/incoming/${detail.item.id}/registration`, {
        ...registrationBody(v),
        reason: v.reason?.trim() || null,
        version: detail.item.version,
        confirmDuplicate,
      });
    },
    onSuccess: async (r) => {
      setOpen(false);
      message.success(r.no === null ? t('incoming.correct.nothing') : t('incoming.correct.done', { no: r.no }));
      await onDone();
    },
    onError: (e) => {
      const details = e instanceof ApiError ? (e.details as { kind?: string; duplicates?: Duplicate[] } | undefined) : undefined;
      if (details?.kind === 'duplicate') {
        modal.confirm({
          title: t('incoming.duplicate.title'),
          content: (
            <>
              <Typography.Paragraph>{t('incoming.duplicate.body')}</Typography.Paragraph>
              {(details.duplicates ?? []).map((x) => (
                <div key={x.itemId}>
                  {x.registryNo} {x.title}
                </div>
              ))}
            </>
          ),
          okText: t('incoming.duplicate.confirm'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync(true),
        });
      } else if (!(e && typeof e === 'object' && 'errorFields' in e)) message.error(te(e));
    },
  });
  const start = () => {
    form.resetFields();
    form.setFieldsValue(valuesOf(detail, t('common.sep')));
    setOpen(true);
  };
  return (
    <>
      <Button icon={<EditOutlined />} onClick={start} data-testid="correct-registration">
        {t('incoming.correct.open')}
      </Button>
      <Modal
        open={open}
        width={880}
        title={`${t('incoming.correct.open')} ${detail.document.registryNo ?? ''}`}
        okText={t('incoming.correct.submit')}
        cancelText={t('common.cancel')}
        onOk={() => save.mutate(false)}
        okButtonProps={{ loading: save.isPending }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="info" showIcon message={t('incoming.correct.hint')} style={{ marginBottom: 16 }} />
        <Form form={form} name="correction" layout="vertical" onKeyDown={keepEnterInField} onFinish={() => save.mutate(false)}>
          <Row gutter={16}>
            <RegistrationFields form={form} />
          </Row>
          <Form.Item label={t('incoming.correct.reason')} name="reason">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 作废 the 收文号: the reason is required; the number stays in the register with it. */
export function VoidNumber({ detail, onDone }: { detail: IncomingDetail; onDone: () => Promise<void> }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState(false);
  const no = detail.document.registryNo ?? '';
  const run = useMutation({
    mutationFn: async () => {
      const { reason } = await form.validateFields();
      await api.post(`/incoming/${detail.item.id}/void`, { reason: reason.trim() });
    },
    onSuccess: async () => {
      setOpen(false);
      message.success(t('incoming.void.done', { no }));
      await onDone();
    },
    onError: (e) => {
      if (!(e && typeof e === 'object' && 'errorFields' in e)) message.error(te(e));
    },
  });
  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => (form.resetFields(), setOpen(true))} data-testid="void-number">
        {t('incoming.void.open')}
      </Button>
      <Modal
        open={open}
        title={t('incoming.void.title', { no })}
        okText={t('incoming.void.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: run.isPending }}
        onOk={() => run.mutate()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('incoming.void.hint')}</Typography.Paragraph>
        <Form form={form} name="void" layout="vertical" onFinish={() => run.mutate()}>
          <Form.Item
            label={t('incoming.void.reason')}
            name="reason"
            rules={[{ required: true, whitespace: true, min: 2, message: t('incoming.void.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** A registered value as people read it: lists joined, dates and times formatted, 密级 and the like translated. */
function useShow() {
  const { t, tv } = useI18n();
  return (field: Correction['changes'][number]['field'], v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return t('incoming.corrections.empty');
    if (field === 'receivedAt') return fmt(v as string);
    if (field === 'attachments') return (v as { name: string }[]).map((a, i) => `${i + 1}. ${a.name}`).join(t('common.semi'));
    if (Array.isArray(v)) return v.join(t('common.sep'));
    if (field === 'classification' || field === 'urgency' || field === 'genre') return tv(v as string);
    // Registered values are JSON: text, or a number written as JSON writes it.
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
}

/** Every correction of the registration, each field with what it said before and what it says now. */
export function CorrectionsCard({ corrections }: { corrections: Correction[] }) {
  const { t } = useI18n();
  const show = useShow();
  if (!corrections.length) return null;
  return (
    <Card size="small" title={t('incoming.corrections.title')} data-testid="corrections">
      {corrections.map((c) => (
        <div key={c.no} style={{ marginBottom: 12 }} data-testid="correction">
          <Typography.Text strong>
            {t('incoming.corrections.entry', { no: c.no, name: c.personName, at: fmt(c.createdAt) })}
          </Typography.Text>
          {c.reason && <div>{t('incoming.corrections.reason', { reason: c.reason })}</div>}
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {c.changes.map((ch) => (
              <li key={ch.field} style={{ wordBreak: 'break-word' }} data-testid="correction-change">
                {t(`incoming.field.${ch.field}`)}
                {t('common.colon')}
                <Typography.Text delete type="secondary">
                  {show(ch.field, ch.before)}
                </Typography.Text>
                {' → '}
                <Typography.Text>{show(ch.field, ch.after)}</Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Card>
  );
}

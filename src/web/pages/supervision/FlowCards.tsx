import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, List, Modal, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { PersonPicker } from '../../components/flow/pickers';
import { formatTime as fmt } from '../../components/flow/FlowRecord';
import { CadenceFields, cadenceOf, cadenceValues, type CadenceValues } from './CadenceFields';
import type { SupervisionDetail } from './queries';

// The 督查督办 actions of the item page, each where the person doing it looks: the 督查室 交办 and answers a unit's 退办;
// a unit's registrar 签收 or 退办; the 督查室 审核 (销号 or 退回重办) and may 撤销 the item. The steps every module has
// (审批, 办理 with its reports and 延期, 审签, 呈阅) are the kernel's task panel.

type Props = { s: SupervisionDetail; onDone: () => Promise<void> };
const day = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function useAct<T>(fn: (v: T) => Promise<unknown>, onDone: () => Promise<void>) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      message.success(t('supervision.done'));
      await onDone();
    },
    // Not returned: react-query awaits onError, and antd's message resolves only when the toast closes, so the button
    // would stay loading (a retry ignored) for the toast's seconds.
    onError: (e) => void message.error(te(e)),
  });
}

type AssignValues = { note?: string; dueDate?: dayjs.Dayjs; assistingDueDate?: dayjs.Dayjs };
type ReviewValues = { opinion?: string; dueDate?: dayjs.Dayjs };

/** 交办: the 督查室 sends it to the lead and assisting units, with the assisting units' own date. */
export function AssignCard({ s, onDone }: Props) {
  const { t } = useI18n();
  const act = useAct(
    (v: AssignValues) =>
      api.post(`/supervision/${s.itemId}/assign`, {
        note: v.note || null,
        dueDate: day(v.dueDate),
        assistingDueDate: day(v.assistingDueDate),
      }),
    onDone,
  );
  return (
    <Card title={t('supervision.assign.title')} size="small" data-testid="assign-card">
      <Form layout="vertical" onFinish={(v: AssignValues) => act.mutate(v)} initialValues={{ dueDate: dayjs(s.dueDate) }}>
        <Form.Item name="dueDate" label={t('supervision.assign.dueDate')}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        {s.assistingUnits.length > 0 && (
          <Form.Item
            name="assistingDueDate"
            label={t('supervision.assign.assistingDueDate')}
            extra={t('supervision.assign.assistingHint')}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('supervision.assign.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} block data-testid="assign-submit">
          {t('supervision.assign.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 签收 or 退办 by the receiving unit's registrar. */
export function ReceiveCard({ s, dispatchId, onDone }: Props & { dispatchId: string }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [returning, setReturning] = useState(false);
  const accept = useAct(() => api.post(`/supervision/${s.itemId}/receipts/${dispatchId}/accept`, {}), onDone);
  const back = useAct(() => api.post(`/supervision/${s.itemId}/receipts/${dispatchId}/return`, { reason }), onDone);
  const mine = s.receipts.find((r) => r.id === dispatchId);
  return (
    <Card title={t('supervision.receive.title')} size="small" data-testid="receive-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {mine && (
          <Typography.Text>
            {t('supervision.receive.asRole', { role: t(`supervision.role.${mine.role}`), date: mine.dueDate ?? '' })}
          </Typography.Text>
        )}
        {mine?.note && <Typography.Text type="secondary">{mine.note}</Typography.Text>}
        {!returning ? (
          <Space wrap>
            <Button
              type="primary"
              size="large"
              loading={accept.isPending}
              onClick={() => accept.mutate(undefined)}
              data-testid="receive-accept"
            >
              {t('supervision.receive.accept')}
            </Button>
            <Button size="large" onClick={() => setReturning(true)} data-testid="receive-return">
              {t('supervision.receive.return')}
            </Button>
          </Space>
        ) : (
          <>
            <Input.TextArea
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('supervision.receive.reason')}
              data-testid="receive-reason"
            />
            <Space wrap>
              <Button danger loading={back.isPending} onClick={() => back.mutate(undefined)} data-testid="receive-return-confirm">
                {t('supervision.receive.returnConfirm')}
              </Button>
              <Button onClick={() => setReturning(false)}>{t('common.cancel')}</Button>
            </Space>
          </>
        )}
      </Space>
    </Card>
  );
}

/** Each unit's 签收 or 退办; the 督查室 answers a 退办 (重新交办, 改派, 撤销) and chases a unit not yet signed. */
export function ReceiptsCard({ s, onDone }: Props) {
  const { t } = useI18n();
  const [answering, setAnswering] = useState<{ id: string; type: 'resend' | 'redirect' | 'cancel' } | null>(null);
  const [unitId, setUnitId] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [due, setDue] = useState<dayjs.Dayjs | null>(null);
  const start = (id: string, type: 'resend' | 'redirect' | 'cancel') => {
    setAnswering({ id, type });
    setText('');
    setDue(null);
  };
  const answer = useAct(
    (v: { id: string; body: Record<string, unknown> }) => api.post(`/supervision/${s.itemId}/receipts/${v.id}/answer`, v.body),
    async () => {
      setAnswering(null);
      setText('');
      await onDone();
    },
  );
  const current = s.receipts.filter((r) => !r.superseded);
  if (!s.receipts.length) return null;
  const stateColor = { pending: 'blue', accepted: 'green', returned: 'red', cancelled: 'default' } as const;
  return (
    <Card title={t('supervision.receipts.title')} size="small" data-testid="receipts-card">
      <List
        dataSource={current}
        renderItem={(r) => (
          <List.Item data-testid={`receipt-${r.unit.id}`}>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap size={6}>
                <Typography.Text strong>{r.unit.name}</Typography.Text>
                <Tag>{t(`supervision.role.${r.role}`)}</Tag>
                <Tag color={stateColor[r.state]}>{t(`supervision.receipt.${r.state}`)}</Tag>
                {r.dueDate && (
                  <Typography.Text type="secondary">{t('supervision.receipt.due', { date: r.dueDate })}</Typography.Text>
                )}
              </Space>
              {r.decidedAt && (
                <Typography.Text type="secondary">
                  {fmt(r.decidedAt)} {r.decidedBy}
                </Typography.Text>
              )}
              {r.reason && <Typography.Text type={r.state === 'returned' ? 'danger' : 'secondary'}>{r.reason}</Typography.Text>}
              {s.supervises && r.state === 'pending' && (
                <Button size="small" onClick={() => answer.mutate({ id: r.id, body: { type: 'remind', note: null } })}>
                  {t('supervision.receipt.remind')}
                </Button>
              )}
              {s.supervises && r.state === 'returned' && (
                <Space wrap>
                  <Button size="small" onClick={() => start(r.id, 'resend')} data-testid="receipt-resend">
                    {t('supervision.receipt.resend')}
                  </Button>
                  <Button size="small" onClick={() => start(r.id, 'redirect')} data-testid="receipt-redirect">
                    {t('supervision.receipt.redirect')}
                  </Button>
                  {r.role === 'assisting' && (
                    <Button size="small" danger onClick={() => start(r.id, 'cancel')}>
                      {t('supervision.receipt.cancel')}
                    </Button>
                  )}
                </Space>
              )}
              {answering?.id === r.id && (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {answering.type === 'redirect' && (
                    <UnitSearchSelect
                      value={unitId ? [unitId] : []}
                      onChange={(v) => setUnitId(v[0])}
                      exclude={s.receipts.filter((x) => !x.superseded).map((x) => x.unit.id)}
                      style={{ width: '100%' }}
                      data-testid="redirect-unit"
                    />
                  )}
                  {answering.type === 'resend' && <ResendDue s={s} receipt={r} value={due} onChange={setDue} />}
                  <Input.TextArea
                    rows={2}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    placeholder={t(answering.type === 'cancel' ? 'supervision.receipt.cancelReason' : 'supervision.receipt.note')}
                    data-testid="receipt-answer-note"
                  />
                  <Space wrap>
                    <Button
                      type="primary"
                      loading={answer.isPending}
                      data-testid="receipt-answer-confirm"
                      onClick={() =>
                        answer.mutate({
                          id: r.id,
                          body:
                            answering.type === 'resend'
                              ? { type: 'resend', note: text || null, dueDate: day(due) }
                              : answering.type === 'redirect'
                                ? { type: 'redirect', unitId, note: text || null }
                                : { type: 'cancel', reason: text },
                        })
                      }
                    >
                      {t('supervision.confirm')}
                    </Button>
                    <Button onClick={() => setAnswering(null)}>{t('common.cancel')}</Button>
                  </Space>
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

type Receipt = SupervisionDetail['receipts'][number];

/**
 * 重新交办's new date for the unit, if the old one no longer serves: not before today, and for an assisting unit not
 * after the lead unit's (the server holds that rule; the calendar shows it).
 */
function ResendDue({
  s,
  receipt,
  value,
  onChange,
}: {
  s: SupervisionDetail;
  receipt: Receipt;
  value: dayjs.Dayjs | null;
  onChange: (d: dayjs.Dayjs | null) => void;
}) {
  const { t } = useI18n();
  const assisting = receipt.role === 'assisting';
  const today = dayjs().format('YYYY-MM-DD');
  const disabled = (d: dayjs.Dayjs) => {
    const x = d.format('YYYY-MM-DD');
    return x < today || (assisting && x > s.dueDate);
  };
  const was = receipt.dueDate ?? s.dueDate;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <DatePicker
        value={value}
        onChange={onChange}
        disabledDate={disabled}
        placeholder={t('supervision.receipt.newDue')}
        aria-label={t('supervision.receipt.newDue')}
        style={{ width: '100%' }}
        data-testid="resend-due"
      />
      <Typography.Text type="secondary">
        {assisting
          ? t('supervision.receipt.newDueAssisting', { date: was, lead: s.dueDate })
          : t('supervision.receipt.newDueLead', { date: was })}
      </Typography.Text>
    </Space>
  );
}

/** 审核: 销号, or 退回重办 with the reasons and a new date. */
export function ReviewCard({ s, onDone }: Props) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<'close' | 'redo'>('close');
  const act = useAct(
    (v: ReviewValues) =>
      api.post(`/supervision/${s.itemId}/review`, {
        decision,
        opinion: v.opinion || null,
        dueDate: decision === 'redo' ? day(v.dueDate) : null,
      }),
    onDone,
  );
  return (
    <Card title={t('supervision.review.title')} size="small" data-testid="review-card">
      <Form layout="vertical" onFinish={(v: ReviewValues) => act.mutate(v)}>
        <Form.Item label={t('supervision.review.decision')}>
          <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'close' | 'redo')}>
            <Radio value="close" data-testid="review-close">
              {t('supervision.review.close')}
            </Radio>
            <Radio value="redo" data-testid="review-redo">
              {t('supervision.review.redo')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {decision === 'redo' && (
          <Form.Item name="dueDate" label={t('supervision.review.newDue')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="opinion" label={t(decision === 'redo' ? 'supervision.review.reason' : 'supervision.review.opinion')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="review-opinion" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={act.isPending} block data-testid="review-submit">
          {t('supervision.review.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 撤销督办: the 督查室 ends an item that is no longer to be done, with the reason. */
export function WithdrawButton({ s, onDone }: Props) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const act = useAct(() => api.post(`/supervision/${s.itemId}/withdraw`, { reason }), onDone);
  return (
    <Popconfirm
      title={t('supervision.withdraw.title')}
      description={
        <Input.TextArea
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('supervision.withdraw.reason')}
        />
      }
      onConfirm={() => act.mutate(undefined)}
    >
      <Button danger size="small">
        {t('supervision.withdraw.button')}
      </Button>
    </Popconfirm>
  );
}

/** 督办函: for an item that is late (yellow or red), the 督查室 drafts a letter to the lead unit as a 发文 draft. */
export function UrgingLetterButton({ s }: { s: SupervisionDetail }) {
  const { t, te } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const act = useMutation({
    mutationFn: () => api.post<{ itemId: string }>(`/supervision/${s.itemId}/urging-letter`, {}),
    onSuccess: (r) => {
      message.success(t('supervision.urging.drafted'));
      void navigate(`/outgoing/${r.itemId}`);
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Button size="small" loading={act.isPending} onClick={() => act.mutate()} data-testid="urging-letter">
      {t('supervision.urging.button')}
    </Button>
  );
}

type EditValues = CadenceValues & {
  title: string;
  sourceText?: string;
  requirement: string;
  leaderPersonId?: string[];
  reason: string;
};

/**
 * 修改: the 督查室 changes what the units are asked (after a 退办, or as the matter is clarified) and how often the
 * lead unit reports, with the reason. Every field is sent as it stands; the server records only what changed.
 */
export function EditButton({ s, onDone }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const act = useAct(
    (v: EditValues) =>
      api.patch(`/supervision/${s.itemId}`, {
        title: v.title,
        sourceText: v.sourceText?.trim() || null,
        requirement: v.requirement,
        leaderPersonId: v.leaderPersonId?.[0] ?? null,
        ...cadenceOf(v),
        reason: v.reason,
      }),
    async () => {
      setOpen(false);
      await onDone();
    },
  );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="edit-supervision">
        {t('supervision.edit.button')}
      </Button>
      <Modal
        open={open}
        title={t('supervision.edit.title')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={act.isPending}
        destroyOnHidden
      >
        <Form<EditValues>
          form={form}
          name="edit"
          layout="vertical"
          preserve={false}
          initialValues={{
            ...cadenceValues(s.cadence, s.cadenceReason),
            title: s.title,
            sourceText: s.sourceText ?? '',
            requirement: s.requirement,
            leaderPersonId: s.leader ? [s.leader.id] : [],
          }}
          onFinish={(v) => act.mutate(v)}
        >
          <Form.Item name="title" label={t('supervision.field.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="sourceText" label={t('supervision.field.sourceText')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="requirement" label={t('supervision.field.requirement')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="leaderPersonId" label={t('supervision.field.leader')}>
            <PersonPicker leadersOnly />
          </Form.Item>
          <CadenceFields />
          <Form.Item
            name="reason"
            label={t('supervision.edit.reason')}
            rules={[{ required: true, whitespace: true, message: t('supervision.edit.reason') }]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="edit-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

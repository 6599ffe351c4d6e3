import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import { useI18n, type MessageKey } from '../../i18n';
import type { MeetingDetail } from './queries';
import { at, PeopleFields, ScheduleFields } from './PlanFields';

// A planned meeting changed before it starts (改期, 调整人员, 取消会议): the office's registrars' buttons on its page,
// each a modal; the server checks every rule again and says what is wrong.

type Which = 'schedule' | 'people' | 'cancel' | null;

/** The server's policy warnings on a refusal (精文减会): shown, and the change is sent again with a reason. */
function warningsOf(e: unknown): string[] | null {
  const w = e instanceof ApiError ? (e.details as { warnings?: unknown } | undefined)?.warnings : undefined;
  return Array.isArray(w) ? (w as string[]) : null;
}

function useChange<T>(fn: (body: T) => Promise<unknown>, done: MessageKey, close: () => void) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const m = useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      message.success(t(done));
      setWarnings(null);
      close();
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => {
      const w = warningsOf(e);
      if (w?.length) setWarnings(w);
      else void message.error(te(e));
    },
  });
  return { ...m, warnings };
}

function PolicyReason({ warnings }: { warnings: string[] | null }) {
  const { t } = useI18n();
  if (!warnings?.length) return null;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        title={t('meetings.policy.warnings')}
        description={warnings.map((w) => (
          <div key={w}>{w}</div>
        ))}
        style={{ marginBottom: 12 }}
      />
      <Form.Item
        name="overrideReason"
        label={t('meetings.policy.reason')}
        extra={t('meetings.policy.reasonHint')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
    </>
  );
}

function ScheduleModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ day: Dayjs; time: [Dayjs, Dayjs]; overrideReason?: string }>();
  const save = useChange(
    (v: { day: Dayjs; time: [Dayjs, Dayjs]; overrideReason?: string }) =>
      api.put(`/meetings/${m.itemId}/schedule`, {
        startsAt: at(v.day, v.time[0]),
        endsAt: at(v.day, v.time[1]),
        overrideReason: v.overrideReason?.trim() || null,
      }),
    'meetings.plan.rescheduled',
    onClose,
  );
  return (
    <Modal
      open
      title={t('meetings.plan.reschedule')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width="min(560px, calc(100vw - 16px))"
      destroyOnHidden
    >
      <Alert type="info" title={t('meetings.plan.rescheduleHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ day: dayjs(m.startsAt), time: [dayjs(m.startsAt), dayjs(m.endsAt)] }}
        onFinish={(v) => save.mutate(v)}
        data-testid="plan-schedule-form"
      >
        <ScheduleFields />
        <PolicyReason warnings={save.warnings} />
      </Form>
    </Modal>
  );
}

function PeopleModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  type Values = { members: string[]; sitIns?: string[]; staff?: string[]; overrideReason?: string };
  const [form] = Form.useForm<Values>();
  const known = [...m.members, ...m.sitIns, ...m.staff].map((p) => ({ ...p, title: '' }));
  const save = useChange(
    (v: Values) =>
      api.put(`/meetings/${m.itemId}/people`, {
        memberIds: v.members,
        sitInIds: v.sitIns ?? [],
        staffIds: v.staff ?? [],
        overrideReason: v.overrideReason?.trim() || null,
      }),
    'meetings.plan.peopleChanged',
    onClose,
  );
  return (
    <Modal
      open
      title={t('meetings.plan.people')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width="min(640px, calc(100vw - 16px))"
      destroyOnHidden
    >
      <Alert type="info" title={t('meetings.plan.peopleHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          members: m.members.map((p) => p.id),
          sitIns: m.sitIns.map((p) => p.id),
          staff: m.staff.map((p) => p.id),
        }}
        onFinish={(v) => save.mutate(v)}
        data-testid="plan-people-form"
      >
        <PeopleFields known={known} />
        <PolicyReason warnings={save.warnings} />
      </Form>
    </Modal>
  );
}

function CancelModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useChange(
    (v: { reason: string }) => api.post(`/meetings/${m.itemId}/cancel`, { reason: v.reason.trim() }),
    'meetings.plan.cancelled',
    onClose,
  );
  return (
    <Modal
      open
      title={t('meetings.plan.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('meetings.plan.cancelConfirm')}
      okButtonProps={{ danger: true, 'data-testid': 'plan-cancel-confirm' }}
      confirmLoading={save.isPending}
      width="min(520px, calc(100vw - 16px))"
      destroyOnHidden
    >
      <Alert type="warning" title={t('meetings.plan.cancelHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('meetings.plan.cancelReason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('meetings.plan.cancelReasonRequired') }]}
        >
          <Input.TextArea maxLength={500} rows={3} data-testid="plan-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 改期 / 调整人员 / 取消会议 for the office's registrars before the meeting starts (the server holds the rule). */
export function PlanChangeActions({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Which>(null);
  if (!m.mayPlan || m.cancelled || !dayjs(m.startsAt).isAfter(dayjs())) return null;
  const close = () => setOpen(null);
  return (
    <>
      <Space size={8} wrap data-testid="plan-actions">
        <Button size="small" onClick={() => setOpen('schedule')} data-testid="plan-reschedule">
          {t('meetings.plan.reschedule')}
        </Button>
        <Button size="small" onClick={() => setOpen('people')} data-testid="plan-people">
          {t('meetings.plan.people')}
        </Button>
        <Button size="small" danger onClick={() => setOpen('cancel')} data-testid="plan-cancel">
          {t('meetings.plan.cancel')}
        </Button>
      </Space>
      {open === 'schedule' && <ScheduleModal m={m} onClose={close} />}
      {open === 'people' && <PeopleModal m={m} onClose={close} />}
      {open === 'cancel' && <CancelModal m={m} onClose={close} />}
    </>
  );
}

/** A cancelled meeting says so at the top of its page: when, by whom, why. */
export function CancelledBanner({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  if (!m.cancelled) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={t('meetings.plan.cancelledBanner', {
        at: dayjs(m.cancelled.at).format('YYYY-MM-DD HH:mm'),
        by: m.cancelled.by,
      })}
      description={t('meetings.plan.cancelledReason', { reason: m.cancelled.reason })}
      data-testid="meeting-cancelled"
    />
  );
}

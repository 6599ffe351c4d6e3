import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client';
import type { Delegation } from '../api/types';
import { useMe } from '../auth';
import { useFormDraft } from '../drafts';
import { useI18n, type MessageKey } from '../i18n';
import { ResponsiveList } from './lists';
import { PersonSelect, type PersonChoice } from './pickers';
import { keys, useAction } from './queries';

/** Dates are kept as YYYY-MM-DD text in the form, so the draft stores and restores them like any field. */
interface Values {
  from?: PersonChoice | null;
  to?: PersonChoice | null;
  startDate?: string;
  endDate?: string;
  reason?: string;
}

const DAY = 'YYYY-MM-DD';
const dateField = {
  getValueProps: (v?: string) => ({ value: v ? dayjs(v) : null }),
  normalize: (d: Dayjs | null) => (d ? d.format(DAY) : undefined),
};

type Status = 'revoked' | 'refused' | 'pending' | 'ended' | 'upcoming' | 'active';
const STATUS_COLOR: Record<Status, string> = {
  active: 'green',
  upcoming: 'blue',
  pending: 'orange',
  refused: 'red',
  ended: 'default',
  revoked: 'default',
};

export function statusOf(d: Delegation, now: Dayjs): Status {
  if (d.revokedAt) return 'revoked';
  if (d.approval === 'refused') return 'refused';
  if (dayjs(d.endsAt).isBefore(now)) return 'ended';
  // Across units: not in force until the security administrator approves it.
  if (d.approval === 'pending') return 'pending';
  if (dayjs(d.endsAt).isBefore(now)) return 'ended';
  if (dayjs(d.startsAt).isAfter(now)) return 'upcoming';
  return 'active';
}

/** Delegations as a table (cards on a phone): who for whom, when, why, their status and what the reader may do. */
export function DelegationList(props: {
  rows: Delegation[];
  loading: boolean;
  status: (d: Delegation) => ReactNode;
  action: (d: Delegation) => ReactNode;
}) {
  const { t } = useI18n();
  const { status, action } = props;
  const period = (d: Delegation) => `${dayjs(d.startsAt).format('YYYY-MM-DD')} ~ ${dayjs(d.endsAt).format('YYYY-MM-DD')}`;
  return (
    <ResponsiveList<Delegation>
      rows={props.rows}
      rowKey={(d) => d.id}
      loading={props.loading}
      empty={t('admin.delegations.none')}
      testId="delegation-row"
      columns={[
        { title: t('admin.delegations.from'), dataIndex: 'fromName', width: 100 },
        { title: t('admin.delegations.to'), dataIndex: 'toName', width: 100 },
        { title: t('admin.delegations.period'), key: 'period', width: 200, render: (_, d) => period(d) },
        { title: t('admin.delegations.reason'), dataIndex: 'reason' },
        { title: t('admin.delegations.statusTitle'), key: 'status', width: 100, render: (_, d) => status(d) },
        { title: t('admin.actions'), key: 'actions', width: 150, render: (_, d) => action(d) },
      ]}
      card={(d) => ({
        title: (
          <Space size={8} wrap>
            {t('admin.delegations.arrow', { from: d.fromName, to: d.toName })}
            {status(d)}
          </Space>
        ),
        body: (
          <>
            <Typography.Text type="secondary">{period(d)}</Typography.Text>
            <Typography.Text>{d.reason}</Typography.Text>
            {action(d)}
          </>
        ),
      })}
    />
  );
}

function DelegationForm({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  // Per person, so that someone else signing in on this browser does not find another's draft.
  const draft = useFormDraft(form, `delegation.${admin ? 'admin' : 'own'}.${me.personId}`);
  const from = Form.useWatch('from', form);
  const create = useAction(
    (v: Values) =>
      api.post<{ id: string; approval: 'approved' | 'pending' }>('/delegations', {
        ...(admin && v.from ? { fromPersonId: v.from.value } : {}),
        toPersonId: v.to!.value,
        startsAt: dayjs(v.startDate).startOf('day').toISOString(),
        endsAt: dayjs(v.endDate).endOf('day').toISOString(),
        reason: v.reason!.trim(),
      }),
    {
      invalidate: [keys.delegations],
      success: (r, v) =>
        t(r.approval === 'pending' ? 'admin.delegations.createdPending' : 'admin.delegations.created', { name: v.to!.label }),
    },
  );
  const submit = (v: Values) =>
    create.mutate(v, {
      onSuccess: () => {
        draft.clear();
        form.resetFields();
      },
    });

  return (
    <Card title={admin ? t('admin.delegations.createFor') : t('admin.delegations.create')} style={{ marginBottom: 16 }}>
      {!admin && <Typography.Paragraph type="secondary">{t('admin.delegations.hint')}</Typography.Paragraph>}
      {draft.restored && (
        <Alert type="info" showIcon title={t('common.draftRestored')} style={{ marginBottom: 16 }} data-testid="draft-restored" />
      )}
      <Form<Values> form={form} name="delegation" layout="vertical" onValuesChange={draft.onValuesChange} onFinish={submit}>
        <Row gutter={16}>
          {admin && (
            <Col xs={24} md={12}>
              <Form.Item
                label={t('admin.delegations.from')}
                name="from"
                rules={[{ required: true, message: t('admin.required') }]}
              >
                <PersonSelect withPosts />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item label={t('admin.delegations.to')} name="to" rules={[{ required: true, message: t('admin.required') }]}>
              <PersonSelect withPosts exclude={admin ? from?.value : me.personId} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('admin.delegations.start')}
              name="startDate"
              rules={[{ required: true, message: t('admin.required') }]}
              {...dateField}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              label={t('admin.delegations.end')}
              name="endDate"
              dependencies={['startDate']}
              rules={[
                { required: true, message: t('admin.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v?: string) =>
                    !v || !getFieldValue('startDate') || v >= getFieldValue('startDate')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('admin.delegations.endBeforeStart'))),
                }),
              ]}
              {...dateField}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            {/* The id is fixed (not antd's delegation_reason) so that links and tests can reach the field. */}
            <Form.Item
              label={t('admin.delegations.reason')}
              name="reason"
              htmlFor="delegation-reason"
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input.TextArea id="delegation-reason" autoSize={{ minRows: 2 }} maxLength={200} showCount />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('admin.delegations.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 代理: a person away hands their work to a delegate for a period; the delegate acts "代" them. */
export function DelegationsPage({ admin = false }: { admin?: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const { modal } = App.useApp();
  const list = useQuery({ queryKey: keys.delegations, queryFn: () => api.get<{ items: Delegation[] }>('/delegations') });
  const revoke = useAction((d: Delegation) => api.post(`/delegations/${d.id}/revoke`), {
    invalidate: [keys.delegations],
    success: t('admin.delegations.revoked'),
  });
  const now = dayjs();
  const status = (d: Delegation) => {
    const s = statusOf(d, now);
    return (
      <Tag color={STATUS_COLOR[s]} data-testid="delegation-status">
        {t(`admin.delegations.status.${s}` as MessageKey)}
      </Tag>
    );
  };
  const canRevoke = (d: Delegation) =>
    (admin || d.fromPersonId === me.personId) && !d.revokedAt && !['ended', 'refused'].includes(statusOf(d, now));
  const action = (d: Delegation) =>
    canRevoke(d) ? (
      <Button
        size="small"
        danger
        onClick={() =>
          modal.confirm({
            title: t('admin.delegations.revokeConfirm', { label: d.label }),
            okText: t('admin.delegations.revoke'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => revoke.mutateAsync(d),
          })
        }
      >
        {t('admin.delegations.revoke')}
      </Button>
    ) : null;
  const rows = list.data?.items ?? [];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {admin ? t('nav.delegations') : t('nav.myDelegations')}
      </Typography.Title>
      <DelegationForm admin={admin} />
      <Card title={admin ? t('admin.delegations.all') : t('admin.delegations.mine')}>
        <DelegationList rows={rows} loading={list.isLoading} status={status} action={action} />
      </Card>
    </div>
  );
}

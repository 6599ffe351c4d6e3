import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { SIGN_OFF_RULES, type OfficeKind, type SignOffRule } from '../../../contract/meetings-kinds';
import { MeetingsLinks, useOffice } from './parts';
import { useOfficeKinds, type OfficeKinds } from './queries';

type Quorum = OfficeKind['quorum'];

/** The quorums an office may choose: the rule (> ½, ≥ ⅔) or stricter. */
const QUORUMS = {
  q1: { moreThan: 1 / 2, appointmentsAtLeast: 2 / 3 },
  q2: { moreThan: 3 / 5, appointmentsAtLeast: 2 / 3 },
  q3: { moreThan: 2 / 3, appointmentsAtLeast: 3 / 4 },
  q4: { moreThan: 3 / 4, appointmentsAtLeast: 4 / 5 },
} as const;
type QuorumKey = keyof typeof QUORUMS;

const near = (a: number, b: number) => Math.abs(a - b) < 1e-4;
const quorumKey = (q: Quorum): QuorumKey | 'default' | 'other' => {
  if (!q) return 'default';
  const found = (Object.keys(QUORUMS) as QuorumKey[]).find(
    (k) => near(QUORUMS[k].moreThan, q.moreThan) && near(QUORUMS[k].appointmentsAtLeast, q.appointmentsAtLeast),
  );
  return found ?? 'other';
};

interface Values {
  enabled: boolean;
  topicsBeforeDays: number;
  materialsBeforeDays: number;
  noticeBeforeDays: number;
  substitutes: boolean;
  quorum: QuorumKey | 'default' | 'other';
  minutesSeries: string;
  signOff: SignOffRule;
}

const DEADLINES = ['topicsBeforeDays', 'materialsBeforeDays', 'noticeBeforeDays'] as const;

/**
 * 会议类型设置 (issue 17 items 1 and 7): the kinds of meeting an office holds, with their deadlines, substitutes,
 * quorum, 纪要 series and who signs the 纪要 — the values in force beside the defaults. Everyone reads them; the
 * office's registrars change one kind at a time in a dialog, and the server holds the regulation's limits.
 */
export function KindsPage() {
  const { t, tv } = useI18n();
  const { office, picker } = useOffice();
  const q = useOfficeKinds(office);
  const [editing, setEditing] = useState<OfficeKind | null>(null);
  const data = q.data;
  const quorumText = (quorum: Quorum) => {
    const key = quorumKey(quorum);
    if (!quorum) return t('meetings.kinds.quorum.none');
    return key === 'other' || key === 'default'
      ? t('meetings.kinds.quorum.other', {
          more: Math.round(quorum.moreThan * 100),
          least: Math.round(quorum.appointmentsAtLeast * 100),
        })
      : t(`meetings.kinds.quorum.${key}`);
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 880 }}>
      <MeetingsLinks here="/meetings/kinds" />
      <Card title={t('meetings.kinds.title')} data-testid="kinds-page">
        {picker}
        <Typography.Paragraph type="secondary">
          {t('meetings.kinds.intro')}
          {data && !data.mayEdit && ` ${t('meetings.kinds.readOnly')}`}
        </Typography.Paragraph>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {data?.items.map((k) => (
            <Card
              key={k.key}
              size="small"
              data-testid={`kind-${k.key}`}
              title={
                <Space wrap size={4}>
                  {tv(k.name)}
                  <Tag color={k.enabled ? 'green' : 'default'}>{t(k.enabled ? 'meetings.kinds.on' : 'meetings.kinds.off')}</Tag>
                </Space>
              }
              extra={
                data.mayEdit && (
                  <Button size="small" onClick={() => setEditing(k)} data-testid={`kind-edit-${k.key}`}>
                    {t('meetings.kinds.edit')}
                  </Button>
                )
              }
            >
              <KindFacts k={k} quorumText={quorumText} />
            </Card>
          ))}
        </Space>
      </Card>
      {editing && data && <KindDialog k={editing} office={data.office} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function KindFacts({ k, quorumText }: { k: OfficeKind; quorumText: (q: Quorum) => string }) {
  const { t } = useI18n();
  const changed = (now: unknown, was: unknown) =>
    JSON.stringify(now) !== JSON.stringify(was) && (
      <Typography.Text type="secondary"> {t('meetings.kinds.default', { value: String(was) })}</Typography.Text>
    );
  const days = (n: number) => t('meetings.kinds.days', { n });
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Typography.Text>
        {t('meetings.kinds.deadlines')}
        {t('common.colon')}
        {DEADLINES.map((d, i) => (
          <span key={d} data-testid={`kind-${k.key}-${d}`}>
            {i > 0 && t('common.sep')}
            {t(`meetings.kinds.${d}`)} {days(k.deadlines[d])}
            {changed(days(k.deadlines[d]), days(k.defaults.deadlines[d]))}
          </span>
        ))}
      </Typography.Text>
      <Typography.Text>
        {t(k.substitutes ? 'meetings.kinds.substitutesYes' : 'meetings.kinds.substitutesNo')}
        {t('common.sep')}
        {t('meetings.kinds.quorum')}
        {t('common.colon')}
        {quorumText(k.quorum)}
      </Typography.Text>
      <Typography.Text>
        {t('meetings.kinds.series')}
        {t('common.colon')}
        {k.minutes.series}
        {changed(k.minutes.series, k.defaults.series)}
        {t('common.sep')}
        {k.register ? t('meetings.kinds.register', { example: k.register.example }) : t('meetings.kinds.noRegister')}
      </Typography.Text>
      <Typography.Text>
        {t('meetings.kinds.signOff')}
        {t('common.colon')}
        {t(`meetings.kinds.signOff.${k.signOff}`)}
      </Typography.Text>
      {k.updatedBy && (
        <Typography.Text type="secondary">
          {t('meetings.kinds.updated', { name: k.updatedBy, at: dayjs(k.updatedAt).format('YYYY-MM-DD HH:mm') })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** One kind's settings: every field as in force; the server refuses what the regulation does not allow. */
function KindDialog({ k, office, onClose }: { k: OfficeKind; office: OfficeKinds['office']; onClose: () => void }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const current = quorumKey(k.quorum);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.put<OfficeKinds>(`/meetings/kinds/${k.key}`, {
        officeUnitId: office.id,
        enabled: v.enabled,
        topicsBeforeDays: v.topicsBeforeDays,
        materialsBeforeDays: v.materialsBeforeDays,
        noticeBeforeDays: v.noticeBeforeDays,
        substitutes: v.substitutes,
        quorum: v.quorum === 'default' ? null : v.quorum === 'other' ? k.quorum : QUORUMS[v.quorum],
        minutesSeries: v.minutesSeries,
        signOff: v.signOff,
      }),
    onSuccess: async (saved) => {
      message.success(t('meetings.kinds.saved'));
      qc.setQueryData(['meetings', 'officeKinds', office.id], saved);
      onClose();
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const quorumOptions = [
    ...(k.defaults.quorum ? [] : [{ value: 'default', label: t('meetings.kinds.quorum.none') }]),
    ...(current === 'other' && k.quorum
      ? [
          {
            value: 'other',
            label: t('meetings.kinds.quorum.other', {
              more: Math.round(k.quorum.moreThan * 100),
              least: Math.round(k.quorum.appointmentsAtLeast * 100),
            }),
          },
        ]
      : []),
    ...(Object.keys(QUORUMS) as QuorumKey[]).map((key) => ({ value: key, label: t(`meetings.kinds.quorum.${key}`) })),
  ];
  return (
    <Modal
      open
      title={t('meetings.kinds.editTitle', { kind: tv(k.name) })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        data-testid="kind-form"
        initialValues={{
          enabled: k.enabled,
          ...k.deadlines,
          substitutes: k.substitutes,
          quorum: current === 'default' && k.defaults.quorum ? quorumKey(k.defaults.quorum) : current,
          minutesSeries: k.minutes.series,
          signOff: k.signOff,
        }}
      >
        <Form.Item
          name="enabled"
          label={t('meetings.kinds.enabled')}
          extra={t('meetings.kinds.enabledHint')}
          valuePropName="checked"
        >
          <Switch data-testid="kind-enabled" />
        </Form.Item>
        <Typography.Text strong>{t('meetings.kinds.deadlines')}</Typography.Text>
        <Space wrap size={[16, 0]} style={{ marginTop: 8 }}>
          {DEADLINES.map((d) => (
            <Form.Item
              key={d}
              name={d}
              label={t(`meetings.kinds.${d}`)}
              extra={t('meetings.kinds.default', { value: t('meetings.kinds.days', { n: k.defaults.deadlines[d] }) })}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={90} style={{ width: 120 }} data-testid={`kind-${d}`} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item
          name="substitutes"
          label={t('meetings.kinds.substitutes')}
          valuePropName="checked"
          extra={k.substitutesForbidden ? t('meetings.kinds.substitutesForbidden') : undefined}
        >
          <Switch disabled={k.substitutesForbidden} data-testid="kind-substitutes" />
        </Form.Item>
        <Form.Item name="quorum" label={t('meetings.kinds.quorum')} extra={t('meetings.kinds.quorumHint')}>
          <Select options={quorumOptions} data-testid="kind-quorum" />
        </Form.Item>
        <Form.Item
          name="minutesSeries"
          label={t('meetings.kinds.series')}
          extra={t('meetings.kinds.seriesHint')}
          rules={[{ required: true }]}
        >
          <Input maxLength={30} data-testid="kind-series" />
        </Form.Item>
        <Form.Item name="signOff" label={t('meetings.kinds.signOff')}>
          <Select
            options={SIGN_OFF_RULES.map((r) => ({ value: r, label: t(`meetings.kinds.signOff.${r}`) }))}
            data-testid="kind-signoff"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

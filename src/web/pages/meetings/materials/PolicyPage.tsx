import { useEffect } from 'react';
import { App, Button, Card, Checkbox, Form, InputNumber, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useI18n, type MessageKey } from '../../../i18n';
import { MeetingsLinks, useOfficeYear } from '../parts';
import { useMeetingKinds } from '../queries';
import { usePolicy, type Policy } from './queries';

interface Values {
  maxPerKind: Record<string, number | null | undefined>;
  maxDurationMin: number | null;
  maxAttendees: number | null;
  maxSpeechMin: number | null;
  noMeetingWeekdays: number[];
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const toValues = (p: Policy): Values => ({
  maxPerKind: p.maxPerKind,
  maxDurationMin: p.maxDurationMin,
  maxAttendees: p.maxAttendees,
  maxSpeechMin: p.maxSpeechMin,
  noMeetingWeekdays: p.noMeetingWeekdays,
});

/**
 * 精文减会 (DOMAIN §11.7): an office's limits for a year — meetings of each kind, duration, attendees, report minutes,
 * no-meeting weekdays. Everyone reads them; the office's registrars keep them. A plan over them needs a reason.
 */
export function PolicyPage() {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const kinds = useMeetingKinds();
  const { office, year, picker } = useOfficeYear();
  const q = usePolicy(office, year);
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(toValues(q.data));
  }, [q.data, form]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.put<Policy>('/meetings/policy', {
        officeUnitId: office,
        year,
        maxPerKind: Object.fromEntries(
          Object.entries(v.maxPerKind ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
        ),
        maxDurationMin: v.maxDurationMin ?? null,
        maxAttendees: v.maxAttendees ?? null,
        maxSpeechMin: v.maxSpeechMin ?? null,
        noMeetingWeekdays: v.noMeetingWeekdays ?? [],
      }),
    onSuccess: async () => {
      message.success(t('meetings.policy.saved'));
      await qc.invalidateQueries({ queryKey: ['meetings', 'policy'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const p = q.data;
  const editable = p?.mayEdit ?? false;
  const limit = (name: keyof Values, label: MessageKey, max: number) => (
    <Form.Item name={name} label={t(label)}>
      <InputNumber min={1} max={max} placeholder={t('meetings.policy.noLimit')} disabled={!editable} style={{ width: 160 }} />
    </Form.Item>
  );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 880 }}>
      <MeetingsLinks here="/meetings/policy" />
      <Card title={t('meetings.policy.title')} data-testid="policy-page">
        {picker}
        {p && (
          <Typography.Paragraph type="secondary" data-testid="policy-status">
            {p.unset
              ? t('meetings.policy.unset')
              : t('meetings.policy.updated', { name: p.updatedBy ?? '', at: dayjs(p.updatedAt).format('YYYY-MM-DD HH:mm') })}
            {!editable && ` · ${t('meetings.policy.readOnly')}`}
          </Typography.Paragraph>
        )}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="policy-form">
          <Typography.Text strong>{t('meetings.policy.perKind')}</Typography.Text>
          <Space wrap size={[16, 0]} style={{ marginTop: 8 }}>
            {kinds.data?.items.map((k) => (
              <Form.Item key={k.key} name={['maxPerKind', k.key]} label={tv(k.name)}>
                <InputNumber
                  min={0}
                  max={1000}
                  placeholder={t('meetings.policy.noLimit')}
                  disabled={!editable}
                  style={{ width: 140 }}
                  data-testid={`policy-kind-${k.key}`}
                />
              </Form.Item>
            ))}
          </Space>
          <Space wrap size={[16, 0]}>
            {limit('maxDurationMin', 'meetings.policy.duration', 24 * 60)}
            {limit('maxAttendees', 'meetings.policy.attendees', 5000)}
            {limit('maxSpeechMin', 'meetings.policy.speech', 240)}
          </Space>
          <Form.Item name="noMeetingWeekdays" label={t('meetings.policy.noMeetingDays')}>
            <Checkbox.Group
              disabled={!editable}
              options={WEEKDAYS.map((d) => ({ value: d, label: t(`meetings.policy.wd.${d}`) }))}
              data-testid="policy-weekdays"
            />
          </Form.Item>
          {editable && (
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
              {t('meetings.policy.save')}
            </Button>
          )}
        </Form>
      </Card>
    </Space>
  );
}

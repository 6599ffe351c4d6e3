import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { PersonPicker } from '../../components/flow/pickers';
import { CLASSIFICATIONS, type Classification } from '../../../contract/common';
import type { createMeetingBodySchema } from '../../../contract/meetings';
import { OfficeAndKindFields } from './parts';
import { RoomSelect } from './MeetingRoom';
import { at, PeopleFields, ScheduleFields } from './PlanFields';

type Body = z.input<typeof createMeetingBodySchema>;

interface Values {
  officeUnitId: string;
  meetingKind: Body['meetingKind'];
  day: Dayjs;
  time: [Dayjs, Dayjs];
  roomId?: string | null;
  place?: string;
  mode: 'onsite' | 'video' | 'hybrid';
  chair: string[];
  members: string[];
  sitIns?: string[];
  staff?: string[];
  classification: Classification;
  overrideReason?: string;
}

/**
 * 会议方案 (DOMAIN §11.3) by the office's registrar: the kind of meeting, its day and hours, place and form, the chair,
 * the members (出席) in protocol order and the sit-ins (列席). Saved, the agenda is built on the meeting's page from
 * the 议题库, and the plan goes to the chair to fix it.
 */
export function NewMeetingPage() {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Body) => api.post<{ itemId: string }>('/meetings', body),
    onSuccess: async (r) => {
      message.success(t('meetings.meeting.created'));
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      await navigate(`/meetings/${r.itemId}`);
    },
    onError: (e) => void message.error(te(e)),
  });
  // 精文减会: the plan is checked against the office's policy first; over it, it is saved only with a reason.
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const body = (v: Values): Body => ({
    officeUnitId: v.officeUnitId,
    meetingKind: v.meetingKind,
    startsAt: at(v.day, v.time[0]),
    endsAt: at(v.day, v.time[1]),
    roomId: v.roomId ?? null,
    place: v.roomId ? null : (v.place ?? null),
    mode: v.mode,
    chairPersonId: v.chair[0]!,
    memberIds: v.members,
    sitInIds: v.sitIns ?? [],
    staffIds: v.staff ?? [],
    classification: v.classification,
    overrideReason: warnings?.length ? (v.overrideReason?.trim() ?? null) : null,
  });
  const submit = async (v: Values) => {
    if (warnings === null) {
      try {
        const r = await api.post<{ warnings: string[] }>('/meetings/policy/check', body(v));
        setWarnings(r.warnings);
        if (r.warnings.length) return;
      } catch (e) {
        return void message.error(te(e));
      }
    }
    create.mutate(body(v));
  };
  return (
    <Card title={t('meetings.meeting.new')} style={{ maxWidth: 880 }}>
      <Form<Values>
        layout="vertical"
        initialValues={{ mode: 'onsite', classification: CLASSIFICATIONS[0] }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed) => {
          if (!('overrideReason' in changed)) setWarnings(null);
        }}
        data-testid="meeting-form"
      >
        <OfficeAndKindFields officeLabel="meetings.meeting.office" />
        <ScheduleFields />
        <Form.Item name="roomId" label={t('meetings.meeting.room')} extra={t('meetings.meeting.roomHint')}>
          <RoomSelect />
        </Form.Item>
        <Form.Item noStyle dependencies={['roomId']}>
          {({ getFieldValue }) =>
            !getFieldValue('roomId') && (
              <Form.Item name="place" label={t('meetings.meeting.place')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={200} data-testid="meeting-place" />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="mode" label={t('meetings.meeting.mode')}>
          <Radio.Group
            options={(['onsite', 'video', 'hybrid'] as const).map((m) => ({ value: m, label: t(`meetings.meeting.mode.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="chair" label={t('meetings.meeting.chair')} rules={[{ required: true }]}>
          <PersonPicker leadersOnly />
        </Form.Item>
        <PeopleFields />
        <Form.Item name="classification" label={t('meetings.topic.classification')}>
          <Select options={CLASSIFICATIONS.map((c) => ({ value: c, label: tv(c) }))} style={{ maxWidth: 200 }} />
        </Form.Item>
        {!!warnings?.length && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('meetings.policy.warnings')}
              description={warnings.map((w) => (
                <div key={w}>{w}</div>
              ))}
              style={{ marginBottom: 12 }}
              data-testid="policy-warnings"
            />
            <Form.Item
              name="overrideReason"
              label={t('meetings.policy.reason')}
              extra={t('meetings.policy.reasonHint')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea maxLength={500} rows={2} data-testid="policy-reason" />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="meeting-create">
          {t(warnings?.length ? 'meetings.policy.saveAnyway' : 'meetings.meeting.save')}
        </Button>
      </Form>
    </Card>
  );
}

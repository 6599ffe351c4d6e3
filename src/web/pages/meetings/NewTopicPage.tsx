import { App, Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { CLASSIFICATIONS } from '../../../contract/common';
import type { createTopicBodySchema } from '../../../contract/meetings';
import { OfficeAndKindFields } from './parts';

type Body = z.input<typeof createTopicBodySchema>;

/**
 * 议题提报表 (DOMAIN §11.2): the topic, the office and kind of meeting it is for, the situation note and the question
 * to decide, whom to have sit in, whether it is a 重大行政决策 (the legality review follows) or on appointments.
 * Saved, it is the drafter's 拟稿 task: the topic's page sends it to the unit's head.
 */
export function NewTopicPage() {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Body>();
  const create = useMutation({
    mutationFn: (body: Body) => api.post<{ itemId: string }>('/meeting-topics', body),
    onSuccess: async (r) => {
      message.success(t('meetings.topic.created'));
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      await navigate(`/meetings/${r.itemId}`);
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Card title={t('meetings.topic.new')} style={{ maxWidth: 880 }}>
      <Form<Body>
        form={form}
        layout="vertical"
        initialValues={{ classification: CLASSIFICATIONS[0], majorDecision: false, appointments: false }}
        onFinish={(v) => create.mutate({ ...v, suggestedSitIns: v.suggestedSitIns || null })}
        data-testid="topic-form"
      >
        <Form.Item name="title" label={t('meetings.topic.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={300} />
        </Form.Item>
        <OfficeAndKindFields officeLabel="meetings.topic.office" />
        <Form.Item
          name="situation"
          label={t('meetings.topic.situation')}
          extra={t('meetings.topic.situationHint')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea autoSize={{ minRows: 6 }} maxLength={10000} />
        </Form.Item>
        <Form.Item name="question" label={t('meetings.topic.question')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="suggestedSitIns" label={t('meetings.topic.sitIns')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="majorDecision" valuePropName="checked" extra={t('meetings.topic.majorHint')}>
          <Checkbox>{t('meetings.topic.majorDecision')}</Checkbox>
        </Form.Item>
        <Form.Item name="appointments" valuePropName="checked" extra={t('meetings.topic.appointmentsHint')}>
          <Checkbox>{t('meetings.topic.appointments')}</Checkbox>
        </Form.Item>
        <Form.Item name="classification" label={t('meetings.topic.classification')}>
          <Select options={CLASSIFICATIONS.map((c) => ({ value: c, label: tv(c) }))} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="topic-create">
          {t('meetings.topic.save')}
        </Button>
      </Form>
    </Card>
  );
}

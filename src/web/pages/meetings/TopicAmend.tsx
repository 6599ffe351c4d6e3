import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import type { amendTopicBodySchema } from '../../../contract/meetings';
import type { TopicDetail } from './queries';

// 修改议题: offered to whoever holds the topic's 拟稿 — its drafter, first or after a reviewer sent it back — beside the
// task that submits it to the unit head again. The server refuses anyone else and a refused topic.

type Body = z.input<typeof amendTopicBodySchema>;

export function TopicAmend({ topic }: { topic: TopicDetail }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Body>();
  const save = useMutation({
    mutationFn: (body: Body) => api.put(`/meeting-topics/${topic.itemId}`, body),
    onSuccess: async () => {
      message.success(t('meetings.topic.amended'));
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('meetings.topic.amendHint')}
        action={
          <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="topic-amend">
            {t('meetings.topic.amend')}
          </Button>
        }
      />
      <Modal
        open={open}
        title={t('meetings.topic.amend')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        okButtonProps={{ loading: save.isPending, 'data-testid': 'topic-amend-save' }}
        destroyOnHidden
      >
        <Form<Body>
          form={form}
          layout="vertical"
          initialValues={{
            title: topic.title,
            situation: topic.situation,
            question: topic.question,
            suggestedSitIns: topic.suggestedSitIns ?? '',
            majorDecision: topic.majorDecision,
            appointments: topic.appointments,
          }}
          onFinish={(v) => save.mutate({ ...v, suggestedSitIns: v.suggestedSitIns || null })}
          data-testid="topic-amend-form"
        >
          <Form.Item name="title" label={t('meetings.topic.title')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="situation" label={t('meetings.topic.situation')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 4 }} maxLength={10000} />
          </Form.Item>
          <Form.Item name="question" label={t('meetings.topic.question')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Form.Item name="suggestedSitIns" label={t('meetings.topic.sitIns')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="majorDecision" valuePropName="checked">
            <Checkbox>{t('meetings.topic.majorDecision')}</Checkbox>
          </Form.Item>
          <Form.Item name="appointments" valuePropName="checked">
            <Checkbox>{t('meetings.topic.appointments')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

import { useEffect, useState } from 'react';
import { App, Button, Form, InputNumber, Modal, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { useMe } from '../../auth';
import { YELLOW_WITHIN_MAX, type supervisionSettingsSchema } from '../../../contract/supervision';

type Settings = z.output<typeof supervisionSettingsSchema>;

/**
 * 督查室设置: how many working days before its deadline an item of this office turns yellow. Every supervisor reads
 * it; the office's own supervisors change it, and every light of the office's items follows at once.
 */
export function SettingsButton() {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ yellowWithinWorkdays: number }>();
  // Per post: another post may be in another office, with its own settings.
  const key = ['supervision', 'settings', useMe().currentPostId];
  const settings = useQuery({
    queryKey: key,
    queryFn: () => api.get<Settings>('/supervision/settings'),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (v: { yellowWithinWorkdays: number }) => api.put<Settings>('/supervision/settings', v),
    onSuccess: async (saved) => {
      message.success(t('supervision.settings.saved'));
      setOpen(false);
      client.setQueryData(key, saved);
      // Every light of the office's items may have changed: the register, the boards, the item pages.
      await client.invalidateQueries({ queryKey: ['supervision'], predicate: (q) => q.queryKey[1] !== 'settings' });
    },
    onError: (e) => void message.error(te(e)),
  });
  const s = settings.data;
  // The form follows the office's settings as the server last gave them (after a save, on opening again).
  useEffect(() => {
    if (open && s) form.setFieldsValue({ yellowWithinWorkdays: s.yellowWithinWorkdays });
  }, [open, s, form]);
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="supervision-settings">
        {t('supervision.settings.button')}
      </Button>
      <Modal
        open={open}
        title={t('supervision.settings.title', { office: s?.office.name ?? '' })}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ disabled: !s?.editable }}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        {s && (
          <Form
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={{ yellowWithinWorkdays: s.yellowWithinWorkdays }}
            onFinish={(v) => save.mutate(v)}
            disabled={!s.editable}
          >
            <Form.Item
              name="yellowWithinWorkdays"
              label={t('supervision.settings.yellow')}
              extra={t('supervision.settings.yellowHint')}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: YELLOW_WITHIN_MAX,
                  message: t('supervision.settings.range', { max: YELLOW_WITHIN_MAX }),
                },
              ]}
            >
              <InputNumber
                min={1}
                max={YELLOW_WITHIN_MAX}
                precision={0}
                addonAfter={t('supervision.settings.workdays')}
                data-testid="settings-yellow"
              />
            </Form.Item>
            <Typography.Text type="secondary" data-testid="settings-source">
              {s.isDefault
                ? t('supervision.settings.default')
                : t('supervision.settings.updated', { at: s.updatedAt?.slice(0, 10) ?? '', by: s.updatedBy ?? '' })}
            </Typography.Text>
          </Form>
        )}
      </Modal>
    </>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useI18n } from '../i18n';
import { ME_KEY } from '../auth';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Forced after a reset (the whole app waits behind it), or chosen from the user menu. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t, te } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (v: Values) => {
    setError(null);
    try {
      await api.post('/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      setDone(true);
      await qc.invalidateQueries({ queryKey: ME_KEY });
      if (forced) void navigate('/', { replace: true });
    } catch (e) {
      setError(te(e));
    }
  };

  const signOut = async () => {
    await api.post('/auth/sign-out').catch(() => undefined);
    qc.clear();
    void navigate('/login', { replace: true });
  };

  const form = (
    <Card style={{ maxWidth: 420, width: '100%' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('password.title')}
      </Typography.Title>
      {forced && <Alert type="info" showIcon message={t('password.forced')} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t('password.rules')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      {done && !forced && <Alert type="success" showIcon message={t('password.done')} style={{ marginBottom: 16 }} />}
      <Form<Values> layout="vertical" onFinish={submit}>
        <Form.Item
          label={t('password.current')}
          name="currentPassword"
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('password.new')}
          name="newPassword"
          rules={[
            { required: true, message: t('password.required') },
            { min: 8, message: t('password.tooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('password.confirm')}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block>
          {t('password.submit')}
        </Button>
      </Form>
      {forced && (
        <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
          {t('header.signOut')}
        </Button>
      )}
    </Card>
  );
  return forced ? <div className="zs-login">{form}</div> : form;
}

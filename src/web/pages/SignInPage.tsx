import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client';
import type { SignInResult } from '../api/types';
import { useI18n } from '../i18n';
import { ME_KEY } from '../auth';
import { homeOf } from '../nav';

interface Values {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in, never another origin. */
const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;

export function SignInPage() {
  const { t, te, lang, setLang } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = search.get('expired') === '1';

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<SignInResult>('/auth/sign-in', v);
      setCsrfToken(r.csrfToken);
      qc.clear();
      qc.setQueryData(ME_KEY, r.me);
      void navigate(safeNext(search.get('next')) ?? homeOf(r.me), { replace: true });
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zs-login">
      <Card>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#b71c1c', marginTop: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('signIn.subtitle')}
        </Typography.Paragraph>
        {expired && !error && <Alert type="warning" showIcon message={t('signIn.expired')} style={{ marginBottom: 16 }} />}
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" data-testid="sign-in-error" />
        )}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label={t('signIn.username')}
            name="username"
            rules={[{ required: true, message: t('signIn.usernameRequired') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('signIn.password')}
            name="password"
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button type="link" onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}>
            {t('lang.other')}
          </Button>
        </div>
      </Card>
    </div>
  );
}

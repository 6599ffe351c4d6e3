import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n';

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result status="404" title={t('status.notFound')} extra={<Button onClick={() => navigate('/')}>{t('status.home')}</Button>} />
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('status.forbidden')}
      subTitle={t('status.forbiddenHint')}
      extra={<Button onClick={() => navigate('/')}>{t('status.home')}</Button>}
      data-testid="forbidden"
    />
  );
}

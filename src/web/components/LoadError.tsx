import { Result } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

/** A page whose item or figures could not be read: not found (404), refused (403), or another error, in words. */
export function LoadError({ error, testId }: { error: unknown; testId?: string }) {
  const { te } = useI18n();
  const status = error instanceof ApiError ? error.status : 0;
  return <Result status={status === 404 ? '404' : status === 403 ? '403' : 'error'} title={te(error)} data-testid={testId} />;
}

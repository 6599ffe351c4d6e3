import dayjs from 'dayjs';
import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { SessionList } from '../api/types';
import { useI18n } from '../i18n';
import { ResponsiveList } from '../admin/lists';
import { useAction } from '../admin/queries';

type Session = SessionList['items'][number];
const SESSIONS_KEY = ['me', 'sessions'] as const;

/** A browser as people name it, from its user agent: the browser and the system, nothing more. */
function deviceOf(ua: string | null, unknown: string) {
  if (!ua) return unknown;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, system].filter(Boolean).join(' · ') || unknown;
}

/** 我的登录: where the person is signed in now; they end a session they do not recognise or no longer use. */
export function SessionsPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const list = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => api.get<SessionList>('/me/sessions') });
  const end = useAction((s: Session) => api.post(`/me/sessions/${s.id}/end`), {
    invalidate: [SESSIONS_KEY],
    success: t('sessions.ended'),
  });
  const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
  const device = (s: Session) => (
    <Space size={6} wrap>
      <span>{deviceOf(s.userAgent, t('sessions.unknownDevice'))}</span>
      {s.current && <Tag color="green">{t('sessions.current')}</Tag>}
    </Space>
  );
  const action = (s: Session) =>
    s.current ? null : (
      <Button
        size="small"
        danger
        data-testid="session-end"
        onClick={() =>
          modal.confirm({
            title: t('sessions.endConfirm'),
            okText: t('sessions.end'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => end.mutateAsync(s),
          })
        }
      >
        {t('sessions.end')}
      </Button>
    );
  return (
    <Card title={t('sessions.title')}>
      <Typography.Paragraph type="secondary">{t('sessions.hint', { max: list.data?.max ?? '' })}</Typography.Paragraph>
      <ResponsiveList<Session>
        rows={list.data?.items ?? []}
        rowKey={(s) => s.id}
        loading={list.isLoading}
        empty={t('sessions.none')}
        testId="session-row"
        columns={[
          { title: t('sessions.device'), key: 'device', render: (_, s) => device(s) },
          { title: t('sessions.ip'), dataIndex: 'ip', width: 150 },
          { title: t('sessions.signedIn'), key: 'createdAt', width: 150, render: (_, s) => when(s.createdAt) },
          { title: t('sessions.lastSeen'), key: 'lastSeenAt', width: 150, render: (_, s) => when(s.lastSeenAt) },
          { title: t('admin.actions'), key: 'actions', width: 100, render: (_, s) => action(s) },
        ]}
        card={(s) => ({
          title: device(s),
          body: (
            <>
              <Typography.Text type="secondary">
                {t('sessions.line', { ip: s.ip ?? '', signedIn: when(s.createdAt), lastSeen: when(s.lastSeenAt) })}
              </Typography.Text>
              {action(s)}
            </>
          ),
        })}
      />
    </Card>
  );
}

import { useEffect } from 'react';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, markBackground } from '../api/client';
import type { NotificationList } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { useWorkbenchSummary } from '../pages/workbench-queries';

/**
 * Keeps the badges live: the server pushes "changed" over SSE whenever this person's tasks or messages
 * change on any instance, and we refetch. EventSource reconnects on its own after a network break.
 */
function useLiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    const es = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
    const refresh = () => {
      // Not the person's doing: these reads must not keep an idle session alive.
      markBackground();
      void qc.invalidateQueries({ queryKey: ['workbench'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    };
    es.addEventListener('changed', refresh);
    // After a reconnect we may have missed signals: re-read once the stream is back.
    es.addEventListener('ready', refresh);
    es.onerror = () => {
      // A refused stream (session ended) does not retry; asking /me lets the app notice and go to sign-in.
      if (es.readyState === EventSource.CLOSED) {
        markBackground();
        void api.get('/me').catch(() => undefined);
      }
    };
    return () => es.close();
  }, [qc]);
}

export function NotificationBell() {
  const { t } = useI18n();
  const qc = useQueryClient();
  useLiveUpdates();
  const summary = useWorkbenchSummary();
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => api.get<NotificationList>('/notifications?limit=20') });
  const readAll = useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workbench'] }),
  });
  const readOne = useMutation({
    mutationFn: (id: string) => api.post(`/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workbench'] }),
  });
  const unread = summary.data?.unreadNotifications ?? 0;

  const content = (
    <div style={{ width: 'min(360px, 86vw)', maxHeight: '60vh', overflowY: 'auto' }}>
      <List
        size="small"
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        renderItem={(n) => (
          <List.Item
            onClick={() => !n.readAt && readOne.mutate(n.id)}
            style={{ cursor: n.readAt ? 'default' : 'pointer', opacity: n.readAt ? 0.6 : 1 }}
          >
            <List.Item.Meta
              title={<Typography.Text strong={!n.readAt}>{t(`notifications.kind.${n.kind}` as MessageKey)}</Typography.Text>}
              description={
                <>
                  <div>{n.message}</div>
                  <Typography.Text type="secondary">{dayjs(n.createdAt).format('MM-DD HH:mm')}</Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {unread > 0 && (
        <Button block type="link" onClick={() => readAll.mutate()}>
          {t('notifications.readAll')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" content={content} title={t('notifications.title')}>
      <Button type="text" aria-label={t('notifications.badge', { n: unread })} data-testid="notification-bell">
        <Badge count={unread} size="small" data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Popconfirm, Space, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../api/client';
import { useI18n } from '../i18n';

type FeedLink = { createdAt: string; lastUsedAt: string | null } | null;
const KEY = ['me', 'feed'] as const;

/**
 * 日历订阅: the person's secret address for a calendar feed (`feedPath`, e.g. /api/v1/meetings/calendar.ics), made or
 * replaced here and shown once, for their phone's calendar to subscribe to; or stopped.
 */
export function CalendarFeedButton({ feedPath }: { feedPath: string }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState<string | null>(null);
  const link = useQuery({ queryKey: KEY, queryFn: () => api.get<FeedLink>('/me/feed'), enabled: open });
  const make = useMutation({
    mutationFn: () => api.post<{ token: string }>('/me/feed', {}),
    onSuccess: async (r) => {
      setAddress(`${window.location.origin}${feedPath}?token=${r.token}`);
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => void message.error(te(e)),
  });
  const stop = useMutation({
    mutationFn: () => api.delete('/me/feed'),
    onSuccess: async () => {
      setAddress(null);
      message.success(t('feed.stopped'));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => void message.error(te(e)),
  });
  const current = link.data;
  return (
    <>
      <Button icon={<CalendarOutlined />} onClick={() => setOpen(true)} data-testid="feed-open">
        {t('feed.button')}
      </Button>
      <Modal
        open={open}
        title={t('feed.title')}
        footer={null}
        onCancel={() => {
          setOpen(false);
          setAddress(null);
        }}
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('feed.explain')}
          </Typography.Paragraph>
          {address ? (
            <>
              <Alert type="warning" showIcon message={t('feed.once')} />
              <Input.TextArea value={address} readOnly autoSize data-testid="feed-address" />
              <Typography.Text copyable={{ text: address }}>{t('feed.copy')}</Typography.Text>
            </>
          ) : (
            current && (
              <Typography.Text data-testid="feed-current">
                {t('feed.current', {
                  made: dayjs(current.createdAt).format('YYYY-MM-DD HH:mm'),
                  used: current.lastUsedAt ? dayjs(current.lastUsedAt).format('YYYY-MM-DD HH:mm') : t('feed.never'),
                })}
              </Typography.Text>
            )
          )}
          <Space wrap>
            <Button type="primary" loading={make.isPending} onClick={() => make.mutate()} data-testid="feed-make">
              {current ? t('feed.remake') : t('feed.make')}
            </Button>
            {current && (
              <Popconfirm title={t('feed.stopConfirm')} onConfirm={() => stop.mutate()}>
                <Button danger loading={stop.isPending} data-testid="feed-stop">
                  {t('feed.stop')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Space>
      </Modal>
    </>
  );
}

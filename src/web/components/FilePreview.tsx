import { useState } from 'react';
import { Alert, Button, Drawer, Grid, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { FilePreview } from '../../contract/files';
import { api } from '../api/client';
import { useI18n } from '../i18n';

const contentUrl = (fileId: string) => `/api/v1/files/${fileId}/content`;

/**
 * Reads a file in the page: PDF, OFD and office documents as page images the server makes (they show on a phone and
 * zoom like any picture), images as they are. What cannot be shown (archives, TIFF) says so and offers the
 * download. The server decides who may read, exactly as for the download.
 */
function PreviewBody({ fileId, name }: { fileId: string; name: string }) {
  const { t, te } = useI18n();
  const q = useQuery({
    queryKey: ['file-preview', fileId],
    queryFn: () => api.get<FilePreview>(`/files/${fileId}/preview`),
    retry: false,
    staleTime: 60_000,
  });
  const download = (
    <Button size="small" icon={<DownloadOutlined />} href={contentUrl(fileId)}>
      {t('files.preview.download')}
    </Button>
  );
  if (q.isLoading) {
    return (
      <Space direction="vertical" align="center" style={{ width: '100%', padding: 48 }} data-testid="file-preview-loading">
        <Spin />
        <Typography.Text type="secondary">{t('files.preview.converting')}</Typography.Text>
      </Space>
    );
  }
  if (q.error || !q.data)
    return (
      <Alert
        type="warning"
        showIcon
        message={q.error ? te(q.error) : t('files.preview.failed')}
        action={download}
        data-testid="file-preview-unavailable"
      />
    );
  const p = q.data;
  if (p.kind === 'none')
    return (
      <Alert
        type="info"
        showIcon
        message={p.reason ?? t('files.preview.failed')}
        action={download}
        data-testid="file-preview-unavailable"
      />
    );
  if (p.kind === 'image') {
    return (
      <img
        src={`${contentUrl(fileId)}?disposition=inline`}
        alt={name}
        style={{ display: 'block', width: '100%', height: 'auto' }}
        data-testid="file-preview-image"
      />
    );
  }
  const pages = Array.from({ length: p.pages ?? 0 }, (_, i) => i + 1);
  return (
    <div data-testid="file-preview-pages">
      <Typography.Text type="secondary">{t('files.preview.pages', { n: pages.length })}</Typography.Text>
      {pages.map((n) => (
        <img
          key={n}
          src={`/api/v1/files/${fileId}/preview/${n}`}
          alt={t('files.preview.page', { name, n })}
          loading={n > 2 ? 'lazy' : 'eager'}
          style={{
            display: 'block',
            width: '100%',
            height: 'auto',
            marginTop: 8,
            border: '1px solid rgba(0,0,0,0.15)',
            boxShadow: '0 1px 4px rgba(0,0,0,0.12)',
            background: '#fff',
          }}
          data-testid="file-preview-page"
        />
      ))}
    </div>
  );
}

/** The eye button beside a file, and the drawer it opens (the whole screen on a phone). */
export function PreviewButton({ fileId, name }: { fileId: string; name: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const screens = Grid.useBreakpoint();
  return (
    <>
      <Button
        type="link"
        size="small"
        icon={<EyeOutlined />}
        onClick={() => setOpen(true)}
        aria-label={t('files.preview', { name })}
        data-testid="file-preview-open"
      />
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        destroyOnHidden
        width={screens.md ? 860 : '100%'}
        title={<Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>}
        extra={
          <Button type="link" icon={<DownloadOutlined />} href={contentUrl(fileId)} aria-label={t('files.download', { name })} />
        }
        styles={{ body: { padding: screens.md ? 24 : 8, background: '#f0f0f0' } }}
        data-testid="file-preview"
      >
        {open && <PreviewBody fileId={fileId} name={name} />}
      </Drawer>
    </>
  );
}

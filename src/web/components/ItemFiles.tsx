import { useState } from 'react';
import { App, Button, Card, List, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, upload } from '../api/client';
import { useI18n } from '../i18n';
import { ATTACHMENT_ROLE } from '../../contract/files';
import { PreviewButton } from './FilePreview';

export interface ItemFile {
  id: string;
  fileId: string;
  role: string;
  ordinal: number;
  name: string;
  size: number;
  sm3: string;
  classification: string;
  addedBy: { id: string; name: string };
  addedAt: string;
}

interface UploadedFile {
  id: string;
}

/** A size as people read it: 12.3 KB, 4.5 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Uploads a file (streamed as the request body) at the item's classification, and returns its id. */
export async function uploadFile(file: File, classification: string): Promise<string> {
  return (await upload<UploadedFile>(`/files?classification=${encodeURIComponent(classification)}`, file)).id;
}

/**
 * The files on an item (正文 first, then 附件 …), each to read in the page or download; those who may change the item can add
 * one. The server decides who reads and who adds: a refusal shows its message.
 */
export function ItemFiles({ itemId, classification, canAdd }: { itemId: string; classification: string; canAdd: boolean }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['item-files', itemId],
    queryFn: () => api.get<{ items: ItemFile[] }>(`/items/${itemId}/files`),
  });
  const add = async (file: File) => {
    setBusy(true);
    try {
      const fileId = await uploadFile(file, classification);
      await api.post(`/items/${itemId}/files`, { fileId, role: ATTACHMENT_ROLE });
      await qc.invalidateQueries({ queryKey: ['item-files', itemId] });
      message.success(t('files.added', { name: file.name }));
    } catch (e) {
      message.error(te(e));
    } finally {
      setBusy(false);
    }
  };
  const items = q.data?.items ?? [];
  return (
    <Card
      size="small"
      title={
        <Space>
          <PaperClipOutlined />
          {t('files.title')}
        </Space>
      }
      extra={
        canAdd && (
          <Upload showUploadList={false} beforeUpload={(f) => (void add(f), false)} disabled={busy}>
            <Button size="small" icon={<UploadOutlined />} loading={busy}>
              {t('files.add')}
            </Button>
          </Upload>
        )
      }
      data-testid="item-files"
    >
      <List
        size="small"
        loading={q.isLoading}
        locale={{ emptyText: t('files.none') }}
        dataSource={items}
        renderItem={(f) => (
          <List.Item
            data-testid="item-file"
            actions={[
              <PreviewButton key="preview" fileId={f.fileId} name={f.name} />,
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/v1/files/${f.fileId}/content`}
                aria-label={t('files.download', { name: f.name })}
              />,
            ]}
          >
            <Space wrap size={4} style={{ minWidth: 0 }}>
              <Tag>{tv(f.role)}</Tag>
              <Typography.Text style={{ wordBreak: 'break-all' }}>{f.name}</Typography.Text>
              <Typography.Text type="secondary">
                {fileSize(f.size)}
                {t('common.sep')}
                {f.addedBy.name}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

import './outgoing.css';
import { useState } from 'react';
import { Button, Card, Descriptions, List, Space, Spin, Tag } from 'antd';
import { CheckOutlined, DownloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import type { IssuedCopy } from '../../api/types';
import { useMe } from '../../auth';
import { isRegistrar } from '../../roles';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n';
import { UNMARKED } from '../../../contract/common';
import { formatTime } from '../../components/flow/FlowRecord';
import { PreviewButton } from '../../components/FilePreview';
import { Downloads } from './Downloads';
import { DraftView } from './DraftView';
import { ReturnDialog, SignForDialog, type DeliveryRef } from './InboxPage';

type Receipt = NonNullable<IssuedCopy['receipt']>;

function ReceiptState({ r }: { r: Receipt }) {
  const { t } = useI18n();
  if (r.status === 'signed') {
    return (
      <span data-testid="issued-receipt">
        <Tag color="green">{t('outgoing.delivery.signed')}</Tag>
        {r.incomingItemId ? (
          <Link to={`/incoming/${r.incomingItemId}`}>{t('outgoing.delivery.registryNo', { no: r.registryNo ?? '' })}</Link>
        ) : (
          r.registryNo
        )}
      </span>
    );
  }
  if (r.status === 'returned') {
    return (
      <span data-testid="issued-receipt">
        <Tag color="red">{t('outgoing.delivery.returned')}</Tag>
        {t('outgoing.delivery.reason', { reason: r.returnReason ?? '' })}
      </span>
    );
  }
  return (
    <span data-testid="issued-receipt">
      <Tag color="blue">{t('outgoing.inbox.waiting')}</Tag>
    </span>
  );
}

/**
 * 核发的文件 as a receiving unit reads it: the issued text, its files and this unit's receipt — nothing of the
 * sender's internal handling. Its registrars sign for it or send it back here as from 待签收.
 */
export function IssuedPage() {
  const { id = '' } = useParams();
  const { t, tv } = useI18n();
  const me = useMe();
  const [signing, setSigning] = useState<DeliveryRef | null>(null);
  const [returning, setReturning] = useState<DeliveryRef | null>(null);
  const q = useQuery({
    queryKey: ['deliveries', 'issued', id],
    queryFn: () => api.get<IssuedCopy>(`/outgoing/${id}/issued`),
    retry: false,
  });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) {
    return <LoadError error={q.error} testId="issued-error" />;
  }
  const d = q.data;
  const ref: DeliveryRef | null = d.receipt ? { id: d.receipt.id, docNo: d.docNo, title: d.title } : null;
  const mayAct = ref !== null && d.receipt?.status === 'delivered' && isRegistrar(me);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} className="od-page" data-testid="issued-page">
      <Card title={<span className="od-page-title">{d.title}</span>}>
        {(d.urgency || d.classification !== UNMARKED || d.fullRecord) && (
          <Space wrap style={{ marginBottom: 12 }}>
            {d.urgency && <Tag color="red">{tv(d.urgency)}</Tag>}
            {d.classification !== UNMARKED && <Tag>{tv(d.classification)}</Tag>}
            {d.fullRecord && <Link to={`/outgoing/${d.itemId}`}>{t('outgoing.issued.fullRecord')}</Link>}
          </Space>
        )}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('outgoing.inbox.sender')}>{d.senderName}</Descriptions.Item>
          <Descriptions.Item label={t('outgoing.field.docNo')}>
            <span data-testid="doc-no">{d.docNo ?? t('outgoing.docNo.none')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('outgoing.issued.issuedAt')}>{formatTime(d.issuedAt)}</Descriptions.Item>
          {d.receipt && (
            <Descriptions.Item label={t('outgoing.delivery.receipt')}>
              <ReceiptState r={d.receipt} />
            </Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <Downloads itemId={d.itemId} issued />
        </div>
        {mayAct && (
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setSigning(ref)} data-testid="sign-for">
              {t('outgoing.inbox.signFor')}
            </Button>
            <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(ref)} data-testid="return-delivery">
              {t('outgoing.inbox.return')}
            </Button>
          </Space>
        )}
      </Card>
      {d.files.length > 0 && (
        <Card title={t('outgoing.issued.files')} size="small">
          <List
            dataSource={d.files}
            renderItem={(f) => (
              <List.Item
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
                <Space wrap>
                  <Tag>{tv(f.role)}</Tag>
                  <span>{f.name}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('outgoing.issued.text')}>
        <DraftView draft={d.draft} />
      </Card>
      <SignForDialog row={signing} onClose={() => setSigning(null)} />
      <ReturnDialog row={returning} onClose={() => setReturning(null)} />
    </Space>
  );
}

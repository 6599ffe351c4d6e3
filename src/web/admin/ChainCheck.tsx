import { useState } from 'react';
import { Alert, Button, Card, Space, Tag, Typography, Upload } from 'antd';
import { CloudDownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../api/client';
import type { AuditCheckStatus, AuditSeal, ChainVerification } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { keys } from './queries';

type Reason = NonNullable<ChainVerification['firstBroken']>['reason'];
const REASON: Record<Reason, MessageKey> = {
  hash: 'admin.audit.brokenHash',
  link: 'admin.audit.brokenLink',
  unkeyed: 'admin.audit.brokenUnkeyed',
  truncated: 'admin.audit.brokenTruncated',
  count: 'admin.audit.brokenCount',
};

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** Saves the seal as the file the auditor keeps outside the system. */
function download(seal: AuditSeal) {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(seal, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `zhongshu-audit-seal-${seal.headId}-${seal.sealedAt.slice(0, 10)}.json`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ScheduledCheck() {
  const { t } = useI18n();
  const status = useQuery({ queryKey: [...keys.audit, 'checks'], queryFn: () => api.get<AuditCheckStatus>('/audit/checks/latest') });
  const s = status.data;
  if (!s) return null;
  const last = s.last;
  const every = s.everyMinutes > 0 ? t('admin.audit.scheduledEvery', { m: s.everyMinutes }) : t('admin.audit.scheduledOff');
  const result = !last
    ? t('admin.audit.scheduledNone')
    : last.ok
      ? t('admin.audit.scheduledOk', { at: when(last.at), n: last.checked, id: last.headId ?? 0 })
      : t('admin.audit.scheduledBroken', { at: when(last.at), id: last.firstBroken?.id ?? '', reason: last.firstBroken ? t(REASON[last.firstBroken.reason]) : '' });
  return (
    <Alert
      style={{ marginTop: 12 }}
      showIcon
      data-testid="chain-scheduled"
      type={!last ? 'info' : last.ok ? 'success' : 'error'}
      title={t('admin.audit.scheduled', { every })}
      description={result}
    />
  );
}

/** 留痕完整性: the full verification (with a kept seal, if the auditor has one), sealing the head, and the scheduled check. */
export function ChainCheck() {
  const { t, te } = useI18n();
  const qc = useQueryClient();
  const [seal, setSeal] = useState<{ name: string; seal: AuditSeal } | null>(null);
  const [badFile, setBadFile] = useState(false);
  const verify = useMutation({ mutationFn: () => api.post<ChainVerification>('/audit/verify', seal ? { seal: seal.seal } : {}) });
  const exportSeal = useMutation({
    mutationFn: () => api.post<AuditSeal>('/audit/seals'),
    onSuccess: (s) => {
      download(s);
      void qc.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const pick = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as AuditSeal;
      if (typeof parsed?.headId !== 'number' || typeof parsed.mac !== 'string') throw new Error('not a seal');
      setSeal({ name: file.name, seal: parsed });
      setBadFile(false);
    } catch {
      setSeal(null);
      setBadFile(true);
    }
    verify.reset();
    return false;
  };
  const r = verify.data;
  return (
    <Card title={t('admin.audit.chain')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('admin.audit.chainHint')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="chain-verify">
          {seal ? t('admin.audit.verifyWithSeal') : t('admin.audit.verify')}
        </Button>
        <Upload accept=".json,application/json" showUploadList={false} maxCount={1} beforeUpload={(f) => pick(f)}>
          <Button icon={<UploadOutlined />} data-testid="chain-seal-pick">
            {t('admin.audit.sealPick')}
          </Button>
        </Upload>
        <Button icon={<CloudDownloadOutlined />} loading={exportSeal.isPending} onClick={() => exportSeal.mutate()} data-testid="chain-seal-export">
          {t('admin.audit.exportSeal')}
        </Button>
      </Space>
      {seal && (
        <div style={{ marginTop: 8 }}>
          <Tag closable onClose={() => setSeal(null)}>
            {t('admin.audit.sealChosen', { name: seal.name, id: seal.seal.headId })}
          </Tag>
        </div>
      )}
      {badFile && <Alert style={{ marginTop: 12 }} type="warning" showIcon role="alert" title={t('admin.audit.sealBadFile')} />}
      {exportSeal.data && (
        <Alert style={{ marginTop: 12 }} type="success" showIcon role="status" title={t('admin.audit.sealExported', { id: exportSeal.data.headId, n: exportSeal.data.count })} description={t('admin.audit.exportSealHint')} />
      )}
      {r && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          role="status"
          data-testid="chain-result"
          type={r.firstBroken ? 'error' : 'success'}
          title={r.firstBroken ? t('admin.audit.chainBroken', { id: r.firstBroken.id, reason: t(REASON[r.firstBroken.reason]), n: r.checked }) : t('admin.audit.chainOk', { n: r.checked })}
        />
      )}
      {r?.seal && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          role="status"
          data-testid="chain-seal-result"
          type={r.seal.ok ? 'success' : 'error'}
          title={
            r.seal.ok
              ? t('admin.audit.sealOk', { id: r.seal.headId, at: when(r.seal.sealedAt) })
              : t('admin.audit.sealBroken', { id: r.seal.headId, at: when(r.seal.sealedAt), problem: t(r.seal.problem === 'count' ? 'admin.audit.sealCount' : 'admin.audit.sealTruncated') })
          }
        />
      )}
      {(verify.error || exportSeal.error) && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={te(verify.error ?? exportSeal.error)} />}
      <ScheduledCheck />
    </Card>
  );
}

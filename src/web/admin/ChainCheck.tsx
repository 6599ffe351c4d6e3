import { useState } from 'react';
import { Alert, Button, Card, Space, Tag, Typography, Upload } from 'antd';
import { CloudDownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../api/client';
import type { AuditCheckStatus, AuditSeal, ChainVerification, KeptSeal } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { keys } from './queries';

type Break = ChainVerification['breaks'][number];
type Reason = Break['reason'];
const REASON: Record<Reason, MessageKey> = {
  hash: 'admin.audit.brokenHash',
  link: 'admin.audit.brokenLink',
  unkeyed: 'admin.audit.brokenUnkeyed',
  truncated: 'admin.audit.brokenTruncated',
  count: 'admin.audit.brokenCount',
};

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
const stamp = (iso: string) => iso.slice(0, 19).replace(/[-:]/g, '');

/** Each broken chain in a line: the office, the first broken row, what is wrong, and for a cut-back chain how much is gone. */
function Breaks({ breaks }: { breaks: Break[] }) {
  const { t } = useI18n();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {breaks.map((b) => (
        <li key={b.chain} data-testid="chain-break">
          {t('admin.audit.chainBreak', {
            chain: b.chainName ?? (b.chain === 'system' ? t('admin.audit.systemChain') : b.chain),
            seq: b.seq,
            id: b.id,
            reason: t(REASON[b.reason]),
            missing: b.missing ? t('admin.audit.chainMissing', { n: b.missing }) : '',
          })}
        </li>
      ))}
    </ul>
  );
}

/** Saves the seal as the file the auditor keeps outside the system. */
function download(seal: AuditSeal) {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(seal, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `zhongshu-audit-seal-${stamp(seal.sealedAt)}.json`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ScheduledCheck() {
  const { t } = useI18n();
  const status = useQuery({
    queryKey: [...keys.audit, 'checks'],
    queryFn: () => api.get<AuditCheckStatus>('/audit/checks/latest'),
  });
  const s = status.data;
  if (!s) return null;
  const last = s.last;
  const every = s.everyMinutes > 0 ? t('admin.audit.scheduledEvery', { m: s.everyMinutes }) : t('admin.audit.scheduledOff');
  const result = !last ? (
    t('admin.audit.scheduledNone')
  ) : last.ok ? (
    t('admin.audit.scheduledOk', { at: when(last.at), n: last.checked })
  ) : (
    <>
      {t('admin.audit.scheduledBroken', { at: when(last.at) })}
      <Breaks breaks={last.breaks} />
    </>
  );
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
  const [seal, setSeal] = useState<{ name: string; seal: KeptSeal } | null>(null);
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
      const parsed = JSON.parse(await file.text()) as KeptSeal;
      if (
        typeof parsed?.mac !== 'string' ||
        !(parsed.version === 1 ? typeof parsed.headId === 'number' : Array.isArray(parsed.heads))
      )
        throw new Error('not a seal');
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
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="chain-verify"
        >
          {seal ? t('admin.audit.verifyWithSeal') : t('admin.audit.verify')}
        </Button>
        <Upload accept=".json,application/json" showUploadList={false} maxCount={1} beforeUpload={(f) => pick(f)}>
          <Button icon={<UploadOutlined />} data-testid="chain-seal-pick">
            {t('admin.audit.sealPick')}
          </Button>
        </Upload>
        <Button
          icon={<CloudDownloadOutlined />}
          loading={exportSeal.isPending}
          onClick={() => exportSeal.mutate()}
          data-testid="chain-seal-export"
        >
          {t('admin.audit.exportSeal')}
        </Button>
      </Space>
      {seal && (
        <div style={{ marginTop: 8 }}>
          <Tag closable onClose={() => setSeal(null)}>
            {t('admin.audit.sealChosen', { name: seal.name, n: seal.seal.version === 1 ? 1 : seal.seal.heads.length })}
          </Tag>
        </div>
      )}
      {badFile && <Alert style={{ marginTop: 12 }} type="warning" showIcon role="alert" title={t('admin.audit.sealBadFile')} />}
      {exportSeal.data && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          role="status"
          title={t('admin.audit.sealExported', {
            chains: exportSeal.data.heads.length,
            n: exportSeal.data.heads.reduce((n, h) => n + h.seq, 0),
          })}
          description={t('admin.audit.exportSealHint')}
        />
      )}
      {r && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          role="status"
          data-testid="chain-result"
          type={r.breaks.length ? 'error' : 'success'}
          title={
            r.breaks.length
              ? t('admin.audit.chainBroken', { k: r.breaks.length, chains: r.chains, n: r.checked })
              : t('admin.audit.chainOk', { n: r.checked, chains: r.chains })
          }
          description={r.breaks.length ? <Breaks breaks={r.breaks} /> : undefined}
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
              ? t('admin.audit.sealOk', { n: r.seal.heads, at: when(r.seal.sealedAt) })
              : t('admin.audit.sealBroken', { at: when(r.seal.sealedAt) })
          }
          description={r.seal.ok ? undefined : <Breaks breaks={r.seal.problems} />}
        />
      )}
      {(verify.error || exportSeal.error) && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={te(verify.error ?? exportSeal.error)} />
      )}
      <ScheduledCheck />
    </Card>
  );
}

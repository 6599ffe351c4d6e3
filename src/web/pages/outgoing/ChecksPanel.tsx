import { useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Finding } from '../../../contract/outgoing-checks';
import { RULES } from '../../../contract/outgoing-checks';
import { useI18n } from '../../i18n';

const same = (a: Finding, b: Finding) => a.rule === b.rule && JSON.stringify(a.path ?? null) === JSON.stringify(b.path ?? null);
const describe = (rule: string) => RULES.find((r) => r.id === rule)?.description;

export interface Override {
  rule: string;
  path?: (string | number)[];
  reason: string;
  by: string;
  at: string;
}

/** Whether a warning was accepted with a reason: it is a finding that no longer blocks. */
const accepted = (f: Finding, blocking: Finding[]) => f.severity === 'warning' && !blocking.some((b) => same(b, f));

/** One line of the summary: nothing found, or how many errors and warnings stand in the way of 签发. */
export function ChecksSummary({ findings, blocking }: { findings: Finding[]; blocking: Finding[] }) {
  const { t } = useI18n();
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = blocking.filter((f) => f.severity === 'warning').length;
  const ok = findings.filter((f) => accepted(f, blocking)).length;
  if (!blocking.length) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="checks-summary"
        message={findings.length ? t('outgoing.checks.okAccepted', { n: ok }) : t('outgoing.checks.ok')}
      />
    );
  }
  return (
    <Alert
      type={errors ? 'error' : 'warning'}
      showIcon
      data-testid="checks-summary"
      message={t('outgoing.checks.blocking', { errors, warnings })}
    />
  );
}

/** 接受此警告: the reason is recorded with the draft, and the warning no longer holds up 签发. */
function OverrideDialog({
  itemId,
  finding,
  onClose,
  onDone,
}: {
  itemId: string;
  finding: Finding | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post(`/outgoing/${itemId}/overrides`, {
        rule: finding!.rule,
        ...(finding!.path ? { path: finding!.path } : {}),
        reason,
      }),
    onSuccess: async () => {
      message.success(t('outgoing.checks.overridden'));
      setReason('');
      onClose();
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Modal
      open={finding !== null}
      title={t('outgoing.checks.override')}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okText={t('outgoing.checks.override')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: reason.trim().length < 2, loading: save.isPending }}
    >
      {finding && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>
            <Tag color="orange">{finding.rule}</Tag>
            {finding.message}
          </Typography.Paragraph>
          <label htmlFor="override-reason">{t('outgoing.checks.overrideReason')}</label>
          <Input.TextArea
            id="override-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 3 }}
            maxLength={500}
          />
        </Space>
      )}
    </Modal>
  );
}

/**
 * The findings of 规范性审核, in the order of the document: each with its rule, what it says and where the rule
 * comes from. Choosing one moves the cursor to the field (when `onFocus` is given); a warning may be accepted
 * with a reason where `itemId` is given and the reader may do so.
 */
export function ChecksPanel({
  findings,
  blocking,
  overrides = [],
  loading,
  issues = [],
  onFocus,
  itemId,
  canOverride,
  onChanged,
  title,
  pending,
}: {
  findings: Finding[];
  blocking: Finding[];
  overrides?: Override[];
  loading?: boolean;
  /** Problems found before the server could check (a missing 文种 …). */
  issues?: string[];
  onFocus?: (path: Finding['path']) => void;
  itemId?: string;
  canOverride?: boolean;
  onChanged?: () => Promise<void>;
  title?: string;
  /** Nothing checked yet. */
  pending?: boolean;
}) {
  const { t } = useI18n();
  const [overriding, setOverriding] = useState<Finding | null>(null);
  const reasonOf = (f: Finding) =>
    overrides.find(
      (o) => o.rule === f.rule && (o.path === undefined || JSON.stringify(o.path) === JSON.stringify(f.path ?? null)),
    );
  return (
    <Card size="small" title={title ?? t('outgoing.checks.title')} extra={loading && <Spin size="small" />} data-testid="checks">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {issues.map((m) => (
          <Alert key={m} type="info" showIcon message={m} />
        ))}
        {!issues.length && (pending ? <Spin /> : <ChecksSummary findings={findings} blocking={blocking} />)}
        {findings.map((f, i) => {
          const ok = accepted(f, blocking);
          const o = ok ? reasonOf(f) : undefined;
          return (
            <div key={`${f.rule}-${i}`} className={`od-finding od-finding-${ok ? 'accepted' : f.severity}`} data-testid="finding">
              <div
                role={onFocus ? 'button' : undefined}
                tabIndex={onFocus ? 0 : undefined}
                className={onFocus ? 'od-finding-go' : undefined}
                onClick={() => onFocus?.(f.path)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onFocus?.(f.path))}
              >
                <Space size={4} wrap>
                  <Tag color={ok ? 'green' : f.severity === 'error' ? 'red' : 'orange'}>
                    {ok ? t('outgoing.checks.accepted') : t(`outgoing.severity.${f.severity}`)}
                  </Tag>
                  <Tooltip title={describe(f.rule)}>
                    <Typography.Text code>{f.rule}</Typography.Text>
                  </Tooltip>
                </Space>
                <div className="od-finding-message">{f.message}</div>
                <Typography.Text type="secondary" className="od-finding-source">
                  {t('outgoing.checks.source', { source: f.source })}
                </Typography.Text>
              </div>
              {o && (
                <Typography.Text type="secondary" className="od-finding-source">
                  <CheckCircleOutlined /> {t('outgoing.checks.acceptedBy', { reason: o.reason, by: o.by })}
                </Typography.Text>
              )}
              {!ok && f.severity === 'warning' && canOverride && itemId && (
                <Button size="small" type="link" onClick={() => setOverriding(f)} data-testid="override">
                  {t('outgoing.checks.override')}
                </Button>
              )}
            </div>
          );
        })}
      </Space>
      {itemId && (
        <OverrideDialog
          itemId={itemId}
          finding={overriding}
          onClose={() => setOverriding(null)}
          onDone={onChanged ?? (async () => undefined)}
        />
      )}
    </Card>
  );
}

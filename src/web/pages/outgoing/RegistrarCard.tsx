import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, MinusCircleOutlined, NumberOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { DocRegister, MyTask, OutgoingDetail } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { CLASSIFICATIONS } from '../../../contract/common';
import type { Finding } from '../../../contract/outgoing-checks';
import { TaskPanel } from '../../components/flow/TaskPanel';
import { formatTime } from '../../components/flow/FlowRecord';
import { outgoingKeys } from './queries';

export const useRegisters = () =>
  useQuery({
    queryKey: ['doc-registers'],
    queryFn: () => api.get<{ items: DocRegister[] }>('/doc-registers'),
    staleTime: 60_000,
  });

/** The registrar's consecutive steps after 签发 (条例 Art.25), in order; each is still a step of the flow. */
const STEPS = ['recheck', 'number', 'print', 'distribute'] as const;
type StepKey = (typeof STEPS)[number];
export const REGISTRAR_STEPS: readonly string[] = STEPS;
type Status = 'done' | 'current' | 'waiting';
const STATE_SECRETS: readonly string[] = CLASSIFICATIONS.slice(2);

interface NumberPreview {
  register: { id: string; name: string; code: string };
  docNo: string;
  held: 'reserved' | 'used' | null;
  blocking: Finding[];
}

type StepProps = { d: OutgoingDetail; task: MyTask; ownUnitId: string | null; onDone: () => Promise<void> };

/** 登记 (条例 Art.25(二)): the register the 文号 comes from, the copies to print, and a 文号 held in advance. */
function Registration({
  itemId,
  document,
  onDone,
}: {
  itemId: string;
  document: OutgoingDetail['document'];
  onDone: () => Promise<void>;
}) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const registers = useRegisters();
  const [registerId, setRegisterId] = useState<string | undefined>(document.register?.id);
  const [copies, setCopies] = useState<number>(document.copies);
  const save = useMutation({
    mutationFn: () => api.patch(`/outgoing/${itemId}/settings`, { ...(registerId ? { registerId } : {}), copies }),
    onSuccess: async () => {
      message.success(t('outgoing.settings.saved'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const reserve = useMutation({
    mutationFn: () => api.post<{ id: string; docNo: string }>(`/outgoing/${itemId}/reserve-number`),
    onSuccess: async (r) => {
      message.success(t('outgoing.settings.reserved', { docNo: r.docNo }));
      await qc.invalidateQueries({ queryKey: ['doc-numbers'] });
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const changed = registerId !== document.register?.id || copies !== document.copies;
  if (document.docNo) {
    return (
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('outgoing.settings.numbered', { docNo: document.docNo })}{' '}
        <Link to="/outgoing/registers">{t('outgoing.registers.title')}</Link>
      </Typography.Paragraph>
    );
  }
  return (
    <Form layout="vertical" onFinish={() => save.mutate()} style={{ marginBottom: 12 }} data-testid="registrar-settings">
      <Space wrap align="end">
        <Form.Item label={t('outgoing.settings.register')} htmlFor="od-register" style={{ marginBottom: 0 }}>
          <Select
            id="od-register"
            value={registerId}
            onChange={setRegisterId}
            style={{ minWidth: 220, maxWidth: 'calc(100vw - 64px)' }}
            loading={registers.isLoading}
            options={(registers.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `${r.unitName} · ${r.name}${t('common.paren', { x: r.example })}`,
            }))}
          />
        </Form.Item>
        <Form.Item label={t('outgoing.settings.copies')} htmlFor="od-copies" style={{ marginBottom: 0 }}>
          <InputNumber id="od-copies" min={1} max={100_000} value={copies} onChange={(v) => setCopies(v ?? 1)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!changed} loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button
          icon={<NumberOutlined />}
          onClick={() => reserve.mutate()}
          loading={reserve.isPending}
          disabled={!document.register}
          data-testid="reserve-number"
        >
          {t('outgoing.settings.reserve')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('outgoing.settings.hint')} <Link to="/outgoing/registers">{t('outgoing.registers.title')}</Link>
      </Typography.Paragraph>
    </Form>
  );
}

/** What 编号 would give, said to be a preview: the number is taken, gapless, only when the step is submitted. */
function useNumberPreview(d: OutgoingDetail, enabled: boolean) {
  return useQuery({
    queryKey: [...outgoingKeys.detail(d.item.id), 'number-preview', d.document.register?.id],
    queryFn: () => api.get<NumberPreview>(`/outgoing/${d.item.id}/number-preview`),
    enabled: enabled && Boolean(d.document.register) && !d.document.docNo,
    retry: false,
  });
}

function PreviewBox({ preview }: { preview: NumberPreview | undefined }) {
  const { t } = useI18n();
  if (!preview) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="number-preview"
      message={
        <span>
          {t('outgoing.preview.label')} <strong data-testid="number-preview-docno">{preview.docNo}</strong>
        </span>
      }
      description={preview.held ? t('outgoing.preview.held') : t('outgoing.preview.note')}
    />
  );
}

const blockingText = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.message}`).join(' ');

function NumberStep({ d, task, ownUnitId, onDone }: StepProps) {
  const { t } = useI18n();
  const preview = useNumberPreview(d, true);
  const blocking = preview.data?.blocking ?? [];
  const blockedBy = !d.document.register
    ? t('outgoing.preview.noRegister')
    : blocking.length
      ? t('outgoing.preview.blocked', { rules: blockingText(blocking) })
      : undefined;
  return (
    <TaskPanel
      embedded
      task={task}
      ownUnitId={ownUnitId}
      onDone={onDone}
      submitLabel={t('outgoing.registrar.action.number')}
      blockedBy={blockedBy}
    >
      <PreviewBox preview={preview.data} />
    </TaskPanel>
  );
}

const pad = (n: number) => String(n).padStart(6, '0');

/** 印制: 印数 and the 份号 range (GB/T 9704 §7.2.1: six digits; every 涉密 document carries them). */
function PrintStep({ d, task, ownUnitId, onDone }: StepProps) {
  const { t } = useI18n();
  const secret = STATE_SECRETS.includes(d.item.classification);
  const previous = d.document.print;
  const [count, setCount] = useState<number | null>(previous?.count ?? d.document.copies);
  const [from, setFrom] = useState(previous?.copyNoFrom ?? (secret ? (d.document.draft.copyNo ?? pad(1)) : ''));
  const [to, setTo] = useState(
    previous?.copyNoTo ?? (secret && count ? pad(Number(d.document.draft.copyNo ?? 1) + count - 1) : ''),
  );
  // The last number follows the first and the count, as the registrar would work it out.
  const follow = (first: string, n: number | null) => /^\d{6}$/.test(first) && n && setTo(pad(Number(first) + n - 1));
  const numbered = from !== '' || to !== '';
  const wellFormed = /^\d{6}$/.test(from) && /^\d{6}$/.test(to) && Number(from) >= 1 && Number(to) >= Number(from);
  const span = wellFormed ? Number(to) - Number(from) + 1 : 0;
  const blockedBy = !count
    ? t('outgoing.print.count')
    : secret && !numbered
      ? t('outgoing.print.copyNoRequired')
      : numbered && !wellFormed
        ? t('outgoing.print.copyNoFormat')
        : numbered && span !== count
          ? t('outgoing.print.mismatch', { n: span, count })
          : undefined;
  const send = (base: { version: number; opinion: string | null }) =>
    api.post(`/outgoing/${d.item.id}/print`, {
      version: base.version,
      opinion: base.opinion,
      printCount: count,
      copyNoFrom: numbered ? from : null,
      copyNoTo: numbered ? to : null,
    });
  return (
    <TaskPanel
      embedded
      task={task}
      ownUnitId={ownUnitId}
      onDone={onDone}
      send={send}
      blockedBy={blockedBy}
      submitLabel={t('outgoing.registrar.action.print')}
    >
      <Form layout="vertical" component={false}>
        <Space wrap align="start" style={{ marginBottom: 12 }} data-testid="print-fields">
          <Form.Item label={t('outgoing.print.count')} htmlFor="od-print-count" required style={{ marginBottom: 0 }}>
            <InputNumber
              id="od-print-count"
              min={1}
              max={100_000}
              precision={0}
              value={count}
              onChange={(v) => (setCount(v), follow(from, v))}
            />
          </Form.Item>
          <Form.Item
            label={t('outgoing.print.copyNoFrom')}
            htmlFor="od-copyno-from"
            required={secret}
            style={{ marginBottom: 0 }}
          >
            <Input
              id="od-copyno-from"
              value={from}
              maxLength={6}
              inputMode="numeric"
              style={{ width: 120 }}
              onChange={(e) => (setFrom(e.target.value.trim()), follow(e.target.value.trim(), count))}
            />
          </Form.Item>
          <Form.Item label={t('outgoing.print.copyNoTo')} htmlFor="od-copyno-to" required={secret} style={{ marginBottom: 0 }}>
            <Input
              id="od-copyno-to"
              value={to}
              maxLength={6}
              inputMode="numeric"
              style={{ width: 120 }}
              onChange={(e) => setTo(e.target.value.trim())}
            />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('outgoing.print.copyNoHint')}
        </Typography.Paragraph>
      </Form>
    </TaskPanel>
  );
}

function DistributeStep({ d, task, ownUnitId, onDone }: StepProps) {
  const { t } = useI18n();
  const units = [...d.document.draft.mainRecipients, ...d.document.draft.ccRecipients].map((r) => r.name).join(t('common.sep'));
  return (
    <TaskPanel embedded task={task} ownUnitId={ownUnitId} onDone={onDone} submitLabel={t('outgoing.registrar.action.distribute')}>
      {d.distribution ? (
        <DistributionPreview distribution={d.distribution} />
      ) : (
        units && <Typography.Paragraph>{t('outgoing.distribute.to', { units })}</Typography.Paragraph>
      )}
    </TaskPanel>
  );
}

export const printSummary = (print: NonNullable<OutgoingDetail['document']['print']>, t: ReturnType<typeof useI18n>['t']) =>
  [
    t('outgoing.print.summary', { count: print.count }),
    print.copyNoFrom && print.copyNoTo ? t('outgoing.print.range', { from: print.copyNoFrom, to: print.copyNoTo }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

const ICONS: Record<Status, ReactNode> = {
  done: <CheckCircleFilled style={{ color: 'var(--ant-color-success, #52c41a)' }} />,
  current: <ClockCircleOutlined style={{ color: 'var(--ant-color-primary, #1677ff)' }} />,
  waiting: <MinusCircleOutlined style={{ color: 'var(--ant-color-text-quaternary, #bfbfbf)' }} />,
};

/**
 * The registrar's page for what follows 签发: 登记 (register, copies, a number held in advance), then 复核 → 编号 →
 * 印制 → 核发 one under another, each done here without leaving the page. Every one is still a step of the flow
 * (its own time and person in the record); a step not open yet shows its button disabled, saying why.
 */
export function RegistrarCard({
  d,
  ownUnitId,
  onDone,
}: {
  d: OutgoingDetail;
  ownUnitId: string | null;
  onDone: () => Promise<void>;
}) {
  const { t, tv } = useI18n();
  const open = d.tasks.filter((x) => x.state === 'open' || x.state === 'waiting');
  const resigning = open.some((x) => x.stepKey === 'resign');
  const current =
    d.flow?.state === 'finished' ? STEPS.length : resigning ? 0 : STEPS.findIndex((k) => open.some((x) => x.stepKey === k));
  const nameOf = (k: string) => tv(d.flow?.steps.find((s) => s.key === k)?.name ?? k);
  const waitingPreview = useNumberPreview(d, current >= 0 && current < 1);

  const body = (k: StepKey, i: number): ReactNode => {
    const status: Status = current < 0 || i > current ? 'waiting' : i < current ? 'done' : 'current';
    if (status === 'done') {
      const last = d.tasks.filter((x) => x.stepKey === k && x.state === 'done').at(-1);
      const summary =
        k === 'number'
          ? d.document.docNo
          : k === 'print' && d.document.print
            ? printSummary(d.document.print, t)
            : k === 'distribute'
              ? t('outgoing.registrar.finished')
              : null;
      return (
        <Typography.Text type="secondary">
          {last && t('outgoing.registrar.done', { name: last.assignee, at: formatTime(last.completedAt) })}
          {summary && (
            <span data-testid={`reg-summary-${k}`}>
              {last ? ' · ' : ''}
              {summary}
            </span>
          )}
        </Typography.Text>
      );
    }
    if (status === 'current') {
      const task = d.myTasks.find((x) => x.stepKey === k);
      if (!task) {
        const names = [...new Set(open.filter((x) => x.stepKey === (resigning ? 'resign' : k)).map((x) => x.assignee))].join(
          t('common.sep'),
        );
        return (
          <Typography.Text type="secondary">
            {resigning ? t('outgoing.registrar.resigning') : t('outgoing.registrar.with', { names })}
          </Typography.Text>
        );
      }
      const props = { d, task, ownUnitId, onDone };
      if (k === 'number') return <NumberStep {...props} />;
      if (k === 'print') return <PrintStep key={task.id} {...props} />;
      if (k === 'distribute') return <DistributeStep {...props} />;
      return (
        <TaskPanel embedded {...props} submitLabel={t('outgoing.registrar.action.recheck')}>
          {d.document.changedSinceSigning && (
            <Alert type="warning" showIcon message={t('outgoing.recheck.changed')} style={{ marginBottom: 8 }} />
          )}
        </TaskPanel>
      );
    }
    const why =
      current < 0 ? t('outgoing.registrar.beforeSigning') : t('outgoing.registrar.after', { step: nameOf(STEPS[i - 1]!) });
    return (
      <>
        {k === 'number' && <PreviewBox preview={waitingPreview.data} />}
        <Space wrap>
          <Button disabled>{t(`outgoing.registrar.action.${k}` as MessageKey)}</Button>
          <Typography.Text type="secondary" data-testid="reg-why">
            {why}
          </Typography.Text>
        </Space>
      </>
    );
  };

  return (
    <Card size="small" title={t('outgoing.registrar.title')} data-testid="registrar-card">
      <Registration
        key={`${d.document.register?.id}-${d.document.copies}`}
        itemId={d.item.id}
        document={d.document}
        onDone={onDone}
      />
      <ol className="od-reg-steps">
        {STEPS.map((k, i) => {
          const status: Status = current < 0 || i > current ? 'waiting' : i < current ? 'done' : 'current';
          return (
            <li key={k} className={`od-reg-step od-reg-${status}`} data-testid={`reg-step-${k}`} data-status={status}>
              <div className="od-reg-head">
                {ICONS[status]}
                <strong>{nameOf(k)}</strong>
              </div>
              <div className="od-reg-body">{body(k, i)}</div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

/** At 核发: who the system will reach, and who it cannot (to be reached outside it and recorded afterwards). */
function DistributionPreview({ distribution }: { distribution: NonNullable<OutgoingDetail['distribution']> }) {
  const { t } = useI18n();
  const { inSystem, offline } = distribution;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="distribution-preview">
      <Alert
        type="info"
        showIcon
        message={t('outgoing.distribution.preview', { n: inSystem.length, names: inSystem.join(t('common.sep')) })}
      />
      {offline.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('outgoing.distribution.offline', { n: offline.length, names: offline.join(t('common.sep')) })}
        />
      )}
    </Space>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { MyTask } from '../../api/types';
import { hasMessage, useI18n, type MessageKey } from '../../i18n';
import { PersonPicker, UnitsPicker, type SuggestedPeople, type UnitChoice } from './pickers';
import { PhraseSelect } from './PhraseSelect';
import { HandOver } from './HandOver';
import { ExtensionApproval, HolderActions } from './FollowUps';
import { WeekendsOnlyTag } from '../calendar-coverage';

interface TaskPanelProps {
  task: MyTask;
  ownUnitId: string | null;
  /** Called after the task was submitted, returned or read, to refresh what the page shows. */
  onDone: () => Promise<void>;
  /** Whether the units chosen for the next step are lead and assisting (分办) or all alike (会商). */
  unitRoles?: boolean;
  /** The submit button's text, when the step has a name of its own (签发). */
  submitLabel?: string;
  /** A large full-width submit button: the one thing to do on a phone. */
  prominent?: boolean;
  /** What a refusal says beyond its message (e.g. the findings that block 签发). */
  describeError?: (error: unknown) => ReactNode;
  /** Shown above the form, e.g. a summary of what the step must check. */
  children?: ReactNode;
  /** Without its own card and title: a step inside a card that shows several (the registrar's steps). */
  embedded?: boolean;
  /** Submits through a module's own endpoint, for a step that records data of its own (印制). */
  send?: (base: { version: number; opinion: string | null; decision: string | null }) => Promise<unknown>;
  /** Why the step cannot be submitted yet: the button is disabled and this is said beside it. */
  blockedBy?: ReactNode;
  /** People to offer first when the next step is `step` (and to fill in while nobody is chosen), with a note. */
  suggest?: SuggestedPeople & { step: string; note?: ReactNode };
  /**
   * The units the next step goes to when the module fixes them (a 议题 is submitted to its own office): no picker, the
   * note says where it goes, and the server still checks.
   */
  fixedUnits?: { step: string; units: UnitChoice[]; note: ReactNode };
}

/** The form for one of the reader's open tasks: decision, opinion, who acts next; or return it. */
export function TaskPanel({
  task,
  ownUnitId,
  onDone,
  unitRoles = true,
  submitLabel,
  prominent,
  describeError,
  children,
  embedded,
  send,
  blockedBy,
  suggest,
  fixedUnits,
}: TaskPanelProps) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const [opinion, setOpinion] = useState('');
  const [decision, setDecision] = useState<string | undefined>();
  const [people, setPeople] = useState<string[]>([]);
  const [units, setUnits] = useState<UnitChoice[]>([]);
  const [returnTo, setReturnTo] = useState<string | undefined>(task.returnTo[0]?.key);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const next = task.next ? (task.decisions ? (decision ? task.next[decision] : undefined) : task.next['_']) : undefined;
  // An opinion kind's label is `flow.opinion.<kind>`, the shell's or its module's (督办's 办结报告); else 意见.
  const kindLabel = `flow.opinion.${task.opinionKind ?? 'opinion'}`;
  const opinionLabel: MessageKey = hasMessage(kindLabel) ? kindLabel : 'flow.opinion.opinion';
  const suggesting = suggest && next?.step === suggest.step ? suggest : undefined;
  const fixed = fixedUnits && next?.step === fixedUnits.step && next.choose === 'units' ? fixedUnits : undefined;
  const suggestedIds = suggesting?.people.map((p) => p.id).join(',') ?? '';
  useEffect(() => {
    // Choosing the step that has a suggestion fills it in; the person handling the task may still change it.
    if (suggestedIds) setPeople((p) => (p.length ? p : suggestedIds.split(',')));
  }, [suggestedIds]);

  const failed = (e: unknown) => {
    setRefusal(e);
    message.error(te(e));
  };
  const submit = useMutation({
    mutationFn: () => {
      if (task.kind === 'read' && !task.decisions)
        return api.post(`/tasks/${task.id}/read`, { comment: opinion || null, version: task.version });
      if (send) return send({ version: task.version, opinion: opinion || null, decision: decision ?? null });
      const choice =
        next?.choose === 'units' ? { units: fixed?.units ?? units } : next?.choose ? { personIds: people } : undefined;
      return api.post(`/tasks/${task.id}/submit`, {
        version: task.version,
        opinion: opinion || null,
        decision: decision ?? null,
        ...(choice ? { next: choice } : {}),
      });
    },
    onSuccess: async () => {
      setRefusal(null);
      message.success(t('flow.submitted'));
      await onDone();
    },
    onError: failed,
  });
  const back = useMutation({
    mutationFn: () => api.post(`/tasks/${task.id}/return`, { version: task.version, toStep: returnTo, reason }),
    onSuccess: async () => {
      setRefusal(null);
      message.success(t('flow.returned'));
      await onDone();
    },
    onError: failed,
  });

  // A 延期审批 待办 is decided on its own card, not submitted.
  if (task.approval) return <ExtensionApproval task={task} onDone={onDone} />;
  const isRead = task.kind === 'read';
  const detail = refusal ? describeError?.(refusal) : null;
  const testId = `task-${task.stepKey ?? 'circulation'}`;
  const due = task.dueDate && (
    <Typography.Text type="secondary">
      {t('flow.task.due', { date: task.dueDate })}
      <WeekendsOnlyTag years={task.dueMissingYears} />
    </Typography.Text>
  );
  const body = (
    <>
      {embedded && due && <div style={{ marginBottom: 8 }}>{due}</div>}
      {task.onBehalfOf && (
        <Alert type="info" showIcon message={t('flow.task.onBehalfOf', { name: task.onBehalfOf })} style={{ marginBottom: 12 }} />
      )}
      {children}
      <Form layout="vertical" onFinish={() => submit.mutate()}>
        {task.decisions && (
          <Form.Item label={t('flow.task.decision')} required>
            <Radio.Group
              value={decision}
              onChange={(e) => setDecision(e.target.value as string)}
              options={Object.entries(task.decisions).map(([k, v]) => ({ value: k, label: tv(v) }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t(opinionLabel)} required={task.opinionRequired} htmlFor={`opinion-${task.id}`}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <PhraseSelect kind={task.opinionKind ?? 'opinion'} onPick={(p) => setOpinion((o) => (o ? `${o}${p}` : p))} />
            <Input.TextArea
              id={`opinion-${task.id}`}
              value={opinion}
              onChange={(e) => setOpinion(e.target.value)}
              autoSize={{ minRows: 3 }}
              maxLength={2000}
            />
          </Space>
        </Form.Item>
        {next?.choose && (
          <Form.Item label={t('flow.task.next', { step: tv(next.name) })} required>
            {fixed ? (
              <Typography.Text data-testid="task-fixed-units">{fixed.note}</Typography.Text>
            ) : next.choose === 'units' ? (
              <UnitsPicker value={units} onChange={setUnits} ownUnitId={ownUnitId} roles={unitRoles} />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {suggesting?.note}
                <PersonPicker
                  value={people}
                  onChange={setPeople}
                  multiple={next.mode !== 'single'}
                  leadersOnly={next.choose === 'leaders'}
                  suggested={suggesting?.people ?? next.suggested}
                  suggestedLabel={suggesting?.label}
                />
              </Space>
            )}
          </Form.Item>
        )}
        {detail && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={te(refusal)}
            description={detail}
            data-testid="task-refused"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={submit.isPending}
          size={prominent ? 'large' : 'middle'}
          block={prominent}
          disabled={Boolean(blockedBy)}
        >
          {submitLabel ?? (isRead ? t('workbench.markRead') : t('flow.task.submit'))}
        </Button>
        {blockedBy && (
          <Typography.Text type="warning" style={{ marginInlineStart: 12 }} data-testid="task-blocked">
            {blockedBy}
          </Typography.Text>
        )}
      </Form>
      {task.handover && (
        <div style={{ marginTop: 12 }}>
          <HandOver task={task} onDone={onDone} />
        </div>
      )}
      <HolderActions task={task} onDone={onDone} />
      {task.returnTo.length > 0 && (
        <Space wrap style={{ marginTop: 12 }}>
          <Select
            aria-label={t('flow.task.returnTo')}
            value={returnTo}
            onChange={setReturnTo}
            options={task.returnTo.map((r) => ({ value: r.key, label: tv(r.name) }))}
            style={{ minWidth: 100 }}
          />
          <Input
            aria-label={t('flow.task.reason')}
            placeholder={t('flow.task.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ minWidth: 200 }}
          />
          <Button
            icon={<RollbackOutlined />}
            danger
            loading={back.isPending}
            disabled={!reason.trim()}
            onClick={() => back.mutate()}
          >
            {t('flow.task.return')}
          </Button>
        </Space>
      )}
    </>
  );
  if (embedded) return <div data-testid={testId}>{body}</div>;
  return (
    <Card
      size="small"
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {t(isRead ? 'flow.task.titleRead' : 'flow.task.title', { step: tv(task.step) })}
        </span>
      }
      data-testid={testId}
      extra={due}
    >
      {body}
    </Card>
  );
}

import { useState } from 'react';
import { App, Button, Card, Descriptions, Grid, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { TaskPanel } from '../../components/flow/TaskPanel';
import { HistoryCard, ItemLinks, OpinionsCard } from '../../components/flow/FlowRecord';
import { ItemFiles } from '../../components/ItemFiles';
import { useTopic, type TopicDetail } from './queries';
import { TopicAmend } from './TopicAmend';
import { TopicMaterialsPanel } from './materials/MaterialsPanel';
import { LoadError } from '../../components/LoadError';

/** 签收 of a topic submitted to the reader's office: the 初审 task opens in their hands. */
function ReceiveCard({ topic, dispatchId, onDone }: { topic: TopicDetail; dispatchId: string; onDone: () => Promise<void> }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const accept = useMutation({
    mutationFn: () => api.post(`/meeting-topics/${topic.itemId}/receipts/${dispatchId}/accept`, {}),
    onSuccess: async () => {
      message.success(t('meetings.topic.received'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <Card size="small" title={t('meetings.topic.receiveTitle')} data-testid="topic-receive">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('meetings.topic.receiveText', { unit: topic.proposer.name })}</Typography.Text>
        <Button type="primary" size="large" block loading={accept.isPending} onClick={() => accept.mutate()}>
          {t('meetings.topic.receive')}
        </Button>
      </Space>
    </Card>
  );
}

/** 撤回 by the proposing unit, with its reason. */
function WithdrawButton({ topic, onDone }: { topic: TopicDetail; onDone: () => Promise<void> }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => api.post(`/meeting-topics/${topic.itemId}/withdraw`, { reason }),
    onSuccess: async () => {
      setOpen(false);
      message.success(t('meetings.topic.withdrawn'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="topic-withdraw">
        {t('meetings.topic.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('meetings.topic.withdraw')}
        onCancel={() => setOpen(false)}
        onOk={() => withdraw.mutate()}
        okButtonProps={{ disabled: !reason.trim(), loading: withdraw.isPending, danger: true }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('meetings.topic.withdrawReason')}
          maxLength={500}
          data-testid="topic-withdraw-reason"
        />
      </Modal>
    </>
  );
}

/**
 * 议题: the 提报表 as submitted, where it stands, the reader's own step in its procedure (审签, 会商, 合法性审查, 分管领导
 * 审核 — which submits it to its office —, 初审, 秘书长审核), the 签收 of a submission, its opinions and history.
 */
export function TopicPage() {
  const { id = '' } = useParams();
  const { t, tv } = useI18n();
  const me = useMe();
  const q = useTopic(id);
  const qc = useQueryClient();
  const mobile = Grid.useBreakpoint().md === false;
  const refresh = () => qc.invalidateQueries({ queryKey: ['meetings'] });
  if (q.isLoading) return <Spin />;
  if (q.error) return <LoadError error={q.error} testId="topic-error" />;
  const s = q.data!;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const refusal = s.refusal ? t(`meetings.topic.refusal.${s.refusal}`) : null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {s.myReceipts.map((d) => (
        <ReceiveCard key={d} topic={s} dispatchId={d} onDone={refresh} />
      ))}
      {s.mayAmend && <TopicAmend topic={s} />}
      {s.myTasks.map((task) => (
        <TaskPanel
          key={task.id}
          task={task}
          ownUnitId={ownUnitId}
          onDone={refresh}
          prominent
          unitRoles={false}
          fixedUnits={{
            step: 'screen',
            units: [{ unitId: s.office.id, role: 'assisting' }],
            note: t('meetings.topic.submitTo', { office: s.office.name }),
          }}
        />
      ))}
      <Card
        title={
          <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
            {s.registryNo && <span data-testid="registry-no">{s.registryNo}</span>}
            <span>{s.title}</span>
            <Tag data-testid="topic-state">{tv(s.state)}</Tag>
          </Space>
        }
        extra={s.mayWithdraw && !mobile ? <WithdrawButton topic={s} onDone={refresh} /> : undefined}
      >
        {s.mayWithdraw && mobile && (
          <div style={{ marginBottom: 12 }}>
            <WithdrawButton topic={s} onDone={refresh} />
          </div>
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          layout={mobile ? 'vertical' : 'horizontal'}
          bordered
          data-testid="topic-fields"
        >
          <Descriptions.Item label={t('meetings.topic.proposer')}>{s.proposer.name}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.office')}>{s.office.name}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.kind')}>{tv(s.meetingKindName)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.classification')}>{tv(s.classification)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.flags')} span={2}>
            <Space size={4} wrap>
              {s.majorDecision && <Tag color="volcano">{t('meetings.topic.majorDecision')}</Tag>}
              {s.appointments && <Tag color="purple">{t('meetings.topic.appointments')}</Tag>}
              {s.legalityStartedOn && <Tag>{t('meetings.topic.legalityStarted', { date: s.legalityStartedOn })}</Tag>}
              {!s.majorDecision && !s.appointments && '—'}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.question')} span={2}>
            {s.question}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.situation')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.situation}</Typography.Paragraph>
          </Descriptions.Item>
          {s.suggestedSitIns && (
            <Descriptions.Item label={t('meetings.topic.sitIns')} span={2}>
              {s.suggestedSitIns}
            </Descriptions.Item>
          )}
          {(refusal || s.returnedReason) && (
            <Descriptions.Item label={t('meetings.topic.returned')} span={2}>
              <span data-testid="topic-returned">{[refusal, s.returnedReason].filter(Boolean).join(t('common.sep'))}</span>
            </Descriptions.Item>
          )}
          {s.withdrawnReason && (
            <Descriptions.Item label={t('meetings.topic.withdrawnReason')} span={2}>
              {s.withdrawnReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {/* The proposal's attachments (legality opinion, studies, consultation record), added by whoever works on it. */}
      <ItemFiles
        itemId={s.itemId}
        classification={s.classification}
        canAdd={s.myTasks.some((x) => x.kind === 'do') || s.createdBy === me.personId}
      />
      <TopicMaterialsPanel topicId={s.itemId} classification={s.classification} />
      <ItemLinks links={s.links} />
      <OpinionsCard opinions={s.opinions} item={{ id: s.itemId, kind: 'meetings' }} />
      <HistoryCard tasks={s.tasks} onChanged={refresh} />
    </Space>
  );
}

import { useState } from 'react';
import { Alert, App, Button, Card, Input, List, Popconfirm, Select, Space, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { uploadFile } from '../../../components/ItemFiles';
import { CLASSIFICATIONS, type Classification } from '../../../../contract/common';
import { useMaterials, useMeetingPolicyRecord, useTopicMaterials, type Material } from './queries';

const rankOf = (c: Classification) => CLASSIFICATIONS.indexOf(c);

/**
 * Refreshes the materials and the item's files only: invalidating every 'meetings' query would send ItemPage's topic
 * probe back to loading and remount the page, losing what the form holds.
 */
const refreshMaterials = (qc: QueryClient) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: ['meetings', 'materials'] }),
    qc.invalidateQueries({ queryKey: ['meetings', 'topic-materials'] }),
    qc.invalidateQueries({ queryKey: ['item-files'] }),
  ]);

/** One material: its title, 密级, topic, who sent it and when, and whether it was late or is distributed. */
function MaterialItem({ meetingId, mt, showTopic }: { meetingId: string; mt: Material; showTopic: boolean }) {
  const { t, tv } = useI18n();
  // Through the module's own route: a material is not among the meeting's files (distribution, numbered copies).
  return (
    <List.Item
      data-testid="material"
      actions={
        mt.mayDownload
          ? [
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                href={`/api/v1/meetings/${meetingId}/materials/${mt.id}/content`}
                aria-label={t('meetings.materials.download', { name: mt.fileName })}
              />,
            ]
          : []
      }
    >
      <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
        <Space wrap size={4}>
          <Typography.Text strong style={{ wordBreak: 'break-all' }}>
            {mt.title}
          </Typography.Text>
          {mt.classification !== CLASSIFICATIONS[0] && <Tag color="red">{tv(mt.classification)}</Tag>}
          {mt.late && (
            <Tag color="error" data-testid="material-late">
              {t('meetings.materials.late')}
            </Tag>
          )}
          <Tag color={mt.distributedAt ? 'green' : 'default'}>
            {t(mt.distributedAt ? 'meetings.materials.distributed' : 'meetings.materials.undistributed')}
          </Tag>
          {mt.numberedCopies && <Tag color="purple">{t('meetings.materials.numbered')}</Tag>}
        </Space>
        {mt.numberedCopies && !mt.mayDownload && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="material-sign-to-read">
            {t('meetings.materials.signToRead')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {showTopic && (mt.topic ? `${mt.topic.title} · ` : `${t('meetings.materials.whole')} · `)}
          {t('meetings.materials.by', {
            unit: mt.submittedByUnit.name,
            name: mt.submittedBy.name,
            at: dayjs(mt.submittedAt).format('YYYY-MM-DD HH:mm'),
          })}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** The submission form: title, topic (or the whole meeting), 密级 up to the meeting's; the file picked submits it. */
function AddMaterial({
  meetingId,
  ceiling,
  topics,
  fixedTopic,
}: {
  meetingId: string;
  ceiling: Classification;
  topics: { id: string; title: string }[];
  fixedTopic?: string;
}) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [topic, setTopic] = useState<string | null>(fixedTopic ?? null);
  const [classification, setClassification] = useState<Classification>(CLASSIFICATIONS[0]);
  const [busy, setBusy] = useState(false);
  const submit = async (file: File) => {
    if (!title.trim()) return void message.warning(t('meetings.materials.nameFirst'));
    setBusy(true);
    try {
      const fileId = await uploadFile(file, classification);
      const r = await api.post<{ late: boolean }>(`/meetings/${meetingId}/materials`, {
        title: title.trim(),
        fileId,
        topicItemId: topic,
      });
      message.success(t(r.late ? 'meetings.materials.addedLate' : 'meetings.materials.added'));
      setTitle('');
      await refreshMaterials(qc);
    } catch (e) {
      message.error(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap style={{ width: '100%' }} data-testid="material-form">
      <Input
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder={t('meetings.materials.name')}
        maxLength={200}
        style={{ width: 260, maxWidth: '100%' }}
        data-testid="material-title"
      />
      {!fixedTopic && (
        <Select
          value={topic ?? ''}
          onChange={(v) => setTopic(v || null)}
          options={[{ value: '', label: t('meetings.materials.whole') }, ...topics.map((x) => ({ value: x.id, label: x.title }))]}
          style={{ width: 260, maxWidth: '100%' }}
          aria-label={t('meetings.materials.topic')}
        />
      )}
      <Select
        value={classification}
        onChange={setClassification}
        options={CLASSIFICATIONS.filter((c) => rankOf(c) <= rankOf(ceiling)).map((c) => ({ value: c, label: tv(c) }))}
        style={{ width: 110 }}
        aria-label={t('meetings.materials.classification')}
        data-testid="material-classification"
      />
      <Upload showUploadList={false} beforeUpload={(f) => (void submit(f), false)} disabled={busy}>
        <Button icon={<UploadOutlined />} loading={busy} type="primary" data-testid="material-upload">
          {t('meetings.materials.choose')}
        </Button>
      </Upload>
    </Space>
  );
}

/** 会议材料 on the meeting's page: the deadline, each material (逾期 flagged), the form, and the office's 分发. */
export function MaterialsPanel({ meetingId, classification }: { meetingId: string; classification: Classification }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useMaterials(meetingId);
  const distribute = useMutation({
    mutationFn: () => api.post<{ distributed: number }>(`/meetings/${meetingId}/materials/distribute`),
    onSuccess: async (r) => {
      message.success(t('meetings.materials.distributedDone', { n: r.distributed }));
      await refreshMaterials(qc);
    },
    onError: (e) => void message.error(te(e)),
  });
  const d = q.data;
  const pending = d?.items.some((x) => !x.distributedAt) ?? false;
  return (
    <Card
      size="small"
      title={t('meetings.materials.title')}
      extra={
        d && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('meetings.materials.due', { date: d.dueOn, days: d.beforeDays })}
          </Typography.Text>
        )
      }
      data-testid="materials"
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {d?.mayAdd && <AddMaterial meetingId={meetingId} ceiling={classification} topics={d.topics} />}
        <List
          size="small"
          loading={q.isLoading}
          locale={{ emptyText: t('meetings.materials.empty') }}
          dataSource={d?.items ?? []}
          renderItem={(mt) => <MaterialItem meetingId={meetingId} mt={mt} showTopic />}
        />
        {d?.mayManage && pending && (
          <Popconfirm title={t('meetings.materials.distributeConfirm')} onConfirm={() => distribute.mutate()}>
            <Button icon={<SendOutlined />} loading={distribute.isPending} data-testid="materials-distribute">
              {t('meetings.materials.distribute')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Card>
  );
}

/** On a topic's page, for its unit: the meeting it is on, and the materials it sent for it. */
export function TopicMaterialsPanel({ topicId, classification }: { topicId: string; classification: Classification }) {
  const { t } = useI18n();
  const q = useTopicMaterials(topicId);
  const d = q.data;
  if (!d?.meeting) return null;
  const meetingId = d.meeting.id;
  return (
    <Card
      size="small"
      title={t('meetings.materials.title')}
      extra={
        d.dueOn && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.dueOn}
          </Typography.Text>
        )
      }
      data-testid="topic-materials"
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>
          {t('meetings.materials.forMeeting', { title: '' })}
          <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
        </Typography.Text>
        {d.mayAdd && <AddMaterial meetingId={d.meeting.id} ceiling={classification} topics={[]} fixedTopic={topicId} />}
        <List
          size="small"
          locale={{ emptyText: t('meetings.materials.empty') }}
          dataSource={d.items}
          renderItem={(mt) => <MaterialItem meetingId={meetingId} mt={mt} showTopic={false} />}
        />
      </Space>
    </Card>
  );
}

/** What the meeting was planned over (精文减会) and why; agenda topics over the speech limit. */
export function PolicyNote({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const q = useMeetingPolicyRecord(meetingId);
  const o = q.data?.override;
  const agenda = q.data?.agendaWarnings ?? [];
  if (!o && !agenda.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="policy-note"
      title={t('meetings.policy.override')}
      description={
        <Space orientation="vertical" size={2}>
          {[...(o?.warnings ?? []), ...agenda].map((w) => (
            <span key={w}>{w}</span>
          ))}
          {o && (
            <Typography.Text strong>
              {t('meetings.policy.overrideBy', {
                name: o.recordedBy,
                at: dayjs(o.recordedAt).format('YYYY-MM-DD HH:mm'),
                reason: o.reason,
              })}
            </Typography.Text>
          )}
        </Space>
      }
    />
  );
}

import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../../api/client';
import { useI18n, type MessageKey } from '../../../i18n';
import { TOPIC_RESULTS, type TopicResult } from '../../../../contract/meetings-minutes';
import { useMeetingDecisions, useMeetingRecord, type MeetingRecord } from './queries';
type TopicRecord = MeetingRecord['topics'][number];
type Speech = TopicRecord['speeches'][number];

const RESULT_COLORS: Record<TopicResult, string> = {
  passed: 'green',
  passedInPrinciple: 'cyan',
  rejected: 'red',
  restudy: 'orange',
  deferred: 'default',
};

const resultKey = (r: TopicResult) => `meetings.record.result.${r}` as MessageKey;

/** One topic's record: read, or written by a recorder (result, main proceedings, speeches with differing opinions). */
function TopicRecordCard({
  meetingId,
  topic,
  mayWrite,
  n,
}: {
  meetingId: string;
  topic: TopicRecord;
  mayWrite: boolean;
  n: number;
}) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [result, setResult] = useState<TopicResult | undefined>(topic.result ?? undefined);
  const [summary, setSummary] = useState(topic.summary);
  const [speeches, setSpeeches] = useState<Speech[]>(topic.speeches);
  const save = useMutation({
    mutationFn: () =>
      api.put(`/meetings/${meetingId}/record/${topic.topicItemId}`, {
        result,
        summary,
        speeches: speeches.filter((s) => s.speaker.trim() || s.content.trim()),
      }),
    onSuccess: async () => {
      message.success(t('meetings.record.saved'));
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
  const set = (i: number, patch: Partial<Speech>) => setSpeeches(speeches.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const heading = (
    <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
      <span>
        {n}. {topic.title}
      </span>
      {topic.result ? (
        <Tag color={RESULT_COLORS[topic.result]} data-testid="record-result">
          {t(resultKey(topic.result))}
        </Tag>
      ) : (
        <Tag>{t('meetings.record.noResult')}</Tag>
      )}
    </Space>
  );
  if (!mayWrite)
    return (
      <Card size="small" title={heading} data-testid="record-topic">
        {topic.summary && <Typography.Paragraph>{topic.summary}</Typography.Paragraph>}
        {topic.speeches.map((s, i) => (
          <Typography.Paragraph key={i} style={{ marginBottom: 4 }}>
            <Typography.Text strong>{t('meetings.record.said', { speaker: s.speaker })}</Typography.Text>
            {s.content}
            {s.dissent && (
              <Tag color="volcano" style={{ marginInlineStart: 8 }}>
                {t('meetings.record.dissent')}
              </Tag>
            )}
          </Typography.Paragraph>
        ))}
        {topic.recordedBy && (
          <Typography.Text type="secondary">
            {t('meetings.record.by', { name: topic.recordedBy, at: dayjs(topic.recordedAt).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        )}
      </Card>
    );
  return (
    <Card size="small" title={heading} data-testid="record-topic">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Select<TopicResult>
          value={result}
          onChange={setResult}
          placeholder={t('meetings.record.pickResult')}
          options={TOPIC_RESULTS.map((r) => ({ value: r, label: t(resultKey(r)) }))}
          style={{ width: '100%', maxWidth: 240 }}
          aria-label={t('meetings.record.result')}
          data-testid="record-result-pick"
        />
        <Input.TextArea
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          placeholder={t('meetings.record.summaryHint')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          aria-label={t('meetings.record.summary')}
          data-testid="record-summary"
        />
        <Typography.Text strong>{t('meetings.record.speeches')}</Typography.Text>
        {speeches.map((s, i) => (
          <Space key={i} orientation="vertical" size={4} style={{ width: '100%' }} data-testid="record-speech">
            <Space wrap>
              <Input
                value={s.speaker}
                onChange={(e) => set(i, { speaker: e.target.value })}
                placeholder={t('meetings.record.speaker')}
                style={{ width: 160 }}
                data-testid="record-speaker"
              />
              <Checkbox checked={s.dissent} onChange={(e) => set(i, { dissent: e.target.checked })} data-testid="record-dissent">
                {t('meetings.record.dissent')}
              </Checkbox>
              <Button size="small" onClick={() => setSpeeches(speeches.filter((_, j) => j !== i))}>
                {t('meetings.record.removeSpeech')}
              </Button>
            </Space>
            <Input.TextArea
              value={s.content}
              onChange={(e) => set(i, { content: e.target.value })}
              placeholder={t('meetings.record.content')}
              autoSize={{ minRows: 1, maxRows: 6 }}
              data-testid="record-content"
            />
          </Space>
        ))}
        <Space wrap>
          <Button
            onClick={() => setSpeeches([...speeches, { speaker: '', content: '', dissent: false }])}
            data-testid="record-add-speech"
          >
            {t('meetings.record.addSpeech')}
          </Button>
          <Button
            type="primary"
            disabled={!result}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="record-save"
          >
            {t('meetings.record.save')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

/** 会议记录 on the meeting's page, for those who read it (recorders, chair, secretary-general); nothing for others. */
export function RecordPanel({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const readable = useMeetingDecisions(meetingId).data?.mayReadRecord ?? false;
  const q = useMeetingRecord(meetingId, readable);
  if (!readable || !q.data) return null;
  const r = q.data;
  return (
    <Card title={t('meetings.record.title')} size="small" data-testid="record-panel">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('meetings.record.restricted')} />
        {r.topics.map((topic, i) => (
          <TopicRecordCard
            // A saved record comes back from the server: the form starts again from it.
            key={`${topic.topicItemId}-${topic.recordedAt ?? ''}-${r.mayWrite}`}
            meetingId={meetingId}
            topic={topic}
            mayWrite={r.mayWrite}
            n={i + 1}
          />
        ))}
      </Space>
    </Card>
  );
}

import { App, Button, Card, Descriptions, Grid, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useMe } from '../../auth';
import { useI18n, type MessageKey } from '../../i18n';
import { TaskPanel } from '../../components/flow/TaskPanel';
import { HistoryCard, OpinionsCard } from '../../components/flow/FlowRecord';
import { ItemFiles } from '../../components/ItemFiles';
import { useMeeting, type MeetingDetail } from './queries';
import { AddTopic, SlotCell } from './AgendaAdd';
import { MeetingRoomLine } from './MeetingRoom';
import { NoticePanel } from './NoticePanel';
import { CheckInPanel } from './checkin/CheckInPanel';
import { RecordPanel } from './minutes/RecordPanel';
import { DecisionsPanel } from './minutes/DecisionsPanel';
import { MaterialsPanel, PolicyNote } from './materials/MaterialsPanel';
import { HandoutsPanel } from './materials/HandoutsPanel';
import { LoadError } from '../../components/LoadError';
import { CancelledBanner, PlanChangeActions } from './PlanChange';

type AgendaRow = MeetingDetail['agenda'][number];

/** A mutation of the agenda that refreshes the page and says what went wrong in the server's words. */
function useAgendaAct<T>(fn: (arg: T) => Promise<unknown>, done: MessageKey) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      message.success(t(done));
      await qc.invalidateQueries({ queryKey: ['meetings'] });
    },
    onError: (e) => void message.error(te(e)),
  });
}

/** The agenda in order: each topic, who reports it, and — for one asked after fixing — the chair's decision. */
function Agenda({ m }: { m: MeetingDetail }) {
  const { t } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const remove = useAgendaAct((id: string) => api.delete(`/meetings/${m.itemId}/agenda/${id}`), 'meetings.agenda.removed');
  const decide = useAgendaAct(
    ({ id, approve }: { id: string; approve: boolean }) => api.post(`/meetings/${m.itemId}/agenda/${id}/decide`, { approve }),
    'meetings.agenda.decided',
  );
  const state = (a: AgendaRow) =>
    a.state === 'pending' ? (
      <Tag color="orange">{t('meetings.agenda.pending', { name: a.requestedBy ?? '' })}</Tag>
    ) : a.state === 'refused' ? (
      <Tag>{t('meetings.agenda.refused')}</Tag>
    ) : a.state === 'released' ? (
      <Tag>{t('meetings.agenda.released')}</Tag>
    ) : null;
  const actions = (a: AgendaRow) => (
    <Space size={4} wrap>
      {m.isChair && a.state === 'pending' && (
        <>
          <Button
            size="small"
            type="primary"
            onClick={() => decide.mutate({ id: a.id, approve: true })}
            data-testid="agenda-approve"
          >
            {t('meetings.agenda.approve')}
          </Button>
          <Button size="small" onClick={() => decide.mutate({ id: a.id, approve: false })}>
            {t('meetings.agenda.refuse')}
          </Button>
        </>
      )}
      {m.mayPlan && ((m.stateKey === 'plan' && a.state === 'planned') || a.state === 'pending') && (
        <Popconfirm title={t('meetings.agenda.removeConfirm')} onConfirm={() => remove.mutate(a.id)}>
          <Button size="small" danger>
            {t('meetings.agenda.remove')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
  const title = (a: AgendaRow) => (
    <Space size={4} wrap>
      <Link to={`/meetings/${a.topicItemId}`}>{a.title}</Link>
      {a.majorDecision && <Tag color="volcano">{t('meetings.topic.major')}</Tag>}
      {a.appointments && <Tag color="purple">{t('meetings.topic.appointments')}</Tag>}
      {state(a)}
    </Space>
  );
  const rows = m.agenda.filter((a) => a.state !== 'refused');
  // The office and the chair change a slot until the meeting starts (the server holds the rule).
  const mayEdit = (m.mayPlan || m.isChair) && dayjs(m.startsAt).isAfter(dayjs());
  const slot = (a: AgendaRow) => <SlotCell key={`${a.id}-${a.minutes}`} m={m} a={a} editable={mayEdit} />;
  return mobile ? (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="agenda">
      {rows.map((a, i) => (
        <Card key={a.id} size="small">
          <Space orientation="vertical" size={4}>
            <span>
              {i + 1}. {title(a)}
            </span>
            <Typography.Text type="secondary">{[a.registryNo, a.reportingUnit].filter(Boolean).join(' · ')}</Typography.Text>
            <Space size={4}>
              <Typography.Text type="secondary">{t('meetings.agenda.slot')}</Typography.Text>
              {slot(a)}
            </Space>
            {actions(a)}
          </Space>
        </Card>
      ))}
    </Space>
  ) : (
    <Table<AgendaRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="agenda"
      locale={{ emptyText: t('meetings.agenda.empty') }}
      columns={[
        { title: '#', render: (_, __, i) => i + 1, width: 40 },
        { title: t('meetings.topic.registryNo'), dataIndex: 'registryNo', width: 120 },
        { title: t('meetings.topic.title'), render: (_, a) => title(a) },
        { title: t('meetings.agenda.reporter'), dataIndex: 'reportingUnit', width: 200 },
        { title: t('meetings.agenda.slot'), render: (_, a) => slot(a), width: 110 },
        { title: '', render: (_, a) => actions(a), width: 180 },
      ]}
    />
  );
}

/** 会议: the plan (kind, time, place, chair, members), its agenda, the reader's step (拟定方案, 确定议题), its record. */
export function MeetingPage() {
  const { id = '' } = useParams();
  const { t, tv } = useI18n();
  const me = useMe();
  const q = useMeeting(id);
  const qc = useQueryClient();
  const mobile = Grid.useBreakpoint().md === false;
  const refresh = () => qc.invalidateQueries({ queryKey: ['meetings'] });
  if (q.isLoading) return <Spin />;
  if (q.error) return <LoadError error={q.error} testId="meeting-error" />;
  const m = q.data!;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const names = (people: { name: string }[]) => people.map((p) => p.name).join(t('common.sep')) || '—';
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <CancelledBanner m={m} />
      <PlanChangeActions m={m} />
      {m.myTasks.map((task) => (
        <TaskPanel
          key={task.id}
          task={task}
          ownUnitId={ownUnitId}
          onDone={refresh}
          prominent
          suggest={{ step: 'settle', label: t('meetings.meeting.chair'), people: [{ ...m.chair, title: tv(m.meetingKindName) }] }}
        />
      ))}
      <Card
        title={
          <Space size={8} wrap style={{ whiteSpace: 'normal' }}>
            <span>{m.title}</span>
            <Tag data-testid="meeting-state">{tv(m.state)}</Tag>
            {m.agendaFixedAt && !m.cancelled && <Tag color="green">{t('meetings.agenda.fixed')}</Tag>}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          layout={mobile ? 'vertical' : 'horizontal'}
          bordered
          data-testid="meeting-fields"
        >
          <Descriptions.Item label={t('meetings.meeting.time')}>
            {`${dayjs(m.startsAt).format('YYYY-MM-DD HH:mm')}–${dayjs(m.endsAt).format('HH:mm')}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.place')}>
            <MeetingRoomLine m={m} />
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.kind')}>{tv(m.meetingKindName)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.mode')}>{t(`meetings.meeting.mode.${m.mode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.chair')}>{m.chair.name}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.topic.classification')}>{tv(m.classification)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.members')} span={2}>
            {names(m.members)}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.sitIns')} span={2}>
            {names(m.sitIns)}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.meeting.staff')} span={2}>
            {names(m.staff)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <PolicyNote meetingId={m.itemId} />
      <Card title={t('meetings.agenda.title')} size="small">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {m.mayPlan && <AddTopic m={m} />}
          <Agenda m={m} />
        </Space>
      </Card>
      {/* The meeting's course: notice and replies, papers and copies, check-in, record and decisions — none once cancelled. */}
      {!m.cancelled && (
        <>
          {m.agendaFixedAt && <NoticePanel m={m} />}
          <MaterialsPanel meetingId={m.itemId} classification={m.classification} />
          <HandoutsPanel meetingId={m.itemId} />
          <CheckInPanel meetingItemId={m.itemId} />
          <RecordPanel meetingId={m.itemId} />
          <DecisionsPanel m={m} />
        </>
      )}
      {/* The meeting's papers, added by the office. */}
      <ItemFiles itemId={m.itemId} classification={m.classification} canAdd={m.mayPlan} />
      <OpinionsCard opinions={m.opinions} item={{ id: m.itemId, kind: 'meetings' }} />
      <HistoryCard tasks={m.tasks} onChanged={refresh} />
    </Space>
  );
}

import { deriveLinks, linkLabels } from '../../modules';
import { useMe } from '../../auth';
import type { ItemLink } from '../../../contract/flow';
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Empty, Input, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { BellOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import type { FlowView } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { WeekendsOnlyTag } from '../calendar-coverage';
import { FollowUpRecord } from './FollowUps';

export const formatTime = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/**
 * Every opinion on the item, in the order given, each with the step, time, name and post; beside a leader's 批示 what
 * another module offers to make of it (转督办), when the item is given.
 */
export function OpinionsCard({ opinions, item }: { opinions: FlowView['opinions']; item?: { id: string; kind: string } }) {
  const { t, tv } = useI18n();
  const me = useMe();
  return (
    <Card size="small" title={t('flow.opinions')}>
      {opinions.length ? (
        <Timeline
          items={opinions.map((o) => ({
            content: (
              <div data-testid="opinion">
                <Typography.Text strong>{tv(o.stepName)}</Typography.Text>{' '}
                <Typography.Text type="secondary">{formatTime(o.createdAt)}</Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{o.text}</div>
                <Typography.Text type="secondary">
                  {o.signature}
                  {o.postTitle ? t('common.paren', { x: o.postTitle }) : ''}
                </Typography.Text>
                {item &&
                  deriveLinks(me, { itemKind: item.kind, opinionKind: o.kind }).map((d) => (
                    <Link key={d.key} to={d.path(item.id, o.id)} style={{ marginLeft: 12 }} data-testid={`derive-${d.key}`}>
                      {t(d.label)}
                    </Link>
                  ))}
              </div>
            ),
          }))}
        />
      ) : (
        <Empty description={t('flow.noOpinions')} />
      )}
    </Card>
  );
}

type HistoryTask = FlowView['tasks'][number] & { stateText?: string };

/** A line a module adds to the 流转记录 besides the tasks (e.g. 发文's 签收, 退文, 线下分发), already worded. */
export interface HistoryExtra {
  id: string;
  step: string;
  assignee: string;
  state: string;
  completedAt: string;
}

/** "市发改委（主办）", "秘书科（协办）", "办公室（会商）": the unit or section a task is for, with its part. */
function partyLabel(r: HistoryTask, t: ReturnType<typeof useI18n>['t']) {
  return r.unit ? `${r.unit}${t('common.paren', { x: t(`flow.role.${r.unitRole ?? 'lead'}` as MessageKey) })}` : null;
}

/** Who leads, who assists and who is consulted, per the flow's parties, with the people who hold their tasks. */
function Parties({ tasks }: { tasks: FlowView['tasks'] }) {
  const { t } = useI18n();
  const live = tasks.filter((x) => x.unit && x.unitRole && x.state !== 'cancelled');
  if (!live.length) return null;
  const line = (role: 'lead' | 'assisting' | 'consulted') => {
    const byUnit = new Map<string, string[]>();
    for (const x of live.filter((y) => y.unitRole === role))
      byUnit.set(x.unit!, [...new Set([...(byUnit.get(x.unit!) ?? []), x.assignee])]);
    if (!byUnit.size) return null;
    return (
      <div key={role} data-testid={`party-${role}`}>
        <Typography.Text strong>{t(`flow.role.${role}`)}</Typography.Text>
        {t('common.colon')}
        {[...byUnit].map(([u, people]) => `${u}${t('common.paren', { x: people.join(t('common.sep')) })}`).join(t('common.semi'))}
      </div>
    );
  };
  return (
    <div style={{ marginBottom: 8 }} data-testid="flow-parties">
      {(['lead', 'assisting', 'consulted'] as const).map(line)}
    </div>
  );
}

/** 催办: a word to the holder of an open task, from the one who sent it or the unit's registrar or supervisor. */
function RemindButton({ task, onDone }: { task: HistoryTask; onDone?: () => Promise<void> }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const remind = useMutation({
    mutationFn: () => api.post(`/tasks/${task.id}/remind`, note.trim() ? { note: note.trim() } : {}),
    onSuccess: async () => {
      setOpen(false);
      setNote('');
      message.success(t('flow.remind.done'));
      await onDone?.();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <>
      <Button size="small" icon={<BellOutlined />} onClick={() => setOpen(true)} data-testid="remind">
        {t('flow.remind')}
      </Button>
      <Modal
        open={open}
        title={t('flow.remind.title', { name: task.assignee, step: tv(task.step) })}
        onCancel={() => setOpen(false)}
        onOk={() => remind.mutate()}
        okText={t('flow.remind')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: remind.isPending }}
      >
        <Input.TextArea
          aria-label={t('flow.remind.note')}
          placeholder={t('flow.remind.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={200}
          autoSize={{ minRows: 2 }}
        />
      </Modal>
    </>
  );
}

/** Every 催办 of the item's tasks: who urged whom, when, with what word (and the system's own deadline reminders). */
function Reminders({ tasks }: { tasks: FlowView['tasks'] }) {
  const { t, tv } = useI18n();
  const all = tasks
    .flatMap((x) => x.reminders.map((r) => ({ ...r, to: x.assignee, step: tv(x.step) })))
    .sort((a, b) => a.at.localeCompare(b.at));
  if (!all.length) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('flow.reminders')}</Typography.Text>
      <ul style={{ paddingInlineStart: 20, margin: '4px 0 0' }}>
        {all.map((r, i) => (
          <li key={i} data-testid="reminder">
            <Typography.Text type="secondary">{formatTime(r.at)}</Typography.Text>{' '}
            {r.auto === 'before'
              ? t('flow.reminder.before', { to: r.to, step: r.step })
              : r.auto === 'after'
                ? t('flow.reminder.after', { to: r.to, step: r.step, n: r.days ?? 0 })
                : t('flow.reminder.manual', { by: r.by ?? '', to: r.to, step: r.step })}
            {r.note ? `${t('common.colon')}${r.note}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

const oneLine = () => ({ style: { whiteSpace: 'nowrap' as const } });

/** Who had the item at each step, for which unit and in what part, and when they finished; 催办 where the reader may. */
export function HistoryCard({
  tasks,
  extra = [],
  onChanged,
}: {
  tasks: FlowView['tasks'];
  extra?: HistoryExtra[];
  onChanged?: () => Promise<void>;
}) {
  const { t, tv } = useI18n();
  const rows: HistoryTask[] = [
    ...tasks,
    ...extra.map((x) => ({
      id: x.id,
      step: x.step,
      stepKey: null,
      kind: 'do' as const,
      assignee: x.assignee,
      state: 'done',
      dueDate: null,
      unit: null,
      unitRole: null,
      deliveredAt: null,
      openedAt: null,
      completedAt: x.completedAt,
      dueMissingYears: [],
      origin: null,
      handedTo: null,
      reminders: [],
      mayRemind: false,
      stateText: x.state,
      originalDueDate: null,
      progressDueDate: null,
      extensions: [],
      progress: [],
    })),
  ];
  const stateLabel = (r: HistoryTask) =>
    r.stateText ??
    (r.state === 'open' && r.kind === 'read' ? t('flow.taskState.toRead') : t(`flow.taskState.${r.state}` as MessageKey));
  return (
    <Card size="small" title={t('flow.history')} data-testid="flow-history">
      <Parties tasks={tasks} />
      <Table<HistoryTask>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        onRow={(r) => ({ 'data-testid': 'history-row', 'data-task': r.id }) as HTMLAttributes<HTMLElement>}
        columns={[
          // Step names, people, states and dates keep to one line; on a phone the table scrolls inside its card
          // instead of a name breaking one character per line.
          { title: t('flow.history.step'), dataIndex: 'step', onCell: oneLine, render: (s: string) => tv(s) },
          {
            title: t('flow.history.assignee'),
            dataIndex: 'assignee',
            render: (a: string, r) => (
              <Space size={4} wrap>
                <span style={{ whiteSpace: 'nowrap' }} data-testid="history-assignee">
                  {partyLabel(r, t) ? `${partyLabel(r, t)} · ${a}` : a}
                </span>
                {r.origin && <Tag color="blue">{t(`flow.origin.${r.origin.kind}`, { by: r.origin.by })}</Tag>}
              </Space>
            ),
          },
          {
            title: t('flow.history.state'),
            dataIndex: 'state',
            render: (_: string, r) => (
              <Space size={4} wrap>
                <span style={{ whiteSpace: 'nowrap' }}>
                  {r.handedTo ? t('flow.handedTo', { name: r.handedTo }) : stateLabel(r)}
                </span>
                {r.reminders.length > 0 && <Tag color="volcano">{t('workbench.reminded', { n: r.reminders.length })}</Tag>}
                {r.mayRemind && <RemindButton task={r} onDone={onChanged} />}
              </Space>
            ),
          },
          {
            title: t('flow.dueDate'),
            dataIndex: 'dueDate',
            onCell: oneLine,
            render: (d: string | null, r) => (
              <>
                {d}
                {d && <WeekendsOnlyTag years={r.dueMissingYears} />}
                {r.originalDueDate && (
                  <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="original-due">
                    {t('flow.originalDue', { date: r.originalDueDate })}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('flow.history.completedAt'), dataIndex: 'completedAt', onCell: oneLine, render: formatTime },
        ]}
      />
      <Reminders tasks={tasks} />
      <FollowUpRecord tasks={tasks} />
    </Card>
  );
}

/** Takes back what the reader just sent on, while the next person has not acted on it. */
export function RetractButton({ retractable, onDone }: { retractable: FlowView['retractable']; onDone: () => Promise<void> }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const retract = useMutation({
    mutationFn: (taskId: string) => api.post(`/tasks/${taskId}/retract`),
    onSuccess: async () => {
      message.success(t('flow.retracted'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  if (!retractable) return null;
  return (
    <Button
      size="small"
      icon={<RollbackOutlined />}
      loading={retract.isPending}
      onClick={() => retract.mutate(retractable.taskId)}
    >
      {t('flow.retract', { step: tv(retractable.step) })}
    </Button>
  );
}

// A linked item opens on its own module's page; a 收文 signed for from a distributed 发文 opens that 发文's issued
// copy unless the reader may open the sender's whole record.
const pathOf = (l: ItemLink) => `/${l.itemKind}/${l.itemId}${l.access === 'issued' ? '/issued' : ''}`;

// Links the modules name each way (来源发文 / 签收为收文, 所复来文 / 复函); others (a possible duplicate) warn.
const named = (kind: string) => linkLabels(kind) !== undefined;

/** Items linked to this one (a possible duplicate, the document it was distributed from …). */
export function ItemLinks({ links }: { links: ItemLink[] }) {
  const { t } = useI18n();
  if (!links.length) return null;
  const label = (l: ItemLink) => {
    const names = linkLabels(l.kind);
    return names ? t(names[l.direction]) : t('flow.links');
  };
  const warn = links.some((l) => !named(l.kind));
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={warn ? 'warning' : 'info'}
      showIcon
      data-testid="item-links"
      message={links.map((l) => (
        <div key={`${l.kind}-${l.itemId}`}>
          {label(l)}
          <Link to={pathOf(l)} style={{ marginInlineStart: 8 }}>
            {l.registryNo} {l.title}
          </Link>
        </div>
      ))}
    />
  );
}

/** What other modules offer to make of this item (转督办 on a 收文), for this person: links to their forms. */
export function DeriveLinks({ item }: { item: { id: string; kind: string } }) {
  const { t } = useI18n();
  const me = useMe();
  const links = deriveLinks(me, { itemKind: item.kind });
  if (!links.length) return null;
  return (
    <Space wrap>
      {links.map((d) => (
        <Link key={d.key} to={d.path(item.id)} data-testid={`derive-${d.key}`}>
          <Button size="small">{t(d.label)}</Button>
        </Link>
      ))}
    </Space>
  );
}

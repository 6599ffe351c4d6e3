import type { ItemLink } from '../../../contract/flow';
import { Alert, App, Button, Card, Empty, Table, Timeline, Typography } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import type { FlowView } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { WeekendsOnlyTag } from '../calendar-coverage';

export const formatTime = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** Every opinion on the item, in the order given, each with the step, time, name and post. */
export function OpinionsCard({ opinions }: { opinions: FlowView['opinions'] }) {
  const { t, tv } = useI18n();
  return (
    <Card size="small" title={t('flow.opinions')}>
      {opinions.length ? (
        <Timeline
          items={opinions.map((o) => ({
            content: (
              <div data-testid="opinion">
                <Typography.Text strong>{tv(o.stepName)}</Typography.Text> <Typography.Text type="secondary">{formatTime(o.createdAt)}</Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{o.text}</div>
                <Typography.Text type="secondary">{o.signature}{o.postTitle ? t('common.paren', { x: o.postTitle }) : ''}</Typography.Text>
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

/** Who had the item at each step, and when they finished. */
export function HistoryCard({ tasks }: { tasks: FlowView['tasks'] }) {
  const { t, tv } = useI18n();
  return (
    <Card size="small" title={t('flow.history')}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={tasks}
        columns={[
          { title: t('flow.history.step'), dataIndex: 'step', render: (s: string) => tv(s) },
          { title: t('flow.history.assignee'), dataIndex: 'assignee', render: (a: string, r) => (r.unit ? `${r.unit}${t('common.paren', { x: t(`flow.role.${r.unitRole ?? 'lead'}` as MessageKey) })} · ${a}` : a) },
          { title: t('flow.history.state'), dataIndex: 'state', render: (s: string) => t(`flow.taskState.${s}` as MessageKey) },
          {
            title: t('flow.dueDate'),
            dataIndex: 'dueDate',
            render: (d: string | null, r) => (
              <>
                {d}
                {d && <WeekendsOnlyTag years={r.dueMissingYears} />}
              </>
            ),
          },
          { title: t('flow.history.completedAt'), dataIndex: 'completedAt', render: formatTime },
        ]}
      />
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
    onError: (e) => message.error(te(e)),
  });
  if (!retractable) return null;
  return (
    <Button size="small" icon={<RollbackOutlined />} loading={retract.isPending} onClick={() => retract.mutate(retractable.taskId)}>
      {t('flow.retract', { step: tv(retractable.step) })}
    </Button>
  );
}


// A 收文 signed for from a distributed 发文 links to it ('to'): to its issued copy unless the reader may open the
// sender's whole record; the 发文 sees the 收文 ('from').
const pathOf = (l: ItemLink, here: string) =>
  l.kind === 'distributedFrom' ? (l.direction === 'to' ? `/outgoing/${l.itemId}${l.access === 'issued' ? '/issued' : ''}` : `/incoming/${l.itemId}`) : `/${here}/${l.itemId}`;

/** Items linked to this one (a possible duplicate, the document it was distributed from …). */
export function ItemLinks({ links, module }: { links: ItemLink[]; module: string }) {
  const { t } = useI18n();
  if (!links.length) return null;
  const label = (l: ItemLink) => (l.kind === 'distributedFrom' ? t(`flow.link.distributedFrom.${l.direction === 'to' ? 'to' : 'from'}`) : t('flow.links'));
  const warn = links.some((l) => l.kind !== 'distributedFrom');
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={warn ? 'warning' : 'info'}
      showIcon
      data-testid="item-links"
      message={links.map((l) => (
        <div key={`${l.kind}-${l.itemId}`}>
          {label(l)}
          <Link to={pathOf(l, module)} style={{ marginInlineStart: 8 }}>
            {l.registryNo} {l.title}
          </Link>
        </div>
      ))}
    />
  );
}

import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Grid, Modal, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { FilePdfOutlined, MailOutlined, PrinterOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { IncomingDetail } from '../../api/types';
import { LoadError } from '../../components/LoadError';
import { useI18n, type MessageKey } from '../../i18n';
import { useMe } from '../../auth';
import { UNMARKED } from '../../../contract/common';
import { PersonPicker } from '../../components/flow/pickers';
import { TaskPanel } from '../../components/flow/TaskPanel';
import {
  DeriveLinks,
  HistoryCard,
  ItemLinks,
  OpinionsCard,
  RetractButton,
  formatTime as fmt,
} from '../../components/flow/FlowRecord';
import { ItemFiles } from '../../components/ItemFiles';
import { CorrectionsCard, CorrectRegistration, VoidNumber } from './RegistrationActions';
import { DeadlineStatus } from '../../components/DeadlineStatus';

export const useIncoming = (id: string, enabled = true) =>
  useQuery({
    queryKey: ['incoming', 'detail', id],
    queryFn: () => api.get<IncomingDetail>(`/incoming/${id}`),
    retry: false,
    enabled,
  });

function useRefresh(id: string) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['incoming', 'detail', id] });
    await qc.invalidateQueries({ queryKey: ['workbench'] });
  };
}

type Circulation = IncomingDetail['circulations'][number];

/** 结束传阅 / 撤回, with a confirmation: readers it has not reached are cancelled and stop seeing the document. */
function EndCirculation({ itemId, c }: { itemId: string; c: Circulation }) {
  const { t, te } = useI18n();
  const { message, modal } = App.useApp();
  const refresh = useRefresh(itemId);
  const end = useMutation({
    mutationFn: (kind: 'closed' | 'withdrawn') => api.post(`/items/${itemId}/circulations/${c.id}/end`, { kind }),
    onSuccess: refresh,
    onError: (e) => void message.error(te(e)),
  });
  const ask = (kind: 'closed' | 'withdrawn') =>
    modal.confirm({
      title: t(kind === 'closed' ? 'incoming.circulation.close' : 'incoming.circulation.withdraw'),
      content: t('incoming.circulation.endHint'),
      okText: t(kind === 'closed' ? 'incoming.circulation.close' : 'incoming.circulation.withdraw'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: kind === 'withdrawn' },
      onOk: () => end.mutateAsync(kind),
    });
  return (
    <Space wrap>
      <Button size="small" onClick={() => ask('closed')} loading={end.isPending} data-testid="circulation-close">
        {t('incoming.circulation.close')}
      </Button>
      <Button size="small" danger onClick={() => ask('withdrawn')} loading={end.isPending} data-testid="circulation-withdraw">
        {t('incoming.circulation.withdraw')}
      </Button>
    </Space>
  );
}

function Circulations({ detail }: { detail: IncomingDetail }) {
  const { t } = useI18n();
  if (!detail.circulations.length) return null;
  return (
    <Card size="small" title={t('incoming.circulation.title')} data-testid="circulation">
      {detail.circulations.map((c) => (
        <div key={c.id} style={{ marginBottom: 12 }}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Tag>{c.ordered ? t('incoming.circulation.ordered') : t('incoming.circulation.parallel')}</Tag>
            <span data-testid="circulation-holders">
              {t('incoming.circulation.holders', { names: c.holders.join(t('common.sep')) || t('common.none') })}
            </span>
            <span data-testid="circulation-not-read">
              {t('incoming.circulation.notRead', { names: c.notRead.join(t('common.sep')) || t('common.none') })}
            </span>
            {c.endKind && (
              <Tag color={c.endKind === 'withdrawn' ? 'red' : 'default'} data-testid="circulation-ended">
                {t(c.endKind === 'withdrawn' ? 'incoming.circulation.withdrawnAt' : 'incoming.circulation.closedAt', {
                  at: fmt(c.endedAt),
                })}
              </Tag>
            )}
            {c.mayEnd && <EndCirculation itemId={detail.item.id} c={c} />}
          </Space>
          <Table
            size="small"
            rowKey="taskId"
            pagination={false}
            scroll={{ x: true }}
            dataSource={c.readers}
            columns={[
              { title: t('incoming.circulation.reader'), dataIndex: 'name' },
              {
                title: t('incoming.circulation.status'),
                dataIndex: 'status',
                render: (s: string) => (
                  <Tag color={s === 'read' ? 'green' : s === 'opened' ? 'blue' : undefined}>
                    {t(`incoming.reader.${s}` as MessageKey)}
                  </Tag>
                ),
              },
              { title: t('incoming.circulation.deliveredAt'), dataIndex: 'deliveredAt', render: fmt },
              { title: t('incoming.circulation.readAt'), dataIndex: 'readAt', render: fmt },
              { title: t('incoming.circulation.comment'), dataIndex: 'comment' },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}

function StartCirculation({ itemId }: { itemId: string }) {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh(itemId);
  const [open, setOpen] = useState(false);
  const [readers, setReaders] = useState<string[]>([]);
  const [ordered, setOrdered] = useState(false);
  const start = useMutation({
    mutationFn: () => api.post(`/items/${itemId}/circulations`, { readerIds: readers, ordered }),
    onSuccess: async () => {
      setOpen(false);
      setReaders([]);
      await refresh();
    },
    onError: (e) => void message.error(te(e)),
  });
  return (
    <>
      <Button icon={<TeamOutlined />} onClick={() => setOpen(true)}>
        {t('incoming.circulation.start')}
      </Button>
      <Modal
        open={open}
        title={t('incoming.circulation.start')}
        onCancel={() => setOpen(false)}
        onOk={() => start.mutate()}
        okButtonProps={{ disabled: !readers.length, loading: start.isPending }}
        okText={t('incoming.circulation.send')}
        cancelText={t('common.cancel')}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <PersonPicker multiple value={readers} onChange={setReaders} />
          <Space>
            <Switch checked={ordered} onChange={setOrdered} aria-label={t('incoming.circulation.ordered')} />
            <span>{t('incoming.circulation.orderedHint')}</span>
          </Space>
        </Space>
      </Modal>
    </>
  );
}

/** 收文 page: the elements, what the reader may do now, every opinion in order, circulation and history. */
export function IncomingPage() {
  const { id = '' } = useParams();
  const mobile = Grid.useBreakpoint().md === false;
  const { t, tv } = useI18n();
  const me = useMe();
  const q = useIncoming(id);
  const refresh = useRefresh(id);
  const navigate = useNavigate();
  if (q.isLoading) return <Spin />;
  if (q.error) {
    return <LoadError error={q.error} testId="incoming-error" />;
  }
  const d = q.data!;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const doc = d.document;
  const sheet = (
    <Space wrap>
      <Link to={`/incoming/${id}/sheet`} target="_blank">
        <Button icon={<PrinterOutlined />}>{t('incoming.sheet.print')}</Button>
      </Link>
      <Button icon={<FilePdfOutlined />} href={`/api/v1/incoming/${id}/sheet.pdf`} target="_blank" data-testid="sheet-pdf">
        {t('incoming.sheet.pdf')}
      </Button>
      <DeriveLinks item={{ id, kind: 'incoming' }} />
    </Space>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {/* On a phone the processing-sheet buttons go under the title, which would otherwise be squeezed to a few characters. */}
      <Card
        title={
          <span style={{ whiteSpace: 'normal' }} data-testid="incoming-title">
            {d.item.title}
          </span>
        }
        extra={mobile ? undefined : sheet}
      >
        {mobile && <div style={{ marginBottom: 12 }}>{sheet}</div>}
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color={doc.voided ? 'red' : 'blue'} data-testid="item-state">
            {tv(d.item.state)}
          </Tag>
          {d.item.urgency && <Tag color="red">{tv(d.item.urgency)}</Tag>}
          {d.item.filingStatus && (
            <Tag color="gold" data-testid="filing-status">
              {tv(d.item.filingStatus)}
            </Tag>
          )}
          {d.item.classification !== UNMARKED && (
            <Tag>
              {tv(d.item.classification)}
              {doc.secrecyTerm ? `★${doc.secrecyTerm}` : ''}
            </Tag>
          )}
          <RetractButton retractable={d.retractable} onDone={refresh} />
          {d.canCirculate && <StartCirculation itemId={id} />}
          {d.canReply && (
            <Button icon={<MailOutlined />} onClick={() => navigate(`/outgoing/new?replyTo=${id}`)} data-testid="start-reply">
              {t('incoming.reply.start')}
            </Button>
          )}
          {d.canCorrect && <CorrectRegistration detail={d} onDone={refresh} />}
          {d.canVoid && <VoidNumber detail={d} onDone={refresh} />}
        </Space>
        {doc.voided && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="voided"
            message={t('incoming.voided', { at: fmt(doc.voided.at), name: doc.voided.byName, reason: doc.voided.reason })}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('incoming.field.registryNo')}>{doc.registryNo}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.senderName')}>{doc.senderName}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.docNo')}>
            {doc.docNo}
            {doc.docNoAsReceived && (
              <Typography.Text type="secondary">{t('incoming.asReceived', { value: doc.docNoAsReceived })}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.genre')}>{doc.genre ? tv(doc.genre) : ''}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.writtenDate')}>{doc.writtenDate}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.receivedAt')}>{fmt(doc.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.copies')}>
            {doc.copies}
            {doc.copyNumbers.length ? t('common.paren', { x: doc.copyNumbers.join(t('common.sep')) }) : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.mainRecipients')}>
            {doc.mainRecipients.join(t('common.sep'))}
          </Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.ccRecipients')}>{doc.ccRecipients.join(t('common.sep'))}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.attachments')} span={3}>
            {doc.attachments.map((a, i) => `${i + 1}. ${a.name}`).join(t('common.semi'))}
          </Descriptions.Item>
          {d.item.dueDate && (
            <Descriptions.Item label={t('incoming.field.dueDate')}>
              {d.item.dueDate}
              {d.deadline && (
                <span style={{ marginInlineStart: 8 }}>
                  <DeadlineStatus deadline={d.deadline} />
                </span>
              )}
            </Descriptions.Item>
          )}
        </Descriptions>
        <ItemLinks links={d.links} />
      </Card>
      <ItemFiles itemId={id} classification={d.item.classification} canAdd={d.myTasks.length > 0} />
      {d.myTasks.map((task) => (
        <TaskPanel key={task.id} task={task} ownUnitId={ownUnitId} onDone={refresh} />
      ))}
      <Circulations detail={d} />
      <OpinionsCard opinions={d.opinions} item={{ id, kind: 'incoming' }} />
      <CorrectionsCard corrections={d.corrections} />
      <HistoryCard tasks={d.tasks} onChanged={refresh} />
    </Space>
  );
}

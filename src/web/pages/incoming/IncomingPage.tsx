import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Radio, Result, Select, Space, Spin, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined, RollbackOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { api, ApiError } from '../../api/client';
import type { IncomingDetail } from '../../api/types';
import { useI18n, type MessageKey } from '../../i18n';
import { useMe } from '../../auth';
import { UNMARKED } from '../../../contract/common';
import { PersonPicker, UnitsPicker, type UnitChoice } from './pickers';
import { PhraseSelect } from './PhraseSelect';
import { ItemFiles } from '../../components/ItemFiles';

type MyTask = IncomingDetail['myTasks'][number];
const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

export const useIncoming = (id: string) =>
  useQuery({ queryKey: ['incoming', 'detail', id], queryFn: () => api.get<IncomingDetail>(`/incoming/${id}`), retry: false });

function useRefresh(id: string) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['incoming', 'detail', id] });
    await qc.invalidateQueries({ queryKey: ['workbench'] });
  };
}

/** The form for one of the reader's open tasks: opinion, decision, who acts next, or return it. */
function TaskPanel({ itemId, task, ownUnitId }: { itemId: string; task: MyTask; ownUnitId: string | null }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh(itemId);
  const [opinion, setOpinion] = useState('');
  const [decision, setDecision] = useState<string | undefined>();
  const [people, setPeople] = useState<string[]>([]);
  const [units, setUnits] = useState<UnitChoice[]>([]);
  const [returnTo, setReturnTo] = useState<string | undefined>(task.returnTo[0]?.key);
  const [reason, setReason] = useState('');
  const next = task.next ? (task.decisions ? (decision ? task.next[decision] : undefined) : task.next['_']) : undefined;

  const submit = useMutation({
    mutationFn: () => {
      if (task.kind === 'read' && !task.decisions) return api.post(`/tasks/${task.id}/read`, { comment: opinion || null, version: task.version });
      const choice = next?.choose === 'units' ? { units } : next?.choose ? { personIds: people } : undefined;
      return api.post(`/tasks/${task.id}/submit`, { version: task.version, opinion: opinion || null, decision: decision ?? null, ...(choice ? { next: choice } : {}) });
    },
    onSuccess: async () => {
      message.success(t('incoming.submitted'));
      await refresh();
    },
    onError: (e) => message.error(te(e)),
  });
  const back = useMutation({
    mutationFn: () => api.post(`/tasks/${task.id}/return`, { version: task.version, toStep: returnTo, reason }),
    onSuccess: async () => {
      message.success(t('incoming.returned'));
      await refresh();
    },
    onError: (e) => message.error(te(e)),
  });

  const isRead = task.kind === 'read';
  return (
    <Card size="small" title={t('incoming.task.title', { step: tv(task.step) })} data-testid={`task-${task.stepKey ?? 'circulation'}`}
      extra={task.dueDate && <Typography.Text type="secondary">{t('incoming.task.due', { date: task.dueDate })}</Typography.Text>}>
      {task.onBehalfOf && <Alert type="info" showIcon message={t('incoming.task.onBehalfOf', { name: task.onBehalfOf })} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" onFinish={() => submit.mutate()}>
        {task.decisions && (
          <Form.Item label={t('incoming.task.decision')} required>
            <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)} options={Object.entries(task.decisions).map(([k, v]) => ({ value: k, label: tv(v) }))} />
          </Form.Item>
        )}
        <Form.Item label={t(`incoming.opinion.${task.opinionKind ?? 'opinion'}` as MessageKey)} required={task.opinionRequired} htmlFor={`opinion-${task.id}`}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <PhraseSelect kind={task.opinionKind ?? 'opinion'} onPick={(p) => setOpinion((o) => (o ? `${o}${p}` : p))} />
            <Input.TextArea id={`opinion-${task.id}`} value={opinion} onChange={(e) => setOpinion(e.target.value)} autoSize={{ minRows: 3 }} maxLength={2000} />
          </Space>
        </Form.Item>
        {next?.choose && (
          <Form.Item label={t('incoming.task.next', { step: tv(next.name) })} required>
            {next.choose === 'units' ? (
              <UnitsPicker value={units} onChange={setUnits} ownUnitId={ownUnitId} />
            ) : (
              <PersonPicker value={people} onChange={setPeople} multiple={next.mode !== 'single'} leadersOnly={next.choose === 'leaders'} />
            )}
          </Form.Item>
        )}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {isRead ? t('workbench.markRead') : t('incoming.task.submit')}
          </Button>
        </Space>
      </Form>
      {task.returnTo.length > 0 && (
        <Space wrap style={{ marginTop: 12 }}>
          <Select aria-label={t('incoming.task.returnTo')} value={returnTo} onChange={setReturnTo} options={task.returnTo.map((r) => ({ value: r.key, label: tv(r.name) }))} style={{ minWidth: 100 }} />
          <Input aria-label={t('incoming.task.reason')} placeholder={t('incoming.task.reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ minWidth: 200 }} />
          <Button icon={<RollbackOutlined />} danger loading={back.isPending} disabled={!reason.trim()} onClick={() => back.mutate()}>
            {t('incoming.task.return')}
          </Button>
        </Space>
      )}
    </Card>
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
            <span data-testid="circulation-holders">{t('incoming.circulation.holders', { names: c.holders.join(t('common.sep')) || t('common.none') })}</span>
            <span data-testid="circulation-not-read">{t('incoming.circulation.notRead', { names: c.notRead.join(t('common.sep')) || t('common.none') })}</span>
          </Space>
          <Table
            size="small"
            rowKey="taskId"
            pagination={false}
            scroll={{ x: true }}
            dataSource={c.readers}
            columns={[
              { title: t('incoming.circulation.reader'), dataIndex: 'name' },
              { title: t('incoming.circulation.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'read' ? 'green' : s === 'opened' ? 'blue' : undefined}>{t(`incoming.reader.${s}` as MessageKey)}</Tag> },
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
    mutationFn: () => api.post(`/incoming/${itemId}/circulations`, { readerIds: readers, ordered }),
    onSuccess: async () => {
      setOpen(false);
      setReaders([]);
      await refresh();
    },
    onError: (e) => message.error(te(e)),
  });
  return (
    <>
      <Button icon={<TeamOutlined />} onClick={() => setOpen(true)}>
        {t('incoming.circulation.start')}
      </Button>
      <Modal open={open} title={t('incoming.circulation.start')} onCancel={() => setOpen(false)} onOk={() => start.mutate()} okButtonProps={{ disabled: !readers.length, loading: start.isPending }} okText={t('incoming.circulation.send')} cancelText={t('common.cancel')}>
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
  const { t, te, tv } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const q = useIncoming(id);
  const refresh = useRefresh(id);
  const retract = useMutation({
    mutationFn: (taskId: string) => api.post(`/tasks/${taskId}/retract`),
    onSuccess: async () => {
      message.success(t('incoming.retracted'));
      await refresh();
    },
    onError: (e) => message.error(te(e)),
  });
  if (q.isLoading) return <Spin />;
  if (q.error) {
    const status = q.error instanceof ApiError ? q.error.status : 0;
    return <Result status={status === 404 ? '404' : status === 403 ? '403' : 'error'} title={te(q.error)} data-testid="incoming-error" />;
  }
  const d = q.data!;
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const doc = d.document;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<span style={{ whiteSpace: 'normal' }}>{d.item.title}</span>}
        extra={
          <Space wrap>
            <Link to={`/incoming/${id}/sheet`} target="_blank">
              <Button icon={<PrinterOutlined />}>{t('incoming.sheet.print')}</Button>
            </Link>
            <Button icon={<FilePdfOutlined />} href={`/api/v1/incoming/${id}/sheet.pdf`} target="_blank" data-testid="sheet-pdf">
              {t('incoming.sheet.pdf')}
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color="blue" data-testid="item-state">{tv(d.item.state)}</Tag>
          {d.item.urgency && <Tag color="red">{tv(d.item.urgency)}</Tag>}
          {d.item.filingStatus && <Tag color="gold" data-testid="filing-status">{tv(d.item.filingStatus)}</Tag>}
          {d.item.classification !== UNMARKED && <Tag>{tv(d.item.classification)}{doc.secrecyTerm ? `★${doc.secrecyTerm}` : ''}</Tag>}
          {d.retractable && (
            <Button size="small" icon={<RollbackOutlined />} loading={retract.isPending} onClick={() => retract.mutate(d.retractable!.taskId)}>
              {t('incoming.retract', { step: tv(d.retractable.step) })}
            </Button>
          )}
          <StartCirculation itemId={id} />
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('incoming.field.registryNo')}>{doc.registryNo}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.senderName')}>{doc.senderName}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.docNo')}>{doc.docNo}{doc.docNoAsReceived && <Typography.Text type="secondary">{t('incoming.asReceived', { value: doc.docNoAsReceived })}</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.genre')}>{doc.genre ? tv(doc.genre) : ''}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.writtenDate')}>{doc.writtenDate}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.receivedAt')}>{fmt(doc.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.copies')}>{doc.copies}{doc.copyNumbers.length ? t('common.paren', { x: doc.copyNumbers.join(t('common.sep')) }) : ''}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.mainRecipients')}>{doc.mainRecipients.join(t('common.sep'))}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.ccRecipients')}>{doc.ccRecipients.join(t('common.sep'))}</Descriptions.Item>
          <Descriptions.Item label={t('incoming.field.attachments')} span={3}>{doc.attachments.map((a, i) => `${i + 1}. ${a.name}`).join(t('common.semi'))}</Descriptions.Item>
          {d.item.dueDate && <Descriptions.Item label={t('incoming.field.dueDate')}>{d.item.dueDate}</Descriptions.Item>}
        </Descriptions>
        {d.links.length > 0 && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={<>{t('incoming.links')}{d.links.map((l) => <Link key={l.itemId} to={`/incoming/${l.itemId}`} style={{ marginInlineStart: 8 }}>{l.registryNo} {l.title}</Link>)}</>} />
        )}
      </Card>
      <ItemFiles itemId={id} classification={d.item.classification} canAdd={d.myTasks.length > 0} />
      {d.myTasks.map((task) => (
        <TaskPanel key={task.id} itemId={id} task={task} ownUnitId={ownUnitId} />
      ))}
      <Circulations detail={d} />
      <Card size="small" title={t('incoming.opinions')}>
        {d.opinions.length ? (
          <Timeline
            items={d.opinions.map((o) => ({
              content: (
                <div data-testid="opinion">
                  <Typography.Text strong>{tv(o.stepName)}</Typography.Text> <Typography.Text type="secondary">{fmt(o.createdAt)}</Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{o.text}</div>
                  <Typography.Text type="secondary">{o.signature}{o.postTitle ? t('common.paren', { x: o.postTitle }) : ''}</Typography.Text>
                </div>
              ),
            }))}
          />
        ) : (
          <Empty description={t('incoming.noOpinions')} />
        )}
      </Card>
      <Card size="small" title={t('incoming.history')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: true }}
          dataSource={d.tasks}
          columns={[
            { title: t('workbench.col.step'), dataIndex: 'step', render: (s: string) => tv(s) },
            { title: t('incoming.history.assignee'), dataIndex: 'assignee', render: (a: string, r) => (r.unit ? `${r.unit}${t('common.paren', { x: t(`incoming.role.${r.unitRole ?? 'lead'}` as MessageKey) })} · ${a}` : a) },
            { title: t('incoming.history.state'), dataIndex: 'state', render: (s: string) => t(`incoming.taskState.${s}` as MessageKey) },
            { title: t('incoming.field.dueDate'), dataIndex: 'dueDate' },
            { title: t('incoming.history.completedAt'), dataIndex: 'completedAt', render: fmt },
          ]}
        />
      </Card>
    </Space>
  );
}

import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { ClockCircleOutlined, DownloadOutlined, FormOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import type { FlowView, MyTask } from '../../api/types';
import { useI18n } from '../../i18n';
import { PreviewButton } from '../FilePreview';
import { fileSize, uploadFile } from '../ItemFiles';

// 延期 and 进展报告 where the user looks: the holder's buttons on their task, the approver's 延期审批 card, and the
// lines the flow record shows. The server decides who may do what; these only offer what the item page says.

const formatTime = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/** 申请延期, 撤回, 报告进展 for the holder of a 办理 task, and when the next report is due. */
export function HolderActions({ task, onDone }: { task: MyTask; onDone: () => Promise<void> }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<'extension' | 'progress' | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [text, setText] = useState('');
  // A report's files are uploaded as they are chosen and sent with it by id; none are required.
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const uploading = files.some((f) => f.status === 'uploading');
  const close = () => {
    setOpen(null);
    setDate(null);
    setText('');
    setFiles([]);
  };
  const send = useMutation({
    mutationFn: () =>
      open === 'extension'
        ? api.post(`/tasks/${task.id}/extensions`, { reason: text, proposedDate: date })
        : api.post(`/tasks/${task.id}/progress`, {
            text,
            fileIds: files.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : [])),
          }),
    onSuccess: async () => {
      message.success(t(open === 'extension' ? 'flow.extension.requested' : 'flow.progress.done'));
      close();
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => api.post(`/extensions/${id}/cancel`),
    onSuccess: async () => {
      message.success(t('flow.extension.cancelled'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const h = task.holderActions;
  if (!h) return null;
  const step = tv(task.step);
  return (
    <div style={{ marginTop: 12 }} data-testid="holder-actions">
      <Space wrap>
        {h.progress && (
          <Button icon={<FormOutlined />} onClick={() => setOpen('progress')} data-testid="report-progress">
            {t('flow.progress.report')}
          </Button>
        )}
        {h.extension && (
          <Button icon={<ClockCircleOutlined />} onClick={() => setOpen('extension')} data-testid="request-extension">
            {t('flow.extension.request')}
          </Button>
        )}
        {h.pendingExtensionId && (
          <Button
            loading={withdraw.isPending}
            onClick={() => withdraw.mutate(h.pendingExtensionId!)}
            data-testid="cancel-extension"
          >
            {t('flow.extension.cancel')}
          </Button>
        )}
        {h.progressDueDate && (
          <Typography.Text type="secondary">{t('flow.progress.next', { date: h.progressDueDate })}</Typography.Text>
        )}
      </Space>
      <Modal
        open={open !== null}
        title={open === 'extension' ? t('flow.extension.requestTitle', { step }) : t('flow.progress.title', { step })}
        onCancel={close}
        onOk={() => send.mutate()}
        okText={open === 'extension' ? t('flow.extension.request') : t('flow.progress.report')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !text.trim() || (open === 'extension' && !date) || uploading, loading: send.isPending }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">
            {open === 'extension' ? t('flow.extension.hint', { date: task.dueDate ?? '' }) : t('flow.progress.hint')}
          </Typography.Paragraph>
          {open === 'extension' && (
            <Form.Item label={t('flow.extension.proposed')} required htmlFor={`extension-date-${task.id}`}>
              <DatePicker
                id={`extension-date-${task.id}`}
                style={{ width: '100%' }}
                value={date ? dayjs(date) : null}
                onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)}
                disabledDate={(d) => Boolean(task.dueDate && d.format('YYYY-MM-DD') <= task.dueDate)}
              />
            </Form.Item>
          )}
          <Form.Item
            label={t(open === 'extension' ? 'flow.extension.reason' : 'flow.progress.text')}
            required
            htmlFor={`followup-text-${task.id}`}
          >
            <Input.TextArea
              id={`followup-text-${task.id}`}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={open === 'extension' ? 500 : 2000}
              showCount
              autoSize={{ minRows: 3 }}
            />
          </Form.Item>
          {open === 'progress' && (
            <Form.Item
              label={t('flow.progress.files')}
              help={uploading ? t('flow.progress.uploading') : undefined}
              data-testid="progress-upload"
            >
              <Upload<{ id: string }>
                multiple
                fileList={files}
                onChange={({ fileList }) => setFiles(fileList)}
                customRequest={({ file, onSuccess, onError }) => {
                  uploadFile(file as File, h.fileClassification).then(
                    (id) => onSuccess?.({ id }),
                    (e: unknown) => {
                      message.error(te(e));
                      onError?.(e instanceof Error ? e : new Error(String(e)));
                    },
                  );
                }}
              >
                <Button icon={<UploadOutlined />}>{t('flow.progress.attach')}</Button>
              </Upload>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}

/** The approver's 延期审批 待办: what was asked and why; 同意 (to the date asked or another) or 不同意 with the reason. */
export function ExtensionApproval({ task, onDone }: { task: MyTask; onDone: () => Promise<void> }) {
  const { t, te, tv } = useI18n();
  const { message } = App.useApp();
  const a = task.approval!;
  const [date, setDate] = useState<string>(a.proposedDate);
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      approve
        ? api.post(`/extensions/${a.id}/approve`, { date, note: note.trim() || null })
        : api.post(`/extensions/${a.id}/refuse`, { note }),
    onSuccess: async (_, approve) => {
      message.success(t(approve ? 'flow.extension.approved' : 'flow.extension.refused'));
      await onDone();
    },
    onError: (e) => void message.error(te(e)),
  });
  const who = a.onBehalfOf ? t('flow.onBehalf', { who: a.requestedBy, principal: a.onBehalfOf }) : a.requestedBy;
  return (
    <Card
      size="small"
      title={<span style={{ whiteSpace: 'normal' }}>{t('flow.extension.approvalTitle', { step: tv(a.step) })}</span>}
      data-testid="extension-approval"
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('flow.extension.requestedBy')}>
          {who} <Typography.Text type="secondary">{formatTime(a.createdAt)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('flow.dueDate')}>
          {t('flow.extension.dates', { from: a.currentDueDate, to: a.proposedDate })}
        </Descriptions.Item>
        <Descriptions.Item label={t('flow.extension.reason')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.reason}</span>
        </Descriptions.Item>
      </Descriptions>
      <Form layout="vertical">
        <Form.Item label={t('flow.extension.grant')} htmlFor={`grant-${a.id}`}>
          <DatePicker
            id={`grant-${a.id}`}
            style={{ width: '100%', maxWidth: 240 }}
            allowClear={false}
            value={dayjs(date)}
            onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
            disabledDate={(d) => d.format('YYYY-MM-DD') < a.currentDueDate}
          />
        </Form.Item>
        <Form.Item label={t('flow.extension.note')} htmlFor={`decision-note-${a.id}`}>
          <Input.TextArea
            id={`decision-note-${a.id}`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2 }}
          />
        </Form.Item>
        <Space wrap>
          <Button
            type="primary"
            loading={decide.isPending && decide.variables}
            onClick={() => decide.mutate(true)}
            data-testid="approve-extension"
          >
            {t('flow.extension.approve')}
          </Button>
          <Button
            danger
            disabled={!note.trim()}
            loading={decide.isPending && !decide.variables}
            onClick={() => decide.mutate(false)}
            data-testid="refuse-extension"
          >
            {t('flow.extension.refuse')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

type HistoryTask = FlowView['tasks'][number];

/** The flow record's 延期 requests (原期限 → 新期限, why, what was decided) and 进展报告, in the order made. */
export function FollowUpRecord({ tasks }: { tasks: HistoryTask[] }) {
  const { t, tv } = useI18n();
  const extensions = tasks
    .flatMap((x) => x.extensions.map((e) => ({ ...e, step: tv(x.step) })))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const reports = tasks
    .flatMap((x) => x.progress.map((p) => ({ ...p, step: tv(x.step) })))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const outcome = (e: (typeof extensions)[number]) =>
    e.state === 'approved'
      ? t('flow.extension.state.approved', { by: e.decidedBy ?? '', date: e.decidedDate ?? '' })
      : e.state === 'refused'
        ? t('flow.extension.state.refused', { by: e.decidedBy ?? '' })
        : t(`flow.extension.state.${e.state}`);
  return (
    <>
      {extensions.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="flow-extensions">
          <Typography.Text strong>{t('flow.extensions')}</Typography.Text>
          <ul style={{ paddingInlineStart: 20, margin: '4px 0 0' }}>
            {extensions.map((e) => (
              <li key={e.id} data-testid="extension">
                <Typography.Text type="secondary">{formatTime(e.createdAt)}</Typography.Text>{' '}
                {t('flow.extension.line', {
                  who: e.onBehalfOf ? t('flow.onBehalf', { who: e.requestedBy, principal: e.onBehalfOf }) : e.requestedBy,
                  step: e.step,
                  from: e.currentDueDate,
                  to: e.proposedDate,
                })}
                {t('common.colon')}
                {e.reason}
                <div>
                  <Typography.Text type={e.state === 'refused' ? 'danger' : 'secondary'}>
                    {outcome(e)}
                    {e.decisionNote ? `${t('common.colon')}${e.decisionNote}` : ''}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {reports.length > 0 && (
        <div style={{ marginTop: 12 }} data-testid="flow-progress">
          <Typography.Text strong>{t('flow.progressReports')}</Typography.Text>
          <ul style={{ paddingInlineStart: 20, margin: '4px 0 0' }}>
            {reports.map((p) => (
              <li key={p.id} data-testid="progress-report">
                <Typography.Text type="secondary">{formatTime(p.createdAt)}</Typography.Text>{' '}
                {t('flow.progress.line', { who: p.signature, step: p.step })}
                <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{p.text}</div>
                {p.files.length > 0 && <ReportFiles files={p.files} />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** The files sent with a report, each to read in the page or download; read as the item's own files are. */
function ReportFiles({ files }: { files: HistoryTask['progress'][number]['files'] }) {
  const { t } = useI18n();
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: '2px 0 0' }}>
      {files.map((f) => (
        <li key={f.id} data-testid="progress-file">
          <Space wrap size={4} style={{ minWidth: 0 }}>
            <PaperClipOutlined />
            <Typography.Text style={{ wordBreak: 'break-all' }}>{f.name}</Typography.Text>
            <Typography.Text type="secondary">{fileSize(f.size)}</Typography.Text>
            <PreviewButton fileId={f.id} name={f.name} />
            <Button
              type="link"
              size="small"
              icon={<DownloadOutlined />}
              href={`/api/v1/files/${f.id}/content`}
              aria-label={t('files.download', { name: f.name })}
            />
          </Space>
        </li>
      ))}
    </ul>
  );
}

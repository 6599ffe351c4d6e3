import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Modal, Row, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, FileTextOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { api, ApiError, upload } from '../../api/client';
import type { ImportResult } from '../../../contract/incoming-import';
import type { RegisterResult } from '../../api/types';
import { useI18n } from '../../i18n';
import { useFormDraft } from '../../drafts';
import { fileSize, uploadFile } from '../../components/ItemFiles';
import { ATTACHMENT_ROLE, BODY_ROLE } from '../../../contract/files';
import { CLASSIFICATIONS } from '../../../contract/common';
import { keepEnterInField, registrationBody, RegistrationFields, type RegistrationValues } from './RegistrationFields';

type Role = typeof BODY_ROLE | typeof ATTACHMENT_ROLE;

type Values = RegistrationValues;

interface Duplicate {
  itemId: string;
  registryNo: string | null;
  title: string;
  receivedAt: string;
}

/** The form values a recognised file suggests, and which of them were guesses. */
function valuesFrom(r: ImportResult, sep: string): { values: Partial<Values>; guessed: (keyof Values)[] } {
  const f = r.fields;
  const values: Partial<Values> = {};
  const guessed: (keyof Values)[] = [];
  const take = <K extends keyof Values>(
    key: K,
    s: { value: unknown; confidence: string } | undefined,
    as: (v: never) => Values[K],
  ) => {
    if (!s) return;
    values[key] = as(s.value as never);
    if (s.confidence === 'low') guessed.push(key);
  };
  const joined = (v: string[]) => v.join(sep);
  take('senderName', f.senderName, (v: string) => v);
  take('docNo', f.docNo, (v: string) => v);
  take('title', f.title, (v: string) => v);
  take('genre', f.genre, (v: string) => v);
  take('classification', f.classification, (v: string) => v);
  take('secrecyTerm', f.secrecyTerm, (v: string) => v);
  take('urgency', f.urgency, (v: string) => v);
  take('copyNumbers', f.copyNumbers, joined);
  take('writtenDate', f.writtenDate, (v: string) => dayjs(v));
  take('mainRecipients', f.mainRecipients, joined);
  take('ccRecipients', f.ccRecipients, joined);
  take('attachments', f.attachments, (v: { name: string }[]) => v);
  return { values, guessed };
}

/** 签收登记: the elements of a received 公文; the 发文字号 is checked as it is typed. */
export function RegisterIncomingPage() {
  const { t, te, tv } = useI18n();
  const [form] = Form.useForm<Values>();
  const draft = useFormDraft(form, 'incoming-register');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [recognised, setRecognised] = useState<{ name: string; warnings: string[]; guessed: string[] } | null>(null);
  const [reading, setReading] = useState(false);
  // The files themselves go with the registration: the received document (正文) and attachment files.
  const [files, setFiles] = useState<{ file: File; role: Role }[]>([]);
  const uploaded = useRef(new Map<File, { classification: string; id: string }>());
  const addFile = (file: File, role: Role) =>
    setFiles((fs) =>
      role === BODY_ROLE ? [{ file, role }, ...fs.filter((f) => f.role !== BODY_ROLE)] : [...fs, { file, role }],
    );
  /** Uploads what is not up yet at this classification (a retry after a duplicate warning sends nothing twice). */
  const uploadAll = async (classification: string) => {
    const out: { fileId: string; role: Role }[] = [];
    for (const f of files) {
      let u = uploaded.current.get(f.file);
      if (!u || u.classification !== classification) {
        u = { classification, id: await uploadFile(f.file, classification) };
        uploaded.current.set(f.file, u);
      }
      out.push({ fileId: u.id, role: f.role });
    }
    return out;
  };

  const recognise = async (file: File) => {
    setReading(true);
    try {
      const r = await upload<ImportResult>('/incoming/import', file);
      addFile(file, BODY_ROLE);
      const { values, guessed } = valuesFrom(r, t('common.sep'));
      form.setFieldsValue(values);
      draft.onValuesChange(values, form.getFieldsValue(true) as RegistrationValues);
      setRecognised({
        name: file.name,
        warnings: r.warnings,
        guessed: guessed.map((k) => t(`incoming.field.${k}` as 'incoming.field.title')),
      });
    } catch (e) {
      setRecognised(null);
      message.error(te(e));
    } finally {
      setReading(false);
    }
  };

  const submit = async (confirmDuplicate = false) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const fileRefs = await uploadAll(v.classification);
      const r = await api.post<RegisterResult>('/incoming', {
        files: fileRefs,
        ...registrationBody(v),
        confirmDuplicate,
      });
      draft.clear();
      setDuplicates(null);
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      message.success(t('incoming.registered', { no: r.registryNo }));
      void navigate(`/incoming/${r.itemId}`);
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { kind?: string; duplicates?: Duplicate[] } | undefined) : undefined;
      if (details?.kind === 'duplicate' && details.duplicates) setDuplicates(details.duplicates);
      else message.error(te(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('incoming.register.title')}>
      {draft.restored && (
        <Alert
          type="info"
          showIcon
          message={t('common.draftRestored')}
          style={{ marginBottom: 16 }}
          data-testid="draft-restored"
        />
      )}
      <Upload.Dragger
        accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        showUploadList={false}
        multiple={false}
        disabled={reading}
        beforeUpload={(file) => {
          void recognise(file);
          return false;
        }}
        style={{ marginBottom: 16 }}
        data-testid="import-drop"
      >
        <p className="ant-upload-drag-icon">
          <FileTextOutlined />
        </p>
        <p className="ant-upload-text">{reading ? t('incoming.import.reading') : t('incoming.import.drop')}</p>
        <p className="ant-upload-hint">{t('incoming.import.hint')}</p>
      </Upload.Dragger>
      {recognised && (
        <Alert
          type={recognised.warnings.length || recognised.guessed.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setRecognised(null)}
          style={{ marginBottom: 16 }}
          data-testid="import-result"
          message={t('incoming.import.done', { name: recognised.name })}
          description={
            recognised.warnings.length || recognised.guessed.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {recognised.guessed.length > 0 && (
                  <li>{t('incoming.import.guessed', { fields: recognised.guessed.join(t('common.sep')) })}</li>
                )}
                {recognised.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form<Values>
        form={form}
        name="incoming"
        layout="vertical"
        initialValues={{ classification: CLASSIFICATIONS[0], copies: 1, attachments: [] }}
        onValuesChange={draft.onValuesChange}
        onFinish={() => submit(false)}
        onKeyDown={keepEnterInField}
      >
        <Row gutter={16}>
          <RegistrationFields form={form} />
          <Col xs={24}>
            <Form.Item label={t('files.title')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {files.map((f) => (
                  <Space key={`${f.role}-${f.file.name}-${f.file.size}`} wrap data-testid="register-file">
                    <PaperClipOutlined />
                    <Typography.Text>{tv(f.role)}</Typography.Text>
                    <Typography.Text style={{ wordBreak: 'break-all' }}>{f.file.name}</Typography.Text>
                    <Typography.Text type="secondary">{fileSize(f.file.size)}</Typography.Text>
                    <Button
                      size="small"
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('files.remove', { name: f.file.name })}
                      onClick={() => setFiles((fs) => fs.filter((x) => x !== f))}
                    />
                  </Space>
                ))}
                <Space wrap>
                  <Upload showUploadList={false} beforeUpload={(f) => (addFile(f, BODY_ROLE), false)}>
                    <Button icon={<FileTextOutlined />}>{t('files.body')}</Button>
                  </Upload>
                  <Upload showUploadList={false} multiple beforeUpload={(f) => (addFile(f, ATTACHMENT_ROLE), false)}>
                    <Button icon={<PaperClipOutlined />}>{t('files.attachments')}</Button>
                  </Upload>
                </Space>
              </Space>
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('incoming.register.submit')}
          </Button>
          <Button onClick={() => navigate('/incoming')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
      <Modal
        open={duplicates !== null}
        title={t('incoming.duplicate.title')}
        okText={t('incoming.duplicate.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => submit(true)}
        onCancel={() => setDuplicates(null)}
      >
        <Typography.Paragraph>{t('incoming.duplicate.body')}</Typography.Paragraph>
        {(duplicates ?? []).map((d) => (
          <div key={d.itemId}>
            <Link to={`/incoming/${d.itemId}`} target="_blank">
              {d.registryNo} {d.title}
            </Link>{' '}
            <Typography.Text type="secondary">{d.receivedAt.slice(0, 10)}</Typography.Text>
          </div>
        ))}
      </Modal>
    </Card>
  );
}

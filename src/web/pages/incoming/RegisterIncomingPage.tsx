import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Typography, Upload } from 'antd';
import { DeleteOutlined, FileTextOutlined, MinusCircleOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, upload } from '../../api/client';
import type { ImportResult } from '../../../contract/incoming-import';
import type { RegisterResult } from '../../api/types';
import { useI18n } from '../../i18n';
import { useFormDraft } from '../../drafts';
import { fileSize, uploadFile } from '../../components/ItemFiles';
import { ATTACHMENT_ROLE, BODY_ROLE } from '../../../contract/files';

type Role = typeof BODY_ROLE | typeof ATTACHMENT_ROLE;
import { CLASSIFICATIONS, URGENCIES } from '../../../contract/common';
import { GENRE_NAMES, genreFromTitle, normaliseDocNo, splitNames } from '../../../contract/official-document';

interface Values {
  senderName: string;
  docNo?: string;
  title: string;
  genre?: string | null;
  classification: string;
  secrecyTerm?: string;
  urgency?: string | null;
  copies: number;
  copyNumbers?: string;
  writtenDate?: Dayjs | null;
  receivedAt?: Dayjs | null;
  mainRecipients?: string;
  ccRecipients?: string;
  attachments?: { name: string }[];
  dueDate?: Dayjs | null;
}

interface Duplicate {
  itemId: string;
  registryNo: string | null;
  title: string;
  receivedAt: string;
}

const list = (s?: string) => splitNames(s ?? '');

/** The form values a recognised file suggests, and which of them were guesses. */
function valuesFrom(r: ImportResult, sep: string): { values: Partial<Values>; guessed: (keyof Values)[] } {
  const f = r.fields;
  const values: Partial<Values> = {};
  const guessed: (keyof Values)[] = [];
  const take = <K extends keyof Values>(key: K, s: { value: unknown; confidence: string } | undefined, as: (v: never) => Values[K]) => {
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
    setFiles((fs) => (role === BODY_ROLE ? [{ file, role }, ...fs.filter((f) => f.role !== BODY_ROLE)] : [...fs, { file, role }]));
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
      draft.onValuesChange(values, form.getFieldsValue(true));
      setRecognised({ name: file.name, warnings: r.warnings, guessed: guessed.map((k) => t(`incoming.field.${k}` as 'incoming.field.title')) });
    } catch (e) {
      setRecognised(null);
      message.error(te(e));
    } finally {
      setReading(false);
    }
  };
  const docNo = Form.useWatch('docNo', form);
  const classification = Form.useWatch('classification', form);
  const docNoCheck = docNo ? normaliseDocNo(docNo) : null;

  const submit = async (confirmDuplicate = false) => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const fileRefs = await uploadAll(v.classification);
      const r = await api.post<RegisterResult>('/incoming', {
        files: fileRefs,
        senderName: v.senderName,
        docNo: v.docNo || null,
        title: v.title,
        genre: v.genre ?? null,
        classification: v.classification,
        secrecyTerm: v.secrecyTerm || null,
        urgency: v.urgency ?? null,
        copies: v.copies,
        copyNumbers: list(v.copyNumbers),
        writtenDate: v.writtenDate ? v.writtenDate.format('YYYY-MM-DD') : null,
        ...(v.receivedAt ? { receivedAt: v.receivedAt.toISOString() } : {}),
        mainRecipients: list(v.mainRecipients),
        ccRecipients: list(v.ccRecipients),
        attachments: (v.attachments ?? []).filter((a) => a?.name?.trim()),
        dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : null,
        confirmDuplicate,
      });
      draft.clear();
      setDuplicates(null);
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      await qc.invalidateQueries({ queryKey: ['workbench'] });
      message.success(t('incoming.registered', { no: r.registryNo }));
      navigate(`/incoming/${r.itemId}`);
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
      {draft.restored && <Alert type="info" showIcon message={t('common.draftRestored')} style={{ marginBottom: 16 }} data-testid="draft-restored" />}
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
                {recognised.guessed.length > 0 && <li>{t('incoming.import.guessed', { fields: recognised.guessed.join(t('common.sep')) })}</li>}
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
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('incoming.field.senderName')} name="senderName" rules={[{ required: true, message: t('incoming.required.senderName') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('incoming.field.docNo')}
              name="docNo"
              validateStatus={docNoCheck && !docNoCheck.ok ? 'error' : docNoCheck?.notes.length ? 'warning' : undefined}
              help={docNoCheck ? (docNoCheck.ok ? (docNoCheck.notes.length ? t('incoming.docNo.normalised', { value: docNoCheck.value ?? '' }) : undefined) : docNoCheck.notes.join(t('common.semi'))) : t('incoming.docNo.hint')}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('incoming.field.title')} name="title" rules={[{ required: true, message: t('incoming.required.title') }]}>
              <Input.TextArea autoSize maxLength={300} onBlur={() => !form.getFieldValue('genre') && form.setFieldValue('genre', genreFromTitle(form.getFieldValue('title') ?? ''))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.genre')} name="genre">
              <Select allowClear options={GENRE_NAMES.map((g) => ({ value: g, label: tv(g) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.classification')} name="classification">
              <Select options={CLASSIFICATIONS.map((c) => ({ value: c, label: tv(c) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.secrecyTerm')} name="secrecyTerm">
              <Input disabled={classification === CLASSIFICATIONS[0] || classification === CLASSIFICATIONS[1]} maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.urgency')} name="urgency">
              <Select allowClear options={URGENCIES.map((u) => ({ value: u, label: tv(u) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.copies')} name="copies">
              <InputNumber min={1} max={9999} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.copyNumbers')} name="copyNumbers" tooltip={t('incoming.copyNumbers.hint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.writtenDate')} name="writtenDate">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('incoming.field.receivedAt')} name="receivedAt" tooltip={t('incoming.receivedAt.hint')}>
              <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('incoming.field.mainRecipients')} name="mainRecipients" tooltip={t('incoming.list.hint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('incoming.field.ccRecipients')} name="ccRecipients" tooltip={t('incoming.list.hint')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('incoming.field.attachments')}>
              <Form.List name="attachments">
                {(fields, { add, remove }) => (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {fields.map((f, i) => (
                      <Space key={f.key} style={{ width: '100%' }} align="baseline">
                        <Typography.Text>{i + 1}.</Typography.Text>
                        <Form.Item name={[f.name, 'name']} noStyle>
                          <Input aria-label={t('incoming.field.attachmentName', { n: i + 1 })} style={{ width: 'min(400px, calc(100vw - 120px))' }} />
                        </Form.Item>
                        <MinusCircleOutlined aria-label={t('common.remove')} onClick={() => remove(f.name)} />
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                      {t('incoming.addAttachment')}
                    </Button>
                  </Space>
                )}
              </Form.List>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('files.title')}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {files.map((f) => (
                  <Space key={`${f.role}-${f.file.name}-${f.file.size}`} wrap data-testid="register-file">
                    <PaperClipOutlined />
                    <Typography.Text>{tv(f.role)}</Typography.Text>
                    <Typography.Text style={{ wordBreak: 'break-all' }}>{f.file.name}</Typography.Text>
                    <Typography.Text type="secondary">{fileSize(f.file.size)}</Typography.Text>
                    <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('files.remove', { name: f.file.name })} onClick={() => setFiles((fs) => fs.filter((x) => x !== f))} />
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
          <Col xs={24} md={12}>
            <Form.Item label={t('incoming.field.dueDate')} name="dueDate">
              <DatePicker style={{ width: '100%' }} />
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

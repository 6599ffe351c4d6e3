import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/client';
import { useMe } from '../auth';
import { useFormDraft } from '../drafts';
import { useI18n } from '../i18n';
import { keys } from './queries';

/** The form keeps lists as text (one entry per line, or separated by commas), so drafts keep them as typed. */
interface Values {
  year?: number;
  notice?: string;
  offDays?: string;
  makeupWorkdays?: string;
  source?: string;
}

// Spaces, commas and semicolons, ASCII or full-width, and the enumeration comma.
const SEPARATORS = /[\s,;\uff0c\uff1b\u3001]+/;
const split = (s?: string) => (s ?? '').split(SEPARATORS).filter(Boolean);
const lines = (s?: string) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

interface YearEntry {
  year?: number;
  notice?: string[];
  offDays?: string[];
  makeupWorkdays?: string[];
  source?: string;
}

/**
 * Fills the form from a JSON file: one year in the import format, or a file of several years in the shape
 * of the bundled calendar ({ source, years: { "2027": {…} } }), of which the year typed (or the latest) is taken.
 */
function valuesFromJson(text: string, wanted?: number): Values | null {
  const data = JSON.parse(text) as YearEntry & { years?: Record<string, YearEntry> };
  let entry: YearEntry = data;
  if (data.years) {
    const ys = Object.keys(data.years).sort();
    const key = wanted && data.years[String(wanted)] ? String(wanted) : ys[ys.length - 1];
    if (!key) return null;
    entry = { ...data.years[key], year: Number(key), source: data.source };
  }
  if (!entry.year || !Array.isArray(entry.offDays)) return null;
  return {
    year: entry.year,
    notice: (entry.notice ?? []).join('\n'),
    offDays: entry.offDays.join('\n'),
    makeupWorkdays: (entry.makeupWorkdays ?? []).join('\n'),
    source: entry.source ?? '',
  };
}

/** 导入年度日历: one year of the State Council's holiday notice; the server checks it before it is loaded. */
export function CalendarImport({ onImported }: { onImported: (year: number) => void }) {
  const { t, te } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const draft = useFormDraft(form, `calendar-import.${me.personId}`);
  const [fileError, setFileError] = useState<string | null>(null);
  const offDays = split(Form.useWatch('offDays', form));
  const makeup = split(Form.useWatch('makeupWorkdays', form));
  const save = useMutation({
    mutationFn: (v: Values) =>
      api.post<{ version: number; previousVersion: number | null }>('/calendar/years', {
        year: v.year,
        notice: lines(v.notice),
        offDays: split(v.offDays),
        makeupWorkdays: split(v.makeupWorkdays),
        ...(v.source?.trim() ? { source: v.source.trim() } : {}),
      }),
    onSuccess: async (r, v) => {
      draft.clear();
      form.resetFields();
      await qc.invalidateQueries({ queryKey: keys.calendar });
      message.success(t('admin.calendar.imported', { year: v.year ?? '', version: r.version }));
      onImported(v.year!);
    },
  });
  const problems =
    save.error instanceof ApiError ? ((save.error.details as { problems?: string[] } | undefined)?.problems ?? []) : [];

  const readFile = async (file: File) => {
    setFileError(null);
    try {
      const v = valuesFromJson(await file.text(), form.getFieldValue('year') as number | undefined);
      if (!v) throw new Error('shape');
      form.setFieldsValue(v);
      draft.onValuesChange(null, form.getFieldsValue());
    } catch {
      setFileError(t('admin.calendar.badFile'));
    }
    return false;
  };

  return (
    <Card title={t('admin.calendar.import')} data-testid="calendar-import">
      <Typography.Paragraph type="secondary">{t('admin.calendar.importHint')}</Typography.Paragraph>
      {draft.restored && <Alert type="info" showIcon title={t('common.draftRestored')} style={{ marginBottom: 16 }} />}
      {fileError && <Alert type="error" showIcon title={fileError} role="alert" style={{ marginBottom: 16 }} />}
      {save.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="import-error"
          style={{ marginBottom: 16 }}
          title={te(save.error)}
          description={
            problems.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form<Values>
        form={form}
        name="calendar"
        layout="vertical"
        onValuesChange={draft.onValuesChange}
        onFinish={(v) => save.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('admin.calendar.year')} name="year" rules={[{ required: true, message: t('admin.required') }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('admin.calendar.source')} name="source">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('admin.calendar.notices')}
              name="notice"
              extra={t('admin.calendar.noticesHint')}
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('admin.calendar.offDays')}
              name="offDays"
              extra={t('admin.calendar.datesHint', { n: offDays.length })}
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('admin.calendar.datePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('admin.calendar.makeupDays')}
              name="makeupWorkdays"
              extra={t('admin.calendar.datesHint', { n: makeup.length })}
            >
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('admin.calendar.importSubmit')}
          </Button>
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={readFile}>
            <Button icon={<UploadOutlined />}>{t('admin.calendar.fromFile')}</Button>
          </Upload>
        </Space>
      </Form>
    </Card>
  );
}

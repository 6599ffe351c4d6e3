import type { KeyboardEvent } from 'react';
import { Button, Col, DatePicker, Form, Input, InputNumber, Select, Space, Typography, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { CLASSIFICATIONS, TITLE_MAX, URGENCIES } from '../../../contract/common';
import { GENRE_NAMES, genreFromTitle, normaliseDocNo, splitNames } from '../../../contract/official-document';

/** The registered elements of a received 公文 as the forms hold them (签收登记 and 更正登记). */
export interface RegistrationValues {
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

const list = (s?: string) => splitNames(s ?? '');

/** The request fields the values stand for (both forms send the same shape). */
export function registrationBody(v: RegistrationValues) {
  return {
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
  };
}

/**
 * Enter in a field of a long form confirms what is typed there (a date, an option), it never sends the form:
 * only the form's own button does. Text areas keep their new lines.
 */
export function keepEnterInField(e: KeyboardEvent<HTMLFormElement>) {
  const el = e.target as HTMLElement;
  if (e.key === 'Enter' && el.tagName !== 'TEXTAREA' && el.tagName !== 'BUTTON' && el.getAttribute('type') !== 'submit')
    e.preventDefault();
}

/** 签收登记 and 更正登记 fill in the same elements, laid out alike; `form` is the form they belong to. */
export function RegistrationFields({ form }: { form: FormInstance<RegistrationValues> }) {
  const { t, tv } = useI18n();
  const docNo = Form.useWatch('docNo', form);
  const classification = Form.useWatch('classification', form);
  const docNoCheck = docNo ? normaliseDocNo(docNo) : null;
  return (
    <>
      <Col xs={24} md={12}>
        <Form.Item
          label={t('incoming.field.senderName')}
          name="senderName"
          rules={[{ required: true, message: t('incoming.required.senderName') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label={t('incoming.field.docNo')}
          name="docNo"
          validateStatus={docNoCheck && !docNoCheck.ok ? 'error' : docNoCheck?.notes.length ? 'warning' : undefined}
          help={
            docNoCheck
              ? docNoCheck.ok
                ? docNoCheck.notes.length
                  ? t('incoming.docNo.normalised', { value: docNoCheck.value ?? '' })
                  : undefined
                : docNoCheck.notes.join(t('common.semi'))
              : t('incoming.docNo.hint')
          }
        >
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        {/* A pasted title longer than allowed is kept whole and counted, so the registrar sees what to shorten. */}
        <Form.Item
          label={t('incoming.field.title')}
          name="title"
          rules={[
            { required: true, message: t('incoming.required.title') },
            {
              validator: (_, v?: string) =>
                (v?.length ?? 0) > TITLE_MAX
                  ? Promise.reject(new Error(t('common.titleTooLong', { n: v!.length, max: TITLE_MAX })))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input.TextArea
            autoSize
            count={{ show: true, max: TITLE_MAX }}
            onBlur={() =>
              !form.getFieldValue('genre') &&
              form.setFieldValue('genre', genreFromTitle((form.getFieldValue('title') as string | undefined) ?? ''))
            }
          />
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
                      <Input
                        aria-label={t('incoming.field.attachmentName', { n: i + 1 })}
                        style={{ width: 'min(400px, calc(100vw - 120px))' }}
                      />
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
      <Col xs={24} md={12}>
        <Form.Item label={t('incoming.field.dueDate')} name="dueDate">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </>
  );
}

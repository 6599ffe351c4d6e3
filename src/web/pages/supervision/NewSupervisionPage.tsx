import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { api, qs } from '../../api/client';
import { useI18n } from '../../i18n';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { PersonPicker } from '../../components/flow/pickers';
import { CLASSIFICATIONS, type Classification } from '../../../contract/common';
import type { createSupervisionBodySchema, derivePreviewSchema, supervisionCreatedSchema } from '../../../contract/supervision';
import { CadenceFields, cadenceOf, cadenceValues, type CadenceValues } from './CadenceFields';
import { CATEGORY_KEYS, SOURCE_KEYS } from './parts';
import type { Supervision } from './queries';

type Body = z.input<typeof createSupervisionBodySchema>;
type Created = z.output<typeof supervisionCreatedSchema>;
type DerivePreview = z.output<typeof derivePreviewSchema>;

interface Values extends CadenceValues {
  title: string;
  source: Supervision['source'];
  sourceText?: string;
  requirement: string;
  leadUnitId: string[];
  assistingUnitIds?: string[];
  leaderPersonId?: string[];
  category: Supervision['category'];
  approverId?: string[];
  classification: Classification;
  deadlineKind: 'date' | 'workdays';
  deadlineDate?: Dayjs;
  deadlineWorkdays?: number;
  statutory: 'npc' | 'cppcc';
  difficult?: boolean;
}

const bodyOf = (v: Values): Body => ({
  title: v.title,
  source: v.source,
  sourceText: v.sourceText?.trim() || null,
  requirement: v.requirement,
  leadUnitId: v.leadUnitId[0]!,
  assistingUnitIds: v.assistingUnitIds ?? [],
  leaderPersonId: v.leaderPersonId?.[0] ?? null,
  category: v.category,
  // 重点: approved before 交办 by the 督查室主任 or the secretary-general chosen here.
  approverId: v.category === 'key' ? (v.approverId?.[0] ?? null) : null,
  classification: v.classification,
  deadline: v.deadlineKind === 'date' ? { date: v.deadlineDate!.format('YYYY-MM-DD') } : { workdays: v.deadlineWorkdays ?? 1 },
  ...cadenceOf(v),
  // The statutory clock is the kind of source, not a second choice: only 人大建议/政协提案 run on it.
  statutory: v.source === 'npcCppcc' ? v.statutory : null,
  difficult: v.source === 'npcCppcc' && Boolean(v.difficult),
});

/** 立项 by the 督查室: every field the server takes; the server checks the rules and gives the 督办编号. */
export function NewSupervisionPage() {
  const { t, tv, te } = useI18n();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deadlineKind = Form.useWatch('deadlineKind', form);
  const source = Form.useWatch('source', form);
  const leadUnit = Form.useWatch('leadUnitId', form);
  const category = Form.useWatch('category', form);
  // 转督办: opened from a 收文 (?from=) or beside a leader's 批示 on it (&opinion=), the form starts from the source.
  const [params] = useSearchParams();
  const from = params.get('from');
  const opinionId = params.get('opinion');
  const preview = useQuery({
    queryKey: ['supervision', 'derive-preview', from, opinionId],
    queryFn: () => api.get<DerivePreview>(`/supervision/derive-preview${qs({ from: from!, opinionId: opinionId ?? undefined })}`),
    enabled: Boolean(from),
  });
  const p = preview.data;
  useEffect(() => {
    if (!p) return;
    form.setFieldsValue({
      title: p.title,
      source: p.sourceKind,
      sourceText: p.sourceText,
      requirement: p.requirement,
      classification: p.classification,
    });
  }, [p, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = from
        ? await api.post<Created>(`/items/${from}/derive`, {
            kind: 'supervision',
            fields: { ...bodyOf(v), opinionId: opinionId ?? null },
          })
        : await api.post<Created>('/supervision', bodyOf(v));
      await qc.invalidateQueries({ queryKey: ['supervision'] });
      message.success(t('supervision.created', { no: r.registryNo }));
      void navigate(`/supervision/${r.itemId}`);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  const half = { xs: 24, md: 12 };
  return (
    <Card title={t('supervision.create.title')}>
      {from && preview.error && <Alert type="error" showIcon message={te(preview.error)} style={{ marginBottom: 12 }} />}
      {p && (
        <Alert
          type="info"
          showIcon
          data-testid="derive-source"
          message={t('supervision.derive.from', { no: p.source.registryNo ?? '', title: p.source.title })}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<Values>
        form={form}
        name="supervision"
        layout="vertical"
        initialValues={{
          category: 'ordinary',
          classification: CLASSIFICATIONS[0],
          deadlineKind: 'workdays',
          deadlineWorkdays: 15,
          ...cadenceValues(),
          statutory: 'npc',
        }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={t('supervision.field.title')}
              rules={[{ required: true, whitespace: true, message: t('supervision.required.title') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="source"
              label={t('supervision.field.source')}
              rules={[{ required: true, message: t('supervision.required.source') }]}
            >
              <Select options={SOURCE_KEYS.map((k) => ({ value: k, label: t(`supervision.source.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="sourceText" label={t('supervision.field.sourceText')}>
              <Input maxLength={200} placeholder={t('supervision.sourceText.hint')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="requirement"
              label={t('supervision.field.requirement')}
              rules={[{ required: true, whitespace: true, message: t('supervision.required.requirement') }]}
            >
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="leadUnitId"
              label={t('supervision.field.leadUnit')}
              rules={[{ required: true, type: 'array', min: 1, message: t('supervision.required.leadUnit') }]}
            >
              <UnitSearchSelect aria-label={t('supervision.field.leadUnit')} data-testid="lead-unit" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="assistingUnitIds" label={t('supervision.field.assistingUnits')}>
              <UnitSearchSelect
                multiple
                exclude={leadUnit ?? []}
                aria-label={t('supervision.field.assistingUnits')}
                data-testid="assisting-units"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="leaderPersonId" label={t('supervision.field.leader')}>
              <PersonPicker leadersOnly />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="category" label={t('supervision.field.category')}>
              <Radio.Group
                optionType="button"
                options={CATEGORY_KEYS.map((k) => ({ value: k, label: t(`supervision.category.${k}`) }))}
              />
            </Form.Item>
          </Col>
          {category === 'key' && (
            <Col {...half}>
              <Form.Item
                name="approverId"
                label={t('supervision.field.approver')}
                extra={t('supervision.field.approverHint')}
                rules={[{ required: true, message: t('supervision.field.approverHint') }]}
              >
                <PersonPicker />
              </Form.Item>
            </Col>
          )}
          <Col xs={12} md={6}>
            <Form.Item name="classification" label={t('supervision.field.classification')}>
              <Select options={CLASSIFICATIONS.map((c) => ({ value: c, label: tv(c) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('supervision.field.deadline')} required style={{ marginBottom: 0 }}>
              <Form.Item name="deadlineKind">
                <Radio.Group
                  options={[
                    { value: 'workdays', label: t('supervision.deadline.workdays') },
                    { value: 'date', label: t('supervision.deadline.date') },
                  ]}
                />
              </Form.Item>
              {deadlineKind === 'date' ? (
                <Form.Item name="deadlineDate" rules={[{ required: true, message: t('supervision.required.deadline') }]}>
                  <DatePicker aria-label={t('supervision.deadline.date')} />
                </Form.Item>
              ) : (
                <Form.Item name="deadlineWorkdays" rules={[{ required: true, message: t('supervision.required.deadline') }]}>
                  <InputNumber
                    min={1}
                    max={500}
                    aria-label={t('supervision.deadline.workdays')}
                    addonAfter={t('supervision.deadline.workdaysAfter')}
                  />
                </Form.Item>
              )}
            </Form.Item>
          </Col>
          <Col xs={24}>
            <CadenceFields />
          </Col>
          {source === 'npcCppcc' && (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="statutory" label={t('supervision.field.statutory')}>
                  <Radio.Group
                    options={(['npc', 'cppcc'] as const).map((k) => ({ value: k, label: t(`supervision.statutory.${k}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="difficult" valuePropName="checked" label=" ">
                  <Checkbox>{t('supervision.field.difficult')}</Checkbox>
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="supervision-submit">
          {t('supervision.create.submit')}
        </Button>
      </Form>
    </Card>
  );
}

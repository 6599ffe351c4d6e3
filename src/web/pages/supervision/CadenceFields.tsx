import { Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { useI18n } from '../../i18n';
import type { ReportCadence } from '../../../contract/supervision';

// The 报告周期 as 立项 and 修改 both ask it: the kind, its day or interval, and the reason a cadence more often than
// weekly needs (基层减负). The server holds that rule; the form marks the field required and shows its words.

/** The cadence as a form holds it: each kind's setting is kept while another kind is chosen. */
export interface CadenceValues {
  cadenceKind: ReportCadence['kind'];
  weekday?: number;
  day?: number;
  workdays?: number;
  cadenceReason?: string;
}

const CADENCES = ['once', 'weekly', 'monthly', 'quarterly', 'everyWorkdays'] as const satisfies readonly ReportCadence['kind'][];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** Reports every fewer working days than this are more often than weekly: the server asks for a reason. */
const WEEKLY_WORKDAYS = 5;

const needsReason = (kind: ReportCadence['kind'] | undefined, workdays: number | undefined) =>
  kind === 'everyWorkdays' && (workdays ?? WEEKLY_WORKDAYS) < WEEKLY_WORKDAYS;

/** The form's starting values: 立项 starts from one report on the due date, 修改 from the item's own cadence. */
export function cadenceValues(cadence: ReportCadence = { kind: 'once' }, reason: string | null = null): CadenceValues {
  const { kind, ...setting } = cadence;
  return { weekday: 1, day: 1, workdays: WEEKLY_WORKDAYS, ...setting, cadenceKind: kind, cadenceReason: reason ?? '' };
}

/** What the server takes: the cadence chosen, and its reason only where it needs one. */
export function cadenceOf(v: CadenceValues): { cadence: ReportCadence; cadenceReason: string | null } {
  return {
    cadence: cadenceChosen(v),
    cadenceReason: needsReason(v.cadenceKind, v.workdays) ? v.cadenceReason?.trim() || null : null,
  };
}

function cadenceChosen(v: CadenceValues): ReportCadence {
  switch (v.cadenceKind) {
    case 'weekly':
      return { kind: 'weekly', weekday: v.weekday ?? 1 };
    case 'monthly':
      return { kind: 'monthly', day: v.day ?? 1 };
    case 'quarterly':
      return { kind: 'quarterly', day: v.day ?? 1 };
    case 'everyWorkdays':
      return { kind: 'everyWorkdays', workdays: v.workdays ?? WEEKLY_WORKDAYS };
    default:
      return { kind: v.cadenceKind };
  }
}

/** The cadence's fields, inside a form whose values include `CadenceValues`. */
export function CadenceFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance<CadenceValues>();
  const kind = Form.useWatch('cadenceKind', form);
  const workdays = Form.useWatch('workdays', form);
  const half = { xs: 24, md: 12 };
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item name="cadenceKind" label={t('supervision.field.cadence')}>
          <Radio.Group options={CADENCES.map((k) => ({ value: k, label: t(`supervision.cadence.${k}`) }))} />
        </Form.Item>
      </Col>
      {kind === 'weekly' && (
        <Col {...half}>
          <Form.Item name="weekday" label={t('supervision.cadence.weekday')}>
            <Select options={WEEKDAYS.map((d) => ({ value: d, label: t(`supervision.weekday.${d}`) }))} />
          </Form.Item>
        </Col>
      )}
      {(kind === 'monthly' || kind === 'quarterly') && (
        <Col {...half}>
          <Form.Item name="day" label={t(kind === 'quarterly' ? 'supervision.cadence.quarterDay' : 'supervision.cadence.day')}>
            <InputNumber min={1} max={31} />
          </Form.Item>
        </Col>
      )}
      {kind === 'everyWorkdays' && (
        <Col {...half}>
          <Form.Item name="workdays" label={t('supervision.cadence.workdays')}>
            <InputNumber min={1} max={60} aria-label={t('supervision.cadence.workdays')} />
          </Form.Item>
        </Col>
      )}
      {needsReason(kind, workdays) && (
        <Col xs={24}>
          {/* Marked required; the server holds the rule and says so in its own words. */}
          <Form.Item
            name="cadenceReason"
            label={t('supervision.field.cadenceReason')}
            required
            extra={t('supervision.cadence.reasonHint')}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

import { useState, type ReactNode } from 'react';
import { App, Badge, Button, DatePicker, Select, Space, Tag } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { qs, type ApiErrorBody } from '../../api/client';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { PersonPicker } from '../../components/flow/pickers';
import { SUPERVISION_LIGHTS } from '../../../contract/supervision';
import type { FILTER_KEYS, SupervisionFilters } from './queries';
import { CATEGORY_KEYS, SOURCE_KEYS } from './parts';

// The controls above the 督办登记簿: its filters, the counts by light, and 导出Excel.

type FilterKey = (typeof FILTER_KEYS)[number];
type LightKey = (typeof SUPERVISION_LIGHTS)[number];
const LIGHT_STATUS = { green: 'success', yellow: 'warning', red: 'error', closed: 'default' } as const;

/**
 * The counts by light for the other filters, each a tag that filters by it (and clears it when clicked again).
 * The server counts them with the list, so a tag's number is what clicking it shows.
 */
export function LightCounts(props: {
  byLight: Record<LightKey, number> | undefined;
  value: string | undefined;
  onChange: (light: string | undefined) => void;
}) {
  const { t } = useI18n();
  const all = props.byLight ? Object.values(props.byLight).reduce((a, b) => a + b, 0) : null;
  return (
    <Space size={4} wrap role="group" aria-label={t('supervision.lights')} data-testid="light-counts">
      <Tag.CheckableTag checked={!props.value} onChange={() => props.onChange(undefined)}>
        {t('supervision.lights.all', { n: all ?? '…' })}
      </Tag.CheckableTag>
      {SUPERVISION_LIGHTS.map((l) => (
        <Tag.CheckableTag
          key={l}
          checked={props.value === l}
          onChange={(on) => props.onChange(on ? l : undefined)}
          data-testid={`light-count-${l}`}
        >
          <Badge
            status={LIGHT_STATUS[l]}
            text={t('supervision.lights.count', { light: t(`supervision.light.${l}`), n: props.byLight?.[l] ?? '…' })}
          />
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}

/** 导出Excel of the register with the filters on screen; a refusal (too many rows) is shown, never saved as a file. */
export function ExportButton({ filters }: { filters: SupervisionFilters }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const take = async () => {
    setBusy(true);
    try {
      const res = await fetch(`/api/v1/supervision/export.xlsx${qs(filters)}`, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
        message.error(body?.error?.message ?? t('register.failed'));
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      const named = /filename\*=UTF-8''([^;]+)/iu.exec(res.headers.get('content-disposition') ?? '');
      a.download = named ? decodeURIComponent(named[1]!) : 'supervision.xlsx';
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      message.error(t('error.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void take()} data-testid="register-export">
      {t('supervision.export')}
    </Button>
  );
}

/** The filter fields: in a bar on a wide screen, stacked in a drawer on a phone. */
export function FilterFields(props: {
  filters: SupervisionFilters;
  set: (changes: Partial<Record<FilterKey, string | undefined>>) => void;
  stacked: boolean;
}) {
  const { t } = useI18n();
  const { filters: f, set, stacked } = props;
  const width = (w: number) => (stacked ? { width: '100%' } : { width: w, maxWidth: '100%' });
  const range = (from: FilterKey, to: FilterKey, label: string) => (
    <DatePicker.RangePicker
      aria-label={label}
      placeholder={[label, label]}
      allowEmpty={[true, true]}
      inputReadOnly={stacked}
      value={f[from] || f[to] ? [f[from] ? dayjs(f[from]) : null, f[to] ? dayjs(f[to]) : null] : null}
      onChange={(v) => set({ [from]: v?.[0]?.format('YYYY-MM-DD'), [to]: v?.[1]?.format('YYYY-MM-DD') })}
      style={width(250)}
    />
  );
  const field = (label: string, control: ReactNode) =>
    stacked ? (
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }} key={label}>
        <span>{label}</span>
        {control}
      </div>
    ) : (
      <span key={label}>{control}</span>
    );
  return (
    <Space wrap orientation={stacked ? 'vertical' : 'horizontal'} style={{ width: '100%' }} size={stacked ? 12 : 8}>
      {field(
        t('supervision.field.source'),
        <Select
          allowClear
          aria-label={t('supervision.field.source')}
          placeholder={t('supervision.field.source')}
          value={f.source}
          onChange={(v?: string) => set({ source: v })}
          style={width(200)}
          options={SOURCE_KEYS.map((k) => ({ value: k, label: t(`supervision.source.${k}`) }))}
        />,
      )}
      {field(
        t('supervision.field.category'),
        <Select
          allowClear
          aria-label={t('supervision.field.category')}
          placeholder={t('supervision.field.category')}
          value={f.category}
          onChange={(v?: string) => set({ category: v })}
          style={width(110)}
          options={CATEGORY_KEYS.map((k) => ({ value: k, label: t(`supervision.category.${k}`) }))}
        />,
      )}
      {field(
        t('supervision.filter.unit'),
        <UnitSearchSelect
          allowClear
          withDisabled
          aria-label={t('supervision.filter.unit')}
          placeholder={t('supervision.filter.unit')}
          value={f.unitId ? [f.unitId] : []}
          onChange={(ids) => set({ unitId: ids[0] })}
          style={width(240)}
        />,
      )}
      {field(
        t('supervision.field.leader'),
        <div style={width(160)}>
          <PersonPicker
            leadersOnly
            allowClear
            placeholder={t('supervision.field.leader')}
            value={f.leaderId ? [f.leaderId] : []}
            onChange={(ids) => set({ leaderId: ids[0] })}
          />
        </div>,
      )}
      {field(
        t('supervision.field.state'),
        <Select
          allowClear
          aria-label={t('supervision.field.state')}
          placeholder={t('supervision.field.state')}
          value={f.state}
          onChange={(v?: string) => set({ state: v })}
          style={width(110)}
          options={(['open', 'closed'] as const).map((k) => ({ value: k, label: t(`supervision.filter.state.${k}`) }))}
        />,
      )}
      {field(t('supervision.field.openedOn'), range('openedFrom', 'openedTo', t('supervision.field.openedOn')))}
      {field(t('supervision.field.deadline'), range('dueFrom', 'dueTo', t('supervision.field.deadline')))}
    </Space>
  );
}

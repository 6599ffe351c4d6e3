import { useState, type ReactNode } from 'react';
import { App, Badge, Button, Checkbox, DatePicker, Drawer, Grid, Input, Select, Space, Typography } from 'antd';
import {
  FileExcelOutlined,
  FilterOutlined,
  PrinterOutlined,
  SortAscendingOutlined,
  SortDescendingOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, qs, type ApiErrorBody } from '../../api/client';
import type { Department } from '../../api/types';
import { UnitSearchSelect } from '../UnitSearchSelect';
import { useMe } from '../../auth';
import { useI18n, type MessageKey } from '../../i18n';
import { URGENCIES } from '../../../contract/common';
import { REGISTER_SORTS } from '../../../contract/register';
import { activeFilters, type RegisterFilters } from './register-query';

interface RegisterLabels {
  search: MessageKey;
  dateRange: MessageKey;
  dateHint?: MessageKey;
  party: MessageKey;
  handler: MessageKey;
}

/** Sections of one's own unit, offered above the organisation's units in the handling-unit filter. */
function useSections() {
  const { t } = useI18n();
  const me = useMe();
  const ownUnitId = me.posts.find((p) => p.id === me.currentPostId)?.unitId ?? null;
  const depts = useQuery({
    queryKey: ['departments', ownUnitId],
    queryFn: () => api.get<{ items: Department[] }>(`/org/units/${ownUnitId}/departments`),
    enabled: Boolean(ownUnitId),
    staleTime: 300_000,
  });
  return {
    ownUnitId,
    sections: { label: t('flow.pick.sections'), options: (depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })) },
  };
}

/** The filter fields, for the bar above the list on a wide screen and for the drawer on a phone. */
function FilterFields({
  value,
  onChange,
  states,
  labels,
  stacked,
}: {
  value: RegisterFilters;
  onChange: (f: RegisterFilters) => void;
  states: { key: string; name: string }[];
  labels: RegisterLabels;
  stacked: boolean;
}) {
  const { t, tv } = useI18n();
  const { ownUnitId, sections } = useSections();
  const [party, setParty] = useState(value.party ?? '');
  const width = (w: number) => (stacked ? { width: '100%' } : { width: w });
  const today = dayjs();
  const range: [Dayjs, Dayjs] | null =
    value.from || value.to ? [value.from ? dayjs(value.from) : today, value.to ? dayjs(value.to) : today] : null;
  const field = (label: string, control: ReactNode, id?: string) =>
    stacked ? (
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        <label htmlFor={id}>{label}</label>
        {control}
      </div>
    ) : (
      control
    );
  return (
    <Space
      wrap
      orientation={stacked ? 'vertical' : 'horizontal'}
      style={stacked ? { width: '100%' } : undefined}
      size={stacked ? 12 : 8}
    >
      {field(
        t(labels.dateRange),
        <DatePicker.RangePicker
          id="register-date"
          aria-label={t(labels.dateRange)}
          placeholder={[t(labels.dateRange), t(labels.dateRange)]}
          value={range}
          style={width(250)}
          inputReadOnly={stacked}
          presets={[
            { label: t('register.thisMonth'), value: [today.startOf('month'), today.endOf('month')] },
            {
              label: t('register.lastMonth'),
              value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')],
            },
            { label: t('register.thisYear'), value: [today.startOf('year'), today.endOf('year')] },
            {
              label: t('register.lastYear'),
              value: [today.subtract(1, 'year').startOf('year'), today.subtract(1, 'year').endOf('year')],
            },
          ]}
          onChange={(r) => {
            const { from: _f, to: _t, ...rest } = value;
            onChange(r?.[0] && r[1] ? { ...rest, from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') } : rest);
          }}
        />,
        'register-date',
      )}
      {field(
        t(labels.party),
        <Input.Search
          id="register-party"
          aria-label={t(labels.party)}
          placeholder={t(labels.party)}
          allowClear
          value={party}
          onChange={(e) => {
            setParty(e.target.value);
            // Cleared with the ×: the filter goes at once.
            if (!e.target.value && value.party) onChange({ ...value, party: undefined });
          }}
          onSearch={(v) => onChange({ ...value, party: v.trim() || undefined })}
          onBlur={() => party.trim() !== (value.party ?? '') && onChange({ ...value, party: party.trim() || undefined })}
          style={width(180)}
        />,
        'register-party',
      )}
      {field(
        t('register.state'),
        <Select
          id="register-state"
          aria-label={t('register.state')}
          allowClear
          placeholder={t('register.state')}
          value={value.state}
          style={width(120)}
          onChange={(v?: string) => onChange({ ...value, state: v })}
          options={states.map((s) => ({ value: s.key, label: tv(s.name) }))}
        />,
        'register-state',
      )}
      {field(
        t('register.urgency'),
        <Select
          id="register-urgency"
          aria-label={t('register.urgency')}
          allowClear
          placeholder={t('register.urgency')}
          value={value.urgency}
          style={width(110)}
          onChange={(v?: string) => onChange({ ...value, urgency: v })}
          options={URGENCIES.map((u) => ({ value: u, label: tv(u) }))}
        />,
        'register-urgency',
      )}
      {field(
        t(labels.handler),
        <UnitSearchSelect
          id="register-handler"
          aria-label={t(labels.handler)}
          allowClear
          withDisabled
          placeholder={t(labels.handler)}
          value={value.handler ? [value.handler] : []}
          exclude={ownUnitId ? [ownUnitId] : []}
          first={sections}
          unitsLabel={t('flow.pick.units')}
          style={width(180)}
          onChange={([v]) => onChange({ ...value, handler: v })}
        />,
        'register-handler',
      )}
      <Checkbox
        checked={Boolean(value.overdue)}
        onChange={(e) => onChange({ ...value, overdue: e.target.checked || undefined })}
        data-testid="filter-overdue"
      >
        {t('register.overdue')}
      </Checkbox>
      <Checkbox
        checked={Boolean(value.toFile)}
        onChange={(e) => onChange({ ...value, toFile: e.target.checked || undefined })}
        data-testid="filter-to-file"
      >
        {t('register.toFile')}
      </Checkbox>
      {stacked && labels.dateHint && <Typography.Text type="secondary">{t(labels.dateHint)}</Typography.Text>}
    </Space>
  );
}

function SortControl({
  value,
  onChange,
  defaultSort,
}: {
  value: RegisterFilters;
  onChange: (f: RegisterFilters) => void;
  defaultSort: RegisterFilters['sort'] & string;
}) {
  const { t } = useI18n();
  const sort = value.sort ?? defaultSort;
  const dir = value.dir ?? (sort === 'deadline' ? 'asc' : 'desc');
  return (
    <Space.Compact>
      <Select
        aria-label={t('register.sort')}
        value={sort}
        style={{ width: 120 }}
        onChange={(s) => onChange({ ...value, sort: s, dir: undefined })}
        options={REGISTER_SORTS.map((s) => ({ value: s, label: t(`register.sort.${s}`) }))}
      />
      <Button
        aria-label={t(dir === 'asc' ? 'register.dir.asc' : 'register.dir.desc')}
        title={t(dir === 'asc' ? 'register.dir.asc' : 'register.dir.desc')}
        icon={dir === 'asc' ? <SortAscendingOutlined /> : <SortDescendingOutlined />}
        onClick={() => onChange({ ...value, sort, dir: dir === 'asc' ? 'desc' : 'asc' })}
        data-testid="sort-dir"
      />
    </Space.Compact>
  );
}

/**
 * 导出 (.xlsx) and 打印 (PDF) of the register with the filters on screen. The server refuses more rows than it
 * writes at once with a message saying so; that message is shown here, never saved as a file.
 */
function OutputButtons({ module, query }: { module: string; query: Record<string, string | number | undefined> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'xlsx' | 'pdf' | null>(null);
  const take = async (format: 'xlsx' | 'pdf') => {
    // The tab for the printout is opened by the click itself, or a browser would take it for a pop-up.
    const tab = format === 'pdf' ? window.open('', '_blank') : null;
    setBusy(format);
    try {
      const res = await fetch(`/api/v1/${module}/register.${format}${qs(query)}`, { credentials: 'same-origin' });
      if (!res.ok) {
        tab?.close();
        const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
        message.error(body?.error?.message ?? t('register.failed'));
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        const named = /filename\*=UTF-8''([^;]+)/iu.exec(res.headers.get('content-disposition') ?? '');
        a.download = named ? decodeURIComponent(named[1]!) : `register.${format}`;
        a.click();
      }
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      tab?.close();
      message.error(t('error.network'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space.Compact>
      <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => take('xlsx')} data-testid="register-export">
        {t('register.export')}
      </Button>
      <Button icon={<PrinterOutlined />} loading={busy === 'pdf'} onClick={() => take('pdf')} data-testid="register-print">
        {t('register.print')}
      </Button>
    </Space.Compact>
  );
}

/**
 * Search, filters, order, 导出 and 打印 above a register. On a wide screen the filters sit in a bar and apply as
 * they change; on a phone they collapse into a drawer applied with one button, so the list keeps the screen.
 */
export function RegisterToolbar(props: {
  module: string;
  filters: RegisterFilters;
  setFilters: (f: RegisterFilters) => void;
  serverQuery: Record<string, string | number | undefined>;
  states: { key: string; name: string }[];
  labels: RegisterLabels;
  defaultSort: 'date' | 'number' | 'deadline';
  count: ReactNode;
}) {
  const { t } = useI18n();
  const mobile = Grid.useBreakpoint().md === false;
  const { filters, setFilters, labels } = props;
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<RegisterFilters>(filters);
  const n = activeFilters(filters);
  const search = (
    <Input.Search
      key={filters.q ?? ''}
      aria-label={t(labels.search)}
      placeholder={t(labels.search)}
      allowClear
      defaultValue={filters.q}
      onSearch={(v) => setFilters({ ...filters, q: v.trim() || undefined })}
      style={{ width: mobile ? '100%' : 300 }}
    />
  );
  if (mobile) {
    return (
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} size={8}>
        {search}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Badge count={n} size="small">
            <Button icon={<FilterOutlined />} onClick={() => (setDraft(filters), setOpen(true))} data-testid="register-filters">
              {t('register.filters')}
            </Button>
          </Badge>
          <SortControl value={filters} onChange={setFilters} defaultSort={props.defaultSort} />
          <OutputButtons module={props.module} query={props.serverQuery} />
        </div>
        {props.count}
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          placement="bottom"
          size="large"
          title={t('register.filters')}
          footer={
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button onClick={() => setDraft({ q: filters.q, sort: filters.sort, dir: filters.dir })}>
                {t('register.reset')}
              </Button>
              <Button type="primary" onClick={() => (setFilters(draft), setOpen(false))} data-testid="register-apply">
                {t('register.apply')}
              </Button>
            </Space>
          }
        >
          <FilterFields key={String(open)} value={draft} onChange={setDraft} states={props.states} labels={labels} stacked />
        </Drawer>
      </Space>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} size={8}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        {search}
        <SortControl value={filters} onChange={setFilters} defaultSort={props.defaultSort} />
        <OutputButtons module={props.module} query={props.serverQuery} />
        {n > 0 && (
          <Button type="link" onClick={() => setFilters({ q: filters.q, sort: filters.sort, dir: filters.dir })}>
            {t('register.reset')}
          </Button>
        )}
      </div>
      <FilterFields
        key={JSON.stringify(filters)}
        value={filters}
        onChange={setFilters}
        states={props.states}
        labels={labels}
        stacked={false}
      />
      {props.count}
    </Space>
  );
}

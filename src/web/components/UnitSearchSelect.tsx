import { useState, type CSSProperties, type ReactNode } from 'react';
import { Select, Spin, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { UnitList } from '../api/types';
import { useI18n } from '../i18n';
import { useSettled } from '../settled';

/** How many units one search shows; more than this and the list says to type more of the name. */
const SHOWN = 50;
/** The pause after the last key before the server is asked (a name is typed in bursts, an IME commits at once). */
const SETTLE_MS = 250;

interface Labelled {
  value: string;
  label: ReactNode;
}

interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

const holds = (text: string, part: string) => !part || text.toLowerCase().includes(part.toLowerCase());

export const unitSearchKey = (q: string) => ['units', 'search', q] as const;
export const searchUnits = (q: string) => api.get<UnitList>(`/org/units${qs({ q: q || undefined, limit: SHOWN })}`);

/**
 * Units whose full or short name holds the text typed: the server's answer for the text once it settles, narrowed here
 * to what was typed since, so the list never offers (nor Enter takes) a unit the text no longer names.
 */
export function useUnitSearch(text: string, enabled: boolean) {
  const typed = text.trim();
  const q = useSettled(typed, SETTLE_MS);
  const res = useQuery({
    queryKey: unitSearchKey(q),
    queryFn: () => searchUnits(q),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const busy = res.isFetching || q !== typed;
  return {
    typed,
    busy,
    items: (res.data?.items ?? []).filter((u) => holds(u.name, typed) || holds(u.shortName, typed)),
    truncated: !busy && Boolean(res.data?.truncated),
  };
}

/**
 * Chooses units of the organisation by typing part of a full or short name: the server searches (a province has about
 * a thousand units, so none is loaded before the list is opened), and values the page opens with are named by id.
 * `first` is a short list of the page's own (one's unit's sections) shown above the units, filtered here as typed;
 * its values must not be unit ids. Disabled units are offered only when `withDisabled` (a register's filter, which
 * looks back); for new work they show greyed.
 */
export function UnitSearchSelect({
  id,
  value = [],
  onChange,
  multiple,
  exclude = [],
  first,
  unitsLabel,
  withDisabled,
  allowClear,
  placeholder,
  style,
  'aria-label': ariaLabel,
  'data-testid': testId,
}: {
  id?: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
  multiple?: boolean;
  /** Units not to offer (one's own unit, when work goes to others). */
  exclude?: string[];
  first?: { label: string; options: Option[] };
  /** The heading of the units' group when `first` is shown. */
  unitsLabel?: string;
  withDisabled?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const search = useUnitSearch(typed, open);
  // Names of units chosen here, so a value keeps its name when a later search no longer lists it.
  const [known, setKnown] = useState<Record<string, string>>({});
  const firstValues = new Set((first?.options ?? []).map((o) => o.value));
  // Only values this picker did not choose itself (the page opened with them) are named by asking the server.
  const unnamed = value.filter((v) => !firstValues.has(v) && !(v in known)).sort();
  const names = useQuery({
    queryKey: ['units', 'ids', unnamed],
    queryFn: () => api.get<UnitList>(`/org/units${qs({ ids: unnamed.join(',') })}`),
    enabled: unnamed.length > 0,
    staleTime: 300_000,
  });
  const nameOf = (u: UnitList['items'][number]) => (u.disabled ? `${u.name}${t('unitPicker.disabled')}` : u.name);
  const named = Object.fromEntries((names.data?.items ?? []).map((u) => [u.id, nameOf(u)]));

  const skip = new Set(exclude);
  const units: Option[] = search.items
    .filter((u) => !skip.has(u.id))
    .map((u) => ({ value: u.id, label: nameOf(u), disabled: u.disabled && !withDisabled }));
  const ownFirst = (first?.options ?? []).filter((o) => holds(o.label, search.typed));
  const options =
    first && ownFirst.length
      ? [
          { label: first.label, options: ownFirst },
          { label: unitsLabel, options: units },
        ]
      : units;
  const labelOf = (v: string) =>
    first?.options.find((o) => o.value === v)?.label ?? units.find((o) => o.value === v)?.label ?? named[v] ?? known[v];
  // Values go to the Select with their names (labelInValue): one the page opened with is named by id, not shown as one.
  const labelled = value.map((v) => ({ value: v, label: labelOf(v) ?? <Spin size="small" /> }));

  const choose = (v: Labelled | Labelled[] | undefined) => {
    const ids = (Array.isArray(v) ? v : v ? [v] : []).map((x) => x.value);
    setKnown((k) => ({ ...k, ...Object.fromEntries(ids.flatMap((x) => (labelOf(x) ? [[x, labelOf(x)!]] : []))) }));
    setTyped('');
    onChange?.(ids);
  };
  return (
    <Select<Labelled | Labelled[]>
      id={id}
      aria-label={ariaLabel}
      mode={multiple ? 'multiple' : undefined}
      labelInValue
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('unitPicker.placeholder')}
      value={multiple ? labelled : labelled[0]}
      onChange={choose}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setTyped('');
      }}
      options={options}
      // Past the limit the list says so below itself, where it stays in view however far the list is scrolled.
      popupRender={(menu) => (
        <>
          {menu}
          {search.truncated && (
            <Typography.Text
              type="secondary"
              style={{ display: 'block', padding: '6px 12px 2px' }}
              data-testid="unit-picker-more"
            >
              {t('unitPicker.more')}
            </Typography.Text>
          )}
        </>
      )}
      // Full names run long (中共江州市东湖区委办公室); a narrow filter's list is wider than the field, within a phone's width.
      popupMatchSelectWidth={280}
      loading={search.busy && open}
      notFoundContent={search.busy ? <Spin size="small" /> : t('unitPicker.notFound', { q: search.typed })}
      style={{ width: '100%', ...style }}
      data-testid={testId}
    />
  );
}

import { useRef, useState, type ReactNode } from 'react';
import { Select, Spin, Tag, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Unit } from '../../api/types';
import { searchUnits, unitSearchKey, useUnitSearch } from '../../components/UnitSearchSelect';
import type { OrganRef } from '../../../contract/outgoing-draft';
import { splitNames } from '../../../contract/official-document';
import { useI18n } from '../../i18n';

const UNIT = 'u:';
// A name beginning with 各 ("each …") names a class of organs, e.g. 各县（市、区）委.
const CLASS_PREFIX = '\u5404';

type NamedUnit = Pick<Unit, 'id' | 'name' | 'shortName'>;

/** An organ as the document names it: a unit of this deployment, or a name typed in (a class of organs, an outside organ). */
function organOf(value: string, units: NamedUnit[]): OrganRef {
  if (value.startsWith(UNIT)) {
    const u = units.find((x) => x.id === value.slice(UNIT.length));
    if (u) return { name: u.name, unitId: u.id, kind: 'organ' };
  }
  const name = value.trim();
  // A unit's full or short name typed out in full is that unit.
  const u = units.find((x) => x.name === name || x.shortName === name);
  if (u) return { name: u.name, unitId: u.id, kind: 'organ' };
  return { name, unitId: null, kind: name.startsWith(CLASS_PREFIX) ? 'class' : 'organ' };
}

/** The organ a name (a 来文单位) names, found by the server's unit search: the unit of that full or short name, else the name. */
export function useOrganNamed(name: string | undefined) {
  const res = useQuery({
    queryKey: unitSearchKey(name ?? ''),
    queryFn: () => searchUnits(name ?? ''),
    enabled: Boolean(name),
    staleTime: 60_000,
  });
  return { isLoading: res.isLoading, organ: organOf(name ?? '', res.data?.items ?? []) };
}

/** Units of this deployment before names typed in, so Enter takes the unit a partial name finds, never the typed text. */
const unitsFirst = (a: { value?: unknown }, b: { value?: unknown }) =>
  Number(!String(a.value).startsWith(UNIT)) - Number(!String(b.value).startsWith(UNIT));

/**
 * 发文机关, 主送, 抄送: units picked from the organisation by name, or any name typed and confirmed with Enter
 * (several at once when separated by 、 or commas). Units keep their id so the routing checks know them; a
 * name typed in is an organ outside the system (核发 cannot reach it) and looks it, in the list and as a tag.
 */
export function OrganPicker({
  id,
  value,
  onChange,
  placeholder,
}: {
  id: string;
  value: OrganRef[];
  onChange: (v: OrganRef[]) => void;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const search = useUnitSearch(typed, open);
  const found = search.items.filter((u) => !u.disabled);
  const keyOf = (r: OrganRef) => (r.unitId ? `${UNIT}${r.unitId}` : r.name);
  const distinct = (refs: OrganRef[]) => {
    const seen = new Set<string>();
    return refs.filter((r) => (seen.has(keyOf(r)) ? false : (seen.add(keyOf(r)), true)));
  };
  // The value as last given, for a name typed in whose unit the server finds after the change was made.
  const latest = useRef(value);
  latest.current = value;

  /** Names typed in (or pasted, several at once) that the units found so far do not hold are looked up by name. */
  const findUnits = async (names: string[]) => {
    const units = await Promise.all(
      names.map((name) =>
        qc
          .fetchQuery({ queryKey: unitSearchKey(name), queryFn: () => searchUnits(name), staleTime: 60_000 })
          .then((res) =>
            organOf(
              name,
              res.items.filter((u) => !u.disabled),
            ),
          )
          .catch(() => null),
      ),
    );
    const byName = new Map(units.flatMap((r, i) => (r?.unitId ? [[names[i]!, r] as const] : [])));
    if (!byName.size) return;
    onChange(distinct(latest.current.map((r) => (r.unitId ? r : (byName.get(r.name) ?? r)))));
  };

  const options = [
    ...found.map((u) => ({ value: `${UNIT}${u.id}`, label: u.name, search: `${u.name} ${u.shortName}` })),
    // Organs already chosen that the search does not hold (a 内设机构, a name typed in) keep their label.
    ...value
      .filter((r) => r.unitId && !found.some((u) => u.id === r.unitId))
      .map((r) => ({ value: keyOf(r), label: r.name, search: r.name })),
  ];
  const choose = (picked: { value: string }[]) => {
    const held = value.filter((r) => r.unitId).map((r) => ({ id: r.unitId!, name: r.name, shortName: r.name }));
    const refs = picked
      .flatMap(({ value: k }) => (k.startsWith(UNIT) ? [k] : splitNames(k)))
      .map((k) => organOf(k, [...found, ...held]));
    const next = distinct(refs);
    setTyped('');
    onChange(next);
    const unknown = next.filter((r) => !r.unitId && r.kind === 'organ' && !value.some((v) => v.name === r.name));
    if (unknown.length) void findUnits(unknown.map((r) => r.name));
  };
  return (
    <Select<{ value: string; label: ReactNode }[]>
      id={id}
      mode="tags"
      labelInValue
      aria-label={placeholder}
      placeholder={placeholder ?? t('outgoing.organ.placeholder')}
      // Each organ keeps the name the document gives it; units come from the server's search as typed.
      value={value.map((r) => ({ value: keyOf(r), label: r.name }))}
      options={options}
      tokenSeparators={['\u3001', ',', '\uff0c', ';', '\uff1b']}
      // The server has searched; the filter here also narrows what tags mode adds itself (the organs chosen), so Enter
      // never takes a chosen unit the typed text does not name (which would remove it).
      showSearch={{ optionFilterProp: 'search', onSearch: setTyped, filterSort: unitsFirst }}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setTyped('');
      }}
      notFoundContent={search.busy ? <Spin size="small" /> : null}
      optionRender={(o) =>
        String(o.value).startsWith(UNIT) ? (
          o.label
        ) : (
          <span className="od-organ-outside-option">
            <GlobalOutlined />{' '}
            {value.some((r) => keyOf(r) === o.value)
              ? String(o.value)
              : t('outgoing.organ.addOutside', { name: String(o.value) })}
          </span>
        )
      }
      tagRender={({ label, value: key, closable, onClose }) => {
        const outside = !String(key).startsWith(UNIT);
        const tag = (
          <Tag
            closable={closable}
            onClose={onClose}
            onMouseDown={(e) => e.preventDefault()}
            color={outside ? 'warning' : undefined}
            icon={outside ? <GlobalOutlined /> : undefined}
            className={outside ? 'od-organ-outside' : undefined}
            data-testid={outside ? 'organ-outside' : 'organ-unit'}
            style={{ marginInlineEnd: 4 }}
          >
            {label}
          </Tag>
        );
        return outside ? <Tooltip title={t('outgoing.organ.outside')}>{tag}</Tooltip> : tag;
      }}
      loading={search.busy && open}
      onChange={choose}
      style={{ width: '100%' }}
      data-testid={`organ-${id}`}
    />
  );
}

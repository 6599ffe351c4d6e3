import { Select, Tag, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Unit } from '../../api/types';
import type { OrganRef } from '../../../contract/outgoing-draft';
import { splitNames } from '../../../contract/official-document';
import { useI18n } from '../../i18n';

const UNIT = 'u:';
// A name beginning with 各 ("each …") names a class of organs, e.g. 各县（市、区）委.
const CLASS_PREFIX = '\u5404';

export const useUnits = () =>
  useQuery({ queryKey: ['units'], queryFn: () => api.get<{ items: Unit[] }>('/org/units'), staleTime: 5 * 60_000 });

/** An organ as the document names it: a unit of this deployment, or a name typed in (a class of organs, an outside organ). */
export function organOf(value: string, units: Unit[]): OrganRef {
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
  const units = useUnits();
  const all = (units.data?.items ?? []).filter((u) => !u.disabled);
  const keyOf = (r: OrganRef) => (r.unitId ? `${UNIT}${r.unitId}` : r.name);
  const known = new Set(all.map((u) => `${UNIT}${u.id}`));
  const options = [
    ...all.map((u) => ({ value: `${UNIT}${u.id}`, label: u.name, search: `${u.name} ${u.shortName}` })),
    // Organs already chosen that the list does not hold (a 内设机构, a name typed in) keep their label.
    ...value.filter((r) => !known.has(keyOf(r)) && r.unitId).map((r) => ({ value: keyOf(r), label: r.name, search: r.name })),
  ];
  return (
    <Select
      id={id}
      mode="tags"
      aria-label={placeholder}
      placeholder={placeholder ?? t('outgoing.organ.placeholder')}
      value={value.map(keyOf)}
      options={options}
      tokenSeparators={['\u3001', ',', '\uff0c', ';', '\uff1b']}
      showSearch={{ optionFilterProp: 'search', filterSort: unitsFirst }}
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
      loading={units.isLoading}
      onChange={(keys: string[]) => {
        const refs = keys.flatMap((k) => (k.startsWith(UNIT) ? [k] : splitNames(k))).map((k) => organOf(k, all));
        const seen = new Set<string>();
        onChange(refs.filter((r) => (seen.has(keyOf(r)) ? false : (seen.add(keyOf(r)), true))));
      }}
      style={{ width: '100%' }}
      data-testid={`organ-${id}`}
    />
  );
}

import { useState } from 'react';
import { Select, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { Page, Person, Unit } from '../api/types';
import { useI18n, type Translate } from '../i18n';
import { useUnits } from './queries';

/** A chosen person with the label shown for them, kept together so a restored draft still reads well. */
export interface PersonChoice {
  value: string;
  label: string;
}

/** "Name (unit · title; …)" — posts tell apart two people of one name. */
function personLabel(p: Person, t: Translate): string {
  const posts = p.posts.map((x) => `${x.unitName} · ${x.title}`);
  return posts.length
    ? `${p.name}${t('common.paren', { x: posts.join(t('common.semi')) })}`
    : p.username
      ? `${p.name}${t('common.paren', { x: p.username })}`
      : p.name;
}

interface PersonSelectProps {
  id?: string;
  value?: PersonChoice | null;
  onChange?: (v: PersonChoice | null) => void;
  /** Only people who hold a post: those who can act in the office's work (not the three administrators). */
  withPosts?: boolean;
  exclude?: string;
  allowClear?: boolean;
  'aria-label'?: string;
}

/** Chooses one person by name or user name, searching the server as the user types. */
export function PersonSelect({
  id,
  value,
  onChange,
  withPosts,
  exclude,
  allowClear,
  'aria-label': ariaLabel,
}: PersonSelectProps) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const res = useQuery({
    queryKey: ['admin', 'people', 'pick', q],
    queryFn: () => api.get<Page<Person>>(`/org/people${qs({ q: q || undefined, limit: 50 })}`),
    placeholderData: (p) => p,
  });
  const options = (res.data?.items ?? [])
    .filter((p) => (!withPosts || p.posts.length > 0) && p.id !== exclude)
    .map((p) => ({ value: p.id, label: personLabel(p, t) }));
  if (value && !options.some((o) => o.value === value.value)) options.unshift(value);
  return (
    <Select<PersonChoice>
      id={id}
      aria-label={ariaLabel}
      labelInValue
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={allowClear}
      placeholder={t('admin.pick.person')}
      notFoundContent={t('admin.pick.noPerson')}
      loading={res.isFetching}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ? { value: v.value, label: String(v.label) } : null)}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

export interface UnitNode {
  value: string;
  title: string;
  key: string;
  children: UnitNode[];
}

/** The units as a tree, by parentId; a unit whose parent is missing becomes a root. */
export function unitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, key: u.id, title: u.name, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const u of units) {
    const n = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

/** Chooses a unit from the organisation tree, searchable by name. */
export function UnitSelect({
  id,
  value,
  onChange,
  allowClear,
  'aria-label': ariaLabel,
}: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  allowClear?: boolean;
  'aria-label'?: string;
}) {
  const { t } = useI18n();
  const units = useUnits();
  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      treeDefaultExpandAll
      placeholder={t('admin.pick.unit')}
      loading={units.isLoading}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={unitTree(units.data ?? [])}
      style={{ width: '100%' }}
    />
  );
}

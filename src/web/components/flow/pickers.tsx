import { useState } from 'react';
import { Button, DatePicker, Select, Space, Radio, type SelectProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, qs } from '../../api/client';
import type { Department, Page, Person, Unit } from '../../api/types';
import { useI18n } from '../../i18n';

/** Chooses people by name; shows each person's posts so two people of one name can be told apart. */
export interface SuggestedPeople {
  /** The heading of the suggested group, e.g. the principal leaders for 签发. */
  label: string;
  people: { id: string; label: string }[];
}

export function PersonPicker({ value, onChange, multiple, leadersOnly, id, suggested }: {
  value?: string[];
  onChange?: (v: string[]) => void;
  multiple?: boolean;
  leadersOnly?: boolean;
  id?: string;
  /** People offered first, above the search results (they are found whatever is typed matches their name). */
  suggested?: SuggestedPeople;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const res = useQuery({ queryKey: ['people', q], queryFn: () => api.get<Page<Person>>(`/org/people${qs({ q: q || undefined, limit: 50 })}`) });
  const people = (res.data?.items ?? []).filter((p) => p.posts.length && (!leadersOnly || p.posts.some((x) => x.isLeader)));
  const found = people.map((p) => ({ value: p.id, label: `${p.name}${t('common.paren', { x: p.posts.map((x) => x.title).join(t('common.semi')) })}` }));
  const top = (suggested?.people ?? []).filter((p) => !q || p.label.includes(q)).map((p) => ({ value: p.id, label: p.label }));
  const options: SelectProps['options'] = top.length
    ? [
        { label: suggested!.label, options: top },
        { label: t('flow.pick.others'), options: found.filter((o) => !top.some((x) => x.value === o.value)) },
      ]
    : found;
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={t('flow.pick.person')}
      value={multiple ? value : value?.[0]}
      onChange={(v: string | string[]) => onChange?.(Array.isArray(v) ? v : v ? [v] : [])}
      loading={res.isLoading}
      style={{ width: '100%' }}
      options={options}
      data-testid="person-picker"
    />
  );
}

export interface UnitChoice {
  unitId?: string;
  departmentId?: string;
  role: 'lead' | 'assisting';
  dueDate?: string | null;
}

/**
 * Units that act next, units of the organisation or sections of the office, each with a due date. For 分办 one
 * is the lead (主办) and the others assist (协办); where the step has no lead (会商), `roles` is false.
 */
export function UnitsPicker({ value = [], onChange, ownUnitId, roles = true }: { value?: UnitChoice[]; onChange?: (v: UnitChoice[]) => void; ownUnitId: string | null; roles?: boolean }) {
  const { t } = useI18n();
  const units = useQuery({ queryKey: ['units'], queryFn: () => api.get<{ items: Unit[] }>('/org/units') });
  const depts = useQuery({ queryKey: ['departments', ownUnitId], queryFn: () => api.get<{ items: Department[] }>(`/org/units/${ownUnitId}/departments`), enabled: Boolean(ownUnitId) });
  const options = [
    { label: t('flow.pick.sections'), options: (depts.data?.items ?? []).map((d) => ({ value: `d:${d.id}`, label: d.name })) },
    { label: t('flow.pick.units'), options: (units.data?.items ?? []).filter((u) => u.id !== ownUnitId).map((u) => ({ value: `u:${u.id}`, label: u.name })) },
  ];
  const set = (i: number, patch: Partial<UnitChoice>) => onChange?.(value.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {value.map((v, i) => (
        <Space key={i} wrap style={{ width: '100%' }} data-testid="unit-row">
          {roles && <Radio.Group value={v.role} onChange={(e) => onChange?.(value.map((x, j) => ({ ...x, role: j === i ? e.target.value : e.target.value === 'lead' ? 'assisting' : x.role })))} optionType="button" size="small"
            options={[{ value: 'lead', label: t('flow.role.lead') }, { value: 'assisting', label: t('flow.role.assisting') }]} />}
          <Select
            aria-label={t('flow.pick.unit')}
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 220 }}
            value={v.unitId ? `u:${v.unitId}` : v.departmentId ? `d:${v.departmentId}` : undefined}
            options={options}
            onChange={(x: string) => set(i, x.startsWith('u:') ? { unitId: x.slice(2), departmentId: undefined } : { departmentId: x.slice(2), unitId: undefined })}
          />
          <DatePicker
            aria-label={t('flow.dueDate')}
            // Enter confirms the typed date; it must not also submit the whole 分办 with the rows so far.
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            value={v.dueDate ? dayjs(v.dueDate) : null} onChange={(d) => set(i, { dueDate: d ? d.format('YYYY-MM-DD') : null })} />
          <Button aria-label={t('common.remove')} icon={<DeleteOutlined />} onClick={() => onChange?.(value.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => onChange?.([...value, { role: !roles || value.some((v) => v.role === 'lead') ? 'assisting' : 'lead' }])}>
        {t('flow.pick.addUnit')}
      </Button>
    </Space>
  );
}

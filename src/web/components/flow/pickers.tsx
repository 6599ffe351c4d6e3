import { useState } from 'react';
import { Button, DatePicker, Select, Space, Radio } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, qs } from '../../api/client';
import type { Department, Page, Person } from '../../api/types';
import { UnitSearchSelect } from '../UnitSearchSelect';
import type { PersonBrief } from '../../../contract/flow';
import { useI18n } from '../../i18n';

/** People a page offers first in place of the step's own suggestion, under a heading of its own (签发: the principals). */
export interface SuggestedPeople {
  label: string;
  people: PersonBrief[];
}

/**
 * Chooses people by name; shows each person's posts so two people of one name can be told apart. With `suggested`
 * (worked out by the server from the organisation: the office director for 拟办, the drafter's 科长 for 核稿, the
 * issuing unit's leaders for 签发) the list opens on them; anyone else the step allows is found by typing a name.
 */
export function PersonPicker({
  value,
  onChange,
  multiple,
  leadersOnly,
  suggested,
  suggestedLabel,
  id,
  exclude,
  placeholder,
  allowClear,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  multiple?: boolean;
  leadersOnly?: boolean;
  suggested?: PersonBrief[];
  /** The heading of the suggested group (default 建议). */
  suggestedLabel?: string | undefined;
  id?: string;
  /** People not to offer (the holder of the task, when handing it on). */
  exclude?: string[];
  /** What the empty field says (default: type a name to find someone); a filter names what it filters. */
  placeholder?: string;
  allowClear?: boolean;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  const offering = Boolean(suggested?.length) && !q;
  const res = useQuery({
    queryKey: ['people', q],
    queryFn: () => api.get<Page<Person>>(`/org/people${qs({ q: q || undefined, limit: 50 })}`),
    enabled: !offering,
  });
  const skip = new Set(exclude ?? []);
  const label = (name: string, titles: string[]) => {
    const known = titles.filter(Boolean);
    return known.length ? `${name}${t('common.paren', { x: known.join(t('common.semi')) })}` : name;
  };
  // A unit's leaders are its own leadership posts, not a section's head.
  const people = (res.data?.items ?? []).filter(
    (p) => !skip.has(p.id) && p.posts.length && (!leadersOnly || p.posts.some((x) => x.isLeader && !x.departmentId)),
  );
  const matches = (name: string) => !q || name.includes(q);
  const first = (suggested ?? [])
    .filter((p) => !skip.has(p.id) && matches(p.name))
    .map((p) => ({ value: p.id, label: label(p.name, [p.title]) }));
  const firstIds = new Set(first.map((o) => o.value));
  const rest = offering
    ? []
    : people
        .filter((p) => !firstIds.has(p.id))
        .map((p) => ({
          value: p.id,
          label: label(
            p.name,
            p.posts.map((x) => x.title),
          ),
        }));
  type Option = { value: string; label: string; disabled?: boolean };
  const groups: (Option | { label: string; options: Option[] })[] = first.length
    ? [
        { label: suggestedLabel ?? t('flow.pick.suggested'), options: first },
        offering
          ? { label: t('flow.pick.others'), options: [{ value: '', label: t('flow.pick.searchOthers'), disabled: true }] }
          : { label: t('flow.pick.others'), options: rest },
      ]
    : rest;
  const remember = (v: string | string[]) => {
    const all = [...first, ...rest];
    const ids = Array.isArray(v) ? v : v ? [v] : [];
    setKnown((k) => ({
      ...k,
      ...Object.fromEntries(ids.flatMap((x) => all.filter((o) => o.value === x).map((o) => [x, o.label]))),
    }));
    onChange?.(ids);
  };
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={placeholder ?? t('flow.pick.person')}
      allowClear={allowClear}
      value={multiple ? value : value?.[0]}
      onChange={remember}
      onBlur={() => setQ('')}
      loading={res.isLoading && !offering}
      style={{ width: '100%' }}
      options={groups}
      // Someone chosen keeps their name when a later search no longer lists them.
      labelRender={(p) => p.label ?? known[String(p.value)] ?? p.value}
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
export function UnitsPicker({
  value = [],
  onChange,
  ownUnitId,
  roles = true,
}: {
  value?: UnitChoice[];
  onChange?: (v: UnitChoice[]) => void;
  ownUnitId: string | null;
  roles?: boolean;
}) {
  const { t } = useI18n();
  const depts = useQuery({
    queryKey: ['departments', ownUnitId],
    queryFn: () => api.get<{ items: Department[] }>(`/org/units/${ownUnitId}/departments`),
    enabled: Boolean(ownUnitId),
  });
  const sections = (depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
  const isSection = new Set(sections.map((d) => d.value));
  const set = (i: number, patch: Partial<UnitChoice>) => onChange?.(value.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {value.map((v, i) => (
        <Space key={i} wrap style={{ width: '100%' }} data-testid="unit-row">
          {roles && (
            <Radio.Group
              value={v.role}
              onChange={(e) =>
                onChange?.(
                  value.map((x, j) => ({
                    ...x,
                    role: j === i ? (e.target.value as UnitChoice['role']) : e.target.value === 'lead' ? 'assisting' : x.role,
                  })),
                )
              }
              optionType="button"
              size="small"
              options={[
                { value: 'lead', label: t('flow.role.lead') },
                { value: 'assisting', label: t('flow.role.assisting') },
              ]}
            />
          )}
          <UnitSearchSelect
            aria-label={t(roles ? 'flow.pick.unit' : 'flow.pick.consultedUnit')}
            style={{ minWidth: 220, maxWidth: '100%', width: undefined }}
            value={v.unitId ? [v.unitId] : v.departmentId ? [v.departmentId] : []}
            exclude={ownUnitId ? [ownUnitId] : []}
            first={{ label: t('flow.pick.sections'), options: sections }}
            unitsLabel={t('flow.pick.units')}
            onChange={([x]) =>
              x && set(i, isSection.has(x) ? { departmentId: x, unitId: undefined } : { unitId: x, departmentId: undefined })
            }
          />
          <DatePicker
            aria-label={t('flow.dueDate')}
            // Enter confirms the typed date; it must not also submit the whole 分办 with the rows so far.
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            value={v.dueDate ? dayjs(v.dueDate) : null}
            onChange={(d) => set(i, { dueDate: d ? d.format('YYYY-MM-DD') : null })}
          />
          <Button
            aria-label={t('common.remove')}
            icon={<DeleteOutlined />}
            onClick={() => onChange?.(value.filter((_, j) => j !== i))}
          />
        </Space>
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() => onChange?.([...value, { role: !roles || value.some((v) => v.role === 'lead') ? 'assisting' : 'lead' }])}
      >
        {t(roles ? 'flow.pick.addUnit' : 'flow.pick.addConsulted')}
      </Button>
    </Space>
  );
}

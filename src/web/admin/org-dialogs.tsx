import { Checkbox, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { z } from 'zod';
import { api } from '../api/client';
import type { Department, Unit } from '../api/types';
import { useI18n } from '../i18n';
import {
  UNIT_CATEGORIES,
  UNIT_LEVELS,
  type createDepartmentBodySchema,
  type createPostBodySchema,
  type createUnitBodySchema,
} from '../../contract/org';
import { FormModal, type DialogProps } from './dialogs';
import { PersonSelect, UnitSelect, type PersonChoice } from './pickers';
import { keys, useAction, useDepartments } from './queries';

type UnitValues = Omit<z.input<typeof createUnitBodySchema>, 'parentId'> & { parentId?: string | null };

export function CreateUnitDialog({ dialog, parentId }: { dialog: DialogProps; parentId: string | null }) {
  const { t, te, tv } = useI18n();
  const create = useAction(
    (v: UnitValues) =>
      api.post<{ id: string }>('/org/units', { ...v, parentId: v.parentId ?? null, issuerCode: v.issuerCode || null }),
    {
      invalidate: [keys.units],
      success: (_, v) => t('admin.org.unitCreated', { name: v.name }),
      toastErrors: false,
    },
  );
  return (
    <FormModal
      {...dialog}
      title={t('admin.org.createUnit')}
      formName="unit"
      busy={create.isPending}
      error={create.error ? te(create.error) : null}
    >
      <Form<UnitValues>
        name="unit"
        layout="vertical"
        initialValues={{ parentId, level: UNIT_LEVELS[1], category: UNIT_CATEGORIES[4], sortOrder: 0 }}
        onFinish={(v) => create.mutate(v, { onSuccess: dialog.onClose })}
      >
        <Form.Item label={t('admin.org.parent')} name="parentId">
          <UnitSelect allowClear />
        </Form.Item>
        <Form.Item
          label={t('admin.org.unitName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item
          label={t('admin.org.shortName')}
          name="shortName"
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={t('admin.org.issuerCode')} name="issuerCode" tooltip={t('admin.org.issuerCodeHint')}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label={t('admin.org.level')} name="level">
          <Select options={UNIT_LEVELS.map((l) => ({ value: l, label: tv(l) }))} />
        </Form.Item>
        <Form.Item label={t('admin.org.category')} name="category">
          <Select options={UNIT_CATEGORIES.map((c) => ({ value: c, label: tv(c) }))} />
        </Form.Item>
        <Form.Item label={t('admin.org.sortOrder')} name="sortOrder">
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

type DepartmentValues = Omit<z.input<typeof createDepartmentBodySchema>, 'unitId'>;

export function CreateDepartmentDialog({ dialog, unit }: { dialog: DialogProps; unit: Unit }) {
  const { t, te } = useI18n();
  const create = useAction(
    (v: DepartmentValues) =>
      api.post<{ id: string }>('/org/departments', { ...v, unitId: unit.id, shortName: v.shortName || null }),
    {
      invalidate: [keys.departments(unit.id)],
      success: (_, v) => t('admin.org.departmentCreated', { name: v.name }),
      toastErrors: false,
    },
  );
  return (
    <FormModal
      {...dialog}
      title={t('admin.org.createDepartmentIn', { unit: unit.name })}
      formName="department"
      busy={create.isPending}
      error={create.error ? te(create.error) : null}
    >
      <Form<DepartmentValues>
        name="department"
        layout="vertical"
        initialValues={{ sortOrder: 0 }}
        onFinish={(v) => create.mutate(v, { onSuccess: dialog.onClose })}
      >
        <Form.Item
          label={t('admin.org.departmentName')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item label={t('admin.org.shortName')} name="shortName">
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={t('admin.org.sortOrder')} name="sortOrder">
          <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

type PostValues = Omit<z.input<typeof createPostBodySchema>, 'personId' | 'unitId'> & { person: PersonChoice };

/** 任职: puts a person into a post of this unit (a new person gets an account first, on the users page). */
export function AppointDialog({ dialog, unit }: { dialog: DialogProps; unit: Unit }) {
  const { t, te } = useI18n();
  const departments = useDepartments(unit.id);
  const appoint = useAction(
    ({ person, ...v }: PostValues) =>
      api.post<{ id: string }>('/org/posts', {
        ...v,
        isPrincipal: Boolean(v.isLeader && v.isPrincipal),
        personId: person.value,
        unitId: unit.id,
        departmentId: v.departmentId ?? null,
      }),
    {
      invalidate: [keys.people],
      success: (_, v) => t('admin.org.appointed', { name: v.person.label, title: v.title }),
      toastErrors: false,
    },
  );
  return (
    <FormModal
      {...dialog}
      title={t('admin.org.appointIn', { unit: unit.name })}
      formName="post"
      okText={t('admin.org.appoint')}
      busy={appoint.isPending}
      error={appoint.error ? te(appoint.error) : null}
    >
      <Form<PostValues>
        name="post"
        layout="vertical"
        initialValues={{ isLeader: false, isPrimary: true }}
        onFinish={(v) => appoint.mutate(v, { onSuccess: dialog.onClose })}
      >
        <Form.Item label={t('admin.org.person')} name="person" rules={[{ required: true, message: t('admin.required') }]}>
          <PersonSelect />
        </Form.Item>
        <Form.Item label={t('admin.org.department')} name="departmentId">
          <Select
            allowClear
            placeholder={t('admin.org.noDepartment')}
            loading={departments.isLoading}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          label={t('admin.org.postTitle')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('admin.org.isLeader')} name="isLeader" valuePropName="checked" tooltip={t('admin.org.isLeaderHint')}>
          <Switch />
        </Form.Item>
        <Form.Item
          label={t('admin.org.isPrimary')}
          name="isPrimary"
          valuePropName="checked"
          tooltip={t('admin.org.isPrimaryHint')}
        >
          <Switch />
        </Form.Item>
        {/* Only a leadership post can be the unit's principal (the server refuses it otherwise). */}
        <Form.Item noStyle dependencies={['isLeader']}>
          {({ getFieldValue }) =>
            getFieldValue('isLeader') ? (
              <Form.Item
                label={t('admin.org.isPrincipal')}
                name="isPrincipal"
                valuePropName="checked"
                tooltip={t('admin.org.isPrincipalHint')}
              >
                <Switch />
              </Form.Item>
            ) : null
          }
        </Form.Item>
      </Form>
    </FormModal>
  );
}

export interface LeaderPost {
  id: string;
  personName: string;
  title: string;
  unitId: string;
  inChargeOf: string[];
}

/** 分管: the sections of the unit a leader's post is in charge of; their work reaches the leader. */
export function InChargeDialog({ dialog, post }: { dialog: DialogProps; post: LeaderPost }) {
  const { t, te } = useI18n();
  const departments = useDepartments(post.unitId);
  const save = useAction((v: { departmentIds: string[] }) => api.put(`/org/posts/${post.id}/in-charge`, v), {
    invalidate: [keys.people],
    success: t('admin.org.inChargeSaved'),
    toastErrors: false,
  });
  const options = (departments.data ?? []).map((d: Department) => ({ value: d.id, label: d.name }));
  return (
    <FormModal
      {...dialog}
      title={t('admin.org.inChargeOf', { name: post.personName, title: post.title })}
      formName="inCharge"
      busy={save.isPending}
      error={save.error ? te(save.error) : null}
    >
      <Form<{ departmentIds: string[] }>
        name="inCharge"
        layout="vertical"
        initialValues={{ departmentIds: post.inChargeOf }}
        onFinish={(v) => save.mutate({ departmentIds: v.departmentIds ?? [] }, { onSuccess: dialog.onClose })}
      >
        <Form.Item label={t('admin.org.departments')} name="departmentIds">
          <Checkbox.Group
            options={options}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: 8 }}
          />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

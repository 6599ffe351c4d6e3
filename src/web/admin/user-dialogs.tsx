import { useState } from 'react';
import { App, Button, Col, Divider, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/client';
import type { Person } from '../api/types';
import { useI18n } from '../i18n';
import { createUserBodySchema } from '../../contract/org';
import { FormModal, type DialogProps } from './dialogs';
import { UnitSelect } from './pickers';
import { keys, useAction, useDepartments } from './queries';

const GENDERS = createUserBodySchema.shape.gender.unwrap().unwrap().options;
const PASSWORD_SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#@%&*+=?!'];

/** A temporary password that meets the rules (12 characters, all four classes), from the browser's CSPRNG. */
function temporaryPassword(): string {
  const pick = (s: string) => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const all = PASSWORD_SETS.join('');
  const chars = [...PASSWORD_SETS.map(pick), ...Array.from({ length: 8 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** The temporary password field, with a button that fills in a generated one (shown, to hand over). */
function TemporaryPasswordField({ formName }: { formName: string }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  return (
    <Form.Item
      label={t('admin.users.temporaryPassword')}
      htmlFor={`${formName}_temporaryPassword`}
      required
      extra={t('admin.users.passwordRules')}
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name="temporaryPassword"
          noStyle
          rules={[
            { required: true, message: t('admin.required') },
            { min: 8, message: t('password.tooShort') },
          ]}
        >
          <Input id={`${formName}_temporaryPassword`} autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Button onClick={() => form.setFieldValue('temporaryPassword', temporaryPassword())}>{t('admin.users.generate')}</Button>
      </Space.Compact>
    </Form.Item>
  );
}

interface UserValues {
  name: string;
  gender?: z.input<typeof createUserBodySchema>['gender'];
  username: string;
  temporaryPassword: string;
  unitId: string;
  departmentId?: string | null;
  title: string;
  isLeader: boolean;
}

/**
 * 新建用户: the person with an account and a temporary password, then the first post. The API takes the two
 * as separate calls; if the post fails after the account was made, submitting again only adds the post.
 */
export function CreateUserDialog({ dialog }: { dialog: DialogProps }) {
  const { t, te, tv } = useI18n();
  const [form] = Form.useForm<UserValues>();
  const unitId = Form.useWatch('unitId', form);
  const departments = useDepartments(unitId);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: async (v: UserValues) => {
      let personId = createdId;
      if (!personId) {
        personId = (
          await api.post<{ id: string }>('/admin/users', {
            name: v.name,
            gender: v.gender ?? null,
            username: v.username,
            temporaryPassword: v.temporaryPassword,
          })
        ).id;
        setCreatedId(personId);
      }
      try {
        await api.post('/org/posts', {
          personId,
          unitId: v.unitId,
          departmentId: v.departmentId ?? null,
          title: v.title,
          isLeader: v.isLeader,
          isPrimary: true,
        });
      } catch (e) {
        throw Object.assign(e as Error, { postOnly: true });
      }
    },
    onSuccess: async (_, v) => {
      await qc.invalidateQueries({ queryKey: keys.people });
      message.success(t('admin.users.created', { name: v.name, username: v.username.toLowerCase() }));
      dialog.onClose();
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.people }),
  });
  const error = create.error
    ? (create.error as { postOnly?: boolean }).postOnly
      ? t('admin.users.postFailed', { message: te(create.error) })
      : te(create.error)
    : null;

  return (
    <FormModal
      {...dialog}
      title={t('admin.users.create')}
      formName="user"
      okText={createdId ? t('admin.users.addPost') : t('admin.users.create')}
      busy={create.isPending}
      error={error}
    >
      <Form<UserValues>
        form={form}
        name="user"
        layout="vertical"
        initialValues={{ isLeader: false }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('admin.users.name')}
              name="name"
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input maxLength={30} autoFocus disabled={Boolean(createdId)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('admin.users.gender')} name="gender">
              <Radio.Group disabled={Boolean(createdId)} options={GENDERS.map((g) => ({ value: g, label: tv(g) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('admin.users.username')}
              name="username"
              tooltip={t('admin.users.usernameHint')}
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input maxLength={32} autoComplete="off" disabled={Boolean(createdId)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {!createdId && <TemporaryPasswordField formName="user" />}
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('admin.users.firstPost')}
        </Divider>
        <Form.Item label={t('admin.users.unit')} name="unitId" rules={[{ required: true, message: t('admin.required') }]}>
          <UnitSelect onChange={() => form.setFieldValue('departmentId', null)} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item label={t('admin.org.department')} name="departmentId">
              <Select
                allowClear
                placeholder={t('admin.org.noDepartment')}
                disabled={!unitId}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('admin.org.postTitle')}
              name="title"
              rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('admin.org.isLeader')} name="isLeader" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 重置密码: a temporary password; all the person's sessions end and the next sign-in must change it. */
export function ResetPasswordDialog({ dialog, person }: { dialog: DialogProps; person: Person }) {
  const { t, te } = useI18n();
  const reset = useAction((v: { temporaryPassword: string }) => api.post(`/admin/users/${person.id}/reset-password`, v), {
    invalidate: [keys.people],
    success: t('admin.users.passwordReset', { name: person.name }),
    toastErrors: false,
  });
  return (
    <FormModal
      {...dialog}
      title={t('admin.users.resetFor', { name: person.name })}
      formName="reset"
      okText={t('admin.users.reset')}
      busy={reset.isPending}
      error={reset.error ? te(reset.error) : null}
    >
      <Form<{ temporaryPassword: string }>
        name="reset"
        layout="vertical"
        onFinish={(v) => reset.mutate(v, { onSuccess: dialog.onClose })}
      >
        <Typography.Paragraph>{t('admin.users.resetHint')}</Typography.Paragraph>
        <TemporaryPasswordField formName="reset" />
      </Form>
    </FormModal>
  );
}

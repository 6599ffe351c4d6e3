import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../api/client';
import type { Person, RoleGrant } from '../api/types';
import { useMe } from '../auth';
import { useI18n, type MessageKey } from '../i18n';
import { CLASSIFICATIONS, type Classification } from '../../contract/common';
import { FormModal, useDialogs, type DialogProps } from './dialogs';
import { CursorPager, ResponsiveList, useCursorPager } from './lists';
import { PersonSelect, UnitSelect, type PersonChoice } from './pickers';
import { keys, useAction, usePeople, usePeopleDirectory, useUnits } from './queries';
import { DelegationApprovals } from './DelegationApprovals';
import { ApiTokens } from './ApiTokens';

const PAGE = 20;
const GRANTABLE = ['registrar', 'supervisor'] as const;
const roleLabel = (role: string) => `admin.role.${role}` as MessageKey;

/** 涉密等级 of one person, changed in place; levels above what the deployment is certified for are not offered. */
function ClearanceSelect({ p }: { p: Person }) {
  const { t, tv } = useI18n();
  const me = useMe();
  // The server shows clearances to the security administrator only, the one person on this page.
  const [value, setValue] = useState<Classification | null>(p.clearance);
  useEffect(() => setValue(p.clearance), [p.clearance]);
  const ceiling = CLASSIFICATIONS.indexOf(me.classificationCeiling);
  const set = useAction((clearance: Classification) => api.put(`/admin/people/${p.id}/clearance`, { clearance }), {
    invalidate: [keys.people],
    success: (_, c) => t('admin.security.clearanceSet', { name: p.name, level: tv(c) }),
  });
  return (
    <Select<Classification>
      aria-label={t('admin.security.clearanceOf', { name: p.name })}
      data-testid="clearance-select"
      value={value ?? undefined}
      loading={set.isPending}
      style={{ width: 110 }}
      onChange={(c) => {
        setValue(c);
        set.mutate(c, { onError: () => setValue(p.clearance) });
      }}
      options={CLASSIFICATIONS.map((c, i) => ({ value: c, label: tv(c), disabled: i > ceiling }))}
    />
  );
}

/** 结束全部登录: a lost phone, a departure — the person must sign in again everywhere. */
function EndSessions({ p }: { p: Person }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const end = useAction(() => api.post<{ ended: number }>(`/admin/people/${p.id}/sessions/end`), {
    invalidate: [],
    success: (r) => t('admin.security.sessionsEnded', { name: p.name, n: r.ended }),
  });
  return (
    <Button
      size="small"
      data-testid="end-sessions"
      onClick={() =>
        modal.confirm({
          title: t('admin.security.endSessionsConfirm', { name: p.name }),
          okText: t('admin.security.endSessions'),
          cancelText: t('common.cancel'),
          onOk: () => end.mutateAsync(undefined),
        })
      }
    >
      {t('admin.security.endSessions')}
    </Button>
  );
}

function Clearances() {
  const { t, tv } = useI18n();
  const me = useMe();
  const [q, setQ] = useState('');
  const pager = useCursorPager();
  const people = usePeople({ q, cursor: pager.cursor, limit: PAGE });
  const posts = (p: Person) => p.posts.map((x) => `${x.unitName} · ${x.title}`).join(t('common.semi'));
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('admin.users.search')}
          placeholder={t('admin.users.search')}
          allowClear
          onSearch={(v) => (setQ(v.trim()), pager.reset())}
          style={{ maxWidth: 320 }}
        />
        <Typography.Text type="secondary">{t('admin.security.ceiling', { level: tv(me.classificationCeiling) })}</Typography.Text>
      </Space>
      <ResponsiveList<Person>
        rows={people.data?.items ?? []}
        rowKey={(p) => p.id}
        loading={people.isLoading}
        empty={t('admin.users.none')}
        testId="clearance-row"
        columns={[
          {
            title: t('admin.users.name'),
            dataIndex: 'name',
            width: 110,
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { title: t('admin.users.username'), dataIndex: 'username', width: 140, render: (v: string | null) => v ?? '' },
          { title: t('admin.users.posts'), key: 'posts', render: (_, p) => posts(p) },
          { title: t('admin.security.clearance'), key: 'clearance', width: 140, render: (_, p) => <ClearanceSelect p={p} /> },
          {
            title: t('admin.actions'),
            key: 'sessions',
            width: 130,
            render: (_, p) => (p.username && p.posts.length ? <EndSessions p={p} /> : null),
          },
        ]}
        card={(p) => ({
          title: p.name,
          body: (
            <>
              {p.posts.length > 0 && <Typography.Text type="secondary">{posts(p)}</Typography.Text>}
              <Space>
                <Typography.Text>{t('admin.security.clearance')}</Typography.Text>
                <ClearanceSelect p={p} />
              </Space>
              {p.username && p.posts.length > 0 && <EndSessions p={p} />}
            </>
          ),
        })}
      />
      <CursorPager pager={pager} nextCursor={people.data?.nextCursor} />
    </>
  );
}

interface GrantValues {
  person: PersonChoice;
  role: (typeof GRANTABLE)[number];
  unitId: string;
  includeSubordinates: boolean;
}

function GrantRoleDialog({ dialog, person }: { dialog: DialogProps; person: PersonChoice | null }) {
  const { t, te } = useI18n();
  const grant = useAction(
    ({ person: p, ...v }: GrantValues) => api.post<{ id: string }>('/admin/role-grants', { ...v, personId: p.value }),
    {
      invalidate: [keys.roleGrants],
      success: (_, v) => t('admin.security.granted', { name: v.person.label, role: t(roleLabel(v.role)) }),
      toastErrors: false,
    },
  );
  return (
    <FormModal
      {...dialog}
      title={t('admin.security.grant')}
      formName="grant"
      okText={t('admin.security.grant')}
      busy={grant.isPending}
      error={grant.error ? te(grant.error) : null}
    >
      <Form<GrantValues>
        name="grant"
        layout="vertical"
        initialValues={{ person: person ?? undefined, role: 'registrar', includeSubordinates: false }}
        onFinish={(v) => grant.mutate(v, { onSuccess: dialog.onClose })}
      >
        <Form.Item label={t('admin.security.person')} name="person" rules={[{ required: true, message: t('admin.required') }]}>
          <PersonSelect withPosts />
        </Form.Item>
        <Form.Item label={t('admin.security.role')} name="role">
          <Radio.Group options={GRANTABLE.map((r) => ({ value: r, label: t(roleLabel(r)) }))} />
        </Form.Item>
        <Form.Item label={t('admin.security.unit')} name="unitId" rules={[{ required: true, message: t('admin.required') }]}>
          <UnitSelect />
        </Form.Item>
        <Form.Item
          label={t('admin.security.includeSubordinates')}
          name="includeSubordinates"
          valuePropName="checked"
          tooltip={t('admin.security.includeSubordinatesHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function RoleGrants() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [person, setPerson] = useState<PersonChoice | null>(null);
  const grants = useQuery({
    queryKey: [...keys.roleGrants, person?.value],
    queryFn: () => api.get<{ items: RoleGrant[] }>(`/admin/role-grants${qs({ personId: person?.value })}`),
    select: (d) => d.items,
  });
  const directory = usePeopleDirectory();
  const units = useUnits();
  const dialogs = useDialogs<'grant'>();
  const revoke = useAction((g: RoleGrant) => api.delete(`/admin/role-grants/${g.id}`), {
    invalidate: [keys.roleGrants],
    success: t('admin.security.revoked'),
  });
  const name = (id: string) => directory.data?.get(id)?.name ?? id;
  const unitName = (id: string | null) => (id ? (units.data?.find((u) => u.id === id)?.name ?? id) : '');
  const isAdminRole = (g: RoleGrant) => !(GRANTABLE as readonly string[]).includes(g.role);
  const scope = (g: RoleGrant) => (
    <Space size={4} wrap>
      {unitName(g.unitId)}
      {g.includeSubordinates && <Tag>{t('admin.security.withSubordinates')}</Tag>}
    </Space>
  );
  const action = (g: RoleGrant) =>
    isAdminRole(g) ? (
      <Typography.Text type="secondary">{t('admin.security.adminRoleFixed')}</Typography.Text>
    ) : (
      <Button
        size="small"
        danger
        onClick={() =>
          modal.confirm({
            title: t('admin.security.revokeConfirm', { name: name(g.personId), role: t(roleLabel(g.role)) }),
            okText: t('admin.security.revoke'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => revoke.mutateAsync(g),
          })
        }
      >
        {t('admin.security.revoke')}
      </Button>
    );

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <div style={{ minWidth: 240, maxWidth: 360 }}>
          <PersonSelect allowClear value={person} onChange={setPerson} aria-label={t('admin.security.filterPerson')} />
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialogs.show('grant')}>
          {t('admin.security.grant')}
        </Button>
      </Space>
      <ResponsiveList<RoleGrant>
        rows={grants.data ?? []}
        rowKey={(g) => g.id}
        loading={grants.isLoading}
        empty={t('admin.security.noGrants')}
        testId="grant-row"
        columns={[
          { title: t('admin.security.person'), key: 'person', width: 120, render: (_, g) => name(g.personId) },
          { title: t('admin.security.role'), key: 'role', width: 150, render: (_, g) => t(roleLabel(g.role)) },
          { title: t('admin.security.scope'), key: 'scope', render: (_, g) => scope(g) },
          { title: t('admin.actions'), key: 'actions', width: 110, render: (_, g) => action(g) },
        ]}
        card={(g) => ({
          title: `${name(g.personId)} · ${t(roleLabel(g.role))}`,
          body: (
            <>
              {scope(g)}
              {action(g)}
            </>
          ),
        })}
      />
      {dialogs.current && <GrantRoleDialog dialog={dialogs.props} person={person} />}
    </>
  );
}

/** 角色与密级: the security administrator's work — clearances, business roles, delegations across units, API tokens. */
export function SecurityPage() {
  const { t } = useI18n();
  return (
    <Card title={t('nav.security')}>
      <Tabs
        items={[
          { key: 'clearances', label: t('admin.security.clearances'), children: <Clearances /> },
          { key: 'roles', label: t('admin.security.roles'), children: <RoleGrants /> },
          { key: 'delegations', label: t('admin.delegations.approvals'), children: <DelegationApprovals /> },
          { key: 'tokens', label: t('tokens.adminTab'), children: <ApiTokens /> },
        ]}
      />
    </Card>
  );
}

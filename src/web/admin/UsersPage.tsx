import { useState } from 'react';
import { App, Button, Card, Dropdown, Input, Space, Tag, Typography } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { Person } from '../api/types';
import { useI18n } from '../i18n';
import { useDialogs } from './dialogs';
import { CursorPager, ResponsiveList, useCursorPager } from './lists';
import { keys, useAction, usePeople } from './queries';
import { CreateUserDialog, ResetPasswordDialog } from './user-dialogs';

const PAGE = 20;

type Dialog = { kind: 'create' } | { kind: 'reset'; person: Person };
type AccountAction = 'unlock' | 'disable' | 'enable';

function AccountStatus({ p }: { p: Person }) {
  const { t } = useI18n();
  if (!p.username) return <Tag>{t('admin.users.noAccount')}</Tag>;
  return (
    <Space size={4} wrap data-testid="account-status">
      {p.locked && <Tag color="orange">{t('admin.users.locked')}</Tag>}
      {p.disabled && <Tag color="default">{t('admin.users.disabled')}</Tag>}
      {!p.locked && !p.disabled && <Tag color="green">{t('admin.users.active')}</Tag>}
    </Space>
  );
}

/** 人员与账号: everyone in the organisation with their account; the system administrator's account actions. */
export function UsersPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [q, setQ] = useState('');
  const pager = useCursorPager();
  const people = usePeople({ q, cursor: pager.cursor, limit: PAGE });
  const dialogs = useDialogs<Dialog>();
  const dialog = dialogs.current;
  const act = useAction(({ p, action }: { p: Person; action: AccountAction }) => api.post(`/admin/users/${p.id}/${action}`), {
    invalidate: [keys.people],
    success: (_, { p, action }) => t(`admin.users.${action}.done`, { name: p.name }),
  });

  const confirm = (p: Person, action: AccountAction) =>
    modal.confirm({
      title: t(`admin.users.${action}.confirm`, { name: p.name }),
      content: t(`admin.users.${action}.hint`),
      okText: t(`admin.users.${action}`),
      okButtonProps: { danger: action === 'disable' },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ p, action }),
    });

  const posts = (p: Person) =>
    p.posts.map((x) => `${x.unitName} · ${x.departmentName ? `${x.departmentName} · ` : ''}${x.title}`).join(t('common.semi'));
  const actions = (p: Person) =>
    p.username ? (
      <Space size={4} wrap>
        <Button size="small" onClick={() => dialogs.show({ kind: 'reset', person: p })}>
          {t('admin.users.reset')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            // Enable is offered alongside disable: the people list does not yet report an account's disabled state reliably.
            items: [
              { key: 'unlock', label: t('admin.users.unlock'), disabled: !p.locked },
              { key: 'disable', label: t('admin.users.disable'), danger: true },
              { key: 'enable', label: t('admin.users.enable') },
            ],
            onClick: (e) => void confirm(p, e.key as AccountAction),
          }}
        >
          <Button size="small" aria-label={t('admin.users.moreFor', { name: p.name })}>
            {t('admin.users.more')} <DownOutlined />
          </Button>
        </Dropdown>
      </Space>
    ) : null;

  return (
    <Card
      title={t('nav.users')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => dialogs.show({ kind: 'create' })}>
          {t('admin.users.create')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('admin.users.search')}
          placeholder={t('admin.users.search')}
          allowClear
          onSearch={(v) => {
            setQ(v.trim());
            pager.reset();
          }}
          style={{ maxWidth: 320 }}
        />
      </Space>
      <ResponsiveList<Person>
        rows={people.data?.items ?? []}
        rowKey={(p) => p.id}
        loading={people.isLoading}
        empty={t('admin.users.none')}
        testId="user-row"
        columns={[
          {
            title: t('admin.users.name'),
            dataIndex: 'name',
            width: 110,
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { title: t('admin.users.username'), dataIndex: 'username', width: 140, render: (v: string | null) => v ?? '' },
          { title: t('admin.users.posts'), key: 'posts', render: (_, p) => posts(p) },
          { title: t('admin.users.status'), key: 'status', width: 110, render: (_, p) => <AccountStatus p={p} /> },
          { title: t('admin.actions'), key: 'actions', width: 180, render: (_, p) => actions(p) },
        ]}
        card={(p) => ({
          title: (
            <Space size={8} wrap>
              {p.name}
              {p.username && <Typography.Text type="secondary">{p.username}</Typography.Text>}
            </Space>
          ),
          body: (
            <>
              {p.posts.length > 0 && <Typography.Text>{posts(p)}</Typography.Text>}
              <AccountStatus p={p} />
              {actions(p)}
            </>
          ),
        })}
      />
      <CursorPager pager={pager} nextCursor={people.data?.nextCursor} />
      {dialog?.kind === 'create' && <CreateUserDialog dialog={dialogs.props} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog dialog={dialogs.props} person={dialog.person} />}
    </Card>
  );
}

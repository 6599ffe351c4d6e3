import { useState, type ReactNode } from 'react';
import { Breadcrumb, Button, Drawer, Dropdown, Grid, Input, Layout, Menu, Select, Space, Typography } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../auth';
import { useI18n, type MessageKey } from '../i18n';
import { navFor } from '../nav';
import { api, setCsrfToken } from '../api/client';
import type { Me } from '../api/types';
import { NotificationBell } from './NotificationBell';

const { Header, Sider, Content } = Layout;

/** Pages outside the navigation, reached from the header: their breadcrumb titles. */
const OWN_PAGES: Record<string, MessageKey> = {
  '/search': 'search.title',
  '/password': 'header.changePassword',
  '/tokens': 'tokens.title',
  '/sessions': 'sessions.title',
};

function NavMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const entries = navFor(me);
  const groups = new Map<string, typeof entries>();
  for (const e of entries) {
    const g = e.group ?? '';
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  const items = [...groups.entries()].flatMap(([g, list]) => {
    const children = list.map((e) => ({ key: e.path, label: t(e.label) }));
    return g ? [{ type: 'group' as const, key: g, label: t(g as never), children }] : children;
  });
  return (
    <Menu
      mode="inline"
      aria-label={t('nav.label')}
      selectedKeys={[location.pathname]}
      items={items}
      onClick={(e) => {
        void navigate(e.key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );
}

/** The header's capacity switch: the post this person acts in; switching reloads everything they see. */
function CapacitySwitch({ me }: { me: Me }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const current = me.posts.find((p) => p.id === me.currentPostId);
  if (me.posts.length <= 1) {
    return current ? (
      <Typography.Text
        className="zs-hide-mobile"
        type="secondary"
        data-testid="capacity"
      >{`${current.unitName} · ${current.title}`}</Typography.Text>
    ) : null;
  }
  return (
    <Select
      data-testid="capacity"
      aria-label={t('header.capacity')}
      value={me.currentPostId ?? undefined}
      style={{ maxWidth: 260 }}
      popupMatchSelectWidth={false}
      options={me.posts.map((p) => ({ value: p.id, label: `${p.unitName} · ${p.title}` }))}
      onChange={async (postId: string) => {
        await api.put('/me/capacity', { postId });
        await qc.invalidateQueries();
      }}
    />
  );
}

function UserMenu({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const qc = useQueryClient();
  // Signing out ends here whatever the server answers: the session is dropped on this side either way.
  const signOut = async () => {
    await api.post('/auth/sign-out').catch(() => undefined);
    setCsrfToken(null);
    qc.clear();
    void navigate('/login', { replace: true });
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'lang', label: t('lang.other') },
          { key: 'password', label: t('header.changePassword') },
          { key: 'sessions', label: t('sessions.menu') },
          ...(me.adminRole === null ? [{ key: 'tokens', label: t('tokens.menu') }] : []),
          { type: 'divider' },
          { key: 'signOut', label: t('header.signOut'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'lang') setLang(lang === 'zh-CN' ? 'en' : 'zh-CN');
          if (key === 'password') void navigate('/password');
          if (key === 'tokens') void navigate('/tokens');
          if (key === 'sessions') void navigate('/sessions');
          if (key === 'signOut') void signOut();
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} aria-label={t('header.userMenu')} data-testid="user-menu">
        <span className="zs-hide-mobile">{me.name}</span>
      </Button>
    </Dropdown>
  );
}

export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  // The deepest navigation entry the page is under: /incoming/… belongs to 收文.
  const entry = navFor(me)
    .filter((n) => location.pathname === n.path || (n.path !== '/' && location.pathname.startsWith(`${n.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const isBusiness = me.adminRole === null;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="zs-header">
        {mobile && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.open')} onClick={() => setDrawer(true)} />}
        <span className="zs-brand">{t('app.name')}</span>
        <div className="zs-grow">
          {isBusiness && !mobile && (
            <Input.Search
              aria-label={t('header.search')}
              placeholder={t('header.searchPlaceholder')}
              allowClear
              style={{ maxWidth: 320 }}
              onSearch={(q) => q.trim() && navigate(`/search?q=${encodeURIComponent(q.trim())}`)}
            />
          )}
        </div>
        <Space size={4}>
          {/* On a phone the capacity switch lives in the drawer: in the header it pushed the bell and the user menu off screen. */}
          {isBusiness && !mobile && <CapacitySwitch me={me} />}
          {isBusiness && <NotificationBell />}
          <UserMenu me={me} />
        </Space>
      </Header>
      <Layout>
        {!mobile && (
          <Sider width={200} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <NavMenu me={me} />
          </Sider>
        )}
        {mobile && (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={240} title={t('app.name')}>
            {isBusiness && me.posts.length > 1 && (
              <div style={{ marginBottom: 12 }}>
                <CapacitySwitch me={me} />
              </div>
            )}
            {isBusiness && (
              <Input.Search
                aria-label={t('header.search')}
                placeholder={t('header.searchPlaceholder')}
                style={{ marginBottom: 12 }}
                onSearch={(q) => {
                  if (!q.trim()) return;
                  setDrawer(false);
                  void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
                }}
              />
            )}
            <NavMenu me={me} onNavigate={() => setDrawer(false)} />
          </Drawer>
        )}
        <Content className="zs-content">
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={[
              { title: t('app.name') },
              ...(entry?.group ? [{ title: t(entry.group) }] : []),
              { title: entry ? t(entry.label) : t(OWN_PAGES[location.pathname] ?? 'nav.workbench') },
            ]}
          />
          <main>{children}</main>
        </Content>
      </Layout>
    </Layout>
  );
}

import { matchPath, Navigate, Route, Routes, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useSession } from './auth';
import { homeOf, navFor } from './nav';
import { AppLayout } from './components/AppLayout';
import { SignInPage } from './pages/SignInPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { TokensPage } from './pages/TokensPage';
import { WorkbenchPage } from './pages/WorkbenchPage';
import { SearchPage } from './pages/SearchPage';
import { SessionsPage } from './pages/SessionsPage';
import { NotFoundPage, ForbiddenPage } from './pages/StatusPages';
import { OrgPage } from './admin/OrgPage';
import { UsersPage } from './admin/UsersPage';
import { SecurityPage } from './admin/SecurityPage';
import { CalendarPage } from './admin/CalendarPage';
import { AuditPage } from './admin/AuditPage';
import { DelegationsPage } from './admin/DelegationsPage';
import type { ReactNode } from 'react';
import { WEB_MODULES } from './modules';

/** A page only for the people whose navigation offers it; the server refuses the rest anyway. */
function Allowed({ path, children }: { path: string; children: ReactNode }) {
  const { me } = useSession();
  if (!me) return null;
  return navFor(me).some((n) => n.path === path) ? <>{children}</> : <ForbiddenPage />;
}

function Home() {
  const { me } = useSession();
  if (!me) return null;
  const home = homeOf(me);
  return home === '/' ? <WorkbenchPage /> : <Navigate to={home} replace />;
}

export function AppRoutes() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (location.pathname === '/login') return <SignInPage />;
  if (!me) return <Spin fullscreen />;
  if (me.mustChangePassword) return <ChangePasswordPage forced />;
  // A page to print (the 处理单) renders on its own, without the application around it.
  const pages = WEB_MODULES.flatMap((m) => m.pages.map((p) => ({ ...p, allowedBy: p.allowedBy ?? `/${m.key}` })));
  const bare = pages.filter((p) => p.bare);
  if (bare.some((p) => matchPath(p.path, location.pathname))) {
    return (
      <Routes>
        {bare.map((p) => (
          <Route key={p.path} path={p.path} element={p.element} />
        ))}
      </Routes>
    );
  }
  return (
    <AppLayout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/password" element={<ChangePasswordPage />} />
        {/* Administrators have no tokens: their powers are used signed in, never by a stored secret. */}
        <Route path="/sessions" element={<SessionsPage />} />
        <Route path="/tokens" element={me.adminRole ? <ForbiddenPage /> : <TokensPage />} />
        {pages
          .filter((p) => !p.bare)
          .map((p) => (
            <Route key={p.path} path={p.path} element={<Allowed path={p.allowedBy}>{p.element}</Allowed>} />
          ))}
        <Route
          path="/delegations"
          element={
            <Allowed path="/delegations">
              <DelegationsPage />
            </Allowed>
          }
        />
        <Route
          path="/admin/org"
          element={
            <Allowed path="/admin/org">
              <OrgPage />
            </Allowed>
          }
        />
        <Route
          path="/admin/users"
          element={
            <Allowed path="/admin/users">
              <UsersPage />
            </Allowed>
          }
        />
        <Route
          path="/admin/delegations"
          element={
            <Allowed path="/admin/delegations">
              <DelegationsPage admin />
            </Allowed>
          }
        />
        <Route
          path="/admin/calendar"
          element={
            <Allowed path="/admin/calendar">
              <CalendarPage />
            </Allowed>
          }
        />
        <Route
          path="/admin/security"
          element={
            <Allowed path="/admin/security">
              <SecurityPage />
            </Allowed>
          }
        />
        <Route
          path="/admin/audit"
          element={
            <Allowed path="/admin/audit">
              <AuditPage />
            </Allowed>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}

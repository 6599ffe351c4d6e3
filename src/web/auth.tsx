import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, onSessionExpired, setCsrfToken } from './api/client';
import type { Me } from './api/types';

interface Session {
  me: Me | null;
  loading: boolean;
  refresh(): Promise<void>;
}

const Ctx = createContext<Session | null>(null);
export const ME_KEY = ['me'] as const;

/** Who is signed in, from GET /me; a 401 anywhere sends the user to sign-in and back to where they were. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const q = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        const me = await api.get<Me>('/me', { quiet401: true });
        if (me.csrfToken) setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });

  useEffect(
    () =>
      onSessionExpired(() => {
        // Navigate before clearing the session, so the signed-out effect below finds us on /login already
        // and does not replace the expiry notice with a plain sign-in.
        const here = window.location.pathname + window.location.search;
        if (!here.startsWith('/login')) void navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
        setCsrfToken(null);
        qc.setQueryData(ME_KEY, null);
      }),
    [qc, navigate],
  );

  const me = q.data ?? null;
  // Signed out (or never signed in) on a page that needs a session: go to sign-in, remembering the page.
  useEffect(() => {
    if (q.isLoading || me) return;
    const here = location.pathname + location.search;
    // The router's location can lag a navigation made in the same tick; the browser's cannot.
    if (!location.pathname.startsWith('/login') && !window.location.pathname.startsWith('/login'))
      void navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
  }, [q.isLoading, me, location, navigate]);

  const value: Session = {
    me,
    loading: q.isLoading,
    refresh: async () => {
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The current person, for pages that render only when signed in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
